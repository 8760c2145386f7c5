package asff

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

const acct = "111122223333"

func aws(id, typ, name, region, service string, tags map[string]string) findings.Resource {
	return findings.Resource{ID: id, Type: typ, Name: name, Provider: "aws", Account: acct, Region: region, Service: service, Tags: tags}
}

func TestReadSecurityHubExport(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "securityhub_export.json"))
	standards := []string{"Software and Configuration Checks/Industry and Regulatory Standards"}
	cve := []string{"Software and Configuration Checks/Vulnerabilities/CVE"}
	const s3url = "https://docs.aws.amazon.com/console/securityhub/S3.8/remediation"
	bucket := aws("arn:aws:s3:::acme-public-assets", "AwsS3Bucket", "acme-public-assets", "eu-west-1", "s3",
		map[string]string{"team": "web", "environment": "prod"})
	want := []findtest.Summary{
		{Tool: "Security Hub", ID: "arn:aws:securityhub:eu-west-1:" + acct + ":security-control/S3.8/finding/2f6a4c1e-7b3d-4e5f-9a0b-1c2d3e4f5a6b",
			Check: "S3.8", Title: "S3 general purpose buckets should block public access", Severity: "high", Status: findings.Fail,
			Types: standards, Resource: bucket, URL: s3url, Line: 3, Column: 9},
		{Tool: "GuardDuty", ID: "arn:aws:guardduty:eu-west-1:" + acct + ":detector/12abc34d567e8fa901bc2d34e56789f0/finding/d8a3f1e2b4c5",
			Check:    "Backdoor:EC2-C&CActivity.B!DNS",
			Title:    "EC2 instance i-0f1e2d3c4b5a69788 is querying a domain name associated with a known command and control server.",
			Severity: "high", Status: findings.Fail, Types: []string{"TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS"},
			Resource: aws("arn:aws:ec2:eu-west-1:"+acct+":instance/i-0f1e2d3c4b5a69788", "AwsEc2Instance", "i-0f1e2d3c4b5a69788", "eu-west-1", "ec2",
				map[string]string{"Name": "payments-worker-3", "team": "payments"}),
			URL:  "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?search=id%3Dd8a3f1e2b4c5",
			Line: 79, Column: 9},
		{Tool: "Inspector", ID: "arn:aws:inspector2:eu-west-1:" + acct + ":finding/7c0ffee1e2d3c4b5a6978",
			Check: "CVE-2024-3094", Title: "CVE-2024-3094 - xz, xz-libs", Severity: "critical", Status: findings.Fail, Types: cve,
			Resource:      aws("arn:aws:ecr:eu-west-1:"+acct+":repository/payments-api/sha256:4b1e2d3c", "AwsEcrContainerImage", "4b1e2d3c", "eu-west-1", "ecr", nil),
			Vulnerability: &findings.Vulnerability{ID: "CVE-2024-3094", Package: "xz-libs", Version: "5.6.0-1.fc40", Class: "os", Fixed: "0:5.6.1-1.fc40"},
			Line:          124, Column: 9},
		{Tool: "Inspector", ID: "arn:aws:inspector2:eu-west-1:" + acct + ":finding/7c0ffee1e2d3c4b5a6978-npm",
			Check: "GHSA-jf85-cpcp-j695", Title: "GHSA-jf85-cpcp-j695 - lodash", Severity: "medium", Status: findings.Fail, Types: cve,
			Resource:      aws("arn:aws:lambda:eu-west-1:"+acct+":function:invoice-render", "AwsLambdaFunction", "invoice-render", "eu-west-1", "lambda", nil),
			Vulnerability: &findings.Vulnerability{ID: "GHSA-jf85-cpcp-j695", Package: "lodash", Version: "4.17.11", Class: "application", Fixed: "4.17.12"},
			Line:          191, Column: 9},
		{Tool: "Security Hub", ID: "arn:aws:securityhub:eu-west-1:" + acct + ":security-control/EC2.19/finding/9e9e4c1e-7b3d-4e5f-9a0b-1c2d3e4f5a6b",
			Check: "EC2.19", Title: "Security groups should not allow unrestricted access to ports with high risk", Severity: "high",
			Status: findings.Skipped, Types: standards,
			Resource: aws("arn:aws:ec2:eu-west-1:"+acct+":security-group/sg-0123456789abcdef0", "AwsEc2SecurityGroup", "sg-0123456789abcdef0", "eu-west-1", "ec2", nil),
			URL:      s3url, Line: 250, Column: 9},
		{Tool: "Security Hub", ID: "arn:aws:securityhub:eu-west-1:" + acct + ":security-control/S3.8/finding/aaaa4c1e-7b3d-4e5f-9a0b-1c2d3e4f5a6b",
			Check: "S3.8", Title: "S3 general purpose buckets should block public access", Severity: "high", Status: findings.Skipped,
			Types: standards, Resource: bucket, URL: s3url, Line: 316, Column: 9},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := time.Date(2026, 2, 1, 6, 30, 12, 345e6, time.UTC); !got[0].Observed.Equal(want) {
		t.Errorf("observed = %v, want LastObservedAt %v", got[0].Observed, want)
	}
	if want := "For information on how to correct this issue, consult the AWS Security Hub controls documentation."; got[0].Remediation != want {
		t.Errorf("remediation = %q, want %q", got[0].Remediation, want)
	}
}

