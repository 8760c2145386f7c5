package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onus-dev/onus"
)

// gen writes random JSON, valid unless told otherwise, with the corners of
// the grammar over-represented.
type gen struct {
	r       *rand.Rand
	b       bytes.Buffer
	badUTF8 bool // put invalid UTF-8 in some strings
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *gen) space() {
	for range g.r.IntN(4) - 1 {
		g.b.WriteByte(" \t\r\n"[g.r.IntN(4)])
	}
}

func (g *gen) value(depth int) {
	g.space()
	n := 8
	if depth <= 0 {
		n = 6
	}
	switch g.r.IntN(n) {
	case 0, 1:
		g.str()
	case 2, 3:
		g.number()
	case 4:
		g.b.WriteString([]string{"true", "false", "null"}[g.r.IntN(3)])
	case 5:
		if depth <= 0 {
			g.str()
			break
		}
		fallthrough
	case 6:
		g.b.WriteByte('[')
		for i := range g.r.IntN(6) {
			if i > 0 {
				g.space()
				g.b.WriteByte(',')
			}
			g.value(depth - 1)
		}
		g.space()
		g.b.WriteByte(']')
	case 7:
		g.b.WriteByte('{')
		for i := range g.r.IntN(6) {
			if i > 0 {
				g.space()
				g.b.WriteByte(',')
			}
			g.space()
			g.str()
			g.space()
			g.b.WriteByte(':')
			g.value(depth - 1)
		}
		g.space()
		g.b.WriteByte('}')
	}
	g.space()
}

var escapes = []string{
	`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u0041`, `\u00e9`, `\u4E2D`, `\u0000`, `\u001f`,
	`\ud83d\ude00`, `\uD83D`, `\uDE00`, `\ud83dx`, `\ud83d\u0041`, `\ud800\ud800`, `\uffff`,
}

var runes = []string{"é", "中", "😀", "\u2028", "\x7f", "~"}

var badBytes = []string{"\xff", "\xc0\xaf", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80"}

func (g *gen) str() {
	g.b.WriteByte('"')
	for range g.r.IntN(8) {
		switch g.r.IntN(10) {
		case 0, 1, 2:
			g.b.WriteString(escapes[g.r.IntN(len(escapes))])
		case 3, 4:
			g.b.WriteString(runes[g.r.IntN(len(runes))])
		case 5:
			// Long enough to fill the small buffers several times.
			g.b.WriteString(strings.Repeat("abcdefghé", 1+g.r.IntN(12)))
		case 6:
			if g.badUTF8 && g.r.IntN(4) == 0 {
				g.b.WriteString(badBytes[g.r.IntN(len(badBytes))])
				break
			}
			fallthrough
		default:
			for range 1 + g.r.IntN(10) {
				g.b.WriteByte(byte('a' + g.r.IntN(26)))
			}
		}
	}
	g.b.WriteByte('"')
}

func (g *gen) number() {
	if g.r.IntN(3) == 0 {
		g.b.WriteByte('-')
	}
	digits := func(n int) {
		for range n {
			g.b.WriteByte(byte('0' + g.r.IntN(10)))
		}
	}
	switch g.r.IntN(4) {
	case 0:
		g.b.WriteByte('0')
	case 3:
		g.b.WriteByte(byte('1' + g.r.IntN(9)))
		digits(g.r.IntN(80))
	default:
		g.b.WriteByte(byte('1' + g.r.IntN(9)))
		digits(g.r.IntN(6))
	}
	if g.r.IntN(3) == 0 {
		g.b.WriteByte('.')
		digits(1 + g.r.IntN(8))
	}
	if g.r.IntN(3) == 0 {
		g.b.WriteByte("eE"[g.r.IntN(2)])
		if k := g.r.IntN(3); k > 0 {
			g.b.WriteByte("+-"[k-1])
		}
		digits(1 + g.r.IntN(3))
	}
}

func (g *gen) doc(depth int) []byte {
	g.b.Reset()
	g.value(depth)
	return bytes.Clone(g.b.Bytes())
}

// mutate damages data in one of the ways that files get damaged or forged.
func (g *gen) mutate(data []byte) []byte {
	if len(data) == 0 {
		return []byte{g.junk()}
	}
	i := g.r.IntN(len(data))
	switch g.r.IntN(5) {
	case 0: // delete a byte
		return append(data[:i:i], data[i+1:]...)
	case 1: // insert a byte
		return append(append(data[:i:i], g.junk()), data[i:]...)
	case 2: // replace a byte
		data = bytes.Clone(data)
		data[i] = g.junk()
		return data
	case 3: // truncate
		return data[:i]
	default: // repeat a stretch
		j := i + g.r.IntN(len(data)-i)
		return append(data[:j:j], data[i:]...)
	}
}

func (g *gen) junk() byte {
	const set = "{}[]\",:.-+eE0123456789 tfnrul\\/\x00\x1f\x7f\xff\xe2\n"
	return set[g.r.IntN(len(set))]
}

// compareWithStd checks the Scanner against encoding/json on data: the same
// verdict on validity, the same values, the same errors whatever the buffer
// size, and well-formed errors.
func compareWithStd(t testing.TB, data []byte, cfgs []config) {
	t.Helper()
	body, _ := bytes.CutPrefix(data, []byte("\ufeff"))
	valid := json.Valid(body)

	var want any
	if valid {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&want); err != nil {
			t.Fatalf("encoding/json: Valid(%q) but Decode: %v", data, err)
		}
	}
	var first struct {
		skipErr, decodeErr string
		value              any
	}
	for n, c := range cfgs {
		skipErr := skipOne(c.scanner(data))
		if (skipErr == nil) != valid {
			t.Fatalf("%s: skip %q: got error %v; json.Valid = %v", c.name, data, skipErr, valid)
		}
		got, decodeErr := decodeOne(c.scanner(data))
		switch {
		case !valid && decodeErr == nil:
			t.Fatalf("%s: decode %q: got no error; json.Valid = false", c.name, data)
		case valid && utf8.Valid(body) && decodeErr != nil:
			t.Fatalf("%s: decode %q: %v", c.name, data, decodeErr)
		case valid && !utf8.Valid(body) && !strings.HasSuffix(errString(decodeErr), "invalid UTF-8 in string"):
			t.Fatalf("%s: decode %q: got error %v, want invalid UTF-8", c.name, data, decodeErr)
		case decodeErr == nil:
			// reflect, not cmp, which takes exponential time on deep nesting.
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: decode %q: got %v, encoding/json %v", c.name, data, got, want)
			}
		}
		for _, err := range []error{skipErr, decodeErr} {
			checkError(t, c, data, err)
		}
		if n == 0 {
			first.skipErr, first.decodeErr, first.value = errString(skipErr), errString(decodeErr), got
			continue
		}
		if errString(skipErr) != first.skipErr || errString(decodeErr) != first.decodeErr {
			t.Fatalf("%s: %q: got errors %q, %q; with %s, %q, %q", c.name, data, skipErr, decodeErr, cfgs[0].name, first.skipErr, first.decodeErr)
		}
	}
	if valid {
		s := cfgs[len(cfgs)-1].scanner(data)
		raw, err := s.Raw()
		if want := bytes.Trim(body, " \t\r\n"); err != nil || !bytes.Equal(raw, want) {
			t.Fatalf("Raw(%q) = %q, %v; want %q", data, raw, err, want)
		}
	}
}

