package route

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/testkit"
)

// estateFindings are findings about the routing test estate of every kind:
// queued, split, duplicate, provider case, evidence, suppressed and each
// reason to be unroutable.
func estateFindings() []*findings.Finding {
	observed := time.Date(2026, 2, 27, 9, 30, 0, 0, time.UTC)
	f := func(tool, check, title string, sev onus.Severity, st findings.Status, res findings.Resource) *findings.Finding {
		return &findings.Finding{Tool: tool, Check: check, Title: title, Severity: sev, Status: st, Resource: res,
			Observed: observed, Loc: onus.Location{File: "findings.json", Line: 1}}
	}
	fail, pass := findings.Fail, findings.Pass
	return []*findings.Finding{
		f("Prowler", "s3_bucket_default_encryption", "S3 bucket has default encryption", onus.High, fail, findings.Resource{ID: "arn:aws:s3:::acme-logs", Region: "eu-west-1"}),
		f("Prowler", "s3_bucket_default_encryption", "S3 bucket has default encryption", onus.High, pass, findings.Resource{ID: "arn:aws:s3:::acme-logs"}),
		f("Prowler", "rds_instance_enhanced_monitoring_enabled", "RDS enhanced monitoring", onus.Critical, fail, findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}),
		f("Prowler", "rds_instance_deprecated_engine_version", "RDS engine version is supported", onus.High, fail, findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}),
		f("Prowler", "rds_instance_iam_authentication_enabled", "RDS IAM authentication", onus.Low, fail, findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}),
		f("Checkov", "CKV_AWS_91", "Ensure the ELBv2 has access logging enabled", onus.Medium, fail, findings.Resource{Address: "module.web.aws_lb.main"}),
		f("Trivy", "KSV-0001", "Process can elevate its own privileges", onus.Medium, fail, findings.Resource{Namespace: "shop", Name: "checkout", Type: "Deployment"}),
		f("Prowler", "ec2_instance_managed_by_ssm", "EC2 instance is managed by SSM", onus.Medium, fail, findings.Resource{ID: "arn:aws:ec2:eu-west-1:444444444444:instance/i-0fff", Type: "AwsEc2Instance"}),
		f("Scanner", "widget_check", "Widget | <b>bold</b>, \"quoted\"", onus.Low, fail, findings.Resource{ID: "=mystery", Type: "Widget"}),
		f("Prowler", "s3_bucket_default_encryption", "S3 bucket has default encryption", onus.High, findings.Skipped, findings.Resource{ID: "arn:aws:s3:::acme-logs"}),
	}
}

func estateResult(t *testing.T) *Result {
	t.Helper()
	r := newTestRouter(t)
	b := r.NewBatch(t.TempDir())
	for _, f := range estateFindings() {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	res, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Close() })
	return res
}

func TestWriteGolden(t *testing.T) {
	res := estateResult(t)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, res, WriteOptions{Limit: 50, Version: "test", Inputs: []string{"findings.json"}}); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"text": "txt", "markdown": "md", "json": "json", "csv": "csv"}[format]
			testkit.Golden(t, filepath.Join("testdata", "golden", "estate."+ext), buf.Bytes())
		})
	}
}

func TestWriteJSONIsValid(t *testing.T) {
	res := estateResult(t)
	var buf bytes.Buffer
	if err := Write(&buf, "json", res, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Summary struct {
			Input, Queued, ProviderCases, Unroutable, Evidence, Suppressed int
		} `json:"summary"`
		Queues []struct {
			Party    struct{ ID string }
			Findings []map[string]any
		}
		ProviderCases []struct {
			Party struct{ ID string }
			Cases []map[string]any
		} `json:"provider_cases"`
		Unroutable []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, buf.String())
	}
	listed := len(doc.Unroutable)
	for _, q := range doc.Queues {
		listed += len(q.Findings)
	}
	for _, p := range doc.ProviderCases {
		listed += len(p.Cases)
		for _, c := range p.Cases {
			if !strings.Contains(c["report"].(string), "please investigate") {
				t.Errorf("provider case without a report: %v", c)
			}
		}
	}
	if listed != res.Summary.Queued+res.Summary.ProviderCases+res.Summary.Unroutable {
		t.Errorf("JSON lists %d findings, want %d", listed, res.Summary.Queued+res.Summary.ProviderCases+res.Summary.Unroutable)
	}
}

func TestWriteCSVIsValid(t *testing.T) {
	res := estateResult(t)
	var buf bytes.Buffer
	if err := Write(&buf, "csv", res, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+res.Summary.Queued+res.Summary.ProviderCases+res.Summary.Unroutable {
		t.Errorf("%d rows", len(rows))
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if strings.HasPrefix(cell, "=") {
				t.Errorf("cell %q would run as a spreadsheet formula", cell)
			}
		}
	}
}

func TestWriteLimit(t *testing.T) {
	r := newTestRouter(t)
	b := r.NewBatch(t.TempDir())
	for range 7 {
		b.Add(testFinding("Prowler", "s3_bucket_default_encryption", "arn:aws:s3:::acme-logs"))
	}
	res, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	for _, format := range []string{"text", "markdown"} {
		var buf bytes.Buffer
		if err := Write(&buf, format, res, WriteOptions{Limit: 3}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(buf.String(), "acme-logs"); got != 3 {
			t.Errorf("%s lists %d findings, want 3", format, got)
		}
		if !strings.Contains(buf.String(), "and 4 more") {
			t.Errorf("%s does not say how many more:\n%s", format, buf.String())
		}
	}
	if err := Write(&bytes.Buffer{}, "xml", res, WriteOptions{}); onus.Code(err) != onus.EInvalid {
		t.Errorf("unknown format: got %v", err)
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":       `"plain"`,
		"a\"b\\c":     `"a\"b\\c"`,
		"<tag>&":      `"\u003ctag\u003e\u0026"`,
		"line\nbreak": `"line\nbreak"`,
		"\x01":        `"\u0001"`,
		"bad\xffutf8": `"bad\ufffdutf8"`,
		"é\u2028":     `"é\u2028"`,
	} {
		got := string(appendJSONString(nil, in))
		if got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s is not valid JSON", got)
		}
	}
}
