// Package jsonscan reads JSON from an io.Reader as a stream of values, for
// inputs that encoding/json is too slow or too memory-hungry for: Terraform
// states of several gigabytes and millions of security findings.
//
// A Scanner is a pull parser. The caller asks for the next value in the form
// it expects (Object, Array, String, Scalar, Skip, ...) and the Scanner reads
// just that value through a fixed-size buffer, so memory does not grow with
// the input. Object and Array hand each member or element to a callback; the
// callback reads the value with one of the reading methods, or returns
// without reading it, in which case the value is skipped:
//
//	err := s.Object(func(key []byte) error {
//		switch string(key) {
//		case "type":
//			typ, err = s.String()
//			return err
//		case "resources":
//			return s.Array(readResource)
//		}
//		return nil // skipped
//	})
//
// The grammar is RFC 8259, checked strictly: whatever json.Valid rejects, the
// Scanner rejects too. The differences are a byte-order mark, which is allowed
// at the very start of the input, and several top-level values in a row, which
// are read one after the other, so that newline-delimited JSON and
// concatenated documents work (a number or literal must be followed by white
// space there). Strings handed out are checked to be UTF-8; strings that are
// skipped are not, as with json.Valid. Escaped surrogate halves that do not
// pair up read as U+FFFD, as with encoding/json.
//
// Errors are *onus.Error values located at the offending byte (line and
// column count from 1; columns count bytes) with the field path of the value
// being read, such as resources[3].instances[0].attributes. Errors in the
// input, limits and read errors are sticky: once one is returned, every
// later call returns it. An error about the kind of a well-formed value (a
// number where a string is expected) is not: the value stays unread, and the
// caller may Skip it and go on, to report every problem of a file in one
// run. Location gives callers the same location for errors of their own.
package jsonscan

import (
	"bytes"
	"fmt"
	"io"
	"math/bits"
	"strconv"

	"github.com/onus-dev/onus"
)

// Default limits, set by New.
const (
	// DefaultMaxValue is the default of Scanner.MaxValue.
	DefaultMaxValue = 16 << 20
	// DefaultMaxDepth is the default of Scanner.MaxDepth; it is also the
	// nesting limit of encoding/json.
	DefaultMaxDepth = 10000
)

const (
	// defaultBuffer is the size of the read buffer: big enough that refills
	// and their bookkeeping cost nothing measurable, small enough to stay in
	// the second-level cache.
	defaultBuffer = 256 << 10
	// minBuffer is the longest look-ahead the Scanner needs: a \u escape
	// and its four hex digits.
	minBuffer = 6
	// maxEmptyReads bounds how often a Reader may return no bytes and no
	// error before the Scanner gives up, as bufio does.
	maxEmptyReads = 100
)

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values, and EOF for the end of the input.
const (
	Object Kind = iota + 1
	Array
	String
	Number
	Bool
	Null
	EOF
)

var kindNames = [...]string{
	0:      "invalid",
	Object: "object",
	Array:  "array",
	String: "string",
	Number: "number",
	Bool:   "boolean",
	Null:   "null",
	EOF:    "end of input",
}

// String returns the name of k, such as "object".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// phrase names k in an error message, with an article where English wants
// one.
func (k Kind) phrase() string {
	switch k {
	case Object:
		return "an object"
	case Array:
		return "an array"
	case String:
		return "a string"
	case Number:
		return "a number"
	case Bool:
		return "a boolean"
	}
	return k.String()
}

// kindOf returns the kind of the value that starts with c, or 0 when no value
// starts with c.
func kindOf(c byte) Kind {
	return startKind[c]
}

var startKind = func() (t [256]Kind) {
	t['{'] = Object
	t['['] = Array
	t['"'] = String
	t['-'] = Number
	for c := '0'; c <= '9'; c++ {
		t[c] = Number
	}
	t['t'] = Bool
	t['f'] = Bool
	t['n'] = Null
	return t
}()

// A Scanner reads JSON values from an io.Reader. It is not safe for
// concurrent use.
type Scanner struct {
	// MaxValue is the largest string, number or Raw value, in bytes, that
	// the Scanner will hand out; longer ones are errors with code
	// onus.ETooLarge. It also bounds the keys of the objects being read
	// taken together. Skip is not bounded by it. New sets it to
	// DefaultMaxValue.
	MaxValue int
	// MaxDepth is how deeply arrays and objects may nest; deeper input is an
	// error with code onus.ETooLarge. New sets it to DefaultMaxDepth.
	MaxDepth int

	r    io.Reader
	file string

	// buf[pos:end] is read but not yet consumed. buf never changes after
	// New: refills move the unconsumed bytes to its start, so that code may
	// hold a local copy of the slice across them.
	buf      []byte
	pos, end int
	base     int64 // offset in the input of buf[0]
	eof      bool  // the reader is exhausted or failed

	// Lines are counted lazily, up to lnOff, which never passes a byte
	// still needed for an error location.
	line      int
	lineStart int64 // offset of the first byte of line
	lnOff     int64

	started  bool    // a leading byte-order mark has been looked for
	frames   []frame // the objects and arrays open through Object and Array
	consumed bool    // the value handed to the current callback has been read
	err      error

	scratch []byte // unescaped strings and captured values
	keys    []byte // the current keys of the open objects, outermost first
	stack   []byte // the closing brackets of the containers Skip is in

	capturing bool // Raw or Scalar is saving what it reads
	spilled   bool // part of the capture has moved to scratch
	capStart  int
	capOrigin origin
}

