package gcp

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
	Type, ID, Name, Account, Region string
	Tags                            map[string]string
	Attrs                           map[string]string
	Line                            int
}

func summarize(rs []*inventory.Resource, attrKeys ...string) []summary {
	var out []summary
	for _, r := range rs {
		s := summary{Type: r.Type, ID: r.ID, Name: r.Name, Account: r.Account, Region: r.Region, Tags: r.Tags, Line: r.Loc.Line}
		for _, k := range attrKeys {
			if v, ok := r.Attrs[k]; ok {
				if s.Attrs == nil {
					s.Attrs = map[string]string{}
				}
				s.Attrs[k] = v
			}
		}
		if r.Vocabulary != inventory.CAI || r.Provider != "gcp" {
			s.Type = "wrong vocabulary or provider: " + string(r.Vocabulary) + " " + r.Provider
		}
		out = append(out, s)
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		file  string
		attrs []string
		want  []summary
	}{
		{"export.ndjson", []string{"autopilot.enabled", "releaseChannel.channel", "privateClusterConfig.enablePrivateNodes", "databaseVersion",
			"settings.availabilityType", "settings.ipConfiguration", "iamConfiguration.publicAccessPrevention", "ingress", "resourceLabels.team", "labels.team"}, []summary{
			{Type: "container.googleapis.com/Cluster", ID: "//container.googleapis.com/projects/acme-prod/locations/europe-west1/clusters/web-autopilot",
				Name: "web-autopilot", Account: "123456789012", Region: "europe-west1", Tags: map[string]string{"team": "web", "environment": "prod"},
				Attrs: map[string]string{"autopilot.enabled": "true", "releaseChannel.channel": "REGULAR", "privateClusterConfig.enablePrivateNodes": "true"}, Line: 1},
			{Type: "container.googleapis.com/Cluster", ID: "//container.googleapis.com/projects/acme-prod/zones/us-central1-a/clusters/batch-standard",
				Name: "batch-standard", Account: "123456789012", Region: "us-central1", Tags: map[string]string{"team": "data"}, Line: 2},
			{Type: "sqladmin.googleapis.com/Instance", ID: "//cloudsql.googleapis.com/projects/acme-prod/instances/orders-db",
				Name: "orders-db", Account: "123456789012", Region: "europe-west1", Tags: map[string]string{"team": "orders", "data": "pci"},
				Attrs: map[string]string{"databaseVersion": "POSTGRES_16", "settings.availabilityType": "REGIONAL"}, Line: 3},
			{Type: "storage.googleapis.com/Bucket", ID: "//storage.googleapis.com/acme-prod-exports",
				Name: "acme-prod-exports", Account: "123456789012", Region: "eu", Tags: map[string]string{"team": "data", "data": "pii"},
				Attrs: map[string]string{"iamConfiguration.publicAccessPrevention": "enforced"}, Line: 5},
			{Type: "run.googleapis.com/Service", ID: "//run.googleapis.com/projects/acme-prod/locations/europe-west1/services/invoice-render",
				Name: "invoice-render", Account: "123456789012", Region: "europe-west1", Tags: map[string]string{"team": "billing"},
				Attrs: map[string]string{"ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY"}, Line: 6},
		}},
		{"asset_list.json", []string{"canIpForward", "shieldedInstanceConfig.enableSecureBoot", "runtime", "ingressSettings"}, []summary{
			{Type: "compute.googleapis.com/Instance", ID: "//compute.googleapis.com/projects/acme-prod/zones/europe-west1-b/instances/bastion-1",
				Name: "bastion-1", Account: "123456789012", Region: "europe-west1", Tags: map[string]string{"team": "platform"},
				Attrs: map[string]string{"canIpForward": "false", "shieldedInstanceConfig.enableSecureBoot": "true"}, Line: 2},
			{Type: "cloudfunctions.googleapis.com/CloudFunction", ID: "//cloudfunctions.googleapis.com/projects/acme-prod/locations/europe-west1/functions/resize",
				Name: "resize", Account: "123456789012", Region: "europe-west1", Tags: map[string]string{"team": "media"},
				Attrs: map[string]string{"runtime": "nodejs20", "ingressSettings": "ALLOW_INTERNAL_ONLY"}, Line: 32},
		}},
		{"search.json", nil, []summary{
			{Type: "bigquery.googleapis.com/Dataset", ID: "//bigquery.googleapis.com/projects/acme-analytics/datasets/finance",
				Name: "finance", Account: "555566667777", Region: "eu", Tags: map[string]string{"team": "finance", "data": "financial"}, Line: 2},
		}},
		{"rest_assets.json", []string{"kmsKeyName"}, []summary{
			{Type: "pubsub.googleapis.com/Topic", ID: "//pubsub.googleapis.com/projects/acme-prod/topics/invoices",
				Name: "invoices", Account: "123456789012", Region: "global", Tags: map[string]string{"team": "billing"},
				Attrs: map[string]string{"kmsKeyName": "projects/acme-prod/locations/europe/keyRings/app/cryptoKeys/pubsub"}, Line: 4},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := summarize(invtest.MustRead(t, Format, filepath.Join("testdata", tt.file)), tt.attrs...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadShared reads the Cloud Asset Inventory samples of
// terraform-google-conversion, which have no ancestors (they carry the
// project in the asset name and in resource.data).
func TestReadShared(t *testing.T) {
	tests := []struct {
		file  string
		attrs []string
		want  []summary
	}{
		{"fixtures/inventory/gcp_cai__tgc_full_compute_instance.json", []string{"canIpForward", "shieldedInstanceConfig.enableVtpm", "machineType"}, []summary{
			{Type: "compute.googleapis.com/Instance", ID: "//compute.googleapis.com/projects/test-project/zones/us-central1-a/instances/test1",
				Name: "test1", Account: "test-project", Region: "us-central1", Tags: map[string]string{"label_foo1": "label-bar1"},
				Attrs: map[string]string{"canIpForward": "true", "shieldedInstanceConfig.enableVtpm": "true",
					"machineType": "projects/test-project/zones/us-central1-a/machineTypes/n1-standard-1"}, Line: 2},
			{Type: "compute.googleapis.com/Instance", ID: "//compute.googleapis.com/projects/test-project/zones/us-central1-a/instances/test2",
				Name: "test2", Account: "test-project", Region: "us-central1",
				Attrs: map[string]string{"canIpForward": "false", "machineType": "projects/test-project/zones/us-central1-a/machineTypes/n1-standard-1"}, Line: 152},
		}},
		{"fixtures/inventory/gcp_cai__tgc_project_create.json", []string{"projectId", "billingAccountName"}, []summary{
			{Type: "cloudbilling.googleapis.com/ProjectBillingInfo", ID: "//cloudbilling.googleapis.com/projects/example-project/billingInfo",
				Name: "billingInfo", Account: "example-project",
				Attrs: map[string]string{"projectId": "example-project", "billingAccountName": "billingAccounts/example-account"}, Line: 2},
			{Type: "cloudresourcemanager.googleapis.com/Project", ID: "//cloudresourcemanager.googleapis.com/projects/example-project",
				Name: "example-project", Account: "example-project", Tags: map[string]string{"project-label-key-a": "project-label-val-a"},
				Attrs: map[string]string{"projectId": "example-project"}, Line: 18},
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			path := testkit.Shared(t, tt.file)
			got := summarize(invtest.MustRead(t, Format, path), tt.attrs...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
			head, err := testkit.FileHead(path)
			if err != nil {
				t.Fatal(err)
			}
			if !Format.Sniff(head) {
				t.Error("Sniff does not recognise the file")
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", "bad.ndjson"))
	if len(got) != 1 {
		t.Errorf("read %d resources, want 1", len(got))
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
		"bad.ndjson:2: asset_type: asset has no asset_type",
		"bad.ndjson:3: resource.data.labels: expected an object or an array of {key, value} objects",
		"bad.ndjson:4: invalid character 's' looking for beginning of value",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"name":"//storage.googleapis.com/b","asset_type":"storage.googleapis.com/Bucket","resource":{}}` + "\n" + `{"name":`, true},
		{`[{"ancestors":[],"assetType":"compute.googleapis.com/Instance","name":"//compute.googleapis.com/x"}]`, true},
		{`{"readTime":"2026-01-01T00:00:00Z","assets":[{"name":"//x","assetType":"y"}]}`, true},
		{`{"assets":[{"id":"a"}]}`, false},
		{`{"name":"x","type":"y"}`, false},
		{`{"apiVersion":"v1","kind":"List","items":[]}`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

func TestRegion(t *testing.T) {
	for in, want := range map[string]string{
		"us-central1-a": "us-central1", "northamerica-northeast1-b": "northamerica-northeast1",
		"europe-west1": "europe-west1", "eu": "eu", "global": "global", "": "",
	} {
		if got := region(in); got != want {
			t.Errorf("region(%q) = %q, want %q", in, got, want)
		}
	}
}
