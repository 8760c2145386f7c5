package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus/internal/testkit"
)

const (
	planFile  = "testdata/plan/plan.json"
	planModel = "testdata/plan/model"
	planInfra = "testdata/plan/infra"
)

// A service move without an owner, and a delivery-model change under an
// agreement, fail the gate; a created VM that the platform team owns passes.
func TestPlanGate(t *testing.T) {
	code, out, stderr := run(t, "plan", "--now", "2026-11-29", "--tf-dir", planInfra, planFile, planModel)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	for _, want := range []string{
		"FAIL  moves aws_ecs_service.checkout from aws:ec2 (iaas) to aws:ecs-fargate (caas)",
		"at testdata/plan/infra/main.tf:6:1",
		"MEDIUM unassigned on 12 layers",
		`REVIEW agreement "watch-mdr"`,
		"ok  creates aws_instance.web (aws:ec2, iaas)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("gate output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run(t, "plan", "--now", "2026-11-29", "--fail-on", "high", "--tf-dir", planInfra, planFile, planModel); code != ExitFindings {
		t.Errorf("an agreement to review fails the gate at any threshold: exit %d", code)
	}
}

func TestPlanSARIFPointsAtTheResourceBlock(t *testing.T) {
	code, out, stderr := run(t, "plan", "--now", "2026-11-29", "--format", "sarif", "--tf-dir", planInfra, planFile, planModel)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					LogicalLocations []struct{ Name string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != 13 {
		t.Fatalf("%d results, want 12 unassigned layers and 1 review", len(results))
	}
	loc := results[0].Locations[0]
	if loc.PhysicalLocation.ArtifactLocation.URI != "testdata/plan/infra/main.tf" || loc.PhysicalLocation.Region.StartLine != 6 || loc.LogicalLocations[0].Name != "aws_ecs_service.checkout" {
		t.Errorf("location = %+v", loc)
	}
}

func TestPlanMarkdownAndJSON(t *testing.T) {
	_, md, _ := run(t, "plan", "--now", "2026-11-29", "--format", "markdown", "--tf-dir", planInfra, planFile, planModel)
	if !strings.HasPrefix(md, "### ❌ onus: the plan fails") || !strings.Contains(md, "| `aws\\_ecs\\_service.checkout` |") {
		t.Errorf("markdown:\n%s", md)
	}
	_, js, _ := run(t, "plan", "--now", "2026-11-29", "--format", "json", planFile, planModel)
	var doc struct {
		Passed  bool
		Changes []struct {
			Address string
			Failed  bool
			Reviews []string `json:"agreements_to_review"`
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || doc.Passed || len(doc.Changes) != 2 || doc.Changes[0].Reviews[0] != "watch-mdr" {
		t.Errorf("json: %v %+v", err, doc)
	}
}

// An agreement covers what its provider party delivers, as the engine
// decides scope: moving a VM to Fargate asks for the AWS agreement's review
// though no clause selects either service. And a finding a resource carried
// before the plan is not new: the orders database was already due for that
// review (it left EC2 after the last one), so moving it from RDS to Aurora,
// both PaaS, brings nothing new.
func TestPlanGateScopeAndStandingFindings(t *testing.T) {
	code, js, stderr := run(t, "plan", "--now", "2026-11-29", "--format", "json", "testdata/plan-scope/plan.json", "testdata/plan-scope/model")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s%s", code, js, stderr)
	}
	var doc struct {
		Changes []struct {
			Address  string
			Failed   bool
			Findings []struct{ Key string }
			Reviews  []string `json:"agreements_to_review"`
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range doc.Changes {
		got[c.Address] = fmt.Sprintf("failed=%v findings=%v reviews=%v", c.Failed, c.Findings, c.Reviews)
	}
	want := map[string]string{
		"aws_ecs_service.checkout": "failed=true findings=[] reviews=[aws-enterprise]",
		"aws_db_instance.orders":   "failed=false findings=[] reviews=[]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gated changes (-want +got):\n%s", diff)
	}
}

// Real plans from other projects read without error.
func TestPlanFixtures(t *testing.T) {
	plans, _ := filepath.Glob(filepath.Join(testkit.Shared(t, "fixtures/terraform"), "*plan*.json"))
	for _, p := range plans {
		code, _, stderr := run(t, "plan", "--now", "2026-11-29", p, hybrid)
		if code == ExitError {
			t.Errorf("%s: %s", filepath.Base(p), stderr)
		}
	}
}
