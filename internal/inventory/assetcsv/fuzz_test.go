package assetcsv

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte("id,service,tags,data\n\"a\"\"b\",s,\"k=v;=x\",pii;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
	})
}
