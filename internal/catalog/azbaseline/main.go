// Command azbaseline generates the Azure part of onus's built-in catalog,
// internal/catalog/data/azure.yaml, from Microsoft's cloud security benchmark
// service baselines (the xlsx files of MicrosoftDocs/SecurityBenchmarks,
// "Azure Offer Security Baselines/3.0", CC BY 4.0).
//
// Run it from the repository root:
//
//	go run ./internal/catalog/azbaseline -in ../shared/data/azure-security-baselines -out internal/catalog/data/azure.yaml
//
// Each baseline gives a service its host / OS rule, its network, data,
// monitoring and identity rules, and its tools; the tables in table.go give
// what the baselines do not: onus IDs, delivery models, resource types, and
// the services no baseline covers. The output is committed; a test checks
// that it is what the generator makes.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/strictyaml"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "azbaseline:", err)
		os.Exit(1)
	}
}

// run parses the flags and writes the catalog file.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("azbaseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "../shared/data/azure-security-baselines", "folder of baseline `xlsx` files")
	models := fs.String("models", "internal/catalog/data/00-models.yaml", "the catalog `file` with the delivery-model defaults")
	out := fs.String("out", "", "`file` to write; standard output when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return onus.Errorf(onus.EInvalid, "unexpected arguments %q", fs.Args())
	}
	services, err := generate(*in, *models)
	if err != nil {
		return err
	}
	data := emit(services)
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// maxModelsSize bounds the delivery-model file, which is a few kilobytes.
const maxModelsSize = 1 << 20

// generate reads the baselines in dir and the delivery-model defaults in
// modelsFile, and returns the services of the catalog file.
func generate(dir, modelsFile string) ([]*onus.Service, error) {
	models, err := readModels(modelsFile)
	if err != nil {
		return nil, err
	}
	baselines, err := readBaselines(dir)
	if err != nil {
		return nil, err
	}
	return buildServices(entries, baselines, models)
}

// readModels reads the delivery-model defaults every service refines.
func readModels(file string) (map[onus.DeliveryModel]*onus.ModelSplit, error) {
	docs, err := strictyaml.ReadFile(file, maxModelsSize)
	if err != nil {
		return nil, err
	}
	models := map[onus.DeliveryModel]*onus.ModelSplit{}
	for _, doc := range docs {
		d := &strictyaml.Decoder{File: doc.File}
		var f catalog.File
		d.Decode(doc.Root, "", &f)
		if len(d.Errs) > 0 {
			return nil, d.Errs.Err()
		}
		for _, m := range f.Models {
			models[m.Model] = m
		}
	}
	for _, m := range onus.DeliveryModels() {
		if models[m] == nil {
			return nil, onus.ErrorAt(onus.Location{File: file}, onus.EInvalid, "no defaults for delivery model %q", m)
		}
	}
	return models, nil
}

// maxBaselines bounds how many workbooks the generator reads; Microsoft
// publishes about 120.
const maxBaselines = 1000

// readBaselines reads every baseline workbook in dir, by file name without
// baselineSuffix.
func readBaselines(dir string) (map[string]*baseline, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, &onus.Error{Code: onus.ENotFound, Message: "cannot read the baselines folder", Loc: onus.Location{File: dir}, Err: err}
	}
	out := map[string]*baseline{}
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, ".xlsx") {
			continue
		}
		if !strings.HasSuffix(name, baselineSuffix) {
			return nil, onus.ErrorAt(onus.Location{File: filepath.Join(dir, name)}, onus.EInvalid, "a baseline's file name should end in %q", baselineSuffix)
		}
		if len(out) >= maxBaselines {
			return nil, onus.ErrorAt(onus.Location{File: dir}, onus.ETooLarge, "more than %d baselines", maxBaselines)
		}
		path := filepath.Join(dir, name)
		data, err := strictyaml.ReadLimited(path, maxWorkbookSize)
		if err != nil {
			return nil, err
		}
		wb, err := readWorkbook(path, data)
		if err != nil {
			return nil, err
		}
		b, err := parseBaseline(wb)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(name, baselineSuffix)] = b
	}
	return out, nil
}

// buildServices makes the catalog's services from the table and the
// baselines, sorted by ID. Every baseline must have an entry and every
// entry's baseline must exist, so that a new or renamed baseline is noticed.
func buildServices(table []*entry, baselines map[string]*baseline, models map[onus.DeliveryModel]*onus.ModelSplit) ([]*onus.Service, error) {
	var errs onus.ErrorList
	fail := func(format string, args ...any) { errs = append(errs, onus.Errorf(onus.EInvalid, format, args...)) }
	covered := map[string]bool{}
	var services []*onus.Service
	for _, e := range table {
		var b *baseline
		if e.file != "" {
			covered[e.file] = true
			if b = baselines[e.file]; b == nil {
				fail("the table names baseline %q, which is not in the folder", e.file)
				continue
			}
		}
		if e.skip != "" {
			continue
		}
		for _, other := range e.also {
			covered[other] = true
			ob := baselines[other]
			if ob == nil {
				fail("%s: baseline %q is not in the folder", e.id, other)
				continue
			}
			if diff := sameFacts(b, ob); diff != "" {
				fail("%s: baselines %q and %q disagree (%s); give them an entry each", e.id, e.file, other, diff)
			}
		}
		if b == nil && e.source == nil {
			fail("%s: an entry without a baseline needs a source", e.id)
			continue
		}
		s, err := buildService(e, b, models)
		if err != nil {
			fail("%v", err)
			continue
		}
		services = append(services, s)
	}
	var missing []string
	for name := range baselines {
		if !covered[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		fail("baseline %q has no entry in the table", name)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(services, func(i, j int) bool { return services[i].ID < services[j].ID })
	return services, nil
}
