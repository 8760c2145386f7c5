package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/testkit"
)

// run runs onus in-process and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runEnv(t, nil, args...)
}

const hybrid = "../../examples/hybrid"

func TestCheckExitStatus(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"findings reach the default threshold", []string{"check", "--now", "2026-11-29", hybrid}, ExitFindings},
		{"findings below --fail-on", []string{"check", "--now", "2026-11-29", "--fail-on", "critical", "../../examples/startup-gcp"}, ExitClean},
		{"--fail-on none", []string{"check", "--now", "2026-11-29", "--fail-on", "none", hybrid}, ExitClean},
		{"flags after the model", []string{"check", hybrid, "--fail-on", "none", "--format", "json"}, ExitClean},
		{"bad format", []string{"check", "--format", "xml", hybrid}, ExitError},
		{"bad --fail-on", []string{"check", "--fail-on", "severe", hybrid}, ExitError},
		{"no model", []string{"check"}, ExitError},
		{"missing model", []string{"check", "does-not-exist"}, ExitError},
		{"unknown flag", []string{"check", "--colour", hybrid}, ExitError},
		{"help", []string{"check", "-h"}, ExitClean},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
		})
	}
}

func TestCheckFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "csv", "markdown", "html", "sarif"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := run(t, "check", "--now", "2026-11-29", "--format", format, "--fail-on", "none", hybrid)
			if code != ExitClean {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if len(out) < 500 {
				t.Errorf("short output:\n%s", out)
			}
			if format == "json" {
				var doc struct {
					Summary struct {
						Assets int `json:"assets"`
					} `json:"summary"`
					Findings []map[string]any `json:"findings"`
				}
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatal(err)
				}
				if doc.Summary.Assets == 0 || len(doc.Findings) == 0 {
					t.Errorf("JSON has %d assets, %d findings", doc.Summary.Assets, len(doc.Findings))
				}
			}
		})
	}
}

func TestCheckOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, stdout, stderr := run(t, "check", "--format", "html", "--output", out, "--fail-on", "none", hybrid)
	if code != ExitClean || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(data, []byte("<html")) {
		t.Fatalf("report not written: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestInvalidModelNamesFileLineAndField(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.yaml"), []byte("apiVersion: onus/v1\nparties:\n  - {id: acme, kind: customer}\nassets:\n  - {id: db, service: aws:rds, enviroment: prod}\n"), 0o644)
	code, _, stderr := run(t, "check", dir)
	if code != ExitError {
		t.Fatalf("exit %d", code)
	}
	want := `m.yaml:5:32: assets[0].enviroment: unknown field "enviroment" (did you mean "environment"?)`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr, want)
	}
}

func TestExplain(t *testing.T) {
	code, out, stderr := run(t, "explain", "--now", "2026-11-29", "payments-db", "data", hybrid)
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Payments database", "Data:", "assignment payments-app", "misplaced-trust"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := run(t, "explain", "paymnts-db", hybrid); code != ExitError || !strings.Contains(stderr, `did you mean "payments-db"`) {
		t.Errorf("unknown asset: exit %d, %s", code, stderr)
	}
}

