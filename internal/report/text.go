package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
)

// codeWidth is the width of a party code in the text matrix.
const codeWidth = 8

// partyCodes gives every party a short unique code for the matrix: its ID,
// cut to codeWidth characters, with a digit where two cuts collide.
func partyCodes(parties []PartyView) map[string]string {
	codes := map[string]string{}
	used := map[string]bool{}
	for _, p := range parties {
		code := abbreviate(p.Party.ID)
		for i := 2; used[code]; i++ {
			suffix := fmt.Sprint(i)
			code = p.Party.ID[:min(len(p.Party.ID), codeWidth-len(suffix))] + suffix
		}
		used[code] = true
		codes[p.Party.ID] = code
	}
	return codes
}

// problemMarks are the matrix markers of the statuses that need action.
var problemMarks = map[Status]string{StatusGap: "GAP", StatusUnassigned: "??", StatusDuplicate: "DUP"}

// abbreviate shortens a party ID to codeWidth characters, keeping a short
// last word whole: "microsoft-365" → "micr-365", "payments-team" → "pay-team".
func abbreviate(id string) string {
	if len(id) <= codeWidth {
		return id
	}
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		last := id[i:]
		if keep := codeWidth - len(last); keep >= 3 {
			return id[:min(i, keep)] + last
		}
	}
	return id[:codeWidth]
}

// matrixCell is what the text matrix shows for a row cell.
func matrixCell(c RowCell, codes map[string]string) string {
	if len(c.Values) > 1 {
		// Show the problem and on how many of the row's assets it is.
		total := 0
		for _, n := range c.Values {
			total += n
		}
		switch c.Status {
		case StatusGap, StatusUnassigned, StatusDuplicate:
			return fmt.Sprintf("%s %d/%d", problemMarks[c.Status], c.Worst, total)
		}
		return "mixed"
	}
	if mark, ok := problemMarks[c.Status]; ok {
		return mark
	}
	switch c.Status {
	case StatusNone:
		return "·"
	}
	v := c.Text()
	// v is "P aws", "C team" or "S aws/team".
	_, parties, _ := strings.Cut(v, " ")
	if i := strings.LastIndexByte(parties, '/'); i >= 0 {
		return code(parties[i+1:], codes) + "*"
	}
	return code(parties, codes)
}

// code returns the code of the first party of "a+b+c", with "+2" for the
// others.
func code(ids string, codes map[string]string) string {
	parties := strings.Split(ids, "+")
	c, ok := codes[parties[0]]
	if !ok {
		c = parties[0]
	}
	if len(parties) > 1 {
		c = fmt.Sprintf("%s+%d", c[:min(len(c), codeWidth-2)], len(parties)-1)
	}
	return c
}

type textWriter struct {
	w     *bufio.Writer
	color bool
}

