// Package invtest holds what the tests of the inventory importers share:
// finding the shared fixtures, reading a file through a format, and
// checking that a format's reader survives hostile input.
package invtest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/sharedfiles"
	"github.com/onus-dev/onus/internal/sniff"
)

// Shared returns the path of a file under the shared reference folder
// (/work/shared beside the repository: <repo>/../shared). It skips the test
// when the folder is absent, and fails it when the CI variable is set,
// because CI always has the folder.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	return sharedfiles.Path(t, rel)
}

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
	if err != nil && onusCode(err) == "" {
		t.Fatalf("error is not an onus error: %v", err)
	}
}

// Seed adds every file in the package's testdata folder to the fuzz corpus.
func Seed(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// Head returns the sniffing head of the file at path, the way
// inventory.Read computes it.
func Head(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in, err := sniff.Open(f, path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return in.Head()
}

// onusCode returns the code of an onus error or error list, or "" for any
// other error.
func onusCode(err error) onus.ErrorCode {
	var e *onus.Error
	var l onus.ErrorList
	if errors.As(err, &e) || errors.As(err, &l) {
		return onus.Code(err)
	}
	return ""
}
