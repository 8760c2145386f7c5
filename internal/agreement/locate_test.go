package agreement

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// firstScalar returns the value node of key "k" in a YAML document.
func firstScalar(t testing.TB, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0].Content[1]
}

func TestWordPosition(t *testing.T) {
	tests := []struct {
		name, src, word string
		line, col       int
		ok              bool
	}{
		{"plain", "k: AWS will respond promptly.\n", "promptly", 1, 21, true},
		{"double-quoted", `k: "AWS will respond promptly."` + "\n", "promptly", 1, 22, true},
		{"single-quoted with a doubled quote", "k: 'AWS''s team responds promptly.'\n", "promptly", 1, 26, true},
		{"folded", "k: >-\n  AWS will respond\n  promptly and use best\n  efforts.\n", "best efforts", 3, 20, true},
		{"literal", "k: |\n  line one\n  may be vague\n", "may", 3, 3, true},
		{"plain over lines", "k: AWS will\n  respond promptly\n", "promptly", 2, 11, true},
		{"after a multi-byte character", "k: Zoë may respond\n", "may", 1, 8, true},
		{"an escape before the words", `k: "tab\there, then may"` + "\n", "may", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := firstScalar(t, tt.src)
			off := strings.Index(n.Value, tt.word)
			if off < 0 {
				t.Fatalf("%q not in %q", tt.word, n.Value)
			}
			line, col, ok := wordPosition([]byte(tt.src), n, off)
			if ok != tt.ok || line != tt.line || col != tt.col {
				t.Errorf("wordPosition = %d:%d %v, want %d:%d %v", line, col, ok, tt.line, tt.col, tt.ok)
			}
		})
	}
}

// FuzzWordPosition checks, on any YAML, that a position found for a word is
// inside the file and that the file holds that word's first byte there.
func FuzzWordPosition(f *testing.F) {
	f.Add("k: >-\n  AWS will respond\n  promptly.\n", 9)
	f.Add("k: 'it''s ok'\n", 3)
	f.Add("k: \"a\\tb c\"\n", 4)
	f.Add("k: |\n  a\n\n  b\n", 3)
	f.Fuzz(func(t *testing.T, src string, off int) {
		if len(src) > 2048 {
			return
		}
		var doc yaml.Node
		if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 {
			return
		}
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode || len(root.Content) < 2 || root.Content[1].Kind != yaml.ScalarNode {
			return
		}
		n := root.Content[1]
		line, col, ok := wordPosition([]byte(src), n, off)
		if !ok {
			return
		}
		at, found := lineColOffset([]byte(src), line, col)
		if !found || at > len(src) {
			t.Fatalf("position %d:%d is outside the file", line, col)
		}
		if off < len(n.Value) && at < len(src) && n.Value[off] != src[at] && n.Value[off] != '\'' {
			t.Fatalf("position %d:%d holds %q, the value's byte %d is %q", line, col, src[at], off, n.Value[off])
		}
	})
}
