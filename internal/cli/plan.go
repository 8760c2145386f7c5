package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/gate"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/terraform"
	"github.com/onus-dev/onus/internal/report"
)

func runPlan(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "plan", "[flags] PLAN.json MODEL...",
		"Gates an infrastructure change in CI. PLAN.json is `terraform show -json PLANFILE`. Resources\n"+
			"the plan creates, or moves to another service or delivery model, fail the gate when they bring\n"+
			"new findings: a gap, an unassigned duty, an agreement to review because the delivery model\n"+
			"changes. The plan itself says which resources exist before and after; the model's inventories\n"+
			"add the rest of the estate.\n\n"+
			"Exit status: 0 when the gate passes, 1 when it fails, 2 on invalid input.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "text", strings.Join(report.GateFormats, ", "), "the report")
	failOn := fs.String("fail-on", "low", "fail on new findings of this `SEVERITY` or higher (info, low, medium, high, critical)")
	tfDir := fs.String("tf-dir", "", "the Terraform configuration `DIR`, to point findings at the resource blocks (default: the plan's directory)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus plan PLAN.json MODEL...")
	}
	threshold, err := onus.ParseSeverity(*failOn)
	if err != nil {
		return onus.Errorf(onus.EInvalid, "--fail-on: %s", err)
	}
	planFile := pos[0]
	f, err := os.Open(planFile)
	if err != nil {
		return &onus.Error{Code: onus.ENotFound, Message: "cannot open plan", Loc: onus.Location{File: planFile}, Err: err}
	}
	plan, err := terraform.ReadPlan(f, planFile)
	f.Close()
	if err != nil {
		return err
	}
	ev, err := prepareModel(env, pos[1:], &mf)
	if err != nil {
		return err
	}
	// Plan resources are known by their address before and after: the
	// inventories' copies of them give way to the plan's.
	inPlan := map[string]bool{}
	var before, after []*onus.Asset
	for _, ch := range plan.Changes {
		if ch.Mode != "managed" {
			continue
		}
		inPlan[ch.Address] = true
		if ch.PreviousAddress != "" {
			inPlan[ch.PreviousAddress] = true
		}
		for _, side := range []struct {
			r   *inventory.Resource
			out *[]*onus.Asset
		}{{ch.Before, &before}, {ch.After, &after}} {
			if side.r == nil {
				continue
			}
			if side.r == ch.Before && ch.PreviousAddress != "" {
				// A moved block can change the resource type; the object
				// before the move is of the type its old address names.
				if t := terraform.AddressType(ch.PreviousAddress); t != "" {
					side.r.Type = t
				}
			}
			a := side.r.Asset(ev.service(side.r))
			a.ID, a.Address = ch.Address, ch.Address
			*side.out = append(*side.out, a)
		}
	}
	skip := func(r *inventory.Resource) bool { return r.Address != "" && inPlan[r.Address] }
	was, err := ev.run(ctx, true, skip, before, nil)
	if err != nil {
		return err
	}
	is, err := ev.run(ctx, true, skip, after, nil)
	if err != nil {
		return err
	}
	res := gate.Check(planFile, plan, was, is)
	res.Threshold(threshold)
	dir := *tfDir
	if dir == "" {
		dir = filepath.Dir(planFile)
	}
	if err := res.LocateSources(dir); err != nil {
		return err
	}
	if err := out.write(env, func(w io.Writer) error { return report.WriteGate(w, out.format, res, buildVersion()) }); err != nil {
		return err
	}
	if res.Failed() {
		return ErrFindings
	}
	return nil
}
