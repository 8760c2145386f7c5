package jsonscan

import (
	"unicode/utf16"
	"unicode/utf8"

	"github.com/onus-dev/onus"
)

// Peek returns the kind of the next value without reading it, or EOF when
// the input has no more top-level values. After Peek, Location points at the
// value's first byte.
func (s *Scanner) Peek() (Kind, error) {
	c, ok, err := s.head()
	if err != nil {
		return 0, err
	}
	if !ok {
		return EOF, nil
	}
	k := kindOf(c)
	if k == 0 {
		return 0, s.expected(s.pos, "a value")
	}
	return k, nil
}

// Object reads the next value, which must be an object, calling fn for each
// member in input order. fn must read the member's value with one of the
// Scanner's reading methods, or return nil without reading it to skip it.
// key is the member's name, unescaped; it is valid only until fn returns.
//
// When fn returns an error, Object stops and returns it, and the Scanner
// returns it from every later call.
func (s *Scanner) Object(fn func(key []byte) error) error {
	c, ok, err := s.head()
	if err != nil {
		return err
	}
	if !ok || c != '{' {
		return s.mismatch(ok, c, "an object")
	}
	if len(s.frames) >= s.MaxDepth {
		return s.tooDeep(s.pos)
	}
	s.pos++
	mark := len(s.keys)
	s.frames = append(s.frames, frame{key: mark, end: -1})
	top := len(s.frames) - 1
	c, ok = s.nonSpace()
	if ok && c == '}' {
		s.pos++
		return s.closed(mark)
	}
	if !ok || c != '"' {
		return s.expected(s.pos, "an object key or '}'")
	}
	for {
		key, err := s.readString()
		if err != nil {
			return err
		}
		// The key moves out of the buffer, which reading the value may
		// refill; keys of enclosing objects stay below it.
		s.keys = append(s.keys[:mark], key...)
		s.frames[top].end = len(s.keys)
		if len(s.keys) > s.MaxValue {
			return s.tooLarge(s.locAt(s.pos))
		}
		if c, ok = s.nonSpace(); !ok || c != ':' {
			return s.expected(s.pos, "':' after object key")
		}
		s.pos++
		if c, ok = s.nonSpace(); !ok || kindOf(c) == 0 {
			return s.expected(s.pos, "a value after ':'")
		}
		if err := s.member(func() error { return fn(s.keys[mark:len(s.keys):len(s.keys)]) }); err != nil {
			return err
		}
		c, ok = s.nonSpace()
		if ok && c == ',' {
			s.pos++
			if c, ok = s.nonSpace(); !ok || c != '"' {
				return s.expected(s.pos, "an object key after ','")
			}
			continue
		}
		if ok && c == '}' {
			s.pos++
			return s.closed(mark)
		}
		return s.expected(s.pos, "',' or '}' after object member")
	}
}

// Array reads the next value, which must be an array, calling fn for each
// element in input order. fn must read the element with one of the
// Scanner's reading methods, or return nil without reading it to skip it.
//
// When fn returns an error, Array stops and returns it, and the Scanner
// returns it from every later call.
func (s *Scanner) Array(fn func() error) error {
	c, ok, err := s.head()
	if err != nil {
		return err
	}
	if !ok || c != '[' {
		return s.mismatch(ok, c, "an array")
	}
	if len(s.frames) >= s.MaxDepth {
		return s.tooDeep(s.pos)
	}
	s.pos++
	mark := len(s.keys)
	s.frames = append(s.frames, frame{key: -1, index: -1})
	top := len(s.frames) - 1
	c, ok = s.nonSpace()
	if ok && c == ']' {
		s.pos++
		return s.closed(mark)
	}
	if !ok || kindOf(c) == 0 {
		return s.expected(s.pos, "a value or ']'")
	}
	for {
		s.frames[top].index++
		if err := s.member(fn); err != nil {
			return err
		}
		c, ok = s.nonSpace()
		if ok && c == ',' {
			s.pos++
			if c, ok = s.nonSpace(); !ok || kindOf(c) == 0 {
				return s.expected(s.pos, "a value after ','")
			}
			continue
		}
		if ok && c == ']' {
			s.pos++
			return s.closed(mark)
		}
		return s.expected(s.pos, "',' or ']' after array element")
	}
}

