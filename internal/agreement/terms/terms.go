// Package terms computes what a signature on an agreement covers: a
// canonical form of the agreement's terms, its content hash (the version a
// sign-off records), and one short digest per clause and CUEC, so that a
// change after sign-off can be named clause by clause.
//
// The terms are the agreement's type, title, parties, effective and expiry
// dates, review interval and document reference, every clause (its title,
// scope, layers, RACI roles, split, text, commitments and evidence) and every
// CUEC (its text, layers and owner). The record of the process is not part
// of the terms: the ID, the version label, the reviewers, the last review,
// the reviewed scope and the sign-offs themselves. The canonical form does
// not depend on how the YAML is written: the order of clauses, of CUECs, of
// list values and of map keys, the spelling of layers and periods ("4 hours"
// is "4h") and the wrapping of text (runs of white space are one space) do
// not change the hash.
package terms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
)

// Prefix starts every content hash.
const Prefix = "sha256:"

// hashHex is how many hex digits of the SHA-256 a version keeps: 128 bits,
// so that nobody can make two sets of terms with the same version.
const hashHex = 32

// digestHex is how many hex digits a clause digest keeps. Digests only name
// what changed; the version is what a signature rests on.
const digestHex = 16

// formatTag names the canonical form, so that a future change of form
// cannot make old and new hashes collide.
const formatTag = "onus-agreement-terms/v1\n"

// CUECPrefix starts the digest key of a CUEC, so that CUEC and clause IDs
// never collide: IDs cannot hold a colon.
const CUECPrefix = "cuec:"

// canonical is the form of the terms that is hashed. Its JSON encoding is
// stable: struct fields encode in order and maps with sorted keys.
type canonical struct {
	Type           string            `json:"type"`
	Title          string            `json:"title"`
	Parties        []string          `json:"parties"`
	Effective      string            `json:"effective"`
	Expires        string            `json:"expires"`
	ReviewInterval string            `json:"review_interval"`
	Document       string            `json:"document"`
	Clauses        []canonicalClause `json:"clauses"`
	CUECs          []canonicalCUEC   `json:"cuecs"`
}

type canonicalClause struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Scope       map[string][]string `json:"scope"`
	Layers      []string            `json:"layers"`
	Responsible string              `json:"responsible"`
	Accountable string              `json:"accountable"`
	Consulted   []string            `json:"consulted"`
	Informed    []string            `json:"informed"`
	Split       string              `json:"split"`
	Text        string              `json:"text"`
	Commitments map[string]string   `json:"commitments"`
	Evidence    []string            `json:"evidence"`
}

type canonicalCUEC struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Layers []string `json:"layers"`
	Owner  string   `json:"owner"`
}

// Canonical returns the canonical form of an agreement's terms: the bytes
// the version hash is computed from.
func Canonical(ag *onus.Agreement) []byte {
	c := canonical{
		Type:           string(ag.Type),
		Title:          text(ag.Title),
		Parties:        sorted(ag.Parties),
		Effective:      ag.Effective.String(),
		Expires:        ag.Expires.String(),
		ReviewInterval: ag.ReviewInterval.String(),
		Document:       strings.TrimSpace(ag.Document),
		Clauses:        make([]canonicalClause, 0, len(ag.Clauses)),
		CUECs:          make([]canonicalCUEC, 0, len(ag.CUECs)),
	}
	for _, cl := range ag.Clauses {
		c.Clauses = append(c.Clauses, clause(cl))
	}
	sort.Slice(c.Clauses, func(i, j int) bool { return c.Clauses[i].ID < c.Clauses[j].ID })
	for _, u := range ag.CUECs {
		c.CUECs = append(c.CUECs, cuec(u))
	}
	sort.Slice(c.CUECs, func(i, j int) bool { return c.CUECs[i].ID < c.CUECs[j].ID })
	return encode(c)
}

// Sum returns the SHA-256 of an agreement's canonical terms, in hex.
func Sum(ag *onus.Agreement) string {
	sum := sha256.Sum256(Canonical(ag))
	return hex.EncodeToString(sum[:])
}

// Version returns the content hash of an agreement's terms, such as
// "sha256:3f1c…", the version a sign-off records.
func Version(ag *onus.Agreement) string { return VersionOf(Sum(ag)) }

// VersionOf returns the version written for a Sum: its first 128 bits.
func VersionOf(sum string) string { return Prefix + sum[:min(hashHex, len(sum))] }

// Digests returns one short hash per clause (keyed by clause ID) and per
// CUEC (keyed by "cuec:" and its ID).
func Digests(ag *onus.Agreement) map[string]string {
	out := make(map[string]string, len(ag.Clauses)+len(ag.CUECs))
	for _, c := range ag.Clauses {
		out[c.ID] = digest(encode(clause(c)))
	}
	for _, u := range ag.CUECs {
		out[CUECPrefix+u.ID] = digest(encode(cuec(u)))
	}
	return out
}

// IsHash reports whether a sign-off version is a content hash rather than a
// version label: "sha256:" and at least 32 hex digits.
func IsHash(v string) bool {
	h, ok := strings.CutPrefix(v, Prefix)
	if !ok || len(h) < hashHex || len(h) > 2*sha256.Size {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !isHex(h[i]) {
			return false
		}
	}
	return true
}

