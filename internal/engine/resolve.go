package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// Outcome is the answer for a group of assets that the same rules select on
// the same service: who holds each layer, why, and what is wrong. Groups
// share cells: two groups whose rules agree on a layer point to one Cell.
type Outcome struct {
	// Service is the catalog service, or nil for an unclassified asset.
	Service *onus.Service
	Model   onus.DeliveryModel
	// Provider is the party that delivers the service, or nil.
	Provider *onus.Party
	Cells    [onus.NumLayers]*Cell
	// Findings apply to every asset of the group: the findings of its
	// cells, in layer order, or the unclassified finding.
	Findings []Template
	// Applicable counts the layers that exist for the service; Covered
	// those with an accountable party and, on the customer's side, a
	// concrete owner.
	Applicable, Covered int
}

// Cell is the answer for one layer: who holds it and why.
type Cell struct {
	Layer onus.Layer
	Resp  onus.Responsibility
	// Provider holds the provider's side of the layer (Resp provider or
	// shared).
	Provider *onus.Party
	// Owners hold the customer's side: the teams, vendors or managed-service
	// providers named for it. More than one means a duplicate.
	Owners []*onus.Party
	Split  string
	// Tools are the provider's native tools for the customer's side.
	Tools []string
	// Duplicate says two parties are named for the same work with no split
	// between them (a duplicate finding is raised for the cell).
	Duplicate bool
	// Findings are the findings on this layer.
	Findings []Template
	// Steps is the provenance chain, most specific statement first.
	Steps []Step
}

// Covered reports whether the layer has an accountable party on every side
// that holds it.
func (c *Cell) Covered() bool {
	switch {
	case c.Resp == onus.NotApplicable:
		return false
	case c.Resp == onus.Nobody:
		return false
	case c.Resp.HasProvider() && c.Provider == nil:
		return false
	case c.Resp.HasCustomer() && len(c.Owners) == 0:
		return false
	}
	return true
}

// Accountable returns every party holding part of the layer: the provider
// first, then the owners.
func (c *Cell) Accountable() []*onus.Party {
	var out []*onus.Party
	if c.Resp.HasProvider() && c.Provider != nil {
		out = append(out, c.Provider)
	}
	return append(out, c.Owners...)
}

// Level is the level of resolution a provenance step comes from.
type Level string

// The levels, from most to least specific.
const (
	LevelAssignment Level = "assignment"
	LevelOwnerTag   Level = "owner-tag"
	LevelAgreement  Level = "agreement"
	LevelAssumption Level = "assumption"
	LevelCatalog    Level = "catalog"
	LevelDefault    Level = "default"
)

// Effect says what a provenance step did to the answer.
type Effect string

// The effects of a step.
const (
	Applied    Effect = "applied"    // the step decided (part of) the answer
	Overridden Effect = "overridden" // a more specific step decided instead
	Conflict   Effect = "conflict"   // the step contradicts another of equal rank
	Noted      Effect = "noted"      // the step informs, it does not decide
)

// Step is one statement in a cell's provenance chain.
type Step struct {
	Level  Level         `json:"level"`
	Rule   string        `json:"rule"`
	Loc    onus.Location `json:"location"`
	Says   string        `json:"says"`
	Effect Effect        `json:"effect"`
}

// Template is a finding shared by every asset of a group; the asset is filled
// in when findings are listed.
type Template struct {
	Check      onus.Check
	Severity   onus.Severity
	Layer      onus.Layer
	Message    string
	Rule       string
	Loc        onus.Location
	Agreement  string
	Acceptance string
	Expired    bool
	// OwnerTag names the tag key whose value names no known party, for a
	// finding about an unowned layer; each asset's own value is added to
	// the message when the finding is listed, so that assets with different
	// unknown owners still share one outcome.
	OwnerTag string
}

// groupInput is what decides an outcome.
type groupInput struct {
	service   *onus.Service
	model     onus.DeliveryModel
	provider  *onus.Party
	sensitive bool
	tagOwner  *onus.Party // the owner an ownership tag names, if known
	tagValue  string      // the ownership tag's value, when it names a known owner
	tagKey    string      // the ownership tag read, when its value names no known party
}

