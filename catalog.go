package onus

import (
	"fmt"
	"sort"
	"strings"
)

// Source names where a catalog fact comes from.
type Source struct {
	Title   string `yaml:"title" json:"title"`
	URL     string `yaml:"url" json:"url,omitempty"`
	Date    Date   `yaml:"date" json:"date"`
	License string `yaml:"license" json:"license,omitempty"`
}

// LayerRule says who holds one layer, and for a shared layer where one side's
// part ends. A rule whose Owner is Nobody leaves the layer to the level below
// (the delivery-model default).
type LayerRule struct {
	Owner Responsibility `yaml:"owner"`
	Split string         `yaml:"split"`
	Note  string         `yaml:"note"`
	Loc   Location       `yaml:"-"`
}

// ModelSplit is the default split of every layer under one delivery model.
type ModelSplit struct {
	Model   DeliveryModel       `yaml:"id"`
	Name    string              `yaml:"name"`
	Layers  map[Layer]LayerRule `yaml:"layers"`
	Source  Source              `yaml:"source"`
	Sources []Source            `yaml:"sources"`
	Loc     Location            `yaml:"-"`
}

// ProviderInfo is a catalog provider: a cloud, a SaaS company, or a generic
// entry ("colocation") whose actual vendor each asset names.
type ProviderInfo struct {
	ID       string     `yaml:"id"`
	Name     string     `yaml:"name"`
	Kind     string     `yaml:"kind"`
	Generic  bool       `yaml:"generic"`
	Contacts []Contact  `yaml:"contacts"`
	Source   Source     `yaml:"source"`
	Services []*Service `yaml:"services"`
	Loc      Location   `yaml:"-"`
}

// Service is a catalog entry for one provider service: its delivery model,
// how it refines the model's default split, and the provider's own tools for
// the customer's layers.
type Service struct {
	ID          string              `yaml:"id"`
	Name        string              `yaml:"name"`
	Provider    string              `yaml:"-"`
	Model       DeliveryModel       `yaml:"model"`
	Category    string              `yaml:"category"`
	Description string              `yaml:"description"`
	Layers      map[Layer]LayerRule `yaml:"layers"`
	Tools       map[Layer][]string  `yaml:"tools"`
	Source      Source              `yaml:"source"`
	Resources   ResourceTypes       `yaml:"resources"`
	Aliases     []string            `yaml:"aliases"`
	Loc         Location            `yaml:"-"`
}

// ResourceTypes lists the inventory resource types that are instances of a
// service, per inventory vocabulary: Terraform resource types
// ("aws_db_instance"), CloudFormation / AWS Config types
// ("AWS::RDS::DBInstance"), ARM types as Azure Resource Graph reports them
// ("Microsoft.Sql/servers"), Cloud Asset Inventory types
// ("sqladmin.googleapis.com/Instance") and Kubernetes kinds.
type ResourceTypes struct {
	Terraform      []TypeRule `yaml:"terraform"`
	CloudFormation []TypeRule `yaml:"cloudformation"`
	ARM            []TypeRule `yaml:"arm"`
	CAI            []TypeRule `yaml:"cai"`
	Kubernetes     []TypeRule `yaml:"kubernetes"`
}

// TypeRule matches resource types, and optionally attributes, to a service.
// It is written either as a type pattern ("aws_db_*") or as a mapping with
// the attributes that tell services apart where one type serves several
// ({type: Microsoft.Web/sites, where: {kind: "*functionapp*"}}). Types match
// case-insensitively.
type TypeRule struct {
	Type  Pattern            `yaml:"type"`
	Where map[string]Pattern `yaml:"where"`
	Loc   Location           `yaml:"-"`
}

// UnmarshalText reads the short form: a bare type pattern.
func (r *TypeRule) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("empty resource type")
	}
	r.Type = Pattern(b)
	return nil
}

// Catalog is the built-in knowledge of delivery models, providers and their
// services, possibly extended by an organisation's own catalog files.
type Catalog struct {
	Version   string
	Date      Date
	Models    map[DeliveryModel]*ModelSplit
	Providers map[string]*ProviderInfo
	Services  map[string]*Service
	// Origins names the catalog files that make up the catalog, built-in
	// first.
	Origins []string
}

// Service returns the service with the given ID or alias, or nil.
func (c *Catalog) Service(id string) *Service {
	if s, ok := c.Services[id]; ok {
		return s
	}
	return c.Services[strings.ToLower(id)]
}

// SortedServices returns every service ordered by ID.
func (c *Catalog) SortedServices() []*Service {
	out := make([]*Service, 0, len(c.Services))
	seen := make(map[*Service]bool, len(c.Services))
	for _, s := range c.Services {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// RuleOrigin says which level of the catalog a layer rule comes from.
type RuleOrigin uint8

// The levels of the catalog.
const (
	FromModel   RuleOrigin = iota + 1 // the delivery-model default
	FromService                       // the provider's entry for the service
)

// Rule returns the rule for layer l of a service delivered under model m
// (the service's own model unless the asset overrides it), and which level it
// came from. A service entry refines its own delivery model only: an asset
// that overrides the model gets that model's defaults.
func (c *Catalog) Rule(s *Service, m DeliveryModel, l Layer) (LayerRule, RuleOrigin) {
	if s != nil && (m == "" || m == s.Model) {
		if r, ok := s.Layers[l]; ok && r.Owner != Nobody {
			return r, FromService
		}
		m = s.Model
	}
	if ms := c.Models[m]; ms != nil {
		return ms.Layers[l], FromModel
	}
	return LayerRule{}, FromModel
}
