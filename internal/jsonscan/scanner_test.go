package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
)

// A config is a way of feeding input to a Scanner. The small buffers and
// stingy readers make every token straddle refills somewhere.
type config struct {
	name string
	size int
	wrap func(io.Reader) io.Reader
}

var configs = []config{
	{"default", defaultBuffer, nil},
	{"6/one-byte", 6, iotest.OneByteReader},
	{"7/half", 7, iotest.HalfReader},
	{"16/data-err", 16, iotest.DataErrReader},
	{"61", 61, nil},
}

func (c config) scanner(data []byte) *Scanner {
	var r io.Reader = bytes.NewReader(data)
	if c.wrap != nil {
		r = c.wrap(r)
	}
	return newSize(r, "t.json", c.size)
}

// decode reads the next value into the types encoding/json uses with
// UseNumber.
func decode(s *Scanner) (any, error) {
	k, err := s.Peek()
	if err != nil {
		return nil, err
	}
	switch k {
	case Object:
		m := map[string]any{}
		err := s.Object(func(key []byte) error {
			v, err := decode(s)
			m[string(key)] = v // after reading the value: key must survive refills
			return err
		})
		return m, err
	case Array:
		a := []any{}
		err := s.Array(func() error {
			v, err := decode(s)
			a = append(a, v)
			return err
		})
		return a, err
	case String:
		return s.String()
	case Bool:
		return s.Bool()
	case Number, Null:
		b, kind, err := s.Scalar()
		if err != nil || kind == Null {
			return nil, err
		}
		return json.Number(b), nil
	case EOF:
		return nil, s.Skip() // for its error
	}
	return nil, fmt.Errorf("Peek returned %v", k)
}

// decodeOne decodes the single value that data must hold.
func decodeOne(s *Scanner) (any, error) {
	v, err := decode(s)
	if err != nil {
		return nil, err
	}
	return v, atEOF(s)
}

// skipOne skips the single value that data must hold.
func skipOne(s *Scanner) error {
	if err := s.Skip(); err != nil {
		return err
	}
	return atEOF(s)
}

