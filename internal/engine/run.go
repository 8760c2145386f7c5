package engine

import (
	"encoding/binary"
	"fmt"
	"iter"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-dev/onus"
)

// Run evaluates assets against a prepared model. It is not safe for
// concurrent use; start one Run per goroutine.
type Run struct {
	p      *Prepared
	keep   bool
	groups map[string]*Group
	order  []*Group
	// cells caches resolved layers, so that groups whose rules agree on a
	// layer share one Cell. Its keys start with an interned prefix (service,
	// model, provider and the rest of groupInput's key) and the layer.
	cells    map[string]*Cell
	plain    []*[onus.NumLayers]*Cell // by prefix: the cells no rule decides
	prefixes map[string]uint32
	bases    map[baseKey]*[onus.NumLayers]onus.LayerRule
	assets   []AssetResult
	ids      map[string]bool
	seen     map[string]bool // explicit asset IDs that were found
	dups     int
	// Scratch space reused from asset to asset.
	buf, key []byte
	cand     []*rule
	matched  []*rule
	layer    []*rule
	marks    []bool
	decider  decider
	kinds    byKind
	observe  func(*onus.Asset, *Outcome, []Template)
	// extraCounts counts the findings that concern single assets, by
	// severity, for runs that do not keep their assets.
	extraCounts map[onus.Severity]int
}

type baseKey struct {
	service *onus.Service
	model   onus.DeliveryModel
}

// Group is a set of assets that share one Outcome.
type Group struct {
	Outcome *Outcome
	// Assets counts the assets of the group.
	Assets int
	// Type is the inventory resource type of an unclassified group.
	Type string
}

// AssetResult is the answer for one asset.
type AssetResult struct {
	Asset   *onus.Asset
	Outcome *Outcome
	// Extra holds findings that concern this asset alone, such as a change
	// of delivery model since an agreement's last review.
	Extra []Template
}

// NewRun starts an evaluation. With keep, every asset's result is kept for
// per-asset reports; without it only groups and counts are, so that memory
// does not grow with the number of assets beyond one ID each.
func (p *Prepared) NewRun(keep bool) *Run {
	return &Run{p: p, keep: keep, groups: map[string]*Group{}, cells: map[string]*Cell{},
		prefixes: map[string]uint32{}, bases: map[baseKey]*[onus.NumLayers]onus.LayerRule{},
		ids: map[string]bool{}, seen: map[string]bool{}, marks: make([]bool, len(p.rules)), extraCounts: map[onus.Severity]int{},
		decider: decider{marks: make([]bool, len(p.rules))}}
}

// Add evaluates one asset. An asset whose ID was added before is skipped and
// counted: two inventories often list the same resource.
func (r *Run) Add(a *onus.Asset) {
	if r.ids[a.ID] {
		r.dups++
		return
	}
	r.ids[a.ID] = true
	if _, ok := r.p.explicit[a.ID]; ok {
		r.seen[a.ID] = true
	}
	g := r.group(a)
	g.Assets++
	extra := r.p.scopeChanges(a, g.Outcome)
	if r.keep {
		r.assets = append(r.assets, AssetResult{Asset: a, Outcome: g.Outcome, Extra: extra})
	}
	if r.observe != nil {
		r.observe(a, g.Outcome, extra)
	}
	for _, f := range extra {
		r.extraCounts[f.Severity]++
	}
}

// Outcome returns what the run decides for an asset without adding it to
// the run: routing asks it about assets made up from findings. Outcomes are
// shared with the run's groups, so asking twice costs a lookup.
func (r *Run) Outcome(a *onus.Asset) *Outcome { return r.group(a).Outcome }

// Observe makes the run call fn with every asset it evaluates, its outcome
// and the findings that concern it alone, so that reports can aggregate
// without the run keeping every asset.
func (r *Run) Observe(fn func(a *onus.Asset, o *Outcome, extra []Template)) { r.observe = fn }

