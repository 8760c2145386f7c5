package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/testkit"
)

const diffModel = `apiVersion: onus/v1
parties:
  - {id: acme, kind: customer, contacts: [{email: sec@acme.example}]}
  - {id: platform, kind: team, contacts: [{email: platform@acme.example}]}
  - {id: apps, kind: team, contacts: [{email: apps@acme.example}]}
assignments:
  - {id: platform-all, layers: [customer], owner: platform}
  - {id: apps-code, select: {tags: {app: shop}}, layers: [application, code], owner: apps}
`

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A workload moving from EC2 to ECS on Fargate: AWS gains the OS, the
// platform team loses it.
func TestDiffTwoModels(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "v1", "model.yaml"), diffModel+"assets:\n  - {id: shop, service: aws:ec2, tags: {app: shop}}\n")
	writeFile(t, filepath.Join(dir, "v2", "model.yaml"), diffModel+"assets:\n  - {id: shop, service: aws:ecs-fargate, tags: {app: shop}}\n")
	code, out, stderr := run(t, "diff", filepath.Join(dir, "v1"), filepath.Join(dir, "v2"))
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"shop: aws:ec2 (iaas) → aws:ecs-fargate (caas)", "aws + aws:ecs-fargate", "platform - aws:ec2", "shop · os: C platform → P aws"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "diff", "--format", "json", filepath.Join(dir, "v1"), filepath.Join(dir, "v2"))
	var doc struct {
		Moved []struct {
			Asset        string `json:"asset"`
			ServiceAfter string `json:"service_after"`
		} `json:"moved"`
		Gains []struct{ Party string } `json:"gains"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitClean {
		t.Fatalf("exit %d, %v", code, err)
	}
	if len(doc.Moved) != 1 || doc.Moved[0].ServiceAfter != "aws:ecs-fargate" || len(doc.Gains) == 0 {
		t.Errorf("json diff = %+v", doc)
	}
}

func TestDiffTwoInventories(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "model", "model.yaml"), diffModel)
	writeFile(t, filepath.Join(dir, "old.csv"), "id,service,tags\nshop,aws:ec2,app=shop\nlegacy,onprem:vmware,\n")
	writeFile(t, filepath.Join(dir, "new.csv"), "id,service,tags\nshop,aws:ecs-fargate,app=shop\nreports,aws:s3,\n")
	code, out, stderr := run(t, "diff", filepath.Join(dir, "old.csv"), filepath.Join(dir, "new.csv"), filepath.Join(dir, "model"))
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 added, 1 removed, 1 moved", "legacy (onprem:vmware)", "reports (aws:s3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}

func TestDiffGitRevisions(t *testing.T) {
	repo := t.TempDir()
	git := testkit.Git(t, repo)
	git("init", "-q")
	writeFile(t, filepath.Join(repo, "model", "model.yaml"), diffModel+"assets:\n  - {id: shop, service: aws:ec2, tags: {app: shop}}\n")
	git("add", ".")
	git("commit", "-q", "-m", "v1")
	writeFile(t, filepath.Join(repo, "model", "model.yaml"), diffModel+"assets:\n  - {id: shop, service: aws:lambda, tags: {app: shop}}\n")
	git("commit", "-q", "-am", "v2")
	t.Chdir(repo)
	for _, args := range [][]string{
		{"diff", "git:HEAD~1", "git:HEAD", "model"},
		{"diff", "git:HEAD~1", "model"},
	} {
		code, out, stderr := run(t, args...)
		if code != ExitClean || !strings.Contains(out, "shop: aws:ec2 (iaas) → aws:lambda (faas)") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
	}
	if code, _, stderr := run(t, "diff", "git:--upload-pack=x", "model"); code != ExitError || !strings.Contains(stderr, "not a git revision") {
		t.Errorf("an option disguised as a revision: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(t, "diff", "git:HEAD", "git:HEAD"); code != ExitError {
		t.Errorf("revisions without model paths: exit %d", code)
	}
}