func atEOF(s *Scanner) error {
	k, err := s.Peek()
	if err != nil {
		return err
	}
	if k != EOF {
		return onus.ErrorAt(s.Location(), onus.EInvalid, "%v after the value", k)
	}
	return nil
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// withoutPath formats err without its field path, which Skip does not
// track, so that one table serves both ways of reading.
func withoutPath(err error) string {
	var e *onus.Error
	if !errors.As(err, &e) {
		return errString(err)
	}
	c := *e
	c.Loc.Path = ""
	return c.Error()
}

func TestValues(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		in   string
		want any
	}{
		{`{}`, map[string]any{}},
		{`[]`, []any{}},
		{` { } `, map[string]any{}},
		{"[\t\r\n]", []any{}},
		{`""`, ""},
		{`"abc"`, "abc"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"\u0041\u00e9\u4e2d\uFFFF"`, "Aé中\uffff"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\uD83D\uDE00x"`, "😀x"},
		{`"\ud800"`, "\ufffd"},
		{`"\ude00"`, "\ufffd"},
		{`"\ud800\u0041"`, "\ufffdA"},
		{`"\ud800\ud800"`, "\ufffd\ufffd"},
		{`"\ud800\\"`, "\ufffd\\"},
		{`"\u0000"`, "\x00"},
		{`"é中😀"`, "é中😀"},
		{"\"\x7f\"", "\x7f"},
		{`0`, num("0")},
		{`-0`, num("-0")},
		{`123`, num("123")},
		{`-1.5e-10`, num("-1.5e-10")},
		{`1E+2`, num("1E+2")},
		{`0.0e0`, num("0.0e0")},
		{`1e400`, num("1e400")},
		{`123456789012345678901234567890`, num("123456789012345678901234567890")},
		{`true`, true},
		{`false`, false},
		{`null`, nil},
		{`[1,"a",true,false,null,{},[]]`, []any{num("1"), "a", true, false, nil, map[string]any{}, []any{}}},
		{`{"a":{"b":[{"c":null}]}}`, map[string]any{"a": map[string]any{"b": []any{map[string]any{"c": nil}}}}},
		{`{"a":1,"a":2}`, map[string]any{"a": num("2")}},
		{`{"\u0061\n":1}`, map[string]any{"a\n": num("1")}},
		{"\ufeff[1]", []any{num("1")}},
		{"[1 ,\n2\r\n]", []any{num("1"), num("2")}},
	}
	for _, tt := range tests {
		for _, c := range configs {
			got, err := decodeOne(c.scanner([]byte(tt.in)))
			if err != nil {
				t.Errorf("%s: decode %q: %v", c.name, tt.in, err)
				continue
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: decode %q: (-want +got)\n%s", c.name, tt.in, diff)
			}
			if err := skipOne(c.scanner([]byte(tt.in))); err != nil {
				t.Errorf("%s: skip %q: %v", c.name, tt.in, err)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string // with file and location
		code onus.ErrorCode
	}{
		{``, `t.json:1:1: expected a value, found end of input`, onus.EInvalid},
		{`   `, `t.json:1:4: expected a value, found end of input`, onus.EInvalid},
		{`{`, `t.json:1:2: expected an object key or '}', found end of input`, onus.EInvalid},
		{`{"a"`, `t.json:1:5: expected ':' after object key, found end of input`, onus.EInvalid},
		{`{"a":`, `t.json:1:6: expected a value after ':', found end of input`, onus.EInvalid},
		{`{"a":1`, `t.json:1:7: expected ',' or '}' after object member, found end of input`, onus.EInvalid},
		{`{"a":1,}`, `t.json:1:8: expected an object key after ',', found '}'`, onus.EInvalid},
		{`{"a" 1}`, `t.json:1:6: expected ':' after object key, found '1'`, onus.EInvalid},
		{`{"a":1 "b":2}`, `t.json:1:8: expected ',' or '}' after object member, found '"'`, onus.EInvalid},
		{`{1:2}`, `t.json:1:2: expected an object key or '}', found '1'`, onus.EInvalid},
		{`{"a":}`, `t.json:1:6: expected a value after ':', found '}'`, onus.EInvalid},
		{`{"a":1]`, `t.json:1:7: expected ',' or '}' after object member, found ']'`, onus.EInvalid},
		{`[`, `t.json:1:2: expected a value or ']', found end of input`, onus.EInvalid},
		{`[}`, `t.json:1:2: expected a value or ']', found '}'`, onus.EInvalid},
		{`[1,]`, `t.json:1:4: expected a value after ',', found ']'`, onus.EInvalid},
		{`[1 2]`, `t.json:1:4: expected ',' or ']' after array element, found '2'`, onus.EInvalid},
		{`[1}`, `t.json:1:3: expected ',' or ']' after array element, found '}'`, onus.EInvalid},
		{`]`, `t.json:1:1: expected a value, found ']'`, onus.EInvalid},
		{`+1`, `t.json:1:1: expected a value, found '+'`, onus.EInvalid},
		{"\x00", `t.json:1:1: expected a value, found '\x00'`, onus.EInvalid},
		{"\xff", `t.json:1:1: expected a value, found byte 0xff`, onus.EInvalid},
		{`{"a":1}}`, `t.json:1:8: expected a value, found '}'`, onus.EInvalid},
		{`"abc`, `t.json:1:1: unterminated string`, onus.EInvalid},
		{`["a", "b`, `t.json:1:7: unterminated string`, onus.EInvalid},
		{"\"a\x01\"", `t.json:1:3: invalid character '\x01' in string (control characters must be escaped)`, onus.EInvalid},
		{"\"a\nb\"", `t.json:1:3: invalid character '\n' in string (control characters must be escaped)`, onus.EInvalid},
		{`"a\qb"`, `t.json:1:3: invalid escape '\q' in string`, onus.EInvalid},
		{`"\u12G4"`, `t.json:1:2: invalid escape '\u12G' in string`, onus.EInvalid},
		{`"\u12"`, `t.json:1:2: invalid escape '\u12"' in string`, onus.EInvalid},
		{"\"\\\n\"", `t.json:1:2: invalid escape in string: '\n' after '\'`, onus.EInvalid},
		{`"\u12`, `t.json:1:1: unterminated string`, onus.EInvalid},
		{`"\`, `t.json:1:1: unterminated string`, onus.EInvalid},
		{`tru`, `t.json:1:4: expected 'e' in true, found end of input`, onus.EInvalid},
		{`trUe`, `t.json:1:3: expected 'u' in true, found 'U'`, onus.EInvalid},
		{`truex`, `t.json:1:5: unexpected 'x' after true`, onus.EInvalid},
		{`[nul]`, `t.json:1:5: expected 'l' in null, found ']'`, onus.EInvalid},
		{`falsetrue`, `t.json:1:6: unexpected 't' after false`, onus.EInvalid},
		{`-`, `t.json:1:2: expected a digit after '-', found end of input`, onus.EInvalid},
		{`-a`, `t.json:1:2: expected a digit after '-', found 'a'`, onus.EInvalid},
		{`01`, `t.json:1:2: invalid number: a leading zero must not be followed by a digit`, onus.EInvalid},
		{`-00`, `t.json:1:3: invalid number: a leading zero must not be followed by a digit`, onus.EInvalid},
		{`1.`, `t.json:1:3: expected a digit after '.', found end of input`, onus.EInvalid},
		{`1.e5`, `t.json:1:3: expected a digit after '.', found 'e'`, onus.EInvalid},
		{`1e`, `t.json:1:3: expected a digit or a sign in the exponent, found end of input`, onus.EInvalid},
		{`1e+`, `t.json:1:4: expected a digit in the exponent, found end of input`, onus.EInvalid},
		{`[1e+]`, `t.json:1:5: expected a digit in the exponent, found ']'`, onus.EInvalid},
		{`1x`, `t.json:1:2: unexpected 'x' after number`, onus.EInvalid},
		{`1.5.3`, `t.json:1:4: unexpected '.' after number`, onus.EInvalid},
		{`[1"a"]`, `t.json:1:3: unexpected '"' after number`, onus.EInvalid},
		{"{\n  \"a\": tru\n}", `t.json:2:11: expected 'e' in true, found '\n'`, onus.EInvalid},
		{"[\r\n1,\r\n x]", `t.json:3:2: expected a value after ',', found 'x'`, onus.EInvalid},
		{"\ufeff[x]", `t.json:1:2: expected a value or ']', found 'x'`, onus.EInvalid},
		{"[1]\ufeff", `t.json:1:4: expected a value, found byte 0xef`, onus.EInvalid},
		{strings.Repeat("[", DefaultMaxDepth+1), `t.json:1:10001: arrays and objects nested too deeply (more than 10000 levels)`, onus.ETooLarge},
		{strings.Repeat(`{"a":`, DefaultMaxDepth+1), `t.json:1:50001: arrays and objects nested too deeply (more than 10000 levels)`, onus.ETooLarge},
	}
	for _, tt := range tests {
		if json.Valid([]byte(tt.in)) && !strings.HasPrefix(tt.in, "\ufeff") {
			t.Errorf("json.Valid(%q) = true; the table wants only invalid JSON", tt.in)
		}
		for _, c := range configs {
			for _, read := range []struct {
				name string
				fn   func(*Scanner) error
			}{
				{"skip", skipOne},
				{"decode", func(s *Scanner) error { _, err := decodeOne(s); return err }},
			} {
				err := read.fn(c.scanner([]byte(tt.in)))
				if got := withoutPath(err); got != tt.want {
					t.Errorf("%s: %s %q: got error %q, want %q", c.name, read.name, tt.in, got, tt.want)
					continue
				}
				if got := onus.Code(err); got != tt.code {
					t.Errorf("%s: %s %q: got code %q, want %q", c.name, read.name, tt.in, got, tt.code)
				}
			}
		}
	}
}

// Strings that are read are checked to be UTF-8; skipped ones are not, as
// with json.Valid.
func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"\"\xff\"", `t.json:1:2: invalid UTF-8 in string`},
		{"\"ab\xe2\x82\"", `t.json:1:4: invalid UTF-8 in string`},
		{"\"\xed\xa0\x80\"", `t.json:1:2: invalid UTF-8 in string`}, // an encoded surrogate
		{"\"\\n\xc0\xaf\"", `t.json:1:4: invalid UTF-8 in string`},
		{"{\"k\xff\":1}", `t.json:1:4: invalid UTF-8 in string`}, // no path: the key is not read yet
		{"[\"" + strings.Repeat("é", 40) + "\xe9\"]", `t.json:1:83: [0]: invalid UTF-8 in string`},
	}
	for _, tt := range tests {
		if !json.Valid([]byte(tt.in)) {
			t.Errorf("json.Valid(%q) = false; the table wants JSON that json.Valid accepts", tt.in)
		}
		for _, c := range configs {
			_, err := decodeOne(c.scanner([]byte(tt.in)))
			if got := errString(err); got != tt.want {
				t.Errorf("%s: decode %q: got error %q, want %q", c.name, tt.in, got, tt.want)
			}
			if err := skipOne(c.scanner([]byte(tt.in))); err != nil {
				t.Errorf("%s: skip %q: %v", c.name, tt.in, err)
			}
		}
	}
}

func TestSticky(t *testing.T) {
	s := New(strings.NewReader(`[1,,2] [3]`), "t.json")
	first := s.Skip()
	if first == nil {
		t.Fatal("Skip of [1,,2]: got no error")
	}
	if _, err := s.Peek(); err != first {
		t.Errorf("Peek after an error: got %v, want the same error %v", err, first)
	}
	if _, err := s.String(); err != first {
		t.Errorf("String after an error: got %v, want the same error %v", err, first)
	}
}

// A value of the wrong kind is reported without spoiling the rest.
func TestMismatchIsNotSticky(t *testing.T) {
	s := New(strings.NewReader(`[1, "a", true, {"x": null}, [2], null]`), "t.json")
	var got []string
	err := s.Array(func() error {
		v, err := s.String()
		if err != nil {
			got = append(got, err.Error())
			return nil // skipped
		}
		got = append(got, v)
		return nil
	})
	if err != nil {
		t.Fatalf("Array: %v", err)
	}
	want := []string{
		"t.json:1:2: [0]: expected a string, found a number",
		"a",
		"t.json:1:10: [2]: expected a string, found true",
		"t.json:1:16: [3]: expected a string, found an object",
		"t.json:1:29: [4]: expected a string, found an array",
		"t.json:1:34: [5]: expected a string, found null",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestMismatchMessages(t *testing.T) {
	tests := []struct {
		in   string
		read func(*Scanner) error
		want string
	}{
		{`"a"`, func(s *Scanner) error { return s.Object(func([]byte) error { return nil }) }, "t.json:1:1: expected an object, found a string"},
		{`{}`, func(s *Scanner) error { return s.Array(func() error { return nil }) }, "t.json:1:1: expected an array, found an object"},
		{`  `, func(s *Scanner) error { _, err := s.String(); return err }, "t.json:1:3: expected a string, found end of input"},
		{`"1"`, func(s *Scanner) error { _, _, err := s.Scalar(); return err }, "t.json:1:1: expected a number, true, false or null, found a string"},
		{`null`, func(s *Scanner) error { _, err := s.Bool(); return err }, "t.json:1:1: expected true or false, found null"},
		{`true`, func(s *Scanner) error { _, err := s.Int(); return err }, "t.json:1:1: expected an integer, found true"},
		{``, func(s *Scanner) error { _, err := s.Raw(); return err }, "t.json:1:1: expected a value, found end of input"},
		{`false`, func(s *Scanner) error { _, err := s.String(); return err }, "t.json:1:1: expected a string, found false"},
		{`x`, func(s *Scanner) error { _, err := s.String(); return err }, "t.json:1:1: expected a value, found 'x'"},
	}
	for _, tt := range tests {
		err := tt.read(New(strings.NewReader(tt.in), "t.json"))
		if got := errString(err); got != tt.want {
			t.Errorf("%q: got error %q, want %q", tt.in, got, tt.want)
		}
		if got := onus.Code(err); got != onus.EInvalid {
			t.Errorf("%q: got code %q, want %q", tt.in, got, onus.EInvalid)
		}
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{`0`, 0, ""},
		{`-0`, 0, ""},
		{`42`, 42, ""},
		{`-17`, -17, ""},
		{`9223372036854775807`, 1<<63 - 1, ""},
		{`-9223372036854775808`, -1 << 63, ""},
		{`9223372036854775808`, 0, "t.json:1:2: [0]: integer 9223372036854775808 out of range"},
		{`-9223372036854775809`, 0, "t.json:1:2: [0]: integer -9223372036854775809 out of range"},
		{`99999999999999999999999999999999999999999999`, 0, "t.json:1:2: [0]: integer 9999999999999999999999999999999999999999... out of range"},
		{`1.5`, 0, "t.json:1:2: [0]: expected an integer, found 1.5"},
		{`1e3`, 0, "t.json:1:2: [0]: expected an integer, found 1e3"},
	}
	for _, tt := range tests {
		for _, c := range configs {
			// The value sits in an array, to check that reading goes on
			// after an error.
			s := c.scanner([]byte("[" + tt.in + ",7]"))
			var got []int64
			var errs []string
			err := s.Array(func() error {
				v, err := s.Int()
				if err != nil {
					errs = append(errs, err.Error())
					return nil
				}
				got = append(got, v)
				return nil
			})
			if err != nil {
				t.Fatalf("%s: %s: %v", c.name, tt.in, err)
			}
			want := []int64{tt.want, 7}
			var wantErrs []string
			if tt.wantErr != "" {
				want, wantErrs = want[1:], []string{tt.wantErr}
			}
			if !cmp.Equal(got, want) || !cmp.Equal(errs, wantErrs) {
				t.Errorf("%s: Int over [%s,7]: got %v, errors %q; want %v, errors %q", c.name, tt.in, got, errs, want, wantErrs)
			}
		}
	}
}

func TestScalarAndRaw(t *testing.T) {
	in := " [ -12.5e+3 , true,null , false, {\"a\" : [1, \"]\"]} ] "
	for _, c := range configs {
		s := c.scanner([]byte(in))
		type item struct {
			Text string
			Kind Kind
		}
		var got []item
		err := s.Array(func() error {
			k, err := s.Peek()
			if err != nil {
				return err
			}
			var b []byte
			if k == Object {
				b, err = s.Raw()
			} else {
				b, k, err = s.Scalar()
			}
			got = append(got, item{string(b), k})
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := []item{{"-12.5e+3", Number}, {"true", Bool}, {"null", Null}, {"false", Bool}, {`{"a" : [1, "]"]}`, Object}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
}

func TestBool(t *testing.T) {
	for _, c := range configs {
		s := c.scanner([]byte(`[true,false]`))
		var got []bool
		err := s.Array(func() error {
			v, err := s.Bool()
			got = append(got, v)
			return err
		})
		if err != nil || !cmp.Equal(got, []bool{true, false}) {
			t.Errorf("%s: got %v, %v; want [true false], nil", c.name, got, err)
		}
	}
}

func TestMaxValue(t *testing.T) {
	long := strings.Repeat("x", 11)
	tests := []struct {
		in   string
		read func(*Scanner) error
		want string
	}{
		{`["` + long + `"]`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:2: [0]: value too large (more than 10 bytes)"},
		{`["` + strings.Repeat(`\n`, 11) + `"]`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:2: [0]: value too large (more than 10 bytes)"},
		{`{"` + long + `":1}`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:2: value too large (more than 10 bytes)"},
		{`{"abcdef":{"ghijk":1}}`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:19: abcdef.ghijk: value too large (more than 10 bytes)"},
		{` 123456789012`, func(s *Scanner) error { _, _, err := s.Scalar(); return err }, "t.json:1:2: value too large (more than 10 bytes)"},
		{` [1, 2, 3, 4]`, func(s *Scanner) error { _, err := s.Raw(); return err }, "t.json:1:2: value too large (more than 10 bytes)"},
		{`["` + long + `", [1, 2, 3, 4, 5]]`, func(s *Scanner) error { return s.Skip() }, ""},
	}
	for _, tt := range tests {
		for _, c := range configs {
			s := c.scanner([]byte(tt.in))
			s.MaxValue = 10
			err := tt.read(s)
			if got := errString(err); got != tt.want {
				t.Errorf("%s: %s: got error %q, want %q", c.name, tt.in, got, tt.want)
			}
			if err != nil && onus.Code(err) != onus.ETooLarge {
				t.Errorf("%s: %s: got code %q, want %q", c.name, tt.in, onus.Code(err), onus.ETooLarge)
			}
		}
	}
}

func TestMaxDepth(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	if !json.Valid([]byte(deep(DefaultMaxDepth))) || json.Valid([]byte(deep(DefaultMaxDepth+1))) {
		t.Fatal("encoding/json's nesting limit is no longer DefaultMaxDepth")
	}
	for _, c := range configs {
		if err := skipOne(c.scanner([]byte(deep(DefaultMaxDepth)))); err != nil {
			t.Errorf("%s: skip of %d nested arrays: %v", c.name, DefaultMaxDepth, err)
		}
		if _, err := decodeOne(c.scanner([]byte(deep(DefaultMaxDepth)))); err != nil {
			t.Errorf("%s: decode of %d nested arrays: %v", c.name, DefaultMaxDepth, err)
		}
		// Skip counts the levels that Object and Array have opened.
		s := c.scanner([]byte(`{"a":[[[1]]]}`))
		s.MaxDepth = 3
		err := s.Object(func([]byte) error { return s.Skip() })
		if want := "t.json:1:8: a: arrays and objects nested too deeply (more than 3 levels)"; errString(err) != want {
			t.Errorf("%s: got error %q, want %q", c.name, errString(err), want)
		}
	}
}

func TestConcatenated(t *testing.T) {
	in := "{\"a\":1}\n[2]\n\"three\" 4 true null {}[]\n"
	for _, c := range configs {
		s := c.scanner([]byte(in))
		var got []any
		for {
			k, err := s.Peek()
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if k == EOF {
				break
			}
			v, err := decode(s)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got = append(got, v)
		}
		want := []any{map[string]any{"a": json.Number("1")}, []any{json.Number("2")}, "three", json.Number("4"), true, nil, map[string]any{}, []any{}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
}

func TestLocation(t *testing.T) {
	in := "\ufeff{\n  \"resources\": [\n    {\"type\": \"aws_s3_bucket\"},\r\n\t{\"type\":  7}\n  ]\n}"
	for _, c := range configs {
		s := c.scanner([]byte(in))
		var got []string
		err := s.Object(func([]byte) error {
			return s.Array(func() error {
				return s.Object(func([]byte) error {
					got = append(got, fmt.Sprintf("%d:%d@%d", s.Line(), s.Column(), s.Offset()))
					return nil
				})
			})
		})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := []string{"3:14@35", "4:12@65"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
}

// A callback may read nothing (the value is skipped) but not two values.
func TestCallbackContract(t *testing.T) {
	s := New(strings.NewReader(`{"a":[1,2],"b":"x"}`), "t.json")
	var keys []string
	err := s.Object(func(key []byte) error {
		keys = append(keys, string(key))
		return nil
	})
	if err != nil || !cmp.Equal(keys, []string{"a", "b"}) {
		t.Errorf("Object skipping every value: got %q, %v; want [a b], nil", keys, err)
	}

	s = New(strings.NewReader(`[1,2]`), "t.json")
	err = s.Array(func() error {
		if _, _, err := s.Scalar(); err != nil {
			return err
		}
		_, _, err := s.Scalar()
		return err
	})
	if onus.Code(err) != onus.EInternal {
		t.Errorf("reading two values in one callback: got %v, want an error with code %q", err, onus.EInternal)
	}

	stop := errors.New("stop")
	s = New(strings.NewReader(`[1,2]`), "t.json")
	if err := s.Array(func() error { return stop }); err != stop {
		t.Errorf("Array: got %v, want the callback's error", err)
	}
	if _, err := s.Peek(); err != stop {
		t.Errorf("Peek after a callback failed: got %v, want the callback's error", err)
	}

	// A callback that drops the error of a nested read does not make the
	// scanner go on from the wrong place.
	s = New(strings.NewReader(`[[1,,2],3]`), "t.json")
	err = s.Array(func() error {
		s.Skip()
		return nil
	})
	if want := "t.json:1:5: [0]: expected a value after ',', found ','"; errString(err) != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// Keys stay valid while the callback reads the value, however the buffer
// moves, and keys of enclosing objects too.
func TestKeysSurviveRefills(t *testing.T) {
	outer := strings.Repeat("k", 30)
	inner := strings.Repeat("i", 25)
	in := `{"` + outer + `":{"` + inner + `":"` + strings.Repeat("v", 200) + `"},"` + `x\"y":1}`
	for _, c := range configs {
		s := c.scanner([]byte(in))
		var got []string
		err := s.Object(func(k1 []byte) error {
			if string(k1) != outer {
				_, err := decode(s)
				got = append(got, string(k1))
				return err
			}
			err := s.Object(func(k2 []byte) error {
				_, err := s.String()
				got = append(got, string(k1)+"/"+string(k2))
				return err
			})
			got = append(got, string(k1))
			return err
		})
		if err == nil {
			err = atEOF(s)
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		want := []string{outer + "/" + inner, outer, `x"y`}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
}

type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// badCount is a broken reader, which claims more bytes than it was given
// room for.
type badCount struct{}

func (badCount) Read(p []byte) (int, error) { return len(p) + 1, nil }

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	s := newSize(&failingReader{data: []byte("[1, 2,\n 3"), err: boom}, "t.json", 6)
	err := s.Skip()
	if !errors.Is(err, boom) || onus.Code(err) != onus.EInternal {
		t.Fatalf("got %v, want an internal error wrapping %v", err, boom)
	}
	if want := "t.json:2:3: cannot read input: boom"; err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}

	s = New(badCount{}, "t.json")
	if _, err := s.Peek(); onus.Code(err) != onus.EInternal {
		t.Errorf("reader returning a bad count: got %v, want an error with code %q", err, onus.EInternal)
	}

	s = New(iotest.ErrReader(nil), "t.json") // no bytes and no error, forever
	if _, err := s.Peek(); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("reader that makes no progress: got %v, want %v", err, io.ErrNoProgress)
	}
}

func TestReset(t *testing.T) {
	s := New(strings.NewReader(`[1`), "a.json")
	s.MaxValue = 100
	if err := s.Skip(); err == nil {
		t.Fatal("Skip of [1: got no error")
	}
	s.Reset(strings.NewReader("\n\"ok\""), "b.json")
	if _, err := s.String(); err != nil {
		t.Fatalf("String after Reset: %v", err)
	}
	if got := s.Location(); got != (onus.Location{File: "b.json", Line: 2, Column: 5}) {
		t.Errorf("Location after Reset: got %v, want b.json:2:5", got)
	}
	if s.MaxValue != 100 {
		t.Errorf("MaxValue after Reset: got %d, want 100", s.MaxValue)
	}
}

func TestKindString(t *testing.T) {
	got := fmt.Sprint(Object, Array, String, Number, Bool, Null, EOF, Kind(0), Kind(99))
	want := "object array string number boolean null end of input invalid Kind(99)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPath(t *testing.T) {
	in := `{"resources":[{"type":"a"},{"type":"b","tags":{"kubernetes.io/name":[7],"":1,"ok_key-2":true}}]}`
	for _, c := range configs {
		s := c.scanner([]byte(in))
		var got []string
		var walk func() error
		walk = func() error {
			got = append(got, s.Path())
			switch k, _ := s.Peek(); k {
			case Object:
				return s.Object(func([]byte) error { return walk() })
			case Array:
				return s.Array(walk)
			}
			return s.Skip()
		}
		if err := walk(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := s.Path(); got != "" {
			t.Errorf("%s: Path at the end: got %q, want \"\"", c.name, got)
		}
		want := []string{
			"",
			"resources",
			"resources[0]",
			"resources[0].type",
			"resources[1]",
			"resources[1].type",
			"resources[1].tags",
			`resources[1].tags["kubernetes.io/name"]`,
			`resources[1].tags["kubernetes.io/name"][0]`,
			`resources[1].tags[""]`,
			"resources[1].tags.ok_key-2",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}

	// Errors carry the path, whoever finds them.
	tests := []struct {
		in   string
		read func(*Scanner) error
		want string
	}{
		{`{"a":[1,{"b":x}]}`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:14: a[1].b: expected a value after ':', found 'x'"},
		{`{"a":[1,{"b":[1 2]}]}`, func(s *Scanner) error { _, err := decode(s); return err }, "t.json:1:17: a[1].b[0]: expected ',' or ']' after array element, found '2'"},
		{`{"a":{"b":[1 2]}}`, func(s *Scanner) error { return s.Object(func([]byte) error { return s.Skip() }) }, "t.json:1:14: a: expected ',' or ']' after array element, found '2'"},
		{`{"a":[1,"x"]}`, func(s *Scanner) error {
			return s.Object(func([]byte) error {
				return s.Array(func() error { _, err := s.Int(); return err })
			})
		}, "t.json:1:9: a[1]: expected an integer, found a string"},
		{`{"a":[1,1.5]}`, func(s *Scanner) error {
			return s.Object(func([]byte) error {
				return s.Array(func() error { _, err := s.Int(); return err })
			})
		}, "t.json:1:9: a[1]: expected an integer, found 1.5"},
	}
	for _, tt := range tests {
		err := tt.read(New(strings.NewReader(tt.in), "t.json"))
		if got := errString(err); got != tt.want {
			t.Errorf("%s: got error %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Reading plain keys and strings through Bytes, and skipping, allocate
// nothing once the Scanner's buffers have grown.
func TestNoAllocs(t *testing.T) {
	data := []byte(`{"resources":[{"type":"aws_instance","name":"web","n":12,"on":true,"attributes":{"policy":"{\"a\":1}","tags":{}}}]}`)
	r := bytes.NewReader(data)
	s := New(r, "t.json")
	read := func() {
		r.Reset(data)
		s.Reset(r, "t.json")
		err := s.Object(func([]byte) error {
			return s.Array(func() error {
				return s.Object(func(key []byte) error {
					switch string(key) {
					case "type", "name":
						_, err := s.Bytes()
						return err
					case "n", "on":
						_, _, err := s.Scalar()
						return err
					}
					return s.Skip()
				})
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := testing.AllocsPerRun(20, read); n != 0 {
		t.Errorf("got %v allocations per run, want 0", n)
	}
}

// endless yields a string of n bytes without holding it.
type endless struct{ n, off int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.off == e.n {
		return 0, io.EOF
	}
	k := 0
	for ; k < len(p) && e.off < e.n; k++ {
		switch e.off {
		case 0, e.n - 1:
			p[k] = '"'
		default:
			p[k] = 'a' + byte(e.off%26)
		}
		e.off++
	}
	return k, nil
}

// Skip holds nothing, however long the value: memory does not grow with the
// input.
func TestSkipHoldsNothing(t *testing.T) {
	s := New(&endless{n: 64 << 20}, "t.json")
	if err := skipOne(s); err != nil {
		t.Fatal(err)
	}
	if len(s.buf) != defaultBuffer || cap(s.scratch) != 0 || cap(s.keys) != 0 {
		t.Errorf("after Skip: buffer %d bytes, scratch %d, keys %d; want %d, 0, 0", len(s.buf), cap(s.scratch), cap(s.keys), defaultBuffer)
	}
	s = New(&endless{n: 64 << 20}, "t.json")
	if _, err := s.String(); onus.Code(err) != onus.ETooLarge {
		t.Errorf("String of 64 MiB: got %v, want an error with code %q", err, onus.ETooLarge)
	}
	if cap(s.scratch) > 2*DefaultMaxValue {
		t.Errorf("String of 64 MiB: scratch grew to %d bytes", cap(s.scratch))
	}
}
