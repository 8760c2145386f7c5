// Package jsonstream reads the JSON files that cloud tools export (AWS Config
// snapshots, Azure Resource Graph results, Cloud Asset Inventory exports,
// kubectl lists, CycloneDX BOMs) one item at a time, so that a file of any
// size is read in memory bounded by its largest item, and it locates every
// problem at its file, line and field path.
//
// It is shared by the inventory importers below internal/inventory and by
// nothing else.
package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/onus-dev/onus"
)

// DefaultMaxRecord bounds the size of one item. Kubernetes objects stop at
// about 1.5 MiB (the etcd limit) and AWS Config items at a few MiB, so 16 MiB
// leaves room while keeping a hostile file from exhausting memory.
const DefaultMaxRecord = 16 << 20

// maxDepth bounds the nesting of values skipped token by token, the one
// place where encoding/json's own depth limit does not apply.
const maxDepth = 10000

// maxFields bounds how many scalar fields of a wrapper object are kept.
const maxFields = 1000

var errTooLarge = errors.New("record too large")

var newline = []byte{'\n'}

// tracker sits between the input and json.Decoder. It stops reads that would
// take one record past the size limit, and it keeps the bytes the decoder
// has read but not yet consumed, so that the line of any offset the decoder
// reports can be counted.
type tracker struct {
	r     io.Reader
	total int64 // bytes handed to the decoder
	mark  int64 // offset where the current record starts
	limit int64
	// win holds the bytes from winStart to total; line is the line number
	// at winStart.
	win      []byte
	winStart int64
	line     int
}

func (t *tracker) Read(p []byte) (int, error) {
	room := t.mark + t.limit - t.total
	if room <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := t.r.Read(p)
	t.total += int64(n)
	t.win = append(t.win, p[:n]...)
	return n, err
}

// lineAt returns the line of byte offset off and forgets the bytes before
// it; offsets passed to it must not go backwards.
func (t *tracker) lineAt(off int64) int {
	off = min(off, t.total)
	if off <= t.winStart {
		return t.line
	}
	k := off - t.winStart
	t.line += bytes.Count(t.win[:k], newline)
	t.win = t.win[k:]
	t.winStart = off
	return t.line
}

// Decoder reads the JSON values of one file.
type Decoder struct {
	file  string
	limit int64
	t     *tracker
	dec   *json.Decoder
}

// NewDecoder returns a decoder reading r, which file names in errors. One
// item may be at most maxRecord bytes long.
func NewDecoder(r io.Reader, file string, maxRecord int64) *Decoder {
	t := &tracker{r: r, limit: maxRecord, line: 1}
	dec := json.NewDecoder(t)
	dec.UseNumber()
	return &Decoder{file: file, limit: maxRecord, t: t, dec: dec}
}

// begin starts a new record at the decoder's position: the size limit counts
// from here, and the bytes before it are no longer needed for line numbers.
func (d *Decoder) begin() {
	off := d.dec.InputOffset()
	d.t.mark = off
	d.t.lineAt(off)
}

// token reads the next token. It returns io.EOF unwrapped at the end of the
// input, and located errors otherwise.
func (d *Decoder) token() (json.Token, error) {
	d.begin()
	tok, err := d.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, d.wrap(err)
	}
	return tok, nil
}

// raw reads the next value whole, and returns it with the line it starts on.
func (d *Decoder) raw() (json.RawMessage, int, error) {
	d.begin()
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return nil, 0, d.wrap(err)
	}
	end := d.t.lineAt(d.dec.InputOffset())
	return raw, end - bytes.Count(raw, newline), nil
}

