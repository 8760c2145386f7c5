package agreement

import (
	"embed"
	htmltemplate "html/template"
	"io"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// RenderFormats lists the formats Render writes.
var RenderFormats = []string{"markdown", "html"}

//go:embed templates/agreement.md.tmpl templates/agreement.html
var templateFS embed.FS

var templateFuncs = map[string]any{
	"cell": markdownCell,
	"join": strings.Join,
	"add1": func(i int) int { return i + 1 },
}

// The templates are parsed once, at start, so that a mistake in one stops
// the program at once rather than the first time a document is written.
var (
	markdownTemplate = texttemplate.Must(texttemplate.New("agreement.md.tmpl").Funcs(templateFuncs).ParseFS(templateFS, "templates/agreement.md.tmpl"))
	htmlTemplate     = htmltemplate.Must(htmltemplate.New("agreement.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/agreement.html"))
)

// Document is the plain-terms view of an agreement that both parties
// review: who does what per layer, the commitments, the gaps and the open
// questions. Markdown and HTML are written from it.
type Document struct {
	ID       string
	Title    string
	Type     string
	Customer string
	Parties  []PartyView
	// Version is the content hash of the terms; Label the agreement's own
	// version label, if any.
	Version, Label string
	Effective      string
	Expires        string
	InForce        bool
	ReviewInterval string
	LastReviewed   string
	NextReview     string
	ReviewedBy     []string
	Document       string
	Status         []string
	Services       []ServiceView
	Commitments    []CommitmentView
	Clauses        []ClauseView
	CUECs          []CUECView
	Gaps           []*Finding
	Questions      []*Finding
	Generated      string
}

// PartyView is a party to the agreement, its reviewers and its sign-off.
type PartyView struct {
	ID, Name, Kind string
	Reviewers      []string
	SignOff        *SignOffView
}

// SignOffView is a sign-off, and whether it covers the terms as they stand.
type SignOffView struct {
	By, Date, Version string
	Current           bool
}

// ServiceView is the layers of one service in the agreement's scope, for a
// set of its assets.
type ServiceView struct {
	ID, Name, Model, Provider string
	Assets                    string
	Count                     int
	Layers                    []LayerView
}

// LayerView says who holds one layer of a service under the agreement.
type LayerView struct {
	Layer  string
	Holder string
	// By names what decides it: the clauses, or the provider's published
	// model.
	By    string
	Split string
	// Gap says no clause covers a layer the provider holds or shares;
	// Contested that clauses name different parties.
	Gap, Contested bool
}

// CommitmentView is one measurable promise of a clause.
type CommitmentView struct {
	Clause, Who, What, Value string
}

// ClauseView is a clause in words.
type ClauseView struct {
	ID, Title, Scope, Layers      string
	Responsible, Accountable      string
	Consulted, Informed, Evidence []string
	Split, Text                   string
	Commitments                   []string
	Location                      string
	// Questions counts the open questions (lint findings) on the clause.
	Questions int
}

// CUECView is a customer duty from the provider's SOC 2 report.
type CUECView struct {
	ID, Text, Layers, Owner string
}

// Document builds the plain-terms view of an agreement.
func (e *Estate) Document(ag *onus.Agreement) *Document {
	res := e.Res
	now := onus.DateOf(res.Now)
	d := &Document{
		ID: ag.ID, Title: ag.Title, Type: ag.Type.Name(), Customer: res.Customer.DisplayName(),
		Version: terms.Version(ag), Label: ag.Version,
		Effective: ag.Effective.String(), Expires: ag.Expires.String(), InForce: ag.InForce(res.Now),
		ReviewInterval: ag.ReviewInterval.Words(), LastReviewed: ag.LastReviewed.String(), NextReview: ag.ReviewDue().String(),
		ReviewedBy: ag.ReviewedBy, Document: ag.Document, Generated: now.String(),
	}
	if d.Title == "" {
		d.Title = ag.ID
	}
	if d.Type == "" {
		d.Type = "agreement"
	}
	for _, id := range ag.Parties {
		pv := PartyView{ID: id, Name: e.partyName(id), Reviewers: ag.Reviewers[id]}
		if p := res.Party(id); p != nil {
			pv.Kind = string(p.Kind)
		}
		if s := ag.SignedBy(id); s != nil {
			pv.SignOff = &SignOffView{By: s.By, Date: s.Date.String(), Version: s.Version, Current: terms.Current(ag, s, "")}
		}
		d.Parties = append(d.Parties, pv)
	}
	d.Status = e.status(ag, now.Time)
	groups := e.scope(ag)
	d.Services = e.services(ag, groups)
	findings := e.lint(ag, groups)
	questions := map[string]int{}
	for _, f := range findings {
		if f.Rule == RuleUncovered {
			d.Gaps = append(d.Gaps, f)
			continue
		}
		d.Questions = append(d.Questions, f)
		questions[f.Clause]++
	}
	for _, c := range ag.Clauses {
		cv := ClauseView{ID: c.ID, Title: c.Title, Scope: c.Scope.String(), Layers: layerNames(c.Layers),
			Responsible: e.partyName(c.Responsible), Accountable: e.partyName(c.Accountable),
			Consulted: e.partyNames(c.Consulted), Informed: e.partyNames(c.Informed), Evidence: c.Evidence,
			Split: oneLine(c.Split), Text: oneLine(c.Text), Commitments: commitmentWords(c.Commitments),
			Location: c.Loc.String(), Questions: questions[c.ID]}
		if c.Responsible == "" {
			cv.Responsible = "nobody named"
		}
		d.Clauses = append(d.Clauses, cv)
		for _, w := range commitmentPairs(c.Commitments) {
			d.Commitments = append(d.Commitments, CommitmentView{Clause: c.ID, Who: cv.Responsible, What: w[0], Value: w[1]})
		}
	}
	for _, u := range ag.CUECs {
		owner := e.partyName(u.Owner)
		if u.Owner == "" {
			owner = "not named: falls to the layers' owners"
		}
		d.CUECs = append(d.CUECs, CUECView{ID: u.ID, Text: oneLine(u.Text), Layers: layerNames(u.Layers), Owner: owner})
	}
	return d
}

// status says in words whether the agreement is in force, signed and
// current.
func (e *Estate) status(ag *onus.Agreement, now time.Time) []string {
	var out []string
	today := onus.DateOf(now)
	switch {
	case !ag.Effective.IsZero() && today.Before(ag.Effective.Time):
		out = append(out, "not yet in force: takes effect on "+ag.Effective.String())
	case ag.Expires.Reached(today.Time):
		out = append(out, "expired on "+ag.Expires.String())
	default:
		out = append(out, "in force")
	}
	var missing, stale []string
	for _, id := range ag.Parties {
		switch s := ag.SignedBy(id); {
		case s == nil:
			missing = append(missing, e.partyName(id))
		case !terms.Current(ag, s, ""):
			stale = append(stale, e.partyName(id))
		}
	}
	switch {
	case len(missing) == 0 && len(stale) == 0:
		out = append(out, "signed by every party, on the terms as they stand")
	default:
		if len(missing) > 0 {
			out = append(out, "not signed by "+strings.Join(missing, ", "))
		}
		if len(stale) > 0 {
			out = append(out, "signed by "+strings.Join(stale, ", ")+" on earlier terms")
		}
	}
	if due := ag.ReviewDue(); due.Reached(today.Time) {
		out = append(out, "review due since "+due.String())
	}
	return out
}

// services lays out, per group of in-scope assets, who holds each layer
// under the agreement: the clauses that cover it, or else the provider's
// published model. For assets the counterparty does not deliver (an MSSP's
// scope), only the layers a clause covers are shown.
func (e *Estate) services(ag *onus.Agreement, groups []*group) []ServiceView {
	var out []ServiceView
	needsCoverage := coverageTypes[ag.Type]
	for _, g := range groups {
		svc := g.service()
		sv := ServiceView{ID: svc.ID, Name: svc.Name, Model: g.outcome.Model.Name(), Assets: g.examples(), Count: g.count}
		prov := "the provider"
		if g.outcome.Provider != nil {
			prov = g.outcome.Provider.DisplayName()
		}
		sv.Provider = prov
		for _, layer := range onus.Layers() {
			base, src := e.base(g, layer)
			if base.Owner == onus.NotApplicable {
				continue
			}
			var ids, holders []string
			split, providerSide := "", false
			for i, c := range ag.Clauses {
				if !g.clauses[i] || c.Responsible == "" || !covers(c, layer, base.Owner) {
					continue
				}
				ids = append(ids, c.ID)
				if name := e.partyName(c.Responsible); !slices.Contains(holders, name) {
					holders = append(holders, name)
				}
				providerSide = providerSide || e.side(g, c.Responsible) == onus.Provider
				if split == "" {
					split = oneLine(c.Split)
				}
			}
			lv := LayerView{Layer: layer.Name()}
			switch {
			case len(ids) > 0:
				lv.Holder = strings.Join(holders, " and ")
				if split != "" {
					// A split shares the layer with the other side: the
					// customer, unless the customer's side holds it under
					// the provider's own agreement.
					other := e.Res.Customer.DisplayName()
					if !providerSide && g.delivered {
						other = prov
					}
					if !slices.Contains(holders, other) {
						lv.Holder += ", shared with " + other
					}
				}
				lv.By = "clause " + strings.Join(ids, ", ")
				lv.Split = split
				lv.Contested = len(holders) > 1 && split == ""
			case !g.delivered:
				continue
			default:
				if _, origin := e.Res.Catalog.Rule(svc, g.outcome.Model, layer); origin == onus.FromService {
					lv.By = prov + "'s published model (" + src.Title + ")"
				} else {
					lv.By = "the default for " + g.outcome.Model.Name() + " (" + src.Title + ")"
				}
				lv.Split = oneLine(base.Split)
				lv.Gap = needsCoverage && base.Owner.HasProvider()
				switch base.Owner {
				case onus.Provider:
					lv.Holder = prov
				case onus.Customer:
					lv.Holder = e.Res.Customer.DisplayName()
				case onus.Shared:
					lv.Holder = prov + " and " + e.Res.Customer.DisplayName()
				}
			}
			sv.Layers = append(sv.Layers, lv)
		}
		if len(sv.Layers) > 0 {
			out = append(out, sv)
		}
	}
	return out
}

func (e *Estate) partyNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = e.partyName(id)
	}
	return out
}

