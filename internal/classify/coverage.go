package classify

import (
	"sort"

	"github.com/onus-dev/onus/internal/inventory"
)

// Coverage is how many of a list of resource types classify into a service.
type Coverage struct {
	Vocabulary inventory.Vocabulary
	Total      int
	Classified int
	// ByService counts the classified types per service ID.
	ByService map[string]int
	// Missing lists the types no rule classifies, sorted.
	Missing []string
}

// Share returns the classified share, from 0 to 1.
func (c Coverage) Share() float64 {
	if c.Total == 0 {
		return 1
	}
	return float64(c.Classified) / float64(c.Total)
}

// Measure classifies every type (without attributes) and counts the result.
// Duplicate types count once.
func (c *Classifier) Measure(vocab inventory.Vocabulary, types []string) Coverage {
	cov := Coverage{Vocabulary: vocab, ByService: map[string]int{}}
	seen := make(map[string]bool, len(types))
	for _, t := range types {
		if seen[t] {
			continue
		}
		seen[t] = true
		cov.Total++
		if s := c.Classify(vocab, t, nil); s != nil {
			cov.Classified++
			cov.ByService[s.ID]++
		} else {
			cov.Missing = append(cov.Missing, t)
		}
	}
	sort.Strings(cov.Missing)
	return cov
}
