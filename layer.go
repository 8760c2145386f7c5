package onus

import (
	"fmt"
	"strings"
)

// Layer is the stable ID of a security layer of a service, such as "os" or
// "identity". The set of layers is fixed; see Layers.
type Layer string

// The security layers, bottom of the stack first.
const (
	LayerPhysical               Layer = "physical"
	LayerHardware               Layer = "hardware"
	LayerNetworkInfrastructure  Layer = "network-infrastructure"
	LayerVirtualization         Layer = "virtualization"
	LayerOS                     Layer = "os"
	LayerNetworkControls        Layer = "network-controls"
	LayerMiddleware             Layer = "middleware"
	LayerContainers             Layer = "containers"
	LayerApplication            Layer = "application"
	LayerCode                   Layer = "code"
	LayerAPI                    Layer = "api"
	LayerIdentity               Layer = "identity"
	LayerIdentityInfrastructure Layer = "identity-infrastructure"
	LayerData                   Layer = "data"
	LayerEndpoints              Layer = "endpoints"
	LayerConfiguration          Layer = "configuration"
	LayerMonitoring             Layer = "monitoring"
	LayerIncidentResponse       Layer = "incident-response"
)

// NumLayers is the number of security layers.
const NumLayers = 18

// LayerInfo describes a layer: its display name, a short description and the
// words people use for it.
type LayerInfo struct {
	ID          Layer
	Name        string
	Description string
	Aliases     []string
}

// layerTable is DOMAIN.md's layer table, in stack order. The aliases include
// every word the seed article uses for a layer, so free text resolves.
var layerTable = [NumLayers]LayerInfo{
	{LayerPhysical, "Physical", "physical datacenter, facilities",
		[]string{"datacenter", "data center", "datacentre", "facilities", "physical datacenter", "physical security", "infrastructure", "physical infrastructure"}},
	{LayerHardware, "Hardware", "physical hosts, storage devices",
		[]string{"hosts", "servers", "storage", "physical hosts", "storage devices"}},
	{LayerNetworkInfrastructure, "Network infrastructure", "physical network, edge, backbone",
		[]string{"physical network", "network equipment", "edge", "backbone"}},
	{LayerVirtualization, "Virtualization", "hypervisor and virtualization layer",
		[]string{"hypervisor", "virtualized servers", "virtualisation", "virtual machines host"}},
	{LayerOS, "Operating system", "operating system: hardening, patching",
		[]string{"operating system", "guest os", "os patching", "host os"}},
	{LayerNetworkControls, "Network controls", "virtual networks, firewalls, security groups, segmentation, traffic protection",
		[]string{"network", "network security", "firewall", "firewalls", "firewall rules", "security groups", "network controls", "network configuration", "segmentation", "traffic protection"}},
	{LayerMiddleware, "Middleware", "runtimes, middleware, database engines, platform software",
		[]string{"platform", "runtime", "runtimes", "database engine", "platform software"}},
	{LayerContainers, "Containers", "container images, orchestration configuration",
		[]string{"container", "kubernetes workloads", "container images", "orchestration"}},
	{LayerApplication, "Application", "applications, and what the customer builds or runs on a SaaS",
		[]string{"applications", "app", "workloads", "workload"}},
	{LayerCode, "Code", "source code, build pipeline, software supply chain",
		[]string{"source code", "devsecops", "build pipeline", "supply chain", "software supply chain"}},
	{LayerAPI, "APIs", "APIs the service exposes",
		[]string{"apis", "api security"}},
	{LayerIdentity, "Identity and access", "accounts, users, access rights, IAM policies",
		[]string{"users", "user", "accounts", "access rights", "access management", "identities", "identities and users", "iam", "permissions", "user permissions", "user security"}},
	{LayerIdentityInfrastructure, "Identity infrastructure", "identity and directory infrastructure",
		[]string{"directory", "directory infrastructure", "identity and directory infrastructure"}},
	{LayerData, "Data", "information and data: classification, encryption, backup, retention",
		[]string{"information", "customer data", "information and data", "data protection", "data security"}},
	{LayerEndpoints, "Endpoints", "client devices, mobile and PCs",
		[]string{"devices", "client devices", "endpoint", "mobile and pcs", "pcs"}},
	{LayerConfiguration, "Configuration", "configurations and settings of services",
		[]string{"settings", "misconfigurations", "misconfiguration", "configurations", "configurations and settings"}},
	{LayerMonitoring, "Monitoring", "logging, monitoring and detection",
		[]string{"logging", "observability", "detection", "monitoring and tracking"}},
	{LayerIncidentResponse, "Incident response", "incident response and remediation",
		[]string{"ir", "incident remediation", "remediation", "incidents"}},
}

