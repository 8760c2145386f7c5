package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
)

// testModels reads the repository's delivery-model defaults.
func testModels(t *testing.T) map[onus.DeliveryModel]*onus.ModelSplit {
	t.Helper()
	models, err := readModels(modelsFile)
	if err != nil {
		t.Fatal(err)
	}
	return models
}

// feat is a supported feature row.
func feat(name, resp string) feature {
	return feature{name: name, responsibility: resp, supported: true, byDefault: resp == respMicrosoft}
}

func TestDeriveLayers(t *testing.T) {
	models := testModels(t)
	platformKeys := feat("Data at Rest Encryption Using Platform Keys", respMicrosoft)
	cmk := feat("Data at Rest Encryption Using CMK", respCustomer)
	for _, tc := range []struct {
		name  string
		model onus.DeliveryModel
		b     baseline
		e     entry
		want  map[onus.Layer]onus.LayerRule
	}{
		{
			name:  "full host access gives the customer the OS",
			model: onus.IaaS,
			b:     baseline{hostAccess: hostFullAccess, storesContent: true, features: []feature{feat("Custom VM Images", respCustomer)}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS: {Owner: onus.Customer, Note: "Customers have full access to the host operating system (Microsoft cloud security benchmark security profile). Configured by the customer: custom VM images."},
			},
		},
		{
			name:  "no host access gives a PaaS OS to Microsoft, and no network features make it Microsoft's",
			model: onus.PaaS,
			b:     baseline{hostAccess: hostNoAccess, storesContent: true},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS:              {Owner: onus.Provider, Note: "Customers have no access to the host or its operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerNetworkControls: {Owner: onus.Provider, Note: "The baseline lists no network controls for the customer: Microsoft secures the service's network and endpoints."},
			},
		},
		{
			name:  "no host access leaves the IaaS guest OS to the customer",
			model: onus.IaaS,
			b:     baseline{hostAccess: hostNoAccess, storesContent: true},
			want:  map[onus.Layer]onus.LayerRule{},
		},
		{
			name:  "read-only host access shares the OS",
			model: onus.PaaS,
			b:     baseline{hostAccess: hostReadOnly, inVNet: true, storesContent: true},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS: {Owner: onus.Shared,
					Split: "Microsoft administers the host operating system and gives the customer read-only access to it.",
					Note:  "Customers have read-only access to the host operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerNetworkControls: {Owner: onus.Shared,
					Split: "Microsoft secures the service's own network and endpoints. The customer controls the virtual network and subnets the service is deployed into and their network security group rules."},
			},
		},
		{
			name:  "platform keys and customer-managed keys share the data layer",
			model: onus.PaaS,
			b:     baseline{hostAccess: hostNoAccess, inVNet: true, storesContent: true, features: []feature{cmk, platformKeys, feat("Data in Transit Encryption", respMicrosoft)}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS: {Owner: onus.Provider, Note: "Customers have no access to the host or its operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerNetworkControls: {Owner: onus.Shared,
					Split: "Microsoft secures the service's own network and endpoints. The customer controls the virtual network and subnets the service is deployed into and their network security group rules."},
				onus.LayerData: {Owner: onus.Shared,
					Split: "Microsoft encrypts data at rest with platform-managed keys and in transit. The customer decides whether to encrypt data at rest with customer-managed keys."},
			},
		},
		{
			name:  "Microsoft's features alone leave the data to the customer, with a note",
			model: onus.SaaS,
			b:     baseline{hostAccess: hostNoAccess, features: []feature{platformKeys}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS: {Owner: onus.Provider, Note: "Customers have no access to the host or its operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerData: {Owner: onus.Customer,
					Note: "On by default: encryption at rest with platform-managed keys. The service does not store customer content at rest for more than 24 hours (Microsoft cloud security benchmark security profile)."},
			},
		},
		{
			name:  "a feature listed with two responsibilities is shared; unsupported features and guidance rows count for nothing",
			model: onus.CaaS,
			b: baseline{hostAccess: hostNoAccess, storesContent: true, features: []feature{
				feat("Azure Resource Logs", respCustomer), feat("Azure Resource Logs", respMicrosoft),
				{name: "Microsoft Defender for Service / Product Offering", responsibility: respCustomer},
				feat("No Related Feature", respCustomer),
			}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerMonitoring: {Owner: onus.Shared,
					Split: "Microsoft monitors the platform and the service itself. The customer watches the service's logs and the Azure activity log. Shared: resource logs."},
			},
		},
		{
			name:  "a CaaS service in the customer's network shares network controls; identity features become a note",
			model: onus.CaaS,
			b: baseline{hostAccess: hostNoAccess, inVNet: true, storesContent: true, features: []feature{
				feat("Network Security Group Support", respMicrosoft), feat("Disable Public Network Access", respCustomer),
				feat("Local Authentication Methods for Data Plane Access", respMicrosoft), feat("Managed Identities", respCustomer),
			}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerNetworkControls: {Owner: onus.Shared,
					Split: "Microsoft secures the service's own network and endpoints and applies network security group rules to the service's traffic. The customer controls the virtual network and subnets the service is deployed into and turns off public network access where it is not needed."},
				onus.LayerIdentity: {Owner: onus.Customer,
					Note: "On by default: local authentication for the data plane. Configured by the customer: managed identities."},
			},
		},
		{
			name:  "an unknown feature falls back to its control domain",
			model: onus.PaaS,
			b:     baseline{hostAccess: hostNoAccess, storesContent: true, features: []feature{{domain: "DevOps Security", name: "Pipeline Scanning", responsibility: respCustomer, supported: true}}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS:              {Owner: onus.Provider, Note: "Customers have no access to the host or its operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerNetworkControls: {Owner: onus.Provider, Note: "The baseline lists no network controls for the customer: Microsoft secures the service's network and endpoints."},
				onus.LayerCode:            {Owner: onus.Customer, Note: "Configured by the customer: pipeline scanning."},
			},
		},
		{
			name:  "the entry's own rule replaces the derived one",
			model: onus.PaaS,
			b:     baseline{hostAccess: hostNoAccess, storesContent: true},
			e:     entry{layers: map[onus.Layer]onus.LayerRule{onus.LayerNetworkControls: {Owner: onus.Customer, Note: "hand-written"}}},
			want: map[onus.Layer]onus.LayerRule{
				onus.LayerOS:              {Owner: onus.Provider, Note: "Customers have no access to the host or its operating system (Microsoft cloud security benchmark security profile)."},
				onus.LayerNetworkControls: {Owner: onus.Customer, Note: "hand-written"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			e.model = tc.model
			got := newDeriver(&e, &tc.b, models[tc.model]).derive()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJoinList(t *testing.T) {
	for _, tc := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
		{[]string{"a", "b and c", "d"}, "a, b and c, and d"},
		{[]string{"a and b", "c"}, "a and b and c"},
	} {
		if got := joinList(tc.items); got != tc.want {
			t.Errorf("joinList(%q) = %q, want %q", tc.items, got, tc.want)
		}
	}
}

func TestMergePhrases(t *testing.T) {
	got := merge([]string{"manages its keys in Azure Key Vault", "sets up data loss prevention", "manages its certificates in Azure Key Vault"})
	want := []string{"manages its keys and certificates in Azure Key Vault", "sets up data loss prevention"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merge (-want +got):\n%s", diff)
	}
}

// TestFeatureKindsComplete checks that every known feature has the words
// its layer needs: verb phrases where splits are written as sentences.
func TestFeatureKindsComplete(t *testing.T) {
	sentences := map[onus.Layer]bool{onus.LayerNetworkControls: true, onus.LayerData: true, onus.LayerMonitoring: true}
	seen := map[string]bool{}
	for _, k := range knownFeatures {
		if seen[k.name] || k.name != strings.ToLower(k.name) || k.noun == "" || !k.layer.Valid() {
			t.Errorf("feature %q: duplicate, not lower-case, without a noun or on an unknown layer", k.name)
		}
		seen[k.name] = true
		if sentences[k.layer] && (k.ms == "" || k.cust == "") {
			t.Errorf("feature %q on %s has no verb phrases", k.name, k.layer)
		}
	}
}
