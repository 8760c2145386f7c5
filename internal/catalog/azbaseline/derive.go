package main

import (
	"slices"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
)

// featureKind says which layer one of the baselines' security features
// belongs to and how onus words it: a noun phrase for notes and lists, and
// what Microsoft or the customer does when the baseline gives it the feature.
// The verb phrases are needed only for the layers whose split is written as
// sentences: network controls, data and monitoring.
type featureKind struct {
	name  string // the baseline's feature name, lower-cased
	layer onus.Layer
	noun  string
	// onNoun, when set, replaces noun in the list of features that are on
	// by default.
	onNoun string
	ms     string
	cust   string
	tools  []string
	// vnet marks the features through which the customer places the
	// service in its virtual network.
	vnet bool
	rank int // position in knownFeatures: lists follow it
}

// knownFeatures are the features the baselines name, about forty, in the
// order onus lists them. A name missing here falls back to its control
// domain (see domainLayers).
var knownFeatures = []featureKind{
	// Network Security.
	{name: "virtual network integration", layer: onus.LayerNetworkControls, noun: "virtual network integration",
		ms: "deploys the service into a virtual network", cust: "integrates the service with its virtual networks", vnet: true},
	{name: "network security group support", layer: onus.LayerNetworkControls, noun: "network security groups",
		ms: "applies network security group rules to the service's traffic", cust: "sets network security group rules on the service's subnets",
		tools: []string{"Network security groups"}, vnet: true},
	{name: "azure private link", layer: onus.LayerNetworkControls, noun: "private endpoints (Azure Private Link)",
		ms: "provides private endpoints (Azure Private Link)", cust: "connects through private endpoints (Azure Private Link)",
		tools: []string{"Azure Private Link"}},
	{name: "disable public network access", layer: onus.LayerNetworkControls, noun: "turning off public network access", onNoun: "no public network access",
		ms: "keeps public network access off by default", cust: "turns off public network access where it is not needed",
		tools: []string{"Azure Policy"}},

	// Identity Management and Privileged Access.
	{name: "azure ad authentication required for data plane access", layer: onus.LayerIdentity, noun: "Microsoft Entra ID authentication for the data plane"},
	{name: "azure rbac for data plane", layer: onus.LayerIdentity, noun: "Azure RBAC for the data plane"},
	{name: "conditional access for data plane", layer: onus.LayerIdentity, noun: "Conditional Access for the data plane", tools: []string{"Microsoft Entra Conditional Access"}},
	{name: "managed identities", layer: onus.LayerIdentity, noun: "managed identities", tools: []string{"Managed identities for Azure resources"}},
	{name: "service principals", layer: onus.LayerIdentity, noun: "service principals"},
	{name: "service credential and secrets support integration and storage in azure key vault", layer: onus.LayerIdentity,
		noun: "service credentials and secrets in Azure Key Vault", tools: []string{"Azure Key Vault"}},
	{name: "local authentication methods for data plane access", layer: onus.LayerIdentity, noun: "local authentication for the data plane"},
	{name: "local admin accounts", layer: onus.LayerIdentity, noun: "local administrator accounts"},
	{name: "customer lockbox", layer: onus.LayerIdentity, noun: "Customer Lockbox approval of Microsoft support access", tools: []string{"Customer Lockbox for Microsoft Azure"}},

	// Data Protection, Backup and Recovery.
	{name: "data at rest encryption using platform keys", layer: onus.LayerData, noun: "encryption at rest with platform-managed keys",
		ms: "encrypts data at rest with platform-managed keys", cust: "turns on encryption at rest with platform-managed keys"},
	{name: "data at rest encryption using cmk", layer: onus.LayerData, noun: "encryption at rest with customer-managed keys",
		ms: "encrypts data at rest with customer-managed keys", cust: "decides whether to encrypt data at rest with customer-managed keys",
		tools: []string{"Azure Key Vault"}},
	{name: "data in transit encryption", layer: onus.LayerData, noun: "encryption in transit",
		ms: "encrypts data in transit", cust: "enforces encryption in transit (TLS)"},
	{name: "key management in azure key vault", layer: onus.LayerData, noun: "key management in Azure Key Vault",
		ms: "manages the service's keys", cust: "manages its keys in Azure Key Vault", tools: []string{"Azure Key Vault"}},
	{name: "certificate management in azure key vault", layer: onus.LayerData, noun: "certificate management in Azure Key Vault",
		ms: "manages the service's certificates", cust: "manages its certificates in Azure Key Vault", tools: []string{"Azure Key Vault"}},
	{name: "sensitive data discovery and classification", layer: onus.LayerData, noun: "sensitive-data discovery and classification",
		ms: "discovers and classifies sensitive data", cust: "discovers and classifies its sensitive data", tools: []string{"Microsoft Purview"}},
	{name: "data leakage/loss prevention", layer: onus.LayerData, noun: "data loss prevention",
		ms: "provides data loss prevention", cust: "sets up data loss prevention", tools: []string{"Microsoft Purview"}},
	{name: "service native backup capability", layer: onus.LayerData, noun: "the service's built-in backups",
		ms: "runs the service's built-in backups", cust: "configures the service's built-in backups and their retention"},
	{name: "azure backup", layer: onus.LayerData, noun: "backups with Azure Backup",
		ms: "backs the service up with Azure Backup", cust: "backs the service up with Azure Backup", tools: []string{"Azure Backup"}},

	// Logging and Threat Detection.
	{name: "azure resource logs", layer: onus.LayerMonitoring, noun: "resource logs",
		ms: "collects resource logs by default", cust: "sends the service's resource logs to a workspace it watches", tools: []string{"Azure Monitor"}},
	{name: "microsoft defender for service / product offering", layer: onus.LayerMonitoring, noun: "Microsoft Defender threat detection for the service",
		ms: "runs Microsoft Defender threat detection for the service", cust: "turns on Microsoft Defender threat detection for the service"},

	// Asset Management, Posture and Vulnerability Management, Endpoint
	// Security. The endpoint-security features protect the service's hosts
	// (anti-malware and EDR on its virtual machines), not client devices, so
	// they belong to the OS layer.
	{name: "azure policy support", layer: onus.LayerConfiguration, noun: "Azure Policy, to audit and enforce the service's settings"},
	{name: "custom vm images", layer: onus.LayerOS, noun: "custom VM images", tools: []string{"Azure Compute Gallery"}},
	{name: "azure automation update management", layer: onus.LayerOS, noun: "patching with Azure Automation Update Management", tools: []string{"Azure Update Manager"}},
	{name: "azure automation state configuration", layer: onus.LayerOS, noun: "Azure Automation State Configuration", tools: []string{"Azure Machine Configuration"}},
	{name: "azure policy guest configuration agent", layer: onus.LayerOS, noun: "the Azure Policy guest configuration agent", tools: []string{"Azure Machine Configuration"}},
	{name: "vulnerability assessment using microsoft defender", layer: onus.LayerOS, noun: "vulnerability assessment with Microsoft Defender",
		tools: []string{"Microsoft Defender Vulnerability Management"}},
	{name: "anti-malware solution", layer: onus.LayerOS, noun: "anti-malware", tools: []string{"Microsoft Defender for Endpoint"}},
	{name: "anti-malware solution health monitoring", layer: onus.LayerOS, noun: "anti-malware health monitoring", tools: []string{"Microsoft Defender for Endpoint"}},
	{name: "edr solution", layer: onus.LayerOS, noun: "endpoint detection and response", tools: []string{"Microsoft Defender for Endpoint"}},
	{name: "microsoft defender for cloud - adaptive application controls", layer: onus.LayerOS, noun: "adaptive application controls",
		tools: []string{"Microsoft Defender for Servers"}},
	{name: "custom containers images", layer: onus.LayerContainers, noun: "custom container images", tools: []string{"Azure Container Registry"}},
}

