package report

import (
	"bufio"
	"encoding/json"
	"io"
	"sort"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// JSONSchemaID names the JSON output format; it changes only when a field
// is removed or changes meaning. docs/json-output.md documents every field.
const JSONSchemaID = "https://onus.dev/schema/check-result/v1"

// The JSON document is written field by field and, in its arrays, one
// element per line, so that memory does not grow with the size of the
// estate beyond the result itself. Assets that share an outcome share a
// group, and groups that share a cell point to it: cells and their
// provenance are written once. docs/json-output.md documents every field.

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonCatalog struct {
	Version string `json:"version"`
	Date    string `json:"date"`
}

type jsonModel struct {
	Files []string `json:"files"`
}

type jsonSummary struct {
	Assets          int            `json:"assets"`
	Groups          int            `json:"groups"`
	Unclassified    int            `json:"unclassified"`
	DuplicateAssets int            `json:"duplicate_assets"`
	Applicable      int            `json:"applicable_layers"`
	Covered         int            `json:"covered_layers"`
	Coverage        float64        `json:"coverage"`
	Open            int            `json:"open_findings"`
	Accepted        int            `json:"accepted_findings"`
	ByCheck         map[string]int `json:"open_by_check"`
	BySeverity      map[string]int `json:"open_by_severity"`
}

type jsonCell struct {
	ID             int           `json:"id"`
	Layer          string        `json:"layer"`
	Responsibility string        `json:"responsibility"`
	Status         string        `json:"status"`
	Provider       string        `json:"provider,omitempty"`
	Owners         []string      `json:"owners"`
	Split          string        `json:"split,omitempty"`
	Tools          []string      `json:"tools,omitempty"`
	Provenance     []engine.Step `json:"provenance"`
}

type jsonGroup struct {
	ID          int    `json:"id"`
	Service     string `json:"service,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	Type        string `json:"type,omitempty"`
	Model       string `json:"model,omitempty"`
	Provider    string `json:"provider,omitempty"`
	Assets      int    `json:"assets"`
	Applicable  int    `json:"applicable_layers"`
	Covered     int    `json:"covered_layers"`
	// Cells holds, per layer in stack order, the ID of the layer's cell.
	Cells []int `json:"cells"`
}

type jsonAsset struct {
	ID          string            `json:"id"`
	Name        string            `json:"name,omitempty"`
	Service     string            `json:"service"`
	Type        string            `json:"type,omitempty"`
	Address     string            `json:"address,omitempty"`
	Account     string            `json:"account,omitempty"`
	Region      string            `json:"region,omitempty"`
	Environment string            `json:"environment,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	Data        []onus.DataClass  `json:"data,omitempty"`
	Group       int               `json:"group"`
	Location    onus.Location     `json:"location"`
}

type jsonFinding struct {
	Key        string        `json:"key"`
	Check      string        `json:"check"`
	Severity   string        `json:"severity"`
	Status     string        `json:"status"`
	Message    string        `json:"message"`
	Asset      string        `json:"asset,omitempty"`
	Layer      string        `json:"layer,omitempty"`
	Party      string        `json:"party,omitempty"`
	Agreement  string        `json:"agreement,omitempty"`
	Rule       string        `json:"rule,omitempty"`
	Acceptance string        `json:"acceptance,omitempty"`
	Location   onus.Location `json:"location"`
}

type jsonParty struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Kind     string         `json:"kind"`
	Implicit bool           `json:"from_catalog,omitempty"`
	Contacts []onus.Contact `json:"contacts"`
	Duties   []jsonDuty     `json:"duties"`
}

type jsonDuty struct {
	Service string   `json:"service"`
	Layer   string   `json:"layer"`
	Side    string   `json:"side"`
	Assets  int      `json:"assets"`
	Split   string   `json:"split,omitempty"`
	Tools   []string `json:"tools,omitempty"`
}

// jsonFindingOf is a finding as the check and diff documents write it.
func jsonFindingOf(f *onus.Finding) jsonFinding {
	jf := jsonFinding{Key: f.Key, Check: string(f.Check), Severity: f.Severity.String(), Status: findingStatus(f), Message: f.Message,
		Layer: string(f.Layer), Party: f.Party, Agreement: f.Agreement, Rule: f.Rule, Acceptance: f.Acceptance, Location: f.Loc}
	if f.Asset != nil {
		jf.Asset = f.Asset.ID
	}
	return jf
}

// findingStatus is "open", "accepted" or "reopened" (its acceptance expired).
func findingStatus(f *onus.Finding) string {
	switch {
	case f.Acceptance == "":
		return "open"
	case f.Expired:
		return "reopened"
	}
	return "accepted"
}

