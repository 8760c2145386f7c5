package catalog

import (
	"slices"
	"testing"

	"github.com/onus-dev/onus"
)

// entryDate is the day the AWS, Google Cloud, SaaS and on-premises entries
// were written from their sources.
const entryDate = "2026-11-29"

func TestBuiltinLoads(t *testing.T) {
	c := builtinForTest(t)
	if c.Version == "" {
		t.Fatal("no version")
	}
}

func builtinForTest(t *testing.T) *onus.Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	return c
}

// servicesOf returns the services of one catalog provider, ordered by ID.
func servicesOf(c *onus.Catalog, provider string) []*onus.Service {
	var out []*onus.Service
	for _, s := range c.SortedServices() {
		if s.Provider == provider {
			out = append(out, s)
		}
	}
	return out
}

// missingTools returns the layers the customer holds or shares for s (after
// the delivery-model defaults apply) for which the entry names no tool.
func missingTools(c *onus.Catalog, s *onus.Service) []onus.Layer {
	var out []onus.Layer
	for _, l := range onus.Layers() {
		if r, _ := c.Rule(s, "", l); r.Owner.HasCustomer() && len(s.Tools[l]) == 0 {
			out = append(out, l)
		}
	}
	return out
}

// lookup returns the service id, failing the test when it is missing.
func lookup(t *testing.T, c *onus.Catalog, id string) *onus.Service {
	t.Helper()
	s := c.Service(id)
	if s == nil {
		t.Errorf("service %s is missing", id)
	}
	return s
}

// checkToolsFitLayers fails for tools listed for a layer the customer
// neither holds nor shares: such a tool is a mistake.
func checkToolsFitLayers(t *testing.T, c *onus.Catalog, services []*onus.Service) {
	t.Helper()
	for _, s := range services {
		for l := range s.Tools {
			if r, _ := c.Rule(s, "", l); !r.Owner.HasCustomer() {
				t.Errorf("%s: tools listed for layer %s, which is %s", s.ID, l, r.Owner)
			}
		}
	}
}

// modelCase is a service and the delivery model it must have.
type modelCase struct {
	id   string
	want onus.DeliveryModel
}

func checkModels(t *testing.T, c *onus.Catalog, tests []modelCase) {
	t.Helper()
	for _, tt := range tests {
		s := lookup(t, c, tt.id)
		if s == nil {
			continue
		}
		if s.Model != tt.want {
			t.Errorf("%s: model = %s, want %s", tt.id, s.Model, tt.want)
		}
	}
}

// ownerCase is a layer of a service and who must hold it, from the entry or,
// where the entry is silent, its delivery model's default.
type ownerCase struct {
	id    string
	layer onus.Layer
	want  onus.Responsibility
}

func checkOwners(t *testing.T, c *onus.Catalog, tests []ownerCase) {
	t.Helper()
	for _, tt := range tests {
		s := lookup(t, c, tt.id)
		if s == nil {
			continue
		}
		if got, _ := c.Rule(s, "", tt.layer); got.Owner != tt.want {
			t.Errorf("%s %s: owner = %s, want %s", tt.id, tt.layer, got.Owner, tt.want)
		}
	}
}

// toolCase is a layer of a service and a tool it must list for it.
type toolCase struct {
	id    string
	layer onus.Layer
	tool  string
}

func checkTools(t *testing.T, c *onus.Catalog, tests []toolCase) {
	t.Helper()
	for _, tt := range tests {
		s := lookup(t, c, tt.id)
		if s == nil {
			continue
		}
		if !slices.Contains(s.Tools[tt.layer], tt.tool) {
			t.Errorf("%s %s tools = %q, want %q among them", tt.id, tt.layer, s.Tools[tt.layer], tt.tool)
		}
	}
}
