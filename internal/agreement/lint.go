package agreement

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
)

// Rule is the stable ID of a lint rule. It appears in every finding and in
// finding keys, and does not change between releases.
type Rule string

// The lint rules.
const (
	RuleVague         Rule = "vague-wording"
	RuleUnmeasurable  Rule = "unmeasurable-commitment"
	RuleNoParty       Rule = "no-party"
	RuleNoSplit       Rule = "shared-without-split"
	RuleUncovered     Rule = "uncovered-layer"
	RuleContradiction Rule = "contradicting-clauses"
	RuleProviderModel Rule = "contradicts-provider-model"
	RuleEmptyScope    Rule = "scope-selects-nothing"
	RuleCUECOwner     Rule = "cuec-without-owner"
)

// RuleInfo describes a lint rule.
type RuleInfo struct {
	ID       Rule          `json:"id"`
	Severity onus.Severity `json:"severity"`
	Meaning  string        `json:"meaning"`
}

var ruleTable = []RuleInfo{
	{RuleVague, onus.Low, "a clause's or CUEC's words leave who does what, or by when, open to argument"},
	{RuleUnmeasurable, onus.Medium, "a promise (respond, resolve, notify, restore, retain, patch, availability) states no number and unit"},
	{RuleNoParty, onus.Medium, "a clause names no responsible party, so it decides nothing"},
	{RuleNoSplit, onus.Low, "a clause covers a layer the provider's model shares, and does not say where the split lies"},
	{RuleUncovered, onus.Medium, "a layer the provider holds or shares, on assets in the agreement's scope, is covered by no clause"},
	{RuleContradiction, onus.High, "two clauses cover the same layer of the same assets and name different parties with no split, or promise different measures"},
	{RuleProviderModel, onus.Medium, "a clause contradicts the provider's published model: it gives the customer's side a layer the provider holds, the provider a layer its model leaves to the customer, or names a layer the service does not have"},
	{RuleEmptyScope, onus.Low, "a clause's scope selects no asset of the estate"},
	{RuleCUECOwner, onus.Low, "a CUEC names no owner, so the duty falls to whoever holds its layers"},
}

// Rules returns every lint rule.
func Rules() []RuleInfo { return append([]RuleInfo(nil), ruleTable...) }

func (r Rule) severity() onus.Severity {
	for _, ri := range ruleTable {
		if ri.ID == r {
			return ri.Severity
		}
	}
	return onus.Low
}

// Finding is one gray area of an agreement.
type Finding struct {
	// Key identifies the finding across runs: rule, agreement, clause and
	// what the finding is about.
	Key       string        `json:"key"`
	Rule      Rule          `json:"rule"`
	Severity  onus.Severity `json:"severity"`
	Agreement string        `json:"agreement"`
	Clause    string        `json:"clause,omitempty"`
	CUEC      string        `json:"cuec,omitempty"`
	Layer     onus.Layer    `json:"layer,omitempty"`
	Message   string        `json:"message"`
	// Loc is where the clause (or CUEC, or agreement) is written.
	Loc onus.Location `json:"location"`
	// Quote holds the exact words the finding is about, when it is about
	// words.
	Quote *Quote `json:"quote,omitempty"`
	// Suggestion is a rewrite: mechanical where one exists ("within N
	// hours" for "promptly"), a YAML fragment to add, or advice.
	Suggestion string `json:"suggestion,omitempty"`
}

// Quote is the exact words of a field a finding is about.
type Quote struct {
	// Field is the field's path under its clause or CUEC, such as "text".
	Field string `json:"field"`
	Text  string `json:"text"`
	// Start and End are byte offsets of the words in the field's value.
	Start int `json:"start"`
	End   int `json:"end"`
	// Loc is where the words start in the file, as exactly as the YAML
	// allows (escape sequences make onus point at the value's start).
	Loc onus.Location `json:"location"`
}

// Where returns the most precise location of the finding: its words, or
// else its clause.
func (f *Finding) Where() onus.Location {
	if f.Quote != nil && !f.Quote.Loc.IsZero() {
		return f.Quote.Loc
	}
	return f.Loc
}

