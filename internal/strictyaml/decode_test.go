package strictyaml

import (
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

type sample struct {
	Name   string             `yaml:"name"`
	Count  int                `yaml:"count"`
	On     bool               `yaml:"on"`
	Layers []onus.Layer       `yaml:"layers"`
	Tags   map[string]string  `yaml:"tags"`
	Nested [][][][][][]string `yaml:"nested"`
	Inner  *inner             `yaml:"inner"`
	Loc    onus.Location
}

type inner struct {
	When onus.Date `yaml:"when"`
	Loc  onus.Location
}

func decode(t *testing.T, src string) (sample, onus.ErrorList) {
	t.Helper()
	docs, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var s sample
	d := &Decoder{File: "f.yaml"}
	d.Decode(docs[0].Root, "", &s)
	return s, d.Errs
}

func TestDecode(t *testing.T) {
	s, errs := decode(t, "name: x\ncount: 3\non: true\nlayers: users\ntags: {a: b}\ninner:\n  when: 2026-01-02\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if s.Name != "x" || s.Count != 3 || !s.On || len(s.Layers) != 1 || s.Layers[0] != onus.LayerIdentity || s.Tags["a"] != "b" {
		t.Errorf("decoded %+v", s)
	}
	if s.Inner.When.String() != "2026-01-02" || s.Inner.Loc.Line != 7 || s.Inner.Loc.Path != "inner" {
		t.Errorf("inner = %+v", s.Inner)
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, errs := decode(t, "name: [a]\ncount: many\nonn: true\nlayers: [os, nope]\ntags: {a: b, a: c}\nx-anchors: &a {ignored: true}\n")
	want := []string{
		`f.yaml:1:7: name: expected text, got a list`,
		`f.yaml:2:8: count: expected a whole number, got "many"`,
		`f.yaml:3:1: onn: unknown field "onn" (did you mean "on"?)`,
		`f.yaml:4:14: layers[1]: unknown layer "nope"`,
		`f.yaml:5:14: tags.a: key "a" is given twice`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i], w)
		}
	}
}

// A "billion laughs" document must not make the decoder walk an exponential
// tree.
func TestAliasBomb(t *testing.T) {
	src := "x-a: &a [a, a, a, a, a, a, a, a, a]\n" +
		"x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
		"x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n" +
		"nested: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	_, errs := decode(t, src)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "too many YAML aliases") {
		t.Fatalf("got %v", errs)
	}
}

func TestSyntaxErrorLine(t *testing.T) {
	_, err := Parse("f.yaml", []byte("apiVersion: onus/v1\nparties:\n  - id: acme\n    kind: customer\n   contacts: []\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "f.yaml:5: YAML syntax:") {
		t.Errorf("got %v, want the error on line 5", err)
	}
}

// A few aliases of a large block must not multiply it without bound.
func TestAliasExpansionBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-big: &big [")
	for i := range 20000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("[[[[a]]]]")
	}
	b.WriteString("]\nnested: [")
	for i := range 100 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("*big")
	}
	b.WriteString("]\n")
	_, errs := decode(t, b.String())
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "expand to more than") {
		t.Fatalf("got %v", errs)
	}
}
