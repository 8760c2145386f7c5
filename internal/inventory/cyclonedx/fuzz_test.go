package cyclonedx

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"bomFormat":"CycloneDX","services":[{"name":"a","endpoints":["http://[::1"],"services":[{"name":"b","services":[]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
	})
}
