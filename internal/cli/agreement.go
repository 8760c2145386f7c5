package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement"
	"github.com/onus-dev/onus/internal/engine"
)

// agreementCommands are the subcommands of onus agreement.
var agreementCommands = []command{
	{"lint", "find the gray areas of agreements: vague words, unmeasured promises, gaps, contradictions", runAgreementLint},
	{"render", "write the plain-terms document of an agreement, in Markdown or HTML", runAgreementRender},
	{"diff", "say what changed hands between two versions of agreements", runAgreementDiff},
	{"sign", "record a party's sign-off of an agreement's current terms", runAgreementSign},
	{"review", "record a review of an agreement and the scope it covered", runAgreementReview},
	{"rules", "list the lint rules", runAgreementRules},
}

func runAgreement(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := env.Stdout
		if len(args) == 0 {
			w = env.Stderr
		}
		fmt.Fprintf(w, "Usage: onus agreement COMMAND [flags] [args]\n\nCommands:\n")
		for _, c := range agreementCommands {
			fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
		}
		fmt.Fprintf(w, "\nSee also: onus agreements, the table of every provider's and vendor's agreements. Documentation: docs/agreements.md.\n")
		if len(args) == 0 {
			return onus.Errorf(onus.EInvalid, "no agreement command given")
		}
		return nil
	}
	var names []string
	for _, c := range agreementCommands {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
		names = append(names, c.name)
	}
	return onus.Errorf(onus.EInvalid, "unknown agreement command %q%s (use %s)", args[0], onus.DidYouMean(args[0], names), strings.Join(names, ", "))
}

// estate evaluates the model at paths for the agreement commands.
func estate(ctx context.Context, env Env, paths []string, mf *modelFlags) (*agreement.Estate, error) {
	res, err := evaluate(ctx, env, paths, mf)
	if err != nil {
		return nil, err
	}
	return agreement.NewEstate(res), nil
}

// estateAgreement evaluates the model at paths and finds agreement id in it.
func estateAgreement(ctx context.Context, env Env, id string, paths []string, mf *modelFlags) (*agreement.Estate, *onus.Agreement, error) {
	e, err := estate(ctx, env, paths, mf)
	if err != nil {
		return nil, nil, err
	}
	ag, err := e.Agreement(id)
	if err != nil {
		return nil, nil, err
	}
	return e, ag, nil
}

// splitID takes an agreement ID off the front of the positional arguments
// when it is followed by a model and is not itself a file or directory.
func splitID(pos []string) (string, []string) {
	if len(pos) < 2 {
		return "", pos
	}
	if _, err := os.Stat(pos[0]); err == nil {
		return "", pos
	}
	return pos[0], pos[1:]
}

func runAgreementLint(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement lint", "[flags] [ID] MODEL...",
		"Finds the gray areas of the model's agreements, or of agreement ID, checked against the\n"+
			"estate: vague wording, promises without a number and unit, clauses that name no party,\n"+
			"shared layers without a split, layers in scope no clause covers, clauses that contradict\n"+
			"each other or the provider's published model. Each finding points at the clause and the\n"+
			"exact words, with a suggested rewrite where one exists (onus agreement rules lists them).\n\n"+
			"Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on invalid input.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "text", "text or json", "")
	failOn := failOnFlag(fs, "a finding")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if out.format != "text" && out.format != "json" {
		return onus.Errorf(onus.EInvalid, "--format: unknown format %q (use text or json)", out.format)
	}
	fails, err := parseFailOn(*failOn)
	if err != nil {
		return err
	}
	id, paths := splitID(pos)
	e, err := estate(ctx, env, paths, &mf)
	if err != nil {
		return err
	}
	var ags []*onus.Agreement
	if id != "" {
		ag, err := e.Agreement(id)
		if err != nil {
			return err
		}
		ags = append(ags, ag)
	}
	findings := e.Lint(ags...)
	if err := out.write(env, func(w io.Writer) error { return writeLint(w, out.format, findings) }); err != nil {
		return err
	}
	for _, f := range findings {
		if fails(f.Severity) {
			return ErrFindings
		}
	}
	return nil
}

