// Package route routes security findings to the party that must act on
// them: it matches each finding to an asset of the evaluated model, chooses
// the security layer the finding is about from a rule table, and reads the
// engine's answer for that asset and layer — an owner's queue, a case for
// the provider, or, when nobody can be named, an explicit unroutable bucket
// with the reason. Passed checks count as evidence for their owner and
// suppressed ones are counted; nothing is dropped.
//
// A Router is prepared once from an engine result and routes findings one
// by one, in constant time each: assets are indexed by every identifier
// once, and the layer decision, the service of a resource type and the
// answer for each engine cell are cached. A Batch spools routed findings to
// a temporary file in sorted runs, so that memory stays flat however many
// findings a file holds; its Result streams them back in report order.
package route

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/findings"
)

// Bucket is where a routed finding ends.
type Bucket uint8

// The buckets. Every finding ends in exactly one.
const (
	// Queue is an owner's queue of work: a team, vendor or managed-service
	// provider the model names for the layer.
	Queue Bucket = iota
	// ProviderCase is a case to raise with the provider that holds the
	// layer; it is not a team ticket.
	ProviderCase
	// Unroutable holds findings no party can be named for, with the reason.
	Unroutable
	// Evidence holds passed checks: coverage evidence for their owner.
	Evidence
	// Suppressed holds findings the tool suppressed or muted.
	Suppressed
	numBuckets
)

var bucketNames = [numBuckets]string{"queue", "provider-case", "unroutable", "evidence", "suppressed"}

// String returns the bucket's name as reports write it.
func (b Bucket) String() string {
	if b < numBuckets {
		return bucketNames[b]
	}
	return fmt.Sprintf("Bucket(%d)", uint8(b))
}

// Method is how a finding was matched to an asset.
type Method string

// The match methods, tried in this order.
const (
	// MethodAddress matched the finding's Terraform address.
	MethodAddress Method = "terraform-address"
	// MethodAssetID matched the finding's resource ID to an asset ID
	// written the same way.
	MethodAssetID Method = "asset-id"
	// MethodARN matched an ARN, exactly or by its account and resource ID.
	MethodARN Method = "arn"
	// MethodAzure matched an Azure resource ID, ignoring case.
	MethodAzure Method = "azure-id"
	// MethodGCP matched a Google Cloud resource name in any of its forms.
	MethodGCP Method = "gcp-name"
	// MethodKubernetes matched a Kubernetes object by kind, namespace and
	// name, or by namespace alone.
	MethodKubernetes Method = "kubernetes"
	// MethodName matched the resource's name to one asset's ID or name in
	// the same account.
	MethodName Method = "name"
	// MethodAccountService matched every asset of the resource's service in
	// its account, which agree on who holds the layer.
	MethodAccountService Method = "account-service"
	// MethodInferred matched no asset: the engine evaluated an asset made
	// from the finding's resource, so the organisation's rules still
	// decide.
	MethodInferred Method = "inferred"
)

// Decision is where one finding goes, and why.
type Decision struct {
	Bucket Bucket
	// Party is the owner (Queue, and Evidence when known) or the provider
	// (ProviderCase).
	Party *onus.Party
	// Others are the other owners of the layer: those of a split, or of a
	// duplicate. The finding goes to Party alone; they are named so that
	// Party can hand over.
	Others []*onus.Party
	// Duplicate says the model names several parties for the layer with no
	// split between them (onus check reports it).
	Duplicate bool
	// AssetID is the matched asset's ID, or the ID of the asset made up
	// for an inferred match; "" for an account-service match.
	AssetID string
	// Service is the catalog service of the asset, when known.
	Service *onus.Service
	Method  Method
	Layer   onus.Layer
	// Rule is the ID of the rule that chose the layer.
	Rule string
	// Due is when the party must act; zero for none. DueBy says which
	// agreement clause or default set it.
	Due   time.Time
	DueBy string
	// Reason says why an Unroutable finding could not be routed, or what
	// an account-service match covered.
	Reason string
	// Code classifies Reason for counting.
	Code ReasonCode
	// Key identifies the finding across runs (see Key).
	Key uint64
	// li and ri are the layer's stack position and the rule's position in
	// the table; rank is Party's position in Router.Parties.
	li, ri int
	rank   uint32
}

// ReasonCode classifies why a finding is unroutable.
type ReasonCode string

