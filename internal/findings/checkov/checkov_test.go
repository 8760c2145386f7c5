package checkov

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func TestReadFrameworks(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "frameworks.json"))
	want := []findtest.Summary{
		{Tool: "Checkov", Check: "CKV_AWS_19", Title: "Ensure all data stored in the S3 bucket is securely encrypted at rest", Severity: "high",
			Status: findings.Pass,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "raw", Address: "module.data_lake.aws_s3_bucket.raw", Provider: "aws",
				Tags: map[string]string{"team": "data", "environment": "prod"}, File: "/modules/data_lake/main.tf", Line: 3},
			URL:  "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-14-data-encrypted-at-rest",
			Line: 6, Column: 17},
		{Tool: "Checkov", Check: "CKV_AWS_144", Title: "Ensure that S3 bucket has cross-region replication enabled", Severity: "low", Status: findings.Fail,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "logs", Address: `aws_s3_bucket.logs["eu"]`, Provider: "aws",
				Tags: map[string]string{"Name": "logs-eu"}, File: "/logs.tf", Line: 1},
			Line: 54, Column: 17},
		{Tool: "Checkov", Check: "CKV2_AWS_5", Title: "Ensure that Security Groups are attached to another resource", Severity: "medium", Unrated: true,
			Status: findings.Fail,
			Resource: findings.Resource{Type: "azurerm_network_security_group", Name: "web", Address: "azurerm_network_security_group.web",
				Provider: "azure", File: "/azure.tf", Line: 20},
			Line: 99, Column: 17},
		{Tool: "Checkov", Check: "CKV_AWS_18", Title: "Ensure the S3 bucket has access logging enabled", Severity: "medium", Unrated: true,
			Status:   findings.Skipped,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "scratch", Address: "aws_s3_bucket.scratch", Provider: "aws", File: "/scratch.tf", Line: 1},
			Line:     144, Column: 17},
		{Tool: "Checkov", Check: "CKV_AWS_21", Title: "Ensure the S3 bucket has versioning enabled", Severity: "medium", Status: findings.Fail,
			Resource: findings.Resource{Type: "AWS::S3::Bucket", Name: "ExportsBucket", Address: "AWS::S3::Bucket.ExportsBucket", Provider: "aws",
				File: "/templates/exports.yaml", Line: 10},
			Line: 207, Column: 17},
		{Tool: "Checkov", Check: "CKV_K8S_16", Title: "Container should not be privileged", Severity: "high", Status: findings.Fail,
			Resource: findings.Resource{Type: "Deployment", Name: "api", Namespace: "payments", Address: "Deployment.payments.api", Provider: "kubernetes",
				File: "/k8s/api.yaml", Line: 1},
			Line: 268, Column: 17},
		{Tool: "Checkov", Check: "CVE-2021-23337", Title: "Command injection in lodash", Severity: "high", Status: findings.Fail,
			Resource:      findings.Resource{File: "/web/package-lock.json"},
			Vulnerability: &findings.Vulnerability{ID: "CVE-2021-23337", Package: "lodash", Version: "4.17.20", Class: "application", Fixed: "4.17.21"},
			Line:          322, Column: 17},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestReadEmptyReport(t *testing.T) {
	if got := findtest.ReadFixture(t, Format, filepath.Join("testdata", "empty.json")); len(got) != 0 {
		t.Errorf("read %d findings from a report of nothing", len(got))
	}
}

