package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestTFStateIsAStateAndCountsRight(t *testing.T) {
	var buf bytes.Buffer
	stats, err := TFState{Instances: 3000, Seed: 3}.Write(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Version   int `json:"version"`
		Resources []struct {
			Mode, Type, Each, Provider string
			Module                     string
			Instances                  []struct {
				IndexKey   any            `json:"index_key"`
				Deposed    string         `json:"deposed"`
				Attributes map[string]any `json:"attributes"`
			}
		} `json:"resources"`
	}
	if err := json.Unmarshal(buf.Bytes(), &state); err != nil {
		t.Fatal(err)
	}
	var got TFStateStats
	got.Bytes = int64(buf.Len())
	got.Resources = len(state.Resources)
	types, modules := map[string]bool{}, 0
	for _, r := range state.Resources {
		types[r.Type] = true
		if r.Module != "" {
			modules++
		}
		for _, in := range r.Instances {
			switch {
			case r.Mode == "data":
				got.DataSources++
			case in.Deposed != "":
				got.Deposed++
			default:
				got.Instances++
			}
			if len(in.Attributes) == 0 {
				t.Errorf("%s has no attributes", r.Type)
			}
			if (r.Each == "") != (in.IndexKey == nil) {
				t.Errorf("%s: each %q with index key %v", r.Type, r.Each, in.IndexKey)
			}
		}
	}
	if state.Version != 4 || got != stats {
		t.Errorf("version %d, stats %+v; Write said %+v", state.Version, got, stats)
	}
	if stats.Instances < 3000 || stats.DataSources == 0 || stats.Deposed == 0 || modules == 0 || len(types) < len(tfKinds)-2 {
		t.Errorf("stats %+v, %d resources in modules, %d types: not the mix wanted", stats, modules, len(types))
	}
}

func TestTFStateIsDeterministic(t *testing.T) {
	write := func(seed uint64) string {
		var b strings.Builder
		if _, err := (TFState{Instances: 200, Seed: seed}).Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	first, again := write(1), write(1)
	if first != again {
		t.Error("the same seed gave two states")
	}
	if first == write(2) {
		t.Error("two seeds gave the same state")
	}
}

func TestTFStateMinSize(t *testing.T) {
	var buf bytes.Buffer
	stats, err := TFState{MinSize: 2 << 20, Seed: 1}.Write(&buf)
	if err != nil || stats.Bytes < 2<<20 || stats.Bytes > 3<<20 || !json.Valid(buf.Bytes()) {
		t.Errorf("wrote %d bytes, error %v; want a valid state of a little over 2 MiB", stats.Bytes, err)
	}
}

type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n := w.left
		w.left = 0
		return n, errors.New("disk full")
	}
	w.left -= len(p)
	return len(p), nil
}

func TestTFStateWriteError(t *testing.T) {
	_, err := TFState{Instances: 100000, Seed: 1}.Write(&failingWriter{left: 3 << 20})
	if err == nil || err.Error() != "disk full" {
		t.Errorf("error = %v, want the writer's", err)
	}
}
