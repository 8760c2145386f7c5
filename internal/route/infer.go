package route

import (
	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/inventory"
)

// inferrer evaluates the engine on assets made up from findings whose
// resource matches no asset, so that the organisation's rules (by account,
// region, environment, tags) still decide who holds the layer. The engine's
// run finds the rules through its index and shares outcomes between assets
// the same rules select, so memory follows the model, not the findings.
type inferrer struct {
	run     *engine.Run
	targets map[*engine.Outcome]*outcomeTargets
}

func newInferrer(p *engine.Prepared) *inferrer {
	return &inferrer{run: p.NewRun(false), targets: map[*engine.Outcome]*outcomeTargets{}}
}

// outcome returns the asset made up for a finding's resource, of service
// svc in account, and the engine's outcome for it.
func (in *inferrer) outcome(f *findings.Finding, svc *onus.Service, account string) (*onus.Asset, *outcomeTargets) {
	res := &f.Resource
	r := inventory.Resource{ID: res.ID, Address: res.Address, Name: res.Name, Type: res.Type,
		Provider: res.Provider, Account: account, Region: res.Region, Tags: res.Tags}
	if r.ID == "" {
		r.ID = resourceKey(res)
	}
	a := r.Asset(svc.ID)
	o := in.run.Outcome(a)
	e := in.targets[o]
	if e == nil {
		e = &outcomeTargets{o: o}
		in.targets[o] = e
	}
	return a, e
}

// resourceKey names a resource without an ID: by address, Kubernetes
// object, name or file.
func resourceKey(res *findings.Resource) string {
	switch {
	case res.Address != "":
		return res.Address
	case res.Namespace != "" && res.Name != "":
		return res.Namespace + "/" + res.Name
	case res.Name != "":
		return res.Name
	}
	return res.File
}
