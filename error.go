package onus

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrorCode classifies an Error. Codes map to exit statuses and HTTP statuses
// in one place each.
type ErrorCode string

// The error codes.
const (
	EInvalid     ErrorCode = "invalid"     // bad input: a file, a flag, a value
	ENotFound    ErrorCode = "not-found"   // a named thing does not exist
	EConflict    ErrorCode = "conflict"    // two things contradict each other
	EUnsupported ErrorCode = "unsupported" // a format or version onus does not read
	ETooLarge    ErrorCode = "too-large"   // an input over a size limit
	EInternal    ErrorCode = "internal"    // a bug or an I/O failure
)

// Location points into a source file. Line and Column count from 1; zero means
// unknown. Path is the field path inside the document, such as
// "assignments[2].owner".
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Path   string `json:"path,omitempty"`
}

// String formats l as file:line:column.
func (l Location) String() string {
	var b strings.Builder
	b.WriteString(l.File)
	if l.Line > 0 {
		fmt.Fprintf(&b, ":%d", l.Line)
		if l.Column > 0 {
			fmt.Fprintf(&b, ":%d", l.Column)
		}
	}
	return b.String()
}

// IsZero reports whether l points nowhere.
func (l Location) IsZero() bool { return l == Location{} }

// Error is onus's error type: a code, a plain-words message and, for errors in
// input files, where the problem is.
type Error struct {
	Code    ErrorCode
	Message string
	Loc     Location
	Err     error // the underlying error, if any
}

// Errorf returns an Error with the given code and formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorAt returns an Error located at loc.
func ErrorAt(loc Location, code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Loc: loc}
}

func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Loc.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Loc.Path != "" {
		b.WriteString(e.Loc.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Code returns the code of the first *Error in err's chain, EInternal for any
// other non-nil error, and "" for nil.
func Code(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var list ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Code
	}
	return EInternal
}

// ErrorList collects errors so that a user sees every problem in one run.
type ErrorList []*Error

// Add appends an error located at loc.
func (l *ErrorList) Add(loc Location, code ErrorCode, format string, args ...any) {
	*l = append(*l, ErrorAt(loc, code, format, args...))
}

// Sort orders the list by file, line, column and message, and drops exact
// repeats.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Loc.File != b.Loc.File {
			return a.Loc.File < b.Loc.File
		}
		if a.Loc.Line != b.Loc.Line {
			return a.Loc.Line < b.Loc.Line
		}
		if a.Loc.Column != b.Loc.Column {
			return a.Loc.Column < b.Loc.Column
		}
		return a.Message < b.Message
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.Error() == s[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(l))
	for _, e := range l {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// DidYouMean returns ` (did you mean "x"?)` when one candidate is close to
// word, and "" otherwise.
func DidYouMean(word string, candidates []string) string { return suggest(word, candidates) }

func suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist, bestPrefix := "", 1<<30, 0
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(w, lc)
		// On a tie, the candidate that starts like the word wins:
		// "pcii" is "pci" mistyped, not "pii".
		if p := commonPrefix(w, lc); d < bestDist || d == bestDist && p > bestPrefix {
			best, bestDist, bestPrefix = c, d, p
		}
	}
	if best == "" || bestDist > 2 && bestDist*3 > len(w) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost one,
// so that "rsd" is one step from "rds".
func editDistance(a, b string) int {
	rows := make([][]int, len(a)+1)
	for i := range rows {
		rows[i] = make([]int, len(b)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(a)][len(b)]
}