func checkError(t testing.TB, c config, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *onus.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %q: error %v is a %T, not an *onus.Error", c.name, data, err, err)
	}
	if e.Code != onus.EInvalid && e.Code != onus.ETooLarge {
		t.Fatalf("%s: %q: error %v has code %q", c.name, data, err, e.Code)
	}
	if e.Loc.File != "t.json" || e.Loc.Line < 1 || e.Loc.Column < 1 {
		t.Fatalf("%s: %q: error %v has location %+v", c.name, data, err, e.Loc)
	}
}

func TestAgainstEncodingJSON(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	g := newGen(1)
	for i := range n {
		g.badUTF8 = i%4 == 3
		doc := g.doc(1 + i%5)
		compareWithStd(t, doc, configs)
		for range 4 {
			doc = g.mutate(doc)
			compareWithStd(t, doc, configs)
		}
	}
}

func TestAgainstEncodingJSONHandWritten(t *testing.T) {
	docs := []string{
		`{"version":4,"terraform_version":"1.5.7","serial":3,"lineage":"3f1e","outputs":{},"resources":[{"mode":"managed","type":"aws_instance","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":1,"attributes":{"id":"i-0abc","tags":{"Name":"web"},"cpu_core_count":2,"ebs_optimized":false,"policy":"{\"Version\":\"2012-10-17\"}"},"sensitive_attributes":[]}]}]}`,
		`[{"class_uid":2004,"finding_info":{"uid":"prowler-aws-iam_root_mfa_enabled","title":"Ensure MFA is enabled for the root account"},"severity_id":5,"status_code":"FAIL","time":1700000000,"resources":[{"uid":"arn:aws:iam::123456789012:root","type":"AwsAccount"}]}]`,
		"\ufeff{\"a\":[]}",
		" \t\r\n[ ] \t\r\n",
		`{"":""}`,
		`[-0.0e-0,1E9,0.1,123e45]`,
		`"\u0000\u001F\u007f\u0080\uFFFF"`,
		strings.Repeat(`{"a":`, 500) + "1" + strings.Repeat("}", 500),
		strings.Repeat(`[`, 100) + strings.Repeat("]", 99),
		`{"a":1,}`, `[1,]`, `[,1]`, `{,}`, `[01]`, `[1.]`, `[.1]`, `[1e]`, `["\x"]`, `["\u00"]`,
		`[NaN]`, `[Infinity]`, `[-]`, `[--1]`, `[tRue]`, `{"a" "b"}`, `{"a":1 "b":2}`, `'a'`, `[1]]`, `{"a":1}}`,
		"[\"\t\"]", "[\"\\\t\"]", "\x00", "[\x00]", "[1\x00]", "\"\xff\"", "[\"\xe2\x82\"]",
	}
	for _, d := range docs {
		compareWithStd(t, []byte(d), configs)
	}
}

func TestIntegerMatchesStrconv(t *testing.T) {
	g := newGen(7)
	for range 2000 {
		g.b.Reset()
		g.number()
		text := g.b.String()
		want, werr := strconv.ParseInt(text, 10, 64)
		s := New(strings.NewReader(text), "t.json")
		got, err := s.Int()
		if (err == nil) != (werr == nil) || err == nil && got != want {
			t.Fatalf("Int(%s) = %d, %v; strconv.ParseInt = %d, %v", text, got, err, want, werr)
		}
	}
}
