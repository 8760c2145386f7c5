// Package strictyaml decodes YAML documents into Go structs strictly: every
// unknown field, wrong kind and bad value is reported with its file, line,
// column and field path, and decoding goes on so that one run shows every
// problem. Structs that have a field `Loc onus.Location` get it set to where
// they are written. Mapping keys starting with "x-" are extensions and are
// skipped, so that files can hold blocks of YAML anchors.
package strictyaml

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
)

// maxAliases bounds alias expansion, so that a "billion laughs" document
// cannot make the decoder walk an exponential tree.
const maxAliases = 10000

// maxExpanded bounds how many values aliases may expand to in all: a few
// aliases of a large anchored block would otherwise multiply it.
const maxExpanded = 1 << 20

// maxErrors bounds how many problems one decoder reports; past it, one more
// error says that the rest were left out.
const maxErrors = 500

// Document is one parsed YAML document of a file.
type Document struct {
	File string
	Root *yaml.Node
}

// Parse splits data into its YAML documents. Syntax errors are returned as an
// *onus.Error located at the offending line.
func Parse(file string, data []byte) ([]Document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []Document
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, syntaxError(file, data, err)
		}
		if len(n.Content) == 0 || isNull(n.Content[0]) {
			continue // an empty document, such as a file of comments
		}
		docs = append(docs, Document{File: file, Root: n.Content[0]})
	}
}

// ReadFile reads and parses a YAML file of at most limit bytes.
func ReadFile(path string, limit int64) ([]Document, error) {
	data, err := ReadLimited(path, limit)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// ReadLimited reads a file of at most limit bytes. Its errors are onus
// errors located at path.
func ReadLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the location names the file already
		}
		return nil, &onus.Error{Code: onus.ENotFound, Message: "cannot read file", Loc: onus.Location{File: path}, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot read file", Loc: onus.Location{File: path}, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, onus.ErrorAt(onus.Location{File: path}, onus.ETooLarge, "file is larger than %d MiB", limit>>20)
	}
	return data, nil
}

// syntaxError turns a yaml library error ("yaml: line 3: mapping values are
// not allowed in this context") into a located onus error.
func syntaxError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	loc := onus.Location{File: file}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if line, err := strconv.Atoi(num); err == nil {
				loc.Line = line
				msg = strings.TrimSpace(tail)
			}
		}
	}
	// The library names the line where the enclosing block starts, which
	// can be far from the mistake; the first line at which a growing prefix
	// of the file stops parsing is where the mistake is.
	if line := firstBadLine(data); line > loc.Line {
		msg = fmt.Sprintf("%s (in the block that starts at line %d)", msg, loc.Line)
		loc.Line = line
	}
	return &onus.Error{Code: onus.EInvalid, Message: "YAML syntax: " + msg, Loc: loc}
}

// firstBadLine finds, by bisection, the fewest lines of data that fail to
// parse, and returns that count; 0 when it cannot tell. A prefix cut inside
// a flow collection also fails, so the answer is a good guess, not a proof.
func firstBadLine(data []byte) int {
	if len(data) > 4<<20 {
		return 0
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	fails := func(n int) bool {
		dec := yaml.NewDecoder(bytes.NewReader(bytes.Join(lines[:n], nil)))
		for {
			var node yaml.Node
			err := dec.Decode(&node)
			if errors.Is(err, io.EOF) {
				return false
			}
			if err != nil {
				return true
			}
		}
	}
	if !fails(len(lines)) {
		return 0
	}
	lo, hi := 0, len(lines) // fails(hi) holds; fails(lo) does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// Decoder decodes YAML nodes into Go values, collecting every problem.
type Decoder struct {
	File    string
	Errs    onus.ErrorList
	aliases int
	// inAlias is how deep the decoder is inside alias expansions, and
	// expanded how many values it decoded there.
	inAlias, expanded int
}

// Decode decodes n into v, which must be a non-nil pointer. path is the field
// path of n inside its document ("" for the root).
func (d *Decoder) Decode(n *yaml.Node, path string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("strictyaml: Decode needs a non-nil pointer")
	}
	d.decode(n, path, rv.Elem())
}

// Loc returns the location of n.
func (d *Decoder) Loc(n *yaml.Node, path string) onus.Location {
	return onus.Location{File: d.File, Line: n.Line, Column: n.Column, Path: path}
}

func (d *Decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	switch {
	case len(d.Errs) < maxErrors:
		d.Errs.Add(d.Loc(n, path), onus.EInvalid, format, args...)
	case len(d.Errs) == maxErrors:
		d.Errs.Add(d.Loc(n, path), onus.EInvalid, "too many problems; the rest of the file was not checked")
	}
}

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	locationType        = reflect.TypeFor[onus.Location]()
)