// member hands the value at buf[pos] to fn and skips it if fn does not read
// it.
func (s *Scanner) member(fn func() error) error {
	s.consumed = false
	if err := fn(); err != nil {
		if s.err == nil {
			s.err = err
		}
		return err
	}
	if s.err != nil {
		// fn dropped an error from a nested read: the input is not where
		// the caller thinks.
		return s.err
	}
	if !s.consumed {
		return s.skipValue()
	}
	return nil
}

// closed ends the innermost object or array, whose keys start at
// keys[mark].
func (s *Scanner) closed(mark int) error {
	s.keys = s.keys[:mark]
	s.frames = s.frames[:len(s.frames)-1]
	s.done()
	return nil
}

// nonSpace skips white space and returns the next byte, at buf[pos]; at the
// end of the input it returns ok == false.
func (s *Scanner) nonSpace() (c byte, ok bool) {
	if s.pos < s.end && s.buf[s.pos] > ' ' {
		return s.buf[s.pos], true
	}
	// The one space after a colon, and a line break with its indentation,
	// are most of the white space in real files: take them without a call.
	if i := s.pos + 1; i < s.end && s.buf[s.pos] == ' ' && s.buf[i] > ' ' {
		s.pos = i
		return s.buf[i], true
	}
	s.pos = s.spaceAt(s.pos)
	if s.pos == s.end {
		return 0, false
	}
	return s.buf[s.pos], true
}

// String reads the next value, which must be a string, and returns it
// unescaped.
func (s *Scanner) String() (string, error) {
	b, err := s.Bytes()
	return string(b), err
}

// Bytes reads the next value, which must be a string, and returns it
// unescaped. The bytes are valid until the next call on s; they point into
// the Scanner's buffer when the string has no escapes, so reading them
// costs no allocation.
func (s *Scanner) Bytes() ([]byte, error) {
	c, ok, err := s.head()
	if err != nil {
		return nil, err
	}
	if !ok || c != '"' {
		return nil, s.mismatch(ok, c, "a string")
	}
	b, err := s.readString()
	if err != nil {
		return nil, err
	}
	s.done()
	return b, nil
}

// readString reads the string whose opening quote is buf[pos]. The result
// points into buf when the string has no escapes and fits in it, and into
// s.scratch otherwise.
func (s *Scanner) readString() ([]byte, error) {
	o := origin{i: s.pos}
	i := s.pos + 1
	ascii := true
	for {
		var a bool
		i, a = stringStopASCII(s.buf[:s.end], i)
		ascii = ascii && a
		if i < s.end {
			if s.buf[i] != '"' {
				break
			}
			b := s.buf[s.pos+1 : i]
			if !ascii && !utf8.Valid(b) {
				return nil, s.badUTF8(s.pos+1, i)
			}
			if len(b) > s.MaxValue {
				return nil, s.tooLarge(s.where(&o))
			}
			s.pos = i + 1
			return b, nil
		}
		if s.pos == 0 && s.end == len(s.buf) {
			break // longer than the buffer
		}
		k := i - s.pos
		more := s.fill()
		i, o.i = s.pos+k, s.pos
		if !more {
			// Report problems in input order, as readSlow does.
			if !utf8.Valid(s.buf[s.pos+1 : i]) {
				return nil, s.badUTF8(s.pos+1, i)
			}
			return nil, s.unterminated(&o, "string")
		}
	}
	// An escape, a control character or a string longer than the buffer:
	// go on in scratch, from a rune boundary.
	start := s.pos + 1
	j := start + runeBoundary(s.buf[start:i])
	if !utf8.Valid(s.buf[start:j]) {
		return nil, s.badUTF8(start, j)
	}
	s.pin(&o)
	s.scratch = append(s.scratch[:0], s.buf[start:j]...)
	s.pos = j
	return s.readSlow(&o)
}