// group finds or computes the group of an asset: the rules that select it,
// found through the index, and everything else its outcome depends on make
// the group's key.
func (r *Run) group(a *onus.Asset) *Group {
	p := r.p
	svc := p.Catalog.Service(a.Service)
	if svc == nil {
		return r.unclassifiedGroup(a)
	}
	in := p.input(a, svc)
	r.cand, r.buf = p.index.candidates(r.cand[:0], r.marks, a, svc.Provider, r.buf)
	matched := r.matched[:0]
	for _, rl := range r.cand {
		if rl.sure || rl.match.matches(a, svc.Provider, in.model) {
			matched = append(matched, rl)
		}
	}
	matched = p.withCUECs(matched, in.provider)
	sortRules(matched)
	r.matched = matched
	k := in.appendKey(r.key[:0], in.sensitive)
	for _, rl := range matched {
		k = strconv.AppendInt(k, int64(rl.index), 36)
		k = append(k, ',')
	}
	r.key = k
	if g, ok := r.groups[string(k)]; ok {
		return g
	}
	key := string(k) // resolve reuses the scratch buffer
	g := &Group{Outcome: r.resolve(in, matched)}
	r.groups[key] = g
	r.order = append(r.order, g)
	return g
}

// appendKey appends what, besides the rules, decides a group's outcome.
// Sensitivity is left out where it changes nothing.
func (in *groupInput) appendKey(k []byte, sensitive bool) []byte {
	k = append(k, in.service.ID...)
	k = append(k, 0)
	k = append(k, in.model...)
	k = append(k, 0)
	if in.provider != nil {
		k = append(k, in.provider.ID...)
	}
	k = append(k, 0)
	if sensitive {
		k = append(k, 's')
	}
	k = append(k, 0)
	k = append(k, in.tagValue...)
	k = append(k, 0)
	k = append(k, in.tagKey...)
	k = append(k, 0)
	if in.tagOwner != nil {
		k = append(k, in.tagOwner.ID...)
	}
	return append(k, 0)
}

// input gathers what, besides the rules that select it, decides the outcome
// of an asset of a catalog service.
func (p *Prepared) input(a *onus.Asset, svc *onus.Service) groupInput {
	in := groupInput{service: svc, model: a.Model, provider: p.providerOf(a, svc), sensitive: a.Sensitive()}
	if in.model == "" {
		in.model = svc.Model
	}
	in.tagKey, in.tagValue, in.tagOwner = p.tagOwner(a)
	return in
}

// resolve computes a group's outcome from the rules that select it, layer
// by layer, reusing the cells of earlier groups where the same rules decide
// a layer.
func (r *Run) resolve(in groupInput, matched []*rule) *Outcome {
	o := &Outcome{Service: in.service, Model: in.model, Provider: in.provider}
	base := r.base(in.service, in.model)
	for k := range r.kinds {
		r.kinds[k] = r.kinds[k][:0]
	}
	for _, rl := range matched {
		r.kinds[rl.kind] = append(r.kinds[rl.kind], rl)
	}
	// The cell's prefix depends on whether sensitivity and the owner tag
	// matter for the layer: four variants, interned on first use.
	var prefixes [4]uint32
	var known [4]bool
	findings := 0
	for i, l := range onus.Layers() {
		rules, tag := r.decider.decide(r.p, &in, l, base[i], &r.kinds, r.layer[:0])
		r.layer = rules
		variant := 0
		if in.sensitive && onus.SensitiveLayers.Has(l) {
			variant |= 1
		}
		if tag {
			variant |= 2
		}
		lin := in
		if !tag {
			lin.tagKey, lin.tagValue, lin.tagOwner = "", "", nil // the owner tag decides nothing here
		}
		if !known[variant] {
			prefixes[variant], known[variant] = r.prefix(&lin, variant&1 != 0), true
		}
		c := r.cell(prefixes[variant], i, rules, func() *Cell { return r.p.resolveLayer(lin, l, rules) })
		o.Cells[i] = c
		if c.Resp != onus.NotApplicable {
			o.Applicable++
			if c.Covered() {
				o.Covered++
			}
		}
		findings += len(c.Findings)
	}
	if findings > 0 {
		o.Findings = make([]Template, 0, findings)
		for _, c := range o.Cells {
			o.Findings = append(o.Findings, c.Findings...)
		}
	}
	return o
}

// cell returns the cached cell for a prefix, layer and deciding rules, or
// makes and caches it. Cells no rule decides, the most common kind, live in
// a slice rather than the map.
func (r *Run) cell(prefix uint32, layer int, rules []*rule, compute func() *Cell) *Cell {
	if len(rules) == 0 {
		for int(prefix) >= len(r.plain) {
			r.plain = append(r.plain, nil)
		}
		if r.plain[prefix] == nil {
			r.plain[prefix] = new([onus.NumLayers]*Cell)
		}
		c := r.plain[prefix][layer]
		if c == nil {
			c = compute()
			r.plain[prefix][layer] = c
		}
		return c
	}
	k := binary.AppendUvarint(r.key[:0], uint64(prefix))
	k = append(k, byte(layer))
	for _, rl := range rules {
		k = binary.AppendUvarint(k, uint64(rl.index))
	}
	r.key = k
	c := r.cells[string(k)]
	if c == nil {
		c = compute()
		r.cells[string(k)] = c
	}
	return c
}

