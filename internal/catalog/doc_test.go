package catalog

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/testkit"
)

const servicesDoc = "../../docs/catalog-services.md"

// TestServicesDoc keeps docs/catalog-services.md, the list of every built-in
// service with its delivery model and source, in step with the catalog.
func TestServicesDoc(t *testing.T) {
	c := builtinForTest(t)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Built-in catalog services\n\nGenerated from the built-in catalog %s (%s) by `go test ./internal/catalog -run TestServicesDoc -update`; do not edit.\n", c.Version, c.Date)
	fmt.Fprintf(&b, "Each entry names the source its facts come from. `onus catalog show SERVICE` prints the whole entry.\n")
	// The three clouds first, then the other providers by ID.
	clouds := []string{"aws", "azure", "gcp"}
	order := slices.Clone(clouds)
	for _, id := range slices.Sorted(maps.Keys(c.Providers)) {
		if !slices.Contains(clouds, id) {
			order = append(order, id)
		}
	}
	for _, id := range order {
		services := servicesOf(c, id)
		if len(services) == 0 {
			continue
		}
		p := c.Providers[id]
		fmt.Fprintf(&b, "\n## %s (%d)\n\n| service | name | model | overrides | source |\n|---|---|---|---:|---|\n", p.Name, len(services))
		for _, s := range services {
			src := s.Source.Title
			if s.Source.URL != "" {
				src = fmt.Sprintf("[%s](%s)", s.Source.Title, s.Source.URL)
			}
			src += ", " + s.Source.Date.String()
			if s.Source.License != "" {
				src += ", " + s.Source.License
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %s |\n", s.ID, strings.ReplaceAll(s.Name, "|", "\\|"), s.Model, len(s.Layers), strings.ReplaceAll(src, "|", "\\|"))
		}
	}
	testkit.Golden(t, servicesDoc, b.Bytes())
}
