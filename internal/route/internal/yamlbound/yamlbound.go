// Package yamlbound bounds the size a YAML document reaches once its
// aliases are expanded. Decoding follows aliases, so a small file whose
// anchors name large lists, each referred to thousands of times, would
// otherwise decode into millions of values: counting first costs one walk
// that stops at the bound.
package yamlbound

import (
	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/strictyaml"
)

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
