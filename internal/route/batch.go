package route

import (
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// Summary counts what a batch routed. Queued, ProviderCases, Unroutable,
// Evidence and Suppressed add up to Input: every finding ends in one.
type Summary struct {
	Input         int
	Queued        int
	ProviderCases int
	Unroutable    int
	Evidence      int
	Suppressed    int
	// BySeverity counts the queued findings and provider cases.
	BySeverity [onus.Critical + 1]int
	// Overdue counts queued findings and cases already past their due date.
	Overdue int
	// Duplicates counts findings routed on a layer the model names several
	// parties for with no split.
	Duplicates int
	// ByMethod counts findings per match method, ByRule per rule that
	// chose their layer, ByLayer per layer and ByReason unroutable
	// findings per reason.
	ByMethod map[Method]int
	ByRule   map[string]int
	ByLayer  map[onus.Layer]int
	ByReason map[ReasonCode]int
}

// PartyCounts counts what went to one party.
type PartyCounts struct {
	Party *onus.Party
	// Queued counts the party's queue and Cases its provider cases, by
	// severity.
	Queued, Cases [onus.Critical + 1]int
	// Evidence counts passed checks per layer, in stack order.
	Evidence [onus.NumLayers]int
	Overdue  int
}

// QueuedTotal returns the number of findings in the party's queue.
func (c *PartyCounts) QueuedTotal() int { return sum(c.Queued[:]) }

// CasesTotal returns the number of provider cases for the party.
func (c *PartyCounts) CasesTotal() int { return sum(c.Cases[:]) }

// EvidenceTotal returns the number of passed checks counted for the party.
func (c *PartyCounts) EvidenceTotal() int { return sum(c.Evidence[:]) }

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// Batch routes a stream of findings, keeping counters in memory and the
// routed findings in a spool file. It is not safe for concurrent use.
type Batch struct {
	r       *Router
	sp      *spool
	sum     Summary
	parties []PartyCounts
	// Counters kept in arrays while routing, and turned into the
	// Summary's maps at the end.
	methods [len(methods)]int
	rules   []int // by table position; the last is the fallback
	layers  [onus.NumLayers]int
	// evidenceUnowned counts passed checks no owner could be named for,
	// per layer.
	evidenceUnowned [onus.NumLayers]int
	it              Item
	err             error
}

// NewBatch starts a batch whose spool file lives in dir ("" for the
// system's temporary directory). Close the batch's Result, or the batch
// itself if Finish is not reached, to remove the file.
func (r *Router) NewBatch(dir string) *Batch {
	b := &Batch{r: r, sp: newSpool(dir, &r.parties), parties: make([]PartyCounts, len(r.parties)),
		rules: make([]int, len(r.table.rules)+1)}
	for i, p := range r.parties {
		b.parties[i].Party = p
	}
	b.sum.ByMethod, b.sum.ByRule = map[Method]int{}, map[string]int{}
	b.sum.ByLayer, b.sum.ByReason = map[onus.Layer]int{}, map[ReasonCode]int{}
	return b
}

// Add routes one finding, counts it and spools it.
func (b *Batch) Add(f *findings.Finding) error {
	if b.err != nil {
		return b.err
	}
	d := b.r.Route(f)
	b.sum.Input++
	if d.Method != "" {
		b.methods[methodIndex(d.Method)]++
	}
	if d.Rule != "" {
		b.rules[d.ri]++
		if d.li >= 0 {
			b.layers[d.li]++
		}
	}
	var pc *PartyCounts
	if d.Party != nil {
		for int(d.rank) >= len(b.parties) {
			b.parties = append(b.parties, PartyCounts{Party: b.r.parties[len(b.parties)]})
		}
		pc = &b.parties[d.rank]
	}
	switch d.Bucket {
	case Suppressed:
		b.sum.Suppressed++
		return nil
	case Evidence:
		b.sum.Evidence++
		if d.li >= 0 {
			if pc != nil {
				pc.Evidence[d.li]++
			} else {
				b.evidenceUnowned[d.li]++
			}
		}
		return nil
	case Unroutable:
		b.sum.Unroutable++
		b.sum.ByReason[d.Code]++
	case Queue:
		b.sum.Queued++
		pc.Queued[sev(f)]++
	case ProviderCase:
		b.sum.ProviderCases++
		pc.Cases[sev(f)]++
	}
	overdue := !d.Due.IsZero() && d.Due.Before(b.r.now)
	if d.Bucket != Unroutable {
		b.sum.BySeverity[sev(f)]++
		if overdue {
			b.sum.Overdue++
			pc.Overdue++
		}
		if d.Duplicate {
			b.sum.Duplicates++
		}
	}
	k := sortKey{bucket: d.Bucket, sev: sev(f), party: noParty, seq: uint64(b.sum.Input - 1)}
	if d.Party != nil && d.Bucket != Unroutable {
		k.party = d.rank + 1
	}
	if !d.Due.IsZero() {
		k.hasDue, k.due = true, d.Due.Unix()
	}
	b.fill(f, &d)
	if err := b.sp.add(k, &b.it); err != nil {
		b.err = err
		return err
	}
	return nil
}

// methods lists the match methods, for counting by position.
var methods = [...]Method{MethodAddress, MethodAssetID, MethodARN, MethodAzure, MethodGCP, MethodKubernetes,
	MethodName, MethodAccountService, MethodInferred}

func methodIndex(m Method) int {
	for i, x := range methods {
		if x == m {
			return i
		}
	}
	return 0
}

func sev(f *findings.Finding) onus.Severity { return min(f.Severity, onus.Critical) }

// fill sets the batch's scratch Item from a finding and its decision.
func (b *Batch) fill(f *findings.Finding, d *Decision) {
	it := &b.it
	res := &f.Resource
	*it = Item{Unrated: f.Unrated, Duplicate: d.Duplicate, Key: d.Key, Line: f.Loc.Line,
		Tool: f.Tool, Check: f.Check, Title: f.Title, Status: string(f.Status), FindingID: f.ID, URL: f.URL,
		ResourceID: res.ID, ResourceType: res.Type, ResourceName: res.Name, Account: accountOf(res), Region: res.Region,
		Method: string(d.Method), Layer: string(d.Layer), Rule: d.Rule, DueBy: d.DueBy, Reason: d.Reason, Code: d.Code,
		File: f.Loc.File}
	if it.ResourceID == "" {
		it.ResourceID = resourceKey(res)
	}
	if d.Method != MethodInferred {
		it.Asset = d.AssetID
	}
	if d.Service != nil {
		it.Service = d.Service.ID
	}
	if len(d.Others) > 0 {
		it.Others = b.others(d.Others)
	}
}

// others joins the IDs of the other owners of a split or duplicate; the
// lists are short.
func (b *Batch) others(ps []*onus.Party) string {
	if len(ps) == 1 {
		return ps[0].ID
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return strings.Join(ids, ",")
}

// Finish ends the batch and returns its result.
func (b *Batch) Finish() (*Result, error) {
	if b.err != nil {
		b.sp.close()
		return nil, b.err
	}
	if err := b.sp.flush(); err != nil {
		b.sp.close()
		return nil, err
	}
	for i, n := range b.methods {
		if n > 0 {
			b.sum.ByMethod[methods[i]] = n
		}
	}
	for i, n := range b.rules {
		if n > 0 {
			id := FallbackRule
			if i < len(b.r.table.rules) {
				id = b.r.table.rules[i].ID
			}
			b.sum.ByRule[id] = n
		}
	}
	layers := onus.Layers()
	for i, n := range b.layers {
		if n > 0 {
			b.sum.ByLayer[layers[i]] = n
		}
	}
	res := &Result{Summary: b.sum, Now: b.r.now, Table: b.r.table, sp: b.sp, EvidenceUnowned: b.evidenceUnowned}
	for i := range b.parties {
		pc := &b.parties[i]
		if pc.QueuedTotal()+pc.CasesTotal()+pc.EvidenceTotal() > 0 {
			res.Parties = append(res.Parties, *pc)
		}
	}
	return res, nil
}

// Close removes the batch's spool file, for a batch abandoned before
// Finish.
func (b *Batch) Close() error { return b.sp.close() }

// Result is what a batch routed: counters, and the routed findings on
// disk, read back in report order by Each.
type Result struct {
	Summary Summary
	// Parties counts, for each party that received anything, its queue,
	// cases and evidence, in report order.
	Parties []PartyCounts
	// EvidenceUnowned counts, per layer, passed checks no owner could be
	// named for.
	EvidenceUnowned [onus.NumLayers]int
	Now             time.Time
	Table           *Table
	sp              *spool
}

// Each calls fn for every queued finding, provider case and unroutable
// finding: queues by party, then provider cases by provider, then the
// unroutable bucket; within each, most severe first, then soonest due,
// then input order. The Record is reused from call to call.
func (res *Result) Each(fn func(*Record) error) error { return res.sp.each(fn) }

// Close removes the spool file.
func (res *Result) Close() error { return res.sp.close() }