// skip reads past the next value token by token, so that a value of any size
// costs no memory. It returns the value when it is a scalar, nil otherwise.
func (d *Decoder) skip() (json.RawMessage, error) {
	tok, err := d.token()
	if err != nil {
		return nil, d.unexpectedEOF(err)
	}
	if _, ok := tok.(json.Delim); !ok {
		return scalarJSON(tok), nil
	}
	for depth := 1; depth > 0; {
		if depth > maxDepth {
			return nil, d.errorf(onus.EInvalid, "values are nested more than %d deep", maxDepth)
		}
		tok, err := d.token()
		if err != nil {
			return nil, d.unexpectedEOF(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil, nil
}

// unexpectedEOF turns an end of input in the middle of a value into an error.
func (d *Decoder) unexpectedEOF(err error) error {
	if err == io.EOF {
		return d.wrap(io.ErrUnexpectedEOF)
	}
	return err
}

// scalarJSON returns the JSON text of a scalar token.
func scalarJSON(tok json.Token) json.RawMessage {
	switch v := tok.(type) {
	case json.Number:
		return json.RawMessage(v)
	case nil:
		return json.RawMessage("null")
	}
	b, _ := json.Marshal(tok) // a string or a bool: cannot fail
	return b
}

// errorf returns an error located at the decoder's position.
func (d *Decoder) errorf(code onus.ErrorCode, format string, args ...any) *onus.Error {
	return &onus.Error{Code: code, Message: fmt.Sprintf(format, args...),
		Loc: onus.Location{File: d.file, Line: d.t.lineAt(d.dec.InputOffset())}}
}

// limitText writes the size limit for messages.
func (d *Decoder) limitText() string {
	if d.limit >= 1<<20 {
		return fmt.Sprintf("%d MiB", d.limit>>20)
	}
	return fmt.Sprintf("%d bytes", d.limit)
}

// wrap turns an error of the JSON decoder into a located *onus.Error.
func (d *Decoder) wrap(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, errTooLarge):
		return d.errorf(onus.ETooLarge, "an item is larger than %s", d.limitText())
	case errors.Is(err, io.ErrUnexpectedEOF):
		e := d.errorf(onus.EInvalid, "unexpected end of input: the file is truncated")
		e.Loc.Line = d.t.lineAt(d.t.total)
		return e
	case errors.As(err, &syn):
		e := d.errorf(onus.EInvalid, "%s", syn.Error())
		e.Loc.Line += d.syntaxErrorLines()
		return e
	}
	return &onus.Error{Code: onus.EInternal, Message: "cannot read input", Loc: onus.Location{File: d.file}, Err: err}
}

// syntaxErrorLines returns how many lines past the decoder's position a
// syntax error lies. The decoder's own offsets do not say, so the bytes it
// holds are scanned again.
func (d *Decoder) syntaxErrorLines() int {
	buf, _ := io.ReadAll(d.dec.Buffered())
	var v json.RawMessage
	err := json.Unmarshal(buf, &v)
	var syn *json.SyntaxError
	if !errors.As(err, &syn) || syn.Offset <= 0 || syn.Offset > int64(len(buf)) {
		return 0
	}
	return bytes.Count(buf[:syn.Offset-1], newline)
}

// Shape says where the items of a file are.
type Shape struct {
	// Lists names the keys of a top-level object whose array value holds
	// the items, such as "items" in a kubectl List.
	Lists []string
	// Single says that a top-level object without any of those keys is
	// itself an item, such as a single Kubernetes object.
	Single bool
	// Optional says that a top-level object without any of those keys
	// holds no items, as a CycloneDX BOM without services; otherwise it is
	// an error, unless Single is set.
	Optional bool
	// Start, when set, is called as the array of one of Lists starts, with
	// the scalar fields of its object read so far, such as a Kubernetes
	// list's kind.
	Start func(fields map[string]json.RawMessage)
}

// Stream reads every top-level value of the input (one, or many as in
// newline-delimited JSON) and calls fn for each item: each element of a
// top-level array, each element of an array under one of shape.Lists in a
// top-level object, or, when shape.Single is set, a top-level object that
// has none of those keys. Once a top-level object has been an item, every
// later top-level value must be an object and is an item too, as in
// newline-delimited JSON. Stream returns the scalar fields of the wrapper
// objects it read, such as a paging token, and returns fn's error as soon as
// fn fails.
func (d *Decoder) Stream(shape Shape, fn func(*Item) error) (map[string]json.RawMessage, error) {
	fields := map[string]json.RawMessage{}
	// Once a top-level object has been an item, the input is a sequence of
	// items (newline-delimited JSON), and each is read whole: much faster
	// than field by field.
	sequence := false
	for {
		if sequence {
			if !d.dec.More() {
				break
			}
			raw, line, err := d.raw()
			if err != nil {
				return fields, err
			}
			if raw[0] != '{' {
				return fields, &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: d.file, Line: line},
					Message: "expected one JSON object per line"}
			}
			if err := fn(&Item{Raw: raw, File: d.file, Line: line}); err != nil {
				return fields, err
			}
			continue
		}
		tok, err := d.token()
		if err == io.EOF {
			return fields, nil
		}
		if err != nil {
			return fields, err
		}
		switch tok {
		case json.Delim('['):
			err = d.elements("", fn)
		case json.Delim('{'):
			sequence, err = d.object(shape, fields, fn)
		default:
			err = d.errorf(onus.EInvalid, "expected a JSON object or array, found %s", scalarJSON(tok))
		}
		if err != nil {
			return fields, err
		}
	}
	// More reports false at the end of the input and on errors alike.
	if _, err := d.token(); err != io.EOF {
		return fields, d.unexpectedEOF(err)
	}
	return fields, nil
}

