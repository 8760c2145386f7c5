package prowlercsv

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

func TestRead(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "prowler5_aws.csv"))
	aws := func(id, typ, name, service string, tags map[string]string) findings.Resource {
		return findings.Resource{ID: id, Type: typ, Name: name, Provider: "aws", Account: "111122223333", Region: "eu-west-1", Service: service, Tags: tags}
	}
	want := []findtest.Summary{
		{Tool: "Prowler", ID: "prowler-aws-s3_bucket_default_encryption-111122223333-eu-west-1-acme-data-exports",
			Check: "s3_bucket_default_encryption", Title: "Check if S3 buckets have default encryption (SSE) enabled or use a bucket policy to enforce it.",
			Severity: "medium", Status: findings.Fail, Types: []string{"Data Protection"}, Categories: []string{"encryption"},
			Resource: aws("arn:aws:s3:::acme-data-exports", "AwsS3Bucket", "acme-data-exports", "s3",
				map[string]string{"team": "data", "aws:cloudformation:stack-name": "data-exports", "environment": "prod"}),
			URL: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html", Line: 2},
		{Tool: "Prowler", ID: "prowler-aws-ec2_instance_imdsv2_enabled-111122223333-eu-west-1-i-0f1e2d3c4b5a69788",
			Check: "ec2_instance_imdsv2_enabled", Title: "Check if EC2 Instance Metadata Service Version 2 (IMDSv2) is Enabled and Required.",
			Severity: "high", Status: findings.Pass, Types: []string{"Infrastructure Security", "Effects/Data Exposure"},
			Resource: aws("arn:aws:ec2:eu-west-1:111122223333:instance/i-0f1e2d3c4b5a69788", "AwsEc2Instance", "i-0f1e2d3c4b5a69788", "ec2",
				map[string]string{"Name": "payments-worker-3", "team": "payments"}),
			URL: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html", Line: 11},
		{Tool: "Prowler", ID: "prowler-aws-s3_bucket_secure_transport_policy-111122223333-eu-west-1-acme-scratch",
			Check: "s3_bucket_secure_transport_policy", Title: "Check if S3 buckets have secure transport policy.",
			Severity: "medium", Status: findings.Skipped, Categories: []string{"encryption", "internet-exposed"},
			Resource: aws("arn:aws:s3:::acme-scratch", "AwsS3Bucket", "acme-scratch", "s3", nil), Line: 12},
		{Tool: "Prowler", ID: "prowler-kubernetes-apiserver_audit_log_path_set-gke_acme-prod-kube-system-kube-apiserver",
			Check: "apiserver_audit_log_path_set", Title: "Ensure that the --audit-log-path argument is set",
			Severity: "high", Status: findings.Manual, Categories: []string{"logging"},
			Resource: findings.Resource{ID: "8a4b2c1d-3e4f-5061-7283-94a5b6c7d8e9", Type: "KubernetesAPIServer", Name: "kube-apiserver-control-plane",
				Namespace: "kube-system", Provider: "kubernetes", Account: "gke_acme-prod_europe-west1_platform", Service: "apiserver"},
			Line: 13},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	f := got[0]
	if want := "S3 Bucket acme-data-exports does not have Server Side Encryption enabled."; f.Description != want {
		t.Errorf("description = %q, want %q", f.Description, want)
	}
	if want := time.Date(2026, 2, 4, 10, 0, 0, 123456000, time.UTC); !f.Observed.Equal(want) {
		t.Errorf("observed = %v, want %v", f.Observed, want)
	}
	if want := "Ensure that S3 buckets have encryption at rest enabled."; f.Remediation != want {
		t.Errorf("remediation = %q, want %q", f.Remediation, want)
	}
}

func TestReadProwler3(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "prowler3.csv"))
	want := []findtest.Summary{{Tool: "Prowler", ID: "prowler-aws-iam_root_mfa_enabled-444455556666-us-east-1-root",
		Check: "iam_root_mfa_enabled", Title: "Ensure MFA is enabled for the root account", Severity: "critical", Status: findings.Fail,
		Resource: findings.Resource{ID: "arn:aws:iam::444455556666:root", Type: "AwsIamUser", Name: "<root_account>", Provider: "aws",
			Account: "444455556666", Region: "us-east-1", Service: "iam"},
		Line: 2}}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC); !got[0].Observed.Equal(want) {
		t.Errorf("observed = %v, want %v", got[0].Observed, want)
	}
}

