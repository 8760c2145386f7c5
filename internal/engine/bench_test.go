package engine_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
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
func BenchmarkCheck100k(b *testing.B) { benchCheck(b, "") }

// benchCUECs are two CUECs, one owned and one falling to the layers'
// owners, as a SOC 2 report lists them.
const benchCUECs = `    cuecs:
      - {id: mfa, text: The customer enforces MFA for its administrators., layers: [identity], owner: team-01}
      - {id: keys, text: The customer rotates its encryption keys yearly., layers: [data, configuration]}
`

// BenchmarkCheck100kCUECs is BenchmarkCheck100k with 2 CUECs on each of the
// 20 agreements: every asset meets 40 CUECs that select nothing themselves,
// so it measures joining them to the assets their agreements' scopes hold.
func BenchmarkCheck100kCUECs(b *testing.B) { benchCheck(b, benchCUECs) }

// benchCheck runs the 100k benchmark, with cuecs (YAML) written into every
// agreement of the generated model.
func benchCheck(b *testing.B, cuecs string) {
	estate := gen.Estate{Assets: 100_000, Assignments: 200, Agreements: 20, Seed: 1}
	dir := b.TempDir()
	if err := estate.WriteFiles(dir); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "model.yaml")
	if cuecs != "" {
		// The generator writes no CUECs; each agreement's clauses follow
		// its sign-offs, so the CUECs go before them.
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		withCUECs := strings.ReplaceAll(string(data), "    clauses:\n", cuecs+"    clauses:\n")
		if err := os.WriteFile(path, []byte(withCUECs), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	m, cat, err := model.Load([]string{path}, model.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if cuecs != "" {
		n := 0
		for _, ag := range m.Agreements {
			n += len(ag.CUECs)
		}
		if n != 2*estate.Agreements {
			b.Fatalf("%d CUECs in the model, want %d", n, 2*estate.Agreements)
		}
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
