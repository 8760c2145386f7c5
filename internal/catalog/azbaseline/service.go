package main

import (
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// baselineLicense is the licence of the baselines and of Microsoft Learn's
// pages, which every Azure entry draws on.
const baselineLicense = "CC BY 4.0"

// fallbackDate is the date of the catalog the generator writes. It dates a
// baseline whose workbook does not record when it was saved, and the pages
// cited for services without a baseline whose revision date is not known.
var fallbackDate = onus.DateOf(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))

// buildService turns a table entry, with its baseline when it has one, into a
// catalog service.
func buildService(e *entry, b *baseline, models map[onus.DeliveryModel]*onus.ModelSplit) (*onus.Service, error) {
	model := models[e.model]
	if model == nil {
		return nil, onus.Errorf(onus.EInvalid, "%s: the delivery-model defaults have no model %q", e.id, e.model)
	}
	s := &onus.Service{
		ID:        e.id,
		Name:      e.name,
		Model:     e.model,
		Category:  e.category,
		Aliases:   e.aliases,
		Resources: onus.ResourceTypes{Terraform: e.tf, ARM: e.arm},
	}
	var facts map[onus.Layer]*layerFacts
	if b != nil {
		d := newDeriver(e, b, model)
		s.Layers = d.derive()
		facts = d.facts
		s.Source = baselineSource(e, b)
		s.Description = joinSentences(e.what, profileSentence(b))
	} else {
		s.Layers = map[onus.Layer]onus.LayerRule{}
		for l, r := range e.layers {
			s.Layers[l] = r
		}
		s.Source = *e.source
		s.Description = joinSentences(e.what, partnerSentence(e.partner),
			"No Microsoft cloud security benchmark baseline covers it; the delivery-model defaults apply except where a layer says otherwise.")
	}
	owner := func(l onus.Layer) onus.Responsibility {
		if r, ok := s.Layers[l]; ok {
			return r.Owner
		}
		return model.Layers[l].Owner
	}
	// A partner's service is secured with the partner's tools, which
	// onus does not know.
	if e.partner == "" {
		s.Tools = toolsFor(e, b, facts, owner)
	}
	if len(s.Layers) == 0 {
		s.Layers = nil
	}
	return s, nil
}

// partnerSentence says who runs a service sold through Azure.
func partnerSentence(partner string) string {
	if partner == "" {
		return ""
	}
	return partner + ", not Microsoft, runs it and holds the layers the model gives the provider; Microsoft runs only the Azure resource that links it to the subscription. Name " + partner + " as the asset's provider."
}

// baselineSource names the baseline an entry comes from.
func baselineSource(e *entry, b *baseline) onus.Source {
	date := fallbackDate
	if !b.modified.IsZero() {
		date = onus.DateOf(b.modified)
	}
	return onus.Source{
		Title:   "Microsoft cloud security benchmark baseline for " + e.baseline,
		URL:     "https://learn.microsoft.com/security/benchmark/azure/baselines/" + learnSlug(e.file) + "-security-baseline",
		Date:    date,
		License: baselineLicense,
	}
}

// learnSlug turns a baseline's file name into the name of its page on
// Microsoft Learn: "azure-red-hat-openshift-(aro)" becomes
// "azure-red-hat-openshift-aro", "virtual-machines-linux virtual machines"
// becomes "virtual-machines-linux".
func learnSlug(file string) string {
	s, _, _ := strings.Cut(strings.ToLower(file), " ")
	s = strings.NewReplacer("(", "", ")", "").Replace(s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}

// profileSentence states the baseline's security profile in a sentence.
func profileSentence(b *baseline) string {
	host := map[string]string{
		hostNoAccess:   "no customer access to the service's host OS",
		hostFullAccess: "full customer access to the host OS",
		hostReadOnly:   "read-only customer access to the host OS",
	}[b.hostAccess]
	vnet := "not deployed into the customer's virtual network"
	if b.inVNet {
		vnet = "can be deployed into the customer's virtual network"
	}
	content := "does not store customer content at rest for more than 24 hours"
	if b.storesContent {
		content = "stores customer content at rest"
	}
	return "Baseline security profile: " + host + "; " + vnet + "; " + content + "."
}

// baseTools are the Azure-native tools for a layer that the customer holds
// or shares, whatever the service.
var baseTools = map[onus.Layer][]string{
	onus.LayerIdentity:               {"Microsoft Entra ID", "Azure RBAC", "Microsoft Entra Privileged Identity Management"},
	onus.LayerIdentityInfrastructure: {"Microsoft Entra ID"},
	onus.LayerMonitoring:             {"Azure Monitor", "Microsoft Defender for Cloud", "Microsoft Sentinel"},
	onus.LayerConfiguration:          {"Azure Policy", "Microsoft Defender for Cloud"},
	onus.LayerOS:                     {"Azure Update Manager", "Microsoft Defender for Servers"},
	onus.LayerIncidentResponse:       {"Microsoft Defender for Cloud", "Microsoft Sentinel"},
}

// vnetTools are the network tools for services in the customer's virtual
// network.
var vnetTools = []string{"Network security groups", "Azure Firewall", "Azure Firewall Manager"}

// toolsFor lists the tools of every layer the customer holds or shares: the
// base tools, those the baseline's supported features point to, the entry's
// Defender plan and the entry's own additions.
func toolsFor(e *entry, b *baseline, facts map[onus.Layer]*layerFacts, owner func(onus.Layer) onus.Responsibility) map[onus.Layer][]string {
	out := map[onus.Layer][]string{}
	for _, l := range onus.Layers() {
		if !owner(l).HasCustomer() {
			continue
		}
		var ts []string
		ts = append(ts, baseTools[l]...)
		if l == onus.LayerNetworkControls && b != nil && b.inVNet {
			ts = append(ts, vnetTools...)
		}
		if l == onus.LayerMonitoring && e.defender != "" {
			ts = append(ts, e.defender)
		}
		for _, k := range facts[l].all() {
			ts = append(ts, k.tools...)
		}
		if l == onus.LayerData && len(ts) == 0 && b != nil && b.storesContent {
			ts = append(ts, "Microsoft Purview")
		}
		ts = append(ts, e.tools[l]...)
		if ts = dedupe(ts); len(ts) > 0 {
			out[l] = ts
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