// elements calls fn for each element of the array whose '[' was just read.
func (d *Decoder) elements(path string, fn func(*Item) error) error {
	for i := 0; d.dec.More(); i++ {
		raw, line, err := d.raw()
		if err != nil {
			return err
		}
		if err := fn(&Item{Raw: raw, File: d.file, Line: line, Path: fmt.Sprintf("%s[%d]", path, i)}); err != nil {
			return err
		}
	}
	_, err := d.token()
	return d.unexpectedEOF(err)
}

type field struct {
	key  string
	raw  json.RawMessage
	line int
}

// object reads the top-level object whose '{' was just read, and reports
// whether it was an item.
func (d *Decoder) object(shape Shape, fields map[string]json.RawMessage, fn func(*Item) error) (bool, error) {
	line := d.t.lineAt(d.dec.InputOffset() - 1)
	var (
		kept   []field
		size   int
		listed bool
		own    = map[string]json.RawMessage{} // scalars skipped past
	)
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return false, d.unexpectedEOF(err)
		}
		key, _ := tok.(string) // the decoder guarantees a string key
		switch {
		case slices.Contains(shape.Lists, key):
			tok, err := d.token()
			if err != nil {
				return false, d.unexpectedEOF(err)
			}
			switch tok {
			case nil: // "items": null lists nothing
			case json.Delim('['):
				if shape.Start != nil {
					shape.Start(scalars(kept, own))
				}
				if err := d.elements(key, fn); err != nil {
					return false, err
				}
			default:
				return false, d.errorf(onus.EInvalid, "%s must be an array", key)
			}
			listed = true
		case shape.Single && !listed:
			raw, vline, err := d.raw()
			if err != nil {
				return false, err
			}
			if size += len(key) + len(raw); int64(size) > d.limit {
				return false, d.errorf(onus.ETooLarge, "an item is larger than %s", d.limitText())
			}
			kept = append(kept, field{key, raw, vline})
		default:
			v, err := d.skip()
			if err != nil {
				return false, err
			}
			if v != nil && len(own) < maxFields {
				own[key] = v
			}
		}
	}
	if _, err := d.token(); err != nil {
		return false, d.unexpectedEOF(err)
	}
	switch {
	case listed, shape.Optional && !shape.Single:
		for k, v := range scalars(kept, own) {
			if len(fields) < maxFields {
				fields[k] = v
			}
		}
		return false, nil
	case !shape.Single:
		msg := "expected an array"
		if len(shape.Lists) > 0 {
			msg = fmt.Sprintf("expected an object with a %q array", shape.Lists[0])
		}
		return false, &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: d.file, Line: line}, Message: msg}
	}
	return true, fn(assemble(d.file, line, kept))
}

// scalars returns the scalar fields among kept, added to a copy of more.
func scalars(kept []field, more map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(kept)+len(more))
	for k, v := range more {
		out[k] = v
	}
	for _, f := range kept {
		if len(f.raw) > 0 && f.raw[0] != '{' && f.raw[0] != '[' {
			out[f.key] = f.raw
		}
	}
	return out
}

// assemble rebuilds an object read field by field, remembering where each
// field's value came from so that errors inside it keep their lines.
func assemble(file string, line int, fields []field) *Item {
	var b bytes.Buffer
	b.WriteByte('{')
	parts := make([]part, 0, len(fields))
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key) // a string: cannot fail
		b.Write(k)
		b.WriteByte(':')
		parts = append(parts, part{off: b.Len(), line: f.line})
		b.Write(f.raw)
	}
	b.WriteByte('}')
	return &Item{Raw: b.Bytes(), File: file, Line: line, parts: parts}
}
