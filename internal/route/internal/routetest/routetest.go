// Package routetest holds what the tests of routing and delivery share:
// evaluating a test estate the way the command line does.
package routetest

import (
	"testing"
	"time"

	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/model"
)

// Now is the day the test estates are evaluated on.
var Now = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// Evaluate loads the model at dir and runs the engine over its assets,
// keeping them, as onus route does.
func Evaluate(tb testing.TB, dir string) *engine.Result {
	tb.Helper()
	m, cat, err := model.Load([]string{dir}, model.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: Now})
	if err != nil {
		tb.Fatal(err)
	}
	run := p.NewRun(true)
	for _, a := range m.Assets {
		run.Add(a)
	}
	res, err := run.Finish()
	if err != nil {
		tb.Fatal(err)
	}
	return res
}
