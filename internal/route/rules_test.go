package route

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

func TestBuiltinRulesParse(t *testing.T) {
	rf := BuiltinRules()
	if len(rf.Rules) < 60 {
		t.Errorf("%d built-in rules, want at least 60", len(rf.Rules))
	}
	for _, r := range rf.Rules {
		if !r.Layer.Valid() {
			t.Errorf("rule %s: layer %q", r.ID, r.Layer)
		}
	}
	if rf.Fallback != onus.LayerConfiguration {
		t.Errorf("fallback %q, want configuration", rf.Fallback)
	}
}

func TestParseRulesErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"wrong apiVersion", "apiVersion: onus/v1\nrules: []\n", `r.yaml:1:1: apiVersion: apiVersion is "onus/v1", want "onus/routing/v1"`},
		{"unknown field", "apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: data, when: {chek: x}}\n", `r.yaml:3:33: rules[0].when.chek: unknown field "chek" (did you mean "check"?)`},
		{"unknown layer", "apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: dta, when: {check: x}}\n", `r.yaml:3:20: rules[0].layer: unknown layer "dta"`},
		{"no criteria", "apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: data}\n", `r.yaml:3:5: rules[0].when: rule "a" has no criteria`},
		{"duplicate id", "apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: data, when: {check: x}}\n  - {id: a, layer: os, when: {check: y}}\n", `r.yaml:4:5: rules[1].id: rule id "a" is used twice`},
		{"bad id", "apiVersion: onus/routing/v1\nrules:\n  - {id: A B, layer: data, when: {check: x}}\n", `rule id "A B"`},
		{"bad vulnerability class", "apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: os, when: {vulnerability: kernel}}\n", `unknown vulnerability class "kernel"`},
		{"bad due period", "apiVersion: onus/routing/v1\ndue: {high: soon}\n", `r.yaml:2:13: due.high: bad period "soon"`},
		{"bad due severity", "apiVersion: onus/routing/v1\ndue: {clause: [urgent]}\n", `due.clause[0]: unknown severity "urgent"`},
		{"two documents", "apiVersion: onus/routing/v1\n---\napiVersion: onus/routing/v1\n", "one YAML document, not 2"},
		{"syntax", "apiVersion: onus/routing/v1\nrules: [\n", "YAML syntax"},
		{"alias bomb", "apiVersion: onus/routing/v1\ndisable: &a [" + strings.Repeat("a,", 5000) + "a]\nrules: [" +
			strings.Repeat("{id: r, layer: os, when: {check: *a}},", 100) + "]\n", "more than 250000 values once its aliases are expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRules("r.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want it to contain %q", err, tt.want)
			}
			if onus.Code(err) == onus.EInternal {
				t.Errorf("error code %s, want an input error", onus.Code(err))
			}
		})
	}
}

