package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// Masks for testing eight bytes at once (one bit or one byte per byte).
const (
	lo = 0x0101010101010101
	hi = 0x8080808080808080
)

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// stringMask sets the high bit of each byte of x that is a quote, a
// backslash or below 0x20, and may set it in bytes above such a byte, but
// never below: x^q is zero where x has q, and a zero byte borrows in the
// subtraction, which carries upwards only. So the lowest mark is exact.
func stringMask(x uint64) uint64 {
	q := x ^ lo*'"'
	e := x ^ lo*'\\'
	return ((q-lo)&^q | (e-lo)&^e | (x-lo*0x20)&^x) & hi
}

// stringStop returns the index of the first byte at or after b[i] that ends a
// run of plain string bytes, a quote, a backslash or a control character; or
// len(b).
func stringStop(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if m := stringMask(le64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return i
}

// stringStopASCII is stringStop that also reports whether the bytes it went
// over are ASCII, and so need no UTF-8 check.
func stringStopASCII(b []byte, i int) (int, bool) {
	var seen uint64 // the bytes gone over, or-ed together
	for ; i+8 <= len(b); i += 8 {
		x := le64(b[i:])
		if m := stringMask(x); m != 0 {
			k := bits.TrailingZeros64(m) / 8
			seen |= x & (1<<(8*k) - 1)
			return i + k, seen&hi == 0
		}
		seen |= x
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c == '"' || c == '\\' || c < 0x20 {
			break
		}
		seen |= uint64(c)
	}
	return i, seen&hi == 0
}

// Skip reads the next value and throws it away. It checks the value's
// grammar as it goes, but not the UTF-8 of its strings, and holds nothing in
// memory, however long the value is.
func (s *Scanner) Skip() error {
	_, ok, err := s.head()
	if err != nil {
		return err
	}
	if !ok {
		return s.mismatch(false, 0, "a value")
	}
	if err := s.skipValue(); err != nil {
		return err
	}
	s.done()
	return nil
}

// skipValue skips the value at buf[pos], which is not white space. It does
// not recurse: the closing brackets of the open containers are on s.stack.
func (s *Scanner) skipValue() error {
	buf := s.buf
	i, n := s.pos, s.end
	stack := s.stack[:0]
	room := s.MaxDepth - len(s.frames)
	var err error

value: // buf[i] starts a value
	switch c := buf[i]; c {
	case '"':
		i, err = s.skipString(i)
	case '{':
		if len(stack) >= room {
			return s.tooDeep(i)
		}
		stack = append(stack, '}')
		i++
		if i >= n || buf[i] <= ' ' {
			i, n = s.spaceAt(i), s.end
		}
		if i < n && buf[i] == '}' {
			stack = stack[:len(stack)-1]
			i++
			goto after
		}
		if i == n || buf[i] != '"' {
			return s.expected(i, "an object key or '}'")
		}
		goto key
	case '[':
		if len(stack) >= room {
			return s.tooDeep(i)
		}
		stack = append(stack, ']')
		i++
		if i >= n || buf[i] <= ' ' {
			i, n = s.spaceAt(i), s.end
		}
		if i < n && buf[i] == ']' {
			stack = stack[:len(stack)-1]
			i++
			goto after
		}
		if i == n || kindOf(buf[i]) == 0 {
			return s.expected(i, "a value or ']'")
		}
		goto value
	default:
		if kindOf(c) == 0 {
			return s.expected(i, "a value")
		}
		i, err = s.skipScalar(i, c)
	}
	if err != nil {
		return err
	}
	n = s.end

after: // a value ends before buf[i]
	if len(stack) == 0 {
		s.pos, s.stack = i, stack
		return nil
	}
	if i >= n || buf[i] <= ' ' {
		i, n = s.spaceAt(i), s.end
	}
	if i < n {
		if c := buf[i]; c == ',' {
			i++
			if i >= n || buf[i] <= ' ' {
				i, n = s.spaceAt(i), s.end
			}
			if stack[len(stack)-1] == '}' {
				if i == n || buf[i] != '"' {
					return s.expected(i, "an object key after ','")
				}
				goto key
			}
			if i == n || kindOf(buf[i]) == 0 {
				return s.expected(i, "a value after ','")
			}
			goto value
		} else if c == stack[len(stack)-1] {
			stack = stack[:len(stack)-1]
			i++
			goto after
		}
	}
	if stack[len(stack)-1] == '}' {
		return s.expected(i, "',' or '}' after object member")
	}
	return s.expected(i, "',' or ']' after array element")

key: // buf[i] is the quote that opens an object key
	if i, err = s.skipString(i); err != nil {
		return err
	}
	n = s.end
	if i >= n || buf[i] <= ' ' {
		i, n = s.spaceAt(i), s.end
	}
	if i == n || buf[i] != ':' {
		return s.expected(i, "':' after object key")
	}
	i++
	if i >= n || buf[i] <= ' ' {
		i, n = s.spaceAt(i), s.end
	}
	if i == n || kindOf(buf[i]) == 0 {
		return s.expected(i, "a value after ':'")
	}
	goto value
}

// skipString skips the string whose opening quote is buf[i] and returns the
// index after its closing quote.
func (s *Scanner) skipString(i int) (int, error) {
	// Most strings are short and plain, and end in the buffer: find their
	// end here, without the bookkeeping that refills and escapes need.
	buf := s.buf[:s.end]
	j := i + 1
	for j+8 <= len(buf) {
		if m := stringMask(le64(buf[j:])); m != 0 {
			j += bits.TrailingZeros64(m) / 8
			if buf[j] == '"' {
				return j + 1, nil
			}
			break
		}
		j += 8
	}
	return s.skipStringSlow(i, j)
}

// skipStringSlow is skipString for strings that have escapes or straddle a
// refill: it goes on from buf[j], the string having begun at buf[i].
func (s *Scanner) skipStringSlow(i, j int) (int, error) {
	o := origin{i: i}
	buf := s.buf
	n := s.end
	i = j
	for {
		i = stringStop(buf[:n], i)
		if i < n {
			c := buf[i]
			if c == '"' {
				return i + 1, nil
			}
			if c != '\\' {
				return 0, s.badControl(i)
			}
			if n-i < 6 {
				// The escape may straddle a refill; read no further
				// than it may reach, for streams that trickle in.
				s.pos = i
				s.pin(&o)
				if s.ensure(2) && s.buf[s.pos+1] == 'u' {
					s.ensure(6)
				}
				i, n = s.pos, s.end
			}
			k, err := s.escapeLen(i, &o)
			if err != nil {
				return 0, err
			}
			i += k
			continue
		}
		s.pos = i
		s.pin(&o)
		if !s.fill() {
			return 0, s.unterminated(&o, "string")
		}
		i, n = s.pos, s.end
	}
}

// escapeLen checks the escape that starts at buf[i] and returns its length.
// The caller has tried to make six bytes available.
func (s *Scanner) escapeLen(i int, o *origin) (int, error) {
	if i+1 >= s.end {
		return 0, s.unterminated(o, "string")
	}
	switch s.buf[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		for k := i + 2; k < i+6; k++ {
			if k >= s.end {
				return 0, s.unterminated(o, "string")
			}
			if hexVal[s.buf[k]] < 0 {
				return 0, s.badEscape(i, k)
			}
		}
		return 6, nil
	}
	return 0, s.badEscape(i, i+1)
}

// badEscape reports the escape at buf[i], whose byte buf[bad] is wrong.
func (s *Scanner) badEscape(i, bad int) error {
	text := s.buf[i : bad+1]
	for _, c := range text {
		if c <= ' ' || c >= 0x7f {
			return s.fail(i, "invalid escape in string: %s after '\\'", describe(s.buf[bad]))
		}
	}
	return s.fail(i, "invalid escape '%s' in string", text)
}

func (s *Scanner) badControl(i int) error {
	return s.fail(i, "invalid character %s in string (control characters must be escaped)", describe(s.buf[i]))
}

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return t
}()

