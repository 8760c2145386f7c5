package jsonstream

import (
	"bytes"
	"errors"
	"testing"

	"github.com/onus-dev/onus"
)

// FuzzStream checks that any input either streams or fails with an onus
// error, that every item is valid JSON whose line lies within the input,
// and that Probe never panics.
func FuzzStream(f *testing.F) {
	for _, s := range []string{
		`[{"a":1},{"b":[1,2,{"c":null}]}]`,
		"{\"items\":[{\"a\":\n1}],\"next\":\"x\"}\n{\"a\":2}\n",
		`{"kind":"Pod","metadata":{"name":"p"}}`,
		`{"Results":["{\"x\":1}"],"QueryInfo":{}}`,
		"[\n1,\n\"s\",\ntrue]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Probe(data)
		lines := bytes.Count(data, newline) + 1
		d := NewDecoder(bytes.NewReader(data), "fuzz.json", 1<<12)
		_, err := d.Stream(Shape{Lists: []string{"items", "Results"}, Single: true}, func(it *Item) error {
			if it.Line < 1 || it.Line > lines {
				t.Fatalf("item line %d outside 1..%d", it.Line, lines)
			}
			if err := it.Unquote(); err != nil {
				return nil
			}
			var v any
			if err := it.Decode(&v); err != nil {
				t.Fatalf("item %q does not decode: %v", it.Raw, err)
			}
			if e := it.Errorf("a.b", "m"); e.Loc.Line < 1 || e.Loc.Line > lines {
				t.Fatalf("error line %d outside 1..%d", e.Loc.Line, lines)
			}
			return nil
		})
		var e *onus.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error is not an onus error: %v", err)
		}
		if e != nil && (e.Loc.Line < 0 || e.Loc.Line > lines) {
			t.Fatalf("error line %d outside 1..%d: %v", e.Loc.Line, lines, err)
		}
	})
}
