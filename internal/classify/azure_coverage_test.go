package classify_test

import (
	"slices"
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// azureMapping reads azurerm_tf_to_arm_type.csv from the shared data next to
// the repository: the Terraform types, and the ARM types (without the rows
// that have none).
func azureMapping(t *testing.T) (tf, arm []string) {
	t.Helper()
	rows := readCSV(t, testkit.Shared(t, "data/mappings/azurerm_tf_to_arm_type.csv"), "terraform_type", "arm_resource_type", "is_removed")
	arm = slices.DeleteFunc(column(rows, 1), func(typ string) bool { return typ == "" })
	return column(rows, 0), arm
}

func TestAzureCoverage(t *testing.T) {
	tf, arm := azureMapping(t)
	c := builtinClassifier(t)
	checkCoverage(t, c, "Terraform", "azure", inventory.Terraform, tf)
	checkCoverage(t, c, "ARM", "azure", inventory.ARM, arm)
}

func TestAzureAttributeRules(t *testing.T) {
	c := builtinClassifier(t)
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
			if got := serviceID(c.Classify(tc.vocab, tc.typ, tc.attrs)); got != tc.want {
				t.Errorf("Classify(%s, %q, %v) = %s, want %s", tc.vocab, tc.typ, tc.attrs, got, tc.want)
			}
		})
	}
}
