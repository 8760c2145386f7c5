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
	cellFindings := map[string][]string{}
	for _, f := range r.Findings {
		if f.Asset == nil || f.Layer == "" || !f.Open() {
			continue
		}
		k := f.Asset.ID + "\x00" + string(f.Layer)
		cellFindings[k] = append(cellFindings[k], fmt.Sprintf("%s (%s)", f.Check, f.Severity))
	}
	for i := range r.Result.Assets {
		a := &r.Result.Assets[i]
		for _, c := range a.Outcome.Cells {
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
			fs := cellFindings[a.Asset.ID+"\x00"+string(c.Layer)]
			sort.Strings(fs)
			row := []string{
				a.Asset.ID, a.Asset.Name, a.Asset.Service, string(a.Outcome.Model), a.Asset.Account, a.Asset.Region, a.Asset.Environment,
				string(c.Layer), c.Resp.String(), cellStatus(c).String(), provider, strings.Join(owners, ";"), c.Split,
				decidedBy, decidedAt, strings.Join(fs, ";"),
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

// severityOrder lists severities from the most severe, for tables.
var severityOrder = []onus.Severity{onus.Critical, onus.High, onus.Medium, onus.Low, onus.Info}
