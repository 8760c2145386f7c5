package classify

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// minAzureCoverage is the share of the azurerm-to-ARM mapping that must
// classify into an Azure service, in each column.
const minAzureCoverage = 0.95

// azureMapping reads azurerm_tf_to_arm_type.csv from the shared data next to
// the repository: the Terraform types, and the ARM types (without the few
// rows that have none). It skips the test when the file is absent, but fails
// it under CI, where the file must be present.
func azureMapping(t *testing.T) (tf, arm []string) {
	t.Helper()
	f, err := os.Open(testkit.Shared(t, "data/mappings/azurerm_tf_to_arm_type.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 3
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if header[0] != "terraform_type" || header[1] != "arm_resource_type" {
		t.Fatalf("header = %q, want terraform_type,arm_resource_type,…", header)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return tf, arm
		}
		if err != nil {
			t.Fatal(err)
		}
		tf = append(tf, rec[0])
		if rec[1] != "" {
			arm = append(arm, rec[1])
		}
	}
}

// azureClassifier builds a classifier from the built-in catalog; building
// it fails when two services claim one type with the same conditions.
func azureClassifier(t *testing.T) (*onus.Catalog, *Classifier) {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	c, err := New(cat)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return cat, c
}

func TestAzureCoverage(t *testing.T) {
	tf, arm := azureMapping(t)
	cat, c := azureClassifier(t)
	for _, tc := range []struct {
		vocab inventory.Vocabulary
		types []string
	}{
		{inventory.Terraform, tf},
		{inventory.ARM, arm},
	} {
		t.Run(string(tc.vocab), func(t *testing.T) {
			cov := c.Measure(tc.vocab, tc.types)
			azure := 0
			for id, n := range cov.ByService {
				if s := cat.Service(id); s != nil && s.Provider == "azure" {
					azure += n
				} else {
					t.Errorf("%d %s types classify into %s, which is not an Azure service", n, tc.vocab, id)
				}
			}
			share := float64(azure) / float64(cov.Total)
			t.Logf("%s: %d of %d types (%.1f%%) classify into %d Azure services; unclassified: %q",
				tc.vocab, azure, cov.Total, 100*share, len(cov.ByService), cov.Missing)
			if share < minAzureCoverage {
				t.Errorf("%s coverage = %.3f, want at least %.2f", tc.vocab, share, minAzureCoverage)
			}
		})
	}
}

func TestAzureAttributeRules(t *testing.T) {
	_, c := azureClassifier(t)
	for _, tc := range []struct {
		name  string
		vocab inventory.Vocabulary
		typ   string
		attrs map[string]string
		want  string
	}{
		{"function app", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "functionapp"}, "azure:functions"},
		{"linux function app", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "functionapp,linux"}, "azure:functions"},
		{"function app as ARG reports it", inventory.ARM, "microsoft.web/sites", map[string]string{"kind": "FunctionApp"}, "azure:functions"},
		{"function app on Container Apps", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "functionapp,linux,container,azurecontainerapps"}, "azure:functions"},
		{"function app slot", inventory.ARM, "Microsoft.Web/sites/slots", map[string]string{"kind": "functionapp"}, "azure:functions"},
		{"web app", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "app"}, "azure:app-service"},
		{"linux web app", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "app,linux"}, "azure:app-service"},
		{"site without a kind", inventory.ARM, "Microsoft.Web/sites", nil, "azure:app-service"},
		{"Logic Apps Standard", inventory.ARM, "Microsoft.Web/sites", map[string]string{"kind": "functionapp,workflowapp"}, "azure:logic-apps"},
		{"function in a function app", inventory.ARM, "Microsoft.Web/sites/functions", nil, "azure:functions"},
		{"terraform linux function app", inventory.Terraform, "azurerm_linux_function_app", nil, "azure:functions"},
		{"terraform windows function app", inventory.Terraform, "azurerm_windows_function_app", nil, "azure:functions"},
		{"terraform legacy function app", inventory.Terraform, "azurerm_function_app", nil, "azure:functions"},
		{"terraform linux web app", inventory.Terraform, "azurerm_linux_web_app", nil, "azure:app-service"},
		{"terraform function app connection", inventory.Terraform, "azurerm_function_app_connection", nil, "azure:service-connector"},
		{"OpenAI account", inventory.ARM, "Microsoft.CognitiveServices/accounts", map[string]string{"kind": "OpenAI"}, "azure:openai"},
		{"language account", inventory.ARM, "Microsoft.CognitiveServices/accounts", map[string]string{"kind": "TextAnalytics"}, "azure:ai-services"},
		{"terraform OpenAI account", inventory.Terraform, "azurerm_cognitive_account", map[string]string{"kind": "OpenAI"}, "azure:openai"},
		{"terraform speech account", inventory.Terraform, "azurerm_cognitive_account", map[string]string{"kind": "SpeechServices"}, "azure:ai-services"},
		{"Front Door profile", inventory.ARM, "Microsoft.Cdn/profiles", map[string]string{"sku.name": "Premium_AzureFrontDoor"}, "azure:front-door"},
		{"CDN profile", inventory.ARM, "Microsoft.Cdn/profiles", map[string]string{"sku.name": "Standard_Microsoft"}, "azure:cdn"},
		{"virtual machine", inventory.ARM, "microsoft.compute/virtualmachines", nil, "azure:virtual-machines"},
		{"managed disk", inventory.ARM, "Microsoft.Compute/disks", nil, "azure:managed-disks"},
		{"scale set", inventory.ARM, "Microsoft.Compute/virtualMachineScaleSets", nil, "azure:vm-scale-sets"},
		{"site recovery fabric", inventory.ARM, "Microsoft.RecoveryServices/vaults/replicationFabrics", nil, "azure:site-recovery"},
		{"recovery services vault", inventory.ARM, "Microsoft.RecoveryServices/vaults", nil, "azure:backup"},
		{"role assignment", inventory.ARM, "Microsoft.Authorization/roleAssignments", nil, "azure:rbac"},
		{"policy assignment", inventory.ARM, "Microsoft.Authorization/policyAssignments", nil, "azure:policy"},
		{"lock", inventory.ARM, "Microsoft.Authorization/locks", nil, "azure:resource-manager"},
		{"terraform SQL server VM", inventory.Terraform, "azurerm_mssql_virtual_machine", nil, "azure:sql-server-vm"},
		{"terraform SQL database", inventory.Terraform, "azurerm_mssql_database", nil, "azure:sql"},
		{"terraform packet capture", inventory.Terraform, "azurerm_virtual_machine_packet_capture", nil, "azure:network-watcher"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Classify(tc.vocab, tc.typ, tc.attrs)
			if got == nil || got.ID != tc.want {
				id := "nothing"
				if got != nil {
					id = got.ID
				}
				t.Errorf("Classify(%s, %q, %v) = %s, want %s", tc.vocab, tc.typ, tc.attrs, id, tc.want)
			}
		})
	}
}

// TestAzureRulesUnambiguous checks that no two services claim one resource
// type with the same conditions, which New reports as a conflict.
func TestAzureRulesUnambiguous(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	if _, err := New(cat); err != nil {
		t.Errorf("New: %v", err)
	}
}