// prefix interns what, besides the deciding rules, a cell depends on.
func (r *Run) prefix(in *groupInput, sensitive bool) uint32 {
	r.buf = in.appendKey(r.buf[:0], sensitive)
	id, ok := r.prefixes[string(r.buf)]
	if !ok {
		id = uint32(len(r.prefixes))
		r.prefixes[string(r.buf)] = id
	}
	return id
}

// base returns the catalog's rule for every layer of a service delivered
// under a model.
func (r *Run) base(svc *onus.Service, m onus.DeliveryModel) *[onus.NumLayers]onus.LayerRule {
	k := baseKey{svc, m}
	if b := r.bases[k]; b != nil {
		return b
	}
	b := new([onus.NumLayers]onus.LayerRule)
	for i, l := range onus.Layers() {
		b[i], _ = r.p.Catalog.Rule(svc, m, l)
	}
	r.bases[k] = b
	return b
}

// Explain resolves one asset again, recording in each cell's provenance the
// statements that were overridden too, which bulk runs leave out.
func (p *Prepared) Explain(a *onus.Asset) *Outcome {
	svc := p.Catalog.Service(a.Service)
	if svc == nil {
		return nil
	}
	in := p.input(a, svc)
	var matched []*rule
	for _, rl := range p.rules {
		if rl.kind != kindCUEC && rl.match.matches(a, svc.Provider, in.model) {
			matched = append(matched, rl)
		}
	}
	matched = p.withCUECs(matched, in.provider)
	o := &Outcome{Service: in.service, Model: in.model, Provider: in.provider}
	for i, l := range onus.Layers() {
		o.Cells[i] = p.resolveLayer(in, l, matched)
		o.Findings = append(o.Findings, o.Cells[i].Findings...)
	}
	return o
}

func (r *Run) unclassifiedGroup(a *onus.Asset) *Group {
	k := append(append(append(r.key[:0], 1), a.Type...), 0)
	k = append(k, a.Service...)
	r.key = k
	if g, ok := r.groups[string(k)]; ok {
		return g
	}
	o := &Outcome{Applicable: onus.NumLayers, Findings: []Template{r.p.unclassified(a)}}
	for i, l := range onus.Layers() {
		o.Cells[i] = &Cell{Layer: l}
	}
	g := &Group{Outcome: o, Type: a.Type}
	if g.Type == "" {
		g.Type = a.Service
	}
	r.groups[string(k)] = g
	r.order = append(r.order, g)
	return g
}

// sortRules orders rules by their index, so that the same set gives the same
// key; the sets are small.
func sortRules(rules []*rule) {
	for i := 1; i < len(rules); i++ {
		for j := i; j > 0 && rules[j].index < rules[j-1].index; j-- {
			rules[j], rules[j-1] = rules[j-1], rules[j]
		}
	}
}

// providerOf returns the party that delivers an asset's service.
func (p *Prepared) providerOf(a *onus.Asset, svc *onus.Service) *onus.Party {
	if a.Provider != "" {
		return p.parties[a.Provider]
	}
	return p.providerParties[svc.Provider]
}

// tagOwner reads the first ownership tag the asset carries. When its value
// names a known party it returns the value and the party; when it does not,
// the tag's key alone, so that assets with different unknown owners share
// their outcome.
func (p *Prepared) tagOwner(a *onus.Asset) (key, value string, owner *onus.Party) {
	o := p.ownership
	for _, k := range o.tags {
		v, ok := a.Tags[k]
		if !ok || v == "" {
			continue
		}
		if party := o.owners[v]; party != nil {
			return "", v, party
		}
		if party := o.owners[strings.ToLower(v)]; party != nil {
			return "", v, party
		}
		return k, "", nil
	}
	return "", "", nil
}

func (p *Prepared) unclassified(a *onus.Asset) Template {
	what := fmt.Sprintf("service %q is not in the catalog", a.Service)
	if a.Type != "" {
		what = fmt.Sprintf("resource type %q maps to no known service", a.Type)
	}
	return Template{Check: onus.CheckUnclassified, Severity: onus.CheckUnclassified.Info().Severity, Loc: a.Loc,
		Message: what + ", so nobody knows how its layers split; add a catalog entry or map the type (see `onus catalog coverage`)"}
}

