package report

import (
	"embed"
	"html/template"
	"io"

	"github.com/onus-dev/onus"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplate is parsed once, at start, so that a template error stops the
// program at once rather than the first time a report is written.
var pageTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"layers":   onus.Layers,
	"short":    ShortLayer,
	"percent":  percent,
	"status":   func(c RowCell) string { return c.Status.String() },
	"cellText": func(c RowCell) string { return c.Text() },
	"subject":  subject,
	"duties":   dutyLines,
	"fstatus":  findingStatus,
	"contact":  func(c onus.Contact) string { return c.String() },
	"plural":   plural,
}).ParseFS(templateFS, "templates/report.html"))

// htmlPage is the data the page template reads.
type htmlPage struct {
	*Report
	Organisation string
	Severities   []sevCount
	Groups       []*FindingGroup
}

type sevCount struct {
	Severity onus.Severity
	Open     int
}

func writeHTML(w io.Writer, r *Report) error {
	page := htmlPage{Report: r, Organisation: r.Result.Customer.DisplayName(), Groups: groupFindings(r.Sets)}
	for _, s := range severityOrder {
		page.Severities = append(page.Severities, sevCount{s, r.Result.Summary.OpenBySeverity[s]})
	}
	return pageTemplate.Execute(w, page)
}
