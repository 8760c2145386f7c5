package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/strictyaml"
	"github.com/onus-dev/onus/internal/testkit"
)

// Paths of the generator's inputs and output, relative to this package.
const (
	modelsFile = "../data/00-models.yaml"
	outputFile = "../data/azure.yaml"
)

// baselinesDir returns the shared baselines folder next to the repository,
// skipping the test when it is absent (but failing it under CI, where it
// must be present).
func baselinesDir(t *testing.T) string {
	t.Helper()
	return testkit.Shared(t, "data/azure-security-baselines")
}

// TestGeneratedFileIsCurrent regenerates azure.yaml from the baselines and
// compares it with the committed file, so that the data stays reproducible
// and nobody edits the output by hand.
func TestGeneratedFileIsCurrent(t *testing.T) {
	services, err := generate(baselinesDir(t), modelsFile)
	if err != nil {
		t.Fatal(err)
	}
	got := emit(services)
	want, err := os.ReadFile(outputFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		line := 0
		for line < len(gl) && line < len(wl) && gl[line] == wl[line] {
			line++
		}
		t.Errorf("%s is not what the generator makes; first difference at line %d. Regenerate it from the repository root with\n"+
			"  go run ./internal/catalog/azbaseline -in ../shared/data/azure-security-baselines -out internal/catalog/data/azure.yaml",
			outputFile, line+1)
	}
}

// TestGeneratedFileRoundTrips reads the generated file back with the
// catalog's own decoder and compares every service with what the generator
// built, so that the hand-rolled YAML writer loses nothing.
func TestGeneratedFileRoundTrips(t *testing.T) {
	services, err := generate(baselinesDir(t), modelsFile)
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, services)
}

// TestEmitQuoting round-trips text that needs care in YAML.
func TestEmitQuoting(t *testing.T) {
	tricky := []string{
		"plain text", "colon: space", "ends with colon:", "# not a comment", "a # comment?", "yes", "No", "null", "~",
		`"quoted"`, `back\slash`, "comma, in a list", "[bracket]", "{brace}", "*star*", "?question", "-dash", "'single'",
		"tab\there", "line\nbreak", "  leading space", "trailing space ", "ünïcödé", "2023-02-14", "123",
		strings.Repeat("a long sentence that will need folding ", 6) + "end.",
	}
	var services []*onus.Service
	for i, s := range tricky {
		services = append(services, &onus.Service{
			ID: "azure:t" + string(rune('a'+i)), Name: s, Model: onus.PaaS, Category: s, Description: s,
			Aliases: []string{"azure:alias-" + string(rune('a'+i))},
			Source:  onus.Source{Title: s, URL: "https://example.com/#" + s, Date: fallbackDate, License: baselineLicense},
			Layers:  map[onus.Layer]onus.LayerRule{onus.LayerData: {Owner: onus.Shared, Split: s, Note: s}},
			Tools:   map[onus.Layer][]string{onus.LayerIdentity: {s, "Microsoft Entra ID"}},
			Resources: onus.ResourceTypes{
				Terraform: tf("azurerm_" + string(rune('a'+i)) + "*"),
				ARM:       where("Microsoft.Test/t"+string(rune('a'+i)), "kind", s),
			},
		})
	}
	checkRoundTrip(t, services)
}

func checkRoundTrip(t *testing.T, services []*onus.Service) {
	t.Helper()
	data := emit(services)
	docs, err := strictyaml.Parse("azure.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	d := &strictyaml.Decoder{File: "azure.yaml"}
	var f catalog.File
	d.Decode(docs[0].Root, "", &f)
	if len(d.Errs) > 0 {
		t.Fatal(d.Errs.Err())
	}
	if len(f.Providers) != 1 {
		t.Fatalf("%d providers, want 1", len(f.Providers))
	}
	got := f.Providers[0].Services
	opts := cmp.Options{
		cmpopts.IgnoreFields(onus.Service{}, "Provider", "Loc"),
		cmpopts.IgnoreFields(onus.LayerRule{}, "Loc"),
		cmpopts.IgnoreFields(onus.TypeRule{}, "Loc"),
		cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b onus.Date) bool { return a.Equal(b.Time) }),
	}
	if diff := cmp.Diff(services, got, opts); diff != "" {
		t.Errorf("services after a round trip (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(provider, *f.Providers[0], cmpopts.IgnoreFields(onus.ProviderInfo{}, "Services", "Loc"),
		cmpopts.IgnoreFields(onus.Contact{}, "Loc"), cmp.Comparer(func(a, b onus.Date) bool { return a.Equal(b.Time) })); diff != "" {
		t.Errorf("provider after a round trip (-want +got):\n%s", diff)
	}
}