func TestReadErrors(t *testing.T) {
	got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", "bad_rows.csv"))
	if len(got) != 2 || got[0].Loc.Line != 2 || got[1].Loc.Line != 7 {
		t.Errorf("read %d findings; want the rows before and after the bad ones", len(got))
	}
	if onus.Code(err) != onus.EInvalid {
		t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
	}
	msgs := findtest.Messages(err)
	want := []string{
		`bad_rows.csv:3:403: STATUS: unknown status "BROKEN" (Prowler writes PASS, FAIL or MANUAL)`,
		`bad_rows.csv:4: row has 10 cells, the header 44`,
		`bad_rows.csv:5:485: SEVERITY: unknown severity "severe"`,
		`bad_rows.csv:6:244: CHECK_ID: no check ID`,
		`bad_rows.csv:8:17: extraneous or missing " in quoted-field`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestReadHeaderErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "x.csv:1: empty file: expected a header row"},
		{"PROVIDER;STATUS\naws;FAIL\n", "x.csv:1: not a Prowler CSV file: the header has no CHECK_ID column"},
		{"CHECK_ID;PROVIDER\nc;aws\n", "x.csv:1: not a Prowler CSV file: the header has no STATUS column"},
	}
	for _, tt := range tests {
		err := Format.Read(strings.NewReader(tt.in), "x.csv", func(*findings.Finding) error { return nil })
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestColumnsByName(t *testing.T) {
	in := "severity;Status;check_id;RESOURCE_UID;REGION;MUTED;Extra\nLOW;fail;c1;arn:aws:s3:::b;eu-west-1;false;x\n"
	var got []*findings.Finding
	err := Format.Read(strings.NewReader(in), "x.csv", func(f *findings.Finding) error {
		got = append(got, f)
		return nil
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("%d findings, %v", len(got), err)
	}
	f := got[0]
	if f.Check != "c1" || f.Status != findings.Fail || f.Severity != onus.Low || f.Resource.ID != "arn:aws:s3:::b" || f.Resource.Region != "eu-west-1" {
		t.Errorf("finding = %+v", f)
	}
}

func TestRowTooLarge(t *testing.T) {
	in := "CHECK_ID;STATUS\n\"" + strings.Repeat("x", 5<<20) + "\";FAIL\n"
	err := Format.Read(strings.NewReader(in), "x.csv", func(*findings.Finding) error { return nil })
	if onus.Code(err) != onus.ETooLarge {
		t.Errorf("error %v, want a too-large error", err)
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "prowler5_aws.csv"), 2)
}

func TestSharedFixtures(t *testing.T) {
	tests := []struct {
		file     string
		count    int
		provider string
		statuses map[findings.Status]int
	}{
		{"example_output_aws.csv", 4, "aws", map[findings.Status]int{findings.Fail: 2, findings.Manual: 2}},
		{"example_output_azure.csv", 4, "azure", map[findings.Status]int{findings.Fail: 1, findings.Pass: 3}},
		{"example_output_gcp.csv", 4, "gcp", map[findings.Status]int{findings.Fail: 1, findings.Pass: 3}},
		{"example_output_kubernetes.csv", 4, "kubernetes", map[findings.Status]int{findings.Fail: 3, findings.Pass: 1}},
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
				if f.Resource.Provider != tt.provider || f.Resource.Account != "<account_uid>" || f.Resource.Service == "" || f.Title == "" {
					t.Errorf("%s: %+v", f.Check, f.Resource)
				}
			}
			if diff := cmp.Diff(tt.statuses, statuses); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSharedKubernetesNamespace(t *testing.T) {
	got := findtest.MustRead(t, Format, testkit.Shared(t, "fixtures/prowler/example_output_kubernetes.csv"))
	for _, f := range got {
		if f.Resource.Namespace != "kube-system" || f.Resource.Region != "" {
			t.Errorf("%s: namespace %q region %q, want the namespace from REGION", f.Check, f.Resource.Namespace, f.Resource.Region)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;FINDING_UID;PROVIDER;CHECK_ID;STATUS\n", true},
		{"ASSESSMENT_START_TIME;FINDING_UNIQUE_ID;PROVIDER;ACCOUNT_ID;CHECK_ID;STATUS\r\n", true},
		{"check_id;status;provider\n", true},
		{"CHECK_ID,STATUS,PROVIDER\n", false},
		{"id;service;name\n", false},
		{"CHECK_ID;STATUS\n", false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
