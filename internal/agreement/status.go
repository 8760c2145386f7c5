package agreement

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// StatusFormats lists the formats WriteStatus writes.
var StatusFormats = []string{"text", "json", "markdown"}

// Status is one row of the agreements table: a provider, vendor or
// managed-service provider of the estate, and whether an agreement with it
// exists, covers what it should, and is signed and current.
type Status struct {
	Party string `json:"party"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	// Assets counts the assets the party delivers; Duties the asset-layers
	// it holds, by its own model or by delegation.
	Assets int `json:"assets"`
	Duties int `json:"duties"`
	// Agreements lists every agreement that names the party; InForce those
	// in force today.
	Agreements []string `json:"agreements"`
	InForce    []string `json:"in_force"`
	// Required counts the asset-layers the party holds or shares under its
	// published model; Covered those a clause of an agreement in force
	// covers. Gaps names the layers some are missing.
	Required int          `json:"required"`
	Covered  int          `json:"covered"`
	Gaps     []onus.Layer `json:"gaps,omitempty"`
	// Unsigned lists "agreement: party" for every sign-off missing, or
	// given on earlier terms, of the agreements in force.
	Unsigned []string `json:"unsigned,omitempty"`
	// Due lists, per agreement in force, why it is due for review.
	Due []string `json:"review_due,omitempty"`
	OK  bool     `json:"ok"`
}

// Statuses returns one row per provider, vendor and managed-service
// provider the estate involves: those the model declares, those that
// deliver an asset, and those an agreement names.
func (e *Estate) Statuses() []*Status {
	res := e.Res
	delivered := map[string]int{}
	for i := range res.Assets {
		if p := res.Assets[i].Outcome.Provider; p != nil && res.Assets[i].Outcome.Service != nil {
			delivered[p.ID]++
		}
	}
	named := map[string]bool{}
	for _, ag := range res.Model.Agreements {
		for _, id := range ag.Parties {
			named[id] = true
		}
	}
	due := e.reviewDue()
	var out []*Status
	for _, p := range res.Parties() {
		if p.Kind != onus.KindProvider && p.Kind != onus.KindVendor && p.Kind != onus.KindManagedService {
			continue
		}
		if res.Implicit(p) && delivered[p.ID] == 0 && !named[p.ID] {
			continue
		}
		out = append(out, e.status1(p, delivered[p.ID], due))
	}
	return out
}

func (e *Estate) status1(p *onus.Party, assets int, due map[string][]string) *Status {
	res := e.Res
	s := &Status{Party: p.ID, Name: p.DisplayName(), Kind: string(p.Kind), Assets: assets}
	for _, d := range res.Duties[p.ID] {
		s.Duties += d.Assets
	}
	// Every clause of the agreements in force with the party, as one
	// agreement, is what the party has agreed to.
	all := &onus.Agreement{ID: p.ID, Type: "contract", Parties: []string{res.Customer.ID, p.ID}}
	for _, ag := range res.Model.Agreements {
		if !slices.Contains(ag.Parties, p.ID) {
			continue
		}
		s.Agreements = append(s.Agreements, ag.ID)
		if !ag.InForce(res.Now) {
			continue
		}
		s.InForce = append(s.InForce, ag.ID)
		all.Clauses = append(all.Clauses, ag.Clauses...)
		for _, id := range ag.Parties {
			switch so := ag.SignedBy(id); {
			case so == nil:
				s.Unsigned = append(s.Unsigned, ag.ID+": "+id+" has not signed")
			case !terms.Current(ag, so, ""):
				s.Unsigned = append(s.Unsigned, ag.ID+": "+id+" signed earlier terms")
			}
		}
		for _, why := range due[ag.ID] {
			s.Due = append(s.Due, ag.ID+": "+why)
		}
	}
	groups := e.scope(all)
	for _, g := range groups {
		if !g.delivered {
			continue
		}
		for _, layer := range onus.Layers() {
			base, _ := e.base(g, layer)
			if !base.Owner.HasProvider() {
				continue
			}
			s.Required += g.count
			if covered(all, g, layer, base.Owner) {
				s.Covered += g.count
			}
		}
	}
	for _, gap := range e.gaps(all, groups) {
		s.Gaps = append(s.Gaps, gap.layer)
	}
	s.OK = len(s.InForce) > 0 && len(s.Gaps) == 0 && len(s.Unsigned) == 0 && len(s.Due) == 0
	return s
}

// reviewDue collects, per agreement, why the engine says it is due for
// review: its interval passed, it expired, or assets in its reviewed scope
// changed delivery model. Terms changed after sign-off show as sign-offs
// on earlier terms instead.
func (e *Estate) reviewDue() map[string][]string {
	out := map[string][]string{}
	moved := map[string]int{}
	for f := range e.Res.Findings() {
		if f.Check != onus.CheckReviewDue || !f.Open() {
			continue
		}
		if f.Asset != nil {
			moved[f.Agreement]++
			continue
		}
		ag, err := e.Agreement(f.Agreement)
		switch {
		case err != nil:
			continue
		case strings.HasSuffix(f.Key, ":terms"):
			// Terms changed after sign-off: the signed column says so.
		case ag.Expires.Reached(e.Res.Now):
			out[ag.ID] = append(out[ag.ID], "expired on "+ag.Expires.String())
		default:
			out[ag.ID] = append(out[ag.ID], "due since "+ag.ReviewDue().String())
		}
	}
	for id, n := range moved {
		out[id] = append(out[id], fmt.Sprintf("%s changed delivery model since the last review", plural(n, "asset")))
	}
	for _, whys := range out {
		sort.Strings(whys)
	}
	return out
}

// WriteStatus writes the agreements table in a format of StatusFormats.
func WriteStatus(w io.Writer, format string, rows []*Status) error {
	switch format {
	case "json":
		if rows == nil {
			rows = []*Status{}
		}
		return writeJSON(w, rows)
	case "markdown", "md":
		return writeStatusMarkdown(w, rows)
	case "text", "":
		return writeStatusText(w, rows)
	}
	return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)", format, strings.Join(StatusFormats, ", "))
}

// maxGapNames bounds how many uncovered layers a table cell names; the
// JSON lists them all.
const maxGapNames = 4

// cells says a row's columns in words.
func (s *Status) cells() (agreements, covers, signed, current, status string) {
	agreements = strings.Join(s.InForce, ", ")
	switch {
	case len(s.Agreements) == 0:
		agreements = "none"
	case len(s.InForce) == 0:
		agreements = "none in force (" + strings.Join(s.Agreements, ", ") + ")"
	}
	switch {
	case s.Required == 0 && s.Assets == 0:
		covers = "n/a: delivers no asset"
	case len(s.Gaps) == 0:
		covers = fmt.Sprintf("yes (%d/%d)", s.Covered, s.Required)
	default:
		var names []string
		for i, l := range s.Gaps {
			if i == maxGapNames {
				names = append(names, fmt.Sprintf("%d more", len(s.Gaps)-i))
				break
			}
			names = append(names, string(l))
		}
		covers = fmt.Sprintf("%d/%d; gaps: %s", s.Covered, s.Required, strings.Join(names, ", "))
	}
	signed, current = "yes", "yes"
	if len(s.InForce) == 0 {
		signed, current = "-", "-"
	}
	if len(s.Unsigned) > 0 {
		signed = "no: " + strings.Join(s.Unsigned, "; ")
	}
	if len(s.Due) > 0 {
		current = "review due: " + strings.Join(s.Due, "; ")
	}
	status = "ok"
	if !s.OK {
		status = "ACTION"
	}
	return
}

func writeStatusText(w io.Writer, rows []*Status) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTY\tKIND\tASSETS\tAGREEMENTS\tCOVERS\tSIGNED\tCURRENT\tSTATUS")
	action := 0
	for _, s := range rows {
		ag, cov, signed, cur, st := s.cells()
		if !s.OK {
			action++
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.Party, s.Kind, s.Assets, ag, cov, signed, cur, st)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d of %d parties need action.\n", action, len(rows))
	return err
}

func writeStatusMarkdown(w io.Writer, rows []*Status) error {
	p := &printer{w: w}
	p.printf("| Party | Kind | Assets | Agreements | Covers | Signed | Current | Status |\n|---|---|---:|---|---|---|---|---|\n")
	for _, s := range rows {
		ag, cov, signed, cur, st := s.cells()
		p.printf("| %s | %s | %d | %s | %s | %s | %s | %s |\n", markdownCell(s.Name), s.Kind, s.Assets,
			markdownCell(ag), markdownCell(cov), markdownCell(signed), markdownCell(cur), st)
	}
	return p.err
}
