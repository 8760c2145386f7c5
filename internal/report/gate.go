package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/gate"
	"github.com/onus-dev/onus/internal/inventory/terraform"
)

// GateFormats lists the formats WriteGate accepts.
var GateFormats = []string{"text", "json", "markdown", "sarif"}

// WriteGate writes the CI gate's verdict on a plan.
func WriteGate(w io.Writer, format string, r *gate.Result, version string) error {
	switch format {
	case "text", "":
		return writeGateText(w, r, false)
	case "markdown", "md":
		return writeGateText(w, r, true)
	case "json":
		return writeGateJSON(w, r)
	case "sarif":
		return writeGateSARIF(w, r, version)
	}
	return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)", format, strings.Join(GateFormats, ", "))
}

// where names the place to look at for a gated change: the resource block
// when found, else the change in the plan file.
func where(c *gate.Change) onus.Location {
	if !c.Source.IsZero() {
		return c.Source
	}
	return c.Change.Loc
}

func writeGateText(w io.Writer, r *gate.Result, md bool) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	esc := escaper(md)
	failed := 0
	for _, c := range r.Changes {
		if c.Failed() {
			failed++
		}
	}
	verdict := "passes"
	switch {
	case failed == 1:
		verdict = "fails: 1 resource change brings new findings"
	case failed > 1:
		verdict = fmt.Sprintf("fails: %d resource changes bring new findings", failed)
	}
	var counts []string
	for _, a := range []terraform.Action{terraform.ActionCreate, terraform.ActionUpdate, terraform.ActionReplace, terraform.ActionDelete} {
		if n := r.Counted[a]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d to %s", n, a))
		}
	}
	if md {
		mark := "✅"
		if failed > 0 {
			mark = "❌"
		}
		p("### %s onus: the plan %s\n\n", mark, verdict)
		p("Plan `%s`: %s; %s gated (created, or moved to another service or delivery model).\n\n", esc(r.File), strings.Join(counts, ", "), plural(len(r.Changes), "change"))
		if len(r.Changes) > 0 {
			p("| resource | change | findings | where |\n|---|---|---|---|\n")
		}
	} else {
		p("onus plan: %s %s\n%s; %s gated\n", r.File, verdict, strings.Join(counts, ", "), plural(len(r.Changes), "change"))
	}
	for _, c := range r.Changes {
		lines := gateLines(c.Findings, "")
		for _, ag := range c.Reviews {
			lines = append(lines, fmt.Sprintf("REVIEW agreement %q covers this resource and was made for %s; review it for %s", ag.ID, c.ModelBefore, c.ModelAfter))
		}
		lines = append(lines, gateLines(c.Below, " (below --fail-on)")...)
		status := "ok"
		if c.Failed() {
			status = "FAIL"
		}
		if md {
			cell := "none"
			if len(lines) > 0 {
				for i := range lines {
					lines[i] = esc(lines[i])
				}
				cell = strings.Join(lines, "<br>")
			}
			p("| `%s` | %s | %s | %s |\n", esc(c.Change.Address), esc(c.Describe()), cell, esc(where(c).String()))
			continue
		}
		p("\n%s  %s\n     at %s\n", status, c.Describe(), where(c))
		for _, l := range lines {
			p("     %s\n", l)
		}
	}
	return b.Flush()
}

// gateLines summarises findings, one line per check and severity, listing
// the layers: a change of service brings the same finding on many layers.
func gateLines(fs []*onus.Finding, note string) []string {
	type key struct {
		sev   onus.Severity
		check onus.Check
	}
	var order []key
	layers := map[key][]string{}
	first := map[key]*onus.Finding{}
	for _, f := range fs {
		k := key{f.Severity, f.Check}
		if first[k] == nil {
			order = append(order, k)
			first[k] = f
		}
		if f.Layer != "" {
			layers[k] = append(layers[k], string(f.Layer))
		}
	}
	var out []string
	for _, k := range order {
		if n := len(layers[k]); n > 1 {
			out = append(out, fmt.Sprintf("%s %s%s on %d layers: %s (for example: %s)", strings.ToUpper(k.sev.String()), k.check, note, n, strings.Join(layers[k], ", "), first[k].Message))
			continue
		}
		f := first[k]
		out = append(out, fmt.Sprintf("%s %s%s %s: %s", strings.ToUpper(k.sev.String()), k.check, note, f.Layer, f.Message))
	}
	return out
}