// New returns a Scanner reading from r. file names the input in error
// locations.
func New(r io.Reader, file string) *Scanner {
	return newSize(r, file, defaultBuffer)
}

// newSize returns a Scanner with a buffer of size bytes, so that tests can
// make every value straddle refills.
func newSize(r io.Reader, file string, size int) *Scanner {
	s := &Scanner{buf: make([]byte, max(size, minBuffer))}
	s.Reset(r, file)
	return s
}

// Reset makes s read from r as if it were new, keeping its buffers and its
// limits, so that one Scanner can read many small files without allocating.
func (s *Scanner) Reset(r io.Reader, file string) {
	maxValue, maxDepth := s.MaxValue, s.MaxDepth
	if maxValue == 0 {
		maxValue = DefaultMaxValue
	}
	if maxDepth == 0 {
		maxDepth = DefaultMaxDepth
	}
	*s = Scanner{
		MaxValue: maxValue,
		MaxDepth: maxDepth,
		r:        r,
		file:     file,
		buf:      s.buf,
		line:     1,
		scratch:  s.scratch[:0],
		keys:     s.keys[:0],
		stack:    s.stack[:0],
		frames:   s.frames[:0],
	}
}

// Offset returns the offset in bytes, from the start of the input, of the
// next unread byte. After Peek, and inside the callbacks of Object and Array,
// that is the first byte of the value about to be read.
func (s *Scanner) Offset() int64 { return s.base + int64(s.pos) }

// Line returns the line, counting from 1, of the next unread byte.
func (s *Scanner) Line() int { return s.locAt(s.pos).Line }

// Column returns the column, counting bytes from 1, of the next unread byte.
func (s *Scanner) Column() int { return s.locAt(s.pos).Column }

// Location returns the file, line and column of the next unread byte and
// the field path of the value being read, for errors that a caller finds in
// a value: take it before reading the value.
func (s *Scanner) Location() onus.Location {
	loc := s.locAt(s.pos)
	loc.Path = s.Path()
	return loc
}

// A frame is an object or array open through Object or Array.
type frame struct {
	key, end int // the current member's key is keys[key:end]; key < 0 in an array, end < 0 before the first key
	index    int // the current element's index in an array, -1 before the first
}

// Path returns the field path of the member or element being read, such as
// resources[2].instances[0].attributes, or "" at the top level. Keys that
// are not plain words are quoted: tags["kubernetes.io/name"].
func (s *Scanner) Path() string {
	var b []byte
	for _, f := range s.frames {
		if f.index < 0 || f.end < 0 {
			break // no member or element read yet
		}
		if f.key < 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(f.index), 10)
			b = append(b, ']')
			continue
		}
		key := s.keys[f.key:f.end]
		if plainKey(key) {
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, key...)
			continue
		}
		b = append(b, '[')
		b = strconv.AppendQuote(b, string(key))
		b = append(b, ']')
	}
	return string(b)
}

