package agreement

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
	"github.com/onus-dev/onus/internal/agreement/yamledit"
)

// Edit is a change the workflow made to a model file.
type Edit struct {
	File string
	// Spliced says the change was spliced into the file as written; when
	// false the file was rewritten from its parsed form, which keeps
	// comments but not blank lines.
	Spliced bool
}

// SignOff records, in the model file that holds the agreement, that a
// person signed its current terms for a party: the sign-off's version is
// the content hash of the terms, and its digests name each clause's, so
// that a later change can be named clause by clause. A party's earlier
// sign-off is replaced.
func SignOff(ag *onus.Agreement, party, by string, date onus.Date) (*onus.SignOff, Edit, error) {
	if !slices.Contains(ag.Parties, party) {
		return nil, Edit{}, onus.Errorf(onus.EInvalid, "%q is not a party to agreement %q (parties: %s)%s", party, ag.ID, strings.Join(ag.Parties, ", "), onus.DidYouMean(party, ag.Parties))
	}
	if strings.TrimSpace(by) == "" {
		return nil, Edit{}, onus.Errorf(onus.EInvalid, "name the person who signs (--by)")
	}
	s := &onus.SignOff{Party: party, By: by, Date: date, Version: terms.Version(ag), Digests: terms.Digests(ag)}
	f, m, err := openAgreement(ag)
	if err != nil {
		return nil, Edit{}, err
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if old := yamledit.Get(m, "signoffs"); old != nil && old.Kind == yaml.SequenceNode {
		list.Content = append(list.Content, old.Content...)
		list.Style = old.Style
	}
	entry := signOffNode(s)
	replaced := false
	for i, item := range list.Content {
		if p := yamledit.Get(item, "party"); item.Kind == yaml.MappingNode && p != nil && p.Value == party {
			list.Content[i], replaced = entry, true
		}
	}
	if !replaced {
		list.Content = append(list.Content, entry)
	}
	list.Style &^= yaml.FlowStyle
	f.Set(m, "signoffs", list, "clauses", "cuecs", "document")
	if err := f.Write(); err != nil {
		return nil, Edit{}, err
	}
	return s, Edit{File: ag.Loc.File, Spliced: f.Spliced}, nil
}

// Review is what a review recorded, and what it found changed since the
// last one.
type Review struct {
	Date  onus.Date
	By    []string
	Scope map[string]string
	// Moved lists the assets whose service changed since the last review,
	// as "asset: was → now".
	Moved []string
	Edit  Edit
}

// RecordReview records in the model file that people reviewed the
// agreement on a day, and the service of every asset in its scope then, so
// that a later change of delivery model raises review-due. When the
// agreement names reviewers, every person must be one of them.
func (e *Estate) RecordReview(ag *onus.Agreement, by []string, date onus.Date) (*Review, error) {
	if len(by) == 0 {
		return nil, onus.Errorf(onus.EInvalid, "name the people who reviewed the agreement (--by, repeatable)")
	}
	var known []string
	for _, ps := range ag.Reviewers {
		known = append(known, ps...)
	}
	for _, p := range by {
		if len(known) > 0 && !slices.Contains(known, p) {
			return nil, onus.Errorf(onus.EInvalid, "%q is not a reviewer of agreement %q (reviewers: %s)%s", p, ag.ID, strings.Join(known, ", "), onus.DidYouMean(p, known))
		}
	}
	r := &Review{Date: date, By: by, Scope: e.scopeServices(ag)}
	for _, id := range slices.Sorted(maps.Keys(r.Scope)) {
		if was, ok := ag.ReviewedScope[id]; ok && was != r.Scope[id] {
			r.Moved = append(r.Moved, fmt.Sprintf("%s: %s → %s", id, was, r.Scope[id]))
		}
	}
	f, m, err := openAgreement(ag)
	if err != nil {
		return nil, err
	}
	after := []string{"reviewers", "signoffs", "clauses", "cuecs", "document"}
	f.Set(m, "last_reviewed", scalar(date.String(), "!!timestamp"), append([]string{"review_interval", "reviewed_scope", "reviewed_by"}, after...)...)
	people := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, p := range by {
		people.Content = append(people.Content, scalar(p, "!!str"))
	}
	f.Set(m, "reviewed_by", people, append([]string{"reviewed_scope"}, after...)...)
	scope := &yaml.Node{Kind: yaml.MappingNode}
	if len(r.Scope) == 0 {
		scope.Style = yaml.FlowStyle
	}
	for _, id := range slices.Sorted(maps.Keys(r.Scope)) {
		scope.Content = append(scope.Content, scalar(id, "!!str"), scalar(r.Scope[id], "!!str"))
	}
	f.Set(m, "reviewed_scope", scope, after...)
	if err := f.Write(); err != nil {
		return nil, err
	}
	r.Edit = Edit{File: ag.Loc.File, Spliced: f.Spliced}
	return r, nil
}

// scopeServices returns the service of every asset in an agreement's scope.
func (e *Estate) scopeServices(ag *onus.Agreement) map[string]string {
	out := map[string]string{}
	p := e.Res.Prepared
	for i := range e.Res.Assets {
		ar := &e.Res.Assets[i]
		o := ar.Outcome
		if o.Service != nil && p.InScope(ag, ar.Asset, o.Service, o.Model, o.Provider) {
			out[ar.Asset.ID] = o.Service.ID
		}
	}
	return out
}

// openAgreement opens the model file that holds an agreement and finds its
// mapping.
func openAgreement(ag *onus.Agreement) (*yamledit.File, *yaml.Node, error) {
	if ag.Loc.File == "" || ag.Loc.Line == 0 {
		return nil, nil, onus.Errorf(onus.EInvalid, "agreement %q was not read from a file", ag.ID)
	}
	f, err := yamledit.Open(ag.Loc.File)
	if err != nil {
		return nil, nil, err
	}
	m := f.MappingAt(ag.Loc.Line, ag.Loc.Column)
	if id := yamledit.Get(m, "id"); m == nil || id == nil || id.Value != ag.ID {
		return nil, nil, onus.ErrorAt(ag.Loc, onus.EConflict, "agreement %q is no longer where it was read; run the command again", ag.ID)
	}
	return f, m, nil
}

func scalar(v, tag string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

// signOffNode writes a sign-off as a block mapping, its digests as one
// line.
func signOffNode(s *onus.SignOff) *yaml.Node {
	digests := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, k := range slices.Sorted(maps.Keys(s.Digests)) {
		digests.Content = append(digests.Content, scalar(k, "!!str"), scalar(s.Digests[k], "!!str"))
	}
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		scalar("party", "!!str"), scalar(s.Party, "!!str"),
		scalar("by", "!!str"), scalar(s.By, "!!str"),
		scalar("date", "!!str"), scalar(s.Date.String(), "!!timestamp"),
		scalar("version", "!!str"), scalar(s.Version, "!!str"),
		scalar("digests", "!!str"), digests,
	}}
}