// scopeChanges raises review-due for an asset whose delivery model changed
// since an agreement's last review recorded its service.
func (p *Prepared) scopeChanges(a *onus.Asset, o *Outcome) []Template {
	var out []Template
	for _, ag := range p.Model.Agreements {
		was, ok := ag.ReviewedScope[a.ID]
		if !ok || o.Service == nil {
			continue
		}
		prev := p.Catalog.Service(was)
		if prev == nil || prev.Model == o.Model {
			continue
		}
		out = append(out, Template{Check: onus.CheckReviewDue, Severity: onus.CheckReviewDue.Info().Severity, Agreement: ag.ID, Loc: ag.Loc, Rule: ag.ID,
			Message: fmt.Sprintf("agreement %q was last reviewed when this asset ran on %s (%s); it now runs on %s (%s): review the agreement for the new delivery model",
				ag.ID, prev.ID, prev.Model, o.Service.ID, o.Model)})
	}
	return out
}

// Result is the outcome of a run.
type Result struct {
	*Prepared
	// Assets holds every asset's result, in the order added, when the run
	// kept them.
	Assets []AssetResult
	// Groups holds every group, in the order first seen.
	Groups []*Group
	// ModelFindings are findings about agreements and parties rather than
	// assets.
	ModelFindings []*onus.Finding
	// Duties lists, per party ID, every duty the party holds.
	Duties  map[string][]Duty
	Summary Summary
}

// Duty is a layer of a service a party holds, on some number of assets.
type Duty struct {
	Party   string
	Service string
	Layer   onus.Layer
	Side    onus.Responsibility // provider, or customer (for the customer's side of a layer)
	Split   string
	Tools   []string
	Assets  int
}

// Summary counts what a run found.
type Summary struct {
	Assets       int
	Groups       int
	Unclassified int
	// DuplicateAssets counts assets skipped because their ID was seen before.
	DuplicateAssets int
	// Applicable counts asset-layers that exist; Covered those with an
	// accountable party and a concrete owner.
	Applicable, Covered int
	// Open counts open findings per check and per severity; Accepted the
	// findings covered by a risk acceptance in force.
	OpenByCheck    map[onus.Check]int
	OpenBySeverity map[onus.Severity]int
	Accepted       int
}

// Coverage returns the covered share of applicable asset-layers, from 0 to 1.
func (s Summary) Coverage() float64 {
	if s.Applicable == 0 {
		return 1
	}
	return float64(s.Covered) / float64(s.Applicable)
}

// Open returns the number of open findings.
func (s Summary) Open() int {
	n := 0
	for _, c := range s.OpenByCheck {
		n += c
	}
	return n
}

// Finish completes the run: it checks that every asset a rule names by ID
// exists, runs the checks on agreements and parties, and counts.
func (r *Run) Finish() (*Result, error) {
	if err := r.danglingAssets(); err != nil {
		return nil, err
	}
	res := &Result{Prepared: r.p, Assets: r.assets, Groups: r.order, Duties: map[string][]Duty{}}
	s := &res.Summary
	s.OpenByCheck, s.OpenBySeverity = map[onus.Check]int{}, map[onus.Severity]int{}
	s.DuplicateAssets = r.dups
	s.Groups = len(r.order)
	duties := map[dutyKey]*Duty{}
	for _, g := range r.order {
		s.Assets += g.Assets
		o := g.Outcome
		if o.Service == nil {
			s.Unclassified += g.Assets
		}
		s.Applicable += o.Applicable * g.Assets
		s.Covered += o.Covered * g.Assets
		for _, f := range o.Findings {
			s.count(f.Check, f.Severity, !f.Open(), g.Assets)
		}
		if o.Service != nil {
			addDuties(duties, o, g.Assets)
		}
	}
	for sev, n := range r.extraCounts {
		s.count(onus.CheckReviewDue, sev, false, n)
	}
	for _, d := range duties {
		res.Duties[d.Party] = append(res.Duties[d.Party], *d)
	}
	for _, ds := range res.Duties {
		sort.Slice(ds, func(i, j int) bool {
			if ds[i].Service != ds[j].Service {
				return ds[i].Service < ds[j].Service
			}
			return ds[i].Layer.Index() < ds[j].Layer.Index()
		})
	}
	res.ModelFindings = r.p.modelFindings(res.Duties)
	for _, f := range res.ModelFindings {
		s.count(f.Check, f.Severity, !f.Open(), 1)
	}
	return res, nil
}

