// Package engine works out, for every asset and security layer, who is
// accountable and why, and runs the self-evaluation checks.
//
// A model is prepared once (Prepare): its rules are compiled and indexed.
// Assets are then evaluated one by one (Run.Add), so that inventories can be
// streamed. Assets that the same rules select, on the same service, share one
// Outcome: the answer is computed once per group, not once per asset.
//
// Resolution follows DOMAIN.md: an explicit assignment wins over an agreement
// clause in force, which wins over the provider's catalog entry, which wins
// over the delivery-model default. The engine imports no storage, HTTP or
// file-format code.
package engine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/wording"
)

// Options configure Prepare.
type Options struct {
	// Now is the day findings are evaluated on (review dates, expiries).
	Now time.Time
}

// Prepared is a model compiled for evaluation. It is read-only once built;
// evaluation state lives in a Run.
type Prepared struct {
	Model    *onus.Model
	Catalog  *onus.Catalog
	Now      time.Time
	Customer *onus.Party

	parties         map[string]*onus.Party
	providerParties map[string]*onus.Party // catalog provider ID → party
	implicit        map[string]bool        // provider parties taken from the catalog

	rules     []*rule // every rule, indexed by rule.index
	cuecs     []cuecScope
	ownership *ownership

	index    ruleIndex
	explicit map[string][]*rule // literal asset IDs named by rules

	vague *wording.Matcher
	sums  map[*onus.Agreement]string // content hashes of agreements' terms
}

// ruleKind says what a selecting rule is.
type ruleKind uint8

const (
	kindAssignment ruleKind = iota + 1
	kindClause
	kindAssumption
	kindCUEC
	kindAcceptance // the last kind: arrays by kind end here
)

// rule is a compiled selecting rule of any kind.
type rule struct {
	index int
	kind  ruleKind
	sel   *onus.Selector
	match *matcher
	// sure says that being found in the index under its key is proof the
	// rule selects the asset: its selector has that one literal criterion.
	sure bool
	spec onus.Specificity
	layerSpec

	assignment *onus.Assignment
	agreement  *onus.Agreement
	clause     *onus.Clause
	assumption *onus.Assumption
	acceptance *onus.Acceptance
	cuec       *onus.CUEC
}

// layerSpec is a list of layers as rules write it, compiled: the layers
// named one by one, and the keywords.
type layerSpec struct {
	layers   onus.LayerSet
	keywords layerKeywords
}

type layerKeywords struct{ customer, shared, all bool }

func (r *rule) id() string {
	switch r.kind {
	case kindAssignment:
		return r.assignment.ID
	case kindClause:
		return r.agreement.ID + "/" + r.clause.ID
	case kindAssumption:
		return r.assumption.ID
	case kindAcceptance:
		return r.acceptance.ID
	case kindCUEC:
		return r.agreement.ID + "/cuec:" + r.cuec.ID
	}
	return ""
}

func (r *rule) loc() onus.Location {
	switch r.kind {
	case kindAssignment:
		return r.assignment.Loc
	case kindClause:
		return r.clause.Loc
	case kindAssumption:
		return r.assumption.Loc
	case kindAcceptance:
		return r.acceptance.Loc
	case kindCUEC:
		return r.cuec.Loc
	}
	return onus.Location{}
}

// covers reports whether the spec applies to layer l, given how the layer
// is held before the rule is considered.
func (s *layerSpec) covers(l onus.Layer, held onus.Responsibility) bool {
	switch {
	case s.layers.Has(l), s.keywords.all:
		return held != onus.NotApplicable
	case s.keywords.customer && held.HasCustomer():
		return true
	case s.keywords.shared && held == onus.Shared:
		return true
	}
	return false
}

// explicitly reports whether the spec names layer l one by one.
func (s *layerSpec) explicitly(l onus.Layer) bool { return s.layers.Has(l) }

// mayCover reports whether the spec may cover layer l, however it is held:
// it names l, or uses a keyword.
func (s *layerSpec) mayCover(l onus.Layer) bool {
	return s.keywords != (layerKeywords{}) || s.layers.Has(l)
}

func compileLayers(refs []onus.LayerRef) layerSpec {
	var s layerSpec
	for _, ref := range refs {
		switch ref {
		case onus.LayerRefCustomer:
			s.keywords.customer = true
		case onus.LayerRefShared:
			s.keywords.shared = true
		case onus.LayerRefAll:
			s.keywords.all = true
		default:
			s.layers = s.layers.With(onus.Layer(ref))
		}
	}
	return s
}

// ownership is the compiled ownership-tag configuration: a resource tagged
// with a known owner gets that owner for the configured layers, below every
// written assignment.
type ownership struct {
	tags   []string
	owners map[string]*onus.Party
	layerSpec
	loc onus.Location
}