// featureKinds indexes knownFeatures by name and numbers them.
var featureKinds = func() map[string]featureKind {
	m := make(map[string]featureKind, len(knownFeatures))
	for i, k := range knownFeatures {
		k.rank = i
		m[k.name] = k
	}
	return m
}()

// noRelatedFeature is the feature name of guidance rows that name no feature.
const noRelatedFeature = "no related feature"

// domainLayers places a feature whose name featureKinds does not know by its
// control domain (lower-cased).
var domainLayers = map[string]onus.Layer{
	"network security":                     onus.LayerNetworkControls,
	"identity management":                  onus.LayerIdentity,
	"privileged access":                    onus.LayerIdentity,
	"data protection":                      onus.LayerData,
	"backup and recovery":                  onus.LayerData,
	"logging and threat detection":         onus.LayerMonitoring,
	"asset management":                     onus.LayerConfiguration,
	"posture and vulnerability management": onus.LayerConfiguration,
	"endpoint security":                    onus.LayerOS,
	"devops security":                      onus.LayerCode,
	"incident response":                    onus.LayerIncidentResponse,
}

// kindOf returns the kind of a feature, and false for rows that carry no
// feature or whose layer cannot be told.
func kindOf(f feature) (featureKind, bool) {
	name := strings.ToLower(f.name)
	if name == noRelatedFeature || name == "" {
		return featureKind{}, false
	}
	if k, ok := featureKinds[name]; ok {
		return k, true
	}
	l, ok := domainLayers[strings.ToLower(f.domain)]
	if !ok {
		return featureKind{}, false
	}
	noun := strings.ToLower(f.name)
	return featureKind{name: noun, layer: l, noun: noun, ms: "provides " + noun, cust: "configures " + noun, rank: len(knownFeatures)}, true
}

