package agreement_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement"
	"github.com/onus-dev/onus/internal/agreement/terms"
)

// copyModel copies testdata/model to a temporary directory.
func copyModel(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/model")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func findingKeys(e *agreement.Estate) map[string]string {
	out := map[string]string{}
	for f := range e.Res.Findings() {
		out[f.Key] = f.Message
	}
	return out
}

func TestSignOff(t *testing.T) {
	dir := copyModel(t)
	e := estate(t, dir, onus.Date{})
	before := findingKeys(e)
	if before["review-due:sentinel-mdr:terms"] == "" || !strings.Contains(before["review-due:sentinel-mdr:terms"], `clause "monitoring" changed`) {
		t.Fatalf("the fixture's MDR agreement changed after it was signed; review-due should name the clause: %v", before)
	}
	ag, _ := e.Agreement("sentinel-mdr")
	date, _ := onus.ParseDate("2026-11-29")
	for _, party := range []string{"acme", "sentinel"} {
		if _, _, err := agreement.SignOff(ag, party, party+"@example.com", date); err != nil {
			t.Fatal(err)
		}
		e = estate(t, dir, onus.Date{})
		ag, _ = e.Agreement("sentinel-mdr")
	}
	after := findingKeys(e)
	if msg, ok := after["review-due:sentinel-mdr:terms"]; ok {
		t.Errorf("signed again, still review-due: %s", msg)
	}
	s := ag.SignedBy("sentinel")
	if s == nil || s.Version != terms.Version(ag) || s.By != "sentinel@example.com" || s.Date != date || len(s.Digests) != 3 {
		t.Errorf("sign-off = %+v", s)
	}
	data := string(mustRead(t, filepath.Join(dir, "agreements.yaml")))
	if !strings.Contains(data, "# The AWS agreement as Acme reads it") || !strings.Contains(data, "# AWS signs the version label of its own paper.") {
		t.Errorf("signing lost the file's comments:\n%s", data)
	}
	if _, _, err := agreement.SignOff(ag, "nobody", "x", date); onus.Code(err) != onus.EInvalid {
		t.Errorf("a party not to the agreement: %v", err)
	}
}

// The example: a workload moves from aws:ec2 to aws:ecs-fargate
// after the review recorded its service, and review-due says so.
func TestReviewThenDeliveryModelChanges(t *testing.T) {
	dir := copyModel(t)
	e := estate(t, dir, onus.Date{})
	ag, _ := e.Agreement("aws-enterprise")
	date, _ := onus.ParseDate("2026-11-20")
	if _, err := e.RecordReview(ag, []string{"intruder@example.com"}, date); onus.Code(err) != onus.EInvalid {
		t.Errorf("a reviewer the agreement does not name: %v", err)
	}
	r, err := e.RecordReview(ag, []string{"ciso@acme.example", "tam@aws.example"}, date)
	if err != nil {
		t.Fatal(err)
	}
	if r.Scope["shop-web"] != "aws:ec2" || r.Scope["orders-db"] != "aws:rds" || len(r.Scope) != 2 {
		t.Errorf("scope recorded = %v", r.Scope)
	}
	e = estate(t, dir, onus.Date{})
	ag, _ = e.Agreement("aws-enterprise")
	if ag.LastReviewed != date || strings.Join(ag.ReviewedBy, ",") != "ciso@acme.example,tam@aws.example" || ag.ReviewedScope["shop-web"] != "aws:ec2" {
		t.Fatalf("review not recorded: %s %v %v", ag.LastReviewed, ag.ReviewedBy, ag.ReviewedScope)
	}
	if keys := findingKeys(e); keys["review-due:shop-web@aws-enterprise"] != "" {
		t.Errorf("review-due right after the review")
	}

	estateFile := filepath.Join(dir, "estate.yaml")
	moved := strings.Replace(string(mustRead(t, estateFile)), "service: aws:ec2", "service: aws:ecs-fargate", 1)
	os.WriteFile(estateFile, []byte(moved), 0o644)
	e = estate(t, dir, onus.Date{})
	msg := findingKeys(e)["review-due:shop-web@aws-enterprise"]
	if !strings.Contains(msg, "aws:ec2 (iaas)") || !strings.Contains(msg, "aws:ecs-fargate (caas)") {
		t.Errorf("review-due after the move: %q", msg)
	}
	rows := e.Statuses()
	for _, r := range rows {
		if r.Party == "aws" && (r.OK || !strings.Contains(strings.Join(r.Due, ";"), "1 asset changed delivery model")) {
			t.Errorf("the agreements table does not show the move: %+v", r)
		}
	}
	ag, _ = e.Agreement("aws-enterprise")
	r, err = e.RecordReview(ag, []string{"ciso@acme.example"}, date)
	if err != nil || len(r.Moved) != 1 || r.Moved[0] != "shop-web: aws:ec2 → aws:ecs-fargate" {
		t.Errorf("the second review reports the move: %v %v", r, err)
	}
}