// Lint checks agreements for gray areas against the estate. With no
// agreements given it checks every agreement of the model. Findings come in
// agreement order, then by position in the file.
func (e *Estate) Lint(ags ...*onus.Agreement) []*Finding {
	if len(ags) == 0 {
		ags = e.Res.Model.Agreements
	}
	var out []*Finding
	for _, ag := range ags {
		out = append(out, e.lint(ag, e.scope(ag))...)
	}
	return out
}

// lint checks one agreement whose scope is groups, sorting the findings by
// position in the file.
func (e *Estate) lint(ag *onus.Agreement, groups []*group) []*Finding {
	l := &linter{e: e, ag: ag, groups: groups}
	l.run()
	sort.SliceStable(l.out, func(i, j int) bool {
		a, b := l.out[i].Where(), l.out[j].Where()
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return l.out[i].Key < l.out[j].Key
	})
	return l.out
}

type linter struct {
	e      *Estate
	ag     *onus.Agreement
	groups []*group
	out    []*Finding
}

func (l *linter) add(f *Finding) {
	f.Severity = f.Rule.severity()
	f.Agreement = l.ag.ID
	l.out = append(l.out, f)
}

func (l *linter) run() {
	for i, c := range l.ag.Clauses {
		l.noParty(c)
		l.words(c.Loc, c.ID, "", map[string]string{"title": c.Title, "text": c.Text, "split": c.Split})
		l.commitments(i, c)
		l.emptyScope(i, c)
		l.againstModel(i, c)
	}
	l.contradictions()
	l.uncovered()
	for _, u := range l.ag.CUECs {
		l.words(u.Loc, "", u.ID, map[string]string{"text": u.Text})
		l.cuecOwner(u)
	}
}

// subject names a clause or CUEC for keys and messages.
func subject(clause, cuec string) (key, words string) {
	if cuec != "" {
		return "cuec:" + cuec, fmt.Sprintf("CUEC %q", cuec)
	}
	return clause, fmt.Sprintf("clause %q", clause)
}

// quote locates the words [start, end) of a field of the clause or CUEC
// written at base.
func (l *linter) quote(base onus.Location, field, value string, start, end int) *Quote {
	q := &Quote{Field: field, Text: value[start:end], Start: start, End: end}
	loc, n, src := l.e.locate.field(base, base.Path+"."+field)
	if line, col, ok := wordPosition(src, n, start); ok {
		loc.Line, loc.Column = line, col
	}
	q.Loc = loc
	return q
}

// words raises vague wording in the given fields of a clause or CUEC.
func (l *linter) words(base onus.Location, clause, cuec string, fields map[string]string) {
	key, name := subject(clause, cuec)
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		value := fields[field]
		for _, m := range l.e.Res.Vague().Find(value) {
			f := &Finding{Rule: RuleVague, Clause: clause, CUEC: cuec, Loc: base,
				Key:     fmt.Sprintf("%s:%s/%s:%s:%d", RuleVague, l.ag.ID, key, field, m.Offset),
				Message: fmt.Sprintf("%s %s: %q %s", name, field, m.Text, m.Why),
				Quote:   l.quote(base, field, value, m.Offset, m.Offset+len(m.Text)),
			}
			if r := replacement(l.e.Res.Model.Wording, m.Phrase); r != "" {
				s := sentenceAround(value, m.Offset)
				f.Suggestion = value[s[0]:m.Offset] + matchCase(r, m.Text) + value[m.Offset+len(m.Text):s[1]]
			} else if m.Rewrite != "" {
				f.Suggestion = m.Rewrite
			}
			l.add(f)
		}
	}
}

// sentenceAround returns the sentence of text that holds offset.
func sentenceAround(text string, offset int) [2]int {
	for _, s := range sentences(text) {
		if s[0] <= offset && offset < s[1] {
			return s
		}
	}
	return [2]int{0, len(text)}
}

// matchCase capitalises a replacement that stands for a capitalised word.
func matchCase(r, was string) string {
	if was != "" && was[0] >= 'A' && was[0] <= 'Z' && r != "" && r[0] >= 'a' && r[0] <= 'z' {
		return string(r[0]-'a'+'A') + r[1:]
	}
	return r
}

