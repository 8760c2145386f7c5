package kubernetes

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

func FuzzRead(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"kind":"NodeList","apiVersion":"v1","items":[{"metadata":{"name":"n","labels":{"eks.amazonaws.com/x":""}},"spec":{"providerID":"azure:///subscriptions"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		invtest.Fuzz(t, Format, data)
	})
}
