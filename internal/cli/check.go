package cli

import (
	"context"
	"flag"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/atomicfile"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/report"
)

// modelFlags are the flags of every command that evaluates a model.
type modelFlags struct {
	inventories listFlag
	format      string // an inventory format for --inventory files, "" to sniff
	now         time.Time
}

func (m *modelFlags) register(fs *flag.FlagSet) {
	fs.Var(&m.inventories, "inventory", "an inventory `FILE` whose resources become assets (repeatable; the format is sniffed)")
	fs.StringVar(&m.format, "inventory-format", "", "the `FORMAT` of the --inventory files, when sniffing cannot tell")
	fs.Var(dateFlag{&m.now}, "now", "evaluate as on this `DATE` (YYYY-MM-DD) instead of today, for reproducible reports")
}

// clock returns the time to evaluate as: --now, or else the environment's.
func (m *modelFlags) clock(env Env) time.Time {
	if m.now.IsZero() {
		return env.now()
	}
	return m.now
}

// evaluate loads the model at paths, reads its inventories and the extra
// ones, and runs the engine over every asset, keeping each.
func evaluate(ctx context.Context, env Env, paths []string, mf *modelFlags) (*engine.Result, error) {
	ev, err := prepareModel(env, paths, mf)
	if err != nil {
		return nil, err
	}
	return ev.run(ctx, true, nil, nil, nil)
}

// evaluation is a model prepared once and run one or more times.
type evaluation struct {
	p       *engine.Prepared
	sources []inventorySource
	cl      *classify.Classifier
}

// prepareModel loads and prepares the model at paths, with the inventories
// it names and those of the flags.
func prepareModel(env Env, paths []string, mf *modelFlags) (*evaluation, error) {
	if len(paths) == 0 {
		return nil, onus.Errorf(onus.EInvalid, "name a model: a directory of model files, or files")
	}
	m, cat, err := model.Load(paths, model.Options{})
	if err != nil {
		return nil, err
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: mf.clock(env)})
	if err != nil {
		return nil, err
	}
	ev := &evaluation{p: p}
	for _, s := range m.Sources {
		for _, f := range s.Files {
			ev.sources = append(ev.sources, inventorySource{path: f, format: s.Format})
		}
	}
	for _, f := range mf.inventories {
		ev.sources = append(ev.sources, inventorySource{path: f, format: mf.format})
	}
	if ev.cl, err = classify.New(cat); err != nil {
		return nil, err
	}
	return ev, nil
}

// with returns a copy of the evaluation that reads more inventory files, so
// that one prepared model serves runs over different inventories.
func (ev *evaluation) with(files []string, format string) *evaluation {
	c := *ev
	c.sources = slices.Clip(c.sources)
	for _, f := range files {
		c.sources = append(c.sources, inventorySource{path: f, format: format})
	}
	return &c
}

// run evaluates the model's assets, its inventories' resources (less those
// skip refuses) and the extra assets, telling observe of each.
func (ev *evaluation) run(ctx context.Context, keep bool, skip func(*inventory.Resource) bool, extra []*onus.Asset,
	observe func(*onus.Asset, *engine.Outcome, []engine.Template)) (*engine.Result, error) {
	run := ev.p.NewRun(keep)
	if observe != nil {
		run.Observe(observe)
	}
	for _, a := range ev.p.Model.Assets {
		run.Add(a)
	}
	for _, s := range ev.sources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		err := inventory.ReadFile(s.path, s.format, inventoryFormats(), func(r *inventory.Resource) error {
			if skip == nil || !skip(r) {
				run.Add(r.Asset(ev.service(r)))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, a := range extra {
		run.Add(a)
	}
	return run.Finish()
}

// service classifies a resource, returning "" when no service claims it.
func (ev *evaluation) service(r *inventory.Resource) string {
	if svc := ev.cl.Resource(r); svc != nil {
		return svc.ID
	}
	return ""
}

type inventorySource struct{ path, format string }

func runCheck(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "check", "[flags] MODEL...",
		"Works out, for every asset and security layer, who is accountable and why, and reports\n"+
			"gaps, unassigned duties, duplicates, ambiguity, misplaced trust, agreements due for review\n"+
			"or unsigned, parties without contacts and unclassified resources.\n\n"+
			"Exit status: 0 when no open finding reaches --fail-on, 1 when one does, 2 on invalid input.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "text", strings.Join(report.Formats, ", "), "the report")
	failOn := failOnFlag(fs, "an open finding")
	groupBy := fs.String("group-by", "service", "matrix `ROWS`: service, provider, account, environment, asset or tag:KEY, or several joined by commas (service,account)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	fails, err := parseFailOn(*failOn)
	if err != nil {
		return err
	}
	// Formats that list every finding keep every asset; the others hold only
	// the distinct outcomes, so that memory does not grow with the estate.
	detail := out.format == "json" || out.format == "csv" || out.format == "sarif"
	collector, err := report.NewCollector(report.Options{GroupBy: *groupBy, Version: buildVersion(), Color: out.file == "" && out.format == "text" && colorful(env)}, detail)
	if err != nil {
		return err
	}
	ev, err := prepareModel(env, paths, &mf)
	if err != nil {
		return err
	}
	res, err := ev.run(ctx, detail, nil, nil, collector.Add)
	if err != nil {
		return err
	}
	r := collector.Report(res)
	if err := out.write(env, func(w io.Writer) error { return report.Write(w, out.format, r) }); err != nil {
		return err
	}
	for sev, n := range res.Summary.OpenBySeverity {
		if n > 0 && fails(sev) {
			return ErrFindings
		}
	}
	return nil
}

// failOnFlag adds --fail-on; what names the findings that can reach it.
func failOnFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("fail-on", "info", "exit 1 when "+what+" has this `SEVERITY` or higher (info, low, medium, high, critical, none)")
}

// parseFailOn reads --fail-on and returns whether a severity reaches it.
func parseFailOn(v string) (func(onus.Severity) bool, error) {
	if v == "none" || v == "never" {
		return func(onus.Severity) bool { return false }, nil
	}
	threshold, err := onus.ParseSeverity(v)
	if err != nil {
		return nil, onus.Errorf(onus.EInvalid, "--fail-on: %s", err)
	}
	return func(s onus.Severity) bool { return s >= threshold }, nil
}

// colorful reports whether standard output is a terminal that wants color.
func colorful(env Env) bool {
	if env.Getenv("NO_COLOR") != "" || env.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := env.Stdout.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// outputFlags are --format and --output of a command that writes a report.
type outputFlags struct{ format, file string }

// register adds --format, defaulting to def, with the formats named in its
// help, and --output; what, when given, says what goes to the file.
func (o *outputFlags) register(fs *flag.FlagSet, def, formats, what string) {
	fs.StringVar(&o.format, "format", def, "output `FORMAT`: "+formats)
	help := "write to `FILE` instead of standard output"
	if what != "" {
		help = "write " + what + " to `FILE` instead of standard output"
	}
	fs.StringVar(&o.file, "output", "", help)
}

// write writes to standard output, or to --output replaced atomically: a
// failed run never leaves half a report where the last good one was.
func (o *outputFlags) write(env Env, write func(io.Writer) error) error {
	if o.file == "" || o.file == "-" {
		return write(env.Stdout)
	}
	return atomicfile.Write(o.file, write)
}
