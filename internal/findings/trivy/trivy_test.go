package trivy

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
	"github.com/onus-dev/onus/internal/testkit"
)

func TestReadImage(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "image.json"))
	const image = "registry.acme.example/payments/api:1.42.0"
	res := func(file string, line int) findings.Resource {
		return findings.Resource{ID: image, Type: "container_image", Name: image, File: file, Line: line}
	}
	want := []findtest.Summary{
		{Tool: "Trivy", Check: "CVE-2024-3094", Title: "xz: malicious code in distributed source", Severity: "critical", Status: findings.Fail,
			Resource:      res("", 0),
			Vulnerability: &findings.Vulnerability{ID: "CVE-2024-3094", Package: "xz-libs", Version: "5.6.0-r0", Class: "os", Fixed: "5.6.1-r2"},
			URL:           "https://avd.aquasec.com/nvd/cve-2024-3094", Line: 37, Column: 9},
		{Tool: "Trivy", Check: "CVE-2023-5678", Title: "openssl: Generating excessively long X9.42 DH keys", Severity: "medium", Status: findings.Fail,
			Resource:      res("", 0),
			Vulnerability: &findings.Vulnerability{ID: "CVE-2023-5678", Package: "libcrypto3", Version: "3.1.4-r0", Class: "os", Fixed: "3.1.4-r1"},
			URL:           "https://avd.aquasec.com/nvd/cve-2023-5678", Line: 76, Column: 9},
		{Tool: "Trivy", Check: "CVE-2023-45288", Title: "golang: net/http, x/net/http2: unlimited number of CONTINUATION frames causes DoS",
			Severity: "high", Status: findings.Fail, Resource: res("app/payments-api", 0),
			Vulnerability: &findings.Vulnerability{ID: "CVE-2023-45288", Package: "golang.org/x/net", Version: "v0.17.0", Class: "application", Fixed: "0.23.0"},
			URL:           "https://avd.aquasec.com/nvd/cve-2023-45288", Line: 122, Column: 9},
		{Tool: "Trivy", Check: "GHSA-jf85-cpcp-j695", Title: "Prototype pollution in lodash", Severity: "medium", Unrated: true, Status: findings.Fail,
			Resource:      res("app/node_modules/lodash/package.json", 0),
			Vulnerability: &findings.Vulnerability{ID: "GHSA-jf85-cpcp-j695", Package: "lodash", Version: "4.17.11", Class: "application", Fixed: "4.17.12"},
			URL:           "https://avd.aquasec.com/nvd/ghsa-jf85-cpcp-j695", Line: 168, Column: 9},
		{Tool: "Trivy", Check: "aws-access-key-id", Title: "AWS Access Key ID", Severity: "critical", Status: findings.Fail,
			Categories: []string{"secret", "AWS"}, Resource: res("/app/.env", 3), Line: 214, Column: 9},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := time.Date(2026, 2, 6, 8, 15, 0, 123456789, time.UTC); !got[0].Observed.Equal(want) {
		t.Errorf("observed = %v, want CreatedAt %v", got[0].Observed, want)
	}
	if want := "AWS_ACCESS_KEY_ID=********************"; got[4].Description != want {
		t.Errorf("secret description = %q, want the masked match %q", got[4].Description, want)
	}
}

