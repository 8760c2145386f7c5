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
	d.sides, d.delegates = p.splitClauses(rules[kindClause], l, base.Owner, in.provider, d.sides[:0], d.delegates[:0])
	d.sides = keepMostSpecific(d.sides, l)
	if len(d.sides) > 0 {
		resp, _ = clauseOutcome(p, d.sides, resp)
	}
	if resp == onus.Provider && cuecCovers(rules[kindCUEC], l) {
		resp = onus.Shared // see layerResolution.cuecShare
	}
	d.assignments = d.assignments[:0]
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
			if p.backs(c, l, in.provider, r.assumption.Provider) {
				out = d.add(out, c)
			}
		}
	}
	for _, r := range rules[kindAcceptance] {
		if r.mayCover(l) {
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
// specificity for layer l: a more specific selector wins; at equal
// selectors, naming the layer one by one beats a keyword.
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

// splitClauses appends to sides the clauses that cover layer l, held as
// held, and name the provider or the customer: they change who holds the
// layer. It appends to delegates those that name another party: they
// delegate the customer's side. A clause that names nobody decides nothing;
// the agreement checks report it as ambiguous.
func (p *Prepared) splitClauses(clauses []*rule, l onus.Layer, held onus.Responsibility, provider *onus.Party, sides, delegates []*rule) ([]*rule, []*rule) {
	for _, r := range clauses {
		if !r.covers(l, held) {
			continue
		}
		switch who := r.clause.Responsible; {
		case who == "":
		case providerIs(provider, who) || who == p.Customer.ID:
			sides = append(sides, r)
		default:
			delegates = append(delegates, r)
		}
	}
	return sides, delegates
}

// clauseOutcome is who holds a layer after the winning clauses, and whether
// they agree: when some give it to the provider and some to the customer,
// the layer stays as held.
func clauseOutcome(p *Prepared, winners []*rule, held onus.Responsibility) (onus.Responsibility, bool) {
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
		return held, false
	case winners[0].clause.Split != "":
		return onus.Shared, true
	case customer > 0:
		return onus.Customer, true
	}
	return onus.Provider, true
}

// backs reports whether clause c, of an agreement every party signed as it
// now stands, makes party responsible for layer l of an asset that provider
// delivers: party is named, or both name that provider.
func (p *Prepared) backs(c *rule, l onus.Layer, provider *onus.Party, party string) bool {
	who := c.clause.Responsible
	return c.covers(l, onus.Customer) && (who == party || providerIs(provider, party) && providerIs(provider, who)) &&
		p.signedCurrent(c.agreement)
}

// providerIs reports whether a party ID, or a catalog provider ID, names the
// given provider party.
func providerIs(provider *onus.Party, id string) bool {
	return provider != nil && (provider.ID == id || provider.Provider == id)
}
