package catalog

import (
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

// minAzureServices is how many Azure services the built-in catalog must
// hold; the baselines alone give over a hundred.
const minAzureServices = 60

// baselinePrefix opens the source title of every service derived from a
// Microsoft cloud security benchmark baseline.
const baselinePrefix = "Microsoft cloud security benchmark baseline for "

func TestAzureServicesNameTheirSources(t *testing.T) {
	services := servicesOf(builtinForTest(t), "azure")
	if len(services) < minAzureServices {
		t.Fatalf("%d Azure services, want at least %d", len(services), minAzureServices)
	}
	fromBaselines := 0
	for _, s := range services {
		src := s.Source
		if src.Title == "" || src.Date.IsZero() || src.License == "" || !strings.HasPrefix(src.URL, "https://learn.microsoft.com/") {
			t.Errorf("%s: source %+v lacks a title, a date, a licence or a Microsoft Learn URL", s.ID, src)
		}
		if !strings.HasPrefix(s.ID, "azure:") {
			t.Errorf("%s: Azure service IDs start with azure:", s.ID)
		}
		if strings.HasPrefix(src.Title, baselinePrefix) {
			fromBaselines++
			if src.License != "CC BY 4.0" || !strings.HasPrefix(src.URL, "https://learn.microsoft.com/security/benchmark/azure/baselines/") {
				t.Errorf("%s: baseline source %+v, want CC BY 4.0 and the baseline's Learn page", s.ID, src)
			}
		}
	}
	t.Logf("%d Azure services, %d of them from baselines", len(services), fromBaselines)
	if fromBaselines < minAzureServices {
		t.Errorf("%d services come from baselines, want at least %d", fromBaselines, minAzureServices)
	}
}

func TestAzureSpotChecks(t *testing.T) {
	c := builtinForTest(t)
	for _, tc := range []struct {
		service string
		model   onus.DeliveryModel
		layer   onus.Layer
		owner   onus.Responsibility
		split   string // a phrase the split or note must hold
	}{
		{"azure:virtual-machines", onus.IaaS, onus.LayerOS, onus.Customer, "full access to the host operating system"},
		{"azure:vm", onus.IaaS, onus.LayerNetworkControls, onus.Customer, "network security groups"},
		{"azure:vm-scale-sets", onus.IaaS, onus.LayerOS, onus.Customer, "anti-malware"},
		{"azure:sql", onus.PaaS, onus.LayerOS, onus.Provider, "no access to the host"},
		{"azure:sql", onus.PaaS, onus.LayerData, onus.Shared, "customer-managed keys"},
		{"azure:sql", onus.PaaS, onus.LayerNetworkControls, onus.Shared, "private endpoints"},
		{"azure:functions", onus.FaaS, onus.LayerOS, onus.Provider, ""},
		{"azure:functions", onus.FaaS, onus.LayerMiddleware, onus.Provider, ""},
		{"azure:app-service", onus.PaaS, onus.LayerMiddleware, onus.Shared, ""},
		{"azure:storage", onus.PaaS, onus.LayerData, onus.Shared, "platform-managed keys"},
		{"azure:cosmos-db", onus.PaaS, onus.LayerIdentity, onus.Customer, "local authentication"},
		{"azure:aks", onus.CaaS, onus.LayerOS, onus.Shared, "node image"},
		{"azure:aks", onus.CaaS, onus.LayerNetworkControls, onus.Shared, "virtual network"},
		{"azure:batch", onus.PaaS, onus.LayerOS, onus.Shared, "read-only"},
		{"azure:batch", onus.PaaS, onus.LayerData, onus.Shared, "24 hours"},
		{"azure:advisor", onus.SaaS, onus.LayerNetworkControls, onus.Provider, ""},
		{"azure:arc-servers", onus.OnPrem, onus.LayerOS, onus.Customer, ""},
		{"azure:virtual-network", onus.PaaS, onus.LayerNetworkControls, onus.Shared, "peerings"},
		{"azure:aks-hybrid", onus.CaaS, onus.LayerHardware, onus.Customer, "customer's own datacenter"},
		{"azure:key-vault", onus.PaaS, onus.LayerData, onus.Shared, "Key Vault"},
	} {
		t.Run(tc.service+"/"+string(tc.layer), func(t *testing.T) {
			s := c.Service(tc.service)
			if s == nil {
				t.Fatalf("no service %s", tc.service)
			}
			if s.Model != tc.model {
				t.Errorf("model = %s, want %s", s.Model, tc.model)
			}
			r, _ := c.Rule(s, "", tc.layer)
			if r.Owner != tc.owner {
				t.Errorf("%s owner = %s, want %s", tc.layer, r.Owner, tc.owner)
			}
			if text := r.Split + " " + r.Note; !strings.Contains(text, tc.split) {
				t.Errorf("%s split and note = %q, want them to mention %q", tc.layer, text, tc.split)
			}
		})
	}
}

// TestAzureToolsCoverCustomerLayers checks that the layers the customer
// holds or shares in the everyday services name Azure tools for them.
func TestAzureToolsCoverCustomerLayers(t *testing.T) {
	c := builtinForTest(t)
	checkTools(t, c, []toolCase{
		{"azure:virtual-machines", onus.LayerOS, "Azure Update Manager"},
		{"azure:virtual-machines", onus.LayerMonitoring, "Microsoft Defender for Servers"},
		{"azure:sql", onus.LayerIdentity, "Microsoft Entra ID"},
		{"azure:sql", onus.LayerData, "Azure Key Vault"},
		{"azure:storage", onus.LayerNetworkControls, "Azure Private Link"},
		{"azure:storage", onus.LayerMonitoring, "Microsoft Defender for Storage"},
		{"azure:app-service", onus.LayerConfiguration, "Azure Policy"},
		{"azure:aks", onus.LayerContainers, "Microsoft Defender for Containers"},
		{"azure:functions", onus.LayerIncidentResponse, "Microsoft Sentinel"},
	})
	checkToolsFitLayers(t, c, servicesOf(c, "azure"))
}

// TestAzureFunctionAppRule checks that function apps, which share an ARM
// type with web apps, are told apart by their kind.
func TestAzureFunctionAppRule(t *testing.T) {
	fn := builtinForTest(t).Service("azure:functions")
	if fn == nil {
		t.Fatal("no service azure:functions")
	}
	found := false
	for _, r := range fn.Resources.ARM {
		if strings.EqualFold(string(r.Type), "Microsoft.Web/sites") && r.Where["kind"] == "functionapp" {
			found = true
		}
	}
	if !found {
		t.Errorf("azure:functions ARM rules = %v, want Microsoft.Web/sites where kind is functionapp", fn.Resources.ARM)
	}
	tf := map[string]bool{}
	for _, r := range fn.Resources.Terraform {
		tf[string(r.Type)] = true
	}
	for _, want := range []string{"azurerm_function_app*", "azurerm_linux_function_app*", "azurerm_windows_function_app*"} {
		if !tf[want] {
			t.Errorf("azure:functions Terraform rules lack %s", want)
		}
	}
}
