package azure

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"data":[{"id":"/subscriptions/s","type":"t","properties":{"a":{"b":{"c":1}}}}],"resultTruncated":true,"totalRecords":9}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
	})
}