func TestReadProwlerArray(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "prowler.asff.json"))
	var checks []string
	var statuses []findings.Status
	for _, f := range got {
		checks = append(checks, f.Check)
		statuses = append(statuses, f.Status)
		if f.Tool != "Prowler" || f.Types[0] != "Software and Configuration Checks" {
			t.Errorf("%s: tool %q, types %v", f.Check, f.Tool, f.Types)
		}
	}
	if diff := cmp.Diff([]string{"s3_bucket_default_encryption", "iam_root_mfa_enabled", "s3_bucket_secure_transport_policy"}, checks); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
	// Prowler writes its muted findings as WARNING.
	if diff := cmp.Diff([]findings.Status{findings.Fail, findings.Pass, findings.Manual}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	want := aws("arn:aws:s3:::acme-data-exports", "AwsS3Bucket", "acme-data-exports", "eu-west-1", "s3", map[string]string{"team": "data"})
	if diff := cmp.Diff(want, got[0].Resource); diff != "" {
		t.Errorf("resource (-want +got):\n%s", diff)
	}
	if want := "S3 Bucket acme-data-exports does not have Server Side Encryption enabled."; got[0].Description != want {
		t.Errorf("description = %q, want %q", got[0].Description, want)
	}
}

func TestReadEvents(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "events.ndjson"))
	tests := []struct {
		check, tool string
		status      findings.Status
		unrated     bool
	}{
		{"CIS.2.7", "Security Hub", findings.Fail, false},
		{"CIS.3.7", "Security Hub", findings.Fail, false},
		{"CloudTrail.2", "Security Hub", findings.Manual, false},
		{"ebs-unencrypted", "", findings.Pass, true},
	}
	if len(got) != len(tests) {
		t.Fatalf("read %d findings, want %d", len(got), len(tests))
	}
	for i, tt := range tests {
		f := got[i]
		if f.Check != tt.check || f.Tool != tt.tool || f.Status != tt.status || f.Unrated != tt.unrated || f.Loc.Line != i+1 {
			t.Errorf("line %d: check %q tool %q status %s unrated %v at line %d; want %q %q %s %v", i+1,
				f.Check, f.Tool, f.Status, f.Unrated, f.Loc.Line, tt.check, tt.tool, tt.status, tt.unrated)
		}
	}
	if r := got[3].Resource; r.Region != "eu-west-1" || r.Service != "ec2" || r.Name != "vol-0abc" {
		t.Errorf("resource from the ARN = %+v", r)
	}
}

func TestReadErrors(t *testing.T) {
	got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", "bad_findings.json"))
	if len(got) != 2 || got[0].Loc.Line != 2 || got[1].Loc.Line != 199 {
		t.Errorf("read %d findings; want the good ones before and after the bad ones", len(got))
	}
	if onus.Code(err) != onus.EInvalid {
		t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
	}
	msgs := findtest.Messages(err)
	want := []string{
		"bad_findings.json:70:21: [1].Severity.Normalized: expected an integer, found a string",
		"bad_findings.json:126:18: [2].Resources: expected an array, found an object",
		"bad_findings.json:148:3: finding has no GeneratorId",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		members string
		want    string
	}{
		{`"GeneratorId": "prowler-iam_root_mfa_enabled"`, "iam_root_mfa_enabled"},
		{`"GeneratorId": "security-control/IAM.6"`, "IAM.6"},
		{`"GeneratorId": "x", "Compliance": {"SecurityControlId": "Config.1"}`, "Config.1"},
		{`"GeneratorId": "x", "ProductFields": {"ControlId": "S3.2"}`, "S3.2"},
		{`"GeneratorId": "pci-dss/v/3.2.1/PCI.AutoScaling.1"`, "PCI.AutoScaling.1"},
		{`"GeneratorId": "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.10"`, "CIS.1.10"},
		{`"GeneratorId": "Trivy", "Vulnerabilities": [{"Id": "CVE-2021-44228"}]`, "CVE-2021-44228"},
		{`"GeneratorId": "custom-rule"`, "custom-rule"},
	}
	for _, tt := range tests {
		var got []*findings.Finding
		err := Format.Read(strings.NewReader(`{"SchemaVersion": "2018-10-08", `+tt.members+`}`), "x.json", func(f *findings.Finding) error {
			got = append(got, f)
			return nil
		})
		if err != nil || len(got) != 1 {
			t.Errorf("%s: %d findings, %v", tt.members, len(got), err)
			continue
		}
		if got[0].Check != tt.want {
			t.Errorf("%s: check = %q, want %q", tt.members, got[0].Check, tt.want)
		}
	}
}

