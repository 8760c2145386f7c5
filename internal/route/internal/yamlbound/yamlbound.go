// Package yamlbound decodes the one-document YAML files of routing and
// delivery, bounding the size a document reaches once its aliases are
// expanded. Decoding follows aliases, so a small file whose anchors name
// large lists, each referred to thousands of times, would otherwise decode
// into millions of values: counting first costs one walk that stops at the
// bound.
package yamlbound

import (
	"io"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// ReadFile reads the file at path, a what in messages, up to one byte past
// limit: enough for the caller to refuse a larger file without holding it.
func ReadFile(path, what string, limit int) ([]byte, error) {
	fail := func(err error) error {
		return &onus.Error{Code: onus.ENotFound, Message: "cannot read " + what, Loc: onus.Location{File: path}, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fail(err)
	}
	return data, nil
}

// Decode parses data, which must hold one YAML document, a what ("rules
// file") in messages, checks it against limit and decodes it into v. It
// returns every problem decoding found, sorted.
func Decode(file string, data []byte, what string, limit int, v any) error {
	docs, err := strictyaml.Parse(file, data)
	if err != nil {
		return err
	}
	if len(docs) != 1 {
		return onus.ErrorAt(onus.Location{File: file}, onus.EInvalid, "a %s holds one YAML document, not %d", what, len(docs))
	}
	if err := Check(docs, limit); err != nil {
		return err
	}
	d := &strictyaml.Decoder{File: file}
	d.Decode(docs[0].Root, "", v)
	d.Errs.Sort()
	return d.Errs.Err()
}

// Check returns an error, located at the document, when a document of docs
// has more than limit nodes with its aliases expanded.
func Check(docs []strictyaml.Document, limit int) error {
	for _, d := range docs {
		if n := count(d.Root, limit); n > limit {
			return onus.ErrorAt(onus.Location{File: d.File, Line: d.Root.Line, Column: d.Root.Column}, onus.ETooLarge,
				"the document holds more than %d values once its aliases are expanded", limit)
		}
	}
	return nil
}

// count returns the number of nodes below root, aliases expanded, or a
// number over limit once it passes it.
func count(root *yaml.Node, limit int) int {
	n := 0
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		node := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if node == nil {
			continue
		}
		if n++; n > limit {
			return n
		}
		if node.Kind == yaml.AliasNode {
			stack = append(stack, node.Alias)
			continue
		}
		stack = append(stack, node.Content...)
	}
	return n
}
