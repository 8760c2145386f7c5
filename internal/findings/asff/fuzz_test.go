package asff

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"Findings":[{"SchemaVersion":"2018-10-08","GeneratorId":"security-control/S3.1","Resources":[{"Id":"arn:aws:s3:::b"}],"Vulnerabilities":[{"Id":"CVE-1","VulnerablePackages":[{"Name":"x","PackageManager":"OS"}]}]}]}`))
	f.Add([]byte("{\"GeneratorId\":\"g\",\"Severity\":{\"Normalized\":55}}\n{\"GeneratorId\":\"arn:aws:guardduty:x\",\"Types\":[\"a/b\"]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
