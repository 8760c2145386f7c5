// Package gate is onus's CI gate for infrastructure changes: it evaluates a
// Terraform plan before and after, and fails resources that are created, or
// that change service or delivery model, when they bring new findings — a
// gap, an unassigned duty, an agreement that must be reviewed because the
// delivery model changes.
package gate

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/inventory/terraform"
)

// Kind says why a change is gated.
type Kind string

// The kinds of gated change.
const (
	Created      Kind = "created"       // a new resource
	ServiceMoved Kind = "service-moved" // the resource becomes another catalog service
	ModelMoved   Kind = "model-moved"   // the same service under another delivery model
)

// Change is one gated resource change and the findings it brings.
type Change struct {
	Change *terraform.Change
	Kind   Kind
	// ServiceBefore/After and ModelBefore/After describe the move.
	ServiceBefore, ServiceAfter string
	ModelBefore, ModelAfter     onus.DeliveryModel
	// Findings are the open findings on the resource after the change that
	// it did not have before, at or above the gate's threshold; Below are
	// those under it, reported but not failing.
	Findings, Below []*onus.Finding
	// Reviews are agreements in force whose scope holds the resource (its
	// provider is a party, or a clause selects it) and that must be
	// reviewed because its delivery model changes.
	Reviews []*onus.Agreement
	// Source points at the resource block in the .tf files, when found.
	Source onus.Location
}

// Failed reports whether the change fails the gate.
func (c *Change) Failed() bool { return len(c.Findings) > 0 || len(c.Reviews) > 0 }

// Result is the gate's verdict on a plan.
type Result struct {
	Plan *terraform.Plan
	File string
	// Changes are the gated changes, failed ones first.
	Changes []*Change
	// Counted says how many resource changes the plan holds, by action.
	Counted map[terraform.Action]int
}

// Threshold moves the new findings under a severity out of the way: they
// are reported, but do not fail the gate.
func (r *Result) Threshold(min onus.Severity) {
	for _, c := range r.Changes {
		var keep []*onus.Finding
		for _, f := range c.Findings {
			if f.Severity >= min {
				keep = append(keep, f)
			} else {
				c.Below = append(c.Below, f)
			}
		}
		c.Findings = keep
	}
	sort.SliceStable(r.Changes, func(i, j int) bool { return r.Changes[i].Failed() && !r.Changes[j].Failed() })
}

// Failed reports whether any gated change failed.
func (r *Result) Failed() bool {
	for _, c := range r.Changes {
		if c.Failed() {
			return true
		}
	}
	return false
}

// Check compares the plan's resources before and after: before and after
// are engine results of the same model whose plan resources are keyed by
// their Terraform address (the asset ID).
func Check(planFile string, plan *terraform.Plan, before, after *engine.Result) *Result {
	res := &Result{Plan: plan, File: planFile, Counted: map[terraform.Action]int{}}
	old := before.AssetsByID()
	now := after.AssetsByID()
	for _, ch := range plan.Changes {
		res.Counted[ch.Action]++
		if ch.Mode != "managed" || ch.After == nil {
			continue
		}
		a := now[ch.Address]
		if a == nil {
			continue
		}
		gc := &Change{Change: ch, ServiceAfter: a.Asset.Service, ModelAfter: a.Outcome.Model}
		b := old[ch.Address]
		switch {
		case ch.Before == nil || b == nil:
			gc.Kind = Created
		case b.Asset.Service != a.Asset.Service:
			gc.Kind = ServiceMoved
		case b.Outcome.Model != a.Outcome.Model:
			gc.Kind = ModelMoved
		default:
			continue
		}
		if b != nil {
			gc.ServiceBefore, gc.ModelBefore = b.Asset.Service, b.Outcome.Model
		}
		gc.Findings = newFindings(a, b)
		if gc.Kind != Created && gc.ModelBefore != gc.ModelAfter {
			gc.Reviews = covering(after, a)
		}
		res.Changes = append(res.Changes, gc)
	}
	sort.SliceStable(res.Changes, func(i, j int) bool { return res.Changes[i].Failed() && !res.Changes[j].Failed() })
	return res
}

// newFindings returns the open findings on an asset after the change whose
// keys it did not have before (b is nil for a new asset). What it had is
// every finding it carried, its own as well as its outcome's: a review-due
// raised before the plan is not new because the plan leaves it standing.
func newFindings(a, b *engine.AssetResult) []*onus.Finding {
	had := map[string]bool{}
	if b != nil {
		for f := range b.Findings() {
			had[f.Key] = true
		}
	}
	var out []*onus.Finding
	for f := range a.Findings() {
		if f.Open() && !had[f.Key] {
			out = append(out, f)
		}
	}
	return out
}

// covering returns the agreements in force whose scope holds the asset, as
// the engine decides it (Prepared.InScope): its provider is a party, or a
// clause selects it. An unclassified asset is in no agreement's scope.
func covering(res *engine.Result, a *engine.AssetResult) []*onus.Agreement {
	o := a.Outcome
	if o.Service == nil {
		return nil
	}
	var out []*onus.Agreement
	for _, ag := range res.Model.Agreements {
		if ag.InForce(res.Now) && res.InScope(ag, a.Asset, o.Service, o.Model, o.Provider) {
			out = append(out, ag)
		}
	}
	return out
}

// resourceBlock matches the first line of a resource block in a .tf file.
var resourceBlock = regexp.MustCompile(`^\s*resource\s+"([^"]+)"\s+"([^"]+)"`)

// LocateSources finds, for each gated change, the resource block in the .tf
// files below dir: the plan does not say where a resource is written. A
// block is found when exactly one file declares its type and name.
func (r *Result) LocateSources(dir string) error {
	want := map[string][]*Change{}
	for _, c := range r.Changes {
		k := c.Change.Type + "." + c.Change.Name
		want[k] = append(want[k], c)
	}
	if len(want) == 0 {
		return nil
	}
	found := map[string][]onus.Location{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for line := 1; sc.Scan(); line++ {
			if m := resourceBlock.FindStringSubmatch(sc.Text()); m != nil {
				k := m[1] + "." + m[2]
				if want[k] != nil {
					found[k] = append(found[k], onus.Location{File: path, Line: line, Column: 1})
				}
			}
		}
		return nil
	})
	if err != nil {
		return &onus.Error{Code: onus.EInvalid, Message: "cannot read the Terraform configuration", Loc: onus.Location{File: dir}, Err: err}
	}
	for k, locs := range found {
		if len(locs) == 1 {
			for _, c := range want[k] {
				c.Source = locs[0]
			}
		}
	}
	return nil
}

// Describe says what a gated change is, in words.
func (c *Change) Describe() string {
	switch c.Kind {
	case Created:
		return fmt.Sprintf("creates %s (%s, %s)", c.Change.Address, c.ServiceAfter, c.ModelAfter)
	case ServiceMoved:
		return fmt.Sprintf("moves %s from %s (%s) to %s (%s)", c.Change.Address, c.ServiceBefore, c.ModelBefore, c.ServiceAfter, c.ModelAfter)
	}
	return fmt.Sprintf("changes the delivery model of %s (%s) from %s to %s", c.Change.Address, c.ServiceAfter, c.ModelBefore, c.ModelAfter)
}
