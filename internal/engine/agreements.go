package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
	"github.com/onus-dev/onus/internal/wording"
)

// VagueTerms returns the vague terms an organisation's wording section asks
// for: the built-in list without the phrases it allows, plus its own.
func VagueTerms(w onus.Wording) []wording.Term {
	allowed := make(map[string]bool, len(w.Allow))
	for _, a := range w.Allow {
		allowed[strings.ToLower(strings.TrimSpace(a))] = true
	}
	out := make([]wording.Term, 0, len(wording.Default)+len(w.Terms))
	for _, t := range wording.Default {
		if !allowed[strings.ToLower(t.Phrase)] {
			out = append(out, t)
		}
	}
	for _, t := range w.Terms {
		out = append(out, wording.Term{Phrase: t.Phrase, Why: t.Why, Rewrite: t.Rewrite})
	}
	return out
}

// Vague returns the matcher of vague terms the model is checked with.
func (p *Prepared) Vague() *wording.Matcher { return p.vague }

// Delivers reports whether provider, the party that delivers an asset's
// service, is one of an agreement's parties other than the customer: the
// asset is then in the agreement's scope.
func (p *Prepared) Delivers(ag *onus.Agreement, provider *onus.Party) bool {
	if provider == nil || provider == p.Customer {
		return false
	}
	for _, id := range ag.Parties {
		if id != p.Customer.ID && providerIs(provider, id) {
			return true
		}
	}
	return false
}

// InScope reports whether an asset, of a catalog service delivered under
// model m by provider, is in an agreement's scope: its provider is a party
// to the agreement, or a clause of the agreement selects it.
func (p *Prepared) InScope(ag *onus.Agreement, a *onus.Asset, svc *onus.Service, m onus.DeliveryModel, provider *onus.Party) bool {
	if p.Delivers(ag, provider) {
		return true
	}
	return slices.ContainsFunc(ag.Clauses, func(c *onus.Clause) bool { return c.Scope.Matches(a, svc.Provider, m) })
}

// cuecScope is the CUECs of one agreement in force.
type cuecScope struct {
	agreement *onus.Agreement
	cuecs     []*rule
}

// addCUECs compiles the CUECs of an agreement in force: each is a customer
// duty on its layers, for every asset in the agreement's scope. They select
// no assets themselves (withCUECs adds them), so the index leaves them out.
func (p *Prepared) addCUECs(ag *onus.Agreement) {
	if len(ag.CUECs) == 0 {
		return
	}
	s := cuecScope{agreement: ag}
	for _, u := range ag.CUECs {
		s.cuecs = append(s.cuecs, p.add(&rule{kind: kindCUEC, sel: &onus.Selector{}, agreement: ag, cuec: u}, u.Layers))
	}
	p.cuecs = append(p.cuecs, s)
}

// withCUECs adds to matched, the rules that select an asset, the CUECs of
// every agreement whose scope holds the asset, as InScope decides it:
// provider, which delivers the asset, is a party, or one of the agreement's
// clauses is among matched. Reading the clauses off matched spares testing
// their selectors again on every asset.
func (p *Prepared) withCUECs(matched []*rule, provider *onus.Party) []*rule {
	selected := matched
	for _, s := range p.cuecs {
		ours := func(r *rule) bool { return r.kind == kindClause && r.agreement == s.agreement }
		if p.Delivers(s.agreement, provider) || slices.ContainsFunc(selected, ours) {
			matched = append(matched, s.cuecs...)
		}
	}
	return matched
}

// cuecShare makes a layer the provider holds shared when a CUEC leaves part
// of it to the customer: the provider's own SOC 2 report says the layer is
// not wholly the provider's.
func (lr *layerResolution) cuecShare() {
	if lr.cell.Resp != onus.Provider || len(lr.cuecs) == 0 {
		return
	}
	r := lr.cuecs[0]
	lr.cell.Resp = onus.Shared
	lr.cell.Split = fmt.Sprintf("%s holds the layer except what %s leaves to the customer: %s", lr.providerName(), describeRule(r), r.cuec.Text)
	lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "leaves part of the layer to the customer: " + r.cuec.Text, Effect: Applied})
}

