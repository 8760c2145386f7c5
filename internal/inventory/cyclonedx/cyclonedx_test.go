package cyclonedx

import (
	"errors"
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
	Type, ID, Name, Provider string
	Data                     []onus.DataClass
	Attrs                    map[string]string
	Line                     int
	Path                     string
}

func summarize(rs []*inventory.Resource) []summary {
	var out []summary
	for _, r := range rs {
		s := summary{r.Type, r.ID, r.Name, r.Provider, r.Data, r.Attrs, r.Loc.Line, r.Loc.Path}
		if r.Vocabulary != inventory.Service {
			s.Type = "wrong vocabulary " + string(r.Vocabulary)
		}
		out = append(out, s)
	}
	return out
}

func TestRead(t *testing.T) {
	got := summarize(invtest.MustRead(t, Format, filepath.Join("testdata", "saasbom.json")))
	want := []summary{
		{"saas:workday", "svc-workday", "Workday HCM", "", []onus.DataClass{onus.DataPII, onus.DataFinancial},
			map[string]string{"vendor": "Workday, Inc.", "endpoints": "https://wd3-impl-services1.workday.com/ccx/service/acme", "authenticated": "true", "x-trust-boundary": "true"},
			17, "services[0]"},
		{"saas:salesforce", "svc-crm", "CRM", "", []onus.DataClass{onus.DataPII},
			map[string]string{"vendor": "Salesforce, Inc.", "endpoints": "https://acme.my.salesforce.com/services/data/v61.0", "authenticated": "true"},
			29, "services[1]"},
		{"saas:slack", "svc-slack", "Slack", "", []onus.DataClass{onus.DataInternal},
			map[string]string{"vendor": "Salesforce, Inc.", "endpoints": "https://hooks.slack.com/services/T000/B000", "parent": "svc-crm"},
			29, "services[1].services[0]"},
		{"saas:okta", "svc-sso", "Workforce SSO", "", []onus.DataClass{onus.DataSecrets},
			map[string]string{"vendor": "Okta, Inc.", "authenticated": "true"}, 46, "services[2]"},
		{"saas:m365", "svc-mail", "Mail relay", "", []onus.DataClass{onus.DataPII, onus.DataFinancial, onus.DataConfidential},
			map[string]string{"vendor": "Microsoft Corporation", "endpoints": "smtp.office365.com:587"}, 53, "services[3]"},
		{"saas:generic", "svc-payments", "Stripe Payments", "Stripe, Inc.", []onus.DataClass{onus.DataPCI},
			map[string]string{"vendor": "Stripe, Inc.", "version": "2024-06-20", "endpoints": "https://api.stripe.com/v1", "authenticated": "true", "x-trust-boundary": "true"},
			60, "services[4]"},
		{"saas:generic", "com.google/Maps Platform", "Maps Platform", "Google LLC", nil,
			map[string]string{"vendor": "Google LLC", "group": "com.google", "endpoints": "https://maps.googleapis.com/maps/api"}, 70, "services[5]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

func TestReadShared(t *testing.T) {
	path := testkit.Shared(t, "fixtures/sbom/cyclonedx-bom-examples__SaaSBOM_apigateway-microservices-datastores.bom.json")
	var got []string
	for _, r := range invtest.MustRead(t, Format, path) {
		var data []string
		for _, d := range r.Data {
			data = append(data, string(d))
		}
		got = append(got, r.Type+" "+r.ID+" vendor="+r.Attrs["vendor"]+" data="+strings.Join(data, ","))
	}
	want := []string{
		"saas:generic api-gateway vendor=Acme Inc data=pii,financial,public",
		"saas:generic ms-1.example.com vendor=Acme Inc data=pii",
		"saas:generic ms-2.example.com vendor=Acme Inc data=pii,financial",
		"saas:generic ms-3.example.com vendor=Acme Inc data=public",
		"saas:generic ms-1-pgsql.example.com vendor= data=pii",
		"saas:generic s3-example.amazon.com vendor= data=public",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
	// A BOM converted from SPDX has components only.
	if rs := invtest.MustRead(t, Format, testkit.Shared(t, "fixtures/sbom/heimdall2__spdx-to-cyclonedx.cdx.json")); len(rs) != 0 {
		t.Errorf("read %d resources from a BOM without services", len(rs))
	}
}

func TestReadErrors(t *testing.T) {
	got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", "bad_services.json"))
	if len(got) != 1 || got[0].Type != "saas:zendesk" {
		t.Errorf("resources = %v, want the Zendesk service", summarize(got))
	}
	var list onus.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error = %v, want a list of problems", err)
	}
	var msgs []string
	for _, e := range list {
		msgs = append(msgs, strings.TrimPrefix(e.Error(), "testdata/"))
	}
	want := []string{
		"bad_services.json:6: services[1].name: service has no name",
		"bad_services.json:7: services[2].endpoints: expected an array, found string",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if rs := invtest.MustRead(t, Format, filepath.Join("testdata", "no_services.json")); len(rs) != 0 {
		t.Errorf("read %d resources from a BOM without services", len(rs))
	}
}

func TestNotCycloneDX(t *testing.T) {
	err := Format.Read(strings.NewReader(`{"services":[{"name":"Slack"}]}`), "x.json", func(*inventory.Resource) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "not a CycloneDX BOM") {
		t.Errorf("error = %v, want not a CycloneDX BOM", err)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		service, vendor string
		endpoints       []string
		want            string
	}{
		{"Exchange Online", "Microsoft Corporation", nil, "saas:m365"},
		{"Azure DevOps", "Microsoft Corporation", []string{"https://dev.azure.com/acme"}, ""},
		{"Mail", "Google LLC", []string{"https://mail.google.com"}, "saas:google-workspace"},
		{"BigQuery", "Google LLC", []string{"https://bigquery.googleapis.com"}, ""},
		{"Tickets", "", []string{"acme.atlassian.net"}, "saas:atlassian"},
		{"Jira", "", nil, "saas:atlassian"},
		{"Warehouse", "Snowflake Inc.", nil, "saas:snowflake"},
		{"Files", "Box, Inc.", []string{"https://api.box.com/2.0"}, "saas:box"},
		{"Sync", "", []string{"https://content.dropboxapi.com"}, "saas:dropbox"},
		{"Help desk", "Zendesk, Inc.", nil, "saas:zendesk"},
		{"Marketing", "HubSpot, Inc.", []string{"https://api.hubapi.com"}, "saas:hubspot"},
		{"Meetings", "Zoom Video Communications, Inc.", nil, "saas:zoom"},
		{"ITSM", "ServiceNow", []string{"https://acme.service-now.com"}, "saas:servicenow"},
		{"Code", "GitHub, Inc.", nil, "saas:github"},
		{"Chat", "Slack Technologies, LLC", nil, "saas:slack"},
		{"Two clouds", "", []string{"https://acme.okta.com", "https://acme.my.salesforce.com"}, ""},
		{"Look-alike", "", []string{"https://notslack.com", "https://slack.com.evil.example"}, ""},
		{"Boxing club", "Acme", nil, ""},
	}
	for _, tt := range tests {
		if got := match(tt.service, tt.vendor, tt.endpoints); got != tt.want {
			t.Errorf("match(%q, %q, %v) = %q, want %q", tt.service, tt.vendor, tt.endpoints, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"bomFormat":"CycloneDX","specVersion":"1.5"}`, true},
		{`{"$schema":"http://cyclonedx.org/schema/bom-1.4.schema.json","bomFormat":"CycloneDX"}`, true},
		{`{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT"}`, false},
		{`{"bomFormat":"SPDX"}`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