// resolveLayer computes one layer of a group, from the rules that may
// decide it.
func (p *Prepared) resolveLayer(in groupInput, l onus.Layer, rules []*rule) *Cell {
	// Partition the rules by kind with one allocation: a counting sort.
	var counts [kindAcceptance + 2]int
	for _, r := range rules {
		counts[r.kind+1]++
	}
	for k := 1; k < len(counts); k++ {
		counts[k] += counts[k-1]
	}
	sorted := make([]*rule, len(rules))
	next := counts
	for _, r := range rules {
		sorted[next[r.kind]] = r
		next[r.kind]++
	}
	of := func(k ruleKind) []*rule { return sorted[counts[k]:counts[k+1]] }
	assignments, clauses, assumptions, acceptances := of(kindAssignment), of(kindClause), of(kindAssumption), of(kindAcceptance)
	lr := &layerResolution{p: p, in: in, layer: l, cuecs: cuecsOn(of(kindCUEC), l)}
	lr.cell.Steps = make([]Step, 0, 4)
	lr.run(assignments, clauses, assumptions)
	// Cells outlive the resolution by far: keep them apart from its scratch,
	// with slices of exactly their length.
	c := new(Cell)
	*c = lr.cell
	c.Steps = slices.Clone(lr.cell.Steps)
	if len(lr.findings) > 0 {
		c.Findings = make([]Template, 0, len(lr.findings))
	}
	for _, f := range lr.findings {
		if in.sensitive && onus.SensitiveLayers.Has(l) {
			f.Severity = f.Severity.Raise()
		}
		p.accept(&f, acceptances)
		c.Findings = append(c.Findings, f)
	}
	return c
}

// accept marks a finding accepted when a matching acceptance covers it.
func (p *Prepared) accept(f *Template, acceptances []*rule) {
	for _, r := range acceptances {
		a := r.acceptance
		if a.Check != f.Check || (f.Layer != "" && !r.covers(f.Layer, onus.Customer)) {
			continue
		}
		f.Acceptance = a.ID
		f.Expired = a.Expires.Reached(p.Now)
		if !f.Expired {
			return
		}
	}
}

// layerResolution works out one layer of one group.
type layerResolution struct {
	p        *Prepared
	in       groupInput
	layer    onus.Layer
	cell     Cell
	findings []Template
	cuecs    []*rule // the CUECs on the layer that apply to the group
}

func (lr *layerResolution) finding(c onus.Check, r *rule, format string, args ...any) {
	if c == onus.CheckDuplicate {
		lr.cell.Duplicate = true
	}
	f := Template{Check: c, Severity: c.Info().Severity, Layer: lr.layer, Message: fmt.Sprintf(format, args...)}
	if r != nil {
		f.Rule, f.Loc = r.id(), r.loc()
		if r.agreement != nil {
			f.Agreement = r.agreement.ID
		}
	}
	lr.findings = append(lr.findings, f)
}

func (lr *layerResolution) step(s Step) { lr.cell.Steps = append(lr.cell.Steps, s) }

func (lr *layerResolution) run(assignments, clauses, assumptions []*rule) {
	l, svc := lr.layer, lr.in.service
	lr.cell.Layer = l
	base, origin := lr.p.Catalog.Rule(svc, lr.in.model, l)
	lr.cell.Resp, lr.cell.Split = base.Owner, base.Split
	baseStep := Step{Level: LevelDefault, Rule: string(lr.in.model), Says: holds(base.Owner, lr.providerName(), base.Split), Effect: Applied}
	if origin == onus.FromService {
		baseStep.Level, baseStep.Rule, baseStep.Loc = LevelCatalog, svc.ID, base.Loc
	} else if ms := lr.p.Catalog.Models[lr.in.model]; ms != nil {
		baseStep.Loc = ms.Loc
	}
	if base.Note != "" {
		baseStep.Says += " (" + base.Note + ")"
	}
	catalogResp := base.Owner
	if catalogResp == onus.NotApplicable {
		lr.step(baseStep)
		return
	}
	if catalogResp.HasCustomer() {
		lr.cell.Tools = svc.Tools[l]
	}
	delegates := lr.applyClauses(clauses, &baseStep)
	lr.step(baseStep)
	lr.cuecShare()
	lr.applyAssignments(assignments, delegates)
	if lr.cell.Resp.HasProvider() && lr.in.provider == nil {
		lr.finding(onus.CheckGap, nil, "%s leaves the %s layer to the provider, but this asset names no provider: set its provider to the vendor that delivers it",
			svc.ID, l.Name())
	}
	if lr.cell.Resp.HasProvider() {
		lr.cell.Provider = lr.in.provider
	}
	if lr.cell.Resp == onus.Shared && strings.TrimSpace(lr.cell.Split) == "" {
		lr.finding(onus.CheckAmbiguous, nil, "the %s layer is shared, but nothing says where the provider's part ends and the customer's begins", l.Name())
	}
	lr.checkAssumptions(assumptions, clauses, catalogResp, base.Split)
	reorder(lr.cell.Steps)
}