// layerFacts is what a baseline says about one layer: its supported
// features, by who the baseline makes responsible for them.
type layerFacts struct {
	ms, cust, both []featureKind
}

func (f *layerFacts) empty() bool { return f == nil || len(f.ms)+len(f.cust)+len(f.both) == 0 }

// all returns every feature of the layer.
func (f *layerFacts) all() []featureKind {
	if f == nil {
		return nil
	}
	return append(append(append([]featureKind(nil), f.ms...), f.cust...), f.both...)
}

// groupFeatures sorts a baseline's supported features onto layers. A feature
// the baseline lists twice with different responsibilities counts as
// shared. Features follow knownFeatures' order; unknown ones come last, in
// the baseline's order.
func groupFeatures(b *baseline) map[onus.Layer]*layerFacts {
	type seen struct {
		kind featureKind
		resp string
	}
	order := []string{}
	byName := map[string]*seen{}
	for _, f := range b.features {
		if !f.supported {
			continue
		}
		k, ok := kindOf(f)
		if !ok {
			continue
		}
		var resp string
		switch f.responsibility {
		case respMicrosoft, respCustomer, respShared:
			resp = f.responsibility
		default:
			continue
		}
		key := strings.ToLower(f.name)
		if s, dup := byName[key]; dup {
			if s.resp != resp {
				s.resp = respShared
			}
			continue
		}
		byName[key] = &seen{kind: k, resp: resp}
		order = append(order, key)
	}
	sort.SliceStable(order, func(i, j int) bool { return byName[order[i]].kind.rank < byName[order[j]].kind.rank })
	out := map[onus.Layer]*layerFacts{}
	for _, key := range order {
		s := byName[key]
		lf := out[s.kind.layer]
		if lf == nil {
			lf = &layerFacts{}
			out[s.kind.layer] = lf
		}
		switch s.resp {
		case respMicrosoft:
			lf.ms = append(lf.ms, s.kind)
		case respCustomer:
			lf.cust = append(lf.cust, s.kind)
		default:
			lf.both = append(lf.both, s.kind)
		}
	}
	return out
}

// deriver turns one baseline into the layer rules of its service.
type deriver struct {
	e     *entry
	b     *baseline
	model *onus.ModelSplit
	facts map[onus.Layer]*layerFacts
	rules map[onus.Layer]onus.LayerRule
}

func newDeriver(e *entry, b *baseline, model *onus.ModelSplit) *deriver {
	return &deriver{e: e, b: b, model: model, facts: groupFeatures(b), rules: map[onus.Layer]onus.LayerRule{}}
}

// defaultRule is the delivery model's rule for l.
func (d *deriver) defaultRule(l onus.Layer) onus.LayerRule {
	r := d.model.Layers[l]
	return onus.LayerRule{Owner: r.Owner, Split: r.Split}
}

// derive computes the service's layer rules: first from the baseline's facts,
// then the entry's hand-written rules on top.
func (d *deriver) derive() map[onus.Layer]onus.LayerRule {
	d.deriveOS()
	d.deriveNetwork()
	d.deriveData()
	d.deriveMonitoring()
	for _, l := range []onus.Layer{onus.LayerIdentity, onus.LayerConfiguration, onus.LayerContainers, onus.LayerCode} {
		d.noteFeatures(l)
	}
	for l, r := range d.e.layers {
		d.rules[l] = r
	}
	return d.rules
}

