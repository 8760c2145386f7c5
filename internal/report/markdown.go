package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/onus-dev/onus"
)

// mdEscape keeps text from breaking a Markdown table or injecting markup:
// inventory values reach pull-request comments.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

var mdEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

// escaper returns mdEscape for Markdown, and for plain text a function that
// leaves text as it is.
func escaper(md bool) func(string) string {
	if md {
		return mdEscape
	}
	return func(s string) string { return s }
}

func writeMarkdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	res := r.Result
	s := res.Summary
	p("## onus: shared responsibility check\n\n")
	p("%d assets · coverage **%s** · %s open findings", s.Assets, percent(s.Coverage()), fmt.Sprint(s.Open()))
	if s.Accepted > 0 {
		p(" · %d accepted", s.Accepted)
	}
	p(" · catalog %s · %s\n\n", res.Catalog.Version, r.Now.Format("2006-01-02"))
	if len(s.OpenBySeverity) > 0 {
		p("| severity | open |\n|---|---:|\n")
		for _, sev := range severityOrder {
			if n := s.OpenBySeverity[sev]; n > 0 {
				p("| %s | %d |\n", sev, n)
			}
		}
		p("\n")
	}
	if len(r.Rows) > 0 {
		p("### Who holds each layer (by %s)\n\n", mdEscape(r.Options.GroupBy))
		p("Legend: `P` provider, `C` customer, `S` shared; the party after the letter holds it; **?** marks a side nobody holds.\n\n")
		p("| %s | assets |", mdEscape(r.Options.GroupBy))
		for _, l := range onus.Layers() {
			p(" %s |", ShortLayer(l))
		}
		p("\n|---|---:|%s\n", strings.Repeat("---|", onus.NumLayers))
		for _, row := range r.Rows {
			p("| %s | %d |", mdEscape(row.Label), row.Assets)
			for _, c := range row.Cells {
				text := mdEscape(c.Text())
				if c.Status >= StatusDuplicate {
					text = "**" + text + "**"
				}
				p(" %s |", text)
			}
			p("\n")
		}
		p("\n")
	}
	p("### Findings\n\n")
	if len(r.Sets) == 0 {
		p("None.\n")
		return b.Flush()
	}
	p("| severity | check | subject | layer | finding | where |\n|---|---|---|---|---|---|\n")
	for _, g := range groupFindings(r.Sets) {
		f := g.First
		sev := f.Severity.String()
		if !f.Open() {
			sev = "accepted"
		}
		p("| %s | %s | %s | %s | %s | %s |\n", sev, f.Check, mdEscape(g.subject()), f.Layer, mdEscape(f.Message), mdEscape(f.Loc.String()))
	}
	return b.Flush()
}
