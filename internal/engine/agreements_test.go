package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/engine"
)

// signedModel is a model whose one agreement backs an assumption, signed by
// both parties with the content hash of its terms.
func signedModel() (*onus.Model, *onus.Agreement) {
	ag := &onus.Agreement{
		ID: "aws-backup", Type: "sla", Parties: []string{"acme", "aws"},
		Effective: onus.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		Clauses: []*onus.Clause{{ID: "backups", Scope: onus.Selector{Services: []onus.Pattern{"aws:rds"}},
			Layers: []onus.LayerRef{"data"}, Responsible: "aws", Split: "AWS takes nightly snapshots; Acme restores.", Text: "AWS backs up every database nightly."}},
	}
	for _, party := range ag.Parties {
		ag.SignOffs = append(ag.SignOffs, onus.SignOff{Party: party, By: party + "@example.com", Date: ag.Effective,
			Version: terms.Version(ag), Digests: terms.Digests(ag)})
	}
	m := &onus.Model{
		Parties: []*onus.Party{
			{ID: "acme", Kind: onus.KindCustomer, Contacts: []onus.Contact{{Email: "sec@acme.example"}}},
			{ID: "dba", Kind: onus.KindTeam, Contacts: []onus.Contact{{Email: "dba@acme.example"}}},
		},
		Assets:      []*onus.Asset{{ID: "db", Service: "aws:rds"}},
		Assignments: []*onus.Assignment{{ID: "dba", Layers: []onus.LayerRef{"customer"}, Owner: "dba"}},
		Assumptions: []*onus.Assumption{{ID: "aws-backs-up", Provider: "aws", Select: onus.Selector{Services: []onus.Pattern{"aws:rds"}},
			Layers: []onus.LayerRef{"data"}, Statement: "AWS backs up our databases."}},
		Agreements: []*onus.Agreement{ag},
	}
	return m, ag
}

func checksOf(t *testing.T, m *onus.Model) map[string]string {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := check(m, cat, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), m.Assets)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for f := range res.Findings() {
		out[f.Key] = f.Message
	}
	return out
}

func TestSignOffByContentHash(t *testing.T) {
	m, ag := signedModel()
	got := checksOf(t, m)
	for key := range got {
		if strings.HasPrefix(key, "review-due") || strings.HasPrefix(key, "unsigned") || strings.HasPrefix(key, "misplaced-trust") {
			t.Errorf("signed, unchanged agreement: unexpected finding %s: %s", key, got[key])
		}
	}

	// Re-wrapping the text changes nothing a signature covers.
	ag.Clauses[0].Text = "AWS backs up   every database\nnightly."
	if got := checksOf(t, m); got["review-due:aws-backup:terms"] != "" {
		t.Errorf("white space changed the terms: %s", got["review-due:aws-backup:terms"])
	}

	ag.Clauses[0].Text = "AWS backs up every database weekly."
	ag.Clauses = append(ag.Clauses, &onus.Clause{ID: "restore", Layers: []onus.LayerRef{"data"}, Responsible: "acme"})
	got = checksOf(t, m)
	msg := got["review-due:aws-backup:terms"]
	for _, want := range []string{`clause "backups" changed`, `clause "restore" added`, "signed by acme on 2026-01-01, aws on 2026-01-01", "onus agreement diff --signed aws-backup"} {
		if !strings.Contains(msg, want) {
			t.Errorf("review-due message lacks %q: %q", want, msg)
		}
	}
	if got["misplaced-trust:db:data"] == "" {
		t.Errorf("an agreement changed since its sign-off still backs the assumption: %v", got)
	}
	if _, ok := got["unsigned:aws-backup:aws"]; ok {
		t.Errorf("a stale content hash is review-due, not unsigned: %v", got)
	}
}

// Explain resolves each layer from every rule that selects the asset: a
// CUEC shows on its own layers only.
func TestExplainShowsCUECsOnTheirLayers(t *testing.T) {
	m, ag := signedModel()
	ag.CUECs = []*onus.CUEC{
		{ID: "mfa", Text: "The customer requires MFA.", Layers: []onus.LayerRef{"identity"}, Owner: "dba"},
		{ID: "keys", Text: "The customer manages its KMS keys.", Layers: []onus.LayerRef{"data"}},
	}
	cat, _ := catalog.Builtin()
	p, err := engine.Prepare(m, cat, engine.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	o := p.Explain(m.Assets[0])
	for _, tt := range []struct {
		layer onus.Layer
		want  string
		not   string
	}{
		{onus.LayerIdentity, "aws-backup/cuec:mfa", "cuec:keys"},
		{onus.LayerData, "aws-backup/cuec:keys", "cuec:mfa"},
		{onus.LayerOS, "", "cuec:"},
	} {
		var rules []string
		for _, s := range o.Cells[tt.layer.Index()].Steps {
			rules = append(rules, s.Rule)
		}
		all := strings.Join(rules, " ")
		if tt.want != "" && !strings.Contains(all, tt.want) || strings.Contains(all, tt.not) {
			t.Errorf("%s steps %v: want %q, not %q", tt.layer, rules, tt.want, tt.not)
		}
	}
}
