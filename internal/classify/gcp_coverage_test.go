package classify_test

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// minGCPCoverage is the share of the Terraform-to-CAI mapping that must
// classify into a Google Cloud service, in each column.
const minGCPCoverage = 0.95

// readMapping reads gcp_tf_to_cai_asset_type.csv into its two columns.
func readMapping(t *testing.T) (tf, cai []string) {
	t.Helper()
	f, err := os.Open(testkit.Shared(t, "data/mappings/gcp_tf_to_cai_asset_type.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 2
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if header[0] != "terraform_type" || header[1] != "cai_asset_type" {
		t.Fatalf("header = %q, want terraform_type,cai_asset_type", header)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tf = append(tf, rec[0])
		cai = append(cai, rec[1])
	}
	return tf, cai
}

func newClassifier(t *testing.T) *classify.Classifier {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	c, err := classify.New(cat)
	if err != nil {
		t.Fatalf("classify.New on the built-in catalog: %v", err)
	}
	return c
}

// serviceID returns the ID of s, or "nothing" for no service.
func serviceID(s *onus.Service) string {
	if s == nil {
		return "nothing"
	}
	return s.ID
}

func TestGCPMappingCoverage(t *testing.T) {
	tf, cai := readMapping(t)
	if len(tf) < 200 {
		t.Fatalf("mapping has %d rows, want the 202 of the shared file", len(tf))
	}
	c := newClassifier(t)
	for _, col := range []struct {
		vocab inventory.Vocabulary
		types []string
	}{{inventory.Terraform, tf}, {inventory.CAI, cai}} {
		cov := c.Measure(col.vocab, col.types)
		t.Logf("%s: %d of %d types classified (%.1f%%); unclassified: %s",
			col.vocab, cov.Classified, cov.Total, 100*cov.Share(), strings.Join(cov.Missing, ", "))
		if got := cov.Share(); got < minGCPCoverage {
			t.Errorf("%s coverage = %.3f, want at least %.2f", col.vocab, got, minGCPCoverage)
		}
		for id := range cov.ByService {
			if !strings.HasPrefix(id, "gcp:") {
				t.Errorf("%s: a Google Cloud type classified into %s, want a gcp: service", col.vocab, id)
			}
		}
	}
}

// Both columns of a row name the same resource, so when both classify they
// must land on the same service.
func TestGCPMappingColumnsAgree(t *testing.T) {
	tf, cai := readMapping(t)
	c := newClassifier(t)
	for i := range tf {
		a := serviceID(c.Classify(inventory.Terraform, tf[i], nil))
		b := serviceID(c.Classify(inventory.CAI, cai[i], nil))
		if a != b {
			t.Errorf("%s → %s but %s → %s, want the same service", tf[i], a, cai[i], b)
		}
	}
}

func TestGCPAttributeRules(t *testing.T) {
	c := newClassifier(t)
	tests := []struct {
		vocab inventory.Vocabulary
		typ   string
		attrs map[string]string
		want  string
	}{
		{inventory.Terraform, "google_container_cluster", map[string]string{"enable_autopilot": "true"}, "gcp:gke-autopilot"},
		{inventory.Terraform, "google_container_cluster", map[string]string{"enable_autopilot": "false"}, "gcp:gke"},
		{inventory.Terraform, "google_container_cluster", nil, "gcp:gke"},
		{inventory.Terraform, "google_container_node_pool", nil, "gcp:gke"},
		{inventory.CAI, "container.googleapis.com/Cluster", map[string]string{"autopilot.enabled": "true"}, "gcp:gke-autopilot"},
		{inventory.CAI, "container.googleapis.com/Cluster", map[string]string{"autopilot.enabled": "false"}, "gcp:gke"},
		{inventory.CAI, "container.googleapis.com/Cluster", nil, "gcp:gke"},
		{inventory.Terraform, "google_compute_backend_service", map[string]string{"enable_cdn": "true"}, "gcp:cloud-cdn"},
		{inventory.Terraform, "google_compute_backend_service", nil, "gcp:load-balancing"},
		{inventory.CAI, "compute.googleapis.com/BackendService", map[string]string{"enableCDN": "true"}, "gcp:cloud-cdn"},
		{inventory.Terraform, "google_network_services_gateway", map[string]string{"type": "SECURE_WEB_GATEWAY"}, "gcp:secure-web-proxy"},
		{inventory.Terraform, "google_network_services_gateway", map[string]string{"type": "OPEN_MESH"}, "gcp:load-balancing"},
		{inventory.CAI, "networkservices.googleapis.com/Gateway", map[string]string{"type": "SECURE_WEB_GATEWAY"}, "gcp:secure-web-proxy"},
		// Longest literal prefix wins among patterns.
		{inventory.Terraform, "google_compute_router_nat", nil, "gcp:cloud-nat"},
		{inventory.Terraform, "google_compute_router", nil, "gcp:vpc"},
		{inventory.Terraform, "google_compute_instance_template", nil, "gcp:compute-engine"},
		{inventory.Terraform, "google_compute_interconnect_attachment", nil, "gcp:cloud-interconnect"},
		{inventory.Terraform, "google_compute_region_target_https_proxy", nil, "gcp:load-balancing"},
		{inventory.Terraform, "google_kms_crypto_key_iam_member", nil, "gcp:kms"},
		{inventory.Terraform, "google_project_iam_member", nil, "gcp:iam"},
		{inventory.Terraform, "google_project_organization_policy", nil, "gcp:organization-policy"},
		{inventory.Terraform, "google_folder_iam_binding", nil, "gcp:iam"},
		{inventory.Terraform, "google_folder", nil, "gcp:resource-manager"},
	}
	for _, tt := range tests {
		if got := serviceID(c.Classify(tt.vocab, tt.typ, tt.attrs)); got != tt.want {
			t.Errorf("Classify(%s, %s, %v) = %s, want %s", tt.vocab, tt.typ, tt.attrs, got, tt.want)
		}
	}
}
