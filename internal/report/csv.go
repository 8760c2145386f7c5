package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// csvHeader is the CSV output's header: the responsibility matrix in long
// form, one row per asset and layer, with the open findings of each cell.
var csvHeader = []string{
	"asset", "name", "service", "model", "account", "region", "environment", "layer",
	"responsibility", "status", "provider", "owners", "split", "decided_by", "decided_at", "findings",
}

func writeCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	// The open findings of a cell are the same on every asset of a group.
	cellFindings := map[*engine.Outcome]*[onus.NumLayers]string{}
	findingsOf := func(o *engine.Outcome) *[onus.NumLayers]string {
		if fs := cellFindings[o]; fs != nil {
			return fs
		}
		var lists [onus.NumLayers][]string
		for _, t := range o.Findings {
			if t.Layer != "" && t.Open() {
				lists[t.Layer.Index()] = append(lists[t.Layer.Index()], fmt.Sprintf("%s (%s)", t.Check, t.Severity))
			}
		}
		fs := new([onus.NumLayers]string)
		for i, l := range lists {
			sort.Strings(l)
			fs[i] = strings.Join(l, ";")
		}
		cellFindings[o] = fs
		return fs
	}
	for i := range r.Result.Assets {
		a := &r.Result.Assets[i]
		for j, c := range a.Outcome.Cells {
			provider := ""
			if c.Provider != nil {
				provider = c.Provider.ID
			}
			owners := make([]string, len(c.Owners))
			for k, p := range c.Owners {
				owners[k] = p.ID
			}
			decidedBy, decidedAt := "", ""
			for _, s := range c.Steps {
				if s.Effect == engine.Applied {
					decidedBy, decidedAt = string(s.Level)+" "+s.Rule, s.Loc.String()
					break
				}
			}
			row := []string{
				a.Asset.ID, a.Asset.Name, a.Asset.Service, string(a.Outcome.Model), a.Asset.Account, a.Asset.Region, a.Asset.Environment,
				string(c.Layer), c.Resp.String(), cellStatus(c).String(), provider, strings.Join(owners, ";"), c.Split,
				decidedBy, decidedAt, findingsOf(a.Outcome)[j],
			}
			for k, v := range row {
				row[k] = defuse(v)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps spreadsheet programs from running a cell as a formula: values
// from inventories are attacker-controlled, and "=HYPERLINK(...)" in an asset
// name must stay text (OWASP CSV injection).
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
