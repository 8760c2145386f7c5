// Package testkit holds what tests across the project share: the shared
// reference folder beside the repository (<repo>/../shared, real public
// data and files written by other tools), golden files, fuzz seeds and
// sniffing heads.
//
// The shared folder is $ONUS_SHARED when set, else <repo>/../shared. A
// user's fresh clone does not have it, so tests that need it skip there.
package testkit

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/sniff"
)

// Shared returns the path of rel under the shared folder, skipping the test
// when the file is absent.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(SharedRoot(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the shared file %s is not here (set ONUS_SHARED to the shared folder): %v", rel, err)
	}
	return p
}

// SharedRoot returns the shared folder's path, whether or not it exists.
func SharedRoot() string {
	if dir := os.Getenv("ONUS_SHARED"); dir != "" {
		return dir
	}
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "..", "shared")
}

// update is the -update flag of every test binary that imports testkit, so
// a package of golden tests must not define its own.
var update = flag.Bool("update", false, "rewrite golden files with the output the tests get (see testkit.Golden)")

// Golden compares got with the golden file at path (relative to the test's
// package), failing the test with a diff when they differ. To accept new
// output, rewrite the golden files: run the package's tests with -update
// (go test ./internal/report -update), or with ONUS_UPDATE_GOLDEN=1 in the
// environment, which also reaches packages whose test binaries lack the
// flag (ONUS_UPDATE_GOLDEN=1 go test ./...). Review the rewritten files
// with git diff before committing them.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update || os.Getenv("ONUS_UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run the test with -update to accept it; -want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

// SeedTestdata adds every file in the package's testdata folder to the
// fuzz corpus.
func SeedTestdata(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FileHead returns the sniffing head of the file at path, the way the
// inventory and findings readers compute it.
func FileHead(path string) ([]byte, error) {
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

// IsOnusError reports whether err is an onus error or error list, the only
// errors a reader may return.
func IsOnusError(err error) bool {
	var e *onus.Error
	var l onus.ErrorList
	return errors.As(err, &e) || errors.As(err, &l)
}

// Git returns a function that runs git in dir as a throwaway author, with
// no system or user configuration, failing the test on error. It skips the
// test when git is not installed.
func Git(t testing.TB, dir string) func(args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}
