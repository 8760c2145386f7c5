// Package report turns an engine result into the documents people read: a
// text matrix for the terminal, JSON for programs, CSV for spreadsheets,
// Markdown for pull requests, a self-contained HTML page for the board, and
// SARIF for code-scanning tools. Every format is written from the same view
// (Report), so they never disagree.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// Formats lists the formats Write accepts.
var Formats = []string{"text", "json", "csv", "markdown", "html", "sarif"}

// Options configure a report.
type Options struct {
	// GroupBy decides the matrix rows: "service" (the default), "provider",
	// "account", "environment", "asset", or "tag:KEY".
	GroupBy string
	// Version is the onus version, for the documents that name their tool.
	Version string
	// Color turns on ANSI colors in text output.
	Color bool
}

// Report is the view every format writes.
type Report struct {
	Result  *engine.Result
	Now     time.Time
	Options Options
	Rows    []Row
	// Sets are the findings, each on the assets it applies to, in report
	// order (engine.Sets.Sorted).
	Sets    []*engine.FindingSet
	Parties []PartyView
}

// Findings yields every finding, one per asset, in report order.
func (r *Report) Findings(yield func(*onus.Finding) bool) {
	for _, s := range r.Sets {
		if !s.Each(yield) {
			return
		}
	}
}

// Row is one row of the matrix: a group of assets and, per layer, how the
// cells of those assets read.
type Row struct {
	Label  string
	Assets int
	Cells  [onus.NumLayers]RowCell
}

// RowCell summarises one layer across a row's assets.
type RowCell struct {
	// Values counts the assets per cell value (engine.CellString).
	Values map[string]int
	// Status is the worst status of the layer across the row's assets, and
	// Worst how many of them have it.
	Status Status
	Worst  int
	// Open counts open findings on this layer across the row's assets.
	Open int
}

// Text returns what the matrix cell shows: the one value, or "mixed (n)".
func (c RowCell) Text() string {
	switch len(c.Values) {
	case 0:
		return ""
	case 1:
		for v := range c.Values {
			return v
		}
	}
	return fmt.Sprintf("mixed (%d)", len(c.Values))
}

// Status classifies a cell for display, worst last.
type Status uint8

// The statuses of a cell, from best to worst.
const (
	StatusNone       Status = iota // no asset in the row has the layer
	StatusProvider                 // the provider holds it
	StatusOwned                    // the customer's side has an owner
	StatusShared                   // shared, each side held
	StatusDuplicate                // two parties for the same work
	StatusUnassigned               // the customer's side has no owner
	StatusGap                      // nobody is accountable
)

var statusNames = [...]string{"n/a", "provider", "owned", "shared", "duplicate", "unassigned", "gap"}

func (s Status) String() string { return statusNames[s] }

// cellStatus classifies one cell.
func cellStatus(c *engine.Cell) Status {
	switch {
	case c.Resp == onus.NotApplicable:
		return StatusNone
	case c.Resp == onus.Nobody, c.Resp.HasProvider() && c.Provider == nil:
		return StatusGap
	case c.Resp.HasCustomer() && len(c.Owners) == 0:
		return StatusUnassigned
	case c.Duplicate:
		return StatusDuplicate
	case c.Resp == onus.Shared:
		return StatusShared
	case c.Resp == onus.Customer:
		return StatusOwned
	}
	return StatusProvider
}

// PartyView is a party with its duties, for duty lists.
type PartyView struct {
	Party    *onus.Party
	Implicit bool
	Duties   []engine.Duty
}

// sample is how many assets a report without per-asset detail names for
// each finding.
const sample = 5

// Collector gathers what a report needs while a run evaluates assets (feed
// it from engine.Run.Observe): matrix rows and finding sets. Without detail
// it keeps only a few assets per finding, so that a report on millions of
// resources needs no more memory than its distinct outcomes.
type Collector struct {
	opts  Options
	key   func(*onus.Asset, *engine.Outcome) string
	parts map[rowPart]int
	order []rowPart
	sets  *engine.Sets
}

// rowPart is the assets of one row that share an outcome: they read the
// same, so they are counted, and each outcome is added to its row once.
type rowPart struct {
	label string
	o     *engine.Outcome
}

// NewCollector returns a collector. With detail, every asset of every
// finding is kept, for the formats that list findings one by one (JSON,
// CSV, SARIF).
func NewCollector(opts Options, detail bool) (*Collector, error) {
	if opts.GroupBy == "" {
		opts.GroupBy = "service"
	}
	key, err := groupKey(opts.GroupBy)
	if err != nil {
		return nil, err
	}
	n := sample
	if detail {
		n = 0
	}
	return &Collector{opts: opts, key: key, parts: map[rowPart]int{}, sets: engine.NewSets(n)}, nil
}

// Add counts one evaluated asset.
func (c *Collector) Add(a *onus.Asset, o *engine.Outcome, extra []engine.Template) {
	k := rowPart{c.key(a, o), o}
	if c.parts[k] == 0 {
		c.order = append(c.order, k)
	}
	c.parts[k]++
	c.sets.Add(a, o, extra)
}

// New builds the report of a run that kept its assets.
func New(res *engine.Result, opts Options) (*Report, error) {
	c, err := NewCollector(opts, true)
	if err != nil {
		return nil, err
	}
	for _, a := range res.Assets {
		c.Add(a.Asset, a.Outcome, a.Extra)
	}
	return c.Report(res), nil
}

