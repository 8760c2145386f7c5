package kubernetes

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
)

type summary struct {
	Vocabulary        inventory.Vocabulary
	Type, ID, Address string
	Provider          string
	Account, Region   string
	Tags, Attrs       map[string]string
	Line              int
}

func summarize(rs []*inventory.Resource) []summary {
	var out []summary
	for _, r := range rs {
		out = append(out, summary{r.Vocabulary, r.Type, r.ID, r.Address, r.Provider, r.Account, r.Region, r.Tags, r.Attrs, r.Loc.Line})
	}
	return out
}

// wantWorkload returns the summary of a workload on a known cluster.
func wantWorkload(typ, id, addr, cluster, account, region string, tags, attrs map[string]string, line int) summary {
	if attrs == nil {
		attrs = map[string]string{}
	}
	if cluster != "" {
		attrs["cluster.service"] = cluster
	}
	return summary{inventory.Kubernetes, typ, id, addr, "kubernetes", account, region, tags, attrs, line}
}

func TestRead(t *testing.T) {
	app := map[string]string{"app.kubernetes.io/name": "checkout", "app.kubernetes.io/part-of": "shop", "app.kubernetes.io/managed-by": "Helm", "team": "payments"}
	const sub = "5f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8"
	tests := []struct {
		file string
		want []summary
	}{
		{"eks_list.json", []summary{
			{inventory.Service, "aws:eks", "", "cluster", "aws", "", "eu-west-1", nil,
				map[string]string{"cluster.cloud": "aws", "nodes": "3", "kubeletVersion": "v1.31.2-eks-7f9249a"}, 312},
			wantWorkload("core/Namespace", "shop", "namespace/shop", "aws:eks", "", "eu-west-1", map[string]string{"kubernetes.io/metadata.name": "shop", "team": "payments"}, nil, 4),
			wantWorkload("apps/Deployment", "shop/checkout", "deployment/shop/checkout", "aws:eks", "", "eu-west-1", app, map[string]string{"namespace": "shop"}, 26),
			wantWorkload("core/Pod", "shop/debug-shell", "pod/shop/debug-shell", "aws:eks", "", "eu-west-1", map[string]string{"run": "debug-shell"}, map[string]string{"namespace": "shop"}, 141),
			wantWorkload("core/Service", "shop/checkout", "service/shop/checkout", "aws:eks", "", "eu-west-1", app, map[string]string{"namespace": "shop", "type": "LoadBalancer"}, 166),
			wantWorkload("networking.k8s.io/Ingress", "shop/storefront", "ingress/shop/storefront", "aws:eks", "", "eu-west-1", map[string]string{"team": "web"}, map[string]string{"namespace": "shop"}, 205),
			wantWorkload("batch/CronJob", "shop/nightly-report", "cronjob/shop/nightly-report", "aws:eks", "", "eu-west-1", map[string]string{"team": "finance"}, map[string]string{"namespace": "shop"}, 227),
			wantWorkload("apps/StatefulSet", "monitoring/prometheus-main", "statefulset/monitoring/prometheus-main", "aws:eks", "", "eu-west-1",
				map[string]string{"app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator"}, map[string]string{"namespace": "monitoring"}, 269),
		}},
		{"gke_autopilot.json", []summary{
			{inventory.Service, "gcp:gke-autopilot", "", "cluster", "gcp", "acme-prod", "europe-west1", nil,
				map[string]string{"cluster.cloud": "gcp", "nodes": "2", "kubeletVersion": "v1.31.1-gke.1678000"}, 4},
			wantWorkload("apps/Deployment", "web/storefront", "deployment/web/storefront", "gcp:gke-autopilot", "acme-prod", "europe-west1",
				map[string]string{"app": "storefront", "team": "web"}, map[string]string{"namespace": "web"}, 84),
			wantWorkload("core/Service", "web/storefront", "service/web/storefront", "gcp:gke-autopilot", "acme-prod", "europe-west1",
				map[string]string{"app": "storefront"}, map[string]string{"namespace": "web", "type": "ClusterIP"}, 105),
		}},
		{"aks_nodes.json", []summary{
			{inventory.Service, "azure:aks", "", "cluster", "azure", sub, "northeurope", nil,
				map[string]string{"cluster.cloud": "azure", "nodes": "1", "kubeletVersion": "v1.31.2"}, 5},
			wantWorkload("core/Namespace", "payments", "namespace/payments", "azure:aks", sub, "northeurope", nil, nil, 29),
		}},
		{"onprem_list.json", []summary{
			{inventory.Service, "onprem:kubernetes", "", "cluster", "onprem", "", "", nil, map[string]string{"nodes": "2", "kubeletVersion": "v1.31.2"}, 5},
			wantWorkload("core/Namespace", "erp", "namespace/erp", "onprem:kubernetes", "", "", map[string]string{"owner": "erp-team"}, nil, 46),
			wantWorkload("apps/DaemonSet", "erp/node-exporter", "daemonset/erp/node-exporter", "onprem:kubernetes", "", "", nil, map[string]string{"namespace": "erp"}, 59),
		}},
		{"kops_list.json", []summary{
			{inventory.Service, "onprem:kubernetes", "", "cluster", "onprem", "", "eu-west-1", nil,
				map[string]string{"cluster.cloud": "aws", "nodes": "1", "kubeletVersion": "v1.30.6"}, 5},
			wantWorkload("apps/Deployment", "default/api", "deployment/default/api", "onprem:kubernetes", "", "eu-west-1", nil, map[string]string{"namespace": "default"}, 28),
		}},
		{"podlist_raw.json", []summary{
			wantWorkload("core/Pod", "kube-system/kube-apiserver-cp-1", "pod/kube-system/kube-apiserver-cp-1", "", "", "",
				map[string]string{"component": "kube-apiserver", "tier": "control-plane"}, map[string]string{"namespace": "kube-system"}, 8),
		}},
		{"single_deployment.json", []summary{
			wantWorkload("apps/Deployment", "finance/reports", "deployment/finance/reports", "", "", "", map[string]string{"team": "finance"}, map[string]string{"namespace": "finance"}, 1),
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

func TestReadErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
		n    int
	}{
		{"mixed_nodes.json", []string{"mixed_nodes.json:5: items[0]: the nodes belong to different managed services (aws:eks, azure:aks): give one list per cluster"}, 0},
		{"bad_list.json", []string{
			"bad_list.json:3: items[1].metadata.name: Deployment has no name",
			"bad_list.json:4: items[2].apiVersion: object has no apiVersion",
			"bad_list.json:5: items[3].metadata.labels: expected a string, found number",
			"bad_list.json:6: items[4].spec.type: expected a string, found array",
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", tt.file))
			if len(got) != tt.n {
				t.Errorf("read %d resources, want %d", len(got), tt.n)
			}
			var msgs []string
			var list onus.ErrorList
			var e *onus.Error
			switch {
			case errors.As(err, &list):
				for _, e := range list {
					msgs = append(msgs, strings.TrimPrefix(e.Error(), "testdata/"))
				}
			case errors.As(err, &e):
				msgs = []string{strings.TrimPrefix(e.Error(), "testdata/")}
			default:
				t.Fatalf("error = %v, want onus errors", err)
			}
			if diff := cmp.Diff(tt.want, msgs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	err := inventory.ReadFile(filepath.Join("testdata", "eks_list.json"), Format.Name, []inventory.Format{Format}, func(*inventory.Resource) error { return stop })
	if err != stop {
		t.Errorf("Read returned %v, want emit's error unchanged", err)
	}
}

func TestGKEStandard(t *testing.T) {
	in := `{"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"Node","metadata":{"name":"gke-batch-standard-default-pool-1a2b3c4d-x1y2","labels":{"cloud.google.com/gke-nodepool":"default-pool","topology.kubernetes.io/region":"us-central1"}},"spec":{"providerID":"gce://acme-prod/us-central1-a/gke-batch-standard-default-pool-1a2b3c4d-x1y2"},"status":{"nodeInfo":{"kubeletVersion":"v1.30.5-gke.1014001"}}},
{"apiVersion":"v1","kind":"Node","metadata":{"name":"gk3-batch-standard-nap-1","labels":{"cloud.google.com/gke-nodepool":"nap-1","cloud.google.com/gke-autopilot":""}},"spec":{"providerID":"gce://acme-prod/us-central1-b/gk3-batch-standard-nap-1"}}
]}`
	var got []string
	err := Format.Read(strings.NewReader(in), "gke.json", func(r *inventory.Resource) error {
		got = append(got, r.Type+" "+r.Account)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// One Autopilot node in a Standard cluster (an Autopilot compute class)
	// does not make the cluster Autopilot.
	if want := []string{"gcp:gke acme-prod"}; !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}`, true},
		{`{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}`, true},
		{`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}}`, true},
		{`{"apiVersion":"v1","kind":"List"}`, false},
		{`{"bomFormat":"CycloneDX","metadata":{}}`, false},
		{`{"apiVersion":"onus/v1","kind":"Model"}`, false},
		{`[{"apiVersion":"v1","kind":"Pod","metadata":{}}]`, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