func TestBuildServicesChecksTheTable(t *testing.T) {
	models := testModels(t)
	b := &baseline{hostAccess: hostNoAccess, storesContent: true, modified: time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)}
	other := &baseline{hostAccess: hostFullAccess, storesContent: true}
	for _, tc := range []struct {
		name      string
		table     []*entry
		baselines map[string]*baseline
		msgs      []string
	}{
		{"a baseline without an entry", nil, map[string]*baseline{"new-service": b},
			[]string{`baseline "new-service" has no entry`}},
		{"an entry without its baseline", []*entry{{file: "gone", id: "azure:gone", model: onus.PaaS}}, nil,
			[]string{`baseline "gone", which is not in the folder`}},
		{"merged baselines that disagree", []*entry{{file: "a", also: []string{"b"}, id: "azure:a", model: onus.PaaS}},
			map[string]*baseline{"a": b, "b": other}, []string{`"a" and "b" disagree (the security profiles differ)`}},
		{"an entry without a baseline or a source", []*entry{{id: "azure:x", model: onus.PaaS}}, nil,
			[]string{"needs a source"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := buildServices(tc.table, tc.baselines, models)
			if err == nil {
				t.Fatal("no error")
			}
			for _, m := range tc.msgs {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("err = %v, want it to mention %q", err, m)
				}
			}
		})
	}

	services, err := buildServices([]*entry{
		{file: "svc", id: "azure:svc", name: "Svc", baseline: "Svc", model: onus.PaaS, what: "A service."},
		{file: "old", skip: "superseded"},
	}, map[string]*baseline{"svc": b, "old": other}, models)
	if err != nil {
		t.Fatal(err)
	}
	if len(services) != 1 {
		t.Fatalf("%d services, want 1", len(services))
	}
	wantSource := onus.Source{
		Title: "Microsoft cloud security benchmark baseline for Svc", URL: "https://learn.microsoft.com/security/benchmark/azure/baselines/svc-security-baseline",
		Date: onus.DateOf(b.modified), License: "CC BY 4.0",
	}
	if diff := cmp.Diff(wantSource, services[0].Source, cmp.Comparer(func(a, b onus.Date) bool { return a.Equal(b.Time) })); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
}

func TestLearnSlug(t *testing.T) {
	for file, want := range map[string]string{
		"azure-sql":                                 "azure-sql",
		"azure-red-hat-openshift-(aro)":             "azure-red-hat-openshift-aro",
		"azure-database-for-mysql--flexible-server": "azure-database-for-mysql-flexible-server",
		"virtual-machines-linux virtual machines":   "virtual-machines-linux",
	} {
		if got := learnSlug(file); got != want {
			t.Errorf("learnSlug(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-nosuchflag"}, &stdout, &stderr); err == nil {
		t.Error("an unknown flag was accepted")
	}
	if err := run([]string{"extra"}, &stdout, &stderr); onus.Code(err) != onus.EInvalid {
		t.Errorf("err = %v, want %s for a stray argument", err, onus.EInvalid)
	}
	if err := run([]string{"-in", t.TempDir(), "-models", "no-such-file.yaml"}, &stdout, &stderr); onus.Code(err) != onus.ENotFound {
		t.Errorf("err = %v, want %s for a missing models file", err, onus.ENotFound)
	}

	dir := baselinesDir(t)
	out := filepath.Join(t.TempDir(), "azure.yaml")
	if err := run([]string{"-in", dir, "-models", modelsFile, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("# Microsoft Azure.")) {
		t.Errorf("output starts %q, want the header", got[:min(len(got), 40)])
	}
}