func TestSeverity(t *testing.T) {
	tests := []struct {
		severity string
		want     onus.Severity
	}{
		{`{"Label": "INFORMATIONAL"}`, onus.Info},
		{`{"Normalized": 39}`, onus.Low},
		{`{"Normalized": 40}`, onus.Medium},
		{`{"Normalized": 89}`, onus.High},
		{`{"Normalized": 90, "Label": "CRITICAL"}`, onus.Critical},
	}
	for _, tt := range tests {
		var got *findings.Finding
		err := Format.Read(strings.NewReader(`{"GeneratorId": "g", "Severity": `+tt.severity+`}`), "x.json", func(f *findings.Finding) error {
			got = f
			return nil
		})
		if err != nil || got == nil || got.Severity != tt.want || got.Unrated {
			t.Errorf("%s: %+v, %v; want %s", tt.severity, got, err, tt.want)
		}
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "securityhub_export.json"), 1)
}

func TestSharedFixtures(t *testing.T) {
	tests := []struct {
		file   string
		count  int
		check  string // of the first finding
		tool   string
		typ    string
		class  string
		status findings.Status
	}{
		{"heimdall2__securityhub_cis_findings_export.json", 18, "CIS.1.1", "Security Hub", "AwsAccount", "", findings.Fail},
		{"heimdall2__prowler_v2_ndjson.asff-json", 10, "check11", "Prowler", "AwsAccount", "", findings.Fail},
		{"heimdall2__trivy_image_asff.json", 44, "CVE-2021-36159", "Trivy", "Container", "os", findings.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testkit.Shared(t, "fixtures/asff/"+tt.file)
			got := findtest.ReadFixture(t, Format, path)
			if len(got) != tt.count {
				t.Fatalf("read %d findings, want %d", len(got), tt.count)
			}
			f := got[0]
			class := ""
			if f.Vulnerability != nil {
				class = f.Vulnerability.Class
			}
			if f.Check != tt.check || f.Tool != tt.tool || f.Resource.Type != tt.typ || class != tt.class || f.Status != tt.status ||
				f.Resource.Account == "" || f.Resource.Provider != "aws" {
				t.Errorf("first finding: %+v", findtest.Summarize(got)[0])
			}
		})
	}
}

func TestSharedSecurityHubExport(t *testing.T) {
	got := findtest.MustRead(t, Format, testkit.Shared(t, "fixtures/asff/heimdall2__securityhub_cis_findings_export.json"))
	last := findtest.Summarize(got)[len(got)-1]
	want := findtest.Summary{Tool: "Security Hub",
		ID:    "arn:aws:securityhub:us-east-1:123456789123:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.2/finding/5fd36ec6-3f98-4d5b-a9cb-5f82e389a8e9",
		Check: "S3.2", Title: "S3.2 S3 buckets should prohibit public read access", Severity: "info", Status: findings.Pass,
		Types: []string{"Effects/Data Exposure/AWS-Foundational-Security-Best-Practices"},
		Resource: findings.Resource{ID: "arn:aws:s3:::example-bucket-123456789123-us-east-1", Type: "AwsS3Bucket", Name: "example-bucket-123456789123-us-east-1",
			Provider: "aws", Account: "123456789123", Region: "us-east-1", Service: "s3"},
		URL: "https://docs.aws.amazon.com/console/securityhub/S3.2/remediation", Line: 1247, Column: 5}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last finding (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"Findings": [{"SchemaVersion": "2018-10-08", "Id": "x", "ProductArn": "p"`, true},
		{`{"Findings": [], "NextToken": null}`, true},
		{`[{"SchemaVersion": "2018-10-08", "GeneratorId": "g"}]`, true},
		{"{\"SchemaVersion\":\"2018-10-08\",\"AwsAccountId\":\"1\"}\n{", true},
		{`{"SchemaVersion": 2, "ArtifactName": "alpine"}`, false},
		{`{"Findings": [{"id": 1}]}`, false},
		{`{"Findings": [], "other": 1}`, false},
		{`[{"SchemaVersion": "2018-10-08"}]`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
