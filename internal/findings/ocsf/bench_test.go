package ocsf

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/findings"
)

// BenchmarkReadOCSF reads a generated file of Prowler OCSF findings of
// about 3.7 KB each, and reports findings per second of wall time and of
// processor time (steadier on a loaded machine). The routing target is
// stated for one core:
//
//	go test -run='^$' -bench=ReadOCSF -cpu 1 ./internal/findings/ocsf/
func BenchmarkReadOCSF(b *testing.B) {
	const count = 20000
	var buf bytes.Buffer
	if _, err := (gen.OCSF{Findings: count, Seed: 1}).WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		err := Format.Read(bytes.NewReader(data), "bench.ocsf.json", func(*findings.Finding) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if n%count != 0 {
		b.Fatalf("read %d findings, not a multiple of %d", n, count)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "findings/s")
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(n)/c.Seconds(), "findings/cpu-s")
	}
	b.ReportMetric(float64(len(data))/count, "B/finding")
}

// TestLargeFileHeapStaysFlat generates a file of a million findings (or
// the number ONUS_BENCH_LARGE holds, when it is a number) and reads it,
// checking that the live heap does not grow with the file. It writes
// about 3.7 GB to a temporary folder, so it runs only when ONUS_BENCH_LARGE
// is set:
//
//	ONUS_BENCH_LARGE=1 go test -run=LargeFile -v ./internal/findings/ocsf/
func TestLargeFileHeapStaysFlat(t *testing.T) {
	v := os.Getenv("ONUS_BENCH_LARGE")
	if v == "" {
		t.Skip("set ONUS_BENCH_LARGE to read a generated file of a million findings")
	}
	count := 1_000_000
	if n, err := strconv.Atoi(v); err == nil && n >= 10_000 {
		count = n
	}
	path := filepath.Join(t.TempDir(), "large.ocsf.json")
	start := time.Now()
	size := writeFile(t, path, gen.OCSF{Findings: count, Seed: 7})
	t.Logf("generated %d findings, %.2f GB, in %v", count, float64(size)/1e9, time.Since(start).Round(time.Millisecond))

	// The live heap is sampled after a collection every tenth of the
	// file; the first sample is the baseline once the reader is warm.
	const samples = 10
	var heap []uint64
	n := 0
	every := count / samples
	start, cpu := time.Now(), cpuTime()
	err := findings.ReadFile(path, "", []findings.Format{Format}, func(*findings.Finding) error {
		n++
		if n%every == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap = append(heap, ms.HeapAlloc)
		}
		return nil
	})
	wall, used := time.Since(start), cpuTime()-cpu
	if err != nil {
		t.Fatal(err)
	}
	if n != count {
		t.Fatalf("read %d findings, want %d", n, count)
	}
	t.Logf("read in %v (%.0f findings/s), %v of processor time (%.0f findings/cpu-s)",
		wall.Round(time.Millisecond), float64(n)/wall.Seconds(), used.Round(time.Millisecond), float64(n)/used.Seconds())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("live heap after each tenth (MB): %v; heap obtained from the system: %.1f MB", mb(heap), float64(ms.HeapSys)/1e6)
	const slack = 4 << 20
	for i, h := range heap {
		if h > heap[0]+slack {
			t.Errorf("live heap grew from %.1f MB to %.1f MB after %d findings", float64(heap[0])/1e6, float64(h)/1e6, (i+1)*every)
		}
	}
}

func writeFile(t *testing.T, path string, g gen.OCSF) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	size, err := g.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return size
}

func mb(values []uint64) []float64 {
	out := make([]float64, len(values))
	for i, v := range values {
		out[i] = float64(v*10/1e6) / 10
	}
	return out
}
