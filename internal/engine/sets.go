package engine

import (
	"fmt"
	"sort"

	"github.com/onus-dev/onus"
)

// FindingSet is one finding on every asset it applies to: the assets of a
// group share their findings, so reports list them once per set and expand
// them to one finding per asset only where a format needs that.
type FindingSet struct {
	Template Template
	// Count is how many assets the finding is on; Assets holds them all,
	// in the order they were evaluated, or a sample of the first when the
	// sets were gathered with a sample size. Both are zero for a finding
	// about an agreement or a party.
	Count  int
	Assets []*onus.Asset
	// about is the finding itself when it concerns no asset.
	about *onus.Finding
}

// Open reports whether the set's findings need action.
func (s *FindingSet) Open() bool { return s.Template.Acceptance == "" || s.Template.Expired }

// First returns the set's first finding.
func (s *FindingSet) First() *onus.Finding {
	if s.about != nil {
		return s.about
	}
	return s.Template.Finding(s.Assets[0])
}

// Message is the set's message for all its assets: each finding's own
// message may add what is particular to its asset.
func (s *FindingSet) Message() string {
	if s.about != nil {
		return s.about.Message
	}
	if s.Template.OwnerTag != "" {
		return s.Template.Message + fmt.Sprintf("; their %s tags name no known party (map the values under ownership.owners)", s.Template.OwnerTag)
	}
	return s.Template.Message
}

// Each yields every finding of the set that it holds an asset for.
func (s *FindingSet) Each(yield func(*onus.Finding) bool) bool {
	if s.about != nil {
		return yield(s.about)
	}
	for _, a := range s.Assets {
		if !yield(s.Template.Finding(a)) {
			return false
		}
	}
	return true
}

// Sets gathers findings into sets as assets are evaluated (feed it from
// Run.Observe), keeping every asset of a set or only a sample of the first.
type Sets struct {
	sample int
	bySet  map[setKey]*FindingSet
	list   []*FindingSet
}

type setKey struct {
	o *Outcome
	i int
}

// NewSets returns an empty gathering that keeps, per set, at most sample
// assets; 0 keeps them all.
func NewSets(sample int) *Sets {
	return &Sets{sample: sample, bySet: map[setKey]*FindingSet{}}
}

// Add adds the findings of one asset.
func (s *Sets) Add(a *onus.Asset, o *Outcome, extra []Template) {
	for j, t := range o.Findings {
		k := setKey{o, j}
		set := s.bySet[k]
		if set == nil {
			set = &FindingSet{Template: t}
			s.bySet[k] = set
			s.list = append(s.list, set)
		}
		set.Count++
		if s.sample == 0 || len(set.Assets) < s.sample {
			set.Assets = append(set.Assets, a)
		}
	}
	for _, t := range extra {
		s.list = append(s.list, &FindingSet{Template: t, Count: 1, Assets: []*onus.Asset{a}})
	}
}

// Sorted returns the sets, with one more for each finding about an
// agreement or a party, in report order: open before accepted, most severe
// first, then by check and by the first finding's subject and layer.
func (s *Sets) Sorted(about []*onus.Finding) []*FindingSet {
	sets := append([]*FindingSet(nil), s.list...)
	for _, f := range about {
		sets = append(sets, &FindingSet{about: f, Template: Template{Check: f.Check, Severity: f.Severity, Acceptance: f.Acceptance, Expired: f.Expired}})
	}
	subject := func(s *FindingSet) (string, onus.Layer) {
		if s.about != nil {
			return s.about.Key, ""
		}
		return s.Assets[0].ID, s.Template.Layer
	}
	sort.SliceStable(sets, func(i, j int) bool {
		a, b := sets[i], sets[j]
		if a.Open() != b.Open() {
			return a.Open()
		}
		if a.Template.Severity != b.Template.Severity {
			return a.Template.Severity > b.Template.Severity
		}
		if a.Template.Check != b.Template.Check {
			return checkRank(a.Template.Check) < checkRank(b.Template.Check)
		}
		as, al := subject(a)
		bs, bl := subject(b)
		if as != bs {
			return as < bs
		}
		return al < bl
	})
	return sets
}