func TestWho(t *testing.T) {
	code, out, stderr := run(t, "who", "nightwatch", hybrid)
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Nightwatch Security", "contact: oncall", "escalation 1: after 15 minutes", "monitoring"} {
		if !strings.Contains(out, want) {
			t.Errorf("who output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run(t, "who", "nobody", hybrid); code != ExitError {
		t.Errorf("unknown party: exit %d", code)
	}
}

func TestInitChecksCleanButForUnassigned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "model")
	code, out, stderr := run(t, "init", "--providers", "aws,azure,gcp", "--saas", "m365,okta", "--onprem", dir)
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "aws:rds:") || !strings.Contains(out, "saas:okta:") {
		t.Errorf("init does not list the duties to assign:\n%s", out)
	}
	code, out, _ = run(t, "check", "--format", "json", dir)
	if code != ExitFindings {
		t.Fatalf("check after init: exit %d", code)
	}
	var doc struct {
		Findings []struct{ Check string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.Check != "unassigned" {
			t.Errorf("init's model has a %s finding", f.Check)
		}
	}
	if code, _, stderr := run(t, "init", "--providers", "aws", dir); code != ExitError || !strings.Contains(stderr, "already holds files") {
		t.Errorf("init over a model: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(t, "init", "--providers", "ibm", t.TempDir()); code != ExitError {
		t.Errorf("init with an unknown provider: exit %d", code)
	}
	if code, _, _ := run(t, "init", "--org", "a: b", "--onprem", filepath.Join(t.TempDir(), "x")); code != ExitError {
		t.Errorf("init with a hostile --org: exit %d", code)
	}
}

func TestCatalog(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"catalog", "list", "--provider", "aws"}, "aws:rds"},
		{[]string{"catalog", "show", "aws:rds"}, "os"},
		{[]string{"catalog", "layers"}, "identity-infrastructure"},
		{[]string{"catalog", "models"}, "paas/middleware:"},
		{[]string{"version"}, "catalog 2026.11"},
		{[]string{"schema"}, `"$schema"`},
	} {
		code, out, stderr := run(t, tt.args...)
		if code != ExitClean || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, output lacks %q\n%s%s", tt.args, code, tt.want, out, stderr)
		}
	}
	code, _, stderr := run(t, "catalog", "show", "aws:rsd")
	if code != ExitError || !strings.Contains(stderr, `did you mean "aws:rds"`) {
		t.Errorf("unknown service: exit %d, %s", code, stderr)
	}
}

func TestCatalogCoverageOfTypeLists(t *testing.T) {
	list := filepath.Join(t.TempDir(), "types.txt")
	os.WriteFile(list, []byte("aws_db_instance\naws_instance\naws_quantum_computer\n"), 0o644)
	code, out, stderr := run(t, "catalog", "coverage", "--types", "terraform", list)
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "2 of 3 resources classify") || !strings.Contains(out, "aws_quantum_computer") {
		t.Errorf("coverage output:\n%s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, stderr := run(t, "chek")
	if code != ExitError || !strings.Contains(stderr, `did you mean "check"`) {
		t.Errorf("exit %d, %s", code, stderr)
	}
	if code, out, _ := run(t, "help"); code != ExitClean || !strings.Contains(out, "explain") {
		t.Errorf("help: exit %d", code)
	}
}

func TestRunErrorsAreTyped(t *testing.T) {
	err := Run(context.Background(), []string{"check", "--fail-on", "none", hybrid}, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), []string{"check", hybrid}, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
	if !errors.Is(err, ErrFindings) {
		t.Errorf("err = %v, want ErrFindings", err)
	}
	err = Run(context.Background(), []string{"check", "nope"}, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
	if onus.Code(err) != onus.ENotFound {
		t.Errorf("code = %q", onus.Code(err))
	}
}

// Real inventories from other tools, passed with --inventory, become assets;
// types no service claims are unclassified findings naming the type, and
// catalog coverage lists them.
func TestInventoriesFromOtherTools(t *testing.T) {
	for _, f := range []string{
		"fixtures/terraform/infracost__terraform_v0.14_state.json",
		"fixtures/terraform/driftctl__aws_lb_listener.tfstate",
		"fixtures/inventory/gcp_cai__tgc_full_compute_instance.json",
		"fixtures/inventory/aws_config_snapshot__CONSTRUCTED_from_aws_docs_examples.json",
		"fixtures/sbom/cyclonedx-bom-examples__SaaSBOM_apigateway-microservices-datastores.bom.json",
	} {
		path := testkit.Shared(t, f)
		code, out, stderr := run(t, "check", "--fail-on", "none", "--format", "json", "--inventory", path, "../../examples/startup-gcp")
		if code != ExitClean {
			t.Errorf("%s: exit %d: %s", f, code, stderr)
			continue
		}
		var doc struct {
			Summary struct{ Assets, Unclassified int }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Summary.Assets <= 13 {
			t.Errorf("%s added no assets to the 13 of the example", f)
		}
		code, out, stderr = run(t, "catalog", "coverage", path)
		if code != ExitClean || !strings.Contains(out, "resources classify") {
			t.Errorf("coverage of %s: exit %d\n%s%s", f, code, out, stderr)
		}
	}
}
