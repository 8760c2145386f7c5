package gen

import (
	"bytes"
	"encoding/json"
	"testing"
)

// ocsfRecord is what the tests check of a generated finding.
type ocsfRecord struct {
	ClassUID int `json:"class_uid"`
	Metadata struct {
		EventCode string `json:"event_code"`
	} `json:"metadata"`
	StatusCode string `json:"status_code"`
	Cloud      *struct {
		Provider string `json:"provider"`
	} `json:"cloud"`
	Resources []struct {
		UID string `json:"uid"`
	} `json:"resources"`
}

func generate(t *testing.T, g OCSF) ([]byte, []ocsfRecord) {
	t.Helper()
	var buf bytes.Buffer
	n, err := g.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	var recs []ocsfRecord
	if err := json.Unmarshal(buf.Bytes(), &recs); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return buf.Bytes(), recs
}

func TestOCSF(t *testing.T) {
	const count = 8000
	data, recs := generate(t, OCSF{Findings: count, Seed: 1})
	if len(recs) != count {
		t.Fatalf("generated %d findings, want %d", len(recs), count)
	}
	providers, statuses := map[string]int{}, map[string]int{}
	for _, r := range recs {
		p := "kubernetes"
		if r.Cloud != nil {
			p = r.Cloud.Provider
		}
		providers[p]++
		statuses[r.StatusCode]++
		if r.ClassUID != 2004 || r.Metadata.EventCode == "" || len(r.Resources) != 1 || r.Resources[0].UID == "" {
			t.Fatalf("incomplete finding %+v", r)
		}
	}
	for _, p := range []string{"aws", "azure", "gcp", "kubernetes"} {
		if providers[p] == 0 {
			t.Errorf("no %s findings in %v", p, providers)
		}
	}
	for _, s := range []string{"PASS", "FAIL", "MANUAL"} {
		if statuses[s] == 0 {
			t.Errorf("no %s findings in %v", s, statuses)
		}
	}
	if size := len(data) / count; size < 3000 || size > 4500 {
		t.Errorf("findings are %d bytes on average, want about 3.5 KB, as Prowler's are", size)
	}
	again, _ := generate(t, OCSF{Findings: count, Seed: 1})
	if !bytes.Equal(data, again) {
		t.Error("the same seed gave a different file")
	}
}

func TestOCSFEstate(t *testing.T) {
	e := &Estate{Assets: 300, Seed: 3}
	ids := map[string]bool{}
	for i := range e.Assets {
		ids[e.Asset(i).ID] = true
	}
	_, recs := generate(t, OCSF{Findings: 500, Seed: 2, Estate: e})
	matched := 0
	for _, r := range recs {
		if r.Cloud == nil {
			continue // the estate has no Kubernetes objects
		}
		if !ids[r.Resources[0].UID] {
			t.Errorf("%s finding on %q, not an asset of the estate", r.Cloud.Provider, r.Resources[0].UID)
		}
		matched++
	}
	if matched == 0 {
		t.Error("no finding is about an asset of the estate")
	}
}
