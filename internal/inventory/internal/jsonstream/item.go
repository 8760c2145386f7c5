package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/onus-dev/onus"
)

// Item is one item of a file: its JSON text and where it is written.
type Item struct {
	Raw  json.RawMessage
	File string
	// Line is the line the item starts on.
	Line int
	// Path is the item's place in the document, such as "items[3]"; it is
	// empty for an item that is a whole top-level value.
	Path string
	// parts, for an object rebuilt from its fields, says where each field's
	// value starts in Raw and on which line of the file.
	parts []part
	// unquoted says that Raw was decoded from a JSON string, so that its
	// offsets no longer match lines of the file.
	unquoted bool
}

type part struct{ off, line int }

// lineOf returns the file line of byte offset off of Raw.
func (it *Item) lineOf(off int) int {
	if it.unquoted {
		return it.Line
	}
	off = min(max(off, 0), len(it.Raw))
	start, line := 0, it.Line
	for _, p := range it.parts {
		if p.off > off {
			break
		}
		start, line = p.off, p.line
	}
	return line + bytes.Count(it.Raw[start:off], newline)
}

// JoinPath joins two field paths with a dot, leaving out empty ones.
func JoinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// Errorf returns an EInvalid error located at the field path below the
// item, on the line of the path's top-level field when the item has it.
func (it *Item) Errorf(path, format string, args ...any) *onus.Error {
	line := it.Line
	if key, _, _ := strings.Cut(path, "."); key != "" {
		if off := it.keyOffset(key); off >= 0 {
			line = it.lineOf(off)
		}
	}
	return &onus.Error{Code: onus.EInvalid, Message: fmt.Sprintf(format, args...),
		Loc: onus.Location{File: it.File, Line: line, Path: JoinPath(it.Path, path)}}
}

// keyOffset returns the offset in Raw of the top-level key, or -1.
func (it *Item) keyOffset(key string) int {
	dec := json.NewDecoder(bytes.NewReader(it.Raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return -1
	}
	for dec.More() {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return -1
		}
		if tok == key {
			// The offset is where the previous value ended: step over the
			// comma and white space before the key.
			for int(off) < len(it.Raw) && strings.IndexByte(", \t\r\n", it.Raw[off]) >= 0 {
				off++
			}
			return int(off)
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return -1
		}
	}
	return -1
}

// Loc returns the location of the item.
func (it *Item) Loc() onus.Location {
	return onus.Location{File: it.File, Line: it.Line, Path: it.Path}
}

// Decode decodes the item into v with encoding/json, numbers as json.Number
// when v holds interfaces. A value of the wrong type is reported at its line
// and field path.
func (it *Item) Decode(v any) error {
	return it.decode("", it.Raw, v)
}

// DecodePart decodes raw, the part of the item at path (such as
// "resource.data"), into v, reporting a value of the wrong type at its path.
func (it *Item) DecodePart(path string, raw json.RawMessage, v any) error {
	return it.decode(path, raw, v)
}

func (it *Item) decode(path string, raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		e := it.Errorf(JoinPath(path, te.Field), "expected %s, found %s", kindWords(te.Type), te.Value)
		if path == "" {
			e.Loc.Line = it.lineOf(int(te.Offset))
		}
		return e
	}
	return it.Errorf(path, "%v", err)
}

// kindWords names a Go type the way a JSON user thinks of it.
func kindWords(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}

// Unquote replaces an item written as a JSON string that holds a JSON
// document, as advanced-query results are, with that document. Other items
// are left as they are.
func (it *Item) Unquote() error {
	if len(it.Raw) == 0 || it.Raw[0] != '"' {
		return nil
	}
	raw, err := DecodeEmbedded(it.Raw)
	if err != nil {
		return it.Errorf("", "%v", err)
	}
	it.Raw, it.parts, it.unquoted = raw, nil, true
	return nil
}

// DecodeEmbedded decodes a field that holds JSON either directly or encoded
// as a string, as the AWS Config API does for "configuration" and the
// advanced-query API does for whole items. It returns the JSON text.
func DecodeEmbedded(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return raw, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	if !json.Valid([]byte(s)) {
		return nil, errors.New("the string does not hold valid JSON")
	}
	return json.RawMessage(s), nil
}