// plainKey reports whether key can stand in a path unquoted.
func plainKey(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	for _, c := range key {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// locAt returns the location of buf[i]. i must not be before lnOff, which
// holds as long as locations are taken in input order or before a refill
// drops them (see origin).
func (s *Scanner) locAt(i int) onus.Location {
	s.countLines(i)
	return onus.Location{
		File:   s.file,
		Line:   s.line,
		Column: int(s.base+int64(i)-s.lineStart) + 1,
	}
}

// countLines counts the line breaks before buf[i].
func (s *Scanner) countLines(i int) {
	from := int(s.lnOff - s.base)
	if i <= from {
		return
	}
	b := s.buf[from:i]
	if k := bytes.Count(b, newline); k > 0 {
		s.line += k
		s.lineStart = s.base + int64(from+bytes.LastIndexByte(b, '\n')+1)
	}
	s.lnOff = s.base + int64(i)
}

var newline = []byte{'\n'}

// origin remembers where a token began, so that an error found after a
// refill has dropped the token's first byte can still point at it.
type origin struct {
	i     int
	loc   onus.Location
	known bool
}

// pin fixes o's location; it must be called before any refill that may drop
// buf[o.i].
func (s *Scanner) pin(o *origin) {
	if !o.known {
		o.loc, o.known = s.locAt(o.i), true
	}
}

// where returns o's location.
func (s *Scanner) where(o *origin) onus.Location {
	if o.known {
		return o.loc
	}
	return s.locAt(o.i)
}

// fill reads more input after buf[end], first dropping the consumed bytes
// before buf[pos]. It reports whether it read anything; when it did not, the
// input is exhausted or s.err says why. Callers leave room to read into:
// only readString keeps bytes before the ones it scans, and it checks.
func (s *Scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.capturing {
		s.pin(&s.capOrigin)
		s.scratch = append(s.scratch, s.buf[s.capStart:s.pos]...)
		s.spilled = true
		s.capStart = 0
		if len(s.scratch) > s.MaxValue {
			s.tooLarge(s.capOrigin.loc)
			return false
		}
	}
	if s.pos > 0 {
		s.countLines(s.pos)
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos = 0
	}
	for range maxEmptyReads {
		n, err := s.r.Read(s.buf[s.end:])
		if n < 0 || n > len(s.buf)-s.end {
			n, err = 0, fmt.Errorf("reader returned an invalid count %d", n)
		}
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = &onus.Error{Code: onus.EInternal, Message: "cannot read input", Loc: s.locAt(s.end), Err: err}
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof = true
	s.err = &onus.Error{Code: onus.EInternal, Message: "cannot read input", Loc: s.locAt(s.end), Err: io.ErrNoProgress}
	return false
}

// ensure tries to have k bytes from buf[pos] on, and reports whether it has.
func (s *Scanner) ensure(k int) bool {
	for s.end-s.pos < k {
		if !s.fill() {
			return false
		}
	}
	return true
}

// fail records an error in the input at buf[i] and returns it; the first
// error recorded wins.
func (s *Scanner) fail(i int, format string, args ...any) error {
	return s.failAt(s.locAt(i), onus.EInvalid, format, args...)
}

func (s *Scanner) failAt(loc onus.Location, code onus.ErrorCode, format string, args ...any) error {
	if s.err == nil {
		loc.Path = s.Path()
		s.err = onus.ErrorAt(loc, code, format, args...)
	}
	return s.err
}

// expected reports that what was expected at buf[i] and something else was
// found.
func (s *Scanner) expected(i int, what string) error {
	return s.fail(i, "expected %s, found %s", what, s.found(i))
}

// unterminated reports input that ends inside a token that began at o.
func (s *Scanner) unterminated(o *origin, what string) error {
	return s.failAt(s.where(o), onus.EInvalid, "unterminated %s", what)
}

func (s *Scanner) tooLarge(loc onus.Location) error {
	return s.failAt(loc, onus.ETooLarge, "value too large (more than %d bytes)", s.MaxValue)
}

func (s *Scanner) tooDeep(i int) error {
	return s.failAt(s.locAt(i), onus.ETooLarge, "arrays and objects nested too deeply (more than %d levels)", s.MaxDepth)
}

// found describes buf[i] for an error message.
func (s *Scanner) found(i int) string {
	if i >= s.end {
		return "end of input"
	}
	return describe(s.buf[i])
}

func describe(c byte) string {
	if c >= 0x80 {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("%q", rune(c))
}

// spaceAt returns the index of the first byte at or after buf[i] that is not
// white space, refilling as needed; at the end of the input it returns end.
func (s *Scanner) spaceAt(i int) int {
	for {
		buf := s.buf[:s.end]
		for i < len(buf) {
			c := buf[i]
			if c > ' ' || !isSpace[c] {
				return i
			}
			i++
			// Indentation comes in long runs of spaces: count them eight
			// at a time.
			for i+8 <= len(buf) {
				if x := le64(buf[i:]) ^ lo*' '; x != 0 {
					i += bits.TrailingZeros64(x) / 8
					break
				}
				i += 8
			}
		}
		s.pos = i
		if !s.fill() {
			return s.end
		}
		i = s.pos
	}
}

var isSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// head checks that a value may be read now, skips the white space before it,
// and returns its first byte, at buf[pos]; at the end of the input it returns
// ok == false.
func (s *Scanner) head() (c byte, ok bool, err error) {
	if s.err != nil {
		return 0, false, s.err
	}
	if s.consumed {
		return 0, false, &onus.Error{Code: onus.EInternal, Message: "jsonscan: a callback read more than the one value it was given", Loc: s.Location()}
	}
	if !s.started {
		s.started = true
		if s.ensure(3) && s.buf[0] == 0xEF && s.buf[1] == 0xBB && s.buf[2] == 0xBF {
			// Columns count from after the mark, as editors show them.
			s.pos, s.lnOff, s.lineStart = 3, 3, 3
		}
	}
	s.pos = s.spaceAt(s.pos)
	if s.pos == s.end {
		return 0, false, s.err
	}
	return s.buf[s.pos], true, nil
}

// mismatch reports that the next value is not of the kind wanted. The value
// stays unread and the error is not sticky, so that the caller may skip the
// value and go on.
func (s *Scanner) mismatch(ok bool, c byte, want string) error {
	found := "end of input"
	if ok {
		k := kindOf(c)
		if k == 0 {
			return s.expected(s.pos, "a value")
		}
		found = k.phrase()
		switch c {
		case 't':
			found = "true"
		case 'f':
			found = "false"
		}
	}
	return onus.ErrorAt(s.Location(), onus.EInvalid, "expected %s, found %s", want, found)
}

// done marks the value handed to the current callback as read.
func (s *Scanner) done() {
	s.consumed = len(s.frames) > 0
}
