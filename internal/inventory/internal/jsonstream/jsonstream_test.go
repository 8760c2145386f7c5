package jsonstream

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
)

type seen struct {
	Raw, Path string
	Line      int
}

// stream runs Stream over in and returns the items and wrapper fields.
func stream(t *testing.T, in string, shape Shape, limit int64) ([]seen, map[string]string, error) {
	t.Helper()
	var items []seen
	d := NewDecoder(strings.NewReader(in), "in.json", limit)
	fields, err := d.Stream(shape, func(it *Item) error {
		items = append(items, seen{string(it.Raw), it.Path, it.Line})
		return nil
	})
	f := map[string]string{}
	for k, v := range fields {
		f[k] = string(v)
	}
	return items, f, err
}

func TestStream(t *testing.T) {
	lists := Shape{Lists: []string{"items"}, Single: true}
	tests := []struct {
		name   string
		in     string
		shape  Shape
		items  []seen
		fields map[string]string
	}{
		{"array", "[\n {\"a\": 1},\n\n {\"b\": 2}\n]", lists,
			[]seen{{`{"a": 1}`, "[0]", 2}, {`{"b": 2}`, "[1]", 4}}, map[string]string{}},
		{"wrapper", "{\"kind\": \"List\",\n \"meta\": {\"x\": 1},\n \"items\": [\n  {\"a\": 1},\n  {\"a\":\n 2}\n ],\n \"next\": \"t\"}", lists,
			[]seen{{`{"a": 1}`, "items[0]", 4}, {"{\"a\":\n 2}", "items[1]", 5}}, map[string]string{"kind": `"List"`, "next": `"t"`}},
		{"single object", "\n\n{\"kind\": \"Pod\",\n \"metadata\": {\"name\":\n \"p\"}}", lists,
			[]seen{{"{\"kind\":\"Pod\",\"metadata\":{\"name\":\n \"p\"}}", "", 3}}, map[string]string{}},
		{"ndjson", "{\"a\":1}\n{\"b\":\n2}\n\n{\"items\":[]}\n", lists,
			[]seen{{"{\"a\":1}", "", 1}, {"{\"b\":\n2}", "", 2}, {`{"items":[]}`, "", 5}}, map[string]string{}},
		{"wrappers in sequence", "{\"items\":[{\"b\":2}]}\n[{\"c\":3}]\n", lists,
			[]seen{{`{"b":2}`, "items[0]", 1}, {`{"c":3}`, "[0]", 2}}, map[string]string{}},
		{"null list", `{"items": null, "n": 1}`, lists, nil, map[string]string{"n": "1"}},
		{"optional", `{"bomFormat": "CycloneDX", "components": [[[{"deep": true}]]]}`, Shape{Lists: []string{"services"}, Optional: true},
			nil, map[string]string{"bomFormat": `"CycloneDX"`}},
		{"empty", "  \n ", lists, nil, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, fields, err := stream(t, tt.in, tt.shape, DefaultMaxRecord)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.items, items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.fields, fields); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStreamErrors(t *testing.T) {
	lists := Shape{Lists: []string{"items"}, Single: true}
	tests := []struct {
		name  string
		in    string
		shape Shape
		limit int64
		code  onus.ErrorCode
		want  string
	}{
		{"syntax in item", "[\n{\"a\": 1},\n{\"a\":\n 1 2}\n]", lists, DefaultMaxRecord, onus.EInvalid,
			"in.json:4: invalid character '2' after object key:value pair"},
		{"syntax between items", "[\n{\"a\": 1}\n{\"a\": 2}]", lists, DefaultMaxRecord, onus.EInvalid,
			"in.json:3: expected comma after array element"},
		{"truncated", "{\"items\": [\n{\"a\": 1},\n{\"a\"", lists, DefaultMaxRecord, onus.EInvalid,
			"in.json:3: unexpected end of input: the file is truncated"},
		{"scalar", "\n42", lists, DefaultMaxRecord, onus.EInvalid, "in.json:2: expected a JSON object or array, found 42"},
		{"array in ndjson", "{\"a\":1}\n[]", lists, DefaultMaxRecord, onus.EInvalid, "in.json:2: expected one JSON object per line"},
		{"garbage in ndjson", "{\"a\":1}\n{\"b\":2}\n}", lists, DefaultMaxRecord, onus.EInvalid, "in.json:3: invalid character '}' looking for beginning of value"},
		{"list not array", `{"items": {"a": 1}}`, lists, DefaultMaxRecord, onus.EInvalid, "in.json:1: items must be an array"},
		{"no list", "{\"a\": 1}", Shape{Lists: []string{"data"}}, DefaultMaxRecord, onus.EInvalid, `in.json:1: expected an object with a "data" array`},
		{"item too large", `[{"a": "` + strings.Repeat("x", 2000) + `"}]`, lists, 1024, onus.ETooLarge, "in.json:1: an item is larger than 1024 bytes"},
		{"white space bomb", "[" + strings.Repeat(" ", 4096) + "]", lists, 1024, onus.ETooLarge, "in.json:1: an item is larger than 1024 bytes"},
		{"deep skip", `{"x": ` + strings.Repeat("[", 20000), Shape{Lists: []string{"services"}, Optional: true}, DefaultMaxRecord, onus.EInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := stream(t, tt.in, tt.shape, tt.limit)
			if onus.Code(err) != tt.code {
				t.Fatalf("error = %v (code %q), want code %q", err, onus.Code(err), tt.code)
			}
			if tt.want != "" && err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
		})
	}
}

// TestSkipLargeValues checks that values outside the items are skipped
// token by token: many small tokens add up to far more than the record
// limit without failing.
func TestSkipLargeValues(t *testing.T) {
	in := `{"components": [` + strings.Repeat(`{"name": "lib", "version": "1.0.0"},`, 5000) + `{}], "services": [{"name": "s"}]}`
	items, _, err := stream(t, in, Shape{Lists: []string{"services"}}, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Errorf("got %d items, want 1", len(items))
	}
}

func TestItemErrors(t *testing.T) {
	in := "[\n{\"name\": \"a\",\n \"tags\":\n  [1],\n \"spec\": {\"n\": \"x\"}}\n]"
	d := NewDecoder(strings.NewReader(in), "in.json", DefaultMaxRecord)
	var errs []string
	_, err := d.Stream(Shape{}, func(it *Item) error {
		var v struct {
			Tags map[string]string `json:"tags"`
		}
		errs = append(errs, it.Decode(&v).Error())
		var spec struct {
			N int `json:"n"`
		}
		var raw struct {
			Spec json.RawMessage `json:"spec"`
		}
		if err := it.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		errs = append(errs, it.DecodePart("spec", raw.Spec, &spec).Error())
		errs = append(errs, it.Errorf("name", "bad name").Error())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"in.json:4: [0].tags: expected an object, found array",
		"in.json:5: [0].spec.n: expected a number, found string",
		"in.json:2: [0].name: bad name",
	}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestUnquote(t *testing.T) {
	d := NewDecoder(strings.NewReader(`{"Results": ["{\"a\":\n1}", "{bad"]}`), "q.json", DefaultMaxRecord)
	var got []string
	_, err := d.Stream(Shape{Lists: []string{"Results"}}, func(it *Item) error {
		if err := it.Unquote(); err != nil {
			got = append(got, err.Error())
			return nil
		}
		got = append(got, string(it.Raw))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"{\"a\":\n1}", "q.json:1: Results[1]: the string does not hold valid JSON"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestProbe(t *testing.T) {
	tests := []struct {
		head string
		want any
	}{
		{`{"a": 1, "b": [{"c": "d"}, {"e": 2}], "n": null}`, map[string]any{"a": "1", "b": []any{map[string]any{"c": "d"}}, "n": nil}},
		{`{"items": [{"kind": "Pod", "metadata": {"na`, map[string]any{"items": []any{map[string]any{"kind": "Pod", "metadata": map[string]any{}}}}},
		{`[{"x": true}, {"y"`, []any{map[string]any{"x": "true"}}},
		{"{\"a\":1}\n{\"b\":2}", map[string]any{"a": "1"}},
		{`not json`, nil},
		{``, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Probe([]byte(tt.head))); diff != "" {
			t.Errorf("Probe(%s) (-want +got):\n%s", tt.head, diff)
		}
	}
}

func TestFlatten(t *testing.T) {
	attrs := map[string]string{}
	Flatten(attrs, "p", json.RawMessage(`{"s": "x", "n": 1.50, "b": false, "z": null, "list": [1],
		"o": {"k": "v", "deep": {"x": 1}}, "labels": {"team": "a"}, "long": "`+strings.Repeat("y", MaxAttrValue+1)+`"}`), 2, "labels")
	want := map[string]string{"p.s": "x", "p.n": "1.50", "p.b": "false", "p.o.k": "v"}
	if diff := cmp.Diff(want, attrs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	many := map[string]string{}
	var b strings.Builder
	b.WriteString("{")
	for i := range MaxAttrs + 10 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%03d": 1`, i)
	}
	b.WriteString("}")
	Flatten(many, "", json.RawMessage(b.String()), 1)
	if len(many) != MaxAttrs || many["k000"] != "1" || many["k265"] != "" {
		t.Errorf("kept %d attributes (k000=%q, k265=%q), want the first %d in key order", len(many), many["k000"], many["k265"], MaxAttrs)
	}
}

func TestTags(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
		err  bool
	}{
		{`{"team": "a", "n": 3, "z": null, "o": {"x": 1}}`, map[string]string{"team": "a", "n": "3", "z": ""}, false},
		{`[{"Key": "team", "Value": "a"}, {"key": "env", "value": "prod"}, {"Key": "empty"}]`, map[string]string{"team": "a", "env": "prod", "empty": ""}, false},
		{`null`, nil, false},
		{``, nil, false},
		{`[{"Value": "x"}]`, nil, true},
		{`["a"]`, nil, true},
		{`"a=b"`, nil, true},
	}
	for _, tt := range tests {
		got, err := Tags(json.RawMessage(tt.in))
		if (err != nil) != tt.err {
			t.Errorf("Tags(%s) error = %v, want error %v", tt.in, err, tt.err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tags(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	for i := range MaxProblems - 1 {
		if err := p.Add(&onus.Error{Code: onus.EInvalid, Message: "m", Loc: onus.Location{File: "f", Line: MaxProblems - i}}); err != nil {
			t.Fatalf("Add %d stopped early: %v", i, err)
		}
	}
	if err := p.Add(&onus.Error{Code: onus.EInvalid, Message: "last"}); err == nil {
		t.Error("Add did not stop at MaxProblems")
	}
	// An error that is not onus's, such as emit's, passes through.
	if err := p.Finish(errorString("stop")); err.Error() != "stop" {
		t.Errorf("Finish returned %v, want the emit error", err)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