// noteFeatures keeps the delivery model's rule for l, noting the baseline's
// features for the layer, if it lists any.
func (d *deriver) noteFeatures(l onus.Layer) {
	if f := d.facts[l]; !f.empty() {
		r := d.defaultRule(l)
		r.Note = featureNote(f)
		d.rules[l] = r
	}
}

// profileNote attributes a sentence to the baseline's security profile.
func profileNote(s string) string {
	return s + " (Microsoft cloud security benchmark security profile)."
}

// deriveOS follows the profile's host / OS access. Under IaaS and CaaS the
// model already gives the customer the guest or node OS, and the profile's
// "No Access" speaks of the service's own hosts, so it changes nothing there.
func (d *deriver) deriveOS() {
	f := d.facts[onus.LayerOS]
	switch d.b.hostAccess {
	case hostFullAccess:
		d.rules[onus.LayerOS] = onus.LayerRule{
			Owner: onus.Customer,
			Note:  joinSentences(profileNote("Customers have full access to the host operating system"), featureNote(f)),
		}
	case hostReadOnly:
		split := "Microsoft administers the host operating system and gives the customer read-only access to it."
		if !f.empty() {
			split += " " + featureNote(f)
		}
		d.rules[onus.LayerOS] = onus.LayerRule{Owner: onus.Shared, Split: split, Note: profileNote("Customers have read-only access to the host operating system")}
	case hostNoAccess:
		if d.model.Layers[onus.LayerOS].Owner == onus.Provider {
			d.rules[onus.LayerOS] = onus.LayerRule{
				Owner: onus.Provider,
				Note:  joinSentences(profileNote("Customers have no access to the host or its operating system"), featureNote(f)),
			}
		}
	}
}

// deriveNetwork makes network controls shared wherever the customer has a
// part in them: the service can sit in its virtual network, or the baseline
// lists network features for it. Under IaaS and on-premises the customer
// holds the whole layer already.
func (d *deriver) deriveNetwork() {
	l := onus.LayerNetworkControls
	f := d.facts[l]
	customerPart := f != nil && len(f.cust)+len(f.both) > 0
	def := d.model.Layers[l].Owner
	switch {
	case d.e.model == onus.IaaS || d.e.model == onus.OnPrem:
		d.noteFeatures(l)
	case d.b.inVNet && def != onus.Provider, customerPart:
		d.rules[l] = onus.LayerRule{Owner: onus.Shared, Split: networkSplit(f, d.b.inVNet)}
	case def == onus.Shared:
		d.rules[l] = onus.LayerRule{
			Owner: onus.Provider,
			Note:  joinSentences("The baseline lists no network controls for the customer: Microsoft secures the service's network and endpoints.", onByDefault(f)),
		}
	}
}

func networkSplit(f *layerFacts, inVNet bool) string {
	ms := "secures the service's own network and endpoints"
	var cust []string
	customerVNet, microsoftNSG := false, false
	if f != nil {
		ms = joinList(append([]string{ms}, verbs(f.ms, true)...))
		cust = verbs(f.cust, false)
		for _, k := range f.cust {
			customerVNet = customerVNet || k.vnet
		}
		for _, k := range f.ms {
			microsoftNSG = microsoftNSG || k.name == "network security group support"
		}
	}
	if inVNet && !customerVNet {
		vnet := "controls the virtual network and subnets the service is deployed into and their network security group rules"
		if microsoftNSG {
			vnet = "controls the virtual network and subnets the service is deployed into"
		}
		cust = append([]string{vnet}, cust...)
	}
	s := "Microsoft " + ms + "."
	if len(cust) > 0 {
		s += " The customer " + joinList(cust) + "."
	}
	if f != nil && len(f.both) > 0 {
		s += " Shared: " + joinList(nouns(f.both)) + "."
	}
	return s
}

// deriveData makes the data layer shared where the baseline gives Microsoft
// some features (encryption with platform keys, built-in backups) and the
// customer others (customer-managed keys, Key Vault); otherwise it keeps the
// model's owner and notes the features.
func (d *deriver) deriveData() {
	l := onus.LayerData
	f := d.facts[l]
	var note string
	if !d.b.storesContent {
		note = profileNote("The service does not store customer content at rest for more than 24 hours")
	}
	if f != nil && len(f.ms)+len(f.both) > 0 && len(f.cust)+len(f.both) > 0 {
		d.rules[l] = onus.LayerRule{Owner: onus.Shared, Split: sentenceSplit(f, ""), Note: note}
		return
	}
	if f.empty() && note == "" {
		return
	}
	r := d.defaultRule(l)
	r.Note = joinSentences(featureNote(f), note)
	d.rules[l] = r
}

