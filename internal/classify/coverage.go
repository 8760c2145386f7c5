package classify

import (
	"sort"

	"github.com/onus-dev/onus/internal/inventory"
)

// Coverage is how many of the resource types met classify into a service.
type Coverage struct {
	// Vocabulary is the vocabulary Measure was given; a Counter fed several
	// leaves it empty.
	Vocabulary inventory.Vocabulary
	// Total counts the types met, Classified those that classify.
	Total      int
	Classified int
	// ByService counts the classified types per service ID.
	ByService map[string]int
	// Missing lists the types no rule classifies, sorted.
	Missing []string
	// Resources counts the resources met; ClassifiedResources those of
	// classified types.
	Resources, ClassifiedResources int
	// Types lists every type met: the unclassified first, then by resources,
	// most first, then by type and vocabulary.
	Types []TypeCount
}

// TypeCount is one resource type met while measuring.
type TypeCount struct {
	Vocabulary inventory.Vocabulary
	Type       string
	// Resources counts the resources of the type.
	Resources int
	// Service is the ID of the service the type classifies into, or "".
	Service string
}

// Share returns the classified share of types, from 0 to 1.
func (c Coverage) Share() float64 {
	if c.Total == 0 {
		return 1
	}
	return float64(c.Classified) / float64(c.Total)
}

// ResourceShare returns the classified share of resources, from 0 to 1.
func (c Coverage) ResourceShare() float64 {
	if c.Resources == 0 {
		return 1
	}
	return float64(c.ClassifiedResources) / float64(c.Resources)
}

// Measure classifies every type (without attributes) and counts the result.
// Duplicate types count once.
func (c *Classifier) Measure(vocab inventory.Vocabulary, types []string) Coverage {
	n := c.NewCounter()
	for _, t := range types {
		n.Add(vocab, t, nil)
	}
	cov := n.Coverage()
	cov.Vocabulary = vocab
	return cov
}

// Counter measures coverage resource by resource, with their attributes,
// over any number of vocabularies: what `onus catalog coverage` reports.
type Counter struct {
	c     *Classifier
	index map[typeKey]int // into types
	types []TypeCount
}

type typeKey struct {
	vocab inventory.Vocabulary
	typ   string
}

// NewCounter starts counting.
func (c *Classifier) NewCounter() *Counter {
	return &Counter{c: c, index: map[typeKey]int{}}
}

// Add classifies one resource and counts it under its type. A type counts
// as classified when any of its resources does: where-conditions on
// attributes can classify some resources of a type and not others.
func (n *Counter) Add(vocab inventory.Vocabulary, typ string, attrs map[string]string) {
	k := typeKey{vocab, typ}
	i, ok := n.index[k]
	if !ok {
		i = len(n.types)
		n.index[k] = i
		n.types = append(n.types, TypeCount{Vocabulary: vocab, Type: typ})
	}
	n.types[i].Resources++
	if s := n.c.Classify(vocab, typ, attrs); s != nil {
		n.types[i].Service = s.ID
	}
}

// Coverage returns what was counted.
func (n *Counter) Coverage() Coverage {
	cov := Coverage{ByService: map[string]int{}, Total: len(n.types), Types: make([]TypeCount, len(n.types))}
	copy(cov.Types, n.types)
	for _, t := range cov.Types {
		cov.Resources += t.Resources
		if t.Service == "" {
			cov.Missing = append(cov.Missing, t.Type)
			continue
		}
		cov.Classified++
		cov.ClassifiedResources += t.Resources
		cov.ByService[t.Service]++
	}
	sort.Strings(cov.Missing)
	sort.Slice(cov.Types, func(i, j int) bool {
		a, b := cov.Types[i], cov.Types[j]
		if (a.Service == "") != (b.Service == "") {
			return a.Service == ""
		}
		if a.Resources != b.Resources {
			return a.Resources > b.Resources
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Vocabulary < b.Vocabulary
	})
	return cov
}
