// Package agreement turns the organisation's agreements with providers,
// vendors and managed-service providers into a workflow on files: it lints
// them for gray areas against the estate, renders the plain-terms document
// both parties review, compares versions to say what changed hands, records
// reviews and sign-offs in the model files, and tabulates, for every
// provider and vendor, whether an agreement exists, covers what it should,
// and is signed and current.
//
// Everything here reads an evaluated model (an engine.Result that kept its
// assets): an agreement's scope is checked against the assets the model and
// its inventories hold, not against its own words alone.
package agreement

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// Estate is an evaluated model, read by every agreement tool.
type Estate struct {
	Res *engine.Result
	// locate finds the exact words of a finding in the model files.
	locate *locator
}

// NewEstate wraps an engine result. The run must have kept its assets.
func NewEstate(res *engine.Result) *Estate {
	return &Estate{Res: res, locate: newLocator()}
}

// Agreement returns the agreement with the given ID, or an error naming the
// agreements there are.
func (e *Estate) Agreement(id string) (*onus.Agreement, error) {
	ids := make([]string, 0, len(e.Res.Model.Agreements))
	for _, ag := range e.Res.Model.Agreements {
		if ag.ID == id {
			return ag, nil
		}
		ids = append(ids, ag.ID)
	}
	if len(ids) == 0 {
		return nil, onus.Errorf(onus.ENotFound, "no agreement %q: the model has no agreements", id)
	}
	return nil, onus.Errorf(onus.ENotFound, "no agreement %q (agreements: %s)%s", id, strings.Join(ids, ", "), onus.DidYouMean(id, ids))
}

// group is a set of in-scope assets that share an engine outcome and are
// selected by the same clauses of one agreement.
type group struct {
	outcome *engine.Outcome
	assets  []*onus.Asset // at most maxExamples of them
	count   int
	// clauses[i] says whether clause i of the agreement selects the group.
	clauses []bool
	// delivered says the group's provider is a party to the agreement.
	delivered bool
}

// maxExamples bounds how many assets of a group are kept by name.
const maxExamples = 5

func (g *group) service() *onus.Service { return g.outcome.Service }

// examples names a few of the group's assets.
func (g *group) examples() string {
	ids := make([]string, len(g.assets))
	for i, a := range g.assets {
		ids[i] = a.ID
	}
	s := strings.Join(ids, ", ")
	if g.count > len(g.assets) {
		s += fmt.Sprintf(" and %d more", g.count-len(g.assets))
	}
	return s
}

// scope returns the groups of assets in an agreement's scope: those its
// counterparties deliver and those its clauses select. Unclassified assets
// have no layers to speak of and are left out.
func (e *Estate) scope(ag *onus.Agreement) []*group {
	p := e.Res.Prepared
	byKey := map[string]*group{}
	outcomes := map[*engine.Outcome]int{}
	selected := make([]bool, len(ag.Clauses))
	var out []*group
	key := make([]byte, 0, 64)
	for i := range e.Res.Assets {
		ar := &e.Res.Assets[i]
		o := ar.Outcome
		if o.Service == nil {
			continue
		}
		n, ok := outcomes[o]
		if !ok {
			n = len(outcomes)
			outcomes[o] = n
		}
		delivered := p.Delivers(ag, o.Provider)
		key = append(strconv.AppendInt(key[:0], int64(n), 36), "01"[b2i(delivered)])
		in := delivered
		for j, c := range ag.Clauses {
			sel := c.Scope.Matches(ar.Asset, o.Service.Provider, o.Model)
			selected[j] = sel
			in = in || sel
			key = append(key, "01"[b2i(sel)])
		}
		if !in {
			continue
		}
		g := byKey[string(key)]
		if g == nil {
			g = &group{outcome: o, delivered: delivered, clauses: append([]bool(nil), selected...)}
			byKey[string(key)] = g
			out = append(out, g)
		}
		g.count++
		if len(g.assets) < maxExamples {
			g.assets = append(g.assets, ar.Asset)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].service().ID < out[j].service().ID })
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// base returns the catalog's rule for a layer of a group, and the source
// that publishes it.
func (e *Estate) base(g *group, l onus.Layer) (onus.LayerRule, onus.Source) {
	cat := e.Res.Catalog
	r, origin := cat.Rule(g.service(), g.outcome.Model, l)
	if origin == onus.FromService {
		return r, g.service().Source
	}
	if ms := cat.Models[g.outcome.Model]; ms != nil {
		return r, ms.Source
	}
	return r, onus.Source{}
}

// covers reports whether clause c speaks for layer l of an asset on which
// the catalog gives the layer to held: it names the layer, or a keyword
// that takes it in.
func covers(c *onus.Clause, l onus.Layer, held onus.Responsibility) bool {
	if held == onus.NotApplicable {
		return false
	}
	for _, r := range c.Layers {
		switch r {
		case onus.LayerRefAll:
			return true
		case onus.LayerRefCustomer:
			if held.HasCustomer() {
				return true
			}
		case onus.LayerRefShared:
			if held == onus.Shared {
				return true
			}
		default:
			if onus.Layer(r) == l {
				return true
			}
		}
	}
	return false
}

// covered reports whether a clause of ag that names a responsible party
// covers layer l of group g, on which the catalog gives the layer to held.
func covered(ag *onus.Agreement, g *group, l onus.Layer, held onus.Responsibility) bool {
	for i, c := range ag.Clauses {
		if g.clauses[i] && c.Responsible != "" && covers(c, l, held) {
			return true
		}
	}
	return false
}

// names reports whether clause c names layer l one by one.
func names(c *onus.Clause, l onus.Layer) bool {
	for _, r := range c.Layers {
		if onus.Layer(r) == l {
			return true
		}
	}
	return false
}

// side says which side of the provider's model a clause's responsible party
// stands on for a group: the provider's, or the customer's (the customer, or
// a vendor or managed-service provider it delegates to).
func (e *Estate) side(g *group, party string) onus.Responsibility {
	if prov := g.outcome.Provider; prov != nil && (prov.ID == party || prov.Provider == party) {
		return onus.Provider
	}
	return onus.Customer
}

// partyName returns a party's display name, for any party the estate knows.
func (e *Estate) partyName(id string) string {
	if p := e.Res.Party(id); p != nil {
		return p.DisplayName()
	}
	return id
}

// sourceText formats a catalog source for a citation.
func sourceText(s onus.Source) string {
	if s.Title == "" {
		return "the onus catalog"
	}
	t := s.Title
	if s.URL != "" {
		t += " <" + s.URL + ">"
	}
	if !s.Date.IsZero() {
		t += ", " + s.Date.String()
	}
	return t
}
