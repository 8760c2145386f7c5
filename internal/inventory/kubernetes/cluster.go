package kubernetes

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// node is what a Node object says about the platform.
type node struct {
	name, providerID, kubelet string
	labels                    map[string]string
}

// The managed services a node can belong to.
const (
	eks = "aws:eks"
	gke = "gcp:gke"
	aks = "azure:aks"
)

// Label names, from the providers' documentation: "Amazon EKS node labels"
// (eks.amazonaws.com/nodegroup, eks.amazonaws.com/compute-type), GKE's
// cloud.google.com/gke-nodepool and the Autopilot node label, AKS's
// kubernetes.azure.com/ labels, and the well-known topology labels of
// Kubernetes ("Well-Known Labels, Annotations and Taints").
const (
	autopilotLabel    = "cloud.google.com/gke-autopilot"
	regionLabel       = "topology.kubernetes.io/region"
	legacyRegionLabel = "failure-domain.beta.kubernetes.io/region"
	eksctlNameLabel   = "alpha.eksctl.io/cluster-name"
)

func (rd *reader) node(it *jsonstream.Item, o *object) error {
	n := node{name: o.Metadata.Name, labels: o.Metadata.Labels}
	if len(o.Spec) > 0 {
		var spec struct {
			ProviderID string `json:"providerID"`
		}
		if err := it.DecodePart("spec", o.Spec, &spec); err != nil {
			return err
		}
		n.providerID = spec.ProviderID
	}
	if len(o.Status) > 0 {
		var status struct {
			NodeInfo struct {
				KubeletVersion string `json:"kubeletVersion"`
			} `json:"nodeInfo"`
		}
		if err := it.DecodePart("status", o.Status, &status); err != nil {
			return err
		}
		n.kubelet = status.NodeInfo.KubeletVersion
	}
	if len(rd.nodes) == 0 {
		rd.firstNode = it.Loc()
	}
	rd.nodes = append(rd.nodes, n)
	return nil
}

// labelPrefixes are the label prefixes that mark each managed service's
// nodes, in the order they are tested.
var labelPrefixes = []struct{ prefix, service string }{
	{"eks.amazonaws.com/", eks},
	{"cloud.google.com/gke-", gke},
	{"kubernetes.azure.com/", aks},
}

// service returns the managed service the node belongs to, or "".
func (n *node) service() string {
	for _, p := range labelPrefixes {
		for k := range n.labels {
			if strings.HasPrefix(k, p.prefix) {
				return p.service
			}
		}
	}
	switch {
	case strings.Contains(n.kubelet, "-eks-"):
		return eks
	case strings.Contains(n.kubelet, "-gke."):
		return gke
	}
	return ""
}

// autopilot reports whether a GKE node is an Autopilot node.
func (n *node) autopilot() bool {
	_, ok := n.labels[autopilotLabel]
	return ok || strings.HasPrefix(n.name, "gk3-")
}

// cloud returns the cloud named by the node's provider ID, and the GCP
// project or Azure subscription in it.
func (n *node) cloud() (cloud, account string) {
	id := n.providerID
	switch {
	case strings.HasPrefix(id, "aws://"):
		return "aws", ""
	case strings.HasPrefix(id, "gce://"):
		project, _, _ := strings.Cut(strings.TrimPrefix(id, "gce://"), "/")
		return "gcp", project
	case strings.HasPrefix(id, "azure://"):
		return "azure", subscription(id)
	}
	return "", ""
}

// subscription returns the subscription in an Azure provider ID:
// azure:///subscriptions/<id>/resourceGroups/….
func subscription(id string) string {
	segs := strings.Split(id, "/")
	for i := 0; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], "subscriptions") {
			return segs[i+1]
		}
	}
	return ""
}

// cluster returns the resource for the cluster the nodes belong to, or nil
// when the list holds no nodes.
func (rd *reader) cluster() (*inventory.Resource, error) {
	if len(rd.nodes) == 0 {
		return nil, nil
	}
	services := map[string]bool{}
	allAutopilot := true
	var cloud, account, region, name string
	for i := range rd.nodes {
		n := &rd.nodes[i]
		s := n.service()
		if s != "" {
			services[s] = true
		}
		if s == gke && !n.autopilot() {
			allAutopilot = false
		}
		if c, a := n.cloud(); cloud == "" {
			cloud, account = c, a
		}
		region = cmp.Or(region, n.labels[regionLabel], n.labels[legacyRegionLabel])
		name = cmp.Or(name, n.labels[eksctlNameLabel])
	}
	if len(services) > 1 {
		return nil, &onus.Error{Code: onus.EInvalid, Loc: rd.firstNode,
			Message: fmt.Sprintf("the nodes belong to different managed services (%s): give one list per cluster", strings.Join(slices.Sorted(maps.Keys(services)), ", "))}
	}
	typ := "onprem:kubernetes"
	for s := range services {
		typ = s
	}
	if typ == gke && allAutopilot {
		typ = "gcp:gke-autopilot"
	}
	provider, _, _ := strings.Cut(typ, ":")
	attrs := map[string]string{"nodes": strconv.Itoa(len(rd.nodes))}
	if cloud != "" {
		attrs["cluster.cloud"] = cloud
	}
	if v := rd.nodes[0].kubelet; v != "" {
		jsonstream.SetAttr(attrs, "kubeletVersion", v)
	}
	addr := "cluster"
	if name != "" {
		addr += "/" + name
	}
	return &inventory.Resource{
		Vocabulary: inventory.Service,
		Type:       typ,
		ID:         name,
		Address:    addr,
		Name:       cmp.Or(name, "Kubernetes cluster"),
		Provider:   provider,
		Account:    account,
		Region:     region,
		Attrs:      attrs,
		Loc:        rd.firstNode,
	}, nil
}
