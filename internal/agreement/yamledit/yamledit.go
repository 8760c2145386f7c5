// Package yamledit changes fields of mappings in a YAML file in place while
// keeping the rest of the file as the user wrote it: comments, blank lines,
// quoting, folded text and key order outside the changed fields.
//
// A change replaces the text of one field's value (or inserts the field)
// and nothing else. The result is checked: parsed again, it must hold
// exactly the documents the change asks for. When the splice cannot be
// made or checked (a mapping written in flow style, say), the file is
// written from the parsed node tree instead, which keeps comments but not
// blank lines or the wrapping of folded text, as far as
// go.yaml.in/yaml/v3 allows. Writes are atomic, and refused if the file
// changed on disk since it was read.
package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/atomicfile"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// MaxFileSize bounds the files this package edits.
const MaxFileSize = 32 << 20

// File is a YAML file open for editing.
type File struct {
	path string
	data []byte
	docs []*yaml.Node // document nodes
	// edits are the splices to make, keyed by the mapping they change.
	edits []edit
	// Spliced reports, after Bytes, whether the change was spliced into the
	// original text (true) or written from the node tree (false).
	Spliced bool
}

type edit struct {
	mapping *yaml.Node
	key     string
	value   *yaml.Node
	before  []string // insert a missing key before the first of these
}

// Open reads and parses a YAML file.
func Open(path string) (*File, error) {
	data, err := strictyaml.ReadLimited(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses YAML text that came from path.
func Parse(path string, data []byte) (*File, error) {
	docs, err := parseDocs(data)
	if err != nil {
		return nil, &onus.Error{Code: onus.EInvalid, Message: "cannot parse YAML", Loc: onus.Location{File: path}, Err: err}
	}
	return &File{path: path, data: data, docs: docs}, nil
}

// MappingAt returns the mapping node written at a line and column, such as
// an agreement whose location the model loader recorded, or nil.
func (f *File) MappingAt(line, col int) *yaml.Node {
	var found *yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if found != nil || n == nil {
			return
		}
		if n.Kind == yaml.MappingNode && n.Line == line && n.Column == col {
			found = n
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for _, d := range f.docs {
		walk(d)
	}
	return found
}

// Get returns the value of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	if i := keyIndex(m, key); i >= 0 {
		return m.Content[i+1]
	}
	return nil
}

// Set sets key in mapping m to value. A missing key is inserted before the
// first of the keys in before that m holds, or else after its last key. The
// node tree changes at once; the text changes when Bytes or Write is
// called.
func (f *File) Set(m *yaml.Node, key string, value *yaml.Node, before ...string) {
	f.edits = append(f.edits, edit{mapping: m, key: key, value: value, before: before})
	if i := keyIndex(m, key); i >= 0 {
		// A value's trailing comment stays with it.
		if value.LineComment == "" {
			value.LineComment = m.Content[i+1].LineComment
		}
		m.Content[i+1] = value
		return
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	at := len(m.Content)
	for _, b := range before {
		if i := keyIndex(m, b); i >= 0 {
			at = i
			break
		}
	}
	m.Content = append(m.Content[:at], append([]*yaml.Node{k, value}, m.Content[at:]...)...)
}

func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// Bytes returns the edited file.
func (f *File) Bytes() ([]byte, error) {
	tree, err := f.encodeTree()
	if err != nil {
		return nil, err
	}
	want, err := parseDocs(tree)
	if err != nil || len(want) != len(f.docs) {
		return nil, onus.ErrorAt(onus.Location{File: f.path}, onus.EInternal, "cannot write the change without losing data; edit the file by hand")
	}
	if out, ok := f.splice(); ok {
		if got, err := parseDocs(out); err == nil && sameDocs(got, want) {
			f.Spliced = true
			return out, nil
		}
	}
	f.Spliced = false
	return tree, nil
}

// Write writes the edited file atomically, keeping its permissions, and
// refuses when the file changed on disk since it was read.
func (f *File) Write() error {
	out, err := f.Bytes()
	if err != nil {
		return err
	}
	now, err := strictyaml.ReadLimited(f.path, MaxFileSize)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, f.data) {
		return onus.ErrorAt(onus.Location{File: f.path}, onus.EConflict, "the file changed while onus was editing it; run the command again")
	}
	err = atomicfile.Write(f.path, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	})
	if err != nil {
		return err
	}
	f.data = out
	return nil
}

// parseDocs parses every document of YAML text.
func parseDocs(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, &n)
	}
}

