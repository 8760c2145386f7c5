// Package diff compares two evaluations of an estate: before and after a
// change of model, inventory or agreement. It says which duties change hands
// for which assets (who gains, who loses) and which findings are new and
// which are closed: the view a vendor manager needs when a workload moves
// from IaaS to PaaS.
package diff

import (
	"sort"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// Change is one layer of one asset whose holder changed.
type Change struct {
	Asset *onus.Asset
	Layer onus.Layer
	// Before and After are the cells as engine.CellString writes them
	// ("C platform", "S aws/platform"); "" when the asset was absent.
	Before, After string
	// Service says the asset's service before and after, when it changed.
	ServiceBefore, ServiceAfter string
	ModelBefore, ModelAfter     onus.DeliveryModel
}

// Movement is what one party gains or loses: a layer of a service on some
// number of assets.
type Movement struct {
	Party   string
	Service string
	Layer   onus.Layer
	Side    onus.Responsibility
	Assets  int
}

// Diff is the comparison of two results.
type Diff struct {
	// Added and Removed list assets present on one side only.
	Added, Removed []*onus.Asset
	// Moved lists assets whose service or delivery model changed.
	Moved   []Change
	Changes []Change
	// Gains and Losses are, per party, duties gained and lost.
	Gains, Losses []Movement
	// New and Closed list findings present on one side only, by key.
	New, Closed []*onus.Finding
	// CoverageBefore and CoverageAfter are the summaries' coverage.
	CoverageBefore, CoverageAfter float64
}

// Compare compares two results of runs that kept their assets.
func Compare(before, after *engine.Result) *Diff {
	d := &Diff{CoverageBefore: before.Summary.Coverage(), CoverageAfter: after.Summary.Coverage()}
	old, now := before.AssetsByID(), after.AssetsByID()
	for i := range after.Assets {
		a := &after.Assets[i]
		b := old[a.Asset.ID]
		if b == nil {
			d.Added = append(d.Added, a.Asset)
			continue
		}
		if b.Asset.Service != a.Asset.Service || b.Outcome.Model != a.Outcome.Model {
			d.Moved = append(d.Moved, Change{Asset: a.Asset, ServiceBefore: b.Asset.Service, ServiceAfter: a.Asset.Service,
				ModelBefore: b.Outcome.Model, ModelAfter: a.Outcome.Model})
		}
		if b.Outcome == a.Outcome {
			continue
		}
		for j, c := range a.Outcome.Cells {
			was, is := engine.CellString(b.Outcome.Cells[j]), engine.CellString(c)
			if was != is {
				d.Changes = append(d.Changes, Change{Asset: a.Asset, Layer: c.Layer, Before: was, After: is,
					ServiceBefore: b.Asset.Service, ServiceAfter: a.Asset.Service, ModelBefore: b.Outcome.Model, ModelAfter: a.Outcome.Model})
			}
		}
	}
	for i := range before.Assets {
		if now[before.Assets[i].Asset.ID] == nil {
			d.Removed = append(d.Removed, before.Assets[i].Asset)
		}
	}
	d.Gains, d.Losses = movements(before, after)
	d.New, d.Closed = findings(before, after)
	return d
}

type dutyKey struct {
	party, service string
	layer          onus.Layer
	side           onus.Responsibility
}

// movements compares the parties' duties: what each gains and loses.
func movements(before, after *engine.Result) (gains, losses []Movement) {
	count := func(res *engine.Result) map[dutyKey]int {
		m := map[dutyKey]int{}
		for party, ds := range res.Duties {
			for _, d := range ds {
				m[dutyKey{party, d.Service, d.Layer, d.Side}] += d.Assets
			}
		}
		return m
	}
	was, is := count(before), count(after)
	for k, n := range is {
		if delta := n - was[k]; delta > 0 {
			gains = append(gains, Movement{k.party, k.service, k.layer, k.side, delta})
		}
	}
	for k, n := range was {
		if delta := n - is[k]; delta > 0 {
			losses = append(losses, Movement{k.party, k.service, k.layer, k.side, delta})
		}
	}
	sortMovements(gains)
	sortMovements(losses)
	return gains, losses
}

func sortMovements(ms []Movement) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Party != b.Party {
			return a.Party < b.Party
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.Layer != b.Layer {
			return a.Layer.Index() < b.Layer.Index()
		}
		return a.Side < b.Side
	})
}

// findings compares open findings by key.
func findings(before, after *engine.Result) (added, closed []*onus.Finding) {
	keys := func(res *engine.Result) map[string]*onus.Finding {
		m := map[string]*onus.Finding{}
		for f := range res.Findings() {
			if f.Open() {
				m[f.Key] = f
			}
		}
		return m
	}
	was, is := keys(before), keys(after)
	for k, f := range is {
		if was[k] == nil {
			added = append(added, f)
		}
	}
	for k, f := range was {
		if is[k] == nil {
			closed = append(closed, f)
		}
	}
	bySeverity := func(fs []*onus.Finding) {
		sort.Slice(fs, func(i, j int) bool {
			if fs[i].Severity != fs[j].Severity {
				return fs[i].Severity > fs[j].Severity
			}
			return fs[i].Key < fs[j].Key
		})
	}
	bySeverity(added)
	bySeverity(closed)
	return added, closed
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Moved) == 0 && len(d.Changes) == 0 &&
		len(d.New) == 0 && len(d.Closed) == 0
}
