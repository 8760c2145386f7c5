package jsonscan

import (
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzScanner compares the Scanner with encoding/json on random input, fed
// whole and a byte at a time through the smallest buffer.
func FuzzScanner(f *testing.F) {
	seeds := []string{
		``, `{}`, `[]`, `""`, `0`, `-0.5e+3`, `true`, `false`, `null`,
		`{"a":[1,"b",{"c":null}],"d":true}`,
		`"\u00e9\ud83d\ude00\ud800\ud800x\/\b\f\n\r\t\\\""`,
		"\ufeff{\"a\":1}",
		"[\"\xff\", \"\xed\xa0\x80\"]",
		`{"a":1,}`, `[1 2]`, `01`, `1.`, `"\u12G4"`, `tru`, `[1,]`, `{"a" 1}`,
		strings.Repeat("[", 50) + strings.Repeat("]", 50),
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	g := newGen(42)
	for i := range 20 {
		g.badUTF8 = i%3 == 0
		f.Add(g.doc(3))
	}
	cfgs := []config{
		{"default", defaultBuffer, nil},
		{"6/one-byte", 6, iotest.OneByteReader},
		{"9/half", 9, iotest.HalfReader},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareWithStd(t, data, cfgs)
	})
}
