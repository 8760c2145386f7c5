package engine

import (
	"strings"

	"github.com/onus-dev/onus"
)

// ruleIndex finds the rules that may select an asset without trying every
// rule: each rule is filed under the values of its most selective literal
// criterion, and an asset looks up its own values. Rules with no literal
// criterion (an empty selector, or only wildcards) are tried on every asset.
type ruleIndex struct {
	byKey   map[string][]*rule
	always  []*rule
	tagKeys []string // tag keys some rule is filed under
}

func newRuleIndex(rules []*rule) ruleIndex {
	idx := ruleIndex{byKey: map[string][]*rule{}}
	tagKeys := map[string]bool{}
	for _, r := range rules {
		if r.kind == kindCUEC {
			continue // see Prepared.withCUECs
		}
		keys := indexKeys(r.sel)
		if keys == nil {
			idx.always = append(idx.always, r)
			continue
		}
		r.sure = !strings.HasPrefix(keys[0], "N\x00") && len(r.sel.Models) == 0 &&
			(r.spec == onus.Specificity{Explicit: true} || r.spec == onus.Specificity{Criteria: 1})
		for _, k := range keys {
			idx.byKey[k] = append(idx.byKey[k], r)
			if strings.HasPrefix(k, "t\x00") {
				tagKeys[strings.SplitN(k, "\x00", 3)[1]] = true
			}
		}
	}
	for k := range tagKeys {
		idx.tagKeys = append(idx.tagKeys, k)
	}
	return idx
}

// indexKeys returns the keys to file a rule under: the values of its most
// selective criterion whose values are all literal, or nil.
func indexKeys(s *onus.Selector) []string {
	literal := func(ps []onus.Pattern) bool {
		for _, p := range ps {
			if p.Wild() {
				return false
			}
		}
		return len(ps) > 0
	}
	keys := func(crit string, ps []onus.Pattern) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = crit + "\x00" + strings.ToLower(string(p))
		}
		return out
	}
	switch {
	case literal(s.Assets):
		return keys("a", s.Assets)
	case literal(s.Names):
		return keys("n", s.Names)
	}
	if prefixes := globPrefixes(s.Names); prefixes != nil {
		return prefixes
	}
	for _, k := range s.TagKeys() {
		if literal(s.Tags[k]) {
			return keys("t\x00"+k, s.Tags[k])
		}
	}
	switch {
	case literal(s.Accounts):
		return keys("c", s.Accounts)
	case literal(s.Services):
		return keys("s", s.Services)
	case len(s.Data) > 0:
		out := make([]string, len(s.Data))
		for i, d := range s.Data {
			out[i] = "d\x00" + string(d)
		}
		return out
	case literal(s.Environments):
		return keys("e", s.Environments)
	case literal(s.Regions):
		return keys("r", s.Regions)
	case literal(s.Providers):
		return keys("p", s.Providers)
	}
	return nil
}

// prefixLen is how many leading characters of a name pattern index it.
const prefixLen = 3

// globPrefixes files name patterns such as "payments-*" under the first
// characters of their literal prefix, when every pattern has one long enough.
func globPrefixes(ps []onus.Pattern) []string {
	if len(ps) == 0 {
		return nil
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		lit := string(p)
		if j := strings.IndexAny(lit, "*?"); j >= 0 {
			lit = lit[:j]
		}
		if len(lit) < prefixLen {
			return nil
		}
		out[i] = "N\x00" + lit[:prefixLen] // patterns match case-sensitively
	}
	return out
}

// candidates appends to out every rule filed under one of the asset's values,
// once each, followed by the rules tried on every asset. seen is scratch space
// of one entry per rule, all false on entry and on return.
func (idx *ruleIndex) candidates(out []*rule, seen []bool, a *onus.Asset, provider string, buf []byte) ([]*rule, []byte) {
	// add adds the rules filed under the key in buf.
	add := func() {
		for _, r := range idx.byKey[string(buf)] {
			if !seen[r.index] {
				seen[r.index] = true
				out = append(out, r)
			}
		}
	}
	look := func(crit, v string) {
		if v == "" {
			return
		}
		buf = append(append(append(buf[:0], crit...), 0), v...)
		lowerASCII(buf[len(crit)+1:])
		add()
	}
	look("a", a.ID)
	look("n", a.Name)
	look("n", a.ID) // name patterns match the ID too
	for _, name := range [2]string{a.Name, a.ID} {
		if len(name) >= prefixLen {
			buf = append(append(buf[:0], "N\x00"...), name[:prefixLen]...)
			add()
		}
	}
	for _, k := range idx.tagKeys {
		if v, ok := a.Tags[k]; ok {
			look("t\x00"+k, v)
		}
	}
	look("c", a.Account)
	look("s", a.Service)
	for _, d := range a.Data {
		look("d", string(d))
	}
	look("e", a.Environment)
	look("r", a.Region)
	look("p", provider)
	for _, r := range out {
		seen[r.index] = false
	}
	return append(out, idx.always...), buf
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}
