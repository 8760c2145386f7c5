package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/asff"
	"github.com/onus-dev/onus/internal/findings/checkov"
	"github.com/onus-dev/onus/internal/findings/generic"
	"github.com/onus-dev/onus/internal/findings/ocsf"
	"github.com/onus-dev/onus/internal/findings/prowlercsv"
	"github.com/onus-dev/onus/internal/findings/sarif"
	"github.com/onus-dev/onus/internal/findings/trivy"
	"github.com/onus-dev/onus/internal/route"
	"github.com/onus-dev/onus/internal/route/deliver"
)

// findingFormats lists every findings format, in sniffing order: the most
// specific shapes first, the generic JSON and CSV (which sniff loosely)
// last.
func findingFormats() []findings.Format {
	return []findings.Format{
		asff.Format,
		ocsf.Format,
		sarif.Format,
		checkov.Format,
		trivy.Format,
		prowlercsv.Format,
		generic.JSONFormat,
		generic.CSVFormat,
	}
}

func runRoute(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "route", "--findings FILE... [flags] MODEL...",
		"Routes security findings to the party that must act on each: the owner of the finding's\n"+
			"asset and layer (with contacts, escalation and a due date), a case for the provider when\n"+
			"the provider holds the layer, or the unroutable bucket with the reason. Passed checks count\n"+
			"as evidence and suppressed findings are counted; every finding ends somewhere.\n\n"+
			"Exit status: 0 when every finding was routed, 1 when any is unroutable, 2 on invalid input,\n"+
			"unreadable records or a failed delivery.")
	var mf modelFlags
	mf.register(fs)
	var inputs, rulesFiles listFlag
	fs.Var(&inputs, "findings", "a findings `FILE` to route (repeatable; the format is sniffed; .gz is read too)")
	findingsFormat := fs.String("findings-format", "", "the `FORMAT` of the --findings files, when sniffing cannot tell: "+strings.Join(formatNames(), ", "))
	var out outputFlags
	out.register(fs, "text", strings.Join(route.Formats, ", "), "the report")
	fs.Var(&rulesFiles, "rules", "a routing rules `FILE` (apiVersion onus/routing/v1) whose rules come before the built-in ones (repeatable)")
	limit := fs.Int("limit", 50, "list at most `N` findings per queue in text and markdown (0: all); json and csv list all")
	deliverFile := fs.String("deliver", "", "send each party's new findings as one digest, as the delivery `CONFIG` file says")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return onus.Errorf(onus.EInvalid, "name the findings to route with --findings FILE")
	}
	if !slices.Contains(route.Formats, out.format) {
		return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)%s", out.format, strings.Join(route.Formats, ", "), onus.DidYouMean(out.format, route.Formats))
	}
	if *limit < 0 {
		return onus.Errorf(onus.EInvalid, "--limit must be 0 or more")
	}
	var rf []*route.RulesFile
	for _, path := range rulesFiles {
		f, err := route.ReadRules(path)
		if err != nil {
			return err
		}
		rf = append(rf, f)
	}
	table, err := route.NewTable(rf...)
	if err != nil {
		return err
	}
	var cfg *deliver.Config
	if *deliverFile != "" {
		if cfg, err = deliver.ReadConfig(*deliverFile); err != nil {
			return err
		}
	}
	res, err := evaluate(ctx, env, paths, &mf)
	if err != nil {
		return err
	}
	// Due dates count to the minute: the clock's time, or the start of
	// the day --now names.
	r, err := route.New(res, route.Options{Table: table, Now: mf.clock(env)})
	if err != nil {
		return err
	}
	var parties []string
	for _, p := range r.Parties() {
		parties = append(parties, p.ID)
	}
	if cfg != nil {
		// Check the configuration against the model and the environment
		// before routing, so that a mistake costs no time.
		if _, err := deliver.Resolve(cfg, deliver.Options{Getenv: env.Getenv, Parties: parties}); err != nil {
			return err
		}
	}
	restore := routingGC(env)
	routed, problems, err := routeFiles(ctx, r, inputs, *findingsFormat)
	restore()
	if err != nil {
		return err
	}
	defer routed.Close()
	opts := route.WriteOptions{Limit: *limit, Version: buildVersion(), Inputs: inputs, Problems: len(problems)}
	if err := out.write(env, func(w io.Writer) error { return route.Write(w, out.format, routed, opts) }); err != nil {
		return err
	}
	if cfg != nil {
		outcomes, err := deliver.Deliver(ctx, cfg, routed, deliver.Options{Getenv: env.Getenv, Parties: parties,
			Sender: &deliver.Sender{UserAgent: "onus/" + Version}})
		reportDeliveries(env.Stderr, outcomes)
		if err != nil {
			return err
		}
	}
	switch {
	case len(problems) > 0:
		return problems
	case routed.Summary.Unroutable > 0:
		return ErrFindings
	}
	return nil
}

// routingGC tunes the garbage collector while findings are routed, and
// returns a function that undoes it. Reading findings makes garbage fast,
// while the live heap (the evaluated model, the caches) stays the same
// size however long the input: instead of collecting each time the heap
// doubles, which for a large model means marking it again and again,
// collect when the heap has grown by a fixed headroom over the live heap.
// Memory stays flat; the user's GOGC or GOMEMLIMIT win.
func routingGC(env Env) func() {
	if env.Getenv("GOGC") != "" || env.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	// One collection now frees what evaluating the model left behind and
	// measures the live heap routing starts from.
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return func() {}
	}
	live := int64(sample[0].Value.Uint64())
	const headroom = 256 << 20
	limit := debug.SetMemoryLimit(2*live + headroom)
	percent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// routeFiles routes every finding of the files. Records a reader cannot
// read are returned as problems after the rest are routed; a file that
// cannot be read at all stops the run.
func routeFiles(ctx context.Context, r *route.Router, files []string, format string) (*route.Result, onus.ErrorList, error) {
	batch := r.NewBatch("")
	var problems onus.ErrorList
	n := 0
	for _, path := range files {
		err := findings.ReadFile(path, format, findingFormats(), func(f *findings.Finding) error {
			if n++; n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return batch.Add(f)
		})
		var list onus.ErrorList
		switch {
		case err == nil:
		case errors.As(err, &list):
			problems = append(problems, list...)
		default:
			batch.Close()
			return nil, nil, err
		}
	}
	res, err := batch.Finish()
	if err != nil {
		return nil, nil, err
	}
	return res, problems, nil
}

func reportDeliveries(w io.Writer, outcomes []deliver.Outcome) {
	for _, o := range outcomes {
		switch {
		case o.New == 0:
			fmt.Fprintf(w, "deliver: %s: nothing new for receiver %s\n", o.Recipient, o.Receiver)
		case o.Result.Err == nil:
			fmt.Fprintf(w, "deliver: %s: %d new findings sent to receiver %s (HTTP %d, %d attempts, idempotency key %s)\n",
				o.Recipient, o.New, o.Receiver, o.Result.Status, o.Result.Attempts, o.IdempotencyKey)
		default:
			fmt.Fprintf(w, "deliver: %s: %d new findings NOT sent to receiver %s: %s\n", o.Recipient, o.New, o.Receiver, o.Result.Err)
		}
	}
}

func formatNames() []string {
	var names []string
	for _, f := range findingFormats() {
		names = append(names, f.Name)
	}
	return names
}
