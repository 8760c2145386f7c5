package model

import (
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/wording"
)

// idPattern is what party, rule and agreement IDs may look like: short,
// without spaces, safe in file names, URLs and finding keys.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@/-]{0,127}$`)

type validator struct {
	m    *onus.Model
	cat  *onus.Catalog
	loc  *loader
	errs onus.ErrorList
	// bad holds, per file, the paths of values that failed to decode:
	// checks on them would only repeat the decoding error.
	bad map[string][]string
}

func (v *validator) errorf(base onus.Location, field, format string, args ...any) {
	loc := base
	if field != "" {
		loc = v.loc.field(base, field)
	}
	for _, p := range v.bad[loc.File] {
		if loc.Path == p || strings.HasPrefix(loc.Path, p+".") || strings.HasPrefix(loc.Path, p+"[") {
			return
		}
	}
	v.errs.Add(loc, onus.EInvalid, format, args...)
}

func (v *validator) run() {
	v.parties()
	v.assets()
	seen := map[string]onus.Location{}
	for _, a := range v.m.Assignments {
		v.id(a.Loc, a.ID, "assignment", seen)
		v.owner(a.Loc, "owner", a.Owner, true)
		v.layers(a.Loc, a.Layers, true)
		v.selector(a.Loc, "select", &a.Select)
	}
	v.assumptions()
	v.agreements()
	v.acceptances()
	v.ownership()
	v.wording()
}

// wording checks the organisation's vague terms: each has a phrase and a
// reason, and every phrase it allows is on the built-in list.
func (v *validator) wording() {
	w := v.m.Wording
	seen := map[string]bool{}
	builtin := make([]string, len(wording.Default))
	for i, t := range wording.Default {
		builtin[i] = t.Phrase
		seen[strings.ToLower(t.Phrase)] = true
	}
	for i, t := range w.Terms {
		phrase := strings.ToLower(strings.TrimSpace(t.Phrase))
		switch {
		case phrase == "":
			v.errorf(t.Loc, "phrase", "vague term %d has no phrase", i+1)
		case seen[phrase]:
			v.errorf(t.Loc, "phrase", "vague term %q is listed twice, or is already built in", t.Phrase)
		}
		seen[phrase] = true
		if strings.TrimSpace(t.Why) == "" {
			v.errorf(t.Loc, "why", "vague term %q does not say why it is vague", t.Phrase)
		}
	}
	for i, a := range w.Allow {
		found := false
		for _, b := range builtin {
			found = found || strings.EqualFold(strings.TrimSpace(a), b)
		}
		if !found {
			v.errorf(w.Loc, fmt.Sprintf("allow[%d]", i), "%q is not a built-in vague term%s", a, onus.DidYouMean(a, builtin))
		}
	}
}

// id checks that an ID is present, well-formed and unique among its kind.
func (v *validator) id(loc onus.Location, id, kind string, seen map[string]onus.Location) {
	switch {
	case id == "":
		v.errorf(loc, "id", "%s has no id", kind)
	case !idPattern.MatchString(id):
		v.errorf(loc, "id", "%s id %q must start with a letter or digit and hold only letters, digits and . _ @ / -", kind, id)
	default:
		if first, dup := seen[id]; dup {
			v.errorf(loc, "id", "duplicate %s id %q (first defined at %s)", kind, id, first)
			return
		}
		seen[id] = loc
	}
}