// readSlow reads the rest of a string from buf[pos] on, appending it to
// s.scratch unescaped, one refill or escape or non-ASCII rune at a time.
func (s *Scanner) readSlow(o *origin) ([]byte, error) {
	for {
		j := s.pos
		for j < s.end && plainASCII[s.buf[j]] {
			j++
		}
		s.scratch = append(s.scratch, s.buf[s.pos:j]...)
		s.pos = j
		if len(s.scratch) > s.MaxValue {
			return nil, s.tooLarge(o.loc)
		}
		if j == s.end {
			if !s.fill() {
				return nil, s.unterminated(o, "string")
			}
			continue
		}
		switch c := s.buf[j]; {
		case c == '"':
			s.pos++
			return s.scratch, nil
		case c == '\\':
			if err := s.unescape(o); err != nil {
				return nil, err
			}
		case c < 0x20:
			return nil, s.badControl(j)
		default:
			s.ensure(utf8.UTFMax)
			r, size := utf8.DecodeRune(s.buf[s.pos:s.end])
			if r == utf8.RuneError && size <= 1 {
				return nil, s.fail(s.pos, "invalid UTF-8 in string")
			}
			s.scratch = append(s.scratch, s.buf[s.pos:s.pos+size]...)
			s.pos += size
		}
	}
}

// plainASCII tells the bytes that stand for themselves in a string and need
// no UTF-8 check.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unescaped maps the byte after a backslash to the byte it stands for.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// unescape appends the character that the escape at buf[pos] stands for to
// s.scratch. Surrogate halves that do not pair up become U+FFFD, as in
// encoding/json.
func (s *Scanner) unescape(o *origin) error {
	if s.ensure(2) && s.buf[s.pos+1] == 'u' {
		s.ensure(6)
	}
	k, err := s.escapeLen(s.pos, o)
	if err != nil {
		return err
	}
	if k == 2 {
		s.scratch = append(s.scratch, unescaped[s.buf[s.pos+1]])
		s.pos += 2
		return nil
	}
	r := s.hexRune(s.pos + 2)
	s.pos += 6
	if utf16.IsSurrogate(r) {
		low := utf8.RuneError
		if s.ensure(1) && s.buf[s.pos] == '\\' && s.ensure(2) && s.buf[s.pos+1] == 'u' && s.ensure(6) && s.isHex4(s.pos+2) {
			low = s.hexRune(s.pos + 2)
		}
		if r = utf16.DecodeRune(r, low); r != utf8.RuneError {
			s.pos += 6
		}
	}
	s.scratch = utf8.AppendRune(s.scratch, r)
	return nil
}

func (s *Scanner) isHex4(i int) bool {
	b := s.buf[i : i+4]
	return hexVal[b[0]]|hexVal[b[1]]|hexVal[b[2]]|hexVal[b[3]] >= 0
}

func (s *Scanner) hexRune(i int) rune {
	b := s.buf[i : i+4]
	return rune(hexVal[b[0]])<<12 | rune(hexVal[b[1]])<<8 | rune(hexVal[b[2]])<<4 | rune(hexVal[b[3]])
}

// runeBoundary returns the length of the longest prefix of b that does not
// end inside an incomplete UTF-8 sequence.
func runeBoundary(b []byte) int {
	for k := 1; k <= utf8.UTFMax && k <= len(b); k++ {
		if c := b[len(b)-k]; utf8.RuneStart(c) {
			if c >= utf8.RuneSelf && !utf8.FullRune(b[len(b)-k:]) {
				return len(b) - k
			}
			break
		}
	}
	return len(b)
}

