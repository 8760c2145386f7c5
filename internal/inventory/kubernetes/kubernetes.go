// Package kubernetes reads Kubernetes object lists (format "kubernetes"):
// "kubectl get … -o json" output, {"apiVersion": "v1", "kind": "List",
// "items": […]}, typed lists such as a PodList from the API (whose items may
// leave out their kind, which is then taken from the list's), and single
// objects.
//
// # Workloads
//
// Namespaces and workloads become resources in the Kubernetes vocabulary:
// Namespace, Pod, Service and ReplicationController (group "core"),
// Deployment, StatefulSet, DaemonSet and ReplicaSet ("apps"), Job and
// CronJob ("batch"), Ingress ("networking.k8s.io") and Gateway
// ("gateway.networking.k8s.io"). Type is "<group>/<Kind>" ("apps/Deployment",
// "core/Namespace"); ID is "<namespace>/<name>", or the name for objects
// without a namespace; Address is "<kind>/<namespace>/<name>" in lower case
// ("deployment/shop/checkout"); Tags are the labels (ownership labels such
// as app.kubernetes.io/managed-by stay there, for the ownership rules to
// read); Attrs holds "namespace", and "type" for a Service.
//
// An object controlled by another workload (a ReplicaSet of a Deployment, a
// Pod of a ReplicaSet, a Job of a CronJob) is part of that workload and is
// skipped; an object controlled by anything else, such as an operator's
// custom resource, is kept, because its controller is not in the inventory.
// Other kinds (ConfigMap, Secret, Event, RBAC objects, custom resources) are
// skipped.
//
// # The cluster
//
// Nodes are not resources, but they tell which platform runs the cluster.
// When the list holds Node objects ("kubectl get nodes,namespaces,
// deployments,… -A -o json"), Read emits one resource for the cluster, in
// the Service vocabulary, with the catalog service as its type:
//
//   - "aws:eks" when a node has an eks.amazonaws.com/ label (managed node
//     groups, Fargate, Auto Mode, hybrid nodes) or an EKS kubelet version
//     ("v1.31.2-eks-7f9249a");
//   - "gcp:gke-autopilot" when every GKE node is an Autopilot node (the
//     cloud.google.com/gke-autopilot label, or a name starting "gk3-"), and
//     "gcp:gke" for other GKE clusters (cloud.google.com/gke- labels, or a
//     GKE kubelet version "v1.30.5-gke.1014001");
//   - "azure:aks" when a node has a kubernetes.azure.com/ label;
//   - "onprem:kubernetes" otherwise: a cluster the organisation runs itself.
//     A self-managed cluster on cloud machines (kops or kubeadm on EC2, say)
//     has cloud provider IDs (aws:///…, gce://…, azure:///…) but none of the
//     managed services' marks; its control plane is the organisation's, and
//     calling it EKS would hand that to the provider. Attrs["cluster.cloud"]
//     names the cloud its machines run on.
//
// Nodes of two different managed services in one list are an error: a list
// describes one cluster. The cluster's Account is the GCP project or Azure
// subscription in the nodes' provider IDs (AWS provider IDs carry no
// account), its Region the nodes' topology.kubernetes.io/region label.
//
// Every workload gets Attrs["cluster.service"] set to the cluster's type,
// and the cluster's Account and Region, so that later stages can tell a
// workload's platform. Because nodes may come after the workloads in a list,
// Read holds the workloads (not the file) until the list ends, at most
// MaxWorkloads of them. Without nodes the platform is unknown: no cluster
// resource is emitted and cluster.service is not set.
package kubernetes

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// Format reads Kubernetes object lists.
var Format = inventory.Format{
	Name:        "kubernetes",
	Description: "Kubernetes objects: kubectl get … -o json lists (include nodes to identify EKS, GKE, AKS) and single objects",
	Sniff:       sniff,
	Read:        read,
}

// MaxWorkloads bounds how many workloads Read holds while it waits for the
// nodes that identify the cluster.
const MaxWorkloads = 100_000

func sniff(head []byte) bool {
	m := jsonstream.Object(jsonstream.Probe(head))
	return jsonstream.Str(m, "apiVersion") != "" && jsonstream.Str(m, "kind") != "" && jsonstream.HasAny(m, "items", "metadata")
}

// workloadKinds are the kinds that become resources, by group and kind.
var workloadKinds = map[string]bool{
	"core/Namespace": true, "core/Pod": true, "core/Service": true, "core/ReplicationController": true,
	"apps/Deployment": true, "apps/StatefulSet": true, "apps/DaemonSet": true, "apps/ReplicaSet": true,
	"batch/Job": true, "batch/CronJob": true,
	"networking.k8s.io/Ingress": true, "gateway.networking.k8s.io/Gateway": true,
}

// object holds the fields of a Kubernetes object that every kind shares.
type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name            string            `json:"name"`
		Namespace       string            `json:"namespace"`
		Labels          map[string]string `json:"labels"`
		OwnerReferences []struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Controller bool   `json:"controller"`
		} `json:"ownerReferences"`
	} `json:"metadata"`
	Spec   json.RawMessage `json:"spec"`
	Status json.RawMessage `json:"status"`
}

