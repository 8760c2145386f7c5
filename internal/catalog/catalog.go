// Package catalog holds onus's built-in catalog (delivery-model defaults,
// providers and their services) as embedded YAML, and reads the
// organisation's own catalog files that extend or override it.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// APIVersion is the apiVersion of catalog files.
const APIVersion = "onus/catalog/v1"

// MaxFileSize bounds a catalog file.
const MaxFileSize = 32 << 20

//go:embed data/*.yaml
var builtinFS embed.FS

// File is the YAML form of one catalog file.
type File struct {
	APIVersion string               `yaml:"apiVersion"`
	Version    string               `yaml:"version"`
	Date       onus.Date            `yaml:"date"`
	Models     []*onus.ModelSplit   `yaml:"models"`
	Providers  []*onus.ProviderInfo `yaml:"providers"`
}

var builtin struct {
	once sync.Once
	cat  *onus.Catalog
	err  error
}

// Builtin returns the catalog embedded in onus. The result is shared: callers
// must not change it; Extend copies before it changes anything.
func Builtin() (*onus.Catalog, error) {
	builtin.once.Do(func() {
		builtin.cat, builtin.err = loadBuiltin()
	})
	return builtin.cat, builtin.err
}

func loadBuiltin() (*onus.Catalog, error) {
	names, err := fs.Glob(builtinFS, "data/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var docs []strictyaml.Document
	for _, name := range names {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ds, err := strictyaml.Parse("builtin:"+path.Base(name), data)
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	c := &onus.Catalog{
		Models:    map[onus.DeliveryModel]*onus.ModelSplit{},
		Providers: map[string]*onus.ProviderInfo{},
		Services:  map[string]*onus.Service{},
	}
	if errs := merge(c, docs, false); len(errs) > 0 {
		return nil, errs.Err()
	}
	return c, nil
}

// Extend returns a copy of base with the given catalog documents merged in:
// new providers and services are added; a service with the ID of an existing
// one replaces it.
func Extend(base *onus.Catalog, docs []strictyaml.Document) (*onus.Catalog, error) {
	c := &onus.Catalog{
		Version:   base.Version,
		Date:      base.Date,
		Models:    base.Models,
		Providers: make(map[string]*onus.ProviderInfo, len(base.Providers)),
		Services:  make(map[string]*onus.Service, len(base.Services)),
		Origins:   slices.Clone(base.Origins),
	}
	maps.Copy(c.Providers, base.Providers)
	maps.Copy(c.Services, base.Services)
	if errs := merge(c, docs, true); len(errs) > 0 {
		return nil, errs.Err()
	}
	return c, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// merge decodes docs into c. User files (user=true) may replace services and
// may not set the catalog version or the delivery-model defaults.
func merge(c *onus.Catalog, docs []strictyaml.Document, user bool) onus.ErrorList {
	var errs onus.ErrorList
	for _, doc := range docs {
		d := &strictyaml.Decoder{File: doc.File}
		var f File
		d.Decode(doc.Root, "", &f)
		errs = append(errs, d.Errs...)
		if len(d.Errs) > 0 {
			continue
		}
		at := func(p string) onus.Location {
			return onus.Location{File: doc.File, Line: doc.Root.Line, Column: doc.Root.Column, Path: p}
		}
		if f.APIVersion != APIVersion {
			errs.Add(at("apiVersion"), onus.EInvalid, "apiVersion is %q, want %q", f.APIVersion, APIVersion)
			continue
		}
		c.Origins = append(c.Origins, doc.File)
		if f.Version != "" || !f.Date.IsZero() {
			if user {
				errs.Add(at("version"), onus.EInvalid, "a catalog extension cannot set the catalog version; pin the version in the model instead")
			} else {
				c.Version, c.Date = f.Version, f.Date
			}
		}
		for _, m := range f.Models {
			if user {
				errs.Add(m.Loc, onus.EInvalid, "a catalog extension cannot change the delivery-model defaults; override services, or use assignments and agreements")
				continue
			}
			errs = append(errs, checkModel(m)...)
			if c.Models[m.Model] != nil {
				errs.Add(m.Loc, onus.EInvalid, "delivery model %q is defined twice", m.Model)
			}
			c.Models[m.Model] = m
		}
		for _, p := range f.Providers {
			errs = append(errs, addProvider(c, p, user)...)
		}
	}
	if !user {
		errs = append(errs, checkComplete(c)...)
	}
	errs.Sort()
	return errs
}

func checkModel(m *onus.ModelSplit) onus.ErrorList {
	var errs onus.ErrorList
	if !m.Model.Valid() {
		errs.Add(m.Loc, onus.EInvalid, "id: unknown delivery model %q", m.Model)
	}
	if m.Source.Title == "" {
		errs.Add(m.Loc, onus.EInvalid, "delivery model %q names no source", m.Model)
	}
	for _, l := range onus.Layers() {
		r, ok := m.Layers[l]
		switch {
		case !ok || r.Owner == onus.Nobody:
			errs.Add(m.Loc, onus.EInvalid, "delivery model %q does not say who holds layer %q", m.Model, l)
		case r.Owner == onus.Shared && strings.TrimSpace(r.Split) == "":
			errs.Add(m.Loc, onus.EInvalid, "delivery model %q shares layer %q without a split statement", m.Model, l)
		}
	}
	return errs
}

func addProvider(c *onus.Catalog, p *onus.ProviderInfo, user bool) onus.ErrorList {
	var errs onus.ErrorList
	if !idPattern.MatchString(p.ID) {
		errs.Add(p.Loc, onus.EInvalid, "provider id %q must be lower-case letters, digits and dashes", p.ID)
		return errs
	}
	existing := c.Providers[p.ID]
	switch {
	case existing == nil:
		if p.Name == "" {
			errs.Add(p.Loc, onus.EInvalid, "provider %q has no name", p.ID)
		}
		cp := *p
		cp.Services = nil
		existing = &cp
		c.Providers[p.ID] = existing
	case !user:
		errs.Add(p.Loc, onus.EInvalid, "provider %q is defined twice (first at %s)", p.ID, existing.Loc)
	default:
		// A user file adding services to a built-in provider may also
		// correct its name and contacts.
		cp := *existing
		if p.Name != "" {
			cp.Name = p.Name
		}
		if len(p.Contacts) > 0 {
			cp.Contacts = p.Contacts
		}
		existing = &cp
		c.Providers[p.ID] = existing
	}
	for _, s := range p.Services {
		s.Provider = p.ID
		if s.Source.Title == "" {
			s.Source = existing.Source
		}
		errs = append(errs, checkService(c, s)...)
		if prev := c.Services[s.ID]; prev != nil && !user {
			errs.Add(s.Loc, onus.EInvalid, "service %q is defined twice (first at %s)", s.ID, prev.Loc)
			continue
		}
		c.Services[s.ID] = s
		for _, a := range s.Aliases {
			if prev := c.Services[a]; prev != nil && prev.ID != s.ID && !user {
				errs.Add(s.Loc, onus.EInvalid, "alias %q of service %q is already service %q", a, s.ID, prev.ID)
				continue
			}
			c.Services[a] = s
		}
		existing.Services = append(existing.Services, s)
	}
	return errs
}

var serviceIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9.-]*$`)

func checkService(c *onus.Catalog, s *onus.Service) onus.ErrorList {
	var errs onus.ErrorList
	if !serviceIDPattern.MatchString(s.ID) {
		errs.Add(s.Loc, onus.EInvalid, "service id %q must be a namespace and a name such as aws:rds or saas:m365: lower-case letters, digits, dots and dashes", s.ID)
	}
	if s.Name == "" {
		errs.Add(s.Loc, onus.EInvalid, "service %q has no name", s.ID)
	}
	if !s.Model.Valid() {
		errs.Add(s.Loc, onus.EInvalid, "service %q has no delivery model (model: onprem, iaas, caas, paas, faas or saas)", s.ID)
	}
	if s.Source.Title == "" || s.Source.Date.IsZero() {
		errs.Add(s.Loc, onus.EInvalid, "service %q names no source with a title and a date", s.ID)
	}
	for l, r := range s.Layers {
		switch {
		case r.Owner == onus.Nobody:
			errs.Add(r.Loc, onus.EInvalid, "service %q layer %q: owner is required", s.ID, l)
		case r.Owner == onus.Shared && strings.TrimSpace(r.Split) == "":
			errs.Add(r.Loc, onus.EInvalid, "service %q shares layer %q without a split statement", s.ID, l)
		}
	}
	for l, tools := range s.Tools {
		if len(tools) == 0 {
			errs.Add(s.Loc, onus.EInvalid, "service %q lists no tools for layer %q", s.ID, l)
		}
	}
	return errs
}

func checkComplete(c *onus.Catalog) onus.ErrorList {
	var errs onus.ErrorList
	if c.Version == "" {
		errs.Add(onus.Location{File: "builtin"}, onus.EInvalid, "the built-in catalog has no version")
	}
	for _, m := range onus.DeliveryModels() {
		if c.Models[m] == nil {
			errs.Add(onus.Location{File: "builtin"}, onus.EInvalid, "the built-in catalog has no defaults for delivery model %q", m)
		}
	}
	return errs
}

// Describe returns a one-line description of the catalog for version output.
func Describe(c *onus.Catalog) string {
	providers := 0
	for _, p := range c.Providers {
		if len(p.Services) > 0 {
			providers++
		}
	}
	return fmt.Sprintf("catalog %s (%s): %d services from %d providers", c.Version, c.Date, len(c.SortedServices()), providers)
}
