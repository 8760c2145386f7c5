package agreement

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// Comparison is what changed in one agreement between two versions.
type Comparison struct {
	ID string `json:"id"`
	// Old and New are the content hashes of the two versions' terms; one
	// is empty when the agreement is only in the other version.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Hands lists the layers whose holder changed: what changed hands.
	Hands []HandChange `json:"hands,omitempty"`
	// Clauses and CUECs list what changed in each clause and CUEC.
	Clauses []ItemChange `json:"clauses,omitempty"`
	CUECs   []ItemChange `json:"cuecs,omitempty"`
	// Terms lists the other terms that changed: type, title, parties,
	// dates, review interval, document.
	Terms []FieldChange `json:"terms,omitempty"`
}

// Changed reports whether the two versions differ in their terms.
func (c *Comparison) Changed() bool { return c.Old != c.New }

// HandChange is a layer, for the assets a scope selects, whose holder
// changed between two versions. An empty From means the layer was not
// covered before; an empty To that it no longer is.
type HandChange struct {
	Scope   string   `json:"scope"`
	Layer   string   `json:"layer"`
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Clauses []string `json:"clauses"`
	// Split says only the split statement changed, not the holder.
	Split bool `json:"split_changed,omitempty"`
}

// ItemChange is a clause or CUEC that was added, removed or changed.
type ItemChange struct {
	ID     string           `json:"id"`
	Kind   terms.ChangeKind `json:"kind"`
	Fields []FieldChange    `json:"fields,omitempty"`
}

// FieldChange is one field that changed, with its old and new values in
// words.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Compare compares the agreements of two versions by ID. With an ID given,
// only that agreement is compared. Agreements whose terms are the same in
// both versions are left out.
func Compare(old, new []*onus.Agreement, id string) ([]*Comparison, error) {
	byID := func(ags []*onus.Agreement) map[string]*onus.Agreement {
		m := make(map[string]*onus.Agreement, len(ags))
		for _, ag := range ags {
			m[ag.ID] = ag
		}
		return m
	}
	o, n := byID(old), byID(new)
	var ids []string
	for _, ag := range new {
		ids = append(ids, ag.ID)
	}
	for _, ag := range old {
		if n[ag.ID] == nil {
			ids = append(ids, ag.ID)
		}
	}
	if id != "" {
		if o[id] == nil && n[id] == nil {
			return nil, onus.Errorf(onus.ENotFound, "agreement %q is in neither version%s", id, onus.DidYouMean(id, ids))
		}
		ids = []string{id}
	}
	var out []*Comparison
	for _, id := range ids {
		if c := compareOne(o[id], n[id]); c.Changed() {
			out = append(out, c)
		}
	}
	return out, nil
}

func compareOne(old, new *onus.Agreement) *Comparison {
	c := &Comparison{}
	empty := &onus.Agreement{}
	if old != nil {
		c.ID, c.Old = old.ID, terms.Version(old)
	} else {
		old = empty
	}
	if new != nil {
		c.ID, c.New = new.ID, terms.Version(new)
	} else {
		new = empty
	}
	c.Hands = hands(old, new)
	c.Terms = fieldChanges(agreementFields(old), agreementFields(new))
	c.Clauses = itemChanges(clauseMap(old), clauseMap(new), clauseIDs(old, new))
	c.CUECs = itemChanges(cuecMap(old), cuecMap(new), cuecIDs(old, new))
	return c
}

// holding is who a version gives a layer to, for the assets a scope
// selects.
type holding struct {
	who     []string
	split   string
	clauses []string
}

// holdings maps scope and layer to who holds it under an agreement.
func holdings(ag *onus.Agreement) map[[2]string]*holding {
	out := map[[2]string]*holding{}
	for _, c := range ag.Clauses {
		scope := scopeWords(&c.Scope)
		for _, l := range c.Layers {
			k := [2]string{scope, string(l)}
			h := out[k]
			if h == nil {
				h = &holding{}
				out[k] = h
			}
			who := c.Responsible
			if who == "" {
				who = "nobody named"
			}
			if !slices.Contains(h.who, who) {
				h.who = append(h.who, who)
			}
			if h.split == "" {
				h.split = oneLine(c.Split)
			}
			h.clauses = append(h.clauses, c.ID)
		}
	}
	for _, h := range out {
		sort.Strings(h.who)
	}
	return out
}

