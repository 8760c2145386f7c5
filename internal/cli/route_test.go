package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onus-dev/onus/internal/testkit"
)

// hybridFindings are Prowler OCSF findings about examples/hybrid's assets:
// matched by asset ID, name and account and service, inferred, a provider
// case, passed and muted checks, and two that cannot be routed.
const hybridFindings = "testdata/hybrid-findings.ocsf.json"

// runEnv runs onus in-process with the given environment variables.
func runEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return vars[k]
	}
	code := Main(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// routableFindings writes the hybrid findings without the two that cannot
// be routed.
func routableFindings(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(hybridFindings)
	if err != nil {
		t.Fatal(err)
	}
	var records []map[string]any
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	var keep []map[string]any
	for _, r := range records {
		switch r["metadata"].(map[string]any)["event_code"] {
		case "widget_gizmo_enabled", "s3_bucket_code_signing":
			continue
		}
		keep = append(keep, r)
	}
	out, _ := json.Marshal(keep)
	path := filepath.Join(t.TempDir(), "routable.ocsf.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRouteText(t *testing.T) {
	code, out, stderr := run(t, "route", "--now", "2026-11-29", "--findings", hybridFindings, hybrid)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d (two findings are unroutable); stderr:\n%s", code, ExitFindings, stderr)
	}
	for _, want := range []string{
		"QUEUES",
		"payments — Payments squad (team) · 1 finding: 1 high",
		"contacts: email: payments-eng@meridian-freight.example · chat: slack:#payments-oncall",
		"layer data (check-encryption) · match: asset-id · due by default for high (7d)",
		"match: account-service",
		"match: inferred",
		"match: name · split with nightwatch",
		"PROVIDER CASES",
		"raise with: url: https://console.aws.amazon.com/support/home (Enterprise Support)",
		"report: Prowler reports rds_instance_os_patched",
		"UNROUTABLE",
		`why: no asset matches "mystery-widget"`,
		"why: the Code layer does not exist for aws:s3",
		"findings    12 = 6 queued for 4 owners + 1 provider case for 1 provider + 2 unroutable + 2 passed (evidence) + 1 suppressed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRouteExitStatus(t *testing.T) {
	routable := routableFindings(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ocsf.json")
	os.WriteFile(bad, []byte(`[{"class_uid": 2004, "finding_info": {"uid": "x"}, "metadata": {"product": {"name": "Prowler"}}, "status_code": "FAIL"}]`), 0o644)
	rules := filepath.Join(dir, "rules.yaml")
	os.WriteFile(rules, []byte("apiVersion: onus/routing/v1\nrules:\n  - {id: mine, layer: dta, when: {check: x}}\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"everything routed", []string{"route", "--now", "2026-11-29", "--findings", routable, hybrid}, ExitClean, ""},
		{"unroutable findings", []string{"route", "--now", "2026-11-29", "--findings", hybridFindings, hybrid}, ExitFindings, ""},
		{"no findings", []string{"route", hybrid}, ExitError, "name the findings to route with --findings FILE"},
		{"missing findings file", []string{"route", "--findings", filepath.Join(dir, "nope.json"), hybrid}, ExitError, "cannot open findings file"},
		{"unknown findings format", []string{"route", "--findings", hybridFindings, "--findings-format", "osfc", hybrid}, ExitError, `unknown findings format "osfc"`},
		{"bad format", []string{"route", "--findings", hybridFindings, "--format", "html", hybrid}, ExitError, `unknown format "html"`},
		{"bad limit", []string{"route", "--findings", hybridFindings, "--limit", "-1", hybrid}, ExitError, "--limit"},
		{"bad rules file", []string{"route", "--findings", hybridFindings, "--rules", rules, hybrid}, ExitError, `rules.yaml:3:23: rules[0].layer: unknown layer "dta"`},
		{"missing rules file", []string{"route", "--findings", hybridFindings, "--rules", filepath.Join(dir, "none.yaml"), hybrid}, ExitError, "cannot read rules file"},
		{"unreadable record", []string{"route", "--findings", bad, hybrid}, ExitError, "bad.ocsf.json"},
		{"no model", []string{"route", "--findings", hybridFindings}, ExitError, "name a model"},
		{"help", []string{"route", "-h"}, ExitClean, "Exit status: 0 when every finding was routed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

func TestRouteFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "csv", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := run(t, "route", "--now", "2026-11-29", "--format", format, "--findings", hybridFindings, hybrid)
			if code != ExitFindings || len(out) < 500 {
				t.Fatalf("exit %d, %d bytes; stderr %s", code, len(out), stderr)
			}
			if format != "json" {
				return
			}
			var doc struct {
				Summary map[string]any
				Queues  []struct {
					Party    struct{ ID string }
					Findings []struct{ Match, Layer, Rule, Due string }
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, k := range []string{"queued", "provider_cases", "unroutable", "evidence", "suppressed"} {
				total += int(doc.Summary[k].(float64))
			}
			if total != 12 || int(doc.Summary["input"].(float64)) != 12 {
				t.Errorf("summary %v does not add up to the 12 findings", doc.Summary)
			}
			for _, q := range doc.Queues {
				for _, f := range q.Findings {
					if f.Match == "" || f.Layer == "" || f.Rule == "" || f.Due == "" {
						t.Errorf("queue %s holds a finding without its routing: %+v", q.Party.ID, f)
					}
				}
			}
		})
	}
}

func TestRouteRulesAndOutput(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	os.WriteFile(rules, []byte("apiVersion: onus/routing/v1\nrules:\n  - {id: imds-to-os, layer: os, when: {check: \"*imdsv2*\"}}\n"), 0o644)
	output := filepath.Join(dir, "routed.md")
	code, out, stderr := run(t, "route", "--now", "2026-11-29", "--rules", rules, "--format", "markdown", "--limit", "0", "--output", output, "--findings", hybridFindings, hybrid)
	if code != ExitFindings || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	data, err := os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"os (imds-to-os)", "## Provider cases", "## Unroutable"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q:\n%s", want, data)
		}
	}
}

func TestRouteDeliver(t *testing.T) {
	var requests atomic.Int32
	var lastBody atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Onus-Signature") == "" || r.Header.Get("Idempotency-Key") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		lastBody.Store(body)
		requests.Add(1)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "deliver.yaml")
	os.WriteFile(cfg, []byte("apiVersion: onus/delivery/v1\nstate: state.json\nreceivers:\n"+
		"  - {id: hook, kind: webhook, url: "+srv.URL+", secret_env: ONUS_HOOK_SECRET, default: true, unroutable: true}\n"), 0o644)
	vars := map[string]string{"ONUS_HOOK_SECRET": "do-not-print-me"}
	args := []string{"route", "--now", "2026-11-29", "--deliver", cfg, "--findings", hybridFindings, hybrid}
	code, out, stderr := runEnv(t, vars, args...)
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	// Four owners, one provider and the unroutable bucket: six digests.
	if n := requests.Load(); n != 6 {
		t.Errorf("%d digests sent, want 6; stderr:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "deliver: payments: 1 new findings sent to receiver hook (HTTP 200, 1 attempts") {
		t.Errorf("stderr does not report the delivery:\n%s", stderr)
	}
	if strings.Contains(stderr+out, "do-not-print-me") {
		t.Error("the secret was printed")
	}
	if _, err := os.Stat(filepath.Join(dir, "state.json")); err != nil {
		t.Errorf("no state file: %v", err)
	}
	code, _, stderr = runEnv(t, vars, args...)
	if code != ExitFindings || requests.Load() != 6 || !strings.Contains(stderr, "deliver: payments: nothing new for receiver hook") {
		t.Errorf("second run: exit %d, %d digests in all; want nothing new sent; stderr:\n%s", code, requests.Load(), stderr)
	}

	// A configuration error stops the run before anything is routed.
	code, out, stderr = runEnv(t, nil, args...)
	if code != ExitError || out != "" || !strings.Contains(stderr, "environment variable ONUS_HOOK_SECRET is not set") {
		t.Errorf("unset secret: exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	os.WriteFile(cfg, []byte("apiVersion: onus/delivery/v1\nreceivers: [{id: hook, kind: webhook, url: \"gopher://x\", default: true}]\n"), 0o644)
	code, _, stderr = runEnv(t, vars, args...)
	if code != ExitError || !strings.Contains(stderr, "must be http or https") {
		t.Errorf("gopher URL: exit %d, stderr %s", code, stderr)
	}
}

// TestRouteToolOutputs routes real files of every findings format the
// shared fixtures hold against examples/hybrid: each is read, and every
// finding ends in a bucket.
func TestRouteToolOutputs(t *testing.T) {
	for _, rel := range []string{
		"fixtures/asff/heimdall2__securityhub_cis_findings_export.json",
		"fixtures/asff/heimdall2__prowler_v2_ndjson.asff-json",
		"fixtures/asff/heimdall2__trivy_image_asff.json",
		"fixtures/prowler/example_output_aws.ocsf.json",
		"fixtures/prowler/example_output_azure.csv",
		"fixtures/checkov/heimdall2__checkov_with_skips.json",
		"fixtures/sarif/checkov__docs_SARIF_example.sarif",
		"fixtures/sarif/tfsec__defsec_formatter_test_expected.sarif",
		"fixtures/trivy/trivy__terraform-remote-submodule.json.golden.json",
	} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			path := testkit.Shared(t, rel)
			code, out, stderr := run(t, "route", "--now", "2026-11-29", "--format", "json", "--findings", path, hybrid)
			if code != ExitClean && code != ExitFindings {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Summary struct {
					Input, Queued, Unroutable, Evidence, Suppressed int
					ProviderCases                                   int `json:"provider_cases"`
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			s := doc.Summary
			if s.Input == 0 || s.Queued+s.ProviderCases+s.Unroutable+s.Evidence+s.Suppressed != s.Input {
				t.Errorf("summary %+v: nothing read, or the buckets do not add up", s)
			}
		})
	}
}
