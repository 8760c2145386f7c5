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
	// Assets are the assets the finding is on, in the order they were
	// added; nil for a finding about an agreement or a party.
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
	return s.Template.finding(s.Assets[0])
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

// Each yields every finding of the set.
func (s *FindingSet) Each(yield func(*onus.Finding) bool) bool {
	if s.about != nil {
		return yield(s.about)
	}
	for _, a := range s.Assets {
		if !yield(s.Template.finding(a)) {
			return false
		}
	}
	return true
}

// FindingSets returns every finding, as sets, in report order: open before
// accepted, most severe first, then by check and by the first finding's key.
// It needs a run that kept its assets.
func (res *Result) FindingSets() []*FindingSet {
	var sets []*FindingSet
	for _, f := range res.ModelFindings {
		sets = append(sets, &FindingSet{about: f, Template: Template{Check: f.Check, Severity: f.Severity, Acceptance: f.Acceptance, Expired: f.Expired}})
	}
	type setKey struct {
		o *Outcome
		i int
	}
	bySet := map[setKey]*FindingSet{}
	for i := range res.Assets {
		a := &res.Assets[i]
		for j, t := range a.Outcome.Findings {
			k := setKey{a.Outcome, j}
			s := bySet[k]
			if s == nil {
				s = &FindingSet{Template: t}
				bySet[k] = s
				sets = append(sets, s)
			}
			s.Assets = append(s.Assets, a.Asset)
		}
		for _, t := range a.Extra {
			sets = append(sets, &FindingSet{Template: t, Assets: []*onus.Asset{a.Asset}})
		}
	}
	// The first finding's key, without building the finding: subject, then
	// layer.
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
