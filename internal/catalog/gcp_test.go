package catalog

import (
	"net/url"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

func TestGCPServices(t *testing.T) {
	c := builtinForTest(t)
	services := servicesOf(c, "gcp")
	if len(services) < 40 {
		t.Fatalf("gcp has %d services, want at least 40", len(services))
	}
	for _, s := range services {
		if !strings.HasPrefix(s.ID, "gcp:") {
			t.Errorf("%s: service of provider gcp, want an ID in the gcp: namespace", s.ID)
		}
		u, err := url.Parse(s.Source.URL)
		// Firebase is documented on firebase.google.com, every other product
		// on cloud.google.com.
		if err != nil || u.Scheme != "https" || (u.Host != "cloud.google.com" && u.Host != "firebase.google.com") {
			t.Errorf("%s: source URL %q, want an https://cloud.google.com documentation page", s.ID, s.Source.URL)
		}
		if got := s.Source.Date.String(); got != entryDate {
			t.Errorf("%s: source date %s, want %s", s.ID, got, entryDate)
		}
		if len(s.Resources.Terraform) == 0 {
			t.Errorf("%s: no Terraform resource rules", s.ID)
		}
		if len(s.Resources.CAI) == 0 && s.ID != "gcp:cloud-nat" {
			// Cloud NAT has no asset type of its own: CAI reports it inside
			// its Cloud Router.
			t.Errorf("%s: no Cloud Asset Inventory rules", s.ID)
		}
		if miss := missingTools(c, s); len(miss) > 0 {
			t.Errorf("%s: no tools named for customer or shared layers %v", s.ID, miss)
		}
	}
}

func TestGCPRequiredServices(t *testing.T) {
	c := builtinForTest(t)
	for _, id := range []string{
		"gcp:compute-engine", "gcp:gke", "gcp:gke-autopilot", "gcp:cloud-run", "gcp:cloud-functions",
		"gcp:app-engine", "gcp:cloud-sql", "gcp:spanner", "gcp:bigtable", "gcp:firestore",
		"gcp:memorystore", "gcp:cloud-storage", "gcp:bigquery", "gcp:pubsub", "gcp:dataflow",
		"gcp:dataproc", "gcp:vertex-ai", "gcp:kms", "gcp:secret-manager", "gcp:iam",
		"gcp:cloud-identity", "gcp:vpc", "gcp:load-balancing", "gcp:cloud-armor", "gcp:cloud-dns",
		"gcp:cloud-cdn", "gcp:cloud-nat", "gcp:artifact-registry", "gcp:cloud-build",
		"gcp:cloud-logging", "gcp:cloud-monitoring", "gcp:security-command-center",
	} {
		if s := lookup(t, c, id); s != nil && s.Provider != "gcp" {
			t.Errorf("%s: provider %q, want gcp", id, s.Provider)
		}
	}
}

func TestGCPSplits(t *testing.T) {
	c := builtinForTest(t)
	checkModels(t, c, []modelCase{
		{"gcp:compute-engine", onus.IaaS},
		{"gcp:gke", onus.CaaS},
		{"gcp:gke-autopilot", onus.CaaS},
		{"gcp:cloud-run", onus.FaaS},
		{"gcp:cloud-functions", onus.FaaS},
		{"gcp:cloud-sql", onus.PaaS},
	})
	checkOwners(t, c, []ownerCase{
		{"gcp:compute-engine", onus.LayerOS, onus.Customer},
		{"gcp:compute-engine", onus.LayerVirtualization, onus.Shared},
		{"gcp:compute-engine", onus.LayerNetworkControls, onus.Customer},
		{"gcp:gke", onus.LayerOS, onus.Shared},
		{"gcp:gke-autopilot", onus.LayerOS, onus.Provider},
		{"gcp:gke-autopilot", onus.LayerContainers, onus.Customer},
		{"gcp:cloud-run", onus.LayerOS, onus.Provider},
		{"gcp:cloud-run", onus.LayerContainers, onus.Shared},
		{"gcp:cloud-functions", onus.LayerContainers, onus.Provider},
		{"gcp:cloud-functions", onus.LayerCode, onus.Customer},
		{"gcp:cloud-sql", onus.LayerOS, onus.Provider},
		{"gcp:cloud-sql", onus.LayerMiddleware, onus.Shared},
		{"gcp:cloud-sql", onus.LayerNetworkControls, onus.Shared},
		{"gcp:cloud-sql", onus.LayerContainers, onus.NotApplicable},
		{"gcp:cloud-sql", onus.LayerData, onus.Customer},
		{"gcp:spanner", onus.LayerConfiguration, onus.Shared},
		{"gcp:spanner", onus.LayerData, onus.Customer},
		{"gcp:dataproc", onus.LayerOS, onus.Shared},
		{"gcp:cloud-build", onus.LayerCode, onus.Customer},
		{"gcp:vpc", onus.LayerNetworkControls, onus.Customer},
		{"gcp:vpc", onus.LayerData, onus.NotApplicable},
		{"gcp:iam", onus.LayerIdentityInfrastructure, onus.Shared},
		{"gcp:distributed-cloud", onus.LayerHardware, onus.Customer},
	})
}

func TestGCPNativeTools(t *testing.T) {
	checkTools(t, builtinForTest(t), []toolCase{
		{"gcp:compute-engine", onus.LayerOS, "VM Manager OS patch management"},
		{"gcp:compute-engine", onus.LayerNetworkControls, "VPC firewall rules"},
		{"gcp:cloud-sql", onus.LayerIdentity, "Cloud IAM"},
		{"gcp:cloud-storage", onus.LayerData, "Cloud KMS (CMEK)"},
		{"gcp:gke", onus.LayerMonitoring, "Security Command Center Container Threat Detection"},
		{"gcp:cloud-run", onus.LayerConfiguration, "Organization Policy Service"},
		{"gcp:iam", onus.LayerIdentity, "IAM Conditions"},
	})
}
