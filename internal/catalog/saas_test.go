package catalog

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/inventory"
)

// saasVendors are the SaaS products with an entry of their own: provider ID
// and service ID.
var saasVendors = []struct{ provider, service string }{
	{"microsoft-365", "saas:m365"},
	{"google-workspace", "saas:google-workspace"},
	{"salesforce", "saas:salesforce"},
	{"slack", "saas:slack"},
	{"github", "saas:github"},
	{"okta", "saas:okta"},
	{"servicenow", "saas:servicenow"},
	{"zoom", "saas:zoom"},
	{"atlassian", "saas:atlassian"},
	{"snowflake", "saas:snowflake"},
	{"workday", "saas:workday"},
	{"box", "saas:box"},
	{"dropbox", "saas:dropbox"},
	{"zendesk", "saas:zendesk"},
	{"hubspot", "saas:hubspot"},
}

func TestSaaSVendors(t *testing.T) {
	c := builtinForTest(t)
	for _, v := range saasVendors {
		p := c.Providers[v.provider]
		if p == nil {
			t.Errorf("provider %s is missing", v.provider)
			continue
		}
		if p.Generic {
			t.Errorf("provider %s is generic, want a named vendor", v.provider)
		}
		if got := servicesOf(c, v.provider); len(got) != 1 || got[0].ID != v.service {
			ids := make([]string, len(got))
			for i, s := range got {
				ids[i] = s.ID
			}
			t.Errorf("provider %s services = %v, want exactly [%s]", v.provider, ids, v.service)
			continue
		}
		s := c.Service(v.service)
		if s.Model != onus.SaaS {
			t.Errorf("%s: model = %s, want saas", v.service, s.Model)
		}
		if s.Source.URL == "" || s.Source.Date.IsZero() {
			t.Errorf("%s: source %q dated %q, want a URL and a date", v.service, s.Source.URL, s.Source.Date)
		}
		if len(p.Contacts) < 2 {
			t.Errorf("provider %s has %d contacts, want a support portal and a trust or security contact", v.provider, len(p.Contacts))
		}
		for _, ct := range p.Contacts {
			if ct.ChannelCount() != 1 || ct.Name == "" {
				t.Errorf("provider %s contact %q: want a name and exactly one channel", v.provider, ct)
			}
			if ct.URL != "" {
				if u, err := url.Parse(ct.URL); err != nil || u.Scheme != "https" || u.Host == "" {
					t.Errorf("provider %s contact %q: want an https URL", v.provider, ct)
				}
			}
		}
		if miss := missingTools(c, s); len(miss) > 0 {
			t.Errorf("%s: no tools named for customer or shared layers %v", v.service, miss)
		}
	}
}

