package gcp

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"name":"n","assetType":"t","resource":{"data":{"settings":{"userLabels":{"a":1}},"metadata":"x"}}}` + "\n" + `[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
	})
}
