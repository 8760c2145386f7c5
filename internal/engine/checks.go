package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// modelFindings runs the checks that concern agreements and parties rather
// than single assets.
func (p *Prepared) modelFindings(duties map[string][]Duty) []*onus.Finding {
	var out []*onus.Finding
	add := func(f *onus.Finding) {
		if f.Severity == 0 {
			f.Severity = f.Check.Info().Severity
		}
		p.acceptSubject(f)
		out = append(out, f)
	}
	for _, ag := range p.Model.Agreements {
		p.agreementFindings(ag, add)
	}
	p.contactFindings(duties, add)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// acceptSubject applies acceptances whose subject names the agreement or
// party a finding is about.
func (p *Prepared) acceptSubject(f *onus.Finding) {
	subject := f.Agreement
	if subject == "" {
		subject = f.Party
	}
	for _, a := range p.Model.Acceptances {
		if a.Check != f.Check || a.Subject == "" || !onus.Pattern(a.Subject).Match(subject) {
			continue
		}
		f.Acceptance = a.ID
		f.Expired = a.Expires.Reached(p.Now)
		if !f.Expired {
			return
		}
	}
}

func (p *Prepared) agreementFindings(ag *onus.Agreement, add func(*onus.Finding)) {
	for _, party := range ag.Parties {
		s := ag.SignedBy(party)
		switch {
		case s == nil:
			add(&onus.Finding{Key: onus.FindingKey(onus.CheckUnsigned, ag.ID+":"+party, ""), Check: onus.CheckUnsigned, Agreement: ag.ID, Party: party, Rule: ag.ID, Loc: ag.Loc,
				Message: fmt.Sprintf("agreement %q has no sign-off from %s", ag.ID, party)})
		case !terms.IsHash(s.Version) && !terms.Current(ag, s, p.sum(ag)):
			add(&onus.Finding{Key: onus.FindingKey(onus.CheckUnsigned, ag.ID+":"+party, ""), Check: onus.CheckUnsigned, Agreement: ag.ID, Party: party, Rule: ag.ID, Loc: s.Loc,
				Message: fmt.Sprintf("%s signed version %s of agreement %q, but the agreement is now at version %s", party, s.Version, ag.ID, ag.Version)})
		}
	}
	p.changedTerms(ag, add)
	switch due := ag.ReviewDue(); {
	case ag.Expires.Reached(p.Now):
		add(&onus.Finding{Key: onus.FindingKey(onus.CheckReviewDue, ag.ID, ""), Check: onus.CheckReviewDue, Agreement: ag.ID, Rule: ag.ID, Loc: ag.Loc,
			Message: fmt.Sprintf("agreement %q expired on %s: its clauses no longer apply; renew or replace it", ag.ID, ag.Expires)})
	case due.Reached(p.Now):
		last := "it took effect on " + ag.Effective.String()
		if !ag.LastReviewed.IsZero() {
			last = "it was last reviewed on " + ag.LastReviewed.String()
		}
		add(&onus.Finding{Key: onus.FindingKey(onus.CheckReviewDue, ag.ID, ""), Check: onus.CheckReviewDue, Agreement: ag.ID, Rule: ag.ID, Loc: ag.Loc,
			Message: fmt.Sprintf("agreement %q is due for review since %s: %s and is reviewed every %s", ag.ID, due, last, ag.ReviewInterval.Words())})
	}
	if !ag.InForce(p.Now) {
		return
	}
	for _, c := range ag.Clauses {
		p.clauseWording(ag, c, add)
	}
}

// clauseWording raises ambiguity in a clause: it names no party, or its
// words are vague.
func (p *Prepared) clauseWording(ag *onus.Agreement, c *onus.Clause, add func(*onus.Finding)) {
	key := onus.FindingKey(onus.CheckAmbiguous, ag.ID+"/"+c.ID, "")
	if c.Responsible == "" {
		add(&onus.Finding{Key: key + ":party", Check: onus.CheckAmbiguous, Agreement: ag.ID, Rule: ag.ID + "/" + c.ID, Loc: c.Loc,
			Message: fmt.Sprintf("clause %q of agreement %q names no responsible party, so it decides nothing", c.ID, ag.ID)})
	}
	var terms []string
	for _, text := range []string{c.Text, c.Split} {
		for _, m := range p.vague.Find(text) {
			terms = append(terms, fmt.Sprintf("%q %s (instead: %s)", m.Text, m.Why, m.Rewrite))
		}
	}
	if len(terms) > 0 {
		add(&onus.Finding{Key: key + ":wording", Check: onus.CheckAmbiguous, Agreement: ag.ID, Rule: ag.ID + "/" + c.ID, Loc: c.Loc,
			Message: fmt.Sprintf("clause %q of agreement %q is vague: %s", c.ID, ag.ID, strings.Join(terms, "; "))})
	}
}

// contactFindings raises no-contact for every party that holds a duty but
// cannot be reached.
func (p *Prepared) contactFindings(duties map[string][]Duty, add func(*onus.Finding)) {
	ids := make([]string, 0, len(duties))
	for id := range duties {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		party := p.Party(id)
		if party == nil || party.Reachable() {
			continue
		}
		layers, assets := onus.LayerSet(0), 0
		for _, d := range duties[id] {
			layers = layers.With(d.Layer)
			assets += d.Assets
		}
		names := make([]string, 0, onus.NumLayers)
		for _, l := range layers.Layers() {
			names = append(names, string(l))
		}
		add(&onus.Finding{Key: onus.FindingKey(onus.CheckNoContact, id, ""), Check: onus.CheckNoContact, Party: id, Rule: id, Loc: party.Loc,
			Message: fmt.Sprintf("%s holds %s on %d asset-layers but has no contact or escalation path: add contacts", party.DisplayName(), strings.Join(names, ", "), assets)})
	}
}