// Report builds the report once the run has finished.
func (c *Collector) Report(res *engine.Result) *Report {
	r := &Report{Result: res, Now: res.Now, Options: c.opts, Sets: c.sets.Sorted(res.ModelFindings)}
	rows := map[string]*Row{}
	for _, k := range c.order {
		n := c.parts[k]
		row := rows[k.label]
		if row == nil {
			row = &Row{Label: k.label}
			for j := range row.Cells {
				row.Cells[j].Values = map[string]int{}
			}
			rows[k.label] = row
		}
		row.Assets += n
		var open [onus.NumLayers]int
		for _, t := range k.o.Findings {
			if t.Layer != "" && t.Open() {
				open[t.Layer.Index()]++
			}
		}
		for j, cell := range k.o.Cells {
			rc := &row.Cells[j]
			rc.Values[engine.CellString(cell)] += n
			switch s := cellStatus(cell); {
			case s > rc.Status:
				rc.Status, rc.Worst = s, n
			case s == rc.Status:
				rc.Worst += n
			}
			rc.Open += open[j] * n
		}
	}
	for _, row := range rows {
		r.Rows = append(r.Rows, *row)
	}
	sort.Slice(r.Rows, func(i, j int) bool { return r.Rows[i].Label < r.Rows[j].Label })
	for _, p := range res.Parties() {
		if ds := res.Duties[p.ID]; len(ds) > 0 || !res.Implicit(p) {
			r.Parties = append(r.Parties, PartyView{Party: p, Implicit: res.Implicit(p), Duties: ds})
		}
	}
	return r
}

// groupKey returns the function that labels an asset's matrix row. Keys
// combine with commas: "service,account" gives rows such as
// "aws:rds · 111122223333".
func groupKey(by string) (func(*onus.Asset, *engine.Outcome) string, error) {
	var parts []func(*onus.Asset, *engine.Outcome) string
	for _, k := range strings.Split(by, ",") {
		f, err := oneGroupKey(strings.TrimSpace(k))
		if err != nil {
			return nil, err
		}
		parts = append(parts, f)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return func(a *onus.Asset, o *engine.Outcome) string {
		labels := make([]string, len(parts))
		for i, f := range parts {
			labels[i] = f(a, o)
		}
		return strings.Join(labels, " · ")
	}, nil
}

func oneGroupKey(by string) (func(*onus.Asset, *engine.Outcome) string, error) {
	orNone := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	switch by {
	case "service":
		return func(a *onus.Asset, o *engine.Outcome) string {
			if o.Service == nil {
				return "(unclassified)"
			}
			return o.Service.ID
		}, nil
	case "provider":
		return func(a *onus.Asset, o *engine.Outcome) string {
			if o.Provider == nil {
				return "(none)"
			}
			return o.Provider.ID
		}, nil
	case "account":
		return func(a *onus.Asset, o *engine.Outcome) string { return orNone(a.Account) }, nil
	case "environment":
		return func(a *onus.Asset, o *engine.Outcome) string { return orNone(a.Environment) }, nil
	case "asset":
		return func(a *onus.Asset, o *engine.Outcome) string { return a.ID }, nil
	}
	if tag, ok := strings.CutPrefix(by, "tag:"); ok && tag != "" {
		return func(a *onus.Asset, o *engine.Outcome) string { return orNone(a.Tags[tag]) }, nil
	}
	return nil, onus.Errorf(onus.EInvalid, "cannot group by %q: use service, provider, account, environment, asset or tag:KEY, or several joined by commas", by)
}

// Write writes the report in the named format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text", "":
		return writeText(w, r)
	case "json":
		return writeJSON(w, r)
	case "csv":
		return writeCSV(w, r)
	case "markdown", "md":
		return writeMarkdown(w, r)
	case "html":
		return writeHTML(w, r)
	case "sarif":
		return writeSARIF(w, r)
	}
	return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)%s", format, strings.Join(Formats, ", "), onus.DidYouMean(format, Formats))
}

// ShortLayer returns the short column heading of a layer.
func ShortLayer(l onus.Layer) string { return shortLayers[l] }

var shortLayers = map[onus.Layer]string{
	onus.LayerPhysical: "phys", onus.LayerHardware: "hw", onus.LayerNetworkInfrastructure: "netinf",
	onus.LayerVirtualization: "virt", onus.LayerOS: "os", onus.LayerNetworkControls: "net",
	onus.LayerMiddleware: "mw", onus.LayerContainers: "cont", onus.LayerApplication: "app",
	onus.LayerCode: "code", onus.LayerAPI: "api", onus.LayerIdentity: "iam",
	onus.LayerIdentityInfrastructure: "dir", onus.LayerData: "data", onus.LayerEndpoints: "endp",
	onus.LayerConfiguration: "conf", onus.LayerMonitoring: "mon", onus.LayerIncidentResponse: "ir",
}

// severityOrder lists severities from the most severe, for tables.
var severityOrder = []onus.Severity{onus.Critical, onus.High, onus.Medium, onus.Low, onus.Info}

// subject names what a finding is about.
func subject(f *onus.Finding) string {
	switch {
	case f.Asset != nil:
		return f.Asset.ID
	case f.Agreement != "":
		return "agreement " + f.Agreement
	case f.Party != "":
		return "party " + f.Party
	}
	return ""
}
