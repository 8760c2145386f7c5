// Package sharedfiles finds, for tests, the shared reference folder that
// sits beside the repository (<repo>/../shared): real public data and files
// written by other tools. A user's fresh clone does not have it, so tests
// that need it skip there; CI always has it, so under CI its absence fails.
package sharedfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of rel under the shared folder, skipping the test
// when the file is absent, or failing it when the CI variable is set.
func Path(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Root(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the shared file %s is missing under CI: %v", rel, err)
		}
		t.Skipf("the shared file %s is not here: %v", rel, err)
	}
	return p
}

// Root returns the shared folder's path, whether or not it exists.
func Root() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "..", "shared")
}
