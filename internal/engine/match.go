package engine

import (
	"strings"

	"github.com/onus-dev/onus"
)

// matcher is a selector compiled for the hot path: literal values apart from
// wildcard patterns, so that matching an asset never scans a pattern for
// wildcards. It matches exactly as onus.Selector.Matches does.
type matcher struct {
	assets, providers, services, accounts, regions, environments, names patternSet
	models                                                              []onus.DeliveryModel
	tags                                                                []tagCriterion
	data                                                                []onus.DataClass
}

type tagCriterion struct {
	key    string
	values patternSet
}

// patternSet holds the values of one criterion: literals, compared without
// regard to case, and wildcard patterns.
type patternSet struct {
	literals []string
	globs    []onus.Pattern
	set      bool
}

func compilePatterns(ps []onus.Pattern) patternSet {
	s := patternSet{set: len(ps) > 0}
	for _, p := range ps {
		if p.Wild() {
			s.globs = append(s.globs, p)
		} else {
			s.literals = append(s.literals, string(p))
		}
	}
	return s
}

func (s *patternSet) match(v string) bool {
	if !s.set {
		return true
	}
	for _, l := range s.literals {
		if len(l) == len(v) && strings.EqualFold(l, v) {
			return true
		}
	}
	for _, g := range s.globs {
		if g.Match(v) {
			return true
		}
	}
	return false
}

func compileSelector(sel *onus.Selector) *matcher {
	m := &matcher{
		assets: compilePatterns(sel.Assets), providers: compilePatterns(sel.Providers), services: compilePatterns(sel.Services),
		accounts: compilePatterns(sel.Accounts), regions: compilePatterns(sel.Regions), environments: compilePatterns(sel.Environments),
		names: compilePatterns(sel.Names), models: sel.Models, data: sel.Data,
	}
	for _, k := range sel.TagKeys() {
		m.tags = append(m.tags, tagCriterion{key: k, values: compilePatterns(sel.Tags[k])})
	}
	return m
}

// matches reports whether the selector picks a, whose service the catalog
// lists under provider and which is delivered under model.
func (m *matcher) matches(a *onus.Asset, provider string, model onus.DeliveryModel) bool {
	if len(m.models) > 0 {
		found := false
		for _, x := range m.models {
			found = found || x == model
		}
		if !found {
			return false
		}
	}
	if !m.services.match(a.Service) || !m.assets.match(a.ID) || !m.providers.match(provider) || !m.accounts.match(a.Account) ||
		!m.regions.match(a.Region) || !m.environments.match(a.Environment) {
		return false
	}
	if m.names.set && !m.names.match(a.Name) && !m.names.match(a.ID) {
		return false
	}
	if len(m.data) > 0 {
		found := false
		for _, want := range m.data {
			for _, have := range a.Data {
				found = found || want == have
			}
		}
		if !found {
			return false
		}
	}
	for _, t := range m.tags {
		v, ok := a.Tags[t.key]
		if !ok || !t.values.match(v) {
			return false
		}
	}
	return true
}
