package route

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/ocsf"
	"github.com/onus-dev/onus/internal/model"
)

// benchEstate is the generated estate the benchmarks route against: 20,000
// assets, 200 assignment rules and 20 agreements.
var benchEstate = gen.Estate{Assets: 20_000, Assignments: 200, Agreements: 20, Seed: 1}

// evaluateEstate writes a generated estate's model and runs the engine
// over its assets.
func evaluateEstate(tb testing.TB, e gen.Estate) *engine.Result {
	tb.Helper()
	dir := tb.TempDir()
	if err := e.WriteFiles(dir); err != nil {
		tb.Fatal(err)
	}
	m, cat, err := model.Load([]string{filepath.Join(dir, "model.yaml")}, model.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: testNow})
	if err != nil {
		tb.Fatal(err)
	}
	run := p.NewRun(true)
	for i := range e.Assets {
		run.Add(e.Asset(i))
	}
	res, err := run.Finish()
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// routeOCSF reads OCSF findings from r, routes them and writes the JSON
// report to w.
func routeOCSF(tb testing.TB, rt *Router, r io.Reader, w io.Writer) *Result {
	tb.Helper()
	b := rt.NewBatch(tb.TempDir())
	if err := ocsf.Format.Read(r, "bench.ocsf.json", b.Add); err != nil {
		tb.Fatal(err)
	}
	res, err := b.Finish()
	if err != nil {
		tb.Fatal(err)
	}
	if err := Write(w, "json", res, WriteOptions{}); err != nil {
		tb.Fatal(err)
	}
	return res
}

// BenchmarkRoute reads a generated Prowler OCSF file about the estate's
// assets, routes every finding, spools it and writes the JSON report: the
// whole of `onus route` but evaluating the model. The read sub-benchmark
// only reads the file, for comparison. Run it on one core, as the target
// is stated, and read findings/cpu-s on a shared machine:
//
//	go test -run=^$ -bench=Route -cpu 1 ./internal/route/
func BenchmarkRoute(b *testing.B) {
	const n = 50_000
	rt, err := New(evaluateEstate(b, benchEstate), Options{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := (gen.OCSF{Findings: n, Seed: 1, Estate: &benchEstate}).WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	measure := func(b *testing.B, run func()) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			run()
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "findings/s")
		if c := cpuTime() - cpu; c > 0 {
			b.ReportMetric(float64(n*b.N)/c.Seconds(), "findings/cpu-s")
		}
	}
	b.Run("read", func(b *testing.B) {
		measure(b, func() {
			if err := ocsf.Format.Read(bytes.NewReader(data), "bench.ocsf.json", func(*findings.Finding) error { return nil }); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("route", func(b *testing.B) {
		measure(b, func() {
			res := routeOCSF(b, rt, bytes.NewReader(data), io.Discard)
			if res.Summary.Input != n {
				b.Fatalf("routed %d findings, want %d", res.Summary.Input, n)
			}
			res.Close()
		})
	})
}

// BenchmarkRouteParts measures the parts of routing on findings read
// beforehand: deciding (Route), deciding and spooling (Batch.Add), and
// writing the JSON report from the spool.
func BenchmarkRouteParts(b *testing.B) {
	rt, err := New(evaluateEstate(b, benchEstate), Options{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	const n = 20_000
	if _, err := (gen.OCSF{Findings: n, Seed: 1, Estate: &benchEstate}).WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	var fs []*findings.Finding
	if err := ocsf.Format.Read(&buf, "bench.ocsf.json", func(f *findings.Finding) error { fs = append(fs, f); return nil }); err != nil {
		b.Fatal(err)
	}
	measure := func(b *testing.B, per int, run func()) {
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			run()
		}
		if c := cpuTime() - cpu; c > 0 {
			b.ReportMetric(float64(c.Nanoseconds())/float64(per*b.N), "cpu-ns/finding")
		}
	}
	b.Run("decide", func(b *testing.B) {
		measure(b, n, func() {
			for _, f := range fs {
				rt.Route(f)
			}
		})
	})
	b.Run("spool", func(b *testing.B) {
		measure(b, n, func() {
			batch := rt.NewBatch(b.TempDir())
			for _, f := range fs {
				batch.Add(f)
			}
			batch.Close()
		})
	})
	batch := rt.NewBatch(b.TempDir())
	for _, f := range fs {
		batch.Add(f)
	}
	res, err := batch.Finish()
	if err != nil {
		b.Fatal(err)
	}
	defer res.Close()
	b.Run("write-json", func(b *testing.B) {
		measure(b, n, func() {
			if err := Write(io.Discard, "json", res, WriteOptions{}); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// TestRouteLargeFlatMemory routes a generated 1,000,000-finding OCSF file
// (about 3.7 GB, streamed from the generator, never held) and checks that
// the heap after routing 1,000,000 findings is not much larger than after
// 100,000: routed findings live in the spool file, not in memory. It is
// slow, so it runs only when ONUS_BENCH_LARGE is set.
func TestRouteLargeFlatMemory(t *testing.T) {
	if os.Getenv("ONUS_BENCH_LARGE") == "" {
		t.Skip("set ONUS_BENCH_LARGE=1 to route 1,000,000 generated findings")
	}
	rt, err := New(evaluateEstate(t, benchEstate), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	heapAfter := func(n int) (uint64, *Result) {
		pr, pw := io.Pipe()
		go func() {
			_, err := (gen.OCSF{Findings: n, Seed: 2, Estate: &benchEstate}).WriteTo(pw)
			pw.CloseWithError(err)
		}()
		b := rt.NewBatch(t.TempDir())
		var peak uint64
		var ms runtime.MemStats
		count := 0
		err := ocsf.Format.Read(pr, "large.ocsf.json", func(f *findings.Finding) error {
			if count++; count%100_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
			return b.Add(f)
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := b.Finish()
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		t.Logf("%d findings: live heap %d MB while routing, %d MB after", n, peak>>20, ms.HeapAlloc>>20)
		peak = max(peak, ms.HeapAlloc)
		if err := Write(io.Discard, "json", res, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		t.Logf("%d findings: live heap %d MB after writing the report", n, ms.HeapAlloc>>20)
		return max(peak, ms.HeapAlloc), res
	}
	small, res := heapAfter(100_000)
	res.Close()
	large, res := heapAfter(1_000_000)
	defer res.Close()
	s := res.Summary
	if total := s.Queued + s.ProviderCases + s.Unroutable + s.Evidence + s.Suppressed; s.Input != 1_000_000 || total != s.Input {
		t.Errorf("routed %d findings into buckets holding %d, want 1,000,000 in both", s.Input, total)
	}
	t.Logf("live heap: %d MB after 100,000 findings, %d MB after 1,000,000", small>>20, large>>20)
	if large > small+small/2+8<<20 {
		t.Errorf("live heap grew from %d MB to %d MB: memory is not flat", small>>20, large>>20)
	}
}
