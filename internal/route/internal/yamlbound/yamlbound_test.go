package yamlbound

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/strictyaml"
)

func TestCheck(t *testing.T) {
	list := "[" + strings.Repeat("a,", 999) + "a]"
	refs := "[" + strings.Repeat("*x,", 99) + "*x]"
	tests := []struct {
		name, yaml string
		ok         bool
	}{
		{"small", "a: [1, 2, 3]\n", true},
		{"aliases within the bound", "x: &x [1, 2]\ny: [*x, *x]\n", true},
		{"an alias bomb", "x: &x " + list + "\ny: " + refs + "\n", false},
	}
	for _, tt := range tests {
		docs, err := strictyaml.Parse("f.yaml", []byte(tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		err = Check(docs, 10_000)
		if (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && (onus.Code(err) != onus.ETooLarge || !strings.HasPrefix(err.Error(), "f.yaml:1:1:")) {
			t.Errorf("%s: error %v, want a too-large error located in the file", tt.name, err)
		}
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(strings.Repeat("#", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, "rules file", 10); err != nil || len(data) != 11 {
		t.Errorf("read %d bytes, %v; want one past the limit", len(data), err)
	}
	_, err := ReadFile(filepath.Join(t.TempDir(), "none.yaml"), "rules file", 10)
	if onus.Code(err) != onus.ENotFound || !strings.Contains(err.Error(), "cannot read rules file") {
		t.Errorf("missing file: got %v, want a not-found error naming the rules file", err)
	}
}