func (l *linter) noParty(c *onus.Clause) {
	if c.Responsible != "" {
		return
	}
	f := &Finding{Rule: RuleNoParty, Clause: c.ID, Loc: c.Loc, Key: fmt.Sprintf("%s:%s/%s", RuleNoParty, l.ag.ID, c.ID),
		Message: fmt.Sprintf("clause %q names no responsible party, so it decides nothing", c.ID)}
	var named []string
	text := lowerASCII(c.Title + " " + c.Text + " " + c.Split)
	for _, id := range l.ag.Parties {
		if wordIndex(text, lowerASCII(id)) >= 0 || wordIndex(text, lowerASCII(l.e.partyName(id))) >= 0 {
			named = append(named, id)
		}
	}
	if len(named) == 1 {
		f.Suggestion = "responsible: " + named[0] + " (the clause's words name " + l.e.partyName(named[0]) + ")"
	} else {
		f.Suggestion = "responsible: one of " + strings.Join(l.ag.Parties, ", ")
	}
	l.add(f)
}

// commitments raises promises without a measure: in the words of the text
// and split, and in an availability that states no percentage.
func (l *linter) commitments(i int, c *onus.Clause) {
	patching := l.takesCustomerLayer(i, c)
	for _, field := range []string{"text", "split"} {
		value := c.Text
		if field == "split" {
			value = c.Split
		}
		for _, u := range findUnmeasured(value, c.Commitments, []string{l.e.Res.Customer.ID, l.e.Res.Customer.Name}, patching) {
			f := &Finding{Rule: RuleUnmeasurable, Clause: c.ID, Loc: c.Loc,
				Key:     fmt.Sprintf("%s:%s/%s:%s:%d", RuleUnmeasurable, l.ag.ID, c.ID, field, u.start),
				Message: fmt.Sprintf("clause %q %s promises %s but states no number and unit", c.ID, field, u.kind.what),
				Quote:   l.quote(c.Loc, field, value, u.start, u.end),
			}
			switch u.kind.field {
			case "":
				f.Suggestion = "state the deadline in the words: \"… within N days of the fix's release\""
			case "availability":
				f.Suggestion = "state the percentage and period in the words, and record it: commitments: {availability: \"99.9% monthly\"}"
			default:
				f.Suggestion = fmt.Sprintf("state the time in the words (\"within N hours\") and record it: commitments: {%s: Nh}", u.kind.field)
			}
			l.add(f)
		}
	}
	if a := c.Commitments.Availability; strings.TrimSpace(a) != "" && !hasPercent(a) {
		l.add(&Finding{Rule: RuleUnmeasurable, Clause: c.ID, Loc: c.Loc,
			Key:        fmt.Sprintf("%s:%s/%s:commitments.availability", RuleUnmeasurable, l.ag.ID, c.ID),
			Message:    fmt.Sprintf("clause %q commits to availability %q, which states no percentage", c.ID, a),
			Quote:      l.quote(c.Loc, "commitments.availability", a, 0, len(a)),
			Suggestion: "commitments: {availability: \"99.9% monthly\"}"})
	}
}

// takesCustomerLayer reports whether clause i covers, on some asset it
// selects, a layer the provider's model leaves wholly to the customer.
func (l *linter) takesCustomerLayer(i int, c *onus.Clause) bool {
	for _, g := range l.groups {
		if !g.clauses[i] {
			continue
		}
		for _, layer := range onus.Layers() {
			if base, _ := l.e.base(g, layer); base.Owner == onus.Customer && covers(c, layer, base.Owner) {
				return true
			}
		}
	}
	return false
}

func (l *linter) emptyScope(i int, c *onus.Clause) {
	if len(l.e.Res.Assets) == 0 {
		return
	}
	for _, g := range l.groups {
		if g.clauses[i] {
			return
		}
	}
	l.add(&Finding{Rule: RuleEmptyScope, Clause: c.ID, Loc: c.Loc, Key: fmt.Sprintf("%s:%s/%s", RuleEmptyScope, l.ag.ID, c.ID),
		Message:    fmt.Sprintf("clause %q selects no asset (scope: %s): it covers nothing the organisation runs", c.ID, c.Scope.String()),
		Suggestion: "correct the scope, or drop the clause"})
}