// Matches reports whether a content hash written in a sign-off is the hash
// whose Sum is given. A sign-off may carry the hash at any length from 32
// hex digits to the full 64; the digits it has must agree.
func Matches(signed, sum string) bool {
	return IsHash(signed) && strings.HasPrefix(sum, strings.ToLower(strings.TrimPrefix(signed, Prefix)))
}

// Current reports whether sign-off s covers the terms of ag as they stand:
// a content hash must be the hash of the current terms; a version label
// must be the agreement's current label, when both are given. sum is
// Sum(ag), which a caller checking many sign-offs computes once, or "" to
// have Current compute it when s carries a hash.
func Current(ag *onus.Agreement, s *onus.SignOff, sum string) bool {
	if IsHash(s.Version) {
		if sum == "" {
			sum = Sum(ag)
		}
		return Matches(s.Version, sum)
	}
	return ag.Version == "" || s.Version == "" || s.Version == ag.Version
}

// ChangeKind says how a clause or CUEC changed.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is a clause or CUEC that differs between the signed terms and the
// current ones. Key is the clause ID, or "cuec:" and the CUEC's ID.
type Change struct {
	Key  string     `json:"key"`
	Kind ChangeKind `json:"kind"`
}

// String describes the change, such as `clause "incident-triage" changed`.
func (c Change) String() string {
	if id, ok := strings.CutPrefix(c.Key, CUECPrefix); ok {
		return "CUEC \"" + id + "\" " + string(c.Kind)
	}
	return "clause \"" + c.Key + "\" " + string(c.Kind)
}

// Changes compares the digests a sign-off recorded with the agreement's
// current clauses and CUECs, in the order of the current agreement, then
// those removed, sorted.
func Changes(signed map[string]string, ag *onus.Agreement) []Change {
	now := Digests(ag)
	var out []Change
	keys := make([]string, 0, len(ag.Clauses)+len(ag.CUECs))
	for _, c := range ag.Clauses {
		keys = append(keys, c.ID)
	}
	for _, u := range ag.CUECs {
		keys = append(keys, CUECPrefix+u.ID)
	}
	for _, k := range keys {
		switch was, ok := signed[k]; {
		case !ok:
			out = append(out, Change{k, Added})
		case !strings.EqualFold(was, now[k]):
			out = append(out, Change{k, Changed})
		}
	}
	var gone []string
	for k := range signed {
		if _, ok := now[k]; !ok {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		out = append(out, Change{k, Removed})
	}
	return out
}

func clause(c *onus.Clause) canonicalClause {
	return canonicalClause{
		ID:          c.ID,
		Title:       text(c.Title),
		Scope:       Selector(&c.Scope),
		Layers:      layers(c.Layers),
		Responsible: c.Responsible,
		Accountable: c.Accountable,
		Consulted:   sorted(c.Consulted),
		Informed:    sorted(c.Informed),
		Split:       text(c.Split),
		Text:        text(c.Text),
		Commitments: commitments(c.Commitments),
		Evidence:    texts(c.Evidence),
	}
}

func cuec(u *onus.CUEC) canonicalCUEC {
	return canonicalCUEC{ID: u.ID, Text: text(u.Text), Layers: layers(u.Layers), Owner: u.Owner}
}

// Selector returns a selector as criterion → sorted values, the form in
// which two selectors that pick the same assets by the same criteria compare
// equal.
func Selector(s *onus.Selector) map[string][]string {
	out := map[string][]string{}
	add := func(name string, vs []string) {
		if len(vs) > 0 {
			out[name] = sorted(vs)
		}
	}
	patterns := func(ps []onus.Pattern) []string {
		vs := make([]string, len(ps))
		for i, p := range ps {
			vs[i] = string(p)
		}
		return vs
	}
	add("asset", patterns(s.Assets))
	add("provider", patterns(s.Providers))
	add("service", patterns(s.Services))
	models := make([]string, len(s.Models))
	for i, m := range s.Models {
		models[i] = string(m)
	}
	add("model", models)
	add("account", patterns(s.Accounts))
	add("region", patterns(s.Regions))
	add("environment", patterns(s.Environments))
	for k, ps := range s.Tags {
		add("tags."+k, patterns(ps))
	}
	data := make([]string, len(s.Data))
	for i, d := range s.Data {
		data[i] = string(d)
	}
	add("data", data)
	add("name", patterns(s.Names))
	return out
}

func commitments(c onus.Commitments) map[string]string {
	out := map[string]string{}
	for _, f := range []struct {
		name string
		p    onus.Period
	}{{"response", c.Response}, {"resolution", c.Resolution}, {"notification", c.Notification}, {"rpo", c.RPO}, {"rto", c.RTO}, {"retention", c.Retention}} {
		if !f.p.IsZero() {
			out[f.name] = f.p.String()
		}
	}
	if a := text(c.Availability); a != "" {
		out["availability"] = a
	}
	return out
}

func layers(refs []onus.LayerRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = string(r)
	}
	return sorted(out)
}

// text folds runs of white space to one space, so that re-wrapping a
// paragraph does not change the terms.
func text(s string) string { return strings.Join(strings.Fields(s), " ") }

func texts(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = text(v)
	}
	return sorted(out)
}

func sorted(vs []string) []string {
	out := append(make([]string, 0, len(vs)), vs...)
	sort.Strings(out)
	return out
}

func encode(v any) []byte {
	// The canonical types hold only strings, slices and maps of strings,
	// which always encode (invalid UTF-8 becomes U+FFFD).
	b, _ := json.Marshal(v)
	return append([]byte(formatTag), b...)
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:digestHex]
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
