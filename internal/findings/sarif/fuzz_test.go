package sarif

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"version":"2.1.0","runs":[{"results":[{"ruleId":"CVE-1_pkg@1.0","locations":[{"physicalLocation":{"region":{"snippet":{"text":"resource \"aws_s3_bucket\" \"b\" {"}}}}]}],"tool":{"driver":{"name":"t","rules":[{"id":"CVE-1_pkg@1.0","help":{"text":"x\nResource: module.m.aws_s3_bucket.b"}}]}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