// jsonWriter writes a JSON object field by field, remembering the first
// error.
type jsonWriter struct {
	w     *bufio.Writer
	err   error
	first bool
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

// field writes one field of the top-level object.
func (j *jsonWriter) field(name string, v any) {
	j.key(name)
	j.value(v)
}

func (j *jsonWriter) key(name string) {
	if j.first {
		j.raw("{\n")
		j.first = false
	} else {
		j.raw(",\n")
	}
	j.value(name)
	j.raw(": ")
}

// array writes a field holding an array, one element per line.
func (j *jsonWriter) array(name string, each func(elem func(any))) {
	j.key(name)
	j.raw("[")
	n := 0
	each(func(v any) {
		if n > 0 {
			j.raw(",")
		}
		j.raw("\n  ")
		j.value(v)
		n++
	})
	if n > 0 {
		j.raw("\n")
	}
	j.raw("]")
}

// flush writes out what is buffered, or returns the first error.
func (j *jsonWriter) flush() error {
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

func writeJSON(w io.Writer, r *Report) error {
	res := r.Result
	s := res.Summary
	j := &jsonWriter{w: bufio.NewWriterSize(w, 1<<16), first: true}
	j.field("$schema", JSONSchemaID)
	j.field("tool", jsonTool{Name: "onus", Version: r.Options.Version})
	j.field("date", r.Now.Format("2006-01-02"))
	j.field("catalog", jsonCatalog{Version: res.Catalog.Version, Date: res.Catalog.Date.String()})
	j.field("model", jsonModel{Files: res.Model.Files})
	summary := jsonSummary{
		Assets: s.Assets, Groups: s.Groups, Unclassified: s.Unclassified, DuplicateAssets: s.DuplicateAssets,
		Applicable: s.Applicable, Covered: s.Covered, Coverage: s.Coverage(), Open: s.Open(), Accepted: s.Accepted,
		ByCheck: map[string]int{}, BySeverity: map[string]int{},
	}
	for c, n := range s.OpenByCheck {
		summary.ByCheck[string(c)] = n
	}
	for sev, n := range s.OpenBySeverity {
		summary.BySeverity[sev.String()] = n
	}
	j.field("summary", summary)

	cellIDs := map[*engine.Cell]int{}
	j.array("cells", func(elem func(any)) {
		for _, g := range res.Groups {
			for _, c := range g.Outcome.Cells {
				if _, done := cellIDs[c]; !done {
					cellIDs[c] = len(cellIDs)
					elem(jsonCellOf(cellIDs[c], c))
				}
			}
		}
	})
	groupIDs := map[*engine.Outcome]int{}
	j.array("groups", func(elem func(any)) {
		for i, g := range res.Groups {
			groupIDs[g.Outcome] = i
			elem(jsonGroupOf(i, g, cellIDs))
		}
	})
	j.array("assets", func(elem func(any)) {
		for i := range res.Assets {
			a := res.Assets[i].Asset
			elem(jsonAsset{
				ID: a.ID, Name: a.Name, Service: a.Service, Type: a.Type, Address: a.Address, Account: a.Account, Region: a.Region,
				Environment: a.Environment, Tags: a.Tags, Data: a.Data, Group: groupIDs[res.Assets[i].Outcome], Location: a.Loc,
			})
		}
	})
	j.array("findings", func(elem func(any)) {
		for f := range r.Findings {
			elem(jsonFindingOf(f))
		}
	})
	parties := append([]PartyView(nil), r.Parties...)
	sort.Slice(parties, func(a, b int) bool { return parties[a].Party.ID < parties[b].Party.ID })
	j.array("parties", func(elem func(any)) {
		for _, p := range parties {
			jp := jsonParty{ID: p.Party.ID, Name: p.Party.DisplayName(), Kind: string(p.Party.Kind), Implicit: p.Implicit,
				Contacts: p.Party.Contacts, Duties: []jsonDuty{}}
			if jp.Contacts == nil {
				jp.Contacts = []onus.Contact{}
			}
			for _, d := range p.Duties {
				jp.Duties = append(jp.Duties, jsonDuty{Service: d.Service, Layer: string(d.Layer), Side: d.Side.String(), Assets: d.Assets, Split: d.Split, Tools: d.Tools})
			}
			elem(jp)
		}
	})
	j.raw("\n}\n")
	return j.flush()
}

// writeIndented writes v as one indented JSON document, for the small
// documents of the gate and the diff.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func jsonCellOf(id int, c *engine.Cell) jsonCell {
	jc := jsonCell{ID: id, Layer: string(c.Layer), Responsibility: c.Resp.String(), Status: cellStatus(c).String(),
		Owners: []string{}, Split: c.Split, Tools: c.Tools, Provenance: c.Steps}
	if c.Provider != nil {
		jc.Provider = c.Provider.ID
	}
	for _, p := range c.Owners {
		jc.Owners = append(jc.Owners, p.ID)
	}
	if jc.Provenance == nil {
		jc.Provenance = []engine.Step{}
	}
	return jc
}

func jsonGroupOf(id int, g *engine.Group, cellIDs map[*engine.Cell]int) jsonGroup {
	o := g.Outcome
	jg := jsonGroup{ID: id, Model: string(o.Model), Assets: g.Assets, Applicable: o.Applicable, Covered: o.Covered, Type: g.Type}
	if o.Service != nil {
		jg.Service, jg.ServiceName = o.Service.ID, o.Service.Name
	}
	if o.Provider != nil {
		jg.Provider = o.Provider.ID
	}
	for _, c := range o.Cells {
		jg.Cells = append(jg.Cells, cellIDs[c])
	}
	return jg
}
