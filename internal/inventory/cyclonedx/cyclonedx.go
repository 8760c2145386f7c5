// Package cyclonedx reads the services of CycloneDX JSON BOMs (format
// "cyclonedx"): the SaaS vendors and external services an application
// depends on, as a SaaSBOM lists them.
//
// Every entry of services[], nested services included, becomes a resource
// in the Service vocabulary. Its type is the catalog service of one of the
// SaaS products onus knows (see saas.go) when the service matches one, and
// "saas:generic" otherwise, with the vendor in Attrs["vendor"] and in
// Provider. A service matches a product by, in this order: an endpoint host
// under one of the product's domains (https://acme.my.salesforce.com), its
// name (Exchange Online, Jira), or its provider's name (Salesforce, Inc.;
// company suffixes such as Inc. and LLC are ignored). Company names that
// cover many products, Microsoft and Google, match nothing by themselves.
//
// ID is the bom-ref, or "<group>/<name>" (or the name) when the service has
// none; Name is the name. Data holds the onus data classes named by
// data[].classification: the sensitive classes under their usual names (PII
// or personal data, PHI or protected health information, PCI or cardholder
// data, secrets or credentials), PIFI (personally identifiable financial
// information) as both pii and financial, and public, internal, confidential
// and financial by those names; other classifications are dropped. Attrs
// holds "vendor", "group", "version", "endpoints" (space-separated),
// "authenticated" and "x-trust-boundary" when given, and "parent", the
// bom-ref of the service a nested service belongs to.
//
// Loc names the service's path in the BOM ("services[1].services[0]") and
// the line of the top-level service it belongs to.
//
// Components (libraries, containers, firmware) are not services and are
// skipped without being read into memory, so a BOM of any size can be read.
// XML and protobuf BOMs are not read.
package cyclonedx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// Format reads the services of CycloneDX JSON BOMs.
var Format = inventory.Format{
	Name:        "cyclonedx",
	Description: "CycloneDX JSON BOMs: services[] (SaaSBOM) as SaaS assets",
	Sniff:       sniff,
	Read:        read,
}

// maxDepth bounds how deep services may nest.
const maxDepth = 32

func sniff(head []byte) bool {
	return jsonstream.Str(jsonstream.Object(jsonstream.Probe(head)), "bomFormat") == "CycloneDX"
}

// service holds the fields of a CycloneDX service onus reads.
type service struct {
	BOMRef   string `json:"bom-ref"`
	Provider *struct {
		Name string `json:"name"`
	} `json:"provider"`
	Group         string   `json:"group"`
	Name          string   `json:"name"`
	Version       string   `json:"version"`
	Endpoints     []string `json:"endpoints"`
	Authenticated *bool    `json:"authenticated"`
	TrustBoundary *bool    `json:"x-trust-boundary"`
	Data          []struct {
		Classification string `json:"classification"`
	} `json:"data"`
	Services []service `json:"services"`
}

func read(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	var p jsonstream.Problems
	fields, err := d.Stream(jsonstream.Shape{Lists: []string{"services"}, Optional: true}, func(it *jsonstream.Item) error {
		var s service
		if err := it.Decode(&s); err != nil {
			return p.Add(err)
		}
		return walk(it, &s, it.Path, "", 0, &p, emit)
	})
	if err == nil && string(fields["bomFormat"]) != `"CycloneDX"` {
		err = &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: file, Path: "bomFormat"},
			Message: `not a CycloneDX BOM: bomFormat is not "CycloneDX"`}
	}
	return p.Finish(err)
}

// walk emits s and the services nested in it.
func walk(it *jsonstream.Item, s *service, path, parent string, depth int, p *jsonstream.Problems, emit func(*inventory.Resource) error) error {
	if depth > maxDepth {
		return p.Add(it.Errorf("", "services are nested more than %d deep", maxDepth))
	}
	res, err := resource(it, s, path, parent)
	if err != nil {
		if err := p.Add(err); err != nil {
			return err
		}
	} else if err := emit(res); err != nil {
		return err
	}
	for i := range s.Services {
		if err := walk(it, &s.Services[i], fmt.Sprintf("%s.services[%d]", path, i), s.BOMRef, depth+1, p, emit); err != nil {
			return err
		}
	}
	return nil
}

func resource(it *jsonstream.Item, s *service, path, parent string) (*inventory.Resource, error) {
	loc := it.Loc()
	loc.Path = path
	if s.Name == "" {
		return nil, &onus.Error{Code: onus.EInvalid, Loc: withPath(loc, "name"), Message: "service has no name"}
	}
	id := s.BOMRef
	if id == "" {
		id = strings.TrimPrefix(s.Group+"/"+s.Name, "/")
	}
	vendor := ""
	if s.Provider != nil {
		vendor = s.Provider.Name
	}
	attrs := map[string]string{}
	for _, kv := range [][2]string{
		{"vendor", vendor}, {"group", s.Group}, {"version", s.Version},
		{"endpoints", strings.Join(s.Endpoints, " ")}, {"authenticated", boolText(s.Authenticated)},
		{"x-trust-boundary", boolText(s.TrustBoundary)}, {"parent", parent},
	} {
		if kv[1] != "" {
			jsonstream.SetAttr(attrs, kv[0], kv[1])
		}
	}
	typ := match(s.Name, vendor, s.Endpoints)
	provider := ""
	if typ == "" {
		typ, provider = "saas:generic", vendor
	}
	var classes []string
	for _, d := range s.Data {
		classes = append(classes, d.Classification)
	}
	return &inventory.Resource{
		Vocabulary: inventory.Service,
		Type:       typ,
		ID:         id,
		Name:       s.Name,
		Provider:   provider,
		Attrs:      attrs,
		Data:       dataClasses(classes),
		Loc:        loc,
	}, nil
}

func withPath(loc onus.Location, field string) onus.Location {
	loc.Path = jsonstream.JoinPath(loc.Path, field)
	return loc
}

func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// classWords maps classifications, normalised by words, to onus data
// classes.
var classWords = map[string][]onus.DataClass{
	"pii": {onus.DataPII}, "personal data": {onus.DataPII}, "personal information": {onus.DataPII},
	"personally identifiable information": {onus.DataPII},
	"phi":                                 {onus.DataPHI}, "ephi": {onus.DataPHI}, "protected health information": {onus.DataPHI},
	"health information": {onus.DataPHI}, "health data": {onus.DataPHI},
	"pci": {onus.DataPCI}, "pci dss": {onus.DataPCI}, "cardholder data": {onus.DataPCI}, "chd": {onus.DataPCI},
	"payment card data": {onus.DataPCI},
	"secret":            {onus.DataSecrets}, "secrets": {onus.DataSecrets}, "credential": {onus.DataSecrets},
	"credentials": {onus.DataSecrets}, "password": {onus.DataSecrets}, "passwords": {onus.DataSecrets},
	"pifi": {onus.DataPII, onus.DataFinancial}, "personally identifiable financial information": {onus.DataPII, onus.DataFinancial},
	"financial": {onus.DataFinancial}, "financial data": {onus.DataFinancial},
	"public": {onus.DataPublic}, "internal": {onus.DataInternal}, "confidential": {onus.DataConfidential},
}

// dataClasses maps classifications to onus data classes, each once, in the
// order they first appear.
func dataClasses(classifications []string) []onus.DataClass {
	var out []onus.DataClass
	seen := map[onus.DataClass]bool{}
	for _, c := range classifications {
		for _, d := range classWords[words(c)] {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// words lower-cases s and reduces it to its words: "PCI-DSS" is "pci dss".
func words(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}), " ")
}