// The saas: namespace holds exactly the named vendors and the generic entry.
func TestSaaSNamespaceIsClosed(t *testing.T) {
	c := builtinForTest(t)
	want := []string{"saas:generic"}
	for _, v := range saasVendors {
		want = append(want, v.service)
	}
	sort.Strings(want)
	var got []string
	for _, s := range c.SortedServices() {
		if strings.HasPrefix(s.ID, "saas:") {
			got = append(got, s.ID)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("saas: services = %v, want %v", got, want)
	}
}

// Every SaaS leaves identity and data with the customer, whatever else its
// vendor takes on.
func TestSaaSCustomerKeepsIdentityAndData(t *testing.T) {
	c := builtinForTest(t)
	for _, s := range c.SortedServices() {
		if s.Model != onus.SaaS || !strings.HasPrefix(s.ID, "saas:") {
			continue
		}
		for _, l := range []onus.Layer{onus.LayerIdentity, onus.LayerData} {
			if r, _ := c.Rule(s, "", l); r.Owner != onus.Customer {
				t.Errorf("%s %s: owner = %s, want customer", s.ID, l, r.Owner)
			}
		}
	}
}

func TestGenericProviders(t *testing.T) {
	c := builtinForTest(t)
	for _, tt := range []struct {
		provider string
		services []string
	}{
		{"saas-vendor", []string{"saas:generic"}},
		{"onprem", []string{"onprem:ad", "onprem:baremetal", "onprem:database", "onprem:hyperv", "onprem:kubernetes", "onprem:network", "onprem:storage", "onprem:vmware"}},
		{"colocation", []string{"colo:managed-hosting", "colo:rack"}},
	} {
		p := c.Providers[tt.provider]
		if p == nil {
			t.Errorf("provider %s is missing", tt.provider)
			continue
		}
		if !p.Generic {
			t.Errorf("provider %s: generic = false, want true (the actual party is named on each asset)", tt.provider)
		}
		var got []string
		for _, s := range servicesOf(c, tt.provider) {
			got = append(got, s.ID)
			if s.Source.Title == "" || s.Source.Date.IsZero() {
				t.Errorf("%s: source %q dated %q, want a title and a date", s.ID, s.Source.Title, s.Source.Date)
			}
			if miss := missingTools(c, s); len(miss) > 0 {
				t.Errorf("%s: no tools named for customer or shared layers %v", s.ID, miss)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.services, " ") {
			t.Errorf("provider %s services = %v, want %v", tt.provider, got, tt.services)
		}
	}
}

func TestOnPremAndColocationSplits(t *testing.T) {
	c := builtinForTest(t)
	// Self-operated services leave nothing to a provider.
	for _, s := range servicesOf(c, "onprem") {
		if s.Model != onus.OnPrem {
			t.Errorf("%s: model = %s, want onprem", s.ID, s.Model)
		}
		for _, l := range onus.Layers() {
			if r, _ := c.Rule(s, "", l); r.Owner != onus.Customer && r.Owner != onus.NotApplicable {
				t.Errorf("%s %s: owner = %s, want customer (or n/a)", s.ID, l, r.Owner)
			}
		}
	}
	checkOwners(t, c, []ownerCase{
		{"onprem:vmware", onus.LayerVirtualization, onus.Customer},
		{"onprem:baremetal", onus.LayerVirtualization, onus.NotApplicable},
		{"onprem:ad", onus.LayerIdentityInfrastructure, onus.Customer},
		{"colo:rack", onus.LayerPhysical, onus.Provider},
		{"colo:rack", onus.LayerNetworkInfrastructure, onus.Provider},
		{"colo:rack", onus.LayerHardware, onus.Customer},
		{"colo:rack", onus.LayerVirtualization, onus.Customer},
		{"colo:rack", onus.LayerMonitoring, onus.Shared},
		{"colo:rack", onus.LayerIncidentResponse, onus.Shared},
		{"colo:managed-hosting", onus.LayerHardware, onus.Provider},
		{"colo:managed-hosting", onus.LayerVirtualization, onus.Shared},
		{"colo:managed-hosting", onus.LayerOS, onus.Customer},
	})
	checkModels(t, c, []modelCase{{"colo:rack", onus.OnPrem}})
}

func TestSaaSSplits(t *testing.T) {
	checkOwners(t, builtinForTest(t), []ownerCase{
		// Microsoft's 2026 table: client devices and applications are shared in SaaS.
		{"saas:m365", onus.LayerEndpoints, onus.Shared},
		{"saas:m365", onus.LayerApplication, onus.Shared},
		{"saas:m365", onus.LayerNetworkControls, onus.Provider},
		{"saas:okta", onus.LayerIdentityInfrastructure, onus.Shared},
		{"saas:snowflake", onus.LayerNetworkControls, onus.Shared},
		{"saas:github", onus.LayerCode, onus.Shared},
		{"saas:salesforce", onus.LayerCode, onus.Shared},
		{"saas:zoom", onus.LayerEndpoints, onus.Customer},
		{"saas:generic", onus.LayerApplication, onus.Shared},
	})
}

func TestSaaSAndOnPremResourceRules(t *testing.T) {
	cl, err := classify.New(builtinForTest(t))
	if err != nil {
		t.Fatalf("classify.New: %v", err)
	}
	tests := []struct{ typ, want string }{
		{"github_repository", "saas:github"},
		{"github_branch_protection", "saas:github"},
		{"okta_group", "saas:okta"},
		{"snowflake_network_policy", "saas:snowflake"},
		{"googleworkspace_user", "saas:google-workspace"},
		{"salesforce_user", "saas:salesforce"},
		{"slack_conversation", "saas:slack"},
		{"zendesk_trigger", "saas:zendesk"},
		{"vsphere_virtual_machine", "onprem:vmware"},
		{"hyperv_machine_instance", "onprem:hyperv"},
		{"ad_user", "onprem:ad"},
	}
	for _, tt := range tests {
		got := cl.Classify(inventory.Terraform, tt.typ, nil)
		if got == nil || got.ID != tt.want {
			id := "nothing"
			if got != nil {
				id = got.ID
			}
			t.Errorf("Classify(terraform, %s) = %s, want %s", tt.typ, id, tt.want)
		}
	}
}