func (d *Decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		d.aliases++
		if d.aliases > maxAliases {
			if d.aliases == maxAliases+1 {
				d.errorf(n, path, "too many YAML aliases (more than %d)", maxAliases)
			}
			return
		}
		d.inAlias++
		defer func() { d.inAlias-- }()
		n = n.Alias
	}
	if d.inAlias > 0 {
		d.expanded++
		if d.expanded > maxExpanded {
			if d.expanded == maxExpanded+1 {
				d.errorf(n, path, "YAML aliases expand to more than %d values", maxExpanded)
			}
			return
		}
	}
	if isNull(n) {
		return
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, path, v.Elem())
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(textUnmarshalerType) {
		if n.Kind == yaml.MappingNode && v.Kind() == reflect.Struct && hasYAMLTags(v.Type()) {
			// A type with a short scalar form and a long mapping form.
			d.decodeStruct(n, path, v)
			return
		}
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "expected a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.errorf(n, path, "%s", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "expected text, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, path, "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if n.Kind != yaml.ScalarNode || err != nil || v.OverflowInt(i) {
			d.errorf(n, path, "expected a whole number, got %s", describe(n))
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, path, "expected a number, got %s", describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Slice:
		d.decodeSlice(n, path, v)
	case reflect.Map:
		d.decodeMap(n, path, v)
	case reflect.Struct:
		d.decodeStruct(n, path, v)
	default:
		panic(fmt.Sprintf("strictyaml: cannot decode into %s", v.Type()))
	}
}

func (d *Decoder) decodeSlice(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind == yaml.ScalarNode && v.Type().Elem().Kind() != reflect.Slice {
		// A single value where a list is expected: people write
		// "layers: data" as often as "layers: [data]".
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(n, path, elem)
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), elem))
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "expected a list, got %s", kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for i, c := range n.Content {
		elemPath := fmt.Sprintf("%s[%d]", path, i)
		if isNull(c) && v.Type().Elem().Kind() == reflect.Pointer {
			d.errorf(c, elemPath, "empty list entry")
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(c, elemPath, elem)
		out = reflect.Append(out, elem)
	}
	v.Set(out)
}

func (d *Decoder) decodeMap(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping of keys to values, got %s", kindName(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(n.Content)/2))
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind != yaml.ScalarNode {
			d.errorf(kn, path, "expected a text key, got %s", kindName(kn))
			continue
		}
		fieldPath := joinPath(path, kn.Value)
		if seen[kn.Value] {
			d.errorf(kn, fieldPath, "key %q is given twice", kn.Value)
			continue
		}
		seen[kn.Value] = true
		key := reflect.New(v.Type().Key()).Elem()
		d.decode(kn, fieldPath, key)
		if key.IsZero() && kn.Value != "" {
			continue // the key itself was reported as bad
		}
		val := reflect.New(v.Type().Elem()).Elem()
		d.decode(vn, fieldPath, val)
		v.SetMapIndex(key, val)
	}
}

func (d *Decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping of fields, got %s", kindName(n))
		return
	}
	fields := structFields(v.Type())
	if loc, ok := fields.loc(v); ok {
		loc.Set(reflect.ValueOf(d.Loc(n, path)))
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		name := kn.Value
		if strings.HasPrefix(name, "x-") {
			continue // an extension key, such as a block of YAML anchors
		}
		fieldPath := joinPath(path, name)
		idx, ok := fields.byName[name]
		if !ok {
			d.errorf(kn, fieldPath, "unknown field %q%s", name, onus.DidYouMean(name, fields.names))
			continue
		}
		if seen[name] {
			d.errorf(kn, fieldPath, "field %q is given twice", name)
			continue
		}
		seen[name] = true
		d.decode(vn, fieldPath, v.Field(idx))
	}
}

type fieldSet struct {
	byName map[string]int
	names  []string
	locIdx int // index of the Loc field, or -1
}

func (f fieldSet) loc(v reflect.Value) (reflect.Value, bool) {
	if f.locIdx < 0 {
		return reflect.Value{}, false
	}
	return v.Field(f.locIdx), true
}

// structFields reads the yaml tags of t. It is called once per struct value;
// the types decoded here are small, so it is not cached.
func structFields(t reflect.Type) fieldSet {
	fs := fieldSet{byName: make(map[string]int, t.NumField()), locIdx: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Type == locationType && f.Name == "Loc" {
			fs.locIdx = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs.byName[name] = i
		fs.names = append(fs.names, name)
	}
	sort.Strings(fs.names)
	return fs
}

func hasYAMLTags(t reflect.Type) bool {
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("yaml") != "" {
			return true
		}
	}
	return false
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "something else"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return kindName(n)
}
