package azure

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

type summary struct {
	Type, ID, Name, Account, Region string
	Tags                            map[string]string
	Attrs                           map[string]string
	Line                            int
}

func summarize(rs []*inventory.Resource) []summary {
	var out []summary
	for _, r := range rs {
		s := summary{Type: r.Type, ID: r.ID, Name: r.Name, Account: r.Account, Region: r.Region, Tags: r.Tags, Attrs: r.Attrs, Line: r.Loc.Line}
		if r.Vocabulary != inventory.ARM || r.Provider != "azure" {
			s.Type = "wrong vocabulary or provider: " + string(r.Vocabulary) + " " + r.Provider
		}
		out = append(out, s)
	}
	return out
}

const sub = "5f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8"

func TestRead(t *testing.T) {
	tests := []struct {
		file string
		want []summary
	}{
		{"graph_cli.json", []summary{
			{Type: "microsoft.web/sites", ID: "/subscriptions/" + sub + "/resourceGroups/rg-billing-prod/providers/Microsoft.Web/sites/func-invoice-render",
				Name: "func-invoice-render", Account: sub, Region: "westeurope", Tags: map[string]string{"team": "billing", "environment": "prod"},
				Attrs: map[string]string{"kind": "functionapp,linux", "resourceGroup": "rg-billing-prod", "identity.type": "SystemAssigned",
					"properties.state": "Running", "properties.httpsOnly": "true", "properties.reserved": "true", "properties.publicNetworkAccess": "Disabled",
					"properties.siteConfig.linuxFxVersion": "Python|3.11", "properties.siteConfig.minTlsVersion": "1.2", "properties.sku": "FlexConsumption"},
				Line: 4},
			{Type: "microsoft.web/sites", ID: "/subscriptions/" + sub + "/resourceGroups/rg-web-prod/providers/Microsoft.Web/sites/app-customer-portal",
				Name: "app-customer-portal", Account: sub, Region: "westeurope", Tags: map[string]string{"team": "web"},
				Attrs: map[string]string{"kind": "app", "resourceGroup": "rg-web-prod", "properties.state": "Running", "properties.httpsOnly": "false",
					"properties.siteConfig.netFrameworkVersion": "v8.0", "properties.siteConfig.ftpsState": "AllAllowed"},
				Line: 30},
			{Type: "microsoft.storage/storageaccounts", ID: "/subscriptions/" + sub + "/resourceGroups/rg-data-prod/providers/Microsoft.Storage/storageAccounts/stacmeexports",
				Name: "stacmeexports", Account: sub, Region: "westeurope", Tags: map[string]string{},
				Attrs: map[string]string{"kind": "StorageV2", "resourceGroup": "rg-data-prod", "sku.name": "Standard_ZRS", "sku.tier": "Standard",
					"properties.allowBlobPublicAccess": "false", "properties.minimumTlsVersion": "TLS1_2", "properties.encryption.keySource": "Microsoft.Storage"},
				Line: 45},
			{Type: "microsoft.containerservice/managedclusters", ID: "/subscriptions/" + sub + "/resourceGroups/rg-platform/providers/Microsoft.ContainerService/managedClusters/aks-platform",
				Name: "aks-platform", Account: sub, Region: "northeurope", Tags: map[string]string{"team": "platform"},
				Attrs: map[string]string{"resourceGroup": "rg-platform", "sku.name": "Base", "sku.tier": "Standard", "properties.kubernetesVersion": "1.31.2",
					"properties.enableRBAC": "true", "properties.aadProfile.managed": "true", "properties.nodeResourceGroup": "MC_rg-platform_aks-platform_northeurope"},
				Line: 57},
			{Type: "microsoft.network/loadbalancers", ID: "/subscriptions/" + sub + "/resourceGroups/MC_rg-platform_aks-platform_northeurope/providers/Microsoft.Network/loadBalancers/kubernetes",
				Name: "kubernetes", Account: sub, Region: "northeurope",
				Attrs: map[string]string{"resourceGroup": "mc_rg-platform_aks-platform_northeurope", "sku.name": "Standard", "sku.tier": "Regional",
					"managedBy": "/subscriptions/" + sub + "/resourceGroups/rg-platform/providers/Microsoft.ContainerService/managedClusters/aks-platform"},
				Line: 69},
		}},
		{"resource_list.json", []summary{
			{Type: "Microsoft.Sql/servers", ID: "/subscriptions/" + sub + "/resourceGroups/rg-data-prod/providers/Microsoft.Sql/servers/sql-orders",
				Name: "sql-orders", Account: sub, Region: "westeurope", Tags: map[string]string{"team": "orders", "data": "pii"},
				Attrs: map[string]string{"kind": "v12.0", "resourceGroup": "rg-data-prod"}, Line: 2},
			{Type: "Microsoft.Sql/servers/databases", ID: "/subscriptions/" + sub + "/resourceGroups/rg-data-prod/providers/Microsoft.Sql/servers/sql-orders/databases/orders",
				Name: "sql-orders/orders", Account: sub, Region: "westeurope",
				Attrs: map[string]string{"kind": "v12.0,user", "resourceGroup": "rg-data-prod", "sku.capacity": "2", "sku.family": "Gen5", "sku.name": "GP_Gen5", "sku.tier": "GeneralPurpose"},
				Line:  20},
		}},
		{"resource_show.json", []summary{
			{Type: "Microsoft.KeyVault/vaults", ID: "/subscriptions/" + sub + "/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-secrets-prod",
				Name: "kv-secrets-prod", Account: sub, Region: "westeurope", Tags: map[string]string{"team": "security"},
				Attrs: map[string]string{"resourceGroup": "rg-security", "properties.enableRbacAuthorization": "true", "properties.enableSoftDelete": "true",
					"properties.publicNetworkAccess": "Disabled", "properties.sku.family": "A", "properties.sku.name": "premium",
					"properties.tenantId": "72f988bf-0000-4000-8000-2d7cd011db47"},
				Line: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := summarize(invtest.MustRead(t, Format, filepath.Join("testdata", tt.file)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadSharedExample reads the response body of the Resource Graph REST
// API's published example.
func TestReadSharedExample(t *testing.T) {
	b, err := os.ReadFile(testkit.Shared(t, "fixtures/inventory/azure_arg__azure-rest-api-specs_ResourcesBasicQuery.json"))
	if err != nil {
		t.Fatal(err)
	}
	var example struct {
		Responses map[string]struct {
			Body json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(b, &example); err != nil {
		t.Fatal(err)
	}
	body := example.Responses["200"].Body
	if !Format.Sniff(body) {
		t.Error("Sniff does not recognise the REST response")
	}
	var got []summary
	err = Format.Read(bytes.NewReader(body), "body.json", func(r *inventory.Resource) error {
		got = append(got, summarize([]*inventory.Resource{r})...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const id = "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/"
	want := []summary{
		{Type: "microsoft.network/networkinterfaces", ID: id + "RG1/providers/Microsoft.Network/networkInterfaces/myNetworkInterface",
			Name: "myNetworkInterface", Account: "cfbbd179-59d2-4052-aa06-9270a38aa9d6", Region: "centralus",
			Tags: map[string]string{"tag1": "Value1"}, Attrs: map[string]string{"resourceGroup": "RG1"}, Line: 7},
		{Type: "microsoft.network/virtualnetworks", ID: id + "RG2/providers/Microsoft.Network/virtualNetworks/myVnet",
			Name: "myVnet", Account: "cfbbd179-59d2-4052-aa06-9270a38aa9d6", Region: "westus",
			Tags: map[string]string{}, Attrs: map[string]string{"resourceGroup": "RG2"}, Line: 16},
		{Type: "microsoft.network/publicipaddresses", ID: id + "RG2/providers/Microsoft.Network/publicIPAddresses/myPublicIp",
			Name: "myPublicIp", Account: "cfbbd179-59d2-4052-aa06-9270a38aa9d6", Region: "westus",
			Tags: map[string]string{}, Attrs: map[string]string{"resourceGroup": "RG2"}, Line: 23},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

func TestTruncated(t *testing.T) {
	got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", "graph_rest_truncated.json"))
	if len(got) != 2 {
		t.Errorf("read %d resources, want both rows before the error", len(got))
	}
	if !errors.Is(err, ErrTruncated) || onus.Code(err) != onus.EInvalid {
		t.Fatalf("error = %v (code %s), want ErrTruncated with code invalid", err, onus.Code(err))
	}
	want := "testdata/graph_rest_truncated.json: resultTruncated: the result holds 2 of 2417 records and cannot be paged"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
}

func TestReadErrors(t *testing.T) {
	_, err := invtest.ReadFile(t, Format, filepath.Join("testdata", "bad_rows.json"))
	var list onus.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error = %v, want a list of problems", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, strings.TrimPrefix(e.Error(), "testdata/"))
	}
	want := []string{
		"bad_rows.json:2: data[0].id: row has no id: project id in the query",
		"bad_rows.json:5: data[1].tags: expected an array of {key, value} objects",
		"bad_rows.json:6: data[2].location: expected a string, found number",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"count":1,"data":[{"id":"/subscriptions/x"}],"skip_token":null,"total_records":1}`, true},
		{`{"totalRecords":0,"count":0,"data":[],"facets":[],"resultTruncated":"false"}`, true},
		{`[{"id":"/subscriptions/x/resourceGroups/y/providers/Microsoft.Sql/servers/s","name":"s","type":"Microsoft.Sql/servers"}]`, true},
		{`{"id":"/providers/Microsoft.Management/managementGroups/root","type":"Microsoft.Management/managementGroups"}`, true},
		{`{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"b"}}`, false},
		{`[{"id":"i-123","type":"instance"}]`, false},
		{`{"data":[]}`, false},
		{`{"version":4,"resources":[]}`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