func (v *validator) parties() {
	seen := map[string]onus.Location{}
	var customer *onus.Party
	for _, p := range v.m.Parties {
		v.id(p.Loc, p.ID, "party", seen)
		switch p.Kind {
		case "":
			v.errorf(p.Loc, "kind", "party %q has no kind (provider, customer, team, vendor or managed-service)", p.ID)
		case onus.KindCustomer:
			if customer != nil {
				v.errorf(p.Loc, "kind", "a second customer party %q: the model describes one organisation (first: %q at %s)", p.ID, customer.ID, customer.Loc)
			}
			customer = p
		case onus.KindProvider:
			if p.Provider == "" {
				p.Provider = p.ID
			}
			if v.cat.Providers[p.Provider] == nil {
				field := "provider"
				if p.Provider == p.ID {
					field = "id"
				}
				v.errorf(p.Loc, field, "provider party %q names catalog provider %q, which the catalog does not know%s (set provider: to a catalog provider ID, or add one in a catalog file)",
					p.ID, p.Provider, onus.DidYouMean(p.Provider, v.providerIDs()))
			}
		}
		if p.Provider != "" && p.Kind != onus.KindProvider {
			v.errorf(p.Loc, "provider", "only provider parties link to a catalog provider; %q is a %s", p.ID, p.Kind)
		}
		v.contacts(p)
	}
	if customer == nil && len(v.m.Parties) > 0 {
		v.errorf(v.m.Parties[0].Loc, "", "no party has kind customer: name the organisation itself as a party with kind: customer")
	} else if len(v.m.Parties) == 0 {
		v.errs.Add(onus.Location{File: firstFile(v.m)}, onus.EInvalid, "the model has no parties: name at least the organisation itself (kind: customer)")
	}
}

func firstFile(m *onus.Model) string {
	if len(m.Files) > 0 {
		return m.Files[0]
	}
	return ""
}

func (v *validator) contacts(p *onus.Party) {
	names := map[string]bool{}
	for _, c := range p.Contacts {
		switch c.ChannelCount() {
		case 0:
			v.errorf(c.Loc, "", "contact names no channel: give one of email, oncall, phone, url, ticket or chat")
			continue
		case 1:
		default:
			v.errorf(c.Loc, "", "contact gives %d channels: write one contact per channel", c.ChannelCount())
		}
		if c.Name != "" {
			names[c.Name] = true
		}
		if c.Email != "" {
			if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
				v.errorf(c.Loc, "email", "%q is not an e-mail address", c.Email)
			}
		}
		if c.URL != "" {
			if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				v.errorf(c.Loc, "url", "%q is not an http(s) URL", c.URL)
			}
		}
		if c.Phone != "" && strings.IndexFunc(c.Phone, func(r rune) bool { return !unicode.IsDigit(r) && !strings.ContainsRune("+-() .", r) }) >= 0 {
			v.errorf(c.Loc, "phone", "%q is not a phone number", c.Phone)
		}
	}
	for i, e := range p.Escalation {
		if e.To == "" {
			v.errorf(e.Loc, "to", "escalation step %d names nobody (to: a party ID or a contact name of %q)", i+1, p.ID)
			continue
		}
		if !names[e.To] && v.m.Party(e.To) == nil {
			v.errorf(e.Loc, "to", "escalation goes to %q, which is neither a party nor a named contact of %q", e.To, p.ID)
		}
	}
}

func (v *validator) providerIDs() []string { return slices.Sorted(maps.Keys(v.cat.Providers)) }

func (v *validator) serviceIDs() []string { return slices.Sorted(maps.Keys(v.cat.Services)) }

func (v *validator) assets() {
	seen := map[string]onus.Location{}
	for _, a := range v.m.Assets {
		switch {
		case a.ID == "":
			v.errorf(a.Loc, "id", "asset has no id")
		case strings.IndexFunc(a.ID, unicode.IsControl) >= 0 || len(a.ID) > 2048:
			v.errorf(a.Loc, "id", "asset id holds control characters or is longer than 2048 characters")
		default:
			if first, dup := seen[a.ID]; dup {
				v.errorf(a.Loc, "id", "duplicate asset id %q (first defined at %s)", a.ID, first)
			}
			seen[a.ID] = a.Loc
		}
		if a.Service == "" {
			v.errorf(a.Loc, "service", "asset %q has no service (such as aws:rds or onprem:vmware; see `onus catalog list`)", a.ID)
		} else if v.cat.Service(a.Service) == nil {
			v.errorf(a.Loc, "service", "asset %q: unknown service %q%s (see `onus catalog list`, or add it in a catalog file)", a.ID, a.Service, onus.DidYouMean(a.Service, v.serviceIDs()))
		}
		if a.Provider != "" {
			v.party(a.Loc, "provider", a.Provider, onus.KindProvider, onus.KindVendor, onus.KindManagedService)
		}
	}
}