// sameDocs reports whether two lists of documents hold the same data. It
// compares the trees as written, aliases by name, so that a document of
// nested aliases costs no more to compare than to read.
func sameDocs(a, b []*yaml.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameNode(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Anchor != b.Anchor {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		return a.ShortTag() == b.ShortTag() && a.Value == b.Value
	case yaml.AliasNode:
		return a.Value == b.Value
	case yaml.MappingNode:
		if len(a.Content) != len(b.Content) {
			return false
		}
		// Mappings compare as sets of entries: an inserted key may sit at
		// another place in the text than in the tree.
		byKey := make(map[string]*yaml.Node, len(b.Content)/2)
		for i := 0; i+1 < len(b.Content); i += 2 {
			byKey[entryKey(b.Content[i])] = b.Content[i+1]
		}
		for i := 0; i+1 < len(a.Content); i += 2 {
			v, ok := byKey[entryKey(a.Content[i])]
			if !ok || !sameNode(a.Content[i+1], v) {
				return false
			}
		}
		return len(byKey) == len(a.Content)/2
	}
	if len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// entryKey identifies a mapping key; keys that are not scalars are keyed
// by their position in the text, which makes such mappings compare unequal
// unless written alike.
func entryKey(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return k.ShortTag() + "\x00" + k.Value
	}
	return fmt.Sprintf("\x01%d:%d", k.Line, k.Column)
}

// encodeTree writes every document from the node tree.
func (f *File) encodeTree() ([]byte, error) {
	var buf bytes.Buffer
	for i, d := range f.docs {
		if i > 0 {
			buf.WriteString("---\n")
		}
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(d); err != nil {
			return nil, &onus.Error{Code: onus.EInternal, Message: "cannot write YAML", Loc: onus.Location{File: f.path}, Err: err}
		}
		if err := enc.Close(); err != nil {
			return nil, &onus.Error{Code: onus.EInternal, Message: "cannot write YAML", Loc: onus.Location{File: f.path}, Err: err}
		}
	}
	return buf.Bytes(), nil
}

// span is a byte range of the original text to replace.
type span struct {
	start, end int
	text       string
	order      int // the edit's place in the list of edits
}

// splice applies the edits to the original text. It reports false when an
// edit cannot be placed: the caller then writes the node tree instead.
func (f *File) splice() ([]byte, bool) {
	if len(f.edits) == 0 {
		return f.data, true
	}
	nl := "\n"
	if bytes.Contains(f.data, []byte("\r\n")) {
		nl = "\r\n"
	}
	starts := nodeStarts(f.docs)
	var spans []span
	for i, e := range f.edits {
		s, ok := f.place(e, starts, nl)
		if !ok {
			return nil, false
		}
		s.order = i
		spans = append(spans, s)
	}
	// From the end of the file back, so that offsets stay valid; of two
	// insertions at one place, the later edit goes in first and so ends up
	// after the earlier one.
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start > spans[j].start
		}
		return spans[i].order > spans[j].order
	})
	out := append([]byte(nil), f.data...)
	for i, s := range spans {
		if i > 0 && (s.end > spans[i-1].start || s.start == spans[i-1].start && s.end != s.start) {
			return nil, false // two edits overlap
		}
		out = append(out[:s.start], append([]byte(s.text), out[s.end:]...)...)
	}
	return out, true
}

// place works out where one edit goes and what it writes.
func (f *File) place(e edit, starts []int, nl string) (span, bool) {
	m := e.mapping
	if m.Style&yaml.FlowStyle != 0 || len(m.Content) < 2 || m.Content[0].Line == 0 {
		return span{}, false
	}
	indent := m.Content[0].Column - 1
	// The node tree already holds the new value; the original key, if it
	// was there, is the one the parser gave a position.
	ki := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == e.key && m.Content[i].Line > 0 {
			ki = i
		}
	}
	if ki >= 0 {
		start, ok := keyOffset(f.data, m.Content[ki].Line, m.Content[ki].Column)
		if !ok {
			return span{}, false
		}
		end, ok := f.fieldEnd(m, ki, starts)
		if !ok {
			return span{}, false
		}
		text, ok := encodeField(e.key, e.value, indent, nl, false)
		return span{start: start, end: end, text: text}, ok
	}
	text, ok := encodeField(e.key, e.value, indent, nl, true)
	if !ok {
		return span{}, false
	}
	// A new key goes before the first of the keys named that starts a
	// line of its own, or after the last key.
	for _, b := range e.before {
		i := keyIndex(m, b)
		if i <= 0 || m.Content[i].Line == 0 {
			continue
		}
		ls, ok := lineOffset(f.data, m.Content[i].Line)
		if !ok || !onlySpaces(f.data[ls:offsetOf(f.data, ls, m.Content[i].Column)]) {
			continue
		}
		// Comments written above that key stay above it.
		at := f.aboveComments(ls, m.Content[i].Column)
		return span{start: at, end: at, text: text}, true
	}
	last := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Line > 0 {
			last = i
		}
	}
	end, ok := f.fieldEnd(m, last, starts)
	if !ok {
		return span{}, false
	}
	return span{start: end, end: end, text: text}, true
}

