package generic

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte("check,severity,line,tags,categories,package,package_class\nc,7.5,3,a=b;c=d,x;y,p,npm\n"))
	f.Add([]byte(`{"findings":[{"check":"c","tags":{"a":"b"},"line":"4","severity":9.1,"vulnerability":"CVE-1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, CSVFormat, data)
		findtest.Fuzz(t, JSONFormat, data)
	})
}