func (t *textWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

// paint wraps s in an ANSI color for a status, when colors are on.
func (t *textWriter) paint(s string, st Status) string {
	if !t.color {
		return s
	}
	switch st {
	case StatusGap, StatusUnassigned:
		return "\x1b[1;31m" + s + "\x1b[0m"
	case StatusDuplicate:
		return "\x1b[33m" + s + "\x1b[0m"
	case StatusProvider, StatusNone:
		return "\x1b[2m" + s + "\x1b[0m"
	}
	return s
}

func writeText(w io.Writer, r *Report) error {
	t := &textWriter{w: bufio.NewWriter(w), color: r.Options.Color}
	res := r.Result
	t.printf("onus check · %s · catalog %s · %d assets\n\n", r.Now.Format("2006-01-02"), res.Catalog.Version, res.Summary.Assets)
	t.matrix(r)
	t.findings(r)
	t.summary(r)
	return t.w.Flush()
}

func (t *textWriter) matrix(r *Report) {
	if len(r.Rows) == 0 {
		t.printf("No assets. Add assets to the model or pass --inventory.\n\n")
		return
	}
	codes := partyCodes(r.Parties)
	labelWidth := len(r.Options.GroupBy)
	for _, row := range r.Rows {
		labelWidth = max(labelWidth, len(row.Label))
	}
	labelWidth = min(labelWidth, 32)
	colWidth := codeWidth + 1
	t.printf("%-*s %5s", labelWidth, strings.ToUpper(r.Options.GroupBy), "n")
	for _, l := range onus.Layers() {
		t.printf(" %-*s", colWidth, ShortLayer(l))
	}
	t.printf("\n")
	for _, row := range r.Rows {
		label := row.Label
		if len(label) > labelWidth {
			label = label[:labelWidth-1] + "…"
		}
		t.printf("%-*s %5d", labelWidth, label, row.Assets)
		for _, c := range row.Cells {
			text := matrixCell(c, codes)
			pad := colWidth - len([]rune(text))
			t.printf(" %s%s", t.paint(text, c.Status), strings.Repeat(" ", max(pad, 0)))
		}
		t.printf("\n")
	}
	t.printf("\n* shared with the provider · ?? customer's side has no owner · GAP nobody accountable · DUP two parties, no split · n/m: on n of the row's m assets · mixed: see --group-by asset\n")
	var legend []string
	for _, p := range r.Parties {
		if len(p.Duties) == 0 {
			continue
		}
		legend = append(legend, fmt.Sprintf("%s = %s (%s)", codes[p.Party.ID], p.Party.DisplayName(), p.Party.Kind))
	}
	if len(legend) > 0 {
		t.printf("%s\n", strings.Join(legend, " · "))
	}
	t.printf("\n")
}

// FindingGroup is the same finding on many assets, shown once: finding
// sets that read the same, merged. Assets names the first few of its Count
// assets.
type FindingGroup struct {
	First  *onus.Finding
	Count  int
	Assets []string
}

// subject names what the group's finding is about: its subject, or how
// many assets and the first few.
func (g *FindingGroup) subject() string {
	if g.Count > 1 {
		return fmt.Sprintf("%d assets (%s)", g.Count, listSome(g.Assets, g.Count, 3))
	}
	return subject(g.First)
}

func groupFindings(sets []*engine.FindingSet) []*FindingGroup {
	var out []*FindingGroup
	index := map[string]*FindingGroup{}
	for _, s := range sets {
		f := s.First()
		if s.Count > 1 {
			g := *f
			g.Message = s.Message()
			f = &g
		}
		if f.Asset == nil {
			out = append(out, &FindingGroup{First: f})
			continue
		}
		k := fmt.Sprintf("%s|%s|%s|%s|%v|%s", f.Check, f.Layer, f.Severity, f.Message, f.Open(), f.Rule)
		g := index[k]
		if g == nil {
			g = &FindingGroup{First: f}
			index[k] = g
			out = append(out, g)
		}
		g.Count += s.Count
		for _, a := range s.Assets {
			if len(g.Assets) < sample {
				g.Assets = append(g.Assets, a.ID)
			}
		}
	}
	return out
}

func (t *textWriter) findings(r *Report) {
	s := r.Result.Summary
	t.printf("FINDINGS: %d open, %d accepted\n", s.Open(), s.Accepted)
	if len(r.Sets) == 0 {
		t.printf("  none\n\n")
		return
	}
	for _, g := range groupFindings(r.Sets) {
		f := g.First
		sev := strings.ToUpper(f.Severity.String())
		if !f.Open() {
			sev = "accepted"
		}
		what := g.subject()
		if f.Layer != "" {
			what += " · " + string(f.Layer)
		}
		st := StatusDuplicate
		if f.Severity >= onus.High {
			st = StatusGap
		}
		t.printf("  %-8s %-15s %s\n", t.paint(sev, st), f.Check, what)
		t.printf("           %s\n", f.Message)
		if f.Acceptance != "" {
			if f.Expired {
				t.printf("           acceptance %q has expired\n", f.Acceptance)
			} else {
				t.printf("           accepted by %q\n", f.Acceptance)
			}
		}
		if !f.Loc.IsZero() && g.Count <= 1 {
			t.printf("           at %s\n", f.Loc)
		}
	}
	t.printf("\n")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// listSome names up to n of the ids of total assets.
func listSome(ids []string, total, n int) string {
	if total <= n && len(ids) == total {
		return strings.Join(ids, ", ")
	}
	n = min(n, len(ids))
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(", and %d more", total-n)
}

func (t *textWriter) summary(r *Report) {
	s := r.Result.Summary
	t.printf("SUMMARY\n")
	t.printf("  assets: %d", s.Assets)
	if s.Unclassified > 0 {
		t.printf(" (%d unclassified)", s.Unclassified)
	}
	if s.DuplicateAssets > 0 {
		t.printf(" (%d listed twice, counted once)", s.DuplicateAssets)
	}
	t.printf("\n  coverage: %s (%d of %d asset-layers have an accountable party and, on the customer's side, a named owner)\n",
		percent(s.Coverage()), s.Covered, s.Applicable)
	t.printf("  open findings: %s\n", severityCounts(s.OpenBySeverity))
	var checks []string
	for _, ci := range onus.Checks() {
		if n := s.OpenByCheck[ci.ID]; n > 0 {
			checks = append(checks, fmt.Sprintf("%s %d", ci.ID, n))
		}
	}
	if len(checks) > 0 {
		t.printf("  by check: %s\n", strings.Join(checks, ", "))
	}
	if s.Accepted > 0 {
		t.printf("  accepted risks: %d\n", s.Accepted)
	}
}

func severityCounts(m map[onus.Severity]int) string {
	var parts []string
	for _, s := range severityOrder {
		if n := m[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// percent formats a share with one decimal, never rounding a partial share
// up to 100%.
func percent(share float64) string {
	p := share * 100
	if p > 99.95 && share < 1 {
		return "99.9%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

// dutyLines lists a party's duties, one line per service, for text output.
func dutyLines(ds []engine.Duty) []string {
	type key struct {
		service string
		side    onus.Responsibility
	}
	byService := map[key][]engine.Duty{}
	var keys []key
	for _, d := range ds {
		k := key{d.Service, d.Side}
		if _, ok := byService[k]; !ok {
			keys = append(keys, k)
		}
		byService[k] = append(byService[k], d)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].service != keys[j].service {
			return keys[i].service < keys[j].service
		}
		return keys[i].side < keys[j].side
	})
	var out []string
	for _, k := range keys {
		duties := byService[k]
		layers := make([]string, len(duties))
		assets := 0
		for i, d := range duties {
			layers[i] = string(d.Layer)
			assets = max(assets, d.Assets)
		}
		out = append(out, serviceLine(k.service, k.side, assets, layers))
	}
	return out
}

// serviceLine says which layers of a service a party holds, or gains or
// loses, on one side: "aws:rds (2 assets, for the customer): identity, data".
func serviceLine(service string, side onus.Responsibility, assets int, layers []string) string {
	words := "as provider"
	if side == onus.Customer {
		words = "for the customer"
	}
	return fmt.Sprintf("%s (%s, %s): %s", service, plural(assets, "asset"), words, strings.Join(layers, ", "))
}
