package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/testkit"
)

// estateFixture is the agreement package's test model: AWS, an MSSP, a
// colocation vendor and a SaaS vendor with no agreement.
const estateFixture = "../agreement/testdata/model"

func TestAgreementLint(t *testing.T) {
	code, out, stderr := run(t, "agreement", "lint", "--now", "2026-11-29", "aws-enterprise", estateFixture)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, stderr)
	}
	for _, want := range []string{
		`agreements.yaml:`, `low vague-wording aws-enterprise/support: clause "support" text: "promptly" sets no deadline`,
		`words: "promptly" (text, bytes`, "suggest: AWS will respond within N hours to all other cases",
		"medium uncovered-layer aws-enterprise: no clause covers the APIs layer of aws:rds",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "sentinel-mdr") {
		t.Errorf("lint of one agreement reports another:\n%s", out)
	}

	code, out, _ = run(t, "agreement", "lint", "--now", "2026-11-29", "--format", "json", estateFixture)
	var doc struct {
		Findings []struct {
			Rule, Agreement string
			Location        struct{ File string }
			Quote           *struct {
				Text       string
				Start, End int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitFindings {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	agreements := map[string]bool{}
	quoted := 0
	for _, f := range doc.Findings {
		agreements[f.Agreement] = true
		if f.Quote != nil && f.Quote.End > f.Quote.Start {
			quoted++
		}
	}
	if len(agreements) != 3 || quoted == 0 {
		t.Errorf("JSON covers %v, %d findings quote words", agreements, quoted)
	}

	if code, _, _ := run(t, "agreement", "lint", "--fail-on", "critical", estateFixture); code != ExitClean {
		t.Errorf("--fail-on critical: exit %d", code)
	}
	if code, _, stderr := run(t, "agreement", "lint", "aws-enterprize", estateFixture); code != ExitError || !strings.Contains(stderr, `did you mean "aws-enterprise"`) {
		t.Errorf("an unknown agreement: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(t, "agreement", "lint", "--format", "xml", estateFixture); code != ExitError {
		t.Errorf("a bad format: exit %d", code)
	}
}

func TestAgreementRender(t *testing.T) {
	for _, format := range []string{"markdown", "html"} {
		code, out, stderr := run(t, "agreement", "render", "--now", "2026-11-29", "--format", format, "sentinel-mdr", estateFixture)
		if code != ExitClean {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		for _, want := range []string{"Managed detection and response", "Sentinel MDR", "log-sources", "as soon as possible"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", format, want)
			}
		}
	}
	out := filepath.Join(t.TempDir(), "mdr.html")
	if code, _, stderr := run(t, "agreement", "render", "--format", "html", "--output", out, "sentinel-mdr", estateFixture); code != ExitClean {
		t.Fatalf("--output: exit %d: %s", code, stderr)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), "@media print") {
		t.Errorf("the HTML file was not written: %v", err)
	}
	if code, _, _ := run(t, "agreement", "render", "--format", "pdf", "sentinel-mdr", estateFixture); code != ExitError {
		t.Errorf("a bad format: exit %d", code)
	}
	if code, _, _ := run(t, "agreement", "render", estateFixture); code != ExitError {
		t.Errorf("no agreement ID: exit %d", code)
	}
}

// copyFixture copies the fixture to a directory the test may change.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(estateFixture)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAgreementSignAndReview(t *testing.T) {
	dir := copyFixture(t)
	code, out, stderr := run(t, "check", "--now", "2026-11-29", "--format", "json", dir)
	if code != ExitFindings || !strings.Contains(out, `review-due:sentinel-mdr:terms`) || !strings.Contains(out, `clause \"monitoring\" changed`) {
		t.Fatalf("check before signing: exit %d, %s", code, stderr)
	}
	for _, party := range []string{"acme", "sentinel"} {
		code, out, stderr = run(t, "agreement", "sign", "--now", "2026-11-29", "--party", party, "--by", party+"@example.com", "sentinel-mdr", dir)
		if code != ExitClean || !strings.Contains(out, "signed agreement sentinel-mdr for "+party+" on 2026-11-29: terms sha256:") || !strings.Contains(out, "comments and layout kept") {
			t.Fatalf("sign for %s: exit %d\n%s%s", party, code, out, stderr)
		}
	}
	if _, out, _ := run(t, "check", "--now", "2026-11-29", "--format", "json", dir); strings.Contains(out, "review-due:sentinel-mdr:terms") {
		t.Errorf("still review-due after both parties signed again")
	}

	code, out, stderr = run(t, "agreement", "review", "--now", "2026-11-29", "--by", "ciso@acme.example", "--by", "tam@aws.example", "aws-enterprise", dir)
	if code != ExitClean || !strings.Contains(out, "recorded the review of agreement aws-enterprise on 2026-11-29 by ciso@acme.example, tam@aws.example: 2 assets in scope") {
		t.Fatalf("review: exit %d\n%s%s", code, out, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "agreements.yaml"))
	for _, want := range []string{"last_reviewed: 2026-11-29", "reviewed_by: [ciso@acme.example, tam@aws.example]", "shop-web: aws:ec2", "# AWS signs the version label of its own paper."} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the model file lacks %q after the review:\n%s", want, data)
		}
	}
	for _, args := range [][]string{
		{"agreement", "sign", "--party", "acme", "sentinel-mdr", dir},
		{"agreement", "sign", "--party", "nobody", "--by", "x", "sentinel-mdr", dir},
		{"agreement", "review", "aws-enterprise", dir},
		{"agreement", "review", "--by", "stranger@example.com", "aws-enterprise", dir},
		{"agreement", "sign", "--party", "acme", "--by", "x", "--date", "someday", "sentinel-mdr", dir},
	} {
		if code, _, _ := run(t, args...); code != ExitError {
			t.Errorf("%v: exit %d, want %d", args, code, ExitError)
		}
	}
}