// skipScalar skips the number or literal that starts with buf[i] == c and
// returns the index after it.
func (s *Scanner) skipScalar(i int, c byte) (int, error) {
	switch c {
	case 't':
		return s.skipLiteral(i, "true")
	case 'f':
		return s.skipLiteral(i, "false")
	case 'n':
		return s.skipLiteral(i, "null")
	}
	return s.skipNumber(i)
}

// isDelim tells the bytes that may follow a number or a literal.
var isDelim = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, ',': true, ']': true, '}': true}

// skipLiteral skips word, which starts at buf[i].
func (s *Scanner) skipLiteral(i int, word string) (int, error) {
	if s.end-i <= len(word) {
		s.pos = i
		s.ensure(len(word) + 1)
		i = s.pos
	}
	buf := s.buf[:s.end]
	for k := 1; k < len(word); k++ {
		if i+k >= len(buf) || buf[i+k] != word[k] {
			return 0, s.expected(i+k, "'"+word[k:k+1]+"' in "+word)
		}
	}
	j := i + len(word)
	if j < len(buf) && !isDelim[buf[j]] {
		return 0, s.fail(j, "unexpected %s after %s", describe(buf[j]), word)
	}
	if s.err != nil {
		return 0, s.err
	}
	return j, nil
}

// The states of the number automaton: where in the grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? the last byte left it.
const (
	numStart = iota
	numMinus
	numZero
	numInt
	numDot
	numFrac
	numE
	numSign
	numExp
	numEnd // the byte is not part of the number
	numBad // the byte cannot come here
)