func TestCompare(t *testing.T) {
	old, err := agreement.ReadAgreements("old", mustRead(t, "testdata/model/agreements.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(
		"        layers: [incident-response]\n        responsible: sentinel\n", "        layers: [incident-response]\n        responsible: acme\n",
		"commitments: {response: 30m, notification: 30m}", "commitments: {response: 1h, notification: 30m}",
		"  - id: harbour-colo", "  - id: harbour-colo-2",
	).Replace(string(mustRead(t, "testdata/model/agreements.yaml")))
	new, err := agreement.ReadAgreements("new", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := agreement.Compare(old, new, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := agreement.WriteComparisons(&buf, "text", cs); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		"agreement sentinel-mdr: sha256:",
		"incident-response, service=colo:rack: sentinel → acme (clause rack-incidents)",
		`commitments.response: "within 30 minutes" → "within 1 hour"`,
		"agreement harbour-colo-2: added",
		"agreement harbour-colo: removed",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the comparison lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "aws-enterprise") {
		t.Errorf("an unchanged agreement is listed:\n%s", text)
	}
	buf.Reset()
	agreement.WriteComparisons(&buf, "json", cs)
	var doc []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc) != 3 {
		t.Errorf("JSON: %v, %d comparisons", err, len(doc))
	}
	if _, err := agreement.Compare(old, new, "nope"); onus.Code(err) != onus.ENotFound {
		t.Errorf("an unknown ID: %v", err)
	}
}

// FindSigned finds, in git history, the version the parties signed.
func TestFindSigned(t *testing.T) {
	dir, git := gitRepo(t)
	if err := os.CopyFS(dir, os.DirFS("testdata/model")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "agreements.yaml")
	// The fixture's MDR agreement was signed with a 15-minute response.
	signed := strings.Replace(string(mustRead(t, file)), "commitments: {response: 30m,", "commitments: {response: 15m,", 1)
	os.WriteFile(file, []byte(signed), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "as signed")
	os.WriteFile(file, mustRead(t, "testdata/model/agreements.yaml"), 0o644)
	git("commit", "-q", "-am", "slower response")

	e := estate(t, dir, onus.Date{})
	ag, _ := e.Agreement("sentinel-mdr")
	old, rev, err := agreement.FindSigned(context.Background(), ag)
	if err != nil {
		t.Fatal(err)
	}
	if len(rev) != 40 || old.Clauses[0].Commitments.Response.String() != "15m" {
		t.Errorf("found %s with response %s", rev, old.Clauses[0].Commitments.Response)
	}
	aws, _ := e.Agreement("harbour-colo")
	if _, _, err := agreement.FindSigned(context.Background(), aws); onus.Code(err) != onus.ENotFound {
		t.Errorf("an agreement no one signed by version: %v", err)
	}
}

func TestStatuses(t *testing.T) {
	e, _ := fixture(t)
	rows := map[string]*agreement.Status{}
	for _, r := range e.Statuses() {
		rows[r.Party] = r
	}
	if len(rows) != 4 {
		t.Errorf("rows for %v, want aws, harbour, sentinel, postbox", rows)
	}
	tests := []struct {
		party    string
		inForce  int
		gaps     string
		unsigned string
		due      string
	}{
		{"aws", 1, "network-controls api identity-infrastructure monitoring", "", ""},
		{"harbour", 1, "monitoring incident-response", "harbour-colo: acme has not signed;harbour-colo: harbour has not signed", ""},
		{"sentinel", 1, "", "sentinel-mdr: acme signed earlier terms;sentinel-mdr: sentinel signed earlier terms", "sentinel-mdr: due since 2026-08-01"},
		{"postbox", 0, "physical hardware network-infrastructure virtualization os network-controls middleware containers application code api identity-infrastructure monitoring incident-response", "", ""},
	}
	for _, tt := range tests {
		r := rows[tt.party]
		if r == nil {
			t.Errorf("no row for %s", tt.party)
			continue
		}
		var gaps []string
		for _, l := range r.Gaps {
			gaps = append(gaps, string(l))
		}
		if len(r.InForce) != tt.inForce || strings.Join(gaps, " ") != tt.gaps || strings.Join(r.Unsigned, ";") != tt.unsigned || strings.Join(r.Due, ";") != tt.due || r.OK {
			t.Errorf("%s: in force %v, gaps %v, unsigned %q, due %q, ok %v", tt.party, r.InForce, gaps, r.Unsigned, r.Due, r.OK)
		}
	}
	for _, format := range agreement.StatusFormats {
		var buf bytes.Buffer
		if err := agreement.WriteStatus(&buf, format, e.Statuses()); err != nil || buf.Len() < 100 {
			t.Errorf("%s: %v\n%s", format, err, buf.String())
		}
	}
}
