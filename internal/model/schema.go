package model

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
)

// SchemaID is the identifier of the published JSON Schema of model files.
const SchemaID = "https://raw.githubusercontent.com/onus-dev/onus/main/schema/onus-model.schema.json"

// Schema returns the JSON Schema (draft 2020-12) of model files, generated
// from the same Go types the loader decodes into, so the two never drift.
// Editors use it to complete and check model files.
func Schema() ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeFor[file]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "onus responsibility model"
	root["description"] = "A file of an organisation's responsibility model: parties, assets, assignments, assumptions, agreements and risk acceptances. Several files merge into one model."
	root["required"] = []string{"apiVersion"}
	root["$defs"] = g.defs
	return json.MarshalIndent(root, "", "  ")
}

type schemaGen struct{ defs map[string]any }

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// enums lists the values of the domain's scalar types.
func enums() map[reflect.Type][]string {
	words := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	layers := onus.Layers()
	models := onus.DeliveryModels()
	kinds := onus.PartyKinds()
	classes := onus.DataClasses()
	checks := onus.Checks()
	layerRefs := append(words(len(layers), func(i int) string { return string(layers[i]) }), "customer", "shared", "all")
	return map[reflect.Type][]string{
		reflect.TypeFor[onus.Layer]():         words(len(layers), func(i int) string { return string(layers[i]) }),
		reflect.TypeFor[onus.LayerRef]():      layerRefs,
		reflect.TypeFor[onus.DeliveryModel](): words(len(models), func(i int) string { return string(models[i]) }),
		reflect.TypeFor[onus.PartyKind]():     words(len(kinds), func(i int) string { return string(kinds[i]) }),
		reflect.TypeFor[onus.DataClass]():     words(len(classes), func(i int) string { return string(classes[i]) }),
		reflect.TypeFor[onus.Check]():         words(len(checks), func(i int) string { return string(checks[i].ID) }),
		reflect.TypeFor[onus.AgreementType](): {"sla", "contract", "msa", "dpa", "baa", "eula", "sow", "ola", "terms", "other"},
	}
}

var patterns = map[reflect.Type]string{
	reflect.TypeFor[onus.Date]():   `^\d{4}-\d{2}-\d{2}$`,
	reflect.TypeFor[onus.Period](): `^\s*\d+\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wk|weeks?|mo|months?|y|yr|years?)\s*$`,
}

// schemaOf returns the schema of a Go type.
func (g *schemaGen) schemaOf(t reflect.Type) any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if values, ok := enums()[t]; ok {
		return map[string]any{"type": "string", "enum": values}
	}
	if p, ok := patterns[t]; ok {
		return map[string]any{"type": "string", "pattern": p}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		item := g.schemaOf(t.Elem())
		// A single value may stand for a list of one.
		return map[string]any{"anyOf": []any{item, map[string]any{"type": "array", "items": item}}}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		name := t.Name()
		if _, done := g.defs[name]; !done {
			g.defs[name] = nil // guards recursion
			g.defs[name] = g.object(t)
		}
		ref := map[string]any{"$ref": "#/$defs/" + name}
		if reflect.PointerTo(t).Implements(textUnmarshaler) {
			// The short, scalar form of a type that also has a long form.
			return map[string]any{"anyOf": []any{map[string]any{"type": "string"}, ref}}
		}
		return ref
	}
	return map[string]any{}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || (f.Name == "Loc" && name == "") {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		s := g.schemaOf(f.Type)
		if d := fieldDocs[t.Name()+"."+name]; d != "" {
			s = map[string]any{"allOf": []any{s}, "description": d}
		}
		props[name] = s
	}
	o := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
		"patternProperties":    map[string]any{"^x-": map[string]any{}},
	}
	if d := typeDocs[t.Name()]; d != "" {
		o["description"] = d
	}
	if req := required[t.Name()]; len(req) > 0 {
		sort.Strings(req)
		o["required"] = req
	}
	return o
}

// required lists the fields without which a value is invalid.
var required = map[string][]string{
	"Party":          {"id", "kind"},
	"Asset":          {"id", "service"},
	"Assignment":     {"id", "layers", "owner"},
	"Assumption":     {"id", "provider", "layers", "statement"},
	"Agreement":      {"id", "parties"},
	"Clause":         {"id", "layers"},
	"SignOff":        {"party", "by", "date"},
	"Acceptance":     {"id", "check", "reason", "approver", "expires"},
	"CUEC":           {"id", "text", "layers"},
	"VagueTerm":      {"phrase", "why"},
	"EscalationStep": {"to"},
}

