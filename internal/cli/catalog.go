package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/strictyaml"
)

func runCatalog(ctx context.Context, env Env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "list":
		return catalogList(env, args)
	case "show":
		return catalogShow(env, args)
	case "layers":
		return catalogLayers(env, args)
	case "models":
		return catalogModels(env, args)
	case "coverage":
		return catalogCoverage(ctx, env, args)
	}
	fmt.Fprintf(env.Stderr, "Usage: onus catalog list|show SERVICE|layers|models|coverage FILE...\n")
	if sub == "" {
		return onus.Errorf(onus.EInvalid, "name a catalog command")
	}
	return onus.Errorf(onus.EInvalid, "unknown catalog command %q%s", sub, onus.DidYouMean(sub, []string{"list", "show", "layers", "models", "coverage"}))
}

// catalogFlags loads the catalog, extended by the organisation's catalog
// files when --model names a model.
type catalogFlags struct{ files listFlag }

func (c *catalogFlags) register(fs *flag.FlagSet) {
	fs.Var(&c.files, "extend", "a catalog `FILE` of the organisation's that extends the built-in catalog (repeatable)")
}

func (c *catalogFlags) load() (*onus.Catalog, error) {
	base, err := catalog.Builtin()
	if err != nil || len(c.files) == 0 {
		return base, err
	}
	var docs []strictyaml.Document
	for _, f := range c.files {
		ds, err := strictyaml.ReadFile(f, catalog.MaxFileSize)
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return catalog.Extend(base, docs)
}

func catalogList(env Env, args []string) error {
	fs := newFlagSet(env, "catalog list", "[flags]", "Lists the catalog's services.")
	var cf catalogFlags
	cf.register(fs)
	provider := fs.String("provider", "", "only services of this `PROVIDER` (aws, azure, gcp, microsoft-365, …)")
	modelName := fs.String("model", "", "only services delivered under this `MODEL` (iaas, paas, …)")
	asJSON := fs.Bool("json", false, "write JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cat, err := cf.load()
	if err != nil {
		return err
	}
	var services []*onus.Service
	for _, s := range cat.SortedServices() {
		if (*provider == "" || s.Provider == *provider) && (*modelName == "" || string(s.Model) == *modelName) {
			services = append(services, s)
		}
	}
	if *asJSON {
		type entry struct {
			ID, Name, Provider, Model, Category string
			Source                              onus.Source
		}
		out := make([]entry, len(services))
		for i, s := range services {
			out[i] = entry{s.ID, s.Name, s.Provider, string(s.Model), s.Category, s.Source}
		}
		return writeJSONValue(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SERVICE\tNAME\tMODEL\tPROVIDER\tCATEGORY\n")
	for _, s := range services {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, s.Name, s.Model, s.Provider, s.Category)
	}
	fmt.Fprintf(tw, "\n%d services · %s\n", len(services), catalog.Describe(cat))
	return tw.Flush()
}

func catalogShow(env Env, args []string) error {
	fs := newFlagSet(env, "catalog show", "[flags] SERVICE", "Shows how a service's layers split, with split statements, tools and sources.")
	var cf catalogFlags
	cf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return onus.Errorf(onus.EInvalid, "usage: onus catalog show SERVICE")
	}
	cat, err := cf.load()
	if err != nil {
		return err
	}
	s := cat.Service(pos[0])
	if s == nil {
		return onus.Errorf(onus.ENotFound, "no service %q in the catalog%s (see onus catalog list)", pos[0], onus.DidYouMean(pos[0], slices.Sorted(maps.Keys(cat.Services))))
	}
	w := bufio.NewWriter(env.Stdout)
	provider := s.Provider
	if p := cat.Providers[s.Provider]; p != nil {
		provider = p.Name
	}
	fmt.Fprintf(w, "%s: %s\nprovider: %s\ndelivery model: %s\n", s.ID, s.Name, provider, s.Model.Name())
	if s.Category != "" {
		fmt.Fprintf(w, "category: %s\n", s.Category)
	}
	if s.Description != "" {
		fmt.Fprintf(w, "%s\n", s.Description)
	}
	fmt.Fprintf(w, "source: %s", s.Source.Title)
	if s.Source.URL != "" {
		fmt.Fprintf(w, " <%s>", s.Source.URL)
	}
	fmt.Fprintf(w, ", %s", s.Source.Date)
	if s.Source.License != "" {
		fmt.Fprintf(w, ", %s", s.Source.License)
	}
	fmt.Fprintf(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "LAYER\tHELD BY\tFROM\tSPLIT OR NOTE\tTOOLS\n")
	for _, l := range onus.Layers() {
		r, origin := cat.Rule(s, s.Model, l)
		from := "service"
		if origin == onus.FromModel {
			from = "default"
		}
		text := r.Split
		if text == "" {
			text = r.Note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l, r.Owner, from, oneLine(text, 100), strings.Join(s.Tools[l], ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rt := s.Resources
	for _, v := range []struct {
		name  string
		rules []onus.TypeRule
	}{{"terraform", rt.Terraform}, {"cloudformation", rt.CloudFormation}, {"arm", rt.ARM}, {"cai", rt.CAI}, {"kubernetes", rt.Kubernetes}} {
		if len(v.rules) == 0 {
			continue
		}
		types := make([]string, len(v.rules))
		for i, r := range v.rules {
			types[i] = string(r.Type)
			if len(r.Where) > 0 {
				var conds []string
				for _, k := range slices.Sorted(maps.Keys(r.Where)) {
					conds = append(conds, k+"="+string(r.Where[k]))
				}
				types[i] += " where " + strings.Join(conds, " ")
			}
		}
		fmt.Fprintf(w, "\n%s types: %s", v.name, strings.Join(types, ", "))
	}
	fmt.Fprintf(w, "\n")
	return w.Flush()
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}

func catalogLayers(env Env, args []string) error {
	fs := newFlagSet(env, "catalog layers", "", "Lists the security layers, with the words that mean each.")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "LAYER\tNAME\tCOVERS\tALSO CALLED\n")
	for _, l := range onus.LayerInfos() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.ID, l.Name, l.Description, strings.Join(l.Aliases, ", "))
	}
	return tw.Flush()
}

func catalogModels(env Env, args []string) error {
	fs := newFlagSet(env, "catalog models", "", "Shows the default split of every layer by delivery model, with the split statements of shared cells.")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cat, err := catalog.Builtin()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "LAYER")
	for _, m := range onus.DeliveryModels() {
		fmt.Fprintf(tw, "\t%s", m)
	}
	fmt.Fprintf(tw, "\n")
	type note struct{ cell, split string }
	var notes []note
	for _, l := range onus.Layers() {
		fmt.Fprintf(tw, "%s", l)
		for _, m := range onus.DeliveryModels() {
			r := cat.Models[m].Layers[l]
			fmt.Fprintf(tw, "\t%s", r.Owner.Letter())
			if r.Owner == onus.Shared {
				notes = append(notes, note{fmt.Sprintf("%s/%s", m, l), r.Split})
			}
		}
		fmt.Fprintf(tw, "\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nP provider · C customer · S shared\n\n")
	for _, n := range notes {
		fmt.Fprintf(w, "%s: %s\n", n.cell, oneLine(n.split, 400))
	}
	return w.Flush()
}

// catalogCoverage reports which resource types of inventories, or of plain
// lists of types, no catalog rule classifies.
func catalogCoverage(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "catalog coverage", "[flags] FILE...",
		"Classifies every resource of the inventory FILEs (or, with --types, every type listed one per\n"+
			"line or in the first column of a CSV) and reports the types no catalog service claims.")
	var cf catalogFlags
	cf.register(fs)
	vocab := fs.String("types", "", "read FILEs as lists of types in this `VOCABULARY`: terraform, cloudformation, arm, cai or kubernetes")
	asJSON := fs.Bool("json", false, "write JSON")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return onus.Errorf(onus.EInvalid, "usage: onus catalog coverage [--types VOCABULARY] FILE...")
	}
	cat, err := cf.load()
	if err != nil {
		return err
	}
	cl, err := classify.New(cat)
	if err != nil {
		return err
	}
	counter := cl.NewCounter()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if *vocab != "" {
			types, err := readTypeList(f)
			if err != nil {
				return err
			}
			for _, t := range types {
				counter.Add(inventory.Vocabulary(*vocab), t, nil)
			}
			continue
		}
		err := inventory.ReadFile(f, "", inventoryFormats(), func(r *inventory.Resource) error {
			counter.Add(r.Vocabulary, r.Type, r.Attrs)
			return nil
		})
		if err != nil {
			return err
		}
	}
	cov := counter.Coverage()
	type row struct {
		Vocabulary string `json:"vocabulary"`
		Type       string `json:"type"`
		Resources  int    `json:"resources"`
		Service    string `json:"service,omitempty"`
	}
	var rows []row // null in JSON when nothing was read, as before
	for _, t := range cov.Types {
		rows = append(rows, row{string(t.Vocabulary), t.Type, t.Resources, t.Service})
	}
	if *asJSON {
		return writeJSONValue(env.Stdout, map[string]any{"resources": cov.Resources, "classified": cov.ClassifiedResources, "types": cov.Total, "classified_types": cov.Classified, "rows": rows})
	}
	w := bufio.NewWriter(env.Stdout)
	fmt.Fprintf(w, "%d of %d resources classify (%.1f%%); %d of %d types.\n", cov.ClassifiedResources, cov.Resources, cov.ResourceShare()*100, cov.Classified, cov.Total)
	if cov.Classified < cov.Total {
		fmt.Fprintf(w, "\nUnclassified types (add a catalog entry or a type rule in a catalog file):\n")
		for _, r := range rows {
			if r.Service == "" {
				fmt.Fprintf(w, "  %-15s %-60s %d\n", r.Vocabulary, r.Type, r.Resources)
			}
		}
	}
	return w.Flush()
}

// readTypeList reads a list of types: one per line, or the first column of
// a CSV (a header row is recognised by having no type-like first cell).
func readTypeList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &onus.Error{Code: onus.ENotFound, Message: "cannot open type list", Loc: onus.Location{File: path}, Err: err}
	}
	defer f.Close()
	r := csv.NewReader(io.LimitReader(f, 64<<20))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	var out []string
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, &onus.Error{Code: onus.EInvalid, Message: "bad type list", Loc: onus.Location{File: path, Line: line}, Err: err}
		}
		t := strings.TrimSpace(rec[0])
		if t == "" || (line == 1 && !strings.ContainsAny(t, "_:/.")) {
			continue
		}
		out = append(out, t)
	}
}

func writeJSONValue(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
