//go:build unix

package bench_test

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/terraform"
)

// Issue 3's targets for reading Terraform state.
const (
	minStateMBps = 150      // on one core
	maxStateHeap = 64 << 20 // in use at any time, whatever the file's size
)

// TestLargeTerraformState writes a generated state of over 1 GiB to a
// temporary folder and reads it as the CLI does, on one core (GOMAXPROCS
// 1), checking that every instance is read, that the heap in use stays
// under 64 MiB, and that the read takes at least 150 MB/s of CPU time. It
// needs a few GiB of disk and a minute, so it runs only when
// ONUS_BENCH_LARGE is set, and never with -short:
//
//	ONUS_BENCH_LARGE=1 go test -run LargeTerraformState -v ./bench/
func TestLargeTerraformState(t *testing.T) {
	if testing.Short() || os.Getenv("ONUS_BENCH_LARGE") == "" {
		t.Skip("set ONUS_BENCH_LARGE to read a generated state of over 1 GiB")
	}
	path := filepath.Join(t.TempDir(), "large.tfstate")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := gen.TFState{MinSize: 1 << 30, Seed: 11}.Write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	sample := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	n := 0
	cpu0, start := cpuTime(t), time.Now()
	err = inventory.ReadFile(path, "", []inventory.Format{terraform.Format, terraform.ShowFormat}, func(*inventory.Resource) error {
		n++
		if n%4096 == 0 {
			sample()
		}
		return nil
	})
	cpu, wall := cpuTime(t)-cpu0, time.Since(start)
	sample()
	if err != nil {
		t.Fatal(err)
	}

	mbps := float64(stats.Bytes) / 1e6 / cpu.Seconds()
	t.Logf("read %d bytes, %d resources in %v CPU (%v wall): %.0f MB/s, %.0f resources/s of CPU; peak heap in use %.1f MiB",
		stats.Bytes, n, cpu.Round(time.Millisecond), wall.Round(time.Millisecond), mbps, float64(n)/cpu.Seconds(), float64(peak)/(1<<20))
	if n != stats.Instances {
		t.Errorf("read %d resources, the generator wrote %d", n, stats.Instances)
	}
	if peak > maxStateHeap {
		t.Errorf("peak heap in use %d bytes, want under %d", peak, maxStateHeap)
	}
	if mbps < minStateMBps {
		t.Errorf("read at %.0f MB/s of CPU time, want at least %d", mbps, minStateMBps)
	}
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
