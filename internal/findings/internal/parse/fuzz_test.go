package parse

import (
	"strings"
	"testing"
)

// FuzzValues feeds the same text to the functions that read values and
// heads: none may panic, and an address they accept must give a type and
// a name found in the text.
func FuzzValues(f *testing.F) {
	for _, s := range []string{
		`module.a["x.y"].aws_s3_bucket.b[0]`, `data.aws_iam_policy.p`, "resource \"aws_lb\" \"main\" {", "team: data",
		`{"class_uid": 2004, "metadata": {"event_code": "c"`, `[{"a": [1, {"b": null}]}]`, "arn:aws:s3:::b", "CKV2_AWS_1", "AVD-GCP-0007",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if typ, name, ok := TerraformAddress(s); ok && (!strings.Contains(s, typ) || !strings.Contains(s, name)) {
			t.Errorf("TerraformAddress(%q) = %q, %q, not from the text", s, typ, name)
		}
		SnippetAddress(s)
		SplitTag(s, ": ", "=", ":")
		CheckProvider(s)
		ProviderOf(s)
		ParseARN(s)
		VulnClass(s)
		ManifestClass(s)
		Severity(s)
		First(Probe([]byte(s)))
	})
}