func writeLint(w io.Writer, format string, findings []*agreement.Finding) error {
	if format == "json" {
		if findings == nil {
			findings = []*agreement.Finding{}
		}
		return writeJSONValue(w, struct {
			Findings []*agreement.Finding `json:"findings"`
		}{findings})
	}
	counts := map[onus.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
		subject := f.Agreement
		switch {
		case f.Clause != "":
			subject += "/" + f.Clause
		case f.CUEC != "":
			subject += "/cuec:" + f.CUEC
		}
		fmt.Fprintf(w, "%s: %s %s %s: %s\n", f.Where(), f.Severity, f.Rule, subject, f.Message)
		if q := f.Quote; q != nil {
			fmt.Fprintf(w, "    words: %q (%s, bytes %d-%d)\n", q.Text, q.Field, q.Start, q.End)
		}
		if f.Suggestion != "" {
			fmt.Fprintf(w, "    suggest: %s\n", f.Suggestion)
		}
	}
	if len(findings) == 0 {
		_, err := fmt.Fprintln(w, "no findings: the agreements are specific, measurable and complete")
		return err
	}
	var parts []string
	for s := onus.Critical; ; s-- {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
		if s == onus.Info {
			break
		}
	}
	_, err := fmt.Fprintf(w, "\n%d findings: %s\n", len(findings), strings.Join(parts, ", "))
	return err
}

func runAgreementRender(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement render", "[flags] ID MODEL...",
		"Writes the plain-terms document of an agreement that both parties review: who does what\n"+
			"per layer, the commitments, the clauses, the customer duties, the gaps and the open\n"+
			"questions. The HTML is self-contained and prints cleanly to PDF.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "markdown", strings.Join(agreement.RenderFormats, " or "), "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus agreement render [flags] ID MODEL...")
	}
	e, ag, err := estateAgreement(ctx, env, pos[0], pos[1:], &mf)
	if err != nil {
		return err
	}
	return out.write(env, func(w io.Writer) error { return e.Render(w, out.format, ag) })
}

func runAgreementDiff(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement diff", "[flags] OLD NEW | --signed ID MODEL...",
		"Says what changed between two versions of agreements: which layers changed hands, and\n"+
			"what changed in each clause, CUEC and term. OLD and NEW are model files, or files at a\n"+
			"git revision written REV:PATH (HEAD~1:model/agreements.yaml). With --signed, compares\n"+
			"agreement ID with the version its parties last signed, found in the file's git history.\n\n"+
			"Exit status: 0 when the terms are the same, 1 when they differ, 2 on invalid input.")
	var mf modelFlags
	mf.register(fs)
	id := fs.String("id", "", "compare only the agreement with this `ID`")
	signed := fs.String("signed", "", "compare agreement `ID` with the version last signed")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var old, new []*onus.Agreement
	switch {
	case *signed != "":
		_, ag, err := estateAgreement(ctx, env, *signed, pos, &mf)
		if err != nil {
			return err
		}
		was, rev, err := agreement.FindSigned(ctx, ag)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "onus: comparing %s as signed (revision %s) with %s\n", ag.ID, rev[:min(12, len(rev))], ag.Loc.File)
		old, new, *id = []*onus.Agreement{was}, []*onus.Agreement{ag}, ag.ID
	case len(pos) == 2:
		for i, arg := range pos {
			src, err := agreement.ParseSource(arg)
			if err != nil {
				return err
			}
			ags, err := agreement.LoadVersion(ctx, src)
			if err != nil {
				return err
			}
			if i == 0 {
				old = ags
			} else {
				new = ags
			}
		}
	default:
		return onus.Errorf(onus.EInvalid, "usage: onus agreement diff [flags] OLD NEW, or onus agreement diff --signed ID MODEL...")
	}
	cs, err := agreement.Compare(old, new, *id)
	if err != nil {
		return err
	}
	if err := agreement.WriteComparisons(env.Stdout, *format, cs); err != nil {
		return err
	}
	if len(cs) > 0 {
		return ErrFindings
	}
	return nil
}