func layerNames(refs []onus.LayerRef) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		if r.Keyword() {
			out[i] = "every " + string(r) + " layer"
			if r == onus.LayerRefAll {
				out[i] = "every layer"
			}
			continue
		}
		out[i] = onus.Layer(r).Name()
	}
	return strings.Join(out, ", ")
}

// commitmentPairs lists a clause's measures as (what, value) in words.
func commitmentPairs(c onus.Commitments) [][2]string {
	var out [][2]string
	for _, f := range []struct {
		what, prefix string
		p            onus.Period
	}{{"Response", "within ", c.Response}, {"Resolution", "within ", c.Resolution}, {"Notification", "within ", c.Notification},
		{"Recovery point (RPO)", "at most ", c.RPO}, {"Recovery time (RTO)", "within ", c.RTO}, {"Retention", "", c.Retention}} {
		if !f.p.IsZero() {
			out = append(out, [2]string{f.what, f.prefix + f.p.Words()})
		}
	}
	if a := strings.TrimSpace(c.Availability); a != "" {
		out = append(out, [2]string{"Availability", a})
	}
	return out
}

func commitmentWords(c onus.Commitments) []string {
	var out []string
	for _, p := range commitmentPairs(c) {
		out = append(out, p[0]+": "+p[1])
	}
	return out
}

// oneLine folds white space, so that wrapped YAML text reads as a paragraph.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// markdownCell makes text safe in a Markdown table cell.
func markdownCell(s string) string {
	s = oneLine(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// Render writes the plain-terms document of an agreement in a format of
// RenderFormats.
func (e *Estate) Render(w io.Writer, format string, ag *onus.Agreement) error {
	d := e.Document(ag)
	switch format {
	case "markdown", "md":
		return markdownTemplate.Execute(w, d)
	case "html":
		return htmlTemplate.Execute(w, d)
	}
	return onus.Errorf(onus.EInvalid, "unknown format %q (use %s)", format, strings.Join(RenderFormats, " or "))
}
