package engine

import (
	"github.com/onus-dev/onus"
)

// decider picks, of the rules that select a group, those that decide one of
// its layers: the most specific clauses and assignments, the assumptions with
// the clauses that could back them, and the acceptances. Resolving a layer
// from those alone gives the same answer as from all the rules, less the
// record of what they overrode; cells are cached by them, so that groups
// which differ only in rules that lose share one cell. Its slices are
// scratch space reused from layer to layer.
type decider struct {
	sides, delegates, assignments []*rule
	marks                         []bool
}

// byKind holds a group's matched rules by kind.
type byKind [kindAcceptance + 1][]*rule

// decide appends the deciding rules for layer l to out, given the catalog's
// rule for the layer. It also reports whether the owner tag may decide the
// customer's side.
func (d *decider) decide(p *Prepared, in *groupInput, l onus.Layer, base onus.LayerRule, rules *byKind, out []*rule) ([]*rule, bool) {
	if base.Owner == onus.NotApplicable {
		return out, false
	}
	resp := base.Owner
	d.sides, d.delegates, d.assignments = d.sides[:0], d.delegates[:0], d.assignments[:0]
	for _, r := range rules[kindClause] {
		if !r.covers(l, base.Owner) {
			continue
		}
		switch who := r.clause.Responsible; {
		case who == "":
		case providerIs(in.provider, who) || who == p.Customer.ID:
			d.sides = append(d.sides, r)
		default:
			d.delegates = append(d.delegates, r)
		}
	}
	d.sides = keepMostSpecific(d.sides, l)
	if len(d.sides) > 0 {
		resp = clauseOutcome(p, d.sides, resp)
	}
	if resp == onus.Provider && cuecCovers(rules[kindCUEC], l) {
		resp = onus.Shared // see layerResolution.cuecShare
	}
	for _, r := range rules[kindAssignment] {
		if r.covers(l, resp) {
			d.assignments = append(d.assignments, r)
		}
	}
	d.assignments = keepMostSpecific(d.assignments, l)
	start := len(out)
	out = append(out, d.sides...)
	out = append(out, keepMostSpecific(d.delegates, l)...)
	out = append(out, d.assignments...)
	for _, r := range out[start:] {
		d.marks[r.index] = true
	}
	for _, r := range rules[kindAssumption] {
		if !r.explicitly(l) {
			continue
		}
		out = d.add(out, r)
		for _, c := range rules[kindClause] {
			if c.covers(l, onus.Customer) && p.signedCurrent(c.agreement) &&
				(c.clause.Responsible == r.assumption.Provider || (providerIs(in.provider, r.assumption.Provider) && providerIs(in.provider, c.clause.Responsible))) {
				out = d.add(out, c)
			}
		}
	}
	for _, r := range rules[kindAcceptance] {
		if r.relevant.Has(l) {
			out = d.add(out, r)
		}
	}
	for _, r := range rules[kindCUEC] {
		if r.layers.Has(l) {
			out = d.add(out, r)
		}
	}
	for _, r := range out[start:] {
		d.marks[r.index] = false
	}
	return out, len(d.assignments) == 0
}

func (d *decider) add(out []*rule, r *rule) []*rule {
	if d.marks[r.index] {
		return out
	}
	d.marks[r.index] = true
	return append(out, r)
}

// keepMostSpecific filters rules, in place, to those of the highest
// specificity for layer l, as mostSpecific does.
func keepMostSpecific(rules []*rule, l onus.Layer) []*rule {
	if len(rules) < 2 {
		return rules
	}
	best := rules[0]
	for _, r := range rules[1:] {
		if compareRules(r, best, l) > 0 {
			best = r
		}
	}
	out := rules[:0]
	for _, r := range rules {
		if compareRules(r, best, l) == 0 {
			out = append(out, r)
		}
	}
	return out
}

// clauseOutcome is who holds a layer after the winning clauses: unchanged
// when they contradict each other.
func clauseOutcome(p *Prepared, winners []*rule, resp onus.Responsibility) onus.Responsibility {
	provider, customer := 0, 0
	for _, r := range winners {
		if r.clause.Responsible == p.Customer.ID {
			customer++
		} else {
			provider++
		}
	}
	switch {
	case provider > 0 && customer > 0:
		return resp
	case winners[0].clause.Split != "":
		return onus.Shared
	case customer > 0:
		return onus.Customer
	}
	return onus.Provider
}

// providerIs reports whether a party ID, or a catalog provider ID, names the
// given provider party.
func providerIs(provider *onus.Party, id string) bool {
	return provider != nil && (provider.ID == id || provider.Provider == id)
}