func (lr *layerResolution) providerName() string {
	if lr.in.provider != nil {
		return lr.in.provider.DisplayName()
	}
	return "the provider"
}

// holds describes a responsibility in words.
func holds(r onus.Responsibility, provider, split string) string {
	switch r {
	case onus.Provider:
		return provider + " holds the layer"
	case onus.Customer:
		return "the customer holds the layer"
	case onus.Shared:
		return "shared: " + split
	case onus.NotApplicable:
		return "the layer does not exist for this service"
	}
	return "nobody holds the layer"
}

// applyClauses applies the agreement clauses in force that cover the layer:
// a clause naming the provider or the customer changes who holds the layer;
// a clause naming a vendor or managed-service provider delegates the
// customer's side to it. It returns those delegates, most specific first.
func (lr *layerResolution) applyClauses(clauses []*rule, base *Step) []*rule {
	sides, delegates := lr.p.splitClauses(clauses, lr.layer, lr.cell.Resp, lr.in.provider, nil, nil)
	winners := mostSpecific(sides, lr.layer)
	for _, r := range sides {
		if !slices.Contains(winners, r) {
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: lr.clauseSays(r), Effect: Overridden})
		}
	}
	if len(winners) == 0 {
		return delegates
	}
	resp, agreed := clauseOutcome(lr.p, winners, lr.cell.Resp)
	if !agreed {
		ids := make([]string, len(winners))
		for i, r := range winners {
			ids[i] = r.id()
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: lr.clauseSays(r), Effect: Conflict})
		}
		lr.finding(onus.CheckDuplicate, winners[0], "clauses %s give the %s layer to both the provider and the customer, with equal scope and no split", strings.Join(ids, " and "), lr.layer.Name())
		return delegates
	}
	base.Effect = Overridden
	lr.cell.Resp, lr.cell.Split = resp, ""
	if resp == onus.Shared {
		lr.cell.Split = winners[0].clause.Split
	}
	for _, r := range winners {
		lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: lr.clauseSays(r), Effect: Applied})
	}
	if !lr.cell.Resp.HasCustomer() {
		lr.cell.Tools = nil
	} else if lr.cell.Tools == nil {
		lr.cell.Tools = lr.in.service.Tools[lr.layer]
	}
	return delegates
}

func (lr *layerResolution) clauseSays(r *rule) string {
	s := r.clause.Responsible + " is responsible"
	if r.clause.Split != "" {
		s += "; split: " + r.clause.Split
	}
	return s
}

// applyAssignments names the concrete owners of the customer's side, from
// the most specific assignments, an ownership tag, or delegating clauses.
func (lr *layerResolution) applyAssignments(assignments, delegates []*rule) {
	var covering []*rule
	for _, r := range assignments {
		if r.covers(lr.layer, lr.cell.Resp) {
			covering = append(covering, r)
		}
	}
	winners := mostSpecific(covering, lr.layer)
	for _, r := range covering {
		if !slices.Contains(winners, r) {
			lr.step(Step{Level: LevelAssignment, Rule: r.id(), Loc: r.loc(), Says: "owner " + r.assignment.Owner, Effect: Overridden})
		}
	}
	var owners []*onus.Party
	for _, r := range winners {
		if party := lr.p.parties[r.assignment.Owner]; party != nil && !slices.Contains(owners, party) {
			owners = append(owners, party)
		}
	}
	if len(owners) > 1 {
		ids := make([]string, len(winners))
		for i, r := range winners {
			ids[i] = r.id()
		}
		lr.finding(onus.CheckDuplicate, winners[0], "assignments %s name %s for the %s layer with equal specificity and no split; make one more specific or remove one",
			strings.Join(ids, " and "), partyNames(owners), lr.layer.Name())
	}
	effect := Applied
	if len(owners) > 1 {
		effect = Conflict
	}
	for _, r := range winners {
		lr.step(Step{Level: LevelAssignment, Rule: r.id(), Loc: r.loc(), Says: "owner " + r.assignment.Owner + splitSuffix(r.assignment.Split), Effect: effect})
	}
	if len(owners) == 0 {
		owners = lr.ownerFromTag()
	}

	if lr.cell.Resp == onus.Provider && len(owners) > 0 {
		lr.takeProviderLayer(winners, owners)
		return
	}
	if !lr.cell.Resp.HasCustomer() {
		return
	}
	lr.delegate(delegates, owners, winners)
}

