package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/testkit"
)

// TestInvalid loads each file of testdata/invalid and compares every error
// it reports with its golden file.
func TestInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no invalid models")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, _, err := Load([]string{f}, Options{})
			if err == nil {
				t.Fatal("Load succeeded, want errors")
			}
			if onus.Code(err) == onus.EInternal {
				t.Errorf("error code is internal: %v", err)
			}
			got := err.Error() + "\n"
			testkit.Golden(t, strings.TrimSuffix(f, ".yaml")+".golden", []byte(got))
		})
	}
}

func TestValid(t *testing.T) {
	m, cat, err := Load([]string{"testdata/valid"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cat == nil || len(m.Parties) != 2 || len(m.Assets) != 1 {
		t.Fatalf("loaded %d parties, %d assets", len(m.Parties), len(m.Assets))
	}
	a := m.Assets[0]
	if a.Loc.Line != 14 || !strings.HasSuffix(a.Loc.File, "minimal.yaml") || a.Loc.Path != "assets[0]" {
		t.Errorf("asset location = %+v", a.Loc)
	}
	if len(a.Data) != 1 || a.Data[0] != onus.DataPII {
		t.Errorf("a single value must decode as a one-element list: %v", a.Data)
	}
	if got := m.Assignments[0].Layers; len(got) != 1 || got[0] != onus.LayerRefCustomer {
		t.Errorf("layers = %v", got)
	}
}

// TestMergeAcrossFiles checks that several files merge and that a duplicate ID
// across files names both places.
func TestMergeAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", "apiVersion: onus/v1\nparties:\n  - {id: acme, kind: customer}\n  - {id: dba, kind: team}\n")
	write("b.yml", "apiVersion: onus/v1\nassets:\n  - {id: db, service: aws:rds}\n---\napiVersion: onus/v1\nassignments:\n  - {id: x, layers: [data], owner: dba}\n")
	write(".hidden.yaml", "not: onus")
	m, _, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 || len(m.Assets) != 1 || len(m.Assignments) != 1 {
		t.Fatalf("merged model: files %v, %d assets, %d assignments", m.Files, len(m.Assets), len(m.Assignments))
	}
	write("c.yaml", "apiVersion: onus/v1\nparties:\n  - {id: dba, kind: team}\n")
	_, _, err = Load([]string{dir}, Options{})
	if err == nil || !strings.Contains(err.Error(), `c.yaml:3:10: parties[0].id: duplicate party id "dba" (first defined at `) {
		t.Errorf("duplicate across files: %v", err)
	}
}

func TestMissingPath(t *testing.T) {
	_, _, err := Load([]string{"testdata/does-not-exist"}, Options{})
	if onus.Code(err) != onus.ENotFound {
		t.Errorf("code = %q, want not-found: %v", onus.Code(err), err)
	}
}