// group returns the API group of an apiVersion: "apps" for "apps/v1",
// "core" for "v1".
func group(apiVersion string) string {
	if g, _, ok := strings.Cut(apiVersion, "/"); ok {
		return g
	}
	return "core"
}

// reader holds the state of one Read.
type reader struct {
	file      string
	problems  jsonstream.Problems
	workloads []*inventory.Resource
	nodes     []node
	firstNode onus.Location
	// listKind and listAPIVersion are the kind of the items and the
	// apiVersion of the list being read, for typed lists whose items
	// leave them out.
	listKind, listAPIVersion string
}

func read(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	rd := &reader{file: file}
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	shape := jsonstream.Shape{Lists: []string{"items"}, Single: true, Start: rd.startList}
	if _, err := d.Stream(shape, rd.item); err != nil {
		return rd.problems.Finish(err)
	}
	cluster, err := rd.cluster()
	if err != nil {
		return rd.problems.Finish(err)
	}
	if cluster != nil {
		if err := emit(cluster); err != nil {
			return err
		}
	}
	for _, w := range rd.workloads {
		if cluster != nil {
			w.Attrs["cluster.service"] = cluster.Type
			w.Account, w.Region = cluster.Account, cluster.Region
		}
		if err := emit(w); err != nil {
			return err
		}
	}
	return rd.problems.Err()
}

// startList records the kind of a typed list's items: a PodList holds Pods.
func (rd *reader) startList(fields map[string]json.RawMessage) {
	var kind, apiVersion string
	_ = json.Unmarshal(fields["kind"], &kind) // a kind that is not a string names no items
	_ = json.Unmarshal(fields["apiVersion"], &apiVersion)
	rd.listKind, rd.listAPIVersion = "", ""
	if k, ok := strings.CutSuffix(kind, "List"); ok && k != "" {
		rd.listKind, rd.listAPIVersion = k, apiVersion
	}
}

func (rd *reader) item(it *jsonstream.Item) error {
	var o object
	if err := it.Decode(&o); err != nil {
		return rd.problems.Add(err)
	}
	if o.Kind == "" && it.Path != "" {
		o.Kind, o.APIVersion = rd.listKind, cmp.Or(o.APIVersion, rd.listAPIVersion)
	}
	switch {
	case o.Kind == "":
		return rd.problems.Add(it.Errorf("kind", "object has no kind"))
	case o.APIVersion == "":
		return rd.problems.Add(it.Errorf("apiVersion", "object has no apiVersion"))
	case o.Kind == "Node" && group(o.APIVersion) == "core":
		if err := rd.node(it, &o); err != nil {
			return rd.problems.Add(err)
		}
		return nil
	}
	typ := group(o.APIVersion) + "/" + o.Kind
	if !workloadKinds[typ] || ownedByWorkload(&o) {
		return nil
	}
	res, err := workload(it, &o, typ)
	if err != nil {
		return rd.problems.Add(err)
	}
	if len(rd.workloads) >= MaxWorkloads {
		return &onus.Error{Code: onus.ETooLarge, Loc: it.Loc(),
			Message: fmt.Sprintf("more than %d workloads in one list: split the list, by namespace for instance", MaxWorkloads)}
	}
	rd.workloads = append(rd.workloads, res)
	return nil
}

// ownedByWorkload reports whether a workload kind controls the object.
func ownedByWorkload(o *object) bool {
	for _, ref := range o.Metadata.OwnerReferences {
		if ref.Controller && workloadKinds[group(ref.APIVersion)+"/"+ref.Kind] {
			return true
		}
	}
	return false
}

func workload(it *jsonstream.Item, o *object, typ string) (*inventory.Resource, error) {
	md := &o.Metadata
	if md.Name == "" {
		return nil, it.Errorf("metadata.name", "%s has no name", o.Kind)
	}
	id, addr := md.Name, strings.ToLower(o.Kind)+"/"+md.Name
	attrs := map[string]string{}
	if md.Namespace != "" {
		id = md.Namespace + "/" + md.Name
		addr = strings.ToLower(o.Kind) + "/" + id
		attrs["namespace"] = md.Namespace
	}
	if typ == "core/Service" && len(o.Spec) > 0 {
		var spec struct {
			Type string `json:"type"`
		}
		if err := it.DecodePart("spec", o.Spec, &spec); err != nil {
			return nil, err
		}
		if spec.Type != "" {
			attrs["type"] = spec.Type
		}
	}
	return &inventory.Resource{
		Vocabulary: inventory.Kubernetes,
		Type:       typ,
		ID:         id,
		Address:    addr,
		Name:       md.Name,
		Provider:   "kubernetes",
		Tags:       md.Labels,
		Attrs:      attrs,
		Loc:        it.Loc(),
	}, nil
}
