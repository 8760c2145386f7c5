package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/atomicfile"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteReplacesKeepingMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.txt")
	if err := atomicfile.Write(path, writeString("first")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", info.Mode().Perm())
	}
	os.Chmod(path, 0o600)
	if err := atomicfile.Write(path, writeString("second")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "second" {
		t.Errorf("content %q, want second", got)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after replacing, want 0600 kept", info.Mode().Perm())
	}
}

// A failed write leaves the old file as it was and no temporary file.
func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	os.WriteFile(path, []byte("good"), 0o644)
	boom := errors.New("boom")
	err := atomicfile.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want write's own", err)
	}
	if got := read(t, path); got != "good" {
		t.Errorf("content %q after a failed write, want good", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries left in the folder, want only the file", len(entries))
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "link.yaml")
	os.WriteFile(target, []byte("old"), 0o644)
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := atomicfile.Write(link, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	if got := read(t, target); got != "new" {
		t.Errorf("target holds %q, want new", got)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent", "out.json")
	err := atomicfile.Write(path, writeString("x"))
	if onus.Code(err) != onus.EInvalid {
		t.Fatalf("error %v (code %s), want invalid", err, onus.Code(err))
	}
	var e *onus.Error
	if !errors.As(err, &e) || e.Loc.File != path {
		t.Errorf("error does not name %s: %v", path, err)
	}
}
