package terraform

import (
	"bytes"
	"sync"
	"testing"

	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/inventory"
)

var (
	benchOnce  sync.Once
	benchState []byte
	benchStats gen.TFStateStats
)

// benchDoc returns a generated state of about 32 MB.
func benchDoc(b *testing.B) ([]byte, gen.TFStateStats) {
	b.Helper()
	benchOnce.Do(func() {
		var buf bytes.Buffer
		var err error
		if benchStats, err = (gen.TFState{MinSize: 32 << 20, Seed: 7}).Write(&buf); err != nil {
			panic(err)
		}
		benchState = buf.Bytes()
	})
	return benchState, benchStats
}

// BenchmarkReadState reads a generated state of about 32 MB. Run it with
// -cpu 1 for the single-core figure.
func BenchmarkReadState(b *testing.B) {
	doc, stats := benchDoc(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		err := ReadState(bytes.NewReader(doc), "bench.tfstate", func(*inventory.Resource) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if want := stats.Instances * b.N; n != want {
		b.Fatalf("read %d resources, want %d", n, want)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "resources/s")
}