// TestReadSortedKeys reads a config scan whose keys were sorted, so that
// each result's Target comes after its misconfigurations.
func TestReadSortedKeys(t *testing.T) {
	got := findtest.MustRead(t, Format, filepath.Join("testdata", "config_sorted.json"))
	const file = "envs/prod/network.tf"
	want := []findtest.Summary{
		{Tool: "Trivy", Check: "AVD-AWS-0107", Title: "An ingress security group rule allows traffic from /0.", Severity: "critical", Status: findings.Fail,
			Resource: findings.Resource{Type: "aws_security_group_rule", Name: "ssh", Address: "module.bastion.aws_security_group_rule.ssh",
				Provider: "aws", Service: "ec2", File: file, Line: 18},
			URL: "https://avd.aquasec.com/misconfig/avd-aws-0107", Line: 13, Column: 9},
		{Tool: "Trivy", Check: "AVD-AWS-0088", Title: "Unencrypted S3 bucket.", Severity: "high", Status: findings.Pass,
			Resource: findings.Resource{Type: "aws_s3_bucket", Name: "flow_logs", Address: "aws_s3_bucket.flow_logs", Provider: "aws", Service: "s3",
				File: file, Line: 40},
			Line: 50, Column: 9},
		{Tool: "Trivy", Check: "AVD-GCP-0029", Title: "VPC flow logs should be enabled for all subnets", Severity: "low", Status: findings.Skipped,
			Resource: findings.Resource{Type: "google_compute_subnetwork", Name: "private", Address: "google_compute_subnetwork.private", Provider: "gcp",
				Service: "compute", File: file, Line: 60},
			Line: 66, Column: 9},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if want := "Set a more restrictive cidr range"; got[0].Remediation != want {
		t.Errorf("remediation = %q, want the Resolution %q", got[0].Remediation, want)
	}
}

func TestReadErrors(t *testing.T) {
	got, err := findtest.ReadFile(t, Format, filepath.Join("testdata", "bad.json"))
	if len(got) != 2 || got[0].Check != "CVE-2021-36159" || got[1].Check != "CVE-2022-37434" {
		t.Errorf("read %d findings; want the vulnerabilities before and after the bad ones", len(got))
	}
	if onus.Code(err) != onus.EInvalid {
		t.Errorf("code = %q, want %q", onus.Code(err), onus.EInvalid)
	}
	msgs := findtest.Messages(err)
	want := []string{
		`bad.json:73:23: Results[0].Vulnerabilities[1].Severity: unknown severity "BAD"`,
		`bad.json:89:9: finding has no ID`,
		`bad.json:94:9: Results[0].Vulnerabilities[3]: expected a vulnerability (an object), found an array`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestHoldIsBounded checks that a result with more misconfigurations
// before its target than a hold keeps still emits every one.
func TestHoldIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"SchemaVersion": 2, "Results": [{"Misconfigurations": [`)
	n := parse.MaxHeld + 3
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"AVDID": "AVD-AWS-%04d", "Severity": "LOW", "Status": "FAIL"}`, i%10)
	}
	b.WriteString(`], "Target": "main.tf", "Class": "config", "Type": "terraform"}]}`)
	count, withFile := 0, 0
	err := Format.Read(strings.NewReader(b.String()), "big.json", func(f *findings.Finding) error {
		count++
		if f.Resource.File == "main.tf" {
			withFile++
		}
		return nil
	})
	if count != n || withFile != parse.MaxHeld {
		t.Errorf("emitted %d findings, %d with their target; want %d and %d", count, withFile, n, parse.MaxHeld)
	}
	if onus.Code(err) != onus.EUnsupported {
		t.Errorf("error %v, want one saying the target came too late", err)
	}
}

func TestSchemaVersion(t *testing.T) {
	err := Format.Read(strings.NewReader(`{"SchemaVersion": 3, "Results": []}`), "x.json", func(*findings.Finding) error { return nil })
	if onus.Code(err) != onus.EUnsupported {
		t.Errorf("error %v, want one about the schema version", err)
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	findtest.CheckStops(t, Format, filepath.Join("testdata", "image.json"), 2)
}

func TestSharedFixture(t *testing.T) {
	path := testkit.Shared(t, "fixtures/trivy/trivy__terraform-remote-submodule.json.golden.json")
	got := findtest.ReadFixture(t, Format, path)
	const file = "terraform-aws-modules/vpc/aws/modules/vpc-endpoints/modules/vpc-endpoints/main.tf"
	res := func(line int) findings.Resource {
		return findings.Resource{Type: "aws_security_group_rule", Name: "this", Address: `module.endpoints.aws_security_group_rule.this["0"]`,
			Provider: "aws", Service: "ec2", File: file, Line: line}
	}
	want := []findtest.Summary{
		{Tool: "Trivy", Check: "AWS-0104", Title: "A security group rule should not allow unrestricted egress to any IP address.",
			Severity: "critical", Status: findings.Fail, Resource: res(107), URL: "https://avd.aquasec.com/misconfig/aws-0104", Line: 29, Column: 9},
		{Tool: "Trivy", Check: "AWS-0124", Title: "Missing description for security group rule.",
			Severity: "low", Status: findings.Fail, Resource: res(106), URL: "https://avd.aquasec.com/misconfig/aws-0124", Line: 127, Column: 9},
	}
	if diff := cmp.Diff(want, findtest.Summarize(got)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"SchemaVersion": 2, "CreatedAt": "2026-01-01T00:00:00Z", "ArtifactName": "alpine"`, true},
		{`{"ArtifactName": "x", "ArtifactType": "repository", "Results": [`, true},
		{`{"SchemaVersion": 2}`, false},
		{`{"SchemaVersion": "2018-10-08", "ArtifactName": "x"}`, false},
		{`{"SchemaVersion": 1, "Results": []}`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
