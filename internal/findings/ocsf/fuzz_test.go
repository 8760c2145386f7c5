package ocsf

import (
	"testing"

	"github.com/onus-dev/onus/internal/findings/internal/findtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`[{"class_uid":2004,"metadata":{"event_code":"c","profiles":["container"]},"resources":[{"uid":"u","labels":["k: v"]}],"status":"Suppressed"}]`))
	f.Add([]byte("{\"class_uid\":2002,\"vulnerabilities\":[{\"cve\":{\"uid\":\"CVE-1\"},\"affected_packages\":[{\"name\":\"x\",\"package_manager\":\"npm\"}]}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		findtest.Fuzz(t, Format, data)
	})
}
