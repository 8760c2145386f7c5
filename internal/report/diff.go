package report

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/diff"
)

// DiffFormats lists the formats WriteDiff accepts.
var DiffFormats = []string{"text", "json", "markdown"}

// WriteDiff writes a comparison in the named format. old and new name the
// two sides for the reader.
func WriteDiff(w io.Writer, format, old, new string, d *diff.Diff) error {
	switch format {
	case "text", "":
		return writeDiffText(w, old, new, d, false)
	case "markdown", "md":
		return writeDiffText(w, old, new, d, true)
	case "json":
		return writeDiffJSON(w, old, new, d)
	}
	return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)", format, strings.Join(DiffFormats, ", "))
}

// movementLines groups a party's movements by service: "aws:ecs-fargate (1
// asset, as provider): os, containers".
func movementLines(ms []diff.Movement) map[string][]string {
	out := map[string][]string{}
	type key struct {
		party, service string
		side           onus.Responsibility
	}
	var order []key
	layers := map[key][]string{}
	assets := map[key]int{}
	for _, m := range ms {
		k := key{m.Party, m.Service, m.Side}
		if _, ok := layers[k]; !ok {
			order = append(order, k)
		}
		layers[k] = append(layers[k], string(m.Layer))
		assets[k] = max(assets[k], m.Assets)
	}
	for _, k := range order {
		out[k.party] = append(out[k.party], serviceLine(k.service, k.side, assets[k], layers[k]))
	}
	return out
}

func writeDiffText(w io.Writer, old, new string, d *diff.Diff, md bool) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	head := func(title string, n int) {
		if md {
			p("\n### %s (%d)\n\n", title, n)
		} else {
			p("\n%s (%d)\n", strings.ToUpper(title), n)
		}
	}
	item := func(format string, args ...any) {
		if md {
			p("- "+format+"\n", args...)
		} else {
			p("  "+format+"\n", args...)
		}
	}
	esc := escaper(md)
	if md {
		p("## onus diff: %s → %s\n\n", esc(old), esc(new))
	} else {
		p("onus diff: %s → %s\n", old, new)
	}
	p("assets: %d added, %d removed, %d moved; coverage %s → %s\n", len(d.Added), len(d.Removed), len(d.Moved), percent(d.CoverageBefore), percent(d.CoverageAfter))
	if d.Empty() {
		p("\nNo duty changes hands and no finding is new or closed.\n")
		return b.Flush()
	}
	for _, side := range []struct {
		title string
		ms    []diff.Movement
		sign  string
	}{{"Who gains", d.Gains, "+"}, {"Who loses", d.Losses, "-"}} {
		if len(side.ms) == 0 {
			continue
		}
		lines := movementLines(side.ms)
		head(side.title, len(lines))
		for _, party := range slices.Sorted(maps.Keys(lines)) {
			for _, l := range lines[party] {
				item("%s %s %s", esc(party), side.sign, esc(l))
			}
		}
	}
	if len(d.Moved) > 0 {
		head("Moved", len(d.Moved))
		for _, m := range d.Moved {
			item("%s: %s (%s) → %s (%s)", esc(m.Asset.ID), m.ServiceBefore, m.ModelBefore, m.ServiceAfter, m.ModelAfter)
		}
	}
	if len(d.Changes) > 0 {
		head("Changes by asset and layer", len(d.Changes))
		for _, c := range d.Changes {
			item("%s · %s: %s → %s", esc(c.Asset.ID), c.Layer, c.Before, c.After)
		}
	}
	for _, list := range []struct {
		title string
		as    []*onus.Asset
	}{{"Added assets", d.Added}, {"Removed assets", d.Removed}} {
		if len(list.as) == 0 {
			continue
		}
		head(list.title, len(list.as))
		for _, a := range list.as {
			item("%s (%s)", esc(a.ID), a.Service)
		}
	}
	for _, list := range []struct {
		title string
		fs    []*onus.Finding
	}{{"New findings", d.New}, {"Closed findings", d.Closed}} {
		if len(list.fs) == 0 {
			continue
		}
		head(list.title, len(list.fs))
		for _, f := range list.fs {
			what := subject(f)
			if f.Layer != "" {
				what += " · " + string(f.Layer)
			}
			item("%s %s %s: %s", strings.ToUpper(f.Severity.String()), f.Check, esc(what), esc(f.Message))
		}
	}
	return b.Flush()
}

type jsonDiff struct {
	Old            string         `json:"old"`
	New            string         `json:"new"`
	CoverageBefore float64        `json:"coverage_before"`
	CoverageAfter  float64        `json:"coverage_after"`
	Added          []string       `json:"added_assets"`
	Removed        []string       `json:"removed_assets"`
	Moved          []jsonMove     `json:"moved"`
	Changes        []jsonChange   `json:"changes"`
	Gains          []jsonMovement `json:"gains"`
	Losses         []jsonMovement `json:"losses"`
	NewFindings    []jsonFinding  `json:"new_findings"`
	Closed         []jsonFinding  `json:"closed_findings"`
}

type jsonMove struct {
	Asset         string `json:"asset"`
	ServiceBefore string `json:"service_before"`
	ServiceAfter  string `json:"service_after"`
	ModelBefore   string `json:"model_before"`
	ModelAfter    string `json:"model_after"`
}

type jsonChange struct {
	Asset  string `json:"asset"`
	Layer  string `json:"layer"`
	Before string `json:"before"`
	After  string `json:"after"`
}

type jsonMovement struct {
	Party   string `json:"party"`
	Service string `json:"service"`
	Layer   string `json:"layer"`
	Side    string `json:"side"`
	Assets  int    `json:"assets"`
}

func writeDiffJSON(w io.Writer, old, new string, d *diff.Diff) error {
	doc := jsonDiff{Old: old, New: new, CoverageBefore: d.CoverageBefore, CoverageAfter: d.CoverageAfter,
		Added: []string{}, Removed: []string{}, Moved: []jsonMove{}, Changes: []jsonChange{}, Gains: []jsonMovement{}, Losses: []jsonMovement{},
		NewFindings: []jsonFinding{}, Closed: []jsonFinding{}}
	for _, a := range d.Added {
		doc.Added = append(doc.Added, a.ID)
	}
	for _, a := range d.Removed {
		doc.Removed = append(doc.Removed, a.ID)
	}
	for _, m := range d.Moved {
		doc.Moved = append(doc.Moved, jsonMove{m.Asset.ID, m.ServiceBefore, m.ServiceAfter, string(m.ModelBefore), string(m.ModelAfter)})
	}
	for _, c := range d.Changes {
		doc.Changes = append(doc.Changes, jsonChange{c.Asset.ID, string(c.Layer), c.Before, c.After})
	}
	for _, m := range d.Gains {
		doc.Gains = append(doc.Gains, jsonMovement{m.Party, m.Service, string(m.Layer), m.Side.String(), m.Assets})
	}
	for _, m := range d.Losses {
		doc.Losses = append(doc.Losses, jsonMovement{m.Party, m.Service, string(m.Layer), m.Side.String(), m.Assets})
	}
	for _, side := range []struct {
		fs  []*onus.Finding
		out *[]jsonFinding
	}{{d.New, &doc.NewFindings}, {d.Closed, &doc.Closed}} {
		for _, f := range side.fs {
			*side.out = append(*side.out, jsonFindingOf(f))
		}
	}
	return writeIndented(w, doc)
}
