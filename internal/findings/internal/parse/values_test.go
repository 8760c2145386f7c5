package parse

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
)

func TestTerraformAddress(t *testing.T) {
	tests := []struct {
		addr, typ, name string
		ok              bool
	}{
		{"aws_s3_bucket.logs", "aws_s3_bucket", "logs", true},
		{"module.alb.aws_lb.main", "aws_lb", "main", true},
		{`module.net["eu.west"].module.sg[0].aws_security_group_rule.this["0"]`, "aws_security_group_rule", "this", true},
		{"data.aws_iam_policy_document.assume", "aws_iam_policy_document", "assume", true},
		{"module.endpoints", "", "", false},
		{"AWS::S3::Bucket.Logs", "", "", false},
		{"Deployment.payments.api", "", "", false},
		{"aws.default", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		typ, name, ok := TerraformAddress(tt.addr)
		if typ != tt.typ || name != tt.name || ok != tt.ok {
			t.Errorf("TerraformAddress(%q) = %q, %q, %v; want %q, %q, %v", tt.addr, typ, name, ok, tt.typ, tt.name, tt.ok)
		}
	}
}

func TestSnippetAddress(t *testing.T) {
	tests := []struct{ snippet, want string }{
		{"resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n}", "aws_s3_bucket.logs"},
		{"\n  resource aws_ebs_volume \"web\" {", "aws_ebs_volume.web"},
		{`data "aws_iam_policy_document" "p" {`, "data.aws_iam_policy_document.p"},
		{`module "vpc" {`, ""},
		{"bucket = \"x\"", ""},
	}
	for _, tt := range tests {
		if got := SnippetAddress(tt.snippet); got != tt.want {
			t.Errorf("SnippetAddress(%q) = %q, want %q", tt.snippet, got, tt.want)
		}
	}
}

func TestCheckProvider(t *testing.T) {
	tests := []struct{ check, provider, service string }{
		{"CKV_AWS_21", "aws", ""},
		{"CKV2_GCP_3", "gcp", ""},
		{"CKV_AZURE_35", "azure", ""},
		{"CKV_K8S_16", "kubernetes", ""},
		{"CKV_DOCKER_2", "", ""},
		{"AVD-AWS-0104", "aws", ""},
		{"AWS-0104", "aws", ""},
		{"AVD-KSV-0017", "kubernetes", ""},
		{"aws-s3-enable-versioning", "aws", "s3"},
		{"google-compute-no-public-ip", "gcp", "compute"},
		{"general-secrets-no-plaintext-exposure", "", ""},
		{"s3_bucket_default_encryption", "", ""},
	}
	for _, tt := range tests {
		p, s := CheckProvider(tt.check)
		if p != tt.provider || s != tt.service {
			t.Errorf("CheckProvider(%q) = %q, %q; want %q, %q", tt.check, p, s, tt.provider, tt.service)
		}
	}
}

func TestProviderOf(t *testing.T) {
	tests := map[string]string{
		"arn:aws:s3:::b":              "aws",
		"AWS::::Account:123456789012": "aws",
		"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Sql/servers/s": "azure",
		"/SUBSCRIPTIONS/x": "azure",
		"//storage.googleapis.com/projects/_/buckets/b": "gcp",
		"projects/p/zones/z/instances/i":                "gcp",
		"sg-0a1b2c":                                     "",
		"alpine:3.10":                                   "",
	}
	for id, want := range tests {
		if got := ProviderOf(id); got != want {
			t.Errorf("ProviderOf(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestVulnClass(t *testing.T) {
	tests := map[string]string{
		"OS": "os", "apk": "os", "dpkg": "os", "RPM": "os", "alpine": "os", "cbl-mariner": "os",
		"NPM": "application", "pip": "application", "PYTHONPKG": "application", "GOBINARY": "application",
		"dotnet_core": "application", "jar": "application", "gomod": "application", "": "", "firmware": "",
	}
	for manager, want := range tests {
		if got := VulnClass(manager); got != want {
			t.Errorf("VulnClass(%q) = %q, want %q", manager, got, want)
		}
	}
}

func TestManifestClass(t *testing.T) {
	tests := map[string]string{
		"web/package-lock.json": "application", "go.mod": "application", `C:\app\libs\spring-core.jar`: "application",
		"requirements.txt": "application", "main.tf": "", "Dockerfile": "", "": "",
	}
	for path, want := range tests {
		if got := ManifestClass(path); got != want {
			t.Errorf("ManifestClass(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestSeverities(t *testing.T) {
	words := map[string]onus.Severity{
		"INFORMATIONAL": onus.Info, "low": onus.Low, "Moderate": onus.Medium, "HIGH": onus.High, "important": onus.High,
		"Critical": onus.Critical, " fatal ": onus.Critical,
	}
	for w, want := range words {
		if got, ok := Severity(w); !ok || got != want {
			t.Errorf("Severity(%q) = %s, %v; want %s", w, got, ok, want)
		}
	}
	for _, w := range []string{"", "UNKNOWN", "severe", "a very long word that is no severity"} {
		if _, ok := Severity(w); ok {
			t.Errorf("Severity(%q) reports a severity", w)
		}
	}
	scores := []struct {
		score float64
		want  onus.Severity
	}{{0, onus.Info}, {3.9, onus.Low}, {4, onus.Medium}, {6.9, onus.Medium}, {8.9, onus.High}, {9, onus.Critical}, {10, onus.Critical}}
	for _, tt := range scores {
		if got := SeverityScore(tt.score); got != tt.want {
			t.Errorf("SeverityScore(%v) = %s, want %s", tt.score, got, tt.want)
		}
	}
	normalized := []struct {
		n    int64
		want onus.Severity
	}{{0, onus.Info}, {1, onus.Low}, {39, onus.Low}, {40, onus.Medium}, {70, onus.High}, {90, onus.Critical}, {100, onus.Critical}}
	for _, tt := range normalized {
		if got := SeverityNormalized(tt.n); got != tt.want {
			t.Errorf("SeverityNormalized(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
	for id, want := range map[int64]onus.Severity{1: onus.Info, 2: onus.Low, 3: onus.Medium, 4: onus.High, 5: onus.Critical, 6: onus.Critical} {
		if got, ok := SeverityOCSF(id); !ok || got != want {
			t.Errorf("SeverityOCSF(%d) = %s, %v; want %s", id, got, ok, want)
		}
	}
	for _, id := range []int64{0, 7, 99} {
		if _, ok := SeverityOCSF(id); ok {
			t.Errorf("SeverityOCSF(%d) reports a severity", id)
		}
	}
}

func TestSplitTag(t *testing.T) {
	tests := []struct {
		in   string
		seps []string
		k, v string
	}{
		{"team: data", []string{": ", ":"}, "team", "data"},
		{"aws:cloudformation:stack-name: exports", []string{": ", ":"}, "aws:cloudformation:stack-name", "exports"},
		{"tag:test", []string{": ", ":"}, "tag", "test"},
		{"url=https://x.example/a=b", []string{"=", ":"}, "url", "https://x.example/a=b"},
		{"lonely", []string{"="}, "lonely", ""},
	}
	for _, tt := range tests {
		k, v := SplitTag(tt.in, tt.seps...)
		if k != tt.k || v != tt.v {
			t.Errorf("SplitTag(%q) = %q, %q; want %q, %q", tt.in, k, v, tt.k, tt.v)
		}
		bk, bv := SplitTag([]byte(tt.in), tt.seps...)
		if string(bk) != tt.k || string(bv) != tt.v {
			t.Errorf("SplitTag(bytes %q) = %q, %q; want %q, %q", tt.in, bk, bv, tt.k, tt.v)
		}
	}
}

func TestParseARN(t *testing.T) {
	got, ok := ParseARN("arn:aws:lambda:eu-west-1:111122223333:function:render")
	want := ARN{Partition: "aws", Service: "lambda", Region: "eu-west-1", Account: "111122223333", Resource: "function:render"}
	if !ok || got != want {
		t.Errorf("ParseARN = %+v, %v; want %+v", got, ok, want)
	}
	for _, s := range []string{"arn:aws:s3", "sg-1", "arn::s3:::b"} {
		if _, ok := ParseARN(s); ok {
			t.Errorf("ParseARN(%q) accepted it", s)
		}
	}
}

func TestInterner(t *testing.T) {
	var in Interner
	a := in.Intern([]byte("eu-west-1"))
	b := in.InternAt(3, []byte("eu-west-1"))
	if a != b || in.InternAt(3, []byte("eu-west-1")) != a {
		t.Error("the same bytes gave different strings")
	}
	in.StartList()
	in.AddToList([]byte("x"))
	in.AddToList([]byte("y"))
	first := in.ListAt(0)
	in.StartList()
	in.AddToList([]byte("x"))
	in.AddToList([]byte("y"))
	if second := in.ListAt(0); &first[0] != &second[0] {
		t.Error("equal lists of one field are not shared")
	}
	in.StartList()
	if got := in.ListAt(0); got != nil {
		t.Errorf("an empty list reads as %v, want nil", got)
	}
	if got := in.SplitList(0, " x | | y ", "|"); !cmp.Equal(got, first) || &got[0] != &first[0] {
		t.Errorf("SplitList = %q, want the list %q shared", got, first)
	}
}

func TestEqualFold(t *testing.T) {
	tests := []struct {
		b, s string
		want bool
	}{
		{"suppressed", "Suppressed", true},
		{"SUPPRESSED", "Suppressed", true},
		{"Fail", "FAIL", true},
		{"Fai", "FAIL", false},
		{"Fail!", "FAIL", false},
	}
	for _, tt := range tests {
		if got := EqualFold([]byte(tt.b), tt.s); got != tt.want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", tt.b, tt.s, got, tt.want)
		}
	}
}

func TestProblemsCap(t *testing.T) {
	var p Problems
	for i := range MaxProblems + 7 {
		p.Add(onus.ErrorAt(onus.Location{File: "f.json", Line: i + 1}, onus.EInvalid, "bad"))
	}
	list, ok := p.Finish(nil).(onus.ErrorList)
	if !ok || len(list) != MaxProblems+1 {
		t.Fatalf("Finish = %d problems, want %d and a count of the rest", len(list), MaxProblems+1)
	}
	if got, want := list[MaxProblems].Error(), "f.json: 7 more problems not shown"; got != want {
		t.Errorf("last = %q, want %q", got, want)
	}
}

func TestProbe(t *testing.T) {
	got := Probe([]byte(`[{"a": {"b": [1, 2], "c": "x", "d": true, "e": null}}, {"f": 1}]`))
	want := []any{map[string]any{"a": map[string]any{"b": []any{Number("1")}, "c": "x", "d": true, "e": nil}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Probe (-want +got):\n%s", diff)
	}
	cut := First(Probe([]byte(`{"class_uid": 2004, "metadata": {"event_code": "c", "prod`)))
	if v, ok := Int(cut, "class_uid"); !ok || v != 2004 || String(Object(cut, "metadata"), "event_code") != "c" {
		t.Errorf("Probe of a cut head = %v", cut)
	}
	if Probe([]byte("not json")) != nil {
		t.Error("Probe of text is not nil")
	}
}
