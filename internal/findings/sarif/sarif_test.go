package sarif

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
	"github.com/onus-dev/onus/internal/testkit"
)

func TestReadCheckov(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "checkov_modules.sarif"))
	const logging = "Ensure the S3 bucket has access logging enabled"
	const loggingURL = "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging"
	want := []findtest.Summary{
		// The rule names the first failure's resource, with its module.
		{Tool: "Checkov", Check: "CKV_AWS_18", Title: logging, Severity: "low", Status: findings.Fail,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "raw", Address: "module.data_lake.aws_s3_bucket.raw", Provider: "aws",
				File: "modules/data lake/s3.tf", Line: 12},
			URL: loggingURL, Line: 64, Column: 9},
		// The second failure has only its snippet.
		{Tool: "Checkov", Check: "CKV_AWS_18", Title: logging, Severity: "low", Status: findings.Fail,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "curated", Address: "aws_s3_bucket.curated", Provider: "aws",
				File: "modules/data lake/s3.tf", Line: 22},
			URL: loggingURL, Line: 88, Column: 9},
		{Tool: "Checkov", Check: "CKV_AWS_18", Title: logging, Severity: "low", Status: findings.Skipped,
			Resource: findings.Resource{Provider: "aws", File: "logs.tf", Line: 1}, URL: loggingURL, Line: 112, Column: 9},
		{Tool: "Checkov", Check: "CKV_K8S_16", Title: "Container should not be privileged", Severity: "high", Status: findings.Fail,
			Resource: findings.Resource{Address: "Deployment.payments.api", Provider: "kubernetes", File: "k8s/payments.yaml", Line: 1},
			Line:     139, Column: 9},
		{Tool: "Checkov", Check: "CVE-2021-23337", Title: "lodash: command injection via template", Severity: "high", Status: findings.Fail,
			Resource:      findings.Resource{File: "web/package-lock.json", Line: 1},
			Vulnerability: &findings.Vulnerability{ID: "CVE-2021-23337", Package: "lodash", Version: "4.17.20", Class: "application"},
			URL:           "https://nvd.nist.gov/vuln/detail/CVE-2021-23337", Line: 160, Column: 9},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if got[0].Remediation != "" || got[4].Remediation != "Upgrade lodash to 4.17.21 or later." {
		t.Errorf("remediations %q and %q; want none where the help repeats the title", got[0].Remediation, got[4].Remediation)
	}
}

func TestReadTrivyVulnerabilities(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "trivy_image.sarif"))
	var vulns []findings.Vulnerability
	var severities []string
	for _, f := range got {
		vulns = append(vulns, *f.Vulnerability)
		severities = append(severities, f.Severity.String())
	}
	want := []findings.Vulnerability{
		{ID: "CVE-2024-3094", Package: "xz-libs", Version: "5.6.0-r0", Class: "os", Fixed: "5.6.1-r2"},
		{ID: "CVE-2023-45288", Package: "golang.org/x/net", Version: "v0.17.0", Class: "application", Fixed: "0.23.0"},
	}
	if diff := cmp.Diff(want, vulns); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"critical", "high"}, severities); diff != "" {
		t.Errorf("severities from security-severity (-want +got):\n%s", diff)
	}
}

// TestReadSortedKeys reads a log whose results come before the rules, and
// checks each kind, level and suppression.
func TestReadSortedKeys(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "sorted_keys.sarif"))
	type row struct {
		Check, Title, Severity string
		Unrated                bool
		Status                 findings.Status
	}
	var rows []row
	for _, f := range got {
		rows = append(rows, row{f.Check, f.Title, f.Severity.String(), f.Unrated, f.Status})
		if f.Tool != "acme-iac-lint" {
			t.Errorf("%s: tool %q", f.Check, f.Tool)
		}
	}
	want := []row{
		{"TF001", "S3 buckets are versioned", "high", false, findings.Fail},
		{"TF002", "db-encrypted", "medium", true, findings.Pass},
		{"TF003", "Check the IAM boundary by hand", "medium", false, findings.Manual},
		{"TF001", "S3 buckets are versioned", "high", false, findings.Pass},
		{"TF004", "No load balancers", "medium", true, findings.Skipped},
		{"TF001", "S3 buckets are versioned", "high", false, findings.Fail},
		{"TF002", "db-encrypted", "info", false, findings.Fail},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	want0 := findings.Resource{Type: "aws_s3_bucket", Name: "assets", Address: "module.storage.aws_s3_bucket.assets", Provider: "aws"}
	if diff := cmp.Diff(want0, got[0].Resource); diff != "" {
		t.Errorf("resource from the logical location (-want +got):\n%s", diff)
	}
	if got[5].ID != "8c2c1a3e-9f7b-4d6e-a5b4-3c2d1e0f9a8b" {
		t.Errorf("ID = %q, want the guid", got[5].ID)
	}
}

