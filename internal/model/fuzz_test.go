package model

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-dev/onus"
)

// FuzzLoad feeds arbitrary bytes to the model loader as a model file: it must
// never panic, and every failure must be an onus error list naming the file.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: onus/v1\nparties: [{id: a, kind: customer}]\nassets: [{id: x, service: aws:rds, tags: {a: b}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "m.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, _, err := Load([]string{path}, Options{})
		if err != nil {
			if onus.Code(err) == onus.EInternal {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		if m.Customer() == nil {
			t.Fatal("a model that loads must have a customer party")
		}
	})
}