// The byte classes of the number automaton.
const (
	clOther = iota
	clZero
	clDigit
	clMinus
	clPlus
	clDot
	clE
)

var numClass = func() (t [256]uint8) {
	t['0'] = clZero
	for c := '1'; c <= '9'; c++ {
		t[c] = clDigit
	}
	t['-'], t['+'], t['.'], t['e'], t['E'] = clMinus, clPlus, clDot, clE, clE
	return t
}()

var numNext = [numEnd][7]uint8{
	//        other   0        1-9      -        +        .       e
	numStart: {numBad, numZero, numInt, numMinus, numBad, numBad, numBad},
	numMinus: {numBad, numZero, numInt, numBad, numBad, numBad, numBad},
	numZero:  {numEnd, numEnd, numEnd, numEnd, numEnd, numDot, numE},
	numInt:   {numEnd, numInt, numInt, numEnd, numEnd, numDot, numE},
	numDot:   {numBad, numFrac, numFrac, numBad, numBad, numBad, numBad},
	numFrac:  {numEnd, numFrac, numFrac, numEnd, numEnd, numEnd, numE},
	numE:     {numBad, numExp, numExp, numSign, numSign, numBad, numBad},
	numSign:  {numBad, numExp, numExp, numBad, numBad, numBad, numBad},
	numExp:   {numEnd, numExp, numExp, numEnd, numEnd, numEnd, numEnd},
}

// numWant says what each state that cannot end a number waits for.
var numWant = [numEnd]string{
	numStart: "a number",
	numMinus: "a digit after '-'",
	numDot:   "a digit after '.'",
	numE:     "a digit or a sign in the exponent",
	numSign:  "a digit in the exponent",
}

// skipNumber skips the number that starts at buf[i]. It reads one byte at a
// time, so that a number may straddle any number of refills.
func (s *Scanner) skipNumber(i int) (int, error) {
	buf := s.buf
	n := s.end
	state := uint8(numStart)
	for {
		for i < n {
			next := numNext[state][numClass[buf[i]]]
			if next == numEnd {
				c := buf[i]
				if isDelim[c] {
					return i, nil
				}
				if state == numZero && (numClass[c] == clZero || numClass[c] == clDigit) {
					return 0, s.fail(i, "invalid number: a leading zero must not be followed by a digit")
				}
				return 0, s.fail(i, "unexpected %s after number", describe(c))
			}
			if next == numBad {
				return 0, s.expected(i, numWant[state])
			}
			state = next
			i++
		}
		s.pos = i
		if !s.fill() {
			if s.err != nil {
				return 0, s.err
			}
			if numWant[state] != "" {
				return 0, s.expected(s.end, numWant[state])
			}
			return s.end, nil
		}
		i, n = s.pos, s.end
	}
}