// party checks that id names a party of one of the given kinds. A catalog
// provider the model does not declare counts as a provider party.
func (v *validator) party(loc onus.Location, field, id string, kinds ...onus.PartyKind) *onus.Party {
	p := v.m.Party(id)
	if info := v.cat.Providers[id]; p == nil && info != nil && !info.Generic {
		p = &onus.Party{ID: id, Name: info.Name, Kind: onus.KindProvider}
	}
	if p == nil {
		v.errorf(loc, field, "unknown party %q%s", id, onus.DidYouMean(id, append(v.partyIDs(), v.providerIDs()...)))
		return nil
	}
	if len(kinds) == 0 {
		return p
	}
	for _, k := range kinds {
		if p.Kind == k {
			return p
		}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	want := names[0]
	if n := len(names); n > 1 {
		want = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	v.errorf(loc, field, "party %q is a %s; here it must be a %s", id, p.Kind, want)
	return nil
}

// owner checks the owner of a customer duty: a team, vendor or
// managed-service provider.
func (v *validator) owner(loc onus.Location, field, id string, required bool) {
	if id == "" {
		if required {
			v.errorf(loc, field, "no %s: name the team, vendor or managed-service provider that takes these layers", field)
		}
		return
	}
	v.party(loc, field, id, onus.KindTeam, onus.KindVendor, onus.KindManagedService)
}

func (v *validator) partyIDs() []string {
	ids := make([]string, len(v.m.Parties))
	for i, p := range v.m.Parties {
		ids[i] = p.ID
	}
	return ids
}

func (v *validator) layers(loc onus.Location, refs []onus.LayerRef, keywords bool) {
	if len(refs) == 0 {
		v.errorf(loc, "layers", "no layers: list the layers this applies to")
		return
	}
	if keywords {
		return
	}
	for i, r := range refs {
		if r.Keyword() {
			v.errorf(loc, fmt.Sprintf("layers[%d]", i), "%q is not allowed here: name the layers one by one", r)
		}
	}
}

// selector checks the references a selector makes to the catalog. Explicit
// asset IDs are checked once inventories are read, by the engine.
func (v *validator) selector(loc onus.Location, field string, s *onus.Selector) {
	for i, p := range s.Services {
		if !p.Wild() && v.cat.Service(string(p)) == nil {
			v.errorf(loc, fmt.Sprintf("%s.service[%d]", field, i), "unknown service %q%s", p, onus.DidYouMean(string(p), v.serviceIDs()))
		}
	}
	for i, p := range s.Providers {
		if !p.Wild() && v.cat.Providers[string(p)] == nil {
			v.errorf(loc, fmt.Sprintf("%s.provider[%d]", field, i), "unknown catalog provider %q%s", p, onus.DidYouMean(string(p), v.providerIDs()))
		}
	}
	for k, ps := range s.Tags {
		if k == "" || len(ps) == 0 {
			v.errorf(loc, field+".tags", "a tag criterion needs a key and at least one value (use \"*\" for any value)")
		}
	}
}

func (v *validator) assumptions() {
	seen := map[string]onus.Location{}
	for _, a := range v.m.Assumptions {
		v.id(a.Loc, a.ID, "assumption", seen)
		switch {
		case a.Provider == "":
			v.errorf(a.Loc, "provider", "assumption %q names no provider", a.ID)
		case v.m.Party(a.Provider) != nil:
			v.party(a.Loc, "provider", a.Provider, onus.KindProvider, onus.KindVendor, onus.KindManagedService)
		case v.cat.Providers[a.Provider] == nil:
			v.errorf(a.Loc, "provider", "unknown provider %q%s", a.Provider, onus.DidYouMean(a.Provider, append(v.partyIDs(), v.providerIDs()...)))
		}
		v.layers(a.Loc, a.Layers, false)
		v.selector(a.Loc, "select", &a.Select)
		if strings.TrimSpace(a.Statement) == "" {
			v.errorf(a.Loc, "statement", "assumption %q has no statement: say in words what the organisation believes", a.ID)
		}
	}
}

func (v *validator) agreements() {
	seen := map[string]onus.Location{}
	for _, ag := range v.m.Agreements {
		v.id(ag.Loc, ag.ID, "agreement", seen)
		members := map[string]bool{}
		if len(ag.Parties) < 2 {
			v.errorf(ag.Loc, "parties", "agreement %q must name at least two parties", ag.ID)
		}
		for i, p := range ag.Parties {
			field := fmt.Sprintf("parties[%d]", i)
			if members[p] {
				v.errorf(ag.Loc, field, "party %q is listed twice", p)
			}
			members[p] = true
			v.party(ag.Loc, field, p)
		}
		if !ag.Effective.IsZero() && !ag.Expires.IsZero() && !ag.Expires.After(ag.Effective.Time) {
			v.errorf(ag.Loc, "expires", "agreement %q expires (%s) before it takes effect (%s)", ag.ID, ag.Expires, ag.Effective)
		}
		signed := map[string]bool{}
		for i, s := range ag.SignOffs {
			field := fmt.Sprintf("signoffs[%d]", i)
			switch {
			case s.Party == "":
				v.errorf(ag.Loc, field, "sign-off names no party")
			case !members[s.Party]:
				v.errorf(s.Loc, "party", "%q signs agreement %q but is not one of its parties", s.Party, ag.ID)
			case signed[s.Party]:
				v.errorf(s.Loc, "party", "%q signs agreement %q twice", s.Party, ag.ID)
			}
			signed[s.Party] = true
			if s.By == "" {
				v.errorf(s.Loc, "by", "sign-off by %q names no person (by:)", s.Party)
			}
			if s.Date.IsZero() {
				v.errorf(s.Loc, "date", "sign-off by %q has no date", s.Party)
			}
		}
		clauseIDs := map[string]onus.Location{}
		for _, c := range ag.Clauses {
			v.id(c.Loc, c.ID, "clause", clauseIDs)
			v.layers(c.Loc, c.Layers, true)
			v.selector(c.Loc, "scope", &c.Scope)
			for _, r := range []struct{ field, id string }{{"responsible", c.Responsible}, {"accountable", c.Accountable}} {
				if r.id != "" && !members[r.id] {
					v.errorf(c.Loc, r.field, "clause %q names %q, who is not a party to agreement %q (parties: %s)", c.ID, r.id, ag.ID, strings.Join(ag.Parties, ", "))
				}
			}
			for i, p := range c.Consulted {
				v.party(c.Loc, fmt.Sprintf("consulted[%d]", i), p)
			}
			for i, p := range c.Informed {
				v.party(c.Loc, fmt.Sprintf("informed[%d]", i), p)
			}
		}
		cuecIDs := map[string]onus.Location{}
		for _, c := range ag.CUECs {
			v.id(c.Loc, c.ID, "CUEC", cuecIDs)
			if strings.TrimSpace(c.Text) == "" {
				v.errorf(c.Loc, "text", "CUEC %q has no text", c.ID)
			}
			v.layers(c.Loc, c.Layers, false)
			v.owner(c.Loc, "owner", c.Owner, false)
		}
		for p := range ag.Reviewers {
			if !members[p] {
				v.errorf(ag.Loc, "reviewers", "reviewers are listed for %q, who is not a party to agreement %q", p, ag.ID)
			}
		}
	}
}

func (v *validator) acceptances() {
	seen := map[string]onus.Location{}
	for _, a := range v.m.Acceptances {
		v.id(a.Loc, a.ID, "acceptance", seen)
		if a.Check == "" {
			v.errorf(a.Loc, "check", "acceptance %q names no check", a.ID)
		}
		if strings.TrimSpace(a.Reason) == "" {
			v.errorf(a.Loc, "reason", "acceptance %q gives no reason", a.ID)
		}
		if a.Approver == "" {
			v.errorf(a.Loc, "approver", "acceptance %q names no approver", a.ID)
		}
		if a.Expires.IsZero() {
			v.errorf(a.Loc, "expires", "acceptance %q has no expiry date: every risk acceptance must lapse and be looked at again", a.ID)
		}
		v.selector(a.Loc, "select", &a.Select)
	}
}

func (v *validator) ownership() {
	o := v.m.Ownership
	if o.Loc.File == "" {
		return
	}
	for value, party := range o.Owners {
		v.owner(o.Loc, "owners."+value, party, true)
	}
	if len(o.Tags) == 0 {
		v.errorf(o.Loc, "tags", "ownership names no tag keys to read (tags: [owner, team])")
	}
}
