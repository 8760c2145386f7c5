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
func (s *FindingSet) Open() bool { return s.Template.Open() }

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
	// byOutcome holds, for each outcome, the sets of its findings, in
	// order: one lookup per asset.
	byOutcome map[*Outcome][]*FindingSet
	list      []*FindingSet
}

// NewSets returns an empty gathering that keeps, per set, at most sample
// assets; 0 keeps them all.
func NewSets(sample int) *Sets {
	return &Sets{sample: sample, byOutcome: map[*Outcome][]*FindingSet{}}
}

// Add adds the findings of one asset.
func (s *Sets) Add(a *onus.Asset, o *Outcome, extra []Template) {
	if len(o.Findings) > 0 {
		sets, ok := s.byOutcome[o]
		if !ok {
			sets = make([]*FindingSet, len(o.Findings))
			for j, t := range o.Findings {
				sets[j] = &FindingSet{Template: t}
			}
			s.byOutcome[o] = sets
			s.list = append(s.list, sets...)
		}
		s.addTo(sets, a)
	}
	for _, t := range extra {
		s.list = append(s.list, &FindingSet{Template: t, Count: 1, Assets: []*onus.Asset{a}})
	}
}

func (s *Sets) addTo(sets []*FindingSet, a *onus.Asset) {
	for _, set := range sets {
		set.Count++
		if s.sample == 0 || len(set.Assets) < s.sample {
			set.Assets = append(set.Assets, a)
		}
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
	// Sort keys, computed once: open first, severity, check, subject, layer.
	type sortKey struct {
		open     bool
		severity onus.Severity
		check    int
		subject  string
		layer    int
	}
	checks := onus.Checks()
	checkRank := make(map[onus.Check]int, len(checks))
	for i, ci := range checks {
		checkRank[ci.ID] = i
	}
	keys := make(map[*FindingSet]sortKey, len(sets))
	for _, set := range sets {
		k := sortKey{open: set.Open(), severity: set.Template.Severity, check: checkRank[set.Template.Check], layer: set.Template.Layer.Index()}
		if set.about != nil {
			k.subject = set.about.Key
		} else {
			k.subject = set.Assets[0].ID
		}
		keys[set] = k
	}
	sort.SliceStable(sets, func(i, j int) bool {
		a, b := keys[sets[i]], keys[sets[j]]
		switch {
		case a.open != b.open:
			return a.open
		case a.severity != b.severity:
			return a.severity > b.severity
		case a.check != b.check:
			return a.check < b.check
		case a.subject != b.subject:
			return a.subject < b.subject
		}
		return a.layer < b.layer
	})
	return sets
}
