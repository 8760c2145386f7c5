package prowlercsv

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte("CHECK_ID;STATUS;PROVIDER;RESOURCE_TAGS;REGION;MUTED\nc;FAIL;aws;a=b | c:d;namespace: x;True\n"))
	f.Add([]byte("CHECK_ID;STATUS\n\"multi\nline\";PASS\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
