package terraform

import (
	"bytes"
	"errors"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

// checkBounds fails the test when a resource breaks the bounds the
// package promises.
func checkBounds(t *testing.T, r *inventory.Resource) {
	t.Helper()
	if r.Address == "" || r.Name == "" || r.Provider == "" {
		t.Fatalf("resource without an address, name or provider: %+v", r)
	}
	if len(r.Attrs) > maxAttrs || len(r.Tags) > 2*maxTags {
		t.Fatalf("%d attributes and %d tags kept", len(r.Attrs), len(r.Tags))
	}
	for k, v := range r.Attrs {
		if len(v) > maxAttrValue || v == "" || secretName([]byte(k)) {
			t.Fatalf("attribute %q = %q kept", k, v)
		}
	}
}

func fuzzFormat(f *testing.F, format inventory.Format) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"version":4,"lineage":"x","resources":[{"instances":[{"index_key":"k","attributes_flat":{"tags.a":"b"}}],"type":"t","name":"n","mode":"managed"}]}`))
	f.Add([]byte(`{"format_version":"0.1","values":{"root_module":{"child_modules":[{"resources":[{"mode":"managed","type":"t","name":"n","values":{"tags":{"a":1}},"sensitive_values":{"tags":{"a":true}}}]}]}}}`))
	f.Add([]byte(`{"serial":1,"lineage":"l","meta":{},"encrypted_data":"eA==","encryption_version":"v0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, format, data)
		format.Read(bytes.NewReader(data), "fuzz.json", func(r *inventory.Resource) error {
			checkBounds(t, r)
			return nil
		})
	})
}

func FuzzReadState(f *testing.F) { fuzzFormat(f, Format) }

func FuzzReadShow(f *testing.F) { fuzzFormat(f, ShowFormat) }

func FuzzReadPlan(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"format_version":"1.0","resource_changes":[{"address":"module.a[\"k\"].t.n[0]","mode":"managed","type":"t","name":"n","index":0,` +
		`"change":{"actions":["create","delete"],"before":{"id":"x"},"after":{"tags":{"a":"b"}},"after_sensitive":true}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ScanPlan(bytes.NewReader(data), "fuzz.json", func(c *Change) error {
			if c.Address == "" || c.Type == "" || c.Action == "" || c.Loc.File == "" {
				t.Fatalf("change without an address, type, action or location: %+v", c)
			}
			for _, r := range []*inventory.Resource{c.Before, c.After} {
				if r != nil {
					checkBounds(t, r)
				}
			}
			return nil
		})
		var e *onus.Error
		var l onus.ErrorList
		if err != nil && !errors.As(err, &e) && !errors.As(err, &l) {
			t.Fatalf("error is not an onus error: %v", err)
		}
	})
}