func runAgreementSign(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement sign", "[flags] ID MODEL...",
		"Records, in the model file that holds agreement ID, that a person signed its current terms\n"+
			"for a party: the sign-off's version is the content hash of the terms, and its digests name\n"+
			"each clause's, so that any later change raises review-due naming the clauses. The file is\n"+
			"edited in place, keeping its comments and layout, and written atomically.")
	var mf modelFlags
	mf.register(fs)
	party := fs.String("party", "", "the `PARTY` the sign-off is for (required)")
	by := fs.String("by", "", "the `PERSON` who signs (required)")
	var date time.Time
	fs.Var(dateFlag{&date}, "date", "the `DATE` of the signature (YYYY-MM-DD; default: today, or --now)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || *party == "" || *by == "" {
		return onus.Errorf(onus.EInvalid, "usage: onus agreement sign --party PARTY --by PERSON ID MODEL...")
	}
	e, ag, err := estateAgreement(ctx, env, pos[0], pos[1:], &mf)
	if err != nil {
		return err
	}
	s, edit, err := agreement.SignOff(ag, *party, *by, day(date, e.Res))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s signed agreement %s for %s on %s: terms %s\n%s\n", s.By, ag.ID, s.Party, s.Date, s.Version, describeEdit(edit))
	return nil
}

func runAgreementReview(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement review", "[flags] ID MODEL...",
		"Records, in the model file that holds agreement ID, that it was reviewed: the date, who\n"+
			"reviewed it, and the service of every asset in its scope, so that a later change of\n"+
			"delivery model (aws:ec2 to aws:ecs-fargate, say) raises review-due. When the agreement\n"+
			"names reviewers, every --by must be one of them.")
	var mf modelFlags
	mf.register(fs)
	var by listFlag
	fs.Var(&by, "by", "a `PERSON` who took part in the review (repeatable; required)")
	var date time.Time
	fs.Var(dateFlag{&date}, "date", "the `DATE` of the review (YYYY-MM-DD; default: today, or --now)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus agreement review --by PERSON ID MODEL...")
	}
	e, ag, err := estateAgreement(ctx, env, pos[0], pos[1:], &mf)
	if err != nil {
		return err
	}
	r, err := e.RecordReview(ag, by, day(date, e.Res))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "recorded the review of agreement %s on %s by %s: %d assets in scope\n", ag.ID, r.Date, strings.Join(r.By, ", "), len(r.Scope))
	for _, m := range r.Moved {
		fmt.Fprintf(env.Stdout, "  changed service since the last review: %s\n", m)
	}
	fmt.Fprintln(env.Stdout, describeEdit(r.Edit))
	return nil
}

func runAgreementRules(_ context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreement rules", "", "Lists the lint rules: their stable IDs, base severities and meanings.")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	for _, r := range agreement.Rules() {
		fmt.Fprintf(env.Stdout, "%-27s %-7s %s\n", r.ID, r.Severity, r.Meaning)
	}
	return nil
}

func runAgreements(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "agreements", "[flags] MODEL...",
		"One table covering every provider, vendor and managed-service provider in the estate: whether\n"+
			"an agreement with it exists and is in force, covers every layer it holds or shares on the\n"+
			"assets it delivers, is signed by every party on the current terms, and is current (not due\n"+
			"for review).\n\n"+
			"Exit status: 0 when every row is in order, 1 when one needs action, 2 on invalid input.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "text", strings.Join(agreement.StatusFormats, ", "), "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	e, err := estate(ctx, env, pos, &mf)
	if err != nil {
		return err
	}
	rows := e.Statuses()
	if err := out.write(env, func(w io.Writer) error { return agreement.WriteStatus(w, out.format, rows) }); err != nil {
		return err
	}
	for _, r := range rows {
		if !r.OK {
			return ErrFindings
		}
	}
	return nil
}

// day returns the date given, or the day the model was evaluated on.
func day(t time.Time, res *engine.Result) onus.Date {
	if t.IsZero() {
		return onus.DateOf(res.Now)
	}
	return onus.DateOf(t)
}

func describeEdit(e agreement.Edit) string {
	if e.Spliced {
		return "wrote " + e.File + " (only the changed fields; comments and layout kept)"
	}
	return "wrote " + e.File + " (from its parsed form: comments kept, blank lines and text wrapping not)"
}