// badUTF8 reports the first byte of buf[from:to] that is not UTF-8.
func (s *Scanner) badUTF8(from, to int) error {
	b := s.buf[from:to]
	k := 0
	for k < len(b) {
		r, size := utf8.DecodeRune(b[k:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		k += size
	}
	return s.fail(from+k, "invalid UTF-8 in string")
}

// Scalar reads the next value, which must be a number, true, false or null,
// and returns its text as written, with its kind, for callers that keep
// values as text. The bytes are valid until the next call on s.
func (s *Scanner) Scalar() ([]byte, Kind, error) {
	c, ok, err := s.head()
	if err != nil {
		return nil, 0, err
	}
	k := kindOf(c)
	if !ok || k != Number && k != Bool && k != Null {
		return nil, 0, s.mismatch(ok, c, "a number, true, false or null")
	}
	s.capture()
	i, err := s.skipScalar(s.pos, c)
	if err != nil {
		return nil, 0, err
	}
	s.pos = i
	b, err := s.captured()
	if err != nil {
		return nil, 0, err
	}
	s.done()
	return b, k, nil
}

// Int reads the next value, which must be an integer that fits in an int64.
// A number that is not such an integer is read, and Int returns an error
// that is not sticky.
func (s *Scanner) Int() (int64, error) {
	c, ok, err := s.head()
	if err != nil {
		return 0, err
	}
	if !ok || kindOf(c) != Number {
		return 0, s.mismatch(ok, c, "an integer")
	}
	b, _, err := s.Scalar()
	if err != nil {
		return 0, err
	}
	neg := b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
	}
	// Accumulate negatively, so that math.MinInt64 fits.
	var v int64
	for _, d := range digits {
		if d < '0' || d > '9' {
			return 0, s.notInt(b, "expected an integer, found %s")
		}
		if v < (-1<<63)/10 || v*10 < -1<<63+int64(d-'0') {
			return 0, s.notInt(b, "integer %s out of range")
		}
		v = v*10 - int64(d-'0')
	}
	if !neg {
		if v == -1<<63 {
			return 0, s.notInt(b, "integer %s out of range")
		}
		v = -v
	}
	return v, nil
}

// notInt reports that the number b, just read by Int, is not an int64. The
// error is not sticky.
func (s *Scanner) notInt(b []byte, format string) error {
	const max = 40 // digits worth showing
	text := string(b)
	if len(b) > max {
		text = string(b[:max]) + "..."
	}
	loc := s.where(&s.capOrigin)
	loc.Path = s.Path()
	return onus.ErrorAt(loc, onus.EInvalid, format, text)
}

// Bool reads the next value, which must be true or false.
func (s *Scanner) Bool() (bool, error) {
	c, ok, err := s.head()
	if err != nil {
		return false, err
	}
	word := "false"
	switch {
	case ok && c == 't':
		word = "true"
	case ok && c == 'f':
	default:
		return false, s.mismatch(ok, c, "true or false")
	}
	i, err := s.skipLiteral(s.pos, word)
	if err != nil {
		return false, err
	}
	s.pos = i
	s.done()
	return c == 't', nil
}

// Raw reads the next value, of any kind, and returns its text as written,
// for the rare value that a caller wants to hand to encoding/json whole. The
// bytes are valid until the next call on s.
func (s *Scanner) Raw() ([]byte, error) {
	_, ok, err := s.head()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.mismatch(false, 0, "a value")
	}
	s.capture()
	if err := s.skipValue(); err != nil {
		return nil, err
	}
	b, err := s.captured()
	if err != nil {
		return nil, err
	}
	s.done()
	return b, nil
}

// capture starts saving the bytes read from buf[pos] on; fill moves them to
// s.scratch before it drops them.
func (s *Scanner) capture() {
	s.capturing, s.spilled = true, false
	s.capStart = s.pos
	s.capOrigin = origin{i: s.pos}
	s.scratch = s.scratch[:0]
}

// captured stops saving and returns the bytes saved up to buf[pos].
func (s *Scanner) captured() ([]byte, error) {
	s.capturing = false
	b := s.buf[s.capStart:s.pos]
	if s.spilled {
		s.scratch = append(s.scratch, b...)
		b = s.scratch
	}
	if len(b) > s.MaxValue {
		return nil, s.tooLarge(s.where(&s.capOrigin))
	}
	return b, nil
}
