package route

import (
	"slices"
	"strconv"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/inventory"
)

// maxInferred bounds the cache of inferred outcomes. Past it the cache
// starts afresh: memory stays flat, and the common keys come back quickly.
const maxInferred = 1 << 12

// inferrer evaluates the engine on assets made up from findings whose
// resource matches no asset, so that the organisation's rules (by account,
// region, environment, tags) still decide who holds the layer. Evaluating
// one asset walks every rule, so outcomes are cached by everything the
// model can read of such an asset. A value that rules only test against
// patterns (an account, a region, most tags, the asset's ID and name)
// takes part in the key only through the set of patterns it matches:
// accounts no rule names all look alike. Ownership tags take part as they
// are, because the engine looks their values up.
type inferrer struct {
	p *engine.Prepared
	// ownerTags are the tag keys ownership reads; tags are the other tag
	// keys selectors read, with the patterns they test.
	ownerTags                    []string
	tags                         []tagClasses
	account, region, environment classes
	// assets are tested against the asset's ID, names against its ID and
	// its name, as selectors test them.
	assets, names classes
	cache         map[string]*outcomeTargets
	buf           []byte
}

// classes numbers the patterns one field of selectors is tested against:
// literal ones by their lower-cased text (they match case-insensitively),
// the others in a list numbered after them.
type classes struct {
	literal map[string]int
	wild    []onus.Pattern
}

type tagClasses struct {
	key string
	classes
}

func (c *classes) add(ps []onus.Pattern) {
	if c.literal == nil {
		c.literal = map[string]int{}
	}
	for _, p := range ps {
		if p.Wild() {
			if !slices.Contains(c.wild, p) {
				c.wild = append(c.wild, p)
			}
			continue
		}
		k := strings.ToLower(string(p))
		if _, ok := c.literal[k]; !ok {
			c.literal[k] = len(c.literal)
		}
	}
}

// appendClass appends the numbers of the patterns that match any of vs.
func (c *classes) appendClass(b []byte, vs ...string) []byte {
	if len(c.literal) > 0 {
		for _, v := range vs {
			if n, ok := c.literal[strings.ToLower(v)]; ok {
				b = strconv.AppendInt(append(b, ','), int64(n), 36)
			}
		}
	}
	for i, p := range c.wild {
		for _, v := range vs {
			if p.Match(v) {
				b = strconv.AppendInt(append(b, ','), int64(len(c.literal)+i), 36)
				break
			}
		}
	}
	return b
}

func newInferrer(p *engine.Prepared) *inferrer {
	in := &inferrer{p: p, cache: map[string]*outcomeTargets{}}
	m := p.Model
	in.ownerTags = m.Ownership.Tags
	if len(in.ownerTags) == 0 {
		in.ownerTags = engine.DefaultOwnerTags
	}
	var sels []*onus.Selector
	for _, a := range m.Assignments {
		sels = append(sels, &a.Select)
	}
	for _, ag := range m.Agreements {
		for _, c := range ag.Clauses {
			sels = append(sels, &c.Scope)
		}
	}
	for _, a := range m.Assumptions {
		sels = append(sels, &a.Select)
	}
	for _, a := range m.Acceptances {
		sels = append(sels, &a.Select)
	}
	tags := map[string]*classes{}
	for _, s := range sels {
		in.account.add(s.Accounts)
		in.region.add(s.Regions)
		in.environment.add(s.Environments)
		in.assets.add(s.Assets)
		in.names.add(s.Names)
		for k, ps := range s.Tags {
			if slices.Contains(in.ownerTags, k) {
				continue
			}
			if tags[k] == nil {
				tags[k] = &classes{}
			}
			tags[k].add(ps)
		}
	}
	for k, c := range tags {
		in.tags = append(in.tags, tagClasses{key: k, classes: *c})
	}
	slices.SortFunc(in.tags, func(a, b tagClasses) int { return strings.Compare(a.key, b.key) })
	return in
}

// outcome returns the asset made up for a finding's resource, of service
// svc in account, and the engine's outcome for it.
func (in *inferrer) outcome(f *findings.Finding, svc *onus.Service, account string) (*onus.Asset, *outcomeTargets) {
	res := &f.Resource
	r := inventory.Resource{ID: res.ID, Address: res.Address, Name: res.Name, Type: res.Type,
		Provider: res.Provider, Account: account, Region: res.Region, Tags: res.Tags}
	if r.ID == "" {
		r.ID = resourceKey(res)
	}
	a := r.Asset(svc.ID)
	k := in.key(a)
	if e, ok := in.cache[string(k)]; ok {
		return a, e
	}
	e := &outcomeTargets{o: in.p.Explain(a)}
	if len(in.cache) >= maxInferred {
		clear(in.cache)
	}
	in.cache[string(k)] = e
	return a, e
}

// key builds the cache key of a made-up asset: its service, the classes of
// its account, region and environment, its ownership tags, the classes of
// the other tags rules read, and the class of its ID and name.
func (in *inferrer) key(a *onus.Asset) []byte {
	b := append(in.buf[:0], a.Service...)
	b = in.account.appendClass(append(b, 0, 'a'), a.Account)
	b = in.region.appendClass(append(b, 0, 'r'), a.Region)
	b = in.environment.appendClass(append(b, 0, 'e'), a.Environment)
	b = in.assets.appendClass(append(b, 0, 'i'), a.ID)
	b = in.names.appendClass(append(b, 0, 'n'), a.ID, a.Name)
	for _, k := range in.ownerTags {
		if v, ok := a.Tags[k]; ok {
			b = append(append(append(append(b, 0, 'o'), k...), '='), v...)
		}
	}
	for i := range in.tags {
		t := &in.tags[i]
		if v, ok := a.Tags[t.key]; ok {
			b = t.appendClass(append(append(append(b, 0, 't'), t.key...), '='), v)
		}
	}
	in.buf = b
	return b
}

// resourceKey names a resource without an ID: by address, Kubernetes
// object, name or file.
func resourceKey(res *findings.Resource) string {
	switch {
	case res.Address != "":
		return res.Address
	case res.Namespace != "" && res.Name != "":
		return res.Namespace + "/" + res.Name
	case res.Name != "":
		return res.Name
	}
	return res.File
}
