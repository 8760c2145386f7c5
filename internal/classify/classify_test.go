package classify

import (
	"testing"

	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/inventory"
)

// A Kubernetes workload belongs to the service of the cluster it runs on.
func TestKubernetesWorkloadsBelongToTheirCluster(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cat)
	if err != nil {
		t.Fatal(err)
	}
	for cluster, want := range map[string]string{"aws:eks": "aws:eks", "gcp:gke-autopilot": "gcp:gke-autopilot", "": ""} {
		s := c.Classify(inventory.Kubernetes, "apps/Deployment", map[string]string{ClusterServiceAttr: cluster})
		got := ""
		if s != nil {
			got = s.ID
		}
		if got != want {
			t.Errorf("a deployment on %q classifies as %q, want %q", cluster, got, want)
		}
	}
}
