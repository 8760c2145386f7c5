package onus

import (
	"sort"
	"strings"
)

// Selector picks assets. Every criterion that is set must match (and); the
// values listed under one criterion are alternatives (or). Values may hold
// the wildcards * and ?. An empty selector picks every asset.
type Selector struct {
	Assets       []Pattern            `yaml:"asset"`
	Providers    []Pattern            `yaml:"provider"`
	Services     []Pattern            `yaml:"service"`
	Models       []DeliveryModel      `yaml:"model"`
	Accounts     []Pattern            `yaml:"account"`
	Regions      []Pattern            `yaml:"region"`
	Environments []Pattern            `yaml:"environment"`
	Tags         map[string][]Pattern `yaml:"tags"`
	Data         []DataClass          `yaml:"data"`
	Names        []Pattern            `yaml:"name"`
}

// Specificity ranks how narrowly a selector picks assets; see Compare.
type Specificity struct {
	Explicit bool // names assets one by one
	Criteria int  // how many criteria are set; each tag key counts once
}

// Compare returns -1, 0 or +1 as s is less, equally or more specific than t.
func (s Specificity) Compare(t Specificity) int {
	switch {
	case s.Explicit != t.Explicit:
		if s.Explicit {
			return 1
		}
		return -1
	case s.Criteria < t.Criteria:
		return -1
	case s.Criteria > t.Criteria:
		return 1
	}
	return 0
}

// Specificity returns how specific the selector is.
func (s *Selector) Specificity() Specificity {
	n := len(s.Tags)
	for _, set := range []int{len(s.Providers), len(s.Services), len(s.Models), len(s.Accounts), len(s.Regions), len(s.Environments), len(s.Data), len(s.Names)} {
		if set > 0 {
			n++
		}
	}
	explicit := len(s.Assets) > 0
	for _, p := range s.Assets {
		if p.Wild() {
			explicit = false
		}
	}
	if len(s.Assets) > 0 && !explicit {
		n++
	}
	return Specificity{Explicit: explicit, Criteria: n}
}

// Empty reports whether the selector picks every asset.
func (s *Selector) Empty() bool { return s.Specificity() == Specificity{} }

// Matches reports whether the selector picks a, whose service the catalog
// lists under the given provider and which is delivered under model m.
func (s *Selector) Matches(a *Asset, provider string, m DeliveryModel) bool {
	if !s.MatchesModel(m) {
		return false
	}
	if !matchAny(s.Assets, a.ID) || !matchAny(s.Providers, provider) || !matchAny(s.Services, a.Service) ||
		!matchAny(s.Accounts, a.Account) || !matchAny(s.Regions, a.Region) || !matchAny(s.Environments, a.Environment) {
		return false
	}
	if len(s.Names) > 0 && !matchAny(s.Names, a.Name) && !matchAny(s.Names, a.ID) {
		return false
	}
	if len(s.Data) > 0 && !s.matchData(a.Data) {
		return false
	}
	for k, values := range s.Tags {
		v, ok := a.Tags[k]
		if !ok || !matchAny(values, v) {
			return false
		}
	}
	return true
}

// MatchesModel reports whether the selector's delivery-model criterion admits m.
func (s *Selector) MatchesModel(m DeliveryModel) bool {
	if len(s.Models) == 0 {
		return true
	}
	for _, x := range s.Models {
		if x == m {
			return true
		}
	}
	return false
}

func (s *Selector) matchData(classes []DataClass) bool {
	for _, want := range s.Data {
		for _, have := range classes {
			if want == have {
				return true
			}
		}
	}
	return false
}

func matchAny(patterns []Pattern, v string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, p := range patterns {
		if p.Match(v) {
			return true
		}
	}
	return false
}

// TagKeys returns the tag keys the selector reads, sorted.
func (s *Selector) TagKeys() []string {
	keys := make([]string, 0, len(s.Tags))
	for k := range s.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// String describes the selector in a compact, stable form such as
// "service=aws:rds environment=prod tags.team=payments".
func (s *Selector) String() string {
	var parts []string
	parts = appendCriterion(parts, "asset", s.Assets)
	parts = appendCriterion(parts, "provider", s.Providers)
	parts = appendCriterion(parts, "service", s.Services)
	parts = appendCriterion(parts, "model", s.Models)
	parts = appendCriterion(parts, "account", s.Accounts)
	parts = appendCriterion(parts, "region", s.Regions)
	parts = appendCriterion(parts, "environment", s.Environments)
	for _, k := range s.TagKeys() {
		parts = appendCriterion(parts, "tags."+k, s.Tags[k])
	}
	parts = appendCriterion(parts, "data", s.Data)
	parts = appendCriterion(parts, "name", s.Names)
	if len(parts) == 0 {
		return "every asset"
	}
	return strings.Join(parts, " ")
}

// appendCriterion appends "name=v1,v2" for a criterion that is set.
func appendCriterion[T ~string](parts []string, name string, values []T) []string {
	if len(values) == 0 {
		return parts
	}
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = string(v)
	}
	return append(parts, name+"="+strings.Join(vs, ","))
}

// Pattern is a value that may hold the wildcards * (any run of characters)
// and ? (one character). Matching is case-sensitive, except that a pattern
// without wildcards also matches case-insensitively, as people write IDs.
type Pattern string

// Wild reports whether p holds a wildcard.
func (p Pattern) Wild() bool { return strings.ContainsAny(string(p), "*?") }

// Match reports whether v matches p.
func (p Pattern) Match(v string) bool {
	if !p.Wild() {
		return string(p) == v || strings.EqualFold(string(p), v)
	}
	return globMatch(string(p), v)
}

// globMatch matches * and ? without treating any character as a separator,
// since asset IDs hold slashes and colons. It runs in linear time for the
// usual patterns by remembering the last star.
func globMatch(pattern, s string) bool {
	px, sx := 0, 0
	starPx, starSx := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch pattern[px] {
			case '*':
				starPx, starSx = px, sx
				px++
				continue
			case '?':
				px++
				sx++
				continue
			default:
				if pattern[px] == s[sx] {
					px++
					sx++
					continue
				}
			}
		}
		if starPx < 0 {
			return false
		}
		starSx++
		px, sx = starPx+1, starSx
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}
