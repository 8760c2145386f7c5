package awsconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
)

// benchCopies is how many times the items of testdata/snapshot.json are
// repeated: about 16 MB.
const benchCopies = 4000

var (
	benchOnce  sync.Once
	benchDoc   []byte
	benchLive  int // resources the document holds
	benchError error
)

// benchSnapshot returns a snapshot of the items of testdata/snapshot.json
// repeated with distinct ARNs, indented as AWS Config delivers them, and
// how many of its items describe live resources.
func benchSnapshot(b *testing.B) ([]byte, int) {
	b.Helper()
	benchOnce.Do(func() {
		raw, err := os.ReadFile(filepath.Join("testdata", "snapshot.json"))
		if err != nil {
			benchError = err
			return
		}
		var snap struct {
			Items []map[string]any `json:"configurationItems"`
		}
		if benchError = json.Unmarshal(raw, &snap); benchError != nil {
			return
		}
		var items []any
		for n := range benchCopies {
			for _, it := range snap.Items {
				c := maps.Clone(it)
				c["ARN"] = fmt.Sprintf("%s-%d", it["ARN"], n)
				c["resourceId"] = fmt.Sprintf("%s-%d", it["resourceId"], n)
				if status, _ := it["configurationItemStatus"].(string); !notLive[status] {
					benchLive++
				}
				items = append(items, c)
			}
		}
		benchDoc, benchError = json.MarshalIndent(map[string]any{
			"fileVersion": "1.0", "configSnapshotId": "bench", "configurationItems": items,
		}, "", "  ")
	})
	if benchError != nil {
		b.Fatal(benchError)
	}
	return benchDoc, benchLive
}

// BenchmarkRead reads a generated AWS Config snapshot of about 16 MB. Run
// it with -cpu 1 for the single-core figure.
func BenchmarkRead(b *testing.B) {
	doc, live := benchSnapshot(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		err := readConfig(bytes.NewReader(doc), "bench.json", func(*inventory.Resource) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if want := live * b.N; n != want {
		b.Fatalf("read %d resources, want %d", n, want)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "resources/s")
}
