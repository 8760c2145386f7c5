package route

import (
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// maxLayerCache bounds the layer decision cache. Check IDs repeat, so the
// cache stays small for real files; a hostile file of distinct checks only
// makes it start afresh.
const maxLayerCache = 1 << 16

// layerCache remembers the rule table's decision per combination of the
// finding fields the rules read, so that deciding costs one map probe per
// finding.
type layerCache struct {
	m   map[string]layerChoice
	buf []byte
	// last remembers the previous finding's fields and choice: tools
	// write findings check by check, and readers intern the strings, so
	// comparing with the previous finding is cheaper than hashing.
	last     findings.Finding
	lastVuln VulnClass
	lastOK   bool
	lastPick layerChoice
}

// layerChoice is a decision: the layer, its stack position, and the rule
// that chose it, with its position in the table (len(rules) for the
// fallback).
type layerChoice struct {
	layer onus.Layer
	li    int
	rule  string
	ri    int
}

func (c *layerCache) init() { c.m = map[string]layerChoice{} }

// same reports whether f reads, to the rules, as the previous finding.
func (c *layerCache) same(rd *reads, f *findings.Finding, vuln VulnClass) bool {
	l := &c.last
	return c.lastOK && vuln == c.lastVuln &&
		(!rd.tool || f.Tool == l.Tool) && (!rd.check || f.Check == l.Check) && (!rd.title || f.Title == l.Title) &&
		(!rd.resourceType || f.Resource.Type == l.Resource.Type) && (!rd.service || f.Resource.Service == l.Resource.Service) &&
		(!rd.types || slices.Equal(f.Types, l.Types)) && (!rd.categories || slices.Equal(f.Categories, l.Categories))
}

// decide returns the layer of a finding and the rule that chose it.
func (c *layerCache) decide(t *Table, f *findings.Finding) layerChoice {
	rd := &t.reads
	vuln := vulnClass(f)
	if c.same(rd, f, vuln) {
		return c.lastPick
	}
	ch := c.lookup(t, f, vuln)
	c.last = findings.Finding{Tool: f.Tool, Check: f.Check, Title: f.Title, Types: f.Types, Categories: f.Categories,
		Resource: findings.Resource{Type: f.Resource.Type, Service: f.Resource.Service}}
	c.lastVuln, c.lastOK, c.lastPick = vuln, true, ch
	return ch
}

// lookup returns the decision for f from the cache, or from the table.
func (c *layerCache) lookup(t *Table, f *findings.Finding, vuln VulnClass) layerChoice {
	rd := &t.reads
	b := append(c.buf[:0], vuln...)
	add := func(on bool, s string) {
		b = append(b, 0)
		if on {
			b = append(b, s...)
		}
	}
	add(rd.tool, f.Tool)
	add(rd.check, f.Check)
	add(rd.title, f.Title)
	add(rd.resourceType, f.Resource.Type)
	add(rd.service, f.Resource.Service)
	if rd.types {
		for _, s := range f.Types {
			add(true, s)
		}
	}
	b = append(b, 1)
	if rd.categories {
		for _, s := range f.Categories {
			add(true, s)
		}
	}
	c.buf = b
	if ch, ok := c.m[string(b)]; ok {
		return ch
	}
	fs := facts{tool: strings.ToLower(f.Tool), check: strings.ToLower(f.Check), title: strings.ToLower(f.Title),
		resourceType: strings.ToLower(f.Resource.Type), service: strings.ToLower(f.Resource.Service),
		types: lowerStrings(f.Types), categories: lowerStrings(f.Categories), vuln: vuln}
	ri := t.decide(&fs)
	ch := layerChoice{layer: t.fallback, rule: FallbackRule, ri: ri}
	if ri < len(t.rules) {
		ch.layer, ch.rule = t.rules[ri].Layer, t.rules[ri].ID
	}
	ch.li = ch.layer.Index()
	if len(c.m) >= maxLayerCache {
		clear(c.m)
	}
	c.m[string(b)] = ch
	return ch
}

func lowerStrings(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// vulnClass returns the class of a finding's vulnerable package: an OS
// package inside a container image is the image's, not a host's.
func vulnClass(f *findings.Finding) VulnClass {
	v := f.Vulnerability
	if v == nil {
		return ""
	}
	switch strings.ToLower(v.Class) {
	case "os":
		if isContainerImage(f.Resource.Type) {
			return VulnContainerOS
		}
		return VulnOS
	case "application", "app", "library", "lang-pkgs":
		return VulnApplication
	}
	return VulnUnknown
}

// isContainerImage reports whether a resource type is a container image,
// as ASFF (Container, AwsEcrContainerImage), Trivy (container_image) and
// OCSF producers write it.
func isContainerImage(t string) bool {
	t = strings.ToLower(t)
	return strings.Contains(t, "container") || strings.Contains(t, "docker") || strings.Contains(t, "oci_image") || t == "image"
}
