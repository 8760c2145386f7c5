package generic

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/findtest"
)

func TestReadCSV(t *testing.T) {
	path := filepath.Join("testdata", "findings.csv")
	got := findtest.MustRead(t, CSVFormat, path)
	want := []findtest.Summary{
		{Tool: "acme-scanner", Check: "s3-public-read", Title: "Bucket allows public read", Severity: "high", Status: findings.Fail,
			Categories: []string{"internet-exposed", "data"},
			Resource: findings.Resource{ID: "arn:aws:s3:::acme-exports", Type: "AWS::S3::Bucket", Provider: "aws", Account: "111122223333",
				Region: "eu-west-1", Service: "s3", Tags: map[string]string{"team": "data", "environment": "prod"}},
			URL: "https://wiki.acme.example/checks/s3-public-read", Line: 2},
		{Tool: "acme-scanner", Check: "storage-https-only", Title: "Storage account requires HTTPS", Severity: "medium", Status: findings.Pass,
			Resource: findings.Resource{ID: "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmedata",
				Type: "Microsoft.Storage/storageAccounts", Provider: "azure", Account: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", Region: "westeurope",
				Service: "storage", Tags: map[string]string{"team": "data"}},
			Line: 4},
		{Tool: "acme-scanner", Check: "ssh-open", Title: "SSH open to the internet", Severity: "critical", Status: findings.Skipped,
			Resource: findings.Resource{ID: "sg-0a1b2c3d", Account: "111122223333", Region: "eu-west-1", Service: "ec2"}, Line: 5},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := "The bucket policy grants s3:GetObject to \"*\".\nRemove the statement or add a condition."; got[0].Description != want {
		t.Errorf("description = %q, want the quoted cell %q", got[0].Description, want)
	}
	if want := time.Date(2026, 2, 7, 10, 0, 0, 0, time.UTC); !got[0].Observed.Equal(want) {
		t.Errorf("observed = %v, want %v", got[0].Observed, want)
	}
}

func TestReadJSON(t *testing.T) {
	got := findtest.MustRead(t, JSONFormat, filepath.Join("testdata", "iac_and_vulns.ndjson"))
	want := []findtest.Summary{
		{Tool: "acme-iac", Check: "tf-s3-versioning", Title: "S3 buckets are versioned", Severity: "low", Status: findings.Fail,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "raw", Address: "module.data.aws_s3_bucket.raw[0]", Provider: "aws",
				File: "modules/data/s3.tf", Line: 14},
			Line: 1, Column: 1},
		{Check: "CVE-2024-3094", Severity: "critical", Status: findings.Fail,
			Resource: findings.Resource{ID: "registry.acme.example/payments/api:1.42.0", Type: "container_image",
				Tags: map[string]string{"team": "payments"}},
			Vulnerability: &findings.Vulnerability{ID: "CVE-2024-3094", Package: "xz-libs", Version: "5.6.0-r0", Class: "os", Fixed: "5.6.1-r2"},
			Line:          2, Column: 1},
		{Check: "gke-private-nodes", Severity: "medium", Unrated: true, Status: findings.Manual, Categories: []string{"cluster-security"},
			Resource: findings.Resource{ID: "//container.googleapis.com/projects/acme-prod/locations/europe-west1/clusters/core", Provider: "gcp",
				Tags: map[string]string{"team": "platform", "tier": "1"}},
			Line: 3, Column: 1},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestReadWrappedJSON(t *testing.T) {
	got := findtest.MustRead(t, JSONFormat, filepath.Join("testdata", "wrapped.json"))
	want := []findtest.Summary{{ID: "f-001", Check: "k8s-privileged", Title: "Privileged container", Severity: "critical", Status: findings.Fail,
		Resource: findings.Resource{Type: "Deployment", Name: "payments-api", Namespace: "payments", Provider: "kubernetes"}, Line: 3, Column: 5}}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		format findings.Format
		file   string
		checks []string // read before, between and after the problems
		want   []string
	}{
		{CSVFormat, "bad.csv", []string{"ok-1", "ok-2"}, []string{
			`bad.csv:3:1: check: no check`,
			`bad.csv:4:12: status: unknown status "broken" (use fail, pass, manual or skipped)`,
			`bad.csv:5:19: severity: unknown severity "hgih" (use info, low, medium, high, critical or a score from 0 to 10)`,
			`bad.csv:6:19: line: line "twelve" is not a whole number`,
			`bad.csv:7:21: package_class: unknown package class "firmware" (use os, application or a package manager)`,
			`bad.csv:8:21: tags: tag "team" is not key=value`,
			`bad.csv:9:22: observed: observed "yesterday" is not an RFC 3339 time (2026-03-02T09:30:00Z)`,
		}},
		{JSONFormat, "bad.ndjson", []string{"ok-1", "ok-2"}, []string{
			`bad.ndjson:2:30: severty: unknown field "severty" (did you mean "severity"?)`,
			`bad.ndjson:3:11: check: expected a string, found a number`,
			`bad.ndjson:4:31: line: line "1.5" is not a whole number`,
		}},
		{CSVFormat, "typo_header.csv", nil, []string{
			`typo_header.csv:1:7: staus: unknown column "staus" (did you mean "status"?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := findtest.ReadFile(t, tt.format, filepath.Join("testdata", tt.file))
			var checks []string
			for _, f := range got {
				checks = append(checks, f.Check)
			}
			if diff := cmp.Diff(tt.checks, checks); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if onus.Code(err) != onus.EInvalid {
				t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
			}
			msgs := findtest.Messages(err)
			if diff := cmp.Diff(tt.want, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatusWords(t *testing.T) {
	for word, want := range map[string]findings.Status{
		"": findings.Fail, "FAILED": findings.Fail, "Open": findings.Fail, "ok": findings.Pass, "compliant": findings.Pass,
		"review": findings.Manual, "warning": findings.Manual, "muted": findings.Skipped, "ignored": findings.Skipped,
	} {
		var got []*findings.Finding
		err := CSVFormat.Read(strings.NewReader("check,status\nc,"+word+"\n"), "x.csv", func(f *findings.Finding) error {
			got = append(got, f)
			return nil
		})
		if err != nil || len(got) != 1 || got[0].Status != want {
			t.Errorf("status %q: %d findings, %v; want %s", word, len(got), err, want)
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "x.csv:1: empty file: expected a header row"},
		{"title,status\nt,fail\n", "x.csv:1: the header has no check column"},
		{"check,check\nc,d\n", `x.csv:1:7: check: column "check" appears twice`},
	}
	for _, tt := range tests {
		err := CSVFormat.Read(strings.NewReader(tt.in), "x.csv", func(*findings.Finding) error { return nil })
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	for _, f := range []struct {
		format findings.Format
		file   string
	}{{CSVFormat, "findings.csv"}, {JSONFormat, "iac_and_vulns.ndjson"}} {
		findtest.CheckStops(t, f.format, filepath.Join("testdata", f.file), 2)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		format findings.Format
		head   string
		want   bool
	}{
		{CSVFormat, "check,status,resource_id\n", true},
		{CSVFormat, "Check , Severity\r\n", true},
		{CSVFormat, "check\n", false},
		{CSVFormat, "id,service,name\n", false},
		{CSVFormat, "CHECK_ID;STATUS;PROVIDER\n", false},
		{JSONFormat, `{"check": "c", "status": "fail"}`, true},
		{JSONFormat, `[{"check": "c", "resource_id": "r"}]`, true},
		{JSONFormat, `{"findings": [{"check": "c", "severity": "low"}]}`, true},
		{JSONFormat, `{"check": "c"}`, false},
		{JSONFormat, `{"check": 1, "status": "fail"}`, false},
		{JSONFormat, `{"check_id": "CKV_AWS_1", "check_name": "x"}`, false},
	}
	for _, tt := range tests {
		if got := tt.format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("%s.Sniff(%q) = %v, want %v", tt.format.Name, tt.head, got, tt.want)
		}
	}
}
