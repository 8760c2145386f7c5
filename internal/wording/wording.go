// Package wording finds vague terms in agreement text: words that leave who
// does what, or by when, open to argument ("reasonable", "promptly", "best
// effort"). The list is documented in docs/checks.md and organisations extend
// it with their own terms.
package wording

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Term is a vague word or phrase, why it is vague, and a mechanical rewrite
// where one exists.
type Term struct {
	Phrase  string
	Why     string
	Rewrite string
}

// Default is the built-in list of vague terms.
var Default = []Term{
	{"reasonable", "says neither how much nor how fast", "state the measure: a number and a unit"},
	{"reasonably", "says neither how much nor how fast", "state the measure: a number and a unit"},
	{"commercially reasonable", "lets the provider decide what effort is worth its while", "state the obligation and its measure"},
	{"as appropriate", "leaves it to one side to decide when the duty applies", "name the conditions under which it applies"},
	{"where appropriate", "leaves it to one side to decide when the duty applies", "name the conditions under which it applies"},
	{"as needed", "leaves it to one side to decide when the duty applies", "name the trigger"},
	{"as necessary", "leaves it to one side to decide when the duty applies", "name the trigger"},
	{"where possible", "makes the duty optional", "say what is done, or drop the duty"},
	{"where practicable", "makes the duty optional", "say what is done, or drop the duty"},
	{"if feasible", "makes the duty optional", "say what is done, or drop the duty"},
	{"promptly", "sets no deadline", "within N hours"},
	{"timely", "sets no deadline", "within N hours"},
	{"in a timely manner", "sets no deadline", "within N hours"},
	{"as soon as possible", "sets no deadline", "within N hours"},
	{"asap", "sets no deadline", "within N hours"},
	{"without undue delay", "sets no deadline", "within N hours"},
	{"best effort", "promises trying, not doing", "state what is done and by when"},
	{"best efforts", "promises trying, not doing", "state what is done and by when"},
	{"endeavour", "promises trying, not doing", "state what is done and by when"},
	{"endeavor", "promises trying, not doing", "state what is done and by when"},
	{"industry standard", "names no standard", "name the standard and version (e.g. CIS AWS Foundations 3.0)"},
	{"industry-standard", "names no standard", "name the standard and version (e.g. CIS AWS Foundations 3.0)"},
	{"best practice", "names no practice", "name the control or standard"},
	{"best practices", "names no practice", "name the control or standard"},
	{"appropriate measures", "names no measure", "list the measures"},
	{"adequate", "names no measure", "state the measure"},
	{"sufficient", "names no measure", "state the measure"},
	{"periodically", "sets no interval", "every N days"},
	{"regularly", "sets no interval", "every N days"},
	{"from time to time", "sets no interval", "every N days"},
	{"may", "makes the duty optional", "shall (or drop the duty)"},
	{"might", "makes the duty optional", "shall (or drop the duty)"},
	{"could", "makes the duty optional", "shall (or drop the duty)"},
	{"should", "states a wish, not a duty", "shall"},
	{"generally", "allows exceptions it does not name", "name the exceptions"},
	{"typically", "allows exceptions it does not name", "name the exceptions"},
	{"normally", "allows exceptions it does not name", "name the exceptions"},
	{"etc", "leaves the list open", "complete the list"},
	{"and so on", "leaves the list open", "complete the list"},
}

// Match is one vague term found in a text.
type Match struct {
	Term
	// Text is the words as written, and Offset their byte offset.
	Text   string
	Offset int
}

// Matcher finds vague terms. It is safe for concurrent use.
type Matcher struct {
	terms []Term // longest phrase first, so that "best efforts" beats "best effort"
}

// NewMatcher returns a matcher for the given terms.
func NewMatcher(terms []Term) *Matcher {
	ts := append([]Term(nil), terms...)
	sort.SliceStable(ts, func(i, j int) bool { return len(ts[i].Phrase) > len(ts[j].Phrase) })
	return &Matcher{terms: ts}
}

// Find returns the vague terms in text, in order, without overlaps. Terms
// match whole words, case-insensitively.
func (m *Matcher) Find(text string) []Match {
	// Only ASCII letters are folded, so that offsets in the folded copy are
	// offsets in text: some letters change length in UTF-8 when lowered.
	lower := asciiLower(text)
	taken := make([]bool, len(lower))
	var out []Match
	for _, t := range m.terms {
		phrase := asciiLower(t.Phrase)
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], phrase)
			if i < 0 {
				break
			}
			start := from + i
			end := start + len(phrase)
			from = end
			if !wordBoundary(lower, start, end) || overlaps(taken, start, end) {
				continue
			}
			for k := start; k < end; k++ {
				taken[k] = true
			}
			out = append(out, Match{Term: t, Text: text[start:end], Offset: start})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func overlaps(taken []bool, start, end int) bool {
	for k := start; k < end; k++ {
		if taken[k] {
			return true
		}
	}
	return false
}

func wordBoundary(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return !isWordRune(before) && !isWordRune(after)
}

// isWordRune reports whether r continues a word; utf8.RuneError (no rune,
// or an invalid byte) does not.
func isWordRune(r rune) bool {
	return r == '_' || (r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)))
}
