package terms_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

func agreement() *onus.Agreement {
	p, _ := onus.ParsePeriod("4h")
	return &onus.Agreement{
		ID: "mdr", Title: "Managed detection", Type: "msa", Parties: []string{"acme", "watch"}, Version: "1",
		Clauses: []*onus.Clause{
			{ID: "a", Layers: []onus.LayerRef{"monitoring", "incident-response"}, Responsible: "watch",
				Scope: onus.Selector{Providers: []onus.Pattern{"aws", "azure"}}, Text: "Watch watches the logs.", Commitments: onus.Commitments{Response: p}},
			{ID: "b", Layers: []onus.LayerRef{"data"}, Responsible: "acme"},
		},
		CUECs: []*onus.CUEC{{ID: "keys", Text: "The customer rotates keys.", Layers: []onus.LayerRef{"identity"}}},
	}
}

// What a signature covers does not depend on how the YAML is written, and
// does not cover the record of the process.
func TestVersionIgnoresFormAndProcess(t *testing.T) {
	base := terms.Version(agreement())
	if !terms.IsHash(base) || !strings.HasPrefix(base, "sha256:") || len(base) != len("sha256:")+32 {
		t.Fatalf("version %q is not a short content hash", base)
	}
	same := map[string]func(a *onus.Agreement){
		"clause order":        func(a *onus.Agreement) { a.Clauses[0], a.Clauses[1] = a.Clauses[1], a.Clauses[0] },
		"layer order":         func(a *onus.Agreement) { a.Clauses[0].Layers = []onus.LayerRef{"incident-response", "monitoring"} },
		"scope value order":   func(a *onus.Agreement) { a.Clauses[0].Scope.Providers = []onus.Pattern{"azure", "aws"} },
		"party order":         func(a *onus.Agreement) { a.Parties = []string{"watch", "acme"} },
		"text wrapping":       func(a *onus.Agreement) { a.Clauses[0].Text = "Watch watches\n  the logs. " },
		"period spelling":     func(a *onus.Agreement) { a.Clauses[0].Commitments.Response, _ = onus.ParsePeriod("4 hours") },
		"the version label":   func(a *onus.Agreement) { a.Version = "2" },
		"the ID":              func(a *onus.Agreement) { a.ID = "renamed" },
		"a sign-off":          func(a *onus.Agreement) { a.SignOffs = []onus.SignOff{{Party: "acme", By: "x"}} },
		"the last review":     func(a *onus.Agreement) { a.LastReviewed, _ = onus.ParseDate("2026-01-01") },
		"the reviewed scope":  func(a *onus.Agreement) { a.ReviewedScope = map[string]string{"x": "aws:ec2"} },
		"the reviewers":       func(a *onus.Agreement) { a.Reviewers = map[string][]string{"acme": {"ciso"}} },
		"who reviewed it":     func(a *onus.Agreement) { a.ReviewedBy = []string{"ciso"} },
		"the clauses' places": func(a *onus.Agreement) { a.Clauses[0].Loc = onus.Location{File: "x", Line: 9} },
	}
	for name, change := range same {
		a := agreement()
		change(a)
		if got := terms.Version(a); got != base {
			t.Errorf("changing %s changed the version", name)
		}
	}
	differ := map[string]func(a *onus.Agreement){
		"the text":       func(a *onus.Agreement) { a.Clauses[0].Text = "Watch watches some logs." },
		"the holder":     func(a *onus.Agreement) { a.Clauses[1].Responsible = "watch" },
		"a commitment":   func(a *onus.Agreement) { a.Clauses[0].Commitments.Response, _ = onus.ParsePeriod("5h") },
		"the scope":      func(a *onus.Agreement) { a.Clauses[0].Scope.Environments = []onus.Pattern{"prod"} },
		"a CUEC":         func(a *onus.Agreement) { a.CUECs[0].Owner = "iam" },
		"the expiry":     func(a *onus.Agreement) { a.Expires, _ = onus.ParseDate("2027-01-01") },
		"the type":       func(a *onus.Agreement) { a.Type = "sla" },
		"the evidence":   func(a *onus.Agreement) { a.Clauses[1].Evidence = []string{"SOC 2"} },
		"a clause added": func(a *onus.Agreement) { a.Clauses = append(a.Clauses, &onus.Clause{ID: "c"}) },
	}
	for name, change := range differ {
		a := agreement()
		change(a)
		if got := terms.Version(a); got == base {
			t.Errorf("changing %s kept the version", name)
		}
	}
}

func TestMatches(t *testing.T) {
	a := agreement()
	sum := terms.Sum(a)
	tests := []struct {
		signed string
		want   bool
	}{
		{terms.Version(a), true},
		{"sha256:" + sum, true},
		{"sha256:" + strings.ToUpper(sum[:40]), true},
		{"sha256:" + sum[:16], false}, // too short to rest a signature on
		{"sha256:" + strings.Repeat("0", 32), false},
		{"1.0", false},
		{"sha256:" + sum[:31] + "g", false},
	}
	for _, tt := range tests {
		if got := terms.Matches(tt.signed, sum); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.signed, got, tt.want)
		}
	}
}

// A sign-off is current when its hash is of the terms as they stand, or its
// label is the agreement's label; the engine and the agreement tools both
// ask Current, with the sum computed or not.
func TestCurrent(t *testing.T) {
	a := agreement() // labelled "1"
	tests := []struct {
		version string
		want    bool
	}{
		{terms.Version(a), true},
		{"sha256:" + strings.Repeat("0", 32), false},
		{"1", true},
		{"2", false},
		{"", true}, // a sign-off that names no version covers whatever is signed
	}
	for _, tt := range tests {
		s := &onus.SignOff{Party: "acme", Version: tt.version}
		for _, sum := range []string{"", terms.Sum(a)} {
			if got := terms.Current(a, s, sum); got != tt.want {
				t.Errorf("Current(version %q, sum %q) = %v, want %v", tt.version, sum, got, tt.want)
			}
		}
	}
	unlabelled := agreement()
	unlabelled.Version = ""
	if !terms.Current(unlabelled, &onus.SignOff{Version: "2"}, "") {
		t.Error("a label cannot be stale against an agreement without one")
	}
}

func TestChanges(t *testing.T) {
	signed := terms.Digests(agreement())
	a := agreement()
	a.Clauses[0].Split = "Watch by night; the SOC by day."
	a.Clauses = append(a.Clauses[:1], &onus.Clause{ID: "c", Layers: []onus.LayerRef{"os"}})
	a.CUECs = nil
	got := terms.Changes(signed, a)
	want := []terms.Change{{Key: "a", Kind: terms.Changed}, {Key: "c", Kind: terms.Added}, {Key: "b", Kind: terms.Removed}, {Key: "cuec:keys", Kind: terms.Removed}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if s := got[3].String(); s != `CUEC "keys" removed` {
		t.Errorf("String = %q", s)
	}
	if got := terms.Changes(signed, agreement()); len(got) != 0 {
		t.Errorf("no change: %v", got)
	}
}