func TestNewTableErrors(t *testing.T) {
	rf, err := ParseRules("r.yaml", []byte("apiVersion: onus/routing/v1\ndisable: [check-iam, check-logs]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewTable(rf)
	if want := `r.yaml: disable[1]: no built-in rule "check-logs" (did you mean "check-api"?)`; err == nil || !strings.Contains(err.Error(), `no built-in rule "check-logs"`) {
		t.Errorf("got %v, want %q", err, want)
	}
	a, _ := ParseRules("a.yaml", []byte("apiVersion: onus/routing/v1\nrules: [{id: mine, layer: data, when: {check: x}}]\n"))
	b, _ := ParseRules("b.yaml", []byte("apiVersion: onus/routing/v1\nrules: [{id: mine, layer: os, when: {check: y}}]\n"))
	if _, err := NewTable(a, b); err == nil || !strings.Contains(err.Error(), "b.yaml:2:9") {
		t.Errorf("got %v, want the second file's rule located", err)
	}
}

func TestOrganisationRules(t *testing.T) {
	rf, err := ParseRules("own.yaml", []byte(`apiVersion: onus/routing/v1
fallback: application
due: {high: 2d, clause: [critical]}
disable: [check-logging]
rules:
  - id: guardduty-to-ir
    layer: incident-response
    when: {tool: "GuardDuty*"}
  - id: check-iam
    layer: identity-infrastructure
    when: {check: "iam_*"}
`))
	if err != nil {
		t.Fatal(err)
	}
	table, err := NewTable(rf)
	if err != nil {
		t.Fatal(err)
	}
	var lc layerCache
	lc.init()
	tests := []struct {
		f     findings.Finding
		layer onus.Layer
		rule  string
	}{
		{findings.Finding{Tool: "GuardDuty", Check: "s3_bucket_default_encryption"}, onus.LayerIncidentResponse, "guardduty-to-ir"},
		{findings.Finding{Tool: "Prowler", Check: "iam_root_mfa_enabled"}, onus.LayerIdentityInfrastructure, "check-iam"},
		// check-logging is disabled: the title rule decides instead.
		{findings.Finding{Tool: "Prowler", Check: "cloudtrail_multi_region_enabled", Title: "CloudTrail is on in every region"}, onus.LayerMonitoring, "title-logging"},
		{findings.Finding{Tool: "Prowler", Check: "nothing_known"}, onus.LayerApplication, FallbackRule},
	}
	for _, tt := range tests {
		ch := lc.decide(table, &tt.f)
		if ch.layer != tt.layer || ch.rule != tt.rule {
			t.Errorf("%s/%s: got %s by %s, want %s by %s", tt.f.Tool, tt.f.Check, ch.layer, ch.rule, tt.layer, tt.rule)
		}
	}
	if d := table.Due(); d.High.String() != "2d" || d.Critical.String() != "1d" || len(d.Clause) != 1 {
		t.Errorf("due policy %+v, want high 2d, critical 1d from the built-in, clause [critical]", d)
	}
}

func TestLayerRules(t *testing.T) {
	table, err := NewTable()
	if err != nil {
		t.Fatal(err)
	}
	var lc layerCache
	lc.init()
	osPkg := &findings.Vulnerability{ID: "CVE-2024-1", Package: "openssl", Class: "os"}
	appPkg := &findings.Vulnerability{ID: "CVE-2024-2", Package: "lodash", Class: "application"}
	tests := []struct {
		name  string
		f     findings.Finding
		layer onus.Layer
		rule  string
	}{
		{"Prowler IAM", findings.Finding{Tool: "Prowler", Check: "iam_user_mfa_enabled_console_access"}, onus.LayerIdentity, "check-iam"},
		{"Prowler security group", findings.Finding{Tool: "Prowler", Check: "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"}, onus.LayerNetworkControls, "check-network"},
		{"Prowler encryption", findings.Finding{Tool: "Prowler", Check: "rds_instance_storage_encrypted"}, onus.LayerData, "check-encryption"},
		{"Prowler logging", findings.Finding{Tool: "Prowler", Check: "s3_bucket_server_access_logging_enabled"}, onus.LayerMonitoring, "check-logging"},
		{"Prowler Kubernetes RBAC", findings.Finding{Tool: "Prowler", Check: "rbac_minimize_wildcard_use_roles"}, onus.LayerIdentity, "prowler-kubernetes-rbac"},
		{"tfsec long ID", findings.Finding{Tool: "tfsec", Check: "aws-dynamodb-enable-at-rest-encryption"}, onus.LayerData, "check-encryption"},
		{"tfsec security group", findings.Finding{Tool: "tfsec", Check: "aws-ec2-no-public-ingress-sgr"}, onus.LayerNetworkControls, "check-network"},
		{"Checkov by title", findings.Finding{Tool: "Checkov", Check: "CKV_AWS_19", Title: "Ensure the S3 bucket has server-side-encryption enabled"}, onus.LayerData, "title-encryption"},
		{"Checkov Kubernetes", findings.Finding{Tool: "Checkov", Check: "CKV_K8S_20", Title: "Containers should not run with allowPrivilegeEscalation"}, onus.LayerContainers, "kubernetes-workload-checks"},
		{"Checkov GitHub Actions", findings.Finding{Tool: "Checkov", Check: "CKV_GHA_7", Title: "The build output cannot be affected by user parameters"}, onus.LayerCode, "pipeline-checks"},
		{"Trivy Dockerfile", findings.Finding{Tool: "Trivy", Check: "AVD-DS-0002", Title: "Image user should not be 'root'"}, onus.LayerContainers, "dockerfile-checks"},
		{"Trivy AWS by title", findings.Finding{Tool: "Trivy", Check: "AVD-AWS-0104", Title: "An egress security group rule allows traffic to /0."}, onus.LayerNetworkControls, "title-network"},
		{"Security Hub control", findings.Finding{Tool: "Security Hub", Check: "IAM.6"}, onus.LayerIdentity, "control-identity"},
		{"Security Hub control in a path", findings.Finding{Tool: "Security Hub", Check: "security-control/CloudTrail.1"}, onus.LayerMonitoring, "control-monitoring"},
		{"ASFF threat types", findings.Finding{Tool: "GuardDuty", Check: "Recon:EC2/PortProbeUnprotectedPort", Types: []string{"TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort"}}, onus.LayerIncidentResponse, "types-threats"},
		{"OCSF category", findings.Finding{Tool: "Scanner", Check: "x1", Categories: []string{"internet-exposed"}}, onus.LayerNetworkControls, "category-exposure"},
		{"resource type", findings.Finding{Tool: "Scanner", Check: "x2", Resource: findings.Resource{Type: "AwsKmsKey"}}, onus.LayerData, "resource-keys"},
		{"OS package on a host", findings.Finding{Tool: "Inspector", Check: "CVE-2024-1", Vulnerability: osPkg, Resource: findings.Resource{Type: "AwsEc2Instance"}}, onus.LayerOS, "vuln-os"},
		{"OS package in an image", findings.Finding{Tool: "Trivy", Check: "CVE-2024-1", Vulnerability: osPkg, Resource: findings.Resource{Type: "container_image"}}, onus.LayerContainers, "vuln-container-os"},
		{"application package", findings.Finding{Tool: "Trivy", Check: "CVE-2024-2", Vulnerability: appPkg, Resource: findings.Resource{Type: "container_image"}}, onus.LayerApplication, "vuln-application"},
		{"fallback", findings.Finding{Tool: "Scanner", Check: "zz"}, onus.LayerConfiguration, FallbackRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := lc.decide(table, &tt.f)
			if ch.layer != tt.layer || ch.rule != tt.rule {
				t.Errorf("got %s by %s, want %s by %s", ch.layer, ch.rule, tt.layer, tt.rule)
			}
			// A second decision comes from the cache, and agrees.
			lc.lastOK = false
			if again := lc.decide(table, &tt.f); again != ch {
				t.Errorf("cached decision %+v differs from %+v", again, ch)
			}
		})
	}
}

func TestReadRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte("apiVersion: onus/routing/v1\nrules: [{id: a, layer: data, when: {check: x}}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rf, err := ReadRules(path)
	if err != nil || len(rf.Rules) != 1 || rf.Rules[0].Loc.Line != 2 {
		t.Fatalf("got %+v, %v", rf, err)
	}
	if _, err := ReadRules(filepath.Join(t.TempDir(), "missing.yaml")); onus.Code(err) != onus.ENotFound {
		t.Errorf("missing file: got %v, want not-found", err)
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add(builtinRules)
	f.Add([]byte("apiVersion: onus/routing/v1\nrules:\n  - {id: a, layer: data, when: {check: [\"x*\"], title: y, types: z, categories: w, resource_type: v, service: s, tool: t, vulnerability: os}}\n"))
	f.Add([]byte("apiVersion: onus/routing/v1\nfallback: os\ndisable: [check-iam]\ndue: {critical: 4h, clause: [critical, high]}\n"))
	f.Add([]byte("apiVersion: onus/routing/v1\nrules: [{id: a, layer: users, when: {check: &x a}}, {id: b, layer: os, when: {check: *x}}]\n"))
	f.Add([]byte("rules: !!map {}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := ParseRules("fuzz.yaml", data)
		if err != nil {
			if onus.Code(err) == onus.EInternal {
				t.Fatalf("internal error for input: %v", err)
			}
			return
		}
		table, err := NewTable(rf)
		if err != nil {
			return
		}
		var lc layerCache
		lc.init()
		l := lc.decide(table, &findings.Finding{Tool: "x", Check: "iam_x", Title: "t", Types: []string{"a"}, Categories: []string{"b"}})
		if !l.layer.Valid() {
			t.Fatalf("decided an invalid layer %q", l.layer)
		}
	})
}

// TestDocsListEveryRule keeps docs/routing.md's table of built-in rules in
// step with rules.yaml.
func TestDocsListEveryRule(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "routing.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range BuiltinRules().Rules {
		row := fmt.Sprintf("| %d | `%s` | %s |", i+1, r.ID, r.Layer)
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/routing.md lacks the row %q", row)
		}
	}
}
