package route

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// Formats lists the formats Write accepts.
var Formats = []string{"text", "json", "csv", "markdown"}

// WriteOptions configure a report.
type WriteOptions struct {
	// Limit caps the findings listed per queue, provider and the unroutable
	// bucket in text and Markdown; the rest are counted. Zero lists all.
	// JSON and CSV always list everything.
	Limit int
	// Version is onus's version, for the JSON document.
	Version string
	// Inputs names the findings files routed.
	Inputs []string
	// Problems counts the records of the inputs that could not be read.
	Problems int
}

// Write writes a routing result in a format.
func Write(w io.Writer, format string, res *Result, opts WriteOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch format {
	case "text":
		err = (&textWriter{w: bw, res: res, opts: opts, md: false}).write()
	case "markdown":
		err = (&textWriter{w: bw, res: res, opts: opts, md: true}).write()
	case "json":
		err = writeJSON(bw, res, opts)
	case "csv":
		err = writeCSV(bw, res)
	default:
		return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)%s", format, strings.Join(Formats, ", "), onus.DidYouMean(format, Formats))
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// queueKey names one queue, one provider's cases or the unroutable bucket in
// the stream of items.
type queueKey struct {
	bucket Bucket
	party  *onus.Party
}

// eachGroup walks the records and calls start at the first record of each
// queue, item for every record with its position in the queue, and end
// after each queue's last record with how many it held.
func eachGroup(res *Result, start func(g queueKey) error, item func(r *Record, n int) error, end func(g queueKey, n int) error) error {
	var cur queueKey
	n, open := 0, false
	err := res.Each(func(r *Record) error {
		g := queueKey{r.Bucket(), r.Party()}
		if !open || g != cur {
			if open {
				if err := end(cur, n); err != nil {
					return err
				}
			}
			cur, n, open = g, 0, true
			if err := start(g); err != nil {
				return err
			}
		}
		n++
		return item(r, n)
	})
	if err == nil && open {
		err = end(cur, n)
	}
	return err
}

// counts returns the counters of a party.
func (res *Result) counts(p *onus.Party) *PartyCounts {
	for i := range res.Parties {
		if res.Parties[i].Party == p {
			return &res.Parties[i]
		}
	}
	return &PartyCounts{Party: p}
}

// supportChannel picks the contact of a provider to raise cases with: one
// named for support, else a ticket or web channel, else the first.
func supportChannel(p *onus.Party) (onus.Contact, bool) {
	if len(p.Contacts) == 0 {
		return onus.Contact{}, false
	}
	for _, c := range p.Contacts {
		if strings.Contains(strings.ToLower(c.Name), "support") {
			return c, true
		}
	}
	for _, c := range p.Contacts {
		if c.Ticket != "" || c.URL != "" {
			return c, true
		}
	}
	return p.Contacts[0], true
}

// caseReport is what to tell a provider about a finding on a layer it
// holds.
func caseReport(it *Item) string {
	var b strings.Builder
	tool := it.Tool
	if tool == "" {
		tool = "A scanner"
	}
	fmt.Fprintf(&b, "%s reports %s", tool, it.Check)
	if it.Title != "" {
		fmt.Fprintf(&b, " (%s)", it.Title)
	}
	fmt.Fprintf(&b, " on %s", it.ResourceID)
	if it.Account != "" {
		fmt.Fprintf(&b, " in account %s", it.Account)
	}
	if it.Region != "" {
		fmt.Fprintf(&b, ", region %s", it.Region)
	}
	layer := onus.Layer(it.Layer).Name()
	svc := it.Service
	if svc == "" {
		svc = "this service"
	}
	fmt.Fprintf(&b, ". Your shared-responsibility model for %s gives you the %s layer: please investigate and tell us when it is fixed or why it is not yours.", svc, strings.ToLower(layer))
	return b.String()
}

func severityCounts(c *[onus.Critical + 1]int) string {
	var parts []string
	for s := onus.Critical; ; s-- {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
		if s == onus.Info {
			break
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// evidenceText describes passed checks per layer: "12 passed checks (data 3, identity 9)".
func evidenceText(ev *[onus.NumLayers]int) string {
	total := sum(ev[:])
	if total == 0 {
		return ""
	}
	var parts []string
	for i, l := range onus.Layers() {
		if ev[i] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", l, ev[i]))
		}
	}
	return plural(total, "passed check", "passed checks") + " (" + strings.Join(parts, ", ") + ")"
}

// keyCount is an entry of a map of counts.
type keyCount[K ~string] struct {
	Key K
	N   int
}

// sortedCounts returns a map's entries, largest first, then by name.
func sortedCounts[K ~string](m map[K]int) []keyCount[K] {
	out := make([]keyCount[K], 0, len(m))
	for k, n := range m {
		out = append(out, keyCount[K]{k, n})
	}
	slices.SortFunc(out, func(a, b keyCount[K]) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key))
	})
	return out
}