// The reason codes.
const (
	ReasonNoMatch       ReasonCode = "no-match"        // no asset, and the resource's type maps to no service
	ReasonUnclassified  ReasonCode = "unclassified"    // the asset's service is not in the catalog
	ReasonGap           ReasonCode = "gap"             // nobody holds the layer
	ReasonUnassigned    ReasonCode = "unassigned"      // the customer's side has no owner
	ReasonNoProvider    ReasonCode = "no-provider"     // the provider holds the layer, but the asset names none
	ReasonNotApplicable ReasonCode = "not-applicable"  // the layer does not exist for the service
	ReasonDisagree      ReasonCode = "owners-disagree" // assets of the account and service have different owners
)

// Options configure a Router.
type Options struct {
	// Table is the rule table; nil means the built-in rules.
	Table *Table
	// Now is when routing happens: due dates of findings without an
	// observed time count from it. Zero means the engine's day.
	Now time.Time
}

// Router routes findings against one engine result. It is not safe for
// concurrent use.
type Router struct {
	table *Table
	now   time.Time
	idx   *index
	svcs  *services
	infer *inferrer

	// parties are every party findings can go to, sorted by ID; rank
	// gives a party's position, which orders queues in reports.
	parties []*onus.Party
	rank    map[*onus.Party]uint32
	clauses map[string]*onus.Clause // by engine rule ID "agreement/clause"

	layers layerCache
	// cellTargets shares targets between the outcomes of the engine
	// result, which share cells.
	cellTargets map[*engine.Cell]*target
	// noMatch is the target of findings that match no asset and whose
	// resource type maps to no service; Route writes their reason.
	noMatch    target
	defaultDue [onus.Critical + 1]string
	buf        []byte
}

