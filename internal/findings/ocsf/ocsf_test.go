package ocsf

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func readAll(t *testing.T, data string) ([]*findings.Finding, error) {
	t.Helper()
	var out []*findings.Finding
	err := Format.Read(strings.NewReader(data), "test.json", func(f *findings.Finding) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

func TestReadProwler(t *testing.T) {
	path := filepath.Join("testdata", "prowler_aws.ocsf.json")
	got := findtest.MustRead(t, Format, path)
	aws := func(id, typ, name, region, service string, tags map[string]string) findings.Resource {
		return findings.Resource{ID: id, Type: typ, Name: name, Provider: "aws", Account: "111122223333", Region: region, Service: service, Tags: tags}
	}
	const docs = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
	want := []findtest.Summary{
		{Tool: "Prowler", ID: "prowler-aws-s3_bucket_default_encryption-111122223333-eu-west-1-acme-data-exports",
			Check: "s3_bucket_default_encryption", Title: "Check if S3 buckets have default encryption (SSE) enabled or use a bucket policy to enforce it.",
			Severity: "medium", Status: findings.Fail, Types: []string{"Data Protection"}, Categories: []string{"encryption"},
			Resource: aws("arn:aws:s3:::acme-data-exports", "AwsS3Bucket", "acme-data-exports", "eu-west-1", "s3",
				map[string]string{"team": "data", "aws:cloudformation:stack-name": "data-exports", "environment": "prod"}),
			URL: docs + "default-bucket-encryption.html", Line: 2, Column: 5},
		{Tool: "Prowler", ID: "prowler-aws-ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22-111122223333-eu-west-1-bastion",
			Check: "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", Title: "Ensure no security groups allow ingress from 0.0.0.0/0 or ::/0 to SSH port 22.",
			Severity: "critical", Status: findings.Pass, Categories: []string{"internet-exposed"},
			Resource: aws("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60718", "AwsEc2SecurityGroup", "bastion", "eu-west-1", "ec2", nil),
			URL:      docs + "bucket-encryption.html", Line: 129, Column: 5},
		{Tool: "Prowler", ID: "prowler-aws-iam_root_hardware_mfa_enabled-111122223333-us-east-1-<root_account>",
			Check: "iam_root_hardware_mfa_enabled", Title: "Ensure hardware MFA is enabled for the root account.",
			Severity: "critical", Status: findings.Manual,
			Resource: aws("arn:aws:iam::111122223333:root", "AwsIamUser", "<root_account>", "us-east-1", "iam", nil),
			URL:      docs + "bucket-encryption.html", Line: 250, Column: 5},
		{Tool: "Prowler", ID: "prowler-aws-s3_bucket_server_access_logging_enabled-111122223333-eu-west-1-acme-scratch",
			Check: "s3_bucket_server_access_logging_enabled", Title: "Check if S3 buckets have server access logging enabled.",
			Severity: "medium", Status: findings.Skipped, Types: []string{"Data Protection"}, Categories: []string{"logging", "forensics-ready"},
			Resource: aws("arn:aws:s3:::acme-scratch", "AwsS3Bucket", "acme-scratch", "eu-west-1", "s3", map[string]string{"team": "platform"}),
			URL:      docs + "default-bucket-encryption.html", Line: 369, Column: 5},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	f := got[0]
	if want := "S3 Bucket acme-data-exports does not have Server Side Encryption enabled."; f.Description != want {
		t.Errorf("description = %q, want the status_extended %q", f.Description, want)
	}
	if want := "Enable default encryption for the bucket."; f.Remediation != want {
		t.Errorf("remediation = %q, want %q", f.Remediation, want)
	}
	if want := time.Date(2026, 1, 2, 9, 50, 0, 0, time.UTC); !f.Observed.Equal(want) {
		t.Errorf("observed = %v, want %v", f.Observed, want)
	}
}

func TestReadOtherProducers(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "mixed.ndjson"))
	want := []findtest.Summary{
		{Tool: "Prowler", ID: "prowler-kubernetes-core_minimize_privileged_containers-111122223333-payments-payments-api-7d9f8b6c5-xk2lp",
			Check: "core_minimize_privileged_containers", Title: "Minimize the admission of privileged containers.", Severity: "high",
			Status: findings.Fail, Categories: []string{"container-security"},
			Resource: findings.Resource{ID: "b1c2d3e4-5f60-4718-9a2b-3c4d5e6f7081", Type: "Pod", Name: "payments-api-7d9f8b6c5-xk2lp",
				Namespace: "payments", Provider: "kubernetes", Service: "core", Tags: map[string]string{"app": "payments-api", "team": "payments"}},
			URL: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html", Line: 1, Column: 1},
		{Tool: "Cloud Custodian", ID: "c7n-rds-encrypted-0001", Check: "rds-encrypted", Title: "RDS instances are encrypted",
			Severity: "high", Status: findings.Fail,
			Resource: findings.Resource{ID: "arn:aws:rds:eu-central-1:444455556666:db:orders", Type: "AWS::RDS::DBInstance", Name: "orders",
				Provider: "aws", Account: "444455556666", Region: "eu-central-1", Tags: map[string]string{"team": "orders"}},
			Line: 2, Column: 1},
		{Tool: "Inspector", ID: "arn:aws:inspector2:eu-west-1:111122223333:finding/abc123", Check: "CVE-2024-3094", Title: "CVE-2024-3094 - xz",
			Severity: "high", Status: findings.Pass,
			Resource: findings.Resource{ID: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0f1e2d3c4b5a69788", Type: "AwsEc2Instance",
				Provider: "aws", Account: "111122223333", Region: "eu-west-1"},
			Vulnerability: &findings.Vulnerability{ID: "CVE-2024-3094", Package: "xz", Version: "5.6.0", Class: "os", Fixed: "5.6.1"},
			Line:          3, Column: 1},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := time.UnixMilli(1767347400123).UTC(); !got[1].Observed.Equal(want) {
		t.Errorf("observed = %v, want %v (time in milliseconds)", got[1].Observed, want)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name, record string
		want         findings.Status
	}{
		{"fail", `"status_code": "FAIL"`, findings.Fail},
		{"pass", `"status_code": "PASS"`, findings.Pass},
		{"manual", `"status_code": "MANUAL"`, findings.Manual},
		{"muted", `"status": "Suppressed", "status_code": "FAIL"`, findings.Skipped},
		{"suppressed by id", `"status_id": 3, "status_code": "FAIL"`, findings.Skipped},
		{"archived", `"status": "Archived"`, findings.Skipped},
		{"other status code", `"status_code": "200"`, findings.Fail},
		{"compliance pass", `"class_uid": 2003, "compliance": {"status": "Pass"}`, findings.Pass},
		{"compliance warning", `"class_uid": 2003, "compliance": {"status": "Warning"}`, findings.Manual},
		{"resolved", `"status": "Resolved"`, findings.Pass},
		{"detection", `"class_uid": 2004`, findings.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, `{"metadata": {"event_code": "c"}, `+tt.record+`}`)
			if err != nil || len(got) != 1 {
				t.Fatalf("read %d findings, %v", len(got), err)
			}
			if got[0].Status != tt.want {
				t.Errorf("status = %s, want %s", got[0].Status, tt.want)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	tests := []struct {
		record  string
		want    onus.Severity
		unrated bool
	}{
		{`"severity_id": 1`, onus.Info, false},
		{`"severity_id": 6, "severity": "Fatal"`, onus.Critical, false},
		{`"severity_id": 99, "severity": "Low"`, onus.Low, false},
		{`"severity_id": 0`, onus.Medium, true},
		{`"severity": "whatever"`, onus.Medium, true},
	}
	for _, tt := range tests {
		got, err := readAll(t, `{"metadata": {"event_code": "c"}, `+tt.record+`}`)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: read %d findings, %v", tt.record, len(got), err)
		}
		if got[0].Severity != tt.want || got[0].Unrated != tt.unrated {
			t.Errorf("%s: severity %s unrated %v, want %s %v", tt.record, got[0].Severity, got[0].Unrated, tt.want, tt.unrated)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		file  string
		want  []string
		count int // findings read before, between and after the problems
	}{
		{"bad_records.ocsf.json", []string{
			"bad_records.ocsf.json:142:20: [1].severity_id: expected an integer, found a string",
			"bad_records.ocsf.json:244:3: class_uid 1001 is not a finding (OCSF's Findings category is 2000–2999)",
			"bad_records.ocsf.json:253:3: finding has no check: metadata.event_code is missing",
		}, 2},
		{"bad_syntax.ocsf.json", []string{
			"bad_syntax.ocsf.json:142:20: [1].severity_id: expected an integer, found a string",
			"bad_syntax.ocsf.json:167:29: [1].finding_info.uid: unterminated string",
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", tt.file))
			if len(got) != tt.count {
				t.Errorf("read %d findings, want %d", len(got), tt.count)
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

func TestReadRejectsOtherJSON(t *testing.T) {
	for _, in := range []string{`"findings"`, `42`, `[1, 2]`} {
		got, err := readAll(t, in)
		if err == nil || len(got) != 0 {
			t.Errorf("%s: read %d findings, error %v; want an error", in, len(got), err)
		}
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "prowler_aws.ocsf.json"), 2)
}

func TestSharedFixtures(t *testing.T) {
	tests := []struct {
		file      string
		count     int
		provider  string
		account   string
		statuses  map[findings.Status]int
		namespace string
	}{
		{"example_output_aws.ocsf.json", 5, "aws", "<account_uid>", map[findings.Status]int{findings.Fail: 2, findings.Manual: 3}, ""},
		{"example_output_azure.ocsf.json", 5, "azure", "<subscription_uid>", map[findings.Status]int{findings.Fail: 5}, ""},
		{"example_output_gcp.ocsf.json", 5, "gcp", "<project_id>", map[findings.Status]int{findings.Fail: 2, findings.Pass: 3}, ""},
		{"example_output_kubernetes.ocsf.json", 6, "kubernetes", "", map[findings.Status]int{findings.Fail: 5, findings.Pass: 1}, "<namespace>"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testkit.Shared(t, "fixtures/prowler/"+tt.file)
			got := findtest.ReadFixture(t, Format, path)
			if len(got) != tt.count {
				t.Fatalf("read %d findings, want %d", len(got), tt.count)
			}
			statuses := map[findings.Status]int{}
			for _, f := range got {
				statuses[f.Status]++
				r := f.Resource
				if r.Provider != tt.provider || r.Account != tt.account || r.Namespace != tt.namespace || f.Tool != "Prowler" || r.Service == "" || r.Type == "" {
					t.Errorf("%s: resource %+v, tool %q", f.Check, r, f.Tool)
				}
			}
			if diff := cmp.Diff(tt.statuses, statuses); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSharedFixtureFields(t *testing.T) {
	path := testkit.Shared(t, "fixtures/prowler/example_output_gcp.ocsf.json")
	got := findtest.MustRead(t, Format, path)
	want := findtest.Summary{Tool: "Prowler", ID: "<finding_uid>", Check: "compute_firewall_rdp_access_from_the_internet_allowed",
		Title: "Ensure That RDP Access Is Restricted From the Internet", Severity: "critical", Status: findings.Fail,
		Categories: []string{"internet-exposed"},
		Resource: findings.Resource{ID: "<uid>", Type: "FirewallRule", Name: "<resource_id>", Provider: "gcp", Account: "<project_id>",
			Region: "global", Service: "networking"},
		URL: "https://docs.prowler.com/checks/gcp/google-cloud-networking-policies/bc_gcp_networking_2#terraform", Line: 510, Column: 3}
	if diff := cmp.Diff(want, findtest.Summarize(got)[4]); diff != "" {
		t.Errorf("last finding (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`[{"message": "x", "class_uid": 2004}]`, true},
		{`{"class_uid": 2003, "finding_info": {}}`, true},
		{`[{"message": "x", "metadata": {"event_code": "c"}, "finding_info": {"uid": "u"`, true},
		{`[{"class_uid": 1001, "metadata": {}, "finding_info": {}}]`, false},
		{`[{"class_uid": "2004"}]`, false},
		{`[{"metadata": {}}]`, false},
		{`{"Findings": []}`, false},
		{`[]`, false},
		{`not json`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

// TestCheckMetadataRun checks that a Prowler finding of the same check as
// the one before it takes the check's metadata from that finding, and
// that findings of other producers are read whole.
func TestCheckMetadataRun(t *testing.T) {
	record := func(product, check, title string) string {
		return `{"metadata": {"event_code": "` + check + `", "product": {"name": "` + product + `"}}, "finding_info": {"uid": "u", "title": "` + title +
			`", "types": ["T"]}, "unmapped": {"categories": ["c"], "related_url": "https://x"}, "remediation": {"desc": "fix ` + title + `"}}`
	}
	in := "[" + strings.Join([]string{
		record("Prowler", "a", "first"), record("Prowler", "a", "second"), record("Prowler", "b", "third"),
		record("Other", "a", "fourth"), record("Other", "a", "fifth"),
	}, ",") + "]"
	got, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	var titles, remediations []string
	for _, f := range got {
		titles = append(titles, f.Title)
		remediations = append(remediations, f.Remediation)
		if len(f.Types) != 1 || len(f.Categories) != 1 || f.URL != "https://x" {
			t.Errorf("%s: types %v, categories %v, URL %q", f.Title, f.Types, f.Categories, f.URL)
		}
	}
	if diff := cmp.Diff([]string{"first", "first", "third", "fourth", "fifth"}, titles); diff != "" {
		t.Errorf("titles (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"fix first", "fix first", "fix third", "fix fourth", "fix fifth"}, remediations); diff != "" {
		t.Errorf("remediations (-want +got):\n%s", diff)
	}
}