// cuecOwners adds the owners the CUECs on the layer name to the owners of
// the customer's side. A CUEC that names no owner falls to those owners.
func (lr *layerResolution) cuecOwners(owners []*onus.Party) []*onus.Party {
	for _, r := range lr.cuecs {
		party := lr.p.parties[r.cuec.Owner]
		switch {
		case party != nil:
			if !slices.Contains(owners, party) {
				owners = append(owners, party)
			}
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "customer duty owned by " + party.ID + ": " + r.cuec.Text, Effect: Applied})
		case party == nil && len(owners) > 0:
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "customer duty, falls to " + partyNames(owners) + ": " + r.cuec.Text, Effect: Noted})
		}
	}
	return owners
}

// cuecNote names, for an unassigned finding, the CUECs that nobody holds.
func (lr *layerResolution) cuecNote() string {
	var names []string
	for _, r := range lr.cuecs {
		names = append(names, fmt.Sprintf("%s (%q)", describeRule(r), r.cuec.Text))
	}
	if len(names) == 0 {
		return ""
	}
	return "; nobody holds the customer duty of " + strings.Join(names, " and ") + ": name its owner"
}

// cuecsOn returns the CUECs among rules that are on layer l; Explain passes
// every rule that selects the asset.
func cuecsOn(rules []*rule, l onus.Layer) []*rule {
	var out []*rule
	for _, r := range rules {
		if r.layers.Has(l) {
			out = append(out, r)
		}
	}
	return out
}

// cuecCovers reports whether a CUEC among rules is on layer l.
func cuecCovers(rules []*rule, l onus.Layer) bool {
	for _, r := range rules {
		if r.layers.Has(l) {
			return true
		}
	}
	return false
}

// sum returns the content hash of an agreement's terms.
func (p *Prepared) sum(ag *onus.Agreement) string {
	if s, ok := p.sums[ag]; ok {
		return s
	}
	return terms.Sum(ag) // an agreement the model did not hold when prepared
}

// changedTerms raises review-due when an agreement's terms changed after a
// party signed their content hash, naming the clauses that changed.
func (p *Prepared) changedTerms(ag *onus.Agreement, add func(*onus.Finding)) {
	var stale []string
	var first *onus.SignOff
	for i := range ag.SignOffs {
		s := &ag.SignOffs[i]
		if !terms.IsHash(s.Version) || terms.Current(ag, s, p.sum(ag)) {
			continue
		}
		if first == nil {
			first = s
		}
		stale = append(stale, fmt.Sprintf("%s on %s", s.Party, s.Date))
	}
	if first == nil {
		return
	}
	add(&onus.Finding{Key: onus.FindingKey(onus.CheckReviewDue, ag.ID+":terms", ""), Check: onus.CheckReviewDue, Agreement: ag.ID, Rule: ag.ID, Loc: first.Loc,
		Message: fmt.Sprintf("agreement %q changed after it was signed (signed by %s; the terms are now %s): %s; review the changes (onus agreement diff --signed %s) and sign again",
			ag.ID, strings.Join(stale, ", "), terms.VersionOf(p.sum(ag)), DescribeChanges(first.Digests, ag), ag.ID)})
}

// DescribeChanges says in words what changed in an agreement since a
// sign-off that recorded the given clause digests.
func DescribeChanges(digests map[string]string, ag *onus.Agreement) string {
	if len(digests) == 0 {
		return "the sign-off records no clause digests, so onus cannot name the clauses that changed"
	}
	changes := terms.Changes(digests, ag)
	if len(changes) == 0 {
		return "no clause or CUEC changed, but other terms did (type, title, parties, dates, review interval or document)"
	}
	words := make([]string, len(changes))
	for i, c := range changes {
		words[i] = c.String()
	}
	return strings.Join(words, ", ")
}

// agreementSums computes the content hash of every agreement once, while
// the model is prepared: evaluation only reads them.
func agreementSums(m *onus.Model) map[*onus.Agreement]string {
	out := make(map[*onus.Agreement]string, len(m.Agreements))
	for _, ag := range m.Agreements {
		out[ag] = terms.Sum(ag)
	}
	return out
}
