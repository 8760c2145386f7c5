package trivy

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"SchemaVersion":2,"Results":[{"Misconfigurations":[{"AVDID":"AVD-AWS-0001","CauseMetadata":{"Occurrences":[{"Resource":"aws_s3_bucket.b"},{"Resource":"module.m"}]}}],"Target":"main.tf","Class":"config","Type":"terraform"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