// takeProviderLayer handles assignments that name a layer the provider
// holds: with a split, the organisation takes part of it; without one, both
// would do the same work.
func (lr *layerResolution) takeProviderLayer(winners []*rule, owners []*onus.Party) {
	lr.cell.Owners = owners
	for _, r := range winners {
		if r.assignment.Split != "" {
			lr.cell.Resp, lr.cell.Split = onus.Shared, r.assignment.Split
			return
		}
	}
	var r *rule
	if len(winners) > 0 {
		r = winners[0]
	}
	lr.finding(onus.CheckDuplicate, r, "%s is assigned the %s layer, which %s holds for %s; both will do the same work: add a split statement or drop the assignment",
		partyNames(owners), lr.layer.Name(), lr.providerName(), lr.in.service.ID)
}

// delegate settles the customer's side between the assigned owners and the
// vendors or managed-service providers that agreements delegate it to.
func (lr *layerResolution) delegate(delegates []*rule, owners []*onus.Party, winners []*rule) {
	for _, r := range mostSpecific(delegates, lr.layer) {
		party := lr.p.parties[r.clause.Responsible]
		if party == nil {
			continue
		}
		switch {
		case len(owners) == 0:
			owners = append(owners, party)
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "delegated to " + party.ID + splitSuffix(r.clause.Split), Effect: Applied})
		case slices.Contains(owners, party):
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "delegated to " + party.ID, Effect: Applied})
		case r.clause.Split != "" || hasSplit(winners):
			owners = append(owners, party)
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "delegated to " + party.ID + splitSuffix(r.clause.Split), Effect: Applied})
		default:
			lr.step(Step{Level: LevelAgreement, Rule: r.id(), Loc: r.loc(), Says: "delegated to " + party.ID, Effect: Conflict})
			lr.finding(onus.CheckDuplicate, r, "%s is assigned the %s layer, and %s delegates it to %s; both will do the same work: add a split statement or drop one",
				partyNames(owners), lr.layer.Name(), describeRule(r), party.ID)
		}
	}
	owners = lr.cuecOwners(owners)
	lr.cell.Owners = owners
	if len(owners) == 0 {
		msg := "the customer holds the %s layer%s, but no team, vendor or managed-service provider is named for it"
		side := ""
		if lr.cell.Resp == onus.Shared {
			side = " in part"
		}
		lr.finding(onus.CheckUnassigned, nil, msg+lr.cuecNote(), lr.layer.Name(), side)
		lr.findings[len(lr.findings)-1].OwnerTag = lr.in.tagKey
	}
}

// ownerFromTag returns the owner an ownership tag names, if it covers the
// layer.
func (lr *layerResolution) ownerFromTag() []*onus.Party {
	o := lr.p.ownership
	if lr.in.tagOwner == nil || !o.covers(lr.layer, lr.cell.Resp) {
		return nil
	}
	lr.step(Step{Level: LevelOwnerTag, Rule: "ownership", Loc: o.loc, Says: fmt.Sprintf("owner tag %q names %s", lr.in.tagValue, lr.in.tagOwner.ID), Effect: Applied})
	return []*onus.Party{lr.in.tagOwner}
}

// checkAssumptions raises misplaced trust: the organisation believes a
// provider covers a layer that the provider's own model leaves, wholly or in
// part, to the customer, and no signed agreement in force backs the belief.
func (lr *layerResolution) checkAssumptions(assumptions, clauses []*rule, catalogResp onus.Responsibility, catalogSplit string) {
	for _, r := range assumptions {
		a := r.assumption
		if !r.explicitly(lr.layer) {
			continue
		}
		own := providerIs(lr.in.provider, a.Provider)
		if own && catalogResp == onus.Provider {
			lr.step(Step{Level: LevelAssumption, Rule: a.ID, Loc: a.Loc, Says: "assumes " + a.Provider + " covers it, as its model says", Effect: Noted})
			continue
		}
		if backing := lr.backing(a.Provider, clauses); backing != nil {
			lr.step(Step{Level: LevelAssumption, Rule: a.ID, Loc: a.Loc, Says: "assumes " + a.Provider + " covers it; backed by " + describeRule(backing), Effect: Noted})
			continue
		}
		lr.step(Step{Level: LevelAssumption, Rule: a.ID, Loc: a.Loc, Says: "assumes " + a.Provider + " covers it; nothing backs this", Effect: Conflict})
		who := lr.partyName(a.Provider)
		var why string
		switch {
		case own && catalogResp == onus.Shared:
			why = fmt.Sprintf("%s model shares the %s layer (%s)", possessive(who), lr.layer.Name(), catalogSplit)
		case own:
			why = fmt.Sprintf("%s model for %s leaves the %s layer to the customer", possessive(who), lr.in.service.ID, lr.layer.Name())
		default:
			why = fmt.Sprintf("%s does not deliver %s, so nothing but an agreement puts the %s layer on it", who, lr.in.service.ID, lr.layer.Name())
		}
		lr.finding(onus.CheckMisplacedTrust, r, "assumption %q says %s covers the %s layer, but %s, and no signed agreement in force backs it", a.ID, who, lr.layer.Name(), why)
	}
}

