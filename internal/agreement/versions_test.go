package agreement_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement"
	"github.com/onus-dev/onus/internal/testkit"
)

func TestParseSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a:b.yaml") // a file whose name holds a colon
	os.WriteFile(file, []byte("apiVersion: onus/v1\n"), 0o644)
	tests := []struct {
		in   string
		want agreement.Source
		code onus.ErrorCode
	}{
		{file, agreement.Source{Path: file}, ""},
		{"HEAD~1:model/agreements.yaml", agreement.Source{Rev: "HEAD~1", Path: "model/agreements.yaml"}, ""},
		{"v1.2^{commit}:./a.yaml", agreement.Source{Rev: "v1.2^{commit}", Path: "./a.yaml"}, ""},
		{"main@{2026-01-01}:a.yaml", agreement.Source{Rev: "main@{2026-01-01}", Path: "a.yaml"}, ""},
		{"git:HEAD:a.yaml", agreement.Source{Rev: "HEAD", Path: "a.yaml"}, ""},
		{"HEAD..main:a.yaml", agreement.Source{}, onus.EInvalid},
		{"--output=/tmp/x:a.yaml", agreement.Source{}, onus.EInvalid},
		{"HEAD;rm -rf /:a.yaml", agreement.Source{}, onus.EInvalid},
		{":a.yaml", agreement.Source{}, onus.EInvalid},
		{"HEAD:", agreement.Source{}, onus.EInvalid},
		{"no-such-file.yaml", agreement.Source{}, onus.ENotFound},
		{"HEAD:a\nb", agreement.Source{}, onus.EInvalid},
		{"", agreement.Source{}, onus.EInvalid},
	}
	for _, tt := range tests {
		got, err := agreement.ParseSource(tt.in)
		if onus.Code(err) != tt.code || got != tt.want {
			t.Errorf("ParseSource(%q) = %+v, %v; want %+v, code %q", tt.in, got, err, tt.want, tt.code)
		}
	}
}

// FuzzParseSource checks that a revision accepted can never be taken for a
// git option, and that nothing panics.
func FuzzParseSource(f *testing.F) {
	for _, s := range []string{"HEAD~1:a.yaml", "-x:y", "a:b:c", "main@{1}:./x", "\x00:y", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src, err := agreement.ParseSource(s)
		if err != nil || src.Rev == "" {
			return
		}
		if strings.HasPrefix(src.Rev, "-") || strings.ContainsAny(src.Rev, " \t\n\x00:") || src.Path == "" {
			t.Fatalf("accepted %q as revision %q, path %q", s, src.Rev, src.Path)
		}
	})
}

func TestReadAgreements(t *testing.T) {
	ags, err := agreement.ReadAgreements("testdata/model/agreements.yaml", mustRead(t, "testdata/model/agreements.yaml"))
	if err != nil || len(ags) != 3 || ags[0].ID != "aws-enterprise" || len(ags[0].Clauses) != 4 {
		t.Fatalf("read %d agreements: %v", len(ags), err)
	}
	_, err = agreement.ReadAgreements("bad.yaml", []byte("apiVersion: onus/v1\nagreements:\n  - id: a\n    clauses: [{id: c, layers: [os], responsibel: x}]\n"))
	if err == nil || !strings.Contains(err.Error(), `bad.yaml:4:37: agreements[0].clauses[0].responsibel: unknown field "responsibel"`) {
		t.Errorf("a bad field: %v", err)
	}
}

// FuzzReadAgreements reads any YAML as a model file's agreements: it
// returns agreements or located errors, and never panics.
func FuzzReadAgreements(f *testing.F) {
	f.Add([]byte("apiVersion: onus/v1\nagreements:\n  - {id: a, parties: [x, y], clauses: [{id: c, layers: os}]}\n"))
	f.Add([]byte("agreements: &a [*a]\n"))
	f.Add([]byte("agreements:\n  - signoffs: [{digests: {a: b}}]\n---\nagreements: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8192 {
			return
		}
		if _, err := agreement.ReadAgreements("f.yaml", data); err != nil && onus.Code(err) == onus.EInternal {
			t.Fatalf("internal error: %v", err)
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// gitRepo makes a git repository in a temporary directory, or skips the
// test when git is not installed.
func gitRepo(t *testing.T) (dir string, git func(args ...string)) {
	t.Helper()
	dir = t.TempDir()
	git = testkit.Git(t, dir)
	git("init", "-q")
	return dir, git
}

func TestLoadVersionFromGit(t *testing.T) {
	dir, git := gitRepo(t)
	file := filepath.Join(dir, "agreements.yaml")
	os.WriteFile(file, mustRead(t, "testdata/model/agreements.yaml"), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "v1")
	os.WriteFile(file, []byte("apiVersion: onus/v1\n"), 0o644)

	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	t.Chdir(sub)
	src, err := agreement.ParseSource("HEAD:../agreements.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ags, err := agreement.LoadVersion(context.Background(), src)
	if err != nil || len(ags) != 3 {
		t.Fatalf("read %d agreements at HEAD: %v", len(ags), err)
	}
	src, _ = agreement.ParseSource("git:HEAD:missing.yaml")
	if _, err := agreement.LoadVersion(context.Background(), src); onus.Code(err) != onus.ENotFound {
		t.Errorf("a missing path: %v", err)
	}
}
