package strictyaml

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Lookup finds the node at a field path such as "agreements[2].clauses[0].layers"
// below root, or returns nil. Mapping keys holding dots or brackets cannot be
// addressed; Lookup returns nil for them and callers fall back to the
// enclosing node.
func Lookup(root *yaml.Node, path string) *yaml.Node {
	n := root
	for _, seg := range splitPath(path) {
		if n == nil {
			return nil
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if seg.index >= 0 {
			if n.Kind == yaml.ScalarNode && seg.index == 0 {
				continue // a single value written where a list may be
			}
			if n.Kind != yaml.SequenceNode || seg.index >= len(n.Content) {
				return nil
			}
			n = n.Content[seg.index]
			continue
		}
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg.key {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

type pathSeg struct {
	key   string
	index int // -1 for a key
}

func splitPath(path string) []pathSeg {
	var segs []pathSeg
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			segs = append(segs, pathSeg{key: key, index: -1})
		}
		for rest != "" {
			num, tail, ok := strings.Cut(rest, "]")
			i, err := strconv.Atoi(num)
			if !ok || err != nil {
				return nil
			}
			segs = append(segs, pathSeg{index: i})
			rest = strings.TrimPrefix(tail, "[")
		}
	}
	return segs
}