// keyOffset returns the offset of a key written at a line and column,
// after checking that only indentation, or a sequence dash, comes before it
// on its line.
func keyOffset(data []byte, line, col int) (int, bool) {
	ls, ok := lineOffset(data, line)
	if !ok {
		return 0, false
	}
	off := offsetOf(data, ls, col)
	for _, c := range data[ls:off] {
		if c != ' ' && c != '-' {
			return 0, false
		}
	}
	return off, true
}

func onlySpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

// offsetOf returns the byte offset of a column (in characters) of the line
// starting at off.
func offsetOf(data []byte, off, col int) int {
	for c := 1; c < col && off < len(data) && data[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	return off
}

// aboveComments moves an insertion point up over the comment lines
// directly above it that are indented like the key, so that they stay with
// the key they describe.
func (f *File) aboveComments(off, col int) int {
	for off > 0 {
		prev := bytes.LastIndexByte(f.data[:off-1], '\n') + 1
		line := f.data[prev : off-1]
		trimmed := bytes.TrimLeft(line, " ")
		if len(trimmed) == 0 || trimmed[0] != '#' || len(line)-len(trimmed) != col-1 {
			return off
		}
		off = prev
	}
	return off
}

// fieldEnd returns the offset where the field at key index ki of m ends:
// the start of the line of the next node that is not part of its value,
// less the blank and comment lines before that node.
func (f *File) fieldEnd(m *yaml.Node, ki int, starts []int) (int, bool) {
	key := m.Content[ki]
	last := lastLine(m.Content[ki+1])
	if last < key.Line {
		last = key.Line
	}
	next := -1
	for _, l := range starts {
		if l > last {
			next = l
			break
		}
	}
	var end int
	if next < 0 {
		end = len(f.data)
	} else {
		var ok bool
		if end, ok = lineOffset(f.data, next); !ok {
			return 0, false
		}
	}
	// Give back trailing blank lines and comments indented no deeper than
	// the key: they belong to what follows.
	for end > 0 {
		prev := bytes.LastIndexByte(f.data[:end-1], '\n') + 1
		if end-1 < prev {
			break
		}
		line := f.data[prev : end-1]
		trimmed := bytes.TrimLeft(line, " \t\r")
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		marker := bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))
		if len(trimmed) == 0 || marker || trimmed[0] == '#' && indent <= key.Column-1 {
			if prev == 0 {
				break
			}
			end = prev
			continue
		}
		break
	}
	if end < len(f.data) && (end == 0 || f.data[end-1] != '\n') {
		return 0, false
	}
	return end, true
}

// lastLine returns the last line any node of a subtree starts on.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		if cl := lastLine(c); cl > l {
			l = cl
		}
	}
	return l
}

// nodeStarts returns the sorted, distinct lines that nodes start on.
func nodeStarts(docs []*yaml.Node) []int {
	seen := map[int]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Line > 0 {
			seen[n.Line] = true
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for _, d := range docs {
		walk(d)
	}
	out := make([]int, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

func lineOffset(data []byte, line int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	return off, true
}

// encodeField writes "key: value" at an indentation, with the line ending
// given. The first line is indented only when padFirst is set: a replaced
// field's span starts at its key.
func encodeField(key string, value *yaml.Node, indent int, nl string, padFirst bool) (string, bool) {
	m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil || enc.Close() != nil {
		return "", false
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		if l == "" {
			continue
		}
		body := strings.TrimSuffix(l, "\n")
		if (i > 0 || padFirst) && strings.TrimSpace(body) != "" {
			b.WriteString(pad)
		}
		b.WriteString(body)
		b.WriteString(nl)
	}
	return b.String(), true
}