var layerIndex = func() map[string]int {
	m := make(map[string]int, NumLayers*8)
	for i, l := range layerTable {
		m[normalizeWord(string(l.ID))] = i
		m[normalizeWord(l.Name)] = i
		for _, a := range l.Aliases {
			k := normalizeWord(a)
			if j, dup := m[k]; dup && j != i {
				panic("onus: layer alias " + a + " is used twice")
			}
			m[k] = i
		}
	}
	return m
}()

// normalizeWord folds case, separators and a trailing "security" so that
// "Network-Controls", "network controls" and "network_controls" compare equal.
func normalizeWord(s string) string {
	s = wordSeparators.Replace(strings.ToLower(strings.TrimSpace(s)))
	return strings.Join(strings.Fields(s), " ")
}

var wordSeparators = strings.NewReplacer("_", " ", "-", " ", "/", " ", "&", "and")

// Layers returns every layer, bottom of the stack first.
func Layers() []Layer {
	out := make([]Layer, NumLayers)
	for i, l := range layerTable {
		out[i] = l.ID
	}
	return out
}

// LayerInfos returns the description of every layer, in stack order.
func LayerInfos() []LayerInfo {
	out := make([]LayerInfo, NumLayers)
	copy(out, layerTable[:])
	return out
}

// ParseLayer resolves a layer ID, name or alias ("users", "Operating system")
// to its layer.
func ParseLayer(s string) (Layer, bool) {
	i, ok := layerIndex[normalizeWord(s)]
	if !ok {
		return "", false
	}
	return layerTable[i].ID, true
}

// Index returns the position of l in the stack, or -1 for an unknown layer.
// It is on the engine's hot path, so it compares rather than hashes.
func (l Layer) Index() int {
	for i := range layerTable {
		if layerTable[i].ID == l {
			return i
		}
	}
	return -1
}

// Valid reports whether l is one of the layer IDs.
func (l Layer) Valid() bool { return l.Index() >= 0 }

// Info returns the description of l.
func (l Layer) Info() LayerInfo {
	if i := l.Index(); i >= 0 {
		return layerTable[i]
	}
	return LayerInfo{ID: l, Name: string(l)}
}

// Name returns the display name of l.
func (l Layer) Name() string { return l.Info().Name }

// UnmarshalText accepts a layer ID or any of its aliases.
func (l *Layer) UnmarshalText(b []byte) error {
	v, ok := ParseLayer(string(b))
	if !ok {
		return fmt.Errorf("unknown layer %q%s", b, suggest(string(b), layerWords()))
	}
	*l = v
	return nil
}

func layerWords() []string {
	words := make([]string, 0, NumLayers)
	for _, l := range layerTable {
		words = append(words, string(l.ID))
	}
	return words
}

// LayerSet is a set of layers.
type LayerSet uint32

// AllLayers is the set of every layer.
const AllLayers LayerSet = 1<<NumLayers - 1

// LayerSetOf returns the set holding the given layers.
func LayerSetOf(layers ...Layer) LayerSet {
	var s LayerSet
	for _, l := range layers {
		s = s.With(l)
	}
	return s
}

// Has reports whether l is in s.
func (s LayerSet) Has(l Layer) bool {
	i := l.Index()
	return i >= 0 && s&(1<<i) != 0
}

// With returns s with l added.
func (s LayerSet) With(l Layer) LayerSet {
	if i := l.Index(); i >= 0 {
		return s | 1<<i
	}
	return s
}

// Layers returns the members of s in stack order.
func (s LayerSet) Layers() []Layer {
	var out []Layer
	for i, l := range layerTable {
		if s&(1<<i) != 0 {
			out = append(out, l.ID)
		}
	}
	return out
}

// LayerRef is a layer, or one of the keywords "customer" (every layer the
// customer holds or shares for an asset), "shared" (every shared layer) and
// "all", as written in assignments.
type LayerRef string

// Layer keywords usable wherever a list of layers is written.
const (
	LayerRefCustomer LayerRef = "customer"
	LayerRefShared   LayerRef = "shared"
	LayerRefAll      LayerRef = "all"
)

// UnmarshalText accepts a layer ID, an alias or a keyword.
func (r *LayerRef) UnmarshalText(b []byte) error {
	switch k := LayerRef(normalizeWord(string(b))); k {
	case LayerRefCustomer, LayerRefShared, LayerRefAll:
		*r = k
		return nil
	}
	var l Layer
	if err := l.UnmarshalText(b); err != nil {
		return fmt.Errorf("unknown layer %q (use a layer ID, or customer, shared or all)%s", b, suggest(string(b), append(layerWords(), "customer", "shared", "all")))
	}
	*r = LayerRef(l)
	return nil
}

// Keyword reports whether r is a keyword rather than a single layer.
func (r LayerRef) Keyword() bool {
	return r == LayerRefCustomer || r == LayerRefShared || r == LayerRefAll
}
