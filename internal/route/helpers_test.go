package route

import (
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/route/internal/routetest"
)

// testNow is the day the test estates are evaluated on.
var testNow = routetest.Now

// newTestRouter returns a router for the routing test estate.
func newTestRouter(t testing.TB, files ...*RulesFile) *Router {
	t.Helper()
	table, err := NewTable(files...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(routetest.Evaluate(t, "testdata/estate"), Options{Table: table, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testFinding returns a failed finding of a tool's check on a resource.
func testFinding(tool, check, resource string) *findings.Finding {
	return &findings.Finding{Tool: tool, Check: check, Status: findings.Fail, Severity: onus.Medium,
		Resource: findings.Resource{ID: resource}}
}