// layerServices collects, per layer, the services and assets a check found
// something on, in stack order.
type layerServices map[onus.Layer]*hits

type hits struct {
	services []string
	assets   int
	example  string
	// The catalog's rule for the layer, and its source, where the first
	// hit was found.
	rule   onus.LayerRule
	source string
}

func (ls layerServices) add(l onus.Layer, g *group, rule onus.LayerRule, source onus.Source) {
	h := ls[l]
	if h == nil {
		h = &hits{example: g.assets[0].ID, rule: rule, source: sourceText(source)}
		ls[l] = h
	}
	if !slices.Contains(h.services, g.service().ID) {
		h.services = append(h.services, g.service().ID)
	}
	h.assets += g.count
}

func (ls layerServices) layers() []onus.Layer {
	var out []onus.Layer
	for _, l := range onus.Layers() {
		if ls[l] != nil {
			out = append(out, l)
		}
	}
	return out
}

func (h *hits) where() string {
	return fmt.Sprintf("%s (%s, e.g. %s)", strings.Join(h.services, ", "), plural(h.assets, "asset"), h.example)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// againstModel compares a clause with the provider's published model, layer
// by layer, on the assets it covers: shared layers need a split, and a
// clause must not give a side a layer the model gives the other, or name a
// layer the service does not have.
func (l *linter) againstModel(i int, c *onus.Clause) {
	if c.Responsible == "" {
		return
	}
	noSplit, wrongSide, missing := layerServices{}, layerServices{}, layerServices{}
	for _, g := range l.groups {
		if !g.clauses[i] {
			continue
		}
		for _, layer := range onus.Layers() {
			base, src := l.e.base(g, layer)
			switch {
			case base.Owner == onus.NotApplicable:
				if names(c, layer) {
					missing.add(layer, g, base, src)
				}
				continue
			case !covers(c, layer, base.Owner) || strings.TrimSpace(c.Split) != "":
				continue
			}
			side := l.e.side(g, c.Responsible)
			switch {
			case base.Owner == onus.Shared:
				noSplit.add(layer, g, base, src)
			case base.Owner == onus.Provider && side == onus.Customer, base.Owner == onus.Customer && side == onus.Provider:
				wrongSide.add(layer, g, base, src)
			}
		}
	}
	who := l.e.partyName(c.Responsible)
	for _, layer := range noSplit.layers() {
		h := noSplit[layer]
		f := &Finding{Rule: RuleNoSplit, Clause: c.ID, Layer: layer, Loc: c.Loc,
			Key:     fmt.Sprintf("%s:%s/%s:%s", RuleNoSplit, l.ag.ID, c.ID, layer),
			Message: fmt.Sprintf("clause %q gives %s the %s layer of %s, which the provider's model shares, without saying where the split lies", c.ID, who, layer.Name(), h.where())}
		if h.rule.Split != "" {
			f.Suggestion = fmt.Sprintf("split: %q (the provider's published split, per %s: restate it in the parties' own terms)", h.rule.Split, h.source)
		} else {
			f.Suggestion = "split: \"<provider> does …; <customer> does …\""
		}
		l.add(f)
	}
	for _, layer := range wrongSide.layers() {
		h := wrongSide[layer]
		var msg, fix string
		if h.rule.Owner == onus.Provider {
			msg = fmt.Sprintf("clause %q gives the %s layer of %s to %s, on the customer's side, but the provider's published model has the provider hold it (%s)", c.ID, layer.Name(), h.where(), who, h.source)
			fix = "responsible: the provider, or add a split saying which part the customer's side takes on"
		} else {
			msg = fmt.Sprintf("clause %q makes %s responsible for the %s layer of %s, which its published model leaves to the customer (%s)", c.ID, who, layer.Name(), h.where(), h.source)
			fix = "keep it only if the provider really takes this on, and then add a split saying what it does and what stays with the customer"
		}
		l.add(&Finding{Rule: RuleProviderModel, Clause: c.ID, Layer: layer, Loc: c.Loc,
			Key: fmt.Sprintf("%s:%s/%s:%s", RuleProviderModel, l.ag.ID, c.ID, layer), Message: msg, Suggestion: fix})
	}
	for _, layer := range missing.layers() {
		h := missing[layer]
		l.add(&Finding{Rule: RuleProviderModel, Clause: c.ID, Layer: layer, Loc: c.Loc,
			Key:        fmt.Sprintf("%s:%s/%s:%s", RuleProviderModel, l.ag.ID, c.ID, layer),
			Message:    fmt.Sprintf("clause %q names the %s layer, which %s does not have (%s)", c.ID, layer.Name(), h.where(), h.source),
			Suggestion: "drop the layer from the clause, or narrow its scope"})
	}
}

// contradictions raises pairs of clauses that cover the same layer of the
// same assets and name different parties with no split, or promise
// different measures.
func (l *linter) contradictions() {
	cs := l.ag.Clauses
	for i := 0; i < len(cs); i++ {
		for j := i + 1; j < len(cs); j++ {
			a, b := cs[i], cs[j]
			if a.Responsible == "" || b.Responsible == "" {
				continue
			}
			parties := a.Responsible != b.Responsible && strings.TrimSpace(a.Split) == "" && strings.TrimSpace(b.Split) == ""
			measures := conflictingCommitments(a.Commitments, b.Commitments)
			if !parties && len(measures) == 0 {
				continue
			}
			both := layerServices{}
			for _, g := range l.groups {
				if !g.clauses[i] || !g.clauses[j] {
					continue
				}
				for _, layer := range onus.Layers() {
					base, _ := l.e.base(g, layer)
					if covers(a, layer, base.Owner) && covers(b, layer, base.Owner) {
						both.add(layer, g, base, onus.Source{})
					}
				}
			}
			layers := both.layers()
			if len(layers) == 0 {
				continue
			}
			names := make([]string, len(layers))
			for k, layer := range layers {
				names[k] = string(layer)
			}
			where := both[layers[0]].where()
			var what []string
			if parties {
				what = append(what, fmt.Sprintf("name different parties (%s and %s) with no split", a.Responsible, b.Responsible))
			}
			if len(measures) > 0 {
				what = append(what, "promise different measures ("+strings.Join(measures, "; ")+")")
			}
			l.add(&Finding{Rule: RuleContradiction, Clause: b.ID, Layer: layers[0], Loc: b.Loc,
				Key: fmt.Sprintf("%s:%s/%s:%s", RuleContradiction, l.ag.ID, a.ID, b.ID),
				Message: fmt.Sprintf("clauses %q (line %d) and %q both cover %s on %s, and %s", a.ID, a.Loc.Line, b.ID, strings.Join(names, ", "), where,
					strings.Join(what, ", and ")),
				Suggestion: "narrow one clause's scope or layers so they do not overlap, or add a split to each saying which part is whose"})
		}
	}
}

// conflictingCommitments lists the measures two clauses both set to
// different values.
func conflictingCommitments(a, b onus.Commitments) []string {
	var out []string
	for _, f := range []struct {
		name string
		x, y onus.Period
	}{{"response", a.Response, b.Response}, {"resolution", a.Resolution, b.Resolution}, {"notification", a.Notification, b.Notification},
		{"rpo", a.RPO, b.RPO}, {"rto", a.RTO, b.RTO}, {"retention", a.Retention, b.Retention}} {
		if !f.x.IsZero() && !f.y.IsZero() && f.x.Approx() != f.y.Approx() {
			out = append(out, fmt.Sprintf("%s %s against %s", f.name, f.x.Words(), f.y.Words()))
		}
	}
	if x, y := strings.TrimSpace(a.Availability), strings.TrimSpace(b.Availability); x != "" && y != "" && x != y {
		out = append(out, fmt.Sprintf("availability %s against %s", x, y))
	}
	return out
}

// coverageTypes are the agreement types that define a service, and so must
// cover every layer the provider holds or shares. A DPA or BAA governs the
// data the provider processes, a SOW one piece of work, an OLA the
// organisation's own teams: they cover what they say.
var coverageTypes = map[onus.AgreementType]bool{"sla": true, "contract": true, "msa": true, "terms": true, "eula": true}

// uncovered raises the layers of in-scope assets that the counterparty
// holds or shares, under its published model, and no clause covers.
func (l *linter) uncovered() {
	for _, gap := range l.e.gaps(l.ag, l.groups) {
		h := gap.hits
		who := l.e.partyName(gap.provider)
		hold := "holds"
		if gap.shared {
			hold = "shares"
		}
		svc := h.services
		suggestion := fmt.Sprintf("- {id: %s, scope: {service: [%s]}, layers: [%s], responsible: %s}", gap.layer, strings.Join(svc, ", "), gap.layer, gap.provider)
		if gap.shared {
			suggestion = fmt.Sprintf("- {id: %s, scope: {service: [%s]}, layers: [%s], responsible: %s, split: \"%s does …; %s does …\"}",
				gap.layer, strings.Join(svc, ", "), gap.layer, gap.provider, who, l.e.Res.Customer.DisplayName())
		}
		l.add(&Finding{Rule: RuleUncovered, Layer: gap.layer, Loc: l.clausesLoc(),
			Key:        fmt.Sprintf("%s:%s:%s", RuleUncovered, l.ag.ID, gap.layer),
			Message:    fmt.Sprintf("no clause covers the %s layer of %s, which %s %s under its published model", gap.layer.Name(), h.where(), who, hold),
			Suggestion: "add a clause: " + suggestion})
	}
}

// clausesLoc points at the agreement's clauses, or the agreement itself.
func (l *linter) clausesLoc() onus.Location {
	loc, n, _ := l.e.locate.field(l.ag.Loc, l.ag.Loc.Path+".clauses")
	if n == nil {
		return l.ag.Loc
	}
	return loc
}

// gap is a layer of some in-scope assets that the counterparty holds or
// shares under its model, and no clause of the agreement covers.
type gap struct {
	layer    onus.Layer
	provider string
	shared   bool
	hits     *hits
}

// gaps returns the layers an agreement of a type that defines a service
// leaves uncovered, in stack order.
func (e *Estate) gaps(ag *onus.Agreement, groups []*group) []gap {
	if !coverageTypes[ag.Type] {
		return nil
	}
	found := layerServices{}
	providers := map[onus.Layer]string{}
	shared := map[onus.Layer]bool{}
	for _, g := range groups {
		if !g.delivered {
			continue
		}
		for _, layer := range onus.Layers() {
			base, _ := e.base(g, layer)
			if !base.Owner.HasProvider() {
				continue
			}
			if covered(ag, g, layer, base.Owner) {
				continue
			}
			found.add(layer, g, base, onus.Source{})
			if providers[layer] == "" {
				providers[layer] = g.outcome.Provider.ID
			}
			shared[layer] = shared[layer] || base.Owner == onus.Shared
		}
	}
	var out []gap
	for _, layer := range found.layers() {
		out = append(out, gap{layer: layer, provider: providers[layer], shared: shared[layer], hits: found[layer]})
	}
	return out
}

func (l *linter) cuecOwner(u *onus.CUEC) {
	if u.Owner != "" {
		return
	}
	owners := map[string]bool{}
	for _, g := range l.groups {
		for _, ref := range u.Layers {
			layer := onus.Layer(ref)
			if i := layer.Index(); i >= 0 {
				for _, p := range g.outcome.Cells[i].Owners {
					owners[p.ID] = p.Kind == onus.KindTeam
				}
			}
		}
	}
	f := &Finding{Rule: RuleCUECOwner, CUEC: u.ID, Loc: u.Loc, Key: fmt.Sprintf("%s:%s/cuec:%s", RuleCUECOwner, l.ag.ID, u.ID),
		Message: fmt.Sprintf("CUEC %q names no owner, so the duty falls to whoever holds its layers", u.ID)}
	ids := slices.Sorted(maps.Keys(owners))
	// Teams first: a CUEC is the organisation's own duty.
	sort.SliceStable(ids, func(i, j int) bool { return owners[ids[i]] && !owners[ids[j]] })
	if len(ids) > 0 {
		f.Message += " (" + strings.Join(ids, ", ") + ")"
		f.Suggestion = "owner: " + ids[0]
	} else {
		f.Suggestion = "owner: the team, vendor or managed-service provider that performs it"
	}
	l.add(f)
}