func (s *Summary) count(c onus.Check, sev onus.Severity, accepted bool, n int) {
	if accepted {
		s.Accepted += n
		return
	}
	s.OpenByCheck[c] += n
	s.OpenBySeverity[sev] += n
}

type dutyKey struct {
	party, service string
	layer          onus.Layer
	side           onus.Responsibility
}

func addDuties(duties map[dutyKey]*Duty, o *Outcome, n int) {
	add := func(p *onus.Party, c *Cell, side onus.Responsibility) {
		k := dutyKey{p.ID, o.Service.ID, c.Layer, side}
		d := duties[k]
		if d == nil {
			d = &Duty{Party: p.ID, Service: o.Service.ID, Layer: c.Layer, Side: side, Split: c.Split}
			if side == onus.Customer {
				d.Tools = c.Tools
			}
			duties[k] = d
		}
		d.Assets += n
	}
	for _, c := range o.Cells {
		if c.Resp.HasProvider() && c.Provider != nil {
			add(c.Provider, c, onus.Provider)
		}
		for _, owner := range c.Owners {
			add(owner, c, onus.Customer)
		}
	}
}

// danglingAssets reports rules that name, by ID, assets no file or inventory
// holds.
func (r *Run) danglingAssets() error {
	var errs onus.ErrorList
	for id, rules := range r.p.explicit {
		if r.seen[id] {
			continue
		}
		for _, rl := range rules {
			errs.Add(rl.loc(), onus.EInvalid, "%s names asset %q, which is in no model file or inventory", describeRule(rl), id)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return errs
}

// Findings yields every finding: those about agreements and parties first,
// then those of each asset in the order the assets were added. It needs a
// run that kept its assets.
func (res *Result) Findings() iter.Seq[*onus.Finding] {
	return func(yield func(*onus.Finding) bool) {
		for _, f := range res.ModelFindings {
			if !yield(f) {
				return
			}
		}
		for i := range res.Assets {
			for f := range res.Assets[i].Findings() {
				if !yield(f) {
					return
				}
			}
		}
	}
}

// Findings yields the asset's findings: its outcome's, then its own.
func (a *AssetResult) Findings() iter.Seq[*onus.Finding] {
	return func(yield func(*onus.Finding) bool) {
		for _, ts := range [2][]Template{a.Outcome.Findings, a.Extra} {
			for _, t := range ts {
				if !yield(t.Finding(a.Asset)) {
					return
				}
			}
		}
	}
}

// AssetsByID indexes the kept assets' results by asset ID.
func (res *Result) AssetsByID() map[string]*AssetResult {
	m := make(map[string]*AssetResult, len(res.Assets))
	for i := range res.Assets {
		m[res.Assets[i].Asset.ID] = &res.Assets[i]
	}
	return m
}

// Open reports whether the template's findings need action: they are not
// covered by a risk acceptance in force.
func (t Template) Open() bool { return t.Acceptance == "" || t.Expired }

// Finding returns the template's finding on an asset.
func (t Template) Finding(a *onus.Asset) *onus.Finding {
	loc := t.Loc
	if loc.IsZero() {
		loc = a.Loc
	}
	subject := a.ID
	if t.Layer == "" && t.Agreement != "" {
		subject += "@" + t.Agreement // one asset can be due under several agreements
	}
	msg := t.Message
	if t.OwnerTag != "" {
		msg += fmt.Sprintf("; its %s tag says %q, which is no known party (map it under ownership.owners)", t.OwnerTag, a.Tags[t.OwnerTag])
	}
	return &onus.Finding{
		Key: onus.FindingKey(t.Check, subject, t.Layer), Check: t.Check, Severity: t.Severity, Message: msg,
		Asset: a, Layer: t.Layer, Agreement: t.Agreement, Rule: t.Rule, Loc: loc,
		Acceptance: t.Acceptance, Expired: t.Expired,
	}
}

// Asset returns the result for an asset ID, searching by ID, then by name,
// then by address. It needs a run that kept its assets.
func (res *Result) Asset(ref string) *AssetResult {
	for _, match := range []func(*onus.Asset) bool{
		func(a *onus.Asset) bool { return a.ID == ref },
		func(a *onus.Asset) bool { return a.Name == ref },
		func(a *onus.Asset) bool { return a.Address == ref },
		func(a *onus.Asset) bool { return strings.EqualFold(a.ID, ref) || strings.EqualFold(a.Name, ref) },
	} {
		for i := range res.Assets {
			if match(res.Assets[i].Asset) {
				return &res.Assets[i]
			}
		}
	}
	return nil
}
