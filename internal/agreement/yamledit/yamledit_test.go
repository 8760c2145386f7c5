package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
)

const agreements = `# yaml-language-server: $schema=../schema.json
apiVersion: onus/v1
agreements:
  # The MSSP.
  - id: mdr
    type: msa
    parties: [acme, watch]
    last_reviewed: 2025-01-01   # by the CISO
    review_interval: 12mo

    signoffs:
      - {party: acme, by: ciso@acme.example, date: 2025-01-02}

    # What Watch does.
    clauses:
      - id: monitoring
        layers: [monitoring]
        responsible: watch
        split: >-
          Watch watches the logs at night;
          the SOC by day.

  - id: colo
    parties: [acme, harbour]
    clauses:
      - id: facility
        layers: [physical]
        responsible: harbour
`

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

func TestSetKeepsTheRestOfTheFile(t *testing.T) {
	tests := []struct {
		name   string
		line   int // of the mapping to change
		change func(f *File, m *yaml.Node)
		want   string // the whole file after the change
	}{
		{
			name: "replace a scalar, keeping its comment",
			line: 5,
			change: func(f *File, m *yaml.Node) {
				f.Set(m, "last_reviewed", scalar("2026-11-29"))
			},
			want: strings.Replace(agreements, "last_reviewed: 2025-01-01   # by the CISO", "last_reviewed: 2026-11-29 # by the CISO", 1),
		},
		{
			name: "insert before a key, below nothing but above its comment",
			line: 5,
			change: func(f *File, m *yaml.Node) {
				f.Set(m, "reviewed_by", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{scalar("ciso@acme.example")}}, "clauses")
			},
			want: strings.Replace(agreements, "\n    # What Watch does.\n", "\n    reviewed_by: [ciso@acme.example]\n    # What Watch does.\n", 1),
		},
		{
			name: "append to a list of flow mappings",
			line: 5,
			change: func(f *File, m *yaml.Node) {
				list := Get(m, "signoffs")
				entry := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("party"), scalar("watch"), scalar("by"), scalar("ceo@watch.example")}}
				f.Set(m, "signoffs", &yaml.Node{Kind: yaml.SequenceNode, Content: append(append([]*yaml.Node(nil), list.Content...), entry)})
			},
			want: strings.Replace(agreements, "      - {party: acme, by: ciso@acme.example, date: 2025-01-02}\n",
				"      - {party: acme, by: ciso@acme.example, date: 2025-01-02}\n      - party: watch\n        by: ceo@watch.example\n", 1),
		},
		{
			name: "add a key after the last one of the last mapping",
			line: 23,
			change: func(f *File, m *yaml.Node) {
				f.Set(m, "last_reviewed", scalar("2026-11-29"))
			},
			want: agreements + "    last_reviewed: 2026-11-29\n",
		},
		{
			name: "add a key to a mapping followed by another item",
			line: 5,
			change: func(f *File, m *yaml.Node) {
				f.Set(m, "document", scalar("contracts/mdr.pdf"))
			},
			want: strings.Replace(agreements, "          the SOC by day.\n", "          the SOC by day.\n    document: contracts/mdr.pdf\n", 1),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("a.yaml", []byte(agreements))
			if err != nil {
				t.Fatal(err)
			}
			m := f.MappingAt(tt.line, 5)
			if m == nil {
				t.Fatalf("no mapping at line %d", tt.line)
			}
			tt.change(f, m)
			got, err := f.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if !f.Spliced {
				t.Errorf("the change was not spliced")
			}
			if string(got) != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// A mapping in flow style cannot be spliced; the file is written from the
// node tree, which keeps the comments and the data.
func TestFlowMappingFallsBackToTheTree(t *testing.T) {
	src := "# head\napiVersion: onus/v1\nagreements:\n  - {id: a, parties: [x, y]}  # short\n"
	f, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := f.MappingAt(4, 5)
	f.Set(m, "last_reviewed", scalar("2026-11-29"))
	got, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if f.Spliced {
		t.Error("a flow mapping was spliced")
	}
	for _, want := range []string{"# head", "# short", "last_reviewed: 2026-11-29", "parties: [x, y]"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestCRLFAndSeveralDocuments(t *testing.T) {
	src := "apiVersion: onus/v1\r\nparties: []\r\n---\r\napiVersion: onus/v1\r\nagreements:\r\n  - id: a\r\n    parties: [x, y]\r\n"
	f, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f.Set(f.MappingAt(6, 5), "version", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "2"}, "parties")
	got, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "  - id: a\r\n", "  - id: a\r\n    version: \"2\"\r\n", 1)
	if !f.Spliced || string(got) != want {
		t.Errorf("spliced %v, got %q, want %q", f.Spliced, got, want)
	}
}

func TestWriteIsAtomicAndRefusesAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(path, []byte(agreements), 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Set(f.MappingAt(5, 5), "last_reviewed", scalar("2026-11-29"))
	if err := f.Write(); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	f, _ = Open(path)
	f.Set(f.MappingAt(5, 5), "last_reviewed", scalar("2026-12-01"))
	os.WriteFile(path, []byte(agreements+"# edited meanwhile\n"), 0o640)
	if err := f.Write(); onus.Code(err) != onus.EConflict {
		t.Errorf("writing over a changed file: %v, want a conflict", err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing.yaml")); onus.Code(err) != onus.ENotFound {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Parse("bad.yaml", []byte("a: [b\n")); onus.Code(err) != onus.EInvalid {
		t.Errorf("bad YAML: %v", err)
	}
}

// FuzzSet sets a field on the first block mapping of any YAML text: the
// result must parse and hold the new value, or the change is refused;
// nothing panics.
func FuzzSet(f *testing.F) {
	f.Add([]byte(agreements), "last_reviewed", "2026-11-29")
	f.Add([]byte("a: 1\nb:\n  - x\n  - y\n# tail\n"), "b", "z")
	f.Add([]byte("- {a: 1}\n- b: 2\n  c: |\n    text\n    # not a comment\n  d: 3\n"), "c", "new")
	f.Add([]byte("a: 1\r\n---\r\nb: 2\r\n"), "c", "3")
	f.Add([]byte("k: 'it''s'\nl: \"esc\\n\"\n"), "k", "v")
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		if len(data) > 4096 || key == "" {
			return
		}
		file, err := Parse("f.yaml", data)
		if err != nil {
			return
		}
		var m *yaml.Node
		var find func(n *yaml.Node)
		find = func(n *yaml.Node) {
			if m != nil {
				return
			}
			if n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) >= 2 {
				m = n
				return
			}
			for _, c := range n.Content {
				find(c)
			}
		}
		for _, d := range file.docs {
			find(d)
		}
		if m == nil {
			return
		}
		file.Set(m, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
		out, err := file.Bytes()
		if err != nil {
			return
		}
		if _, err := parseDocs(out); err != nil {
			t.Fatalf("the result does not parse: %v\n%s", err, out)
		}
	})
}