// New prepares a router for an engine result that kept its assets. The
// router keeps what it needs of them (identifiers, accounts, outcomes),
// not the assets themselves.
func New(res *engine.Result, opts Options) (*Router, error) {
	t := opts.Table
	if t == nil {
		var err error
		if t, err = NewTable(); err != nil {
			return nil, err
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = res.Now
	}
	svcs, err := newServices(res.Catalog)
	if err != nil {
		return nil, err
	}
	r := &Router{table: t, now: now, svcs: svcs, rank: map[*onus.Party]uint32{},
		clauses: map[string]*onus.Clause{}, cellTargets: map[*engine.Cell]*target{},
		noMatch: target{bucket: Unroutable, code: ReasonNoMatch}}
	r.layers.init()
	r.parties = res.Parties()
	slices.SortStableFunc(r.parties, func(a, b *onus.Party) int { return strings.Compare(a.ID, b.ID) })
	for i, p := range r.parties {
		r.rank[p] = uint32(i)
	}
	for _, ag := range res.Model.Agreements {
		for _, c := range ag.Clauses {
			r.clauses[ag.ID+"/"+c.ID] = c
		}
	}
	for s := onus.Info; s <= onus.Critical; s++ {
		if p := t.due.period(s); !p.IsZero() {
			r.defaultDue[s] = fmt.Sprintf("default for %s (%s)", s, p)
		}
	}
	r.idx = newIndex(res)
	r.infer = newInferrer(res.Prepared)
	return r, nil
}

// Parties returns every party findings can go to, in the order reports
// list their queues.
func (r *Router) Parties() []*onus.Party { return r.parties }

// Table returns the rule table the router uses.
func (r *Router) Table() *Table { return r.table }

// Route decides where a finding goes.
func (r *Router) Route(f *findings.Finding) Decision {
	d := Decision{Key: Key(f)}
	if f.Status == findings.Skipped {
		d.Bucket = Suppressed
		return d
	}
	ch := r.layers.decide(r.table, f)
	d.Layer, d.Rule, d.li, d.ri = ch.layer, ch.rule, ch.li, ch.ri
	t := r.match(f, &d)
	switch {
	case f.Status == findings.Pass:
		d.Bucket = Evidence
		if t.bucket != Unroutable {
			d.Party, d.rank = t.party, t.rank
		}
		return d
	case t == &r.noMatch:
		d.Bucket, d.Reason, d.Code = Unroutable, r.noMatchReason(&f.Resource), t.code
		return d
	case t.bucket == Unroutable:
		d.Bucket, d.Reason, d.Code = Unroutable, t.reason, t.code
		return d
	}
	d.Bucket, d.Party, d.rank, d.Others, d.Duplicate = t.bucket, t.party, t.rank, t.others, t.duplicate
	d.Due, d.DueBy = r.due(f, t)
	return d
}

// match finds the asset of a finding, fills in how, and returns the target
// for the decision's layer.
func (r *Router) match(f *findings.Finding, d *Decision) *target {
	li := d.li
	if i, m := r.idx.lookup(f, &r.buf); i >= 0 {
		ot := &r.idx.outcomes[r.idx.outcomeOf[i]]
		d.Method, d.AssetID, d.Service = m, r.idx.ids[i], ot.svc
		return r.outcomeTarget(ot, li)
	}
	svc := r.svcs.of(f)
	if svc == nil {
		return &r.noMatch
	}
	d.Service = svc
	account := accountOf(&f.Resource)
	if g := r.idx.group(account, svc, &r.buf); g != nil {
		d.Method, d.Reason = MethodAccountService, g.note
		return r.groupTarget(g, li)
	}
	d.Method = MethodInferred
	a, ot := r.infer.outcome(f, svc, account)
	d.AssetID = a.ID
	return r.inferredTarget(ot, li)
}

// noMatchReason says why a finding on res goes nowhere when res matches
// no asset and its type no service. The reason names res, so it is
// written per finding, and only for findings that are not evidence.
func (r *Router) noMatchReason(res *findings.Resource) string {
	b := append(r.buf[:0], "no asset matches "...)
	if ref := cmp.Or(res.ID, resourceKey(res)); ref != "" {
		b = strconv.AppendQuote(b, ref)
	} else {
		b = append(b, "the finding's resource (it names none)"...)
	}
	b = append(b, ", and its resource type"...)
	if res.Type != "" {
		b = strconv.AppendQuote(append(b, ' '), res.Type)
	}
	b = append(b, " maps to no catalog service: add the resource to an inventory, or route its type with a catalog entry"...)
	r.buf = b
	return string(b)
}

// accountOf returns the account, subscription or project of a finding's
// resource: as the tool says, or as its identifier shows.
func accountOf(res *findings.Resource) string {
	if res.Account != "" {
		return res.Account
	}
	if a, ok := parseARN(res.ID); ok {
		return a.account
	}
	if s := azureSubscription(res.ID); s != "" {
		return s
	}
	if k, ok := gcpKey(res.ID); ok {
		return gcpProject(k)
	}
	return ""
}

// target is where findings on one engine cell go.
type target struct {
	bucket    Bucket // Queue, ProviderCase or Unroutable
	party     *onus.Party
	rank      uint32
	others    []*onus.Party
	duplicate bool
	// clause governs party on the layer and commits to a response time.
	clause   *onus.Clause
	clauseID string
	dueBy    [onus.Critical + 1]string
	reason   string
	code     ReasonCode
}

// outcomeTarget returns the target for layer li of an outcome of the
// engine result, worked out once per cell.
func (r *Router) outcomeTarget(ot *outcomeTargets, li int) *target {
	if t := ot.targets[li]; t != nil {
		return t
	}
	c := ot.o.Cells[li]
	t := r.cellTargets[c]
	if t == nil {
		t = r.targetFor(ot.o, li)
		r.cellTargets[c] = t
	}
	ot.targets[li] = t
	return t
}

// inferredTarget returns the target for layer li of an inferred outcome,
// whose cells are its own.
func (r *Router) inferredTarget(ot *outcomeTargets, li int) *target {
	if ot.targets[li] == nil {
		ot.targets[li] = r.targetFor(ot.o, li)
	}
	return ot.targets[li]
}

// ranked sets a target's party rank. Every party the engine names is
// among the result's parties; one that were not would be ranked last
// rather than mistaken for another.
func (r *Router) ranked(t *target) *target {
	if t.party == nil {
		return t
	}
	rank, ok := r.rank[t.party]
	if !ok {
		rank = uint32(len(r.parties))
		r.rank[t.party] = rank
		r.parties = append(r.parties, t.party)
	}
	t.rank = rank
	return t
}

// targetFor works out where findings on layer li of an outcome go: the
// first owner of the customer's side, the provider for a layer it holds
// alone, or nobody, with the reason.
func (r *Router) targetFor(o *engine.Outcome, li int) *target {
	c := o.Cells[li]
	l := onus.Layers()[li]
	if o.Service == nil {
		return &target{bucket: Unroutable, code: ReasonUnclassified,
			reason: "the asset's service is not in the catalog, so nobody knows who holds its layers: classify it (see `onus catalog coverage`)"}
	}
	svc := o.Service.ID
	switch {
	case c.Resp == onus.NotApplicable:
		return &target{bucket: Unroutable, code: ReasonNotApplicable,
			reason: fmt.Sprintf("the %s layer does not exist for %s; add a routing rule that sends this check to a layer the service has", l.Name(), svc)}
	case len(c.Owners) > 0:
		t := &target{bucket: Queue, party: c.Owners[0], others: c.Owners[1:], duplicate: c.Duplicate}
		t.clause, t.clauseID = r.governing(c, c.Owners[0])
		return r.ranked(t)
	case c.Resp == onus.Provider && c.Provider != nil:
		t := &target{bucket: ProviderCase, party: c.Provider}
		t.clause, t.clauseID = r.governing(c, c.Provider)
		return r.ranked(t)
	case c.Resp == onus.Provider:
		return &target{bucket: Unroutable, code: ReasonNoProvider,
			reason: fmt.Sprintf("%s leaves the %s layer to its provider, but the asset names no provider party", svc, l.Name())}
	case c.Resp == onus.Shared:
		who := "the provider"
		if c.Provider != nil {
			who = c.Provider.DisplayName()
		}
		return &target{bucket: Unroutable, code: ReasonUnassigned,
			reason: fmt.Sprintf("the %s layer of %s is shared with %s, and no team, vendor or managed-service provider is named for the customer's part: add an assignment", l.Name(), svc, who)}
	case c.Resp == onus.Customer:
		return &target{bucket: Unroutable, code: ReasonUnassigned,
			reason: fmt.Sprintf("the customer holds the %s layer of %s, but no team, vendor or managed-service provider is named for it: add an assignment", l.Name(), svc)}
	}
	return &target{bucket: Unroutable, code: ReasonGap,
		reason: fmt.Sprintf("nobody holds the %s layer of %s (a gap): name a party for it", l.Name(), svc)}
}

// governing returns the agreement clause in force that decided party's
// part of a cell and commits to a response time, with its engine ID.
func (r *Router) governing(c *engine.Cell, party *onus.Party) (*onus.Clause, string) {
	for _, s := range c.Steps {
		if s.Level != engine.LevelAgreement || s.Effect != engine.Applied {
			continue
		}
		cl := r.clauses[s.Rule]
		if cl == nil || cl.Commitments.Response.IsZero() {
			continue
		}
		if cl.Responsible == party.ID || (party.Kind == onus.KindProvider && cl.Responsible == party.Provider) {
			return cl, s.Rule
		}
	}
	return nil, ""
}

// groupTarget returns the target of an account-service group for layer li:
// the assets' common target when they agree, or unroutable.
func (r *Router) groupTarget(g *group, li int) *target {
	if t := g.targets[li]; t != nil {
		return t
	}
	var first *target
	var names []string
	agree := true
	for _, o := range g.outcomes {
		t := r.outcomeTarget(&r.idx.outcomes[o], li)
		if first == nil {
			first = t
		} else if t.bucket != first.bucket || t.party != first.party {
			agree = false
		}
		if n := describeTarget(t); !slices.Contains(names, n) && len(names) < 4 {
			names = append(names, n)
		}
	}
	t := first
	if !agree {
		t = &target{bucket: Unroutable, code: ReasonDisagree,
			reason: fmt.Sprintf("no single asset matches, and the %d assets of %s in account %s disagree on the %s layer (%s): add the resource to an inventory so it matches one",
				g.assets, g.service.ID, g.account, onus.Layers()[li].Name(), strings.Join(names, "; "))}
	}
	g.targets[li] = t
	return t
}

func describeTarget(t *target) string {
	switch t.bucket {
	case Queue:
		return "owner " + t.party.ID
	case ProviderCase:
		return "provider " + t.party.ID
	}
	return "nobody (" + string(t.code) + ")"
}

// due returns the due date of a finding routed to t, and what set it.
// The clock starts when the tool observed the finding, or now when it
// does not say; a clause's response time applies to the severities the
// policy names, the severity's default to the rest.
func (r *Router) due(f *findings.Finding, t *target) (time.Time, string) {
	base := f.Observed
	if base.IsZero() || base.After(r.now) {
		base = r.now
	}
	sev := f.Severity
	if sev > onus.Critical {
		sev = onus.Critical
	}
	if t.clause != nil && r.table.clauseSev[sev] {
		if t.dueBy[sev] == "" {
			t.dueBy[sev] = fmt.Sprintf("agreement %s (response %s)", t.clauseID, t.clause.Commitments.Response)
		}
		return t.clause.Commitments.Response.After(base), t.dueBy[sev]
	}
	p := r.table.due.period(sev)
	if p.IsZero() {
		return time.Time{}, ""
	}
	return p.After(base), r.defaultDue[sev]
}
