package checkov

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`[{"check_type":"kubernetes","results":{"failed_checks":[{"check_id":"CKV_K8S_1","resource":"Pod.ns.name","file_line_range":[3,4],"entity_tags":{"a":1}}]}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
