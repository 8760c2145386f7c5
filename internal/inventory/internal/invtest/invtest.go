// Package invtest holds what the tests of the inventory importers share:
// finding the shared fixtures, reading a file through a format, and
// checking that a format's reader survives hostile input.
package invtest

import (
	"bytes"
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// ReadFile reads the file at path through the format f (by name, the way
// the CLI does when told the format) and returns every resource emitted
// and the error Read returned.
func ReadFile(t testing.TB, f inventory.Format, path string) ([]*inventory.Resource, error) {
	t.Helper()
	var out []*inventory.Resource
	err := inventory.ReadFile(path, f.Name, []inventory.Format{f}, func(r *inventory.Resource) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// MustRead is ReadFile for a file that must read without error.
func MustRead(t testing.TB, f inventory.Format, path string) []*inventory.Resource {
	t.Helper()
	out, err := ReadFile(t, f, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// Fuzz feeds data to f's Sniff and Read. Neither may panic; Read must not
// emit a resource without a type or a location, nor return an error that
// is not an onus error.
func Fuzz(t *testing.T, f inventory.Format, data []byte) {
	f.Sniff(bytes.TrimLeft(data, " \t\r\n"))
	err := f.Read(bytes.NewReader(data), "fuzz.json", func(r *inventory.Resource) error {
		if r.Type == "" || r.Loc.File == "" {
			t.Fatalf("emitted a resource without a type or a location: %+v", r)
		}
		return nil
	})
	if err != nil && !testkit.IsOnusError(err) {
		t.Fatalf("error is not an onus error: %v", err)
	}
}
