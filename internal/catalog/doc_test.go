package catalog

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

var update = flag.Bool("update", false, "rewrite docs/catalog-services.md")

const servicesDoc = "../../docs/catalog-services.md"

// TestServicesDoc keeps docs/catalog-services.md, the list of every built-in
// service with its delivery model and source, in step with the catalog.
func TestServicesDoc(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Built-in catalog services\n\nGenerated from the built-in catalog %s (%s) by `go test ./internal/catalog -run TestServicesDoc -update`; do not edit.\n", c.Version, c.Date)
	fmt.Fprintf(&b, "Each entry names the source its facts come from. `onus catalog show SERVICE` prints the whole entry.\n")
	ids := make([]string, 0, len(c.Providers))
	for id := range c.Providers {
		ids = append(ids, id)
	}
	byProvider := map[string][]*onus.Service{}
	for _, s := range c.SortedServices() {
		byProvider[s.Provider] = append(byProvider[s.Provider], s)
	}
	order := []string{"aws", "azure", "gcp"}
	sort.Strings(ids)
	for _, id := range ids {
		if id != "aws" && id != "azure" && id != "gcp" {
			order = append(order, id)
		}
	}
	for _, id := range order {
		services := byProvider[id]
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
	got := b.Bytes()
	if *update {
		if err := os.WriteFile(servicesDoc, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(servicesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./internal/catalog -run TestServicesDoc -update", servicesDoc)
	}
}