func TestAgreementDiff(t *testing.T) {
	dir := copyFixture(t)
	old := filepath.Join(dir, "agreements.yaml")
	data, _ := os.ReadFile(old)
	new := filepath.Join(t.TempDir(), "agreements.yaml")
	os.WriteFile(new, []byte(strings.Replace(string(data), "responsible: harbour", "responsible: acme", 1)), 0o644)
	code, out, stderr := run(t, "agreement", "diff", old, new)
	if code != ExitFindings || !strings.Contains(out, "physical, every asset: harbour → acme (clause facility)") {
		t.Errorf("diff: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := run(t, "agreement", "diff", "--id", "aws-enterprise", old, new); code != ExitClean || !strings.Contains(out, "no agreement's terms changed") {
		t.Errorf("diff of an unchanged agreement: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, "agreement", "diff", old); code != ExitError {
		t.Errorf("one version: exit %d", code)
	}
	if code, _, stderr := run(t, "agreement", "diff", "--", "-x:y", new); code != ExitError || !strings.Contains(stderr, "not a git revision") {
		t.Errorf("a revision that looks like an option: exit %d, %s", code, stderr)
	}
}

func TestAgreementsTable(t *testing.T) {
	code, out, stderr := run(t, "agreements", "--now", "2026-11-29", estateFixture)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"PARTY", "aws", "harbour-colo: acme has not signed", "postbox", "none", "4 of 4 parties need action"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "agreements", "--now", "2026-11-29", "--format", "json", estateFixture)
	var rows []struct {
		Party string
		OK    bool
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 4 || code != ExitFindings {
		t.Errorf("JSON: exit %d, %v, %d rows", code, err, len(rows))
	}
	if code, out, _ := run(t, "agreements", "--format", "markdown", estateFixture); !strings.Contains(out, "| Party |") || code != ExitFindings {
		t.Errorf("Markdown: exit %d\n%s", code, out)
	}
}

func TestAgreementUsage(t *testing.T) {
	if code, _, stderr := run(t, "agreement"); code != ExitError || !strings.Contains(stderr, "lint") {
		t.Errorf("no subcommand: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "agreement", "lnt"); code != ExitError || !strings.Contains(stderr, `did you mean "lint"`) {
		t.Errorf("a misspelt subcommand: exit %d, %s", code, stderr)
	}
	if code, out, _ := run(t, "agreement", "rules"); code != ExitClean || !strings.Contains(out, "contradicts-provider-model") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
}

// diff --signed finds the signed version in git history: the fixture's MDR
// agreement was signed with a 15-minute response, since slowed to 30.
func TestAgreementDiffSigned(t *testing.T) {
	dir := copyFixture(t)
	git := testkit.Git(t, dir)
	file := filepath.Join(dir, "agreements.yaml")
	now, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(now), "response: 30m,", "response: 15m,", 1)), 0o644)
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "as signed")
	os.WriteFile(file, now, 0o644)
	code, out, stderr := run(t, "agreement", "diff", "--now", "2026-11-29", "--signed", "sentinel-mdr", dir)
	if code != ExitFindings || !strings.Contains(out, `commitments.response: "within 15 minutes" → "within 30 minutes"`) || !strings.Contains(stderr, "as signed (revision") {
		t.Errorf("diff --signed: exit %d\n%s%s", code, out, stderr)
	}
}
