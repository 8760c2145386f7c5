package terraform

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// changeSummary is the part of a change the tests compare. Before and After
// give the object's address, ID and the attributes named by the test.
type changeSummary struct {
	Address, Previous, Module, Config, Mode, Index, Provider, Deposed, Reason string
	Action                                                                    Action
	Actions                                                                   []string
	Importing                                                                 bool
	Before, After                                                             string
	Line                                                                      int
}

func summarizeChanges(cs []*Change, attr string) []changeSummary {
	object := func(r *inventory.Resource) string {
		if r == nil {
			return ""
		}
		return r.Address + " " + r.ID + " " + r.Attrs[attr]
	}
	var out []changeSummary
	for _, c := range cs {
		out = append(out, changeSummary{
			Address: c.Address, Previous: c.PreviousAddress, Module: c.ModuleAddress, Config: c.ConfigAddress, Mode: c.Mode, Index: c.Index,
			Provider: c.Provider, Deposed: c.Deposed, Reason: c.Reason, Action: c.Action, Actions: c.Actions, Importing: c.Importing,
			Before: object(c.Before), After: object(c.After), Line: c.Loc.Line,
		})
	}
	return out
}

func readPlanFile(t *testing.T, path string) (*Plan, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadPlan(f, path)
}

func TestReadPlan(t *testing.T) {
	p, err := readPlanFile(t, filepath.Join("testdata", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.FormatVersion != "1.2" || p.TerraformVersion != "1.9.8" || p.Errored {
		t.Errorf("plan = %s %s errored %v, want 1.2 1.9.8 false", p.FormatVersion, p.TerraformVersion, p.Errored)
	}
	const aws = "registry.terraform.io/hashicorp/aws"
	want := []changeSummary{
		{Address: `module.app["web"].aws_ecs_service.svc`, Module: `module.app["web"]`, Config: "module.app.aws_ecs_service.svc", Mode: "managed", Provider: aws,
			Action: ActionCreate, Actions: []string{"create"}, After: `module.app["web"].aws_ecs_service.svc  FARGATE`, Line: 47},
		{Address: "aws_db_instance.main", Config: "aws_db_instance.main", Mode: "managed", Provider: aws, Action: ActionUpdate, Actions: []string{"update"},
			Before: "aws_db_instance.main arn:aws:rds:eu-west-1:111122223333:db:main db.r6g.large",
			After:  "aws_db_instance.main arn:aws:rds:eu-west-1:111122223333:db:main db.r6g.xlarge", Line: 63},
		{Address: "aws_instance.web[0]", Config: "aws_instance.web", Mode: "managed", Index: "[0]", Provider: aws, Reason: "replace_because_cannot_update",
			Action: ActionReplace, Actions: []string{"delete", "create"},
			Before: "aws_instance.web[0] arn:aws:ec2:eu-west-1:111122223333:instance/i-0a ", After: "aws_instance.web[0]  ", Line: 78},
		{Address: "aws_instance.web[0]", Config: "aws_instance.web", Mode: "managed", Index: "[0]", Provider: aws, Deposed: "abcd1234",
			Action: ActionDelete, Actions: []string{"delete"}, Before: "aws_instance.web[0] i-0old ", Line: 93},
		{Address: "aws_launch_template.lt", Config: "aws_launch_template.lt", Mode: "managed", Provider: aws, Reason: "replace_because_tainted",
			Action: ActionReplace, Actions: []string{"create", "delete"}, Before: "aws_launch_template.lt lt-1 ", After: "aws_launch_template.lt  ", Line: 103},
		{Address: "aws_s3_bucket.old", Config: "aws_s3_bucket.old", Mode: "managed", Provider: aws, Reason: "delete_because_no_resource_config",
			Action: ActionDelete, Actions: []string{"delete"}, Before: "aws_s3_bucket.old arn:aws:s3:::acme-old ", Line: 112},
		{Address: "aws_sqs_queue.new_name", Previous: "aws_sqs_queue.old_name", Config: "aws_sqs_queue.new_name", Mode: "managed", Provider: aws,
			Action: ActionNoOp, Actions: []string{"no-op"}, Before: "aws_sqs_queue.old_name  ", After: "aws_sqs_queue.new_name  ", Line: 121},
		{Address: "data.aws_iam_policy_document.p", Config: "data.aws_iam_policy_document.p", Mode: "data", Provider: aws, Reason: "read_because_config_unknown",
			Action: ActionRead, Actions: []string{"read"}, After: "data.aws_iam_policy_document.p  ", Line: 130},
		{Address: "aws_iam_role.legacy", Config: "aws_iam_role.legacy", Mode: "managed", Provider: aws, Action: ActionForget, Actions: []string{"forget"},
			Before: "aws_iam_role.legacy  ", Line: 139},
		{Address: "aws_instance.kept", Config: "aws_instance.kept", Mode: "managed", Provider: aws, Action: ActionReplace, Actions: []string{"create", "forget"},
			Before: "aws_instance.kept  ", After: "aws_instance.kept  ", Line: 147},
		{Address: "aws_s3_bucket.imported", Config: "aws_s3_bucket.imported", Mode: "managed", Provider: aws, Action: ActionNoOp, Actions: []string{"no-op"},
			Importing: true, Before: "aws_s3_bucket.imported  ", After: "aws_s3_bucket.imported  ", Line: 163},
		{Address: `module.team["a\"b"].module.x[2].aws_iam_user.u["x"]`, Module: `module.team["a\"b"].module.x[2]`, Config: "module.team.module.x.aws_iam_user.u",
			Mode: "managed", Index: `["x"]`, Provider: "aws", Action: ActionCreate, Actions: []string{"create"},
			After: `module.team["a\"b"].module.x[2].aws_iam_user.u["x"]  `, Line: 171},
	}
	attr := map[string]string{"aws_ecs_service": "launch_type", "aws_db_instance": "instance_class"}
	var got []changeSummary
	for _, c := range p.Changes {
		got = append(got, summarizeChanges([]*Change{c}, attr[c.Type])...)
		for _, r := range []*inventory.Resource{c.Before, c.After} {
			if r != nil && r.Attrs["password"] != "" {
				t.Errorf("%s: a sensitive password was kept", c.Address)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestPlanFixtures reads the plans of the shared fixtures.
func TestPlanFixtures(t *testing.T) {
	dir := testkit.Shared(t, "fixtures/terraform")
	tests := []struct {
		file    string
		changes int
		actions map[Action]int
		first   changeSummary
	}{
		{"infracost__example_plan.json", 5, map[Action]int{ActionCreate: 5}, changeSummary{Address: "aws_instance.web_app", Config: "aws_instance.web_app",
			Mode: "managed", Provider: "registry.terraform.io/hashicorp/aws", Action: ActionCreate, Actions: []string{"create"}, After: "aws_instance.web_app  m5.4xlarge", Line: 253}},
		{"infracost__plan_with_target.json", 1, map[Action]int{ActionUpdate: 1}, changeSummary{Address: "aws_instance.web_app_1", Config: "aws_instance.web_app_1",
			Mode: "managed", Provider: "registry.terraform.io/hashicorp/aws", Action: ActionUpdate, Actions: []string{"update"},
			Before: "aws_instance.web_app_1 arn:aws:ec2:us-east-1:111111111111:instance/i-01ba2abb329c4eec0 t3.micro",
			After:  "aws_instance.web_app_1 arn:aws:ec2:us-east-1:111111111111:instance/i-01ba2abb329c4eec0 t3.small", Line: 399}},
		{"infracost__azure_firewall_plan.json", 11, map[Action]int{ActionCreate: 11}, changeSummary{Address: "azurerm_firewall.non_usage", Config: "azurerm_firewall.non_usage",
			Mode: "managed", Provider: "registry.terraform.io/hashicorp/azurerm", Action: ActionCreate, Actions: []string{"create"}, After: "azurerm_firewall.non_usage  ", Line: 1}},
		{"tfjson__120_basic__plan.json", 7, map[Action]int{ActionCreate: 7}, changeSummary{Address: "module.foo.null_resource.aliased", Module: "module.foo",
			Config: "module.foo.null_resource.aliased", Mode: "managed", Provider: "registry.terraform.io/hashicorp/null", Action: ActionCreate, Actions: []string{"create"},
			After: "module.foo.null_resource.aliased  ", Line: 1}},
		{"tfjson__has_changes__plan.json", 6, map[Action]int{ActionNoOp: 6}, changeSummary{Address: "module.foo.null_resource.foo", Module: "module.foo",
			Config: "module.foo.null_resource.foo", Mode: "managed", Provider: "null", Action: ActionNoOp, Actions: []string{"no-op"},
			Before: "module.foo.null_resource.foo 705267318028962447 ", After: "module.foo.null_resource.foo 705267318028962447 ", Line: 1}},
		{"tfjson__nested_config_keys__plan.json", 1, map[Action]int{ActionCreate: 1}, changeSummary{Address: "aws_instance.foo", Config: "aws_instance.foo",
			Mode: "managed", Provider: "aws", Action: ActionCreate, Actions: []string{"create"}, After: "aws_instance.foo  t2.micro", Line: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := readPlanFile(t, filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			actions := map[Action]int{}
			for _, c := range p.Changes {
				actions[c.Action]++
			}
			if len(p.Changes) != tt.changes || !cmp.Equal(actions, tt.actions) {
				t.Errorf("%d changes %v, want %d %v", len(p.Changes), actions, tt.changes, tt.actions)
			}
			if got := summarizeChanges(p.Changes[:1], "instance_type"); !cmp.Equal(got[0], tt.first) {
				t.Errorf("first change (-want +got):\n%s", cmp.Diff(tt.first, got[0]))
			}
		})
	}
}

func TestReadPlanErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"format_version":"1.0","resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["create"]}}]}`))
	zw.Close()
	tests := []struct {
		name, doc string
		code      onus.ErrorCode
		msg       string
		changes   int
	}{
		{"gzip", gz.String(), "", "", 1},
		{"empty plan", `{"format_version":"1.0","planned_values":{}}`, "", "", 0},
		{"errored", `{"format_version":"1.0","resource_changes":[],"errored":true}`, "", "", 0},
		{"binary plan", "PK\x03\x04\x14\x00\x08\x00", onus.EUnsupported, "binary plan file", 0},
		{"encrypted plan", `{"meta":{},"encrypted_data":"eA==","encryption_version":"v0"}`, onus.EUnsupported, "tofu show -json", 0},
		{"state", `{"format_version":"1.0","values":{"root_module":{}}}`, onus.EInvalid, "not a plan", 0},
		{"raw state", `{"version":4,"lineage":"x","resources":[]}`, onus.EInvalid, "no format_version", 0},
		{"format 2", `{"format_version":"2.1","resource_changes":[]}`, onus.EUnsupported, "format_version 2.1 is not supported", 0},
		{"changes first", `{"resource_changes":[],"format_version":"1.0"}`, onus.EInvalid, "format_version must come before", 0},
		{"unknown action", `{"format_version":"1.0","resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["explode"]}}]}`,
			onus.EUnsupported, `1:45: resource_changes[0]: a.b: unknown actions ["explode"]`, 0},
		{"no actions", `{"format_version":"1.0","resource_changes":[{"mode":"managed","type":"a","name":"b","change":{}}]}`, onus.EUnsupported, "unknown actions []", 0},
		{"too many actions", `{"format_version":"1.0","resource_changes":[{"mode":"managed","type":"a","name":"b","change":{"actions":["create","delete","create"]}}]}`,
			onus.EUnsupported, "more than two actions", 0},
		{"no type", `{"format_version":"1.0","resource_changes":[{"address":"a.b","mode":"managed","name":"b","change":{"actions":["create"]}}]}`, onus.EInvalid, "resource has no type", 0},
		{"bad mode", `{"format_version":"1.0","resource_changes":[{"mode":"list","type":"a","name":"b","change":{"actions":["read"]}}]}`, onus.EInvalid, `has mode "list"`, 0},
		{"ephemeral", `{"format_version":"1.0","resource_changes":[{"mode":"ephemeral","type":"a","name":"b","change":{"actions":["open"]}}]}`, "", "", 0},
		{"address not a string", `{"format_version":"1.0","resource_changes":[{"address":1}]}`, onus.EInvalid, "resource_changes[0].address: expected a string, found a number", 0},
		{"bad json", `{"format_version":"1.0","resource_changes":[{]}`, onus.EInvalid, "1:46", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadPlan(strings.NewReader(tt.doc), "plan.json")
			if onus.Code(err) != tt.code || tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error = %v, want %q %q", err, tt.code, tt.msg)
			}
			if err == nil && len(p.Changes) != tt.changes {
				t.Errorf("%d changes, want %d", len(p.Changes), tt.changes)
			}
			if tt.name == "errored" && !p.Errored {
				t.Error("an errored plan is not marked Errored")
			}
		})
	}
}

// TestScanPlanStops checks that fn's error stops the scan and is returned
// as it is.
func TestScanPlanStops(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop := errors.New("stop")
	n := 0
	_, err = ScanPlan(f, "plan.json", func(*Change) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("error = %v after %d changes, want fn's error after 1", err, n)
	}
}
