package agreement

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// locator finds where words of a field's value are written in a model file,
// so that a finding can point at the words themselves. It reads each file
// once.
type locator struct {
	files map[string]*sourceFile
}

type sourceFile struct {
	data []byte
	docs []strictyaml.Document
}

func newLocator() *locator { return &locator{files: map[string]*sourceFile{}} }

// field returns the location of the value at path (such as
// "agreements[0].clauses[2].text") in the document of file that holds line,
// and the value's node; the node is nil when the file or field cannot be
// found, and the location is then base.
func (l *locator) field(base onus.Location, path string) (onus.Location, *yaml.Node, []byte) {
	loc := base
	loc.Path = path
	f := l.file(base.File)
	if f == nil {
		return loc, nil, nil
	}
	var root *yaml.Node
	for _, d := range f.docs {
		if d.Root.Line <= base.Line || root == nil {
			root = d.Root
		}
	}
	n := strictyaml.Lookup(root, path)
	if n == nil {
		return loc, nil, nil
	}
	loc.Line, loc.Column = n.Line, n.Column
	return loc, n, f.data
}

func (l *locator) file(name string) *sourceFile {
	if name == "" {
		return nil
	}
	if f, ok := l.files[name]; ok {
		return f
	}
	var f *sourceFile
	if data, err := strictyaml.ReadLimited(name, model.MaxFileSize); err == nil {
		if docs, err := strictyaml.Parse(name, data); err == nil {
			f = &sourceFile{data: data, docs: docs}
		}
	}
	l.files[name] = f
	return f
}

// wordPosition returns the line and column in src of the byte at offset of
// scalar n's value: it walks the value and the source side by side, letting
// a run of white space in one stand for any run in the other (folded and
// multi-line scalars) and skipping the quoting of quoted scalars. It reports
// false when the two cannot be aligned, as with escape sequences; callers
// then point at the value's start.
func wordPosition(src []byte, n *yaml.Node, offset int) (line, col int, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || offset < 0 || offset > len(n.Value) || n.Line < 1 || n.Column < 1 {
		return 0, 0, false
	}
	si, ok := lineColOffset(src, n.Line, n.Column)
	if !ok {
		return 0, 0, false
	}
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// The content starts on the line after the indicator.
		nl := bytes.IndexByte(src[si:], '\n')
		if nl < 0 {
			return 0, 0, false
		}
		si += nl + 1
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		si++
	}
	single := n.Style&yaml.SingleQuotedStyle != 0
	v := n.Value
	vi := 0
	for {
		// White space aligns run for run.
		if vi < len(v) && isSpace(v[vi]) {
			for vi < len(v) && isSpace(v[vi]) {
				vi++
			}
			for si < len(src) && isSpace(src[si]) {
				si++
			}
			if vi > offset {
				return 0, 0, false // the offset is inside white space
			}
			continue
		}
		for si < len(src) && isSpace(src[si]) {
			si++
		}
		if vi == offset {
			break
		}
		if si >= len(src) {
			return 0, 0, false
		}
		switch {
		case single && v[vi] == '\'' && si+1 < len(src) && src[si] == '\'' && src[si+1] == '\'':
			si += 2
		case src[si] == v[vi]:
			si++
		default:
			return 0, 0, false
		}
		vi++
	}
	return offsetLineCol(src, si)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// lineColOffset returns the byte offset of a line and column (counted in
// characters, from 1) in src.
func lineColOffset(src []byte, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		off += nl + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(src) || src[off] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off, true
}

// offsetLineCol returns the line and column (in characters, from 1) of a
// byte offset in src.
func offsetLineCol(src []byte, off int) (int, int, bool) {
	if off < 0 || off > len(src) {
		return 0, 0, false
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off]), true
}
