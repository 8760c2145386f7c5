package wording

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFind(t *testing.T) {
	m := NewMatcher(Default)
	tests := []struct {
		text string
		want []string
	}{
		{"The provider will promptly notify the customer.", []string{"promptly"}},
		{"Uses BEST EFFORTS and industry-standard controls, etc.", []string{"BEST EFFORTS", "industry-standard", "etc"}},
		{"Notifies within 24 hours by e-mail.", nil},
		{"The customer may configure backups as appropriate.", []string{"may", "as appropriate"}},
		// Whole words only: "mayor" and "reasonableness" hold no term.
		{"The mayor's office; reasonableness tests.", nil},
		// The longest phrase wins: one match, not "reasonable" inside it.
		{"using commercially reasonable efforts", []string{"commercially reasonable"}},
		// Letters that change length when lowered must not shift offsets.
		{"ȺȺȺȺ İİ may", []string{"may"}},
		// Letters outside ASCII continue a word; punctuation does not.
		{"épromptly and promptlyé", nil},
		{"notified—promptly", []string{"promptly"}},
	}
	for _, tt := range tests {
		var got []string
		for _, match := range m.Find(tt.text) {
			got = append(got, match.Text)
			if tt.text[match.Offset:match.Offset+len(match.Text)] != match.Text {
				t.Errorf("%q: offset %d does not point at %q", tt.text, match.Offset, match.Text)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestEveryTermExplainsItself(t *testing.T) {
	for _, term := range Default {
		if term.Why == "" || term.Rewrite == "" {
			t.Errorf("term %q lacks a reason or a rewrite", term.Phrase)
		}
	}
}

// FuzzFind checks that every match points at its words in the text, whatever
// the text holds.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"promptly", "ȺȺȺȺ may", "best efforts, etc.", "İ reasonable", "\xff\xfe as appropriate"} {
		f.Add(s)
	}
	m := NewMatcher(Default)
	f.Fuzz(func(t *testing.T, text string) {
		for _, match := range m.Find(text) {
			if match.Offset < 0 || match.Offset+len(match.Text) > len(text) || text[match.Offset:match.Offset+len(match.Text)] != match.Text {
				t.Fatalf("match %+v does not point into %q", match, text)
			}
		}
	})
}