func TestReadErrors(t *testing.T) {
	got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", "bad_checks.json"))
	if len(got) != 2 || got[0].Check != "CKV_AWS_1" || got[1].Check != "CKV_AWS_4" {
		t.Errorf("read %d findings; want the checks before and after the bad ones", len(got))
	}
	if onus.Code(err) != onus.EInvalid {
		t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
	}
	msgs := findtest.Messages(err)
	want := []string{
		`bad_checks.json:79:21: results.failed_checks[1].severity: unknown severity "SEVERE"`,
		`bad_checks.json:91:7: results.failed_checks[2]: expected a check (an object), found a string`,
		`bad_checks.json:92:7: check has no check_id`,
		`bad_checks.json:163:11: results.failed_checks[4].entity_tags[0]: expected an object, found a string`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestResourceByShape(t *testing.T) {
	// A report whose check_type comes after its results: the framework is
	// told from the address.
	in := `{"results": {"failed_checks": [
		{"check_id": "CKV_AWS_20", "resource": "AWS::S3::Bucket.Assets"},
		{"check_id": "CKV_AZURE_35", "resource": "Microsoft.Storage/storageAccounts.acmedata"},
		{"check_id": "CKV_GCP_29", "resource": "module.gcs.google_storage_bucket.b[0]"},
		{"check_id": "CKV_DOCKER_2", "resource": "/Dockerfile."}]}, "check_type": "mixed"}`
	var got []findings.Resource
	err := Format.Read(strings.NewReader(in), "x.json", func(f *findings.Finding) error {
		got = append(got, f.Resource)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []findings.Resource{
		{Type: "AWS::S3::Bucket", Name: "Assets", Address: "AWS::S3::Bucket.Assets", Provider: "aws"},
		{Type: "Microsoft.Storage/storageAccounts", Name: "acmedata", Address: "Microsoft.Storage/storageAccounts.acmedata", Provider: "azure"},
		{Type: "google_storage_bucket", Name: "b", Address: "module.gcs.google_storage_bucket.b[0]", Provider: "gcp"},
		{Address: "/Dockerfile."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "frameworks.json"), 3)
}

func TestSharedFixtures(t *testing.T) {
	tests := []struct {
		file     string
		statuses map[findings.Status]int
	}{
		{"heimdall2__checkov_synthetic.json", map[findings.Status]int{findings.Pass: 1, findings.Fail: 1, findings.Skipped: 1}},
		{"heimdall2__checkov_with_skips.json", map[findings.Status]int{findings.Pass: 8, findings.Fail: 12, findings.Skipped: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testkit.Shared(t, "fixtures/checkov/"+tt.file)
			got := findtest.ReadFixture(t, Format, path)
			statuses := map[findings.Status]int{}
			for _, f := range got {
				statuses[f.Status]++
				if f.Resource.Address == "" || f.Resource.File == "" || f.Resource.Provider != "aws" {
					t.Errorf("%s: %+v", f.Check, f.Resource)
				}
			}
			if diff := cmp.Diff(tt.statuses, statuses); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSharedModuleResource(t *testing.T) {
	got := findtest.MustRead(t, Format, testkit.Shared(t, "fixtures/checkov/heimdall2__checkov_synthetic.json"))
	var failed *findings.Finding
	for _, f := range got {
		if f.Status == findings.Fail {
			failed = f
		}
	}
	want := findtest.Summary{Tool: "Checkov", Check: "CKV_AWS_150", Title: "Ensure that Load Balancer has deletion protection enabled",
		Severity: "high", Status: findings.Fail,
		Resource: findings.Resource{Type: "aws_lb", Name: "main", Address: "module.alb.aws_lb.main", Provider: "aws",
			Tags: map[string]string{"Name": "test-alb"}, File: "/alb/main.tf", Line: 1},
		URL:  "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/aws-general-policies/bc-aws-150",
		Line: 60, Column: 7}
	if failed == nil {
		t.Fatal("no failed check")
	}
	if diff := cmp.Diff(want, findtest.Summarize([]*findings.Finding{failed})[0]); diff != "" {
		t.Errorf("failed check (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"check_type": "terraform", "results": {"failed_checks": []}}`, true},
		{`[{"check_type": "terraform", "results": {"passed_checks": [`, true},
		{`{"passed": 0, "failed": 0, "checkov_version": "3.2.0"}`, true},
		{`{"check_type": "terraform", "results": {}}`, false},
		{`{"results": {"failed_checks": []}}`, false},
		{`{"Results": [], "SchemaVersion": 2}`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
