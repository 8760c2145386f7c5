package engine_test

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/model"
)

// BenchmarkCheck100k resolves and checks 100,000 assets against a model of
// 200 assignment rules and 20 agreements: the target is under 2 s
// and 500 MB on one core (run with -cpu 1). Loading the model files is not
// timed; reading the inventory is the inventory readers' benchmark.
func BenchmarkCheck100k(b *testing.B) {
	estate := gen.Estate{Assets: 100_000, Assignments: 200, Agreements: 20, Seed: 1}
	dir := b.TempDir()
	if err := estate.WriteFiles(dir); err != nil {
		b.Fatal(err)
	}
	m, cat, err := model.Load([]string{filepath.Join(dir, "model.yaml")}, model.Options{})
	if err != nil {
		b.Fatal(err)
	}
	assets := make([]*onus.Asset, estate.Assets)
	for i := range assets {
		assets[i] = estate.Asset(i)
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	var res *engine.Result
	for range b.N {
		if res, err = check(m, cat, now, assets); err != nil {
			b.Fatal(err)
		}
		n := 0
		for range res.Findings() {
			n++
		}
		b.ReportMetric(float64(n), "findings")
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(float64(res.Summary.Groups), "groups")
}