// scopeWords writes a selector in a form that does not depend on the order
// its values were written in.
func scopeWords(s *onus.Selector) string {
	m := terms.Selector(s)
	if len(m) == 0 {
		return "every asset"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+strings.Join(m[k], ","))
	}
	return strings.Join(parts, " ")
}

// hands lists the layers whose holder or split changed, by scope, then in
// stack order.
func hands(old, new *onus.Agreement) []HandChange {
	o, n := holdings(old), holdings(new)
	keys := map[[2]string]bool{}
	for k := range o {
		keys[k] = true
	}
	for k := range n {
		keys[k] = true
	}
	sorted := make([][2]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	rank := func(l string) int {
		if i := onus.Layer(l).Index(); i >= 0 {
			return i
		}
		return onus.NumLayers
	}
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i][0] != sorted[j][0] {
			return sorted[i][0] < sorted[j][0]
		}
		return rank(sorted[i][1]) < rank(sorted[j][1])
	})
	var out []HandChange
	for _, k := range sorted {
		a, b := o[k], n[k]
		hc := HandChange{Scope: k[0], Layer: k[1]}
		switch {
		case a == nil:
			hc.To, hc.Clauses = strings.Join(b.who, " and "), b.clauses
		case b == nil:
			hc.From, hc.Clauses = strings.Join(a.who, " and "), a.clauses
		case !slices.Equal(a.who, b.who):
			hc.From, hc.To, hc.Clauses = strings.Join(a.who, " and "), strings.Join(b.who, " and "), b.clauses
		case a.split != b.split:
			hc.From, hc.To, hc.Clauses, hc.Split = strings.Join(a.who, " and "), strings.Join(b.who, " and "), b.clauses, true
		default:
			continue
		}
		out = append(out, hc)
	}
	return out
}

func agreementFields(ag *onus.Agreement) map[string]string {
	return map[string]string{
		"type": string(ag.Type), "title": oneLine(ag.Title), "parties": strings.Join(ag.Parties, ", "),
		"effective": ag.Effective.String(), "expires": ag.Expires.String(),
		"review_interval": ag.ReviewInterval.Words(), "document": ag.Document,
	}
}

func clauseFields(c *onus.Clause) map[string]string {
	m := map[string]string{
		"title": oneLine(c.Title), "scope": scopeWords(&c.Scope), "layers": layerNames(c.Layers),
		"responsible": c.Responsible, "accountable": c.Accountable,
		"consulted": strings.Join(c.Consulted, ", "), "informed": strings.Join(c.Informed, ", "),
		"split": oneLine(c.Split), "text": oneLine(c.Text), "evidence": strings.Join(c.Evidence, "; "),
	}
	for _, p := range commitmentPairs(c.Commitments) {
		m["commitments."+strings.ToLower(p[0])] = p[1]
	}
	return m
}

func clauseMap(ag *onus.Agreement) map[string]map[string]string {
	m := make(map[string]map[string]string, len(ag.Clauses))
	for _, c := range ag.Clauses {
		m[c.ID] = clauseFields(c)
	}
	return m
}

func cuecMap(ag *onus.Agreement) map[string]map[string]string {
	m := make(map[string]map[string]string, len(ag.CUECs))
	for _, u := range ag.CUECs {
		m[u.ID] = map[string]string{"text": oneLine(u.Text), "layers": layerNames(u.Layers), "owner": u.Owner}
	}
	return m
}