func TestReadErrors(t *testing.T) {
	got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", "bad_results.sarif"))
	if len(got) != 2 || got[0].Resource.Line != 3 || got[1].Resource.Line != 30 {
		t.Errorf("read %d findings; want the results before and after the bad ones", len(got))
	}
	if onus.Code(err) != onus.EInvalid {
		t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
	}
	msgs := findtest.Messages(err)
	want := []string{
		"bad_results.sarif:15:13: runs[0].tool.driver.rules[1]: expected an object, found a string",
		"bad_results.sarif:40:21: runs[0].results[1].ruleId: expected a string, found a number",
		"bad_results.sarif:45:9: result has no ruleId",
		"bad_results.sarif:57:32: runs[0].results[3].locations[0].physicalLocation.region.startLine: expected an integer, found a string",
		"bad_results.sarif:63:9: runs[0].results[4]: expected a result (an object), found a string",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestHoldIsBounded checks that a run with more results before its rules
// than a hold keeps still emits every result, and says what it lost.
func TestHoldIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": "2.1.0", "runs": [{"results": [`)
	n := parse.MaxHeld + 5
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"ruleId": "R%d", "message": {"text": "m"}}`, i%3)
	}
	b.WriteString(`], "tool": {"driver": {"name": "late", "rules": [{"id": "R0", "shortDescription": {"text": "rule zero"}}]}}}]}`)
	count, titled := 0, 0
	err := Format.Read(strings.NewReader(b.String()), "big.sarif", func(f *findings.Finding) error {
		count++
		if f.Title == "rule zero" {
			titled++
		}
		return nil
	})
	if count != n {
		t.Errorf("emitted %d findings, want %d", count, n)
	}
	if want := (parse.MaxHeld + 2) / 3; titled != want {
		t.Errorf("%d findings have their rule's title, want the %d held", titled, want)
	}
	if onus.Code(err) != onus.EUnsupported || !strings.Contains(err.Error(), "run's rules") {
		t.Errorf("error %v, want one saying the rules came too late", err)
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "sorted_keys.sarif"), 1)
}

func TestSharedFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []findtest.Summary
	}{
		{"checkov__docs_SARIF_example.sarif", []findtest.Summary{
			{Tool: "Checkov", Check: "CKV_AWS_21", Title: "Ensure the S3 bucket has versioning enabled", Severity: "high", Status: findings.Fail,
				Resource: findings.Resource{Type: "aws_s3_bucket", Name: "operations", Address: "aws_s3_bucket.operations", Provider: "aws", File: "s3.tf", Line: 1},
				URL:      "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-16-enable-versioning", Line: 57, Column: 9},
			{Tool: "Checkov", Check: "CKV_AWS_3", Title: "Ensure all data stored in the EBS is securely encrypted", Severity: "medium", Status: findings.Fail,
				Resource: findings.Resource{Type: "aws_ebs_volume", Name: "web_host_storage", Address: "aws_ebs_volume.web_host_storage", Provider: "aws", File: "ec2.tf", Line: 5},
				URL:      "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/aws-general-policies/general-7", Line: 82, Column: 9},
		}},
		{"tfsec__defsec_formatter_test_expected.sarif", []findtest.Summary{
			{Tool: "tfsec", Check: "aws-dynamodb-enable-at-rest-encryption", Title: "summary", Severity: "high", Status: findings.Fail,
				Resource: findings.Resource{Provider: "aws", Service: "dynamodb", File: "test.test", Line: 123}, URL: "https://google.com", Line: 22, Column: 9},
		}},
		{"trivy__sarif_test_terraform_misconfig.transcribed.sarif", []findtest.Summary{
			{Tool: "Trivy", Check: "AVD-GCP-0007", Title: "Service accounts should not have roles assigned with excessive privileges", Severity: "high",
				Status: findings.Fail,
				Resource: findings.Resource{Provider: "gcp", Line: 91,
					File: "github.com/terraform-google-modules/terraform-google-kubernetes-engine?ref=c4809044b52b91505bfba5ef9f25526aa0361788/modules/workload-identity/main.tf"},
				URL: "https://avd.aquasec.com/misconfig/avd-gcp-0007", Line: 43, Column: 9},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testkit.Shared(t, "fixtures/sarif/"+tt.file)
			got := findtest.ReadFixture(t, Format, path)
			if diff := cmp.Diff(tt.want, findtest.Summarize(got)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"version": "2.1.0", "runs": [{"tool": {}}]}`, true},
		{`{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [`, true},
		{`{"version": "2.1.0"}`, false},
		{`{"version": "1.0", "runs": []}`, false},
		{`[{"version": "2.1.0", "runs": []}]`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

func TestRulesAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "many", "rules": [`)
	for i := range maxRules + 2 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "R%d", "shortDescription": {"text": "rule %d"}}`, i, i)
	}
	b.WriteString(`]}}, "results": [{"ruleId": "R1"}, {"ruleId": "R` + fmt.Sprint(maxRules+1) + `"}]}]}`)
	var titles []string
	err := Format.Read(strings.NewReader(b.String()), "many.sarif", func(f *findings.Finding) error {
		titles = append(titles, f.Title)
		return nil
	})
	if diff := cmp.Diff([]string{"rule 1", ""}, titles); diff != "" {
		t.Errorf("titles (-want +got):\n%s", diff)
	}
	if onus.Code(err) != onus.ETooLarge {
		t.Errorf("error %v, want one saying rules were ignored", err)
	}
}
