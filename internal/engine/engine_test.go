package engine_test

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// testCase is one file of testdata/cases: a model, the day to evaluate it on,
// and what the engine must answer.
type testCase struct {
	Name string    `yaml:"name"`
	Now  onus.Date `yaml:"now"`
	// Model is one or more model documents, written as YAML.
	Model []yaml.Node `yaml:"model"`
	// Inventory holds assets that come from an inventory rather than the
	// model files, so they skip model validation (unknown services).
	Inventory []*onus.Asset `yaml:"inventory"`
	// Cells maps asset → layer → expected cell, written as CellString does.
	Cells map[string]map[onus.Layer]string `yaml:"cells"`
	// Findings lists every expected finding as "key severity", or
	// "key severity accepted" for one a risk acceptance covers.
	Findings []string `yaml:"findings"`
	// Error, when set, is a substring of the error the run must fail with.
	Error string `yaml:"error"`
	// Coverage is the expected coverage in percent, when set.
	Coverage *float64 `yaml:"coverage"`
}

func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			runCase(t, file)
		})
	}
}

func runCase(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := strictyaml.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	var tc testCase
	d := &strictyaml.Decoder{File: file}
	modelNode := strictyaml.Lookup(docs[0].Root, "model")
	if modelNode == nil {
		t.Fatal("case has no model")
	}
	// Decode the case without its model, which stays raw YAML.
	rest := *docs[0].Root
	rest.Content = nil
	for i := 0; i+1 < len(docs[0].Root.Content); i += 2 {
		if docs[0].Root.Content[i].Value != "model" {
			rest.Content = append(rest.Content, docs[0].Root.Content[i], docs[0].Root.Content[i+1])
		}
	}
	d.Decode(&rest, "", &tc)
	if len(d.Errs) > 0 {
		t.Fatal(d.Errs)
	}
	dir := t.TempDir()
	catalog, err := os.ReadFile("testdata/test-catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog.yaml"), catalog, 0o644); err != nil {
		t.Fatal(err)
	}
	var models []yaml.Node
	if modelNode.Kind == yaml.SequenceNode {
		for _, n := range modelNode.Content {
			models = append(models, *n)
		}
	} else {
		models = append(models, *modelNode)
	}
	for i, n := range models {
		out, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "model"+string(rune('a'+i))+".yaml"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := evaluate(dir, tc)
	if tc.Error != "" {
		if err == nil || !strings.Contains(err.Error(), tc.Error) {
			t.Fatalf("error = %v, want one containing %q", err, tc.Error)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	for assetID, layers := range tc.Cells {
		a := res.Asset(assetID)
		if a == nil {
			t.Errorf("asset %q not in the result", assetID)
			continue
		}
		for l, want := range layers {
			c := a.Outcome.Cells[l.Index()]
			if got := engine.CellString(c); got != want {
				t.Errorf("%s %s = %q, want %q\nsteps: %+v", assetID, l, got, want, c.Steps)
			}
		}
	}
	var got []string
	for f := range res.Findings() {
		s := f.Key + " " + f.Severity.String()
		if !f.Open() {
			s += " accepted"
		}
		got = append(got, s)
	}
	sort.Strings(got)
	want := append([]string(nil), tc.Findings...)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
		for f := range res.Findings() {
			t.Logf("%s: %s", f.Key, f.Message)
		}
	}
	if tc.Coverage != nil {
		if got := res.Summary.Coverage() * 100; got < *tc.Coverage-0.01 || got > *tc.Coverage+0.01 {
			t.Errorf("coverage = %.2f%%, want %.2f%%", got, *tc.Coverage)
		}
	}
}

func evaluate(dir string, tc testCase) (*engine.Result, error) {
	m, cat, err := model.Load([]string{dir}, model.Options{})
	if err != nil {
		return nil, err
	}
	now := tc.Now.Time
	if now.IsZero() {
		now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	}
	return check(m, cat, now, slices.Concat(m.Assets, tc.Inventory))
}

// check prepares a model and evaluates assets against it on day now,
// keeping them, as onus check does.
func check(m *onus.Model, cat *onus.Catalog, now time.Time, assets []*onus.Asset) (*engine.Result, error) {
	p, err := engine.Prepare(m, cat, engine.Options{Now: now})
	if err != nil {
		return nil, err
	}
	run := p.NewRun(true)
	for _, a := range assets {
		run.Add(a)
	}
	return run.Finish()
}

// The engine's compiled matcher must agree with onus.Selector.Matches.
func TestCompiledMatcherAgrees(t *testing.T) {
	assets := []*onus.Asset{
		{ID: "Payments-DB", Name: "pay", Service: "aws:rds", Account: "1", Region: "eu-west-1", Environment: "Prod", Tags: map[string]string{"team": "payments"}, Data: []onus.DataClass{onus.DataPCI}},
		{ID: "web-1", Service: "azure:sql", Tags: map[string]string{"team": "web"}},
	}
	selectors := []onus.Selector{
		{}, {Assets: []onus.Pattern{"payments-db"}}, {Names: []onus.Pattern{"pa*"}}, {Names: []onus.Pattern{"Payments-*"}},
		{Services: []onus.Pattern{"aws:*", "gcp:sql"}}, {Environments: []onus.Pattern{"prod"}}, {Data: []onus.DataClass{onus.DataPHI}},
		{Tags: map[string][]onus.Pattern{"team": {"pay*", "web"}}}, {Models: []onus.DeliveryModel{onus.PaaS}}, {Providers: []onus.Pattern{"azure"}},
	}
	for i := range selectors {
		m := engine.CompileSelectorForTest(&selectors[i])
		for _, a := range assets {
			want := selectors[i].Matches(a, "aws", onus.PaaS)
			if got := m(a, "aws", onus.PaaS); got != want {
				t.Errorf("selector %d on %s: compiled %v, Selector.Matches %v", i, a.ID, got, want)
			}
		}
	}
}
