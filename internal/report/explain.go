package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// WriteExplain writes, in words, why each party holds each layer of an
// asset: the provenance chain. With a layer, only that layer, in full.
func WriteExplain(w io.Writer, res *engine.Result, a *engine.AssetResult, layer onus.Layer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	asset, o := a.Asset, a.Outcome
	if full := res.Explain(asset); full != nil {
		o = full // with the statements that were overridden
	}
	p("%s\n", describeAsset(asset, o))
	findings := slices.Collect(a.Findings())
	if o.Service == nil {
		for _, f := range findings {
			p("  %s\n", f.Message)
		}
		return b.Flush()
	}
	for _, c := range o.Cells {
		if layer != "" && c.Layer != layer {
			continue
		}
		p("\n%s: %s\n", c.Layer.Name(), heldBy(c))
		if c.Split != "" {
			p("  split: %s\n", c.Split)
		}
		if layer == "" {
			// The short form: what decided, in one line.
			for _, s := range c.Steps {
				if s.Effect == engine.Applied {
					p("  decided by %s%s\n", stepName(s), at(s.Loc))
					break
				}
			}
		} else {
			p("  why, most specific first:\n")
			for n, s := range c.Steps {
				p("  %d. %s%s: %s [%s]\n", n+1, stepName(s), at(s.Loc), s.Says, effectWords(s))
			}
		}
		if len(c.Tools) > 0 {
			p("  tools: %s\n", strings.Join(c.Tools, ", "))
		}
		for _, f := range findings {
			if f.Layer == c.Layer {
				status := f.Severity.String()
				if !f.Open() {
					status = "accepted"
				}
				p("  finding (%s %s): %s\n", status, f.Check, f.Message)
			}
		}
	}
	if layer == "" {
		for _, f := range findings {
			if f.Layer == "" {
				p("\nfinding (%s %s): %s\n", f.Severity, f.Check, f.Message)
			}
		}
	}
	return b.Flush()
}

func describeAsset(a *onus.Asset, o *engine.Outcome) string {
	parts := []string{a.ID}
	if a.Name != "" && a.Name != a.ID {
		parts[0] += " (" + a.Name + ")"
	}
	if o.Service != nil {
		parts = append(parts, fmt.Sprintf("%s, %s, delivered as %s", o.Service.Name, o.Service.ID, o.Model.Name()))
	} else {
		parts = append(parts, "unclassified "+a.Type+a.Service)
	}
	if o.Provider != nil {
		parts = append(parts, "provider "+o.Provider.DisplayName())
	}
	for _, f := range []struct{ label, v string }{{"account", a.Account}, {"region", a.Region}, {"environment", a.Environment}} {
		if f.v != "" {
			parts = append(parts, f.label+" "+f.v)
		}
	}
	if len(a.Data) > 0 {
		classes := make([]string, len(a.Data))
		for i, d := range a.Data {
			classes[i] = string(d)
		}
		parts = append(parts, "holds "+strings.Join(classes, ", ")+" data")
	}
	if !a.Loc.IsZero() {
		parts = append(parts, "written at "+a.Loc.String())
	}
	return strings.Join(parts, " · ")
}

// heldBy says in words who holds a cell.
func heldBy(c *engine.Cell) string {
	names := func(ps []*onus.Party) string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.DisplayName()
		}
		return strings.Join(out, " and ")
	}
	provider := "no provider is named"
	if c.Provider != nil {
		provider = c.Provider.DisplayName()
	}
	owners := "no owner is named (unassigned)"
	if len(c.Owners) > 0 {
		owners = names(c.Owners)
	}
	switch c.Resp {
	case onus.Provider:
		if len(c.Owners) > 0 {
			return fmt.Sprintf("held by the provider, %s, and also assigned to %s (duplicate)", provider, owners)
		}
		return "held by the provider, " + provider
	case onus.Customer:
		return "held by the customer; owner: " + owners
	case onus.Shared:
		return fmt.Sprintf("shared between the provider, %s, and the customer; owner: %s", provider, owners)
	case onus.NotApplicable:
		return "does not exist for this service"
	}
	return "nobody is accountable (gap)"
}

func stepName(s engine.Step) string {
	switch s.Level {
	case engine.LevelCatalog:
		return "the catalog entry for " + s.Rule
	case engine.LevelDefault:
		return "the default split for " + s.Rule
	case engine.LevelAgreement:
		return "agreement clause " + s.Rule
	case engine.LevelOwnerTag:
		return "an ownership tag"
	}
	return string(s.Level) + " " + s.Rule
}

func at(l onus.Location) string {
	if l.IsZero() {
		return ""
	}
	return " (" + l.String() + ")"
}

func effectWords(s engine.Step) string {
	switch {
	case s.Effect == engine.Applied:
		return "decides"
	case s.Effect == engine.Overridden:
		return "overridden by a more specific statement"
	case s.Effect == engine.Conflict && s.Level == engine.LevelAssumption:
		return "misplaced trust: nothing backs it"
	case s.Effect == engine.Conflict:
		return "conflicts with a statement of equal rank"
	}
	return "noted"
}

// WriteWho writes every duty a party holds, by service and layer, with its
// contacts and escalation path, and the findings about it.
func WriteWho(w io.Writer, res *engine.Result, party *onus.Party) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("%s: %s (%s)", party.ID, party.DisplayName(), party.Kind)
	if res.Implicit(party) {
		p(", from the catalog")
	}
	p("\n")
	if len(party.Contacts) == 0 {
		p("contacts: none\n")
	}
	for _, c := range party.Contacts {
		p("contact: %s\n", c)
	}
	for i, e := range party.Escalation {
		p("escalation %d: after %s, %s\n", i+1, e.After.Words(), e.To)
	}
	duties := res.Duties[party.ID]
	if len(duties) == 0 {
		p("\nduties: none\n")
	} else {
		p("\nduties:\n")
		for _, line := range dutyLines(duties) {
			p("  %s\n", line)
		}
		var tools []string
		seen := map[string]bool{}
		for _, d := range duties {
			for _, t := range d.Tools {
				if !seen[t] {
					seen[t] = true
					tools = append(tools, t)
				}
			}
		}
		if len(tools) > 0 {
			p("\ntools for these duties: %s\n", strings.Join(tools, ", "))
		}
	}
	var open []string
	for _, f := range res.ModelFindings {
		if f.Party == party.ID && f.Open() {
			open = append(open, fmt.Sprintf("  %s %s: %s", f.Severity, f.Check, f.Message))
		}
	}
	if len(open) > 0 {
		p("\nfindings:\n%s\n", strings.Join(open, "\n"))
	}
	return b.Flush()
}