type jsonGate struct {
	Plan    string           `json:"plan"`
	Passed  bool             `json:"passed"`
	Counted map[string]int   `json:"actions"`
	Changes []jsonGateChange `json:"changes"`
}

type jsonGateChange struct {
	Address       string        `json:"address"`
	Kind          string        `json:"kind"`
	Failed        bool          `json:"failed"`
	ServiceBefore string        `json:"service_before,omitempty"`
	ServiceAfter  string        `json:"service_after"`
	ModelBefore   string        `json:"model_before,omitempty"`
	ModelAfter    string        `json:"model_after"`
	Location      onus.Location `json:"location"`
	Findings      []jsonFinding `json:"findings"`
	Below         []jsonFinding `json:"below_threshold"`
	Reviews       []string      `json:"agreements_to_review"`
}

func writeGateJSON(w io.Writer, r *gate.Result) error {
	doc := jsonGate{Plan: r.File, Passed: !r.Failed(), Counted: map[string]int{}, Changes: []jsonGateChange{}}
	for a, n := range r.Counted {
		doc.Counted[string(a)] = n
	}
	conv := func(fs []*onus.Finding) []jsonFinding {
		out := []jsonFinding{}
		for _, f := range fs {
			out = append(out, jsonFinding{Key: f.Key, Check: string(f.Check), Severity: f.Severity.String(), Status: findingStatus(f),
				Message: f.Message, Asset: f.Asset.ID, Layer: string(f.Layer), Rule: f.Rule, Location: f.Loc})
		}
		return out
	}
	for _, c := range r.Changes {
		jc := jsonGateChange{Address: c.Change.Address, Kind: string(c.Kind), Failed: c.Failed(), ServiceBefore: c.ServiceBefore, ServiceAfter: c.ServiceAfter,
			ModelBefore: string(c.ModelBefore), ModelAfter: string(c.ModelAfter), Location: where(c), Findings: conv(c.Findings), Below: conv(c.Below), Reviews: []string{}}
		for _, ag := range c.Reviews {
			jc.Reviews = append(jc.Reviews, ag.ID)
		}
		doc.Changes = append(doc.Changes, jc)
	}
	return writeIndented(w, doc)
}

// writeGateSARIF writes one result per new finding and per agreement to
// review, located at the resource block when found (else at the change in
// the plan file) and named by the resource's address.
func writeGateSARIF(w io.Writer, r *gate.Result, version string) error {
	driver, index := sarifDriverOf(version)
	var results []sarifResult
	for _, c := range r.Changes {
		loc := where(c)
		located := func(f *onus.Finding, message string) sarifResult {
			res := sarifResultOf(f, index[f.Check])
			res.Message = sarifText{message}
			res.Locations = []sarifLocation{{LogicalLocations: []sarifLogical{{Name: c.Change.Address, FullyQualifiedName: c.Change.Address, Kind: "resource"}}}}
			if uri := sarifURI(loc.File); uri != "" {
				res.Locations[0].PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: &sarifRegion{StartLine: max(loc.Line, 1), StartColumn: loc.Column}}
			}
			return res
		}
		for _, f := range c.Findings {
			results = append(results, located(f, fmt.Sprintf("%s: %s", c.Describe(), f.Message)))
		}
		for _, ag := range c.Reviews {
			f := &onus.Finding{Key: onus.FindingKey(onus.CheckReviewDue, c.Change.Address+"@"+ag.ID, ""), Check: onus.CheckReviewDue,
				Severity: onus.CheckReviewDue.Info().Severity, Agreement: ag.ID}
			results = append(results, located(f, fmt.Sprintf("%s: agreement %q covers it and must be reviewed for the new delivery model", c.Describe(), ag.ID)))
		}
	}
	if results == nil {
		results = []sarifResult{}
	}
	doc := map[string]any{
		"version": sarifVersion, "$schema": sarifSchema,
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": driver},
			"results": results,
		}},
	}
	return writeIndented(w, doc)
}
