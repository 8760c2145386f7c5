package catalog

import (
	"testing"

	"github.com/onus-dev/onus"
)

// domainSplit is DOMAIN.md's default split by delivery model, one row per
// layer, one letter per model in the order onprem, iaas, caas, paas, faas,
// saas: P provider, C customer, S shared.
var domainSplit = []struct {
	layer  onus.Layer
	models string
}{
	{"physical", "CPPPPP"},
	{"hardware", "CPPPPP"},
	{"network-infrastructure", "CPPPPP"},
	{"virtualization", "CSPPPP"},
	{"os", "CCSPPP"},
	{"network-controls", "CCCSSP"},
	{"middleware", "CCCSPP"},
	{"containers", "CCCCPP"},
	{"application", "CCCCCS"},
	{"code", "CCCCCP"},
	{"api", "CCCCCP"},
	{"identity", "CCCCCC"},
	{"identity-infrastructure", "CCCSSS"},
	{"data", "CCCCCC"},
	{"endpoints", "CCCCCC"},
	{"configuration", "CCCCCC"},
	{"monitoring", "CSSSSS"},
	{"incident-response", "CSSSSS"},
}

// TestDefaultSplit checks every cell of DOMAIN.md's table, one subtest per
// cell, and that every shared cell carries a split statement.
func TestDefaultSplit(t *testing.T) {
	c := builtinForTest(t)
	letters := map[byte]onus.Responsibility{'P': onus.Provider, 'C': onus.Customer, 'S': onus.Shared}
	if len(domainSplit) != onus.NumLayers {
		t.Fatalf("the table has %d layers, want %d", len(domainSplit), onus.NumLayers)
	}
	for _, row := range domainSplit {
		for i, m := range onus.DeliveryModels() {
			want := letters[row.models[i]]
			t.Run(string(m)+"/"+string(row.layer), func(t *testing.T) {
				got := c.Models[m].Layers[row.layer]
				if got.Owner != want {
					t.Errorf("%s under %s is held by %s, want %s", row.layer, m, got.Owner, want)
				}
				if want == onus.Shared && len(got.Split) < 40 {
					t.Errorf("the shared cell %s/%s has no real split statement: %q", m, row.layer, got.Split)
				}
				if want != onus.Shared && got.Split != "" {
					t.Errorf("the unshared cell %s/%s has a split statement", m, row.layer)
				}
			})
		}
	}
}