var typeDocs = map[string]string{
	"Party":      "A provider, the organisation itself (kind: customer), one of its teams, a vendor or a managed-service provider.",
	"Contact":    "One way to reach a party: exactly one of email, oncall, phone, url, ticket or chat.",
	"Asset":      "Something the organisation runs. Its service names the catalog entry that says how its layers split.",
	"Selector":   "Picks assets. Every criterion given must match; values under one criterion are alternatives and may hold * and ? wildcards.",
	"Assignment": "One of the organisation's own rules: the selected assets have the given layers owned by a team, vendor or managed-service provider. The most specific assignment wins.",
	"Assumption": "What the organisation believes a provider does for it. onus checks it against the provider's model and the signed agreements.",
	"Agreement":  "An SLA, contract or similar with a provider, vendor or managed-service provider. Its clauses take part in resolution while it is in force.",
	"Clause":     "One statement of an agreement: for the assets in scope and the given layers, who is responsible, and where a shared layer splits.",
	"Acceptance": "A risk acceptance: findings of one check on the selected assets and layers are accepted until a date.",
	"Ownership":  "How owner tags on inventory resources name the owners of customer duties.",
	"CatalogPin": "The built-in catalog version the model was written against, and the organisation's own catalog files.",
	"CUEC":       "A complementary user entity control: a duty the provider's SOC 2 report leaves to the customer. It is a customer duty on its layers for every asset in the agreement's scope.",
	"Wording":    "The organisation's own vague terms, checked in agreement clauses besides the built-in list, and the built-in terms it accepts.",
	"VagueTerm":  "A word or phrase that leaves who does what, or by when, open to argument.",
}

var fieldDocs = map[string]string{
	"file.apiVersion":           "Always onus/v1.",
	"file.inventories":          "Inventory files (Terraform state, cloud exports, CSV) whose resources become assets; paths are relative to this file.",
	"Party.provider":            "For a provider party: the catalog provider it is (aws, azure, gcp, microsoft-365, …). Defaults to the id.",
	"Party.escalation":          "Who to go to, and after how long without an answer.",
	"Asset.service":             "The catalog service, such as aws:rds, azure:app-service, saas:m365 or onprem:vmware (see onus catalog list).",
	"Asset.model":               "Overrides the service's delivery model for this asset.",
	"Asset.provider":            "The party that delivers the service, for services whose vendor each asset names (colocation, generic SaaS).",
	"Asset.data":                "The data classes the asset holds; pii, phi, pci and secrets raise the severity of findings on its data, identity and network layers.",
	"Assignment.layers":         "Layer IDs, or customer (every layer the customer holds or shares), shared or all.",
	"Assignment.split":          "Where the owner's part ends, when it takes part of a layer another party holds.",
	"Agreement.reviewed_scope":  "Recorded at the last review: the service of every asset the agreement covered, so that a later change of delivery model is noticed.",
	"Agreement.review_interval": "How often the agreement is reviewed, such as 12mo.",
	"Clause.responsible":        "The party that does the work: the provider, the customer, or a vendor or managed-service provider to whom the customer's side is delegated.",
	"Clause.split":              "For a shared layer: where one party's part ends and the other's begins.",
	"Agreement.reviewed_by":     "The people who took part in the last review (onus agreement review records them).",
	"SignOff.version":           "The version signed: the content hash of the terms (sha256:…, written by onus agreement sign) or the agreement's version label.",
	"SignOff.digests":           "Written by onus agreement sign: one short hash per clause (and per CUEC, as cuec:ID), so that later changes are named clause by clause.",
	"CUEC.owner":                "The team, vendor or managed-service provider that performs the duty; without one it falls to the owners of the layer.",
	"file.wording":              "The organisation's own vague terms, and the built-in ones it allows. One file of the model holds it.",
	"VagueTerm.rewrite":         "What to write instead, as advice.",
	"VagueTerm.replace":         "Words that can replace the phrase as they stand, for a mechanical rewrite (such as within 4 hours).",
	"Wording.allow":             "Built-in vague terms the organisation accepts in its agreements.",
	"Acceptance.subject":        "For findings about an agreement or a party rather than assets: its id.",
	"Ownership.tags":            "Tag keys to read, in order, such as owner and team.",
	"Ownership.owners":          "Tag value to party id, for values that are not party ids or e-mail addresses.",
}