// Prepare compiles a validated model against a catalog.
func Prepare(m *onus.Model, cat *onus.Catalog, opts Options) (*Prepared, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &Prepared{
		Model:           m,
		Catalog:         cat,
		Now:             onus.DateOf(now).Time,
		Customer:        m.Customer(),
		parties:         make(map[string]*onus.Party, len(m.Parties)),
		providerParties: map[string]*onus.Party{},
		implicit:        map[string]bool{},
		explicit:        map[string][]*rule{},
		sums:            agreementSums(m),
	}
	if p.Customer == nil {
		return nil, onus.Errorf(onus.EInvalid, "the model has no customer party")
	}
	p.vague = wording.NewMatcher(VagueTerms(m.Wording))
	for _, party := range m.Parties {
		p.parties[party.ID] = party
		if party.Kind == onus.KindProvider {
			p.providerParties[party.Provider] = party
		}
	}
	for id, info := range cat.Providers {
		if p.providerParties[id] == nil && !info.Generic {
			p.providerParties[id] = &onus.Party{ID: id, Name: info.Name, Kind: onus.KindProvider, Provider: id, Contacts: info.Contacts, Loc: info.Loc}
			p.implicit[id] = true
		}
	}
	for _, a := range m.Assignments {
		p.add(&rule{kind: kindAssignment, sel: &a.Select, assignment: a}, a.Layers)
	}
	for _, ag := range m.Agreements {
		if !ag.InForce(p.Now) {
			continue
		}
		for _, c := range ag.Clauses {
			p.add(&rule{kind: kindClause, sel: &c.Scope, agreement: ag, clause: c}, c.Layers)
		}
		p.addCUECs(ag)
	}
	for _, a := range m.Assumptions {
		p.add(&rule{kind: kindAssumption, sel: &a.Select, assumption: a}, a.Layers)
	}
	for _, a := range m.Acceptances {
		p.add(&rule{kind: kindAcceptance, sel: &a.Select, acceptance: a}, a.Layers)
	}
	p.compileOwnership()
	p.index = newRuleIndex(p.rules)
	return p, nil
}

// add compiles a rule.
func (p *Prepared) add(r *rule, layers []onus.LayerRef) *rule {
	r.index = len(p.rules)
	r.spec = r.sel.Specificity()
	r.match = compileSelector(r.sel)
	r.layerSpec = compileLayers(layers)
	if len(layers) == 0 && r.kind == kindAcceptance {
		r.keywords.all = true // an acceptance without layers covers them all
	}
	p.rules = append(p.rules, r)
	for _, a := range r.sel.Assets {
		if !a.Wild() {
			p.explicit[string(a)] = append(p.explicit[string(a)], r)
		}
	}
	return r
}

// DefaultOwnerTags are the tag keys read for an owner when the model does not
// configure ownership: the spellings that inventories carry most often.
var DefaultOwnerTags = []string{"owner", "Owner", "team", "Team", "OwnerEmail", "owner-email", "owner_email", "app.kubernetes.io/part-of"}

func (p *Prepared) compileOwnership() {
	o := p.Model.Ownership
	c := &ownership{tags: o.Tags, owners: map[string]*onus.Party{}, loc: o.Loc}
	if len(c.tags) == 0 {
		c.tags = DefaultOwnerTags
	}
	c.layerSpec = compileLayers(o.Layers)
	if len(o.Layers) == 0 {
		c.keywords.customer = true
	}
	// A tag value may be a party ID, one of its e-mail addresses, or a value
	// the model maps.
	for _, party := range p.Model.Parties {
		if !party.Kind.CanOwnCustomerDuties() {
			continue
		}
		c.owners[party.ID] = party
		for _, ct := range party.Contacts {
			if ct.Email != "" {
				c.owners[strings.ToLower(ct.Email)] = party
			}
		}
	}
	for value, id := range o.Owners {
		c.owners[value] = p.parties[id]
	}
	p.ownership = c
}

// Party returns the party with the given ID, including providers the model
// does not declare but the catalog knows.
func (p *Prepared) Party(id string) *onus.Party {
	if party := p.parties[id]; party != nil {
		return party
	}
	return p.providerParties[id]
}

// Implicit reports whether a provider party comes from the catalog rather
// than the model.
func (p *Prepared) Implicit(party *onus.Party) bool { return party != nil && p.implicit[party.ID] }

// Parties returns every party: the model's, then the catalog providers that
// assets used, sorted by ID.
func (p *Prepared) Parties() []*onus.Party {
	out := append([]*onus.Party(nil), p.Model.Parties...)
	var extra []*onus.Party
	for id, party := range p.providerParties {
		if p.implicit[id] {
			extra = append(extra, party)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].ID < extra[j].ID })
	return append(out, extra...)
}

// describeRule names a rule for provenance and messages.
func describeRule(r *rule) string {
	switch r.kind {
	case kindAssignment:
		return fmt.Sprintf("assignment %q", r.assignment.ID)
	case kindClause:
		return fmt.Sprintf("agreement %q clause %q", r.agreement.ID, r.clause.ID)
	case kindAssumption:
		return fmt.Sprintf("assumption %q", r.assumption.ID)
	case kindAcceptance:
		return fmt.Sprintf("acceptance %q", r.acceptance.ID)
	case kindCUEC:
		return fmt.Sprintf("agreement %q CUEC %q", r.agreement.ID, r.cuec.ID)
	}
	return "rule"
}

func partyNames(ps []*onus.Party) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.ID
	}
	return strings.Join(names, " and ")
}