func countList[K ~string](m map[K]int) string {
	var parts []string
	for _, e := range sortedCounts(m) {
		parts = append(parts, fmt.Sprintf("%s %d", e.Key, e.N))
	}
	return strings.Join(parts, ", ")
}

func formatDue(t time.Time) string {
	if t.IsZero() {
		return "no due date"
	}
	return t.UTC().Format("2006-01-02 15:04") + " UTC"
}

// textWriter writes the text and Markdown reports, which share their
// structure.
type textWriter struct {
	w    *bufio.Writer
	res  *Result
	opts WriteOptions
	md   bool
}

func (tw *textWriter) printf(format string, args ...any) { fmt.Fprintf(tw.w, format, args...) }

func (tw *textWriter) write() error {
	res, s := tw.res, &tw.res.Summary
	inputs := strings.Join(tw.opts.Inputs, ", ")
	if tw.md {
		tw.printf("# Routed findings\n\n%s · %s", res.Now.Format(time.DateOnly), plural(s.Input, "finding", "findings"))
		if inputs != "" {
			tw.printf(" from %s", mdEscape(inputs))
		}
		tw.printf("\n\n")
	} else {
		tw.printf("onus route · %s · %s", res.Now.Format(time.DateOnly), plural(s.Input, "finding", "findings"))
		if inputs != "" {
			tw.printf(" from %s", inputs)
		}
		tw.printf("\n")
	}
	section := Bucket(numBuckets)
	err := eachGroup(res, func(g queueKey) error {
		if g.bucket != section {
			section = g.bucket
			tw.section(g.bucket)
		}
		tw.groupHeader(g)
		return nil
	}, func(r *Record, n int) error {
		if tw.opts.Limit <= 0 || n <= tw.opts.Limit {
			tw.item(r.Item())
		}
		return nil
	}, func(g queueKey, n int) error {
		if tw.opts.Limit > 0 && n > tw.opts.Limit {
			if tw.md {
				tw.printf("\n_and %d more_\n", n-tw.opts.Limit)
			} else {
				tw.printf("  … and %d more\n", n-tw.opts.Limit)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	tw.evidence()
	tw.summary()
	return nil
}

var sectionTitles = [numBuckets]string{Queue: "Queues", ProviderCase: "Provider cases", Unroutable: "Unroutable"}

func (tw *textWriter) section(b Bucket) {
	if tw.md {
		tw.printf("\n## %s\n", sectionTitles[b])
		return
	}
	tw.printf("\n%s", strings.ToUpper(sectionTitles[b]))
}

func (tw *textWriter) groupHeader(g queueKey) {
	if !tw.md {
		tw.printf("\n")
	}
	if g.bucket == Unroutable {
		n := tw.res.Summary.Unroutable
		if tw.md {
			tw.printf("\n%s that no party can be named for; each says why.\n\n", plural(n, "finding", "findings"))
			tw.tableHeader(true)
		} else {
			tw.printf("%s that no party can be named for:\n", plural(n, "finding", "findings"))
		}
		return
	}
	p, c := g.party, tw.res.counts(g.party)
	counts, noun := &c.Queued, plural(c.QueuedTotal(), "finding", "findings")
	if g.bucket == ProviderCase {
		counts, noun = &c.Cases, plural(c.CasesTotal(), "case", "cases")
	}
	head := p.ID
	if p.Name != "" && p.Name != p.ID {
		head += " — " + p.Name
	}
	head += fmt.Sprintf(" (%s) · %s: %s", p.Kind, noun, severityCounts(counts))
	if c.Overdue > 0 {
		head += fmt.Sprintf(" · %d overdue", c.Overdue)
	}
	if tw.md {
		tw.printf("\n### %s\n\n", mdEscape(head))
	} else {
		tw.printf("%s\n", head)
	}
	line := func(label, value string) {
		if tw.md {
			tw.printf("- **%s:** %s\n", label, mdEscape(value))
		} else {
			tw.printf("  %s: %s\n", label, value)
		}
	}
	if g.bucket == ProviderCase {
		if ct, ok := supportChannel(p); ok {
			line("raise with", ct.String())
		} else {
			line("raise with", "no support channel: add a contact to the party")
		}
	} else {
		line("contacts", contactsText(p))
		if esc := escalationText(p); esc != "" {
			line("escalation", esc)
		}
		if ev := evidenceText(&c.Evidence); ev != "" {
			line("evidence", ev)
		}
	}
	if tw.md {
		tw.printf("\n")
		tw.tableHeader(false)
	}
}

func contactsText(p *onus.Party) string {
	if len(p.Contacts) == 0 {
		return "none: add a contact to the party (onus check reports it)"
	}
	parts := make([]string, len(p.Contacts))
	for i, c := range p.Contacts {
		parts[i] = c.String()
	}
	return strings.Join(parts, " · ")
}

func escalationText(p *onus.Party) string {
	parts := make([]string, len(p.Escalation))
	for i, e := range p.Escalation {
		parts[i] = fmt.Sprintf("after %s → %s", e.After, e.To)
	}
	return strings.Join(parts, ", ")
}

func (tw *textWriter) tableHeader(unroutable bool) {
	if unroutable {
		tw.printf("| severity | finding | resource | layer (rule) | match | why |\n|---|---|---|---|---|---|\n")
		return
	}
	tw.printf("| severity | due | finding | resource | layer (rule) | match |\n|---|---|---|---|---|---|\n")
}

// what describes a finding: its check and title.
func what(it *Item) string {
	s := it.Check
	if it.Title != "" && it.Title != it.Check {
		s += " · " + it.Title
	}
	return s
}

// where describes a finding's resource: ID, asset, account and region.
func where(it *Item) string {
	s := it.ResourceID
	if it.Asset != "" && it.Asset != it.ResourceID {
		s += " (asset " + it.Asset + ")"
	}
	if it.Account != "" {
		s += " · account " + it.Account
	}
	if it.Region != "" {
		s += " · " + it.Region
	}
	return s
}

func (tw *textWriter) item(it *Item) {
	sev := strings.ToUpper(it.Severity.String())
	if it.Unrated {
		sev += "?"
	}
	overdue := ""
	if !it.Due.IsZero() && it.Due.Before(tw.res.Now) {
		overdue = " (overdue)"
	}
	layer := it.Layer + " (" + it.Rule + ")"
	match := it.Method
	if match == "" {
		match = "no match"
	}
	extra := ""
	if it.Others != "" {
		if it.Duplicate {
			extra = " · duplicate: also named " + it.Others
		} else {
			extra = " · split with " + it.Others
		}
	}
	if tw.md {
		if it.Bucket == Unroutable {
			tw.printf("| %s | %s | %s | %s | %s | %s |\n", sev, mdEscape(what(it)), mdEscape(where(it)), mdEscape(layer), mdEscape(match), mdEscape(it.Reason))
			return
		}
		due := formatDue(it.Due) + overdue
		if it.DueBy != "" {
			due += "<br>" + it.DueBy
		}
		detail := where(it)
		if it.Bucket == ProviderCase {
			detail += "<br>report: " + caseReport(it)
		}
		tw.printf("| %s | %s | %s | %s | %s | %s |\n", sev, mdEscape(due), mdEscape(what(it)), mdEscape(detail), mdEscape(layer), mdEscape(match+extra))
		return
	}
	if it.Bucket == Unroutable {
		tw.printf("  %-9s %s\n            %s · layer %s\n            why: %s\n", sev, what(it), where(it), layer, it.Reason)
		return
	}
	tw.printf("  %-9s due %s%s  %s\n            %s · layer %s · match: %s%s", sev, formatDue(it.Due), overdue, what(it), where(it), layer, match, extra)
	if it.DueBy != "" {
		tw.printf(" · due by %s", it.DueBy)
	}
	tw.printf("\n")
	if it.Bucket == ProviderCase {
		tw.printf("            report: %s\n", caseReport(it))
	}
}

// evidence lists passed checks per owner and layer, including owners with
// nothing queued.
func (tw *textWriter) evidence() {
	res := tw.res
	if res.Summary.Evidence == 0 {
		return
	}
	if tw.md {
		tw.printf("\n## Evidence\n\nPassed checks count toward their owner's coverage; they are not work.\n\n| party | passed checks |\n|---|---|\n")
	} else {
		tw.printf("\nEVIDENCE (passed checks, not queued)\n")
	}
	row := func(who, ev string) {
		if tw.md {
			tw.printf("| %s | %s |\n", mdEscape(who), mdEscape(ev))
		} else {
			tw.printf("  %-20s %s\n", who, ev)
		}
	}
	for i := range res.Parties {
		if ev := evidenceText(&res.Parties[i].Evidence); ev != "" {
			row(res.Parties[i].Party.ID, ev)
		}
	}
	if ev := evidenceText(&res.EvidenceUnowned); ev != "" {
		row("(no owner)", ev)
	}
}

func (tw *textWriter) summary() {
	s := &tw.res.Summary
	owners, providers := 0, 0
	for i := range tw.res.Parties {
		if tw.res.Parties[i].QueuedTotal() > 0 {
			owners++
		}
		if tw.res.Parties[i].CasesTotal() > 0 {
			providers++
		}
	}
	lines := [][2]string{
		{"findings", fmt.Sprintf("%d = %d queued for %s + %s for %s + %d unroutable + %d passed (evidence) + %d suppressed",
			s.Input, s.Queued, plural(owners, "owner", "owners"), plural(s.ProviderCases, "provider case", "provider cases"),
			plural(providers, "provider", "providers"), s.Unroutable, s.Evidence, s.Suppressed)},
	}
	if sc := severityCounts(&s.BySeverity); sc != "" {
		lines = append(lines, [2]string{"to act on", sc})
	}
	if s.Overdue > 0 || s.Duplicates > 0 {
		lines = append(lines, [2]string{"attention", fmt.Sprintf("%d overdue; %d on layers with duplicate owners (see onus check)", s.Overdue, s.Duplicates)})
	}
	if len(s.ByMethod) > 0 {
		lines = append(lines, [2]string{"matched by", countList(s.ByMethod)})
	}
	if len(s.ByLayer) > 0 {
		lines = append(lines, [2]string{"layers", countList(s.ByLayer)})
	}
	if len(s.ByReason) > 0 {
		lines = append(lines, [2]string{"unroutable", countList(s.ByReason)})
	}
	if tw.opts.Problems > 0 {
		lines = append(lines, [2]string{"unreadable", plural(tw.opts.Problems, "record", "records") + " could not be read (see the errors)"})
	}
	if tw.md {
		tw.printf("\n## Summary\n\n| | |\n|---|---|\n")
		for _, l := range lines {
			tw.printf("| %s | %s |\n", l[0], mdEscape(l[1]))
		}
		return
	}
	tw.printf("\nSUMMARY\n")
	for _, l := range lines {
		tw.printf("  %-11s %s\n", l[0], l[1])
	}
}

var mdEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`)

// mdEscape makes text safe in a Markdown table cell; "<br>" written by
// the report itself is kept.
func mdEscape(s string) string {
	parts := strings.Split(s, "<br>")
	for i, p := range parts {
		parts[i] = mdEscaper.Replace(p)
	}
	return strings.Join(parts, "<br>")
}
