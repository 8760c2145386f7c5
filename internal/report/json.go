package report

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// JSONSchemaID names the JSON output format; it changes only when a field
// is removed or changes meaning. docs/json-output.md documents every field.
const JSONSchemaID = "https://onus.dev/schema/check-result/v1"

// The JSON document. Assets that share an outcome share a group, so cells
// and their provenance are written once per group, not once per asset.
type jsonDoc struct {
	Schema   string         `json:"$schema"`
	Tool     jsonTool       `json:"tool"`
	Date     string         `json:"date"`
	Catalog  jsonCatalog    `json:"catalog"`
	Model    jsonModel      `json:"model"`
	Summary  jsonSummary    `json:"summary"`
	Groups   []jsonGroup    `json:"groups"`
	Assets   []jsonAsset    `json:"assets"`
	Findings []jsonFinding  `json:"findings"`
	Parties  []jsonPartyDoc `json:"parties"`
}

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

type jsonGroup struct {
	ID          int        `json:"id"`
	Service     string     `json:"service,omitempty"`
	ServiceName string     `json:"service_name,omitempty"`
	Model       string     `json:"model,omitempty"`
	Provider    string     `json:"provider,omitempty"`
	Assets      int        `json:"assets"`
	Applicable  int        `json:"applicable_layers"`
	Covered     int        `json:"covered_layers"`
	Cells       []jsonCell `json:"cells"`
}

type jsonCell struct {
	Layer          string        `json:"layer"`
	Responsibility string        `json:"responsibility"`
	Status         string        `json:"status"`
	Provider       string        `json:"provider,omitempty"`
	Owners         []string      `json:"owners"`
	Split          string        `json:"split,omitempty"`
	Tools          []string      `json:"tools,omitempty"`
	Provenance     []engine.Step `json:"provenance"`
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

type jsonPartyDoc struct {
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

func writeJSON(w io.Writer, r *Report) error {
	res := r.Result
	s := res.Summary
	doc := jsonDoc{
		Schema:  JSONSchemaID,
		Tool:    jsonTool{Name: "onus", Version: r.Options.Version},
		Date:    r.Now.Format("2006-01-02"),
		Catalog: jsonCatalog{Version: res.Catalog.Version, Date: res.Catalog.Date.String()},
		Model:   jsonModel{Files: res.Model.Files},
		Summary: jsonSummary{
			Assets: s.Assets, Groups: s.Groups, Unclassified: s.Unclassified, DuplicateAssets: s.DuplicateAssets,
			Applicable: s.Applicable, Covered: s.Covered, Coverage: s.Coverage(), Open: s.Open(), Accepted: s.Accepted,
			ByCheck: map[string]int{}, BySeverity: map[string]int{},
		},
		Groups:   []jsonGroup{},
		Assets:   []jsonAsset{},
		Findings: []jsonFinding{},
		Parties:  []jsonPartyDoc{},
	}
	for c, n := range s.OpenByCheck {
		doc.Summary.ByCheck[string(c)] = n
	}
	for sev, n := range s.OpenBySeverity {
		doc.Summary.BySeverity[sev.String()] = n
	}
	groupIDs := map[*engine.Outcome]int{}
	for i, g := range res.Groups {
		groupIDs[g.Outcome] = i
		doc.Groups = append(doc.Groups, jsonGroupOf(i, g))
	}
	for i := range res.Assets {
		a := res.Assets[i].Asset
		doc.Assets = append(doc.Assets, jsonAsset{
			ID: a.ID, Name: a.Name, Service: a.Service, Type: a.Type, Address: a.Address, Account: a.Account, Region: a.Region,
			Environment: a.Environment, Tags: a.Tags, Data: a.Data, Group: groupIDs[res.Assets[i].Outcome], Location: a.Loc,
		})
	}
	for _, f := range r.Findings {
		jf := jsonFinding{Key: f.Key, Check: string(f.Check), Severity: f.Severity.String(), Status: findingStatus(f), Message: f.Message,
			Layer: string(f.Layer), Party: f.Party, Agreement: f.Agreement, Rule: f.Rule, Acceptance: f.Acceptance, Location: f.Loc}
		if f.Asset != nil {
			jf.Asset = f.Asset.ID
		}
		doc.Findings = append(doc.Findings, jf)
	}
	for _, p := range r.Parties {
		jp := jsonPartyDoc{ID: p.Party.ID, Name: p.Party.DisplayName(), Kind: string(p.Party.Kind), Implicit: p.Implicit,
			Contacts: p.Party.Contacts, Duties: []jsonDuty{}}
		if jp.Contacts == nil {
			jp.Contacts = []onus.Contact{}
		}
		for _, d := range p.Duties {
			jp.Duties = append(jp.Duties, jsonDuty{Service: d.Service, Layer: string(d.Layer), Side: d.Side.String(), Assets: d.Assets, Split: d.Split, Tools: d.Tools})
		}
		doc.Parties = append(doc.Parties, jp)
	}
	sort.Slice(doc.Parties, func(i, j int) bool { return doc.Parties[i].ID < doc.Parties[j].ID })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func jsonGroupOf(id int, g *engine.Group) jsonGroup {
	o := g.Outcome
	jg := jsonGroup{ID: id, Model: string(o.Model), Assets: g.Assets, Applicable: o.Applicable, Covered: o.Covered, Cells: []jsonCell{}}
	if o.Service != nil {
		jg.Service, jg.ServiceName = o.Service.ID, o.Service.Name
	}
	if o.Provider != nil {
		jg.Provider = o.Provider.ID
	}
	for _, c := range o.Cells {
		jc := jsonCell{Layer: string(c.Layer), Responsibility: c.Resp.String(), Status: cellStatus(c).String(),
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
		jg.Cells = append(jg.Cells, jc)
	}
	return jg
}