// deriveMonitoring refines the model's monitoring split with the baseline's
// logging and threat-detection features.
func (d *deriver) deriveMonitoring() {
	l := onus.LayerMonitoring
	if d.model.Layers[l].Owner != onus.Shared {
		d.noteFeatures(l)
		return
	}
	if f := d.facts[l]; !f.empty() {
		d.rules[l] = onus.LayerRule{Owner: onus.Shared, Split: sentenceSplit(f, "monitors the platform and the service itself")}
	}
}

// sentenceSplit writes a split as "Microsoft …. The customer …. Shared: …."
// from the features' verb phrases. lead, when set, opens Microsoft's part.
func sentenceSplit(f *layerFacts, lead string) string {
	ms := verbs(f.ms, true)
	if lead != "" {
		ms = append([]string{lead}, ms...)
	}
	var parts []string
	if len(ms) > 0 {
		parts = append(parts, "Microsoft "+joinList(ms)+".")
	}
	if cust := verbs(f.cust, false); len(cust) > 0 {
		parts = append(parts, "The customer "+joinList(cust)+".")
	} else if lead != "" {
		parts = append(parts, "The customer watches the service's logs and the Azure activity log.")
	}
	if len(f.both) > 0 {
		parts = append(parts, "Shared: "+joinList(nouns(f.both))+".")
	}
	return strings.Join(parts, " ")
}

// featureNote lists a layer's features by who the baseline gives them to.
func featureNote(f *layerFacts) string {
	if f.empty() {
		return ""
	}
	var parts []string
	if s := onByDefault(f); s != "" {
		parts = append(parts, s)
	}
	if len(f.cust) > 0 {
		parts = append(parts, "Configured by the customer: "+joinList(nouns(f.cust))+".")
	}
	if len(f.both) > 0 {
		parts = append(parts, "Shared: "+joinList(nouns(f.both))+".")
	}
	return strings.Join(parts, " ")
}

// onByDefault lists the features the baseline gives Microsoft, which it does
// for features that are on by default and need no configuration.
func onByDefault(f *layerFacts) string {
	if f == nil || len(f.ms) == 0 {
		return ""
	}
	items := make([]string, len(f.ms))
	for i, k := range f.ms {
		items[i] = k.noun
		if k.onNoun != "" {
			items[i] = k.onNoun
		}
	}
	return "On by default: " + joinList(items) + "."
}

func nouns(ks []featureKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.noun
	}
	return merge(out)
}

func verbs(ks []featureKind, microsoft bool) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.cust
		if microsoft {
			out[i] = k.ms
		}
	}
	return merge(out)
}

// merges are pairs of phrases that read better as one.
var merges = []struct{ a, b, both string }{
	{"encrypts data at rest with platform-managed keys", "encrypts data in transit", "encrypts data at rest with platform-managed keys and in transit"},
	{"manages its keys in Azure Key Vault", "manages its certificates in Azure Key Vault", "manages its keys and certificates in Azure Key Vault"},
	{"manages the service's keys", "manages the service's certificates", "manages the service's keys and certificates"},
	{"key management in Azure Key Vault", "certificate management in Azure Key Vault", "key and certificate management in Azure Key Vault"},
}

// merge replaces each pair of merges present in items by the pair's
// joint phrase, at the first one's place.
func merge(items []string) []string {
	for _, m := range merges {
		ia, ib := slices.Index(items, m.a), slices.Index(items, m.b)
		if ia < 0 || ib < 0 {
			continue
		}
		items[ia] = m.both
		items = slices.Delete(items, ib, ib+1)
	}
	return items
}

// joinList joins phrases as "a, b and c", or as "a, b, and c" when a
// phrase holds an "and" of its own, so that the last one stays readable.
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	last := " and "
	if len(items) > 2 {
		for _, it := range items {
			if strings.Contains(it, " and ") {
				last = ", and "
			}
		}
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// joinSentences joins the non-empty sentences with a space.
func joinSentences(ss ...string) string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}
