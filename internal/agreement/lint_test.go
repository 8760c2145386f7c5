package agreement_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// lintCase is one file of testdata/cases: a model with agreements, run
// against the built-in catalog, and the lint findings it must give.
type lintCase struct {
	Name string    `yaml:"name"`
	Now  onus.Date `yaml:"now"`
	// Lint names the agreements to lint; all of them when empty.
	Lint []string `yaml:"lint"`
	// Findings lists every expected finding as "key severity".
	Findings []string `yaml:"findings"`
	// Quotes maps a finding key to the exact words it must quote.
	Quotes map[string]string `yaml:"quotes"`
	// Suggestions maps a finding key to words its suggestion must hold.
	Suggestions map[string]string `yaml:"suggestions"`
}

func TestLintCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	clauses := 0
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			clauses += runLintCase(t, file)
		})
	}
	if clauses < 30 {
		t.Errorf("the corpus has %d clauses, want at least 30", clauses)
	}
}

// runLintCase runs one case and returns how many clauses it holds.
func runLintCase(t *testing.T, file string) int {
	tc, dir := loadCase(t, file)
	e := estate(t, dir, tc.Now)
	var ags []*onus.Agreement
	for _, id := range tc.Lint {
		ag, err := e.Agreement(id)
		if err != nil {
			t.Fatal(err)
		}
		ags = append(ags, ag)
	}
	found := e.Lint(ags...)
	byKey := map[string]*agreement.Finding{}
	var got []string
	for _, f := range found {
		if byKey[f.Key] != nil {
			t.Errorf("two findings have key %s", f.Key)
		}
		byKey[f.Key] = f
		got = append(got, f.Key+" "+f.Severity.String())
	}
	sort.Strings(got)
	want := append([]string(nil), tc.Findings...)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
		for _, f := range found {
			t.Logf("%s\n    %s\n    quote: %+v\n    suggestion: %s", f.Key, f.Message, f.Quote, f.Suggestion)
		}
	}
	for key, words := range tc.Quotes {
		f := byKey[key]
		switch {
		case f == nil:
			t.Errorf("quote of %s: no such finding", key)
		case f.Quote == nil || f.Quote.Text != words:
			t.Errorf("%s quotes %+v, want %q", key, f.Quote, words)
		}
	}
	for key, words := range tc.Suggestions {
		if f := byKey[key]; f == nil || !strings.Contains(f.Suggestion, words) {
			t.Errorf("suggestion of %s = %v, want it to hold %q", key, f, words)
		}
	}
	for _, f := range found {
		if f.Loc.File == "" || f.Loc.Line == 0 {
			t.Errorf("%s has no location: %+v", f.Key, f.Loc)
		}
		if q := f.Quote; q != nil && (q.Start < 0 || q.End < q.Start || q.Loc.Line == 0) {
			t.Errorf("%s has a bad quote: %+v", f.Key, q)
		}
	}
	n := 0
	for _, ag := range e.Res.Model.Agreements {
		n += len(ag.Clauses)
	}
	return n
}

// loadCase decodes a case and writes its model to a directory.
func loadCase(t *testing.T, file string) (lintCase, string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := strictyaml.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	root := docs[0].Root
	modelNode := strictyaml.Lookup(root, "model")
	if modelNode == nil || modelNode.Kind != yaml.SequenceNode {
		t.Fatal("the case has no list of model documents")
	}
	rest := *root
	rest.Content = nil
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "model" {
			rest.Content = append(rest.Content, root.Content[i], root.Content[i+1])
		}
	}
	var tc lintCase
	d := &strictyaml.Decoder{File: file}
	d.Decode(&rest, "", &tc)
	if len(d.Errs) > 0 {
		t.Fatal(d.Errs)
	}
	dir := t.TempDir()
	for i, n := range modelNode.Content {
		out, err := yaml.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "model"+string(rune('a'+i))+".yaml"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tc, dir
}

// estate loads and evaluates a model on a day (2026-11-29 when unset).
func estate(t *testing.T, dir string, now onus.Date) *agreement.Estate {
	t.Helper()
	m, cat, err := model.Load([]string{dir}, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := now.Time
	if day.IsZero() {
		day = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: day})
	if err != nil {
		t.Fatal(err)
	}
	run := p.NewRun(true)
	for _, a := range m.Assets {
		run.Add(a)
	}
	res, err := run.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return agreement.NewEstate(res)
}

// Each finding about words points at the words themselves in the file.
func TestLintPointsAtTheWords(t *testing.T) {
	e, _ := fixture(t)
	src := string(mustRead(t, "testdata/model/agreements.yaml"))
	lines := strings.Split(src, "\n")
	checked := 0
	for _, f := range e.Lint() {
		if f.Quote == nil {
			continue
		}
		loc := f.Where()
		if loc.Line < 1 || loc.Line > len(lines) {
			t.Errorf("%s points at line %d", f.Key, loc.Line)
			continue
		}
		line := []rune(lines[loc.Line-1])
		at := string(line[min(loc.Column-1, len(line)):])
		if !strings.HasPrefix(at, strings.Fields(f.Quote.Text)[0]) {
			t.Errorf("%s points at %d:%d, which reads %q, not %q", f.Key, loc.Line, loc.Column, at, f.Quote.Text)
		}
		checked++
	}
	if checked < 4 {
		t.Errorf("only %d findings quote words", checked)
	}
}