// possessive returns "Okta's", but "Amazon Web Services'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// partyName returns the display name of a party or catalog provider ID.
func (lr *layerResolution) partyName(id string) string {
	if p := lr.p.Party(id); p != nil {
		return p.DisplayName()
	}
	return id
}

// backing returns a clause of a fully signed agreement in force that makes
// the given party responsible for the layer, or nil.
func (lr *layerResolution) backing(party string, clauses []*rule) *rule {
	for _, r := range clauses {
		if lr.p.backs(r, lr.layer, lr.in.provider, party) {
			return r
		}
	}
	return nil
}

// signedCurrent reports whether every party signed the current version of an
// agreement.
func (p *Prepared) signedCurrent(ag *onus.Agreement) bool {
	for _, party := range ag.Parties {
		s := ag.SignedBy(party)
		if s == nil || !terms.Current(ag, s, p.sum(ag)) {
			return false
		}
	}
	return true
}

// mostSpecific returns, in a slice of their own, the rules of the highest
// specificity for layer l (see keepMostSpecific).
func mostSpecific(rules []*rule, l onus.Layer) []*rule {
	return keepMostSpecific(slices.Clone(rules), l)
}

func compareRules(a, b *rule, l onus.Layer) int {
	if c := a.spec.Compare(b.spec); c != 0 {
		return c
	}
	ae, be := a.explicitly(l), b.explicitly(l)
	switch {
	case ae && !be:
		return 1
	case be && !ae:
		return -1
	}
	return 0
}

// reorder puts the steps that decided the answer first, then the rest, each
// group most specific level first.
func reorder(steps []Step) {
	slices.SortStableFunc(steps, func(a, b Step) int {
		if (a.Effect == Applied) != (b.Effect == Applied) {
			if a.Effect == Applied {
				return -1
			}
			return 1
		}
		return levelRank(a.Level) - levelRank(b.Level)
	})
}

// levelRank orders the levels from most to least specific.
func levelRank(l Level) int {
	switch l {
	case LevelAssignment:
		return 0
	case LevelOwnerTag:
		return 1
	case LevelAgreement:
		return 2
	case LevelAssumption:
		return 3
	case LevelCatalog:
		return 4
	}
	return 5
}

func hasSplit(rules []*rule) bool {
	for _, r := range rules {
		if r.assignment != nil && r.assignment.Split != "" {
			return true
		}
	}
	return false
}

func splitSuffix(split string) string {
	if split == "" {
		return ""
	}
	return "; split: " + split
}

// CellString formats a cell compactly: "P aws" (provider), "C platform"
// (customer, owned by platform), "S aws/platform" (shared), with "?" for a
// side nobody holds, owners joined with "+", "-" for a layer that does not
// exist and "?" for nobody at all.
func CellString(c *Cell) string {
	side := func(ps []*onus.Party) string {
		if len(ps) == 0 {
			return "?"
		}
		ids := make([]string, len(ps))
		for i, p := range ps {
			ids[i] = p.ID
		}
		return strings.Join(ids, "+")
	}
	var provider []*onus.Party
	if c.Provider != nil {
		provider = []*onus.Party{c.Provider}
	}
	switch c.Resp {
	case onus.Provider:
		if len(c.Owners) > 0 {
			return "P " + side(provider) + "/" + side(c.Owners)
		}
		return "P " + side(provider)
	case onus.Customer:
		return "C " + side(c.Owners)
	case onus.Shared:
		return "S " + side(provider) + "/" + side(c.Owners)
	case onus.NotApplicable:
		return "-"
	}
	return "?"
}
