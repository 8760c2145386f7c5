package classify_test

import (
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// readMapping reads gcp_tf_to_cai_asset_type.csv into its two columns.
func readMapping(t *testing.T) (tf, cai []string) {
	t.Helper()
	rows := readCSV(t, testkit.Shared(t, "data/mappings/gcp_tf_to_cai_asset_type.csv"), "terraform_type", "cai_asset_type")
	return column(rows, 0), column(rows, 1)
}

func TestGCPMappingCoverage(t *testing.T) {
	tf, cai := readMapping(t)
	if len(tf) < 200 {
		t.Fatalf("mapping has %d rows, want the 202 of the shared file", len(tf))
	}
	c := builtinClassifier(t)
	checkCoverage(t, c, "Terraform", "gcp", inventory.Terraform, tf)
	checkCoverage(t, c, "CAI", "gcp", inventory.CAI, cai)
}

// Both columns of a row name the same resource, so when both classify they
// must land on the same service.
func TestGCPMappingColumnsAgree(t *testing.T) {
	tf, cai := readMapping(t)
	c := builtinClassifier(t)
	for i := range tf {
		a := serviceID(c.Classify(inventory.Terraform, tf[i], nil))
		b := serviceID(c.Classify(inventory.CAI, cai[i], nil))
		if a != b {
			t.Errorf("%s → %s but %s → %s, want the same service", tf[i], a, cai[i], b)
		}
	}
}

func TestGCPAttributeRules(t *testing.T) {
	checkClassify(t, builtinClassifier(t), []classifyCase{
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
	})
}