// clauseIDs lists clause IDs in the new version's order, then the removed.
func clauseIDs(old, new *onus.Agreement) []string {
	var ids []string
	for _, c := range new.Clauses {
		ids = append(ids, c.ID)
	}
	for _, c := range old.Clauses {
		if !slices.Contains(ids, c.ID) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func cuecIDs(old, new *onus.Agreement) []string {
	var ids []string
	for _, u := range new.CUECs {
		ids = append(ids, u.ID)
	}
	for _, u := range old.CUECs {
		if !slices.Contains(ids, u.ID) {
			ids = append(ids, u.ID)
		}
	}
	return ids
}

func itemChanges(old, new map[string]map[string]string, ids []string) []ItemChange {
	var out []ItemChange
	for _, id := range ids {
		a, b := old[id], new[id]
		switch {
		case a == nil:
			out = append(out, ItemChange{ID: id, Kind: terms.Added, Fields: fieldChanges(nil, b)})
		case b == nil:
			out = append(out, ItemChange{ID: id, Kind: terms.Removed})
		default:
			if fs := fieldChanges(a, b); len(fs) > 0 {
				out = append(out, ItemChange{ID: id, Kind: terms.Changed, Fields: fs})
			}
		}
	}
	return out
}

// fieldChanges lists the fields whose values differ, sorted by name.
func fieldChanges(old, new map[string]string) []FieldChange {
	names := map[string]bool{}
	for k := range old {
		names[k] = true
	}
	for k := range new {
		names[k] = true
	}
	var out []FieldChange
	for _, k := range slices.Sorted(maps.Keys(names)) {
		if old[k] != new[k] {
			out = append(out, FieldChange{Field: k, From: old[k], To: new[k]})
		}
	}
	return out
}

// WriteComparisons writes comparisons as text or JSON.
func WriteComparisons(w io.Writer, format string, cs []*Comparison) error {
	switch format {
	case "json":
		if cs == nil {
			cs = []*Comparison{}
		}
		return writeJSON(w, cs)
	case "text", "":
	default:
		return onus.Errorf(onus.EInvalid, "unknown format %q (use text or json)", format)
	}
	p := &printer{w: w}
	if len(cs) == 0 {
		p.printf("no agreement's terms changed\n")
		return p.err
	}
	for i, c := range cs {
		if i > 0 {
			p.printf("\n")
		}
		switch {
		case c.Old == "":
			p.printf("agreement %s: added (%s)\n", c.ID, c.New)
		case c.New == "":
			p.printf("agreement %s: removed (was %s)\n", c.ID, c.Old)
		default:
			p.printf("agreement %s: %s → %s\n", c.ID, c.Old, c.New)
		}
		if len(c.Hands) > 0 {
			p.printf("  changed hands:\n")
			for _, h := range c.Hands {
				what := fmt.Sprintf("%s → %s", h.From, h.To)
				switch {
				case h.From == "":
					what = "now " + h.To
				case h.To == "":
					what = "no longer covered (was " + h.From + ")"
				case h.Split:
					what = h.To + ", split changed"
				}
				p.printf("    %s, %s: %s (clause %s)\n", h.Layer, h.Scope, what, strings.Join(h.Clauses, ", "))
			}
		}
		p.items("clauses", c.Clauses)
		p.items("CUECs", c.CUECs)
		if len(c.Terms) > 0 {
			p.printf("  terms:\n")
			for _, f := range c.Terms {
				p.printf("    %s: %s\n", f.Field, change(f))
			}
		}
	}
	return p.err
}

func change(f FieldChange) string {
	from, to := f.From, f.To
	if from == "" {
		from = "(none)"
	}
	if to == "" {
		to = "(none)"
	}
	return fmt.Sprintf("%q → %q", from, to)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) items(title string, items []ItemChange) {
	if len(items) == 0 {
		return
	}
	p.printf("  %s:\n", title)
	for _, it := range items {
		p.printf("    %s: %s\n", it.ID, it.Kind)
		if it.Kind == terms.Added {
			continue
		}
		for _, f := range it.Fields {
			p.printf("      %s: %s\n", f.Field, change(f))
		}
	}
}
