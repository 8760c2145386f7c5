// Package azure reads Azure Resource Graph results (format
// "azure-resource-graph").
//
// It accepts the shapes the results come in:
//
//   - the REST API's response, {"totalRecords", "count", "data": […],
//     "facets", "resultTruncated", "$skipToken"} (the objectArray result
//     format; the older table format is not read);
//   - "az graph query" output, {"count", "data": […], "skip_token",
//     "total_records"};
//   - a bare array of rows, as older Azure CLI versions and "az resource
//     list -o json" print, and a single resource, as "az resource show"
//     prints.
//
// Each row becomes a resource in the ARM vocabulary: Type is the row's type
// (Resource Graph writes it in lower case, "microsoft.web/sites"; the
// classifier compares types case-insensitively), ID is the ARM ID, Account
// the subscription (subscriptionId, else read from the ID), Region the
// location, Tags the tags. Attrs holds what tells services of one type
// apart: "kind" (a function app is a Microsoft.Web/sites of kind
// "functionapp,linux"), "resourceGroup", "managedBy", "identity.type", the
// scalar fields of "sku" ("sku.name", "sku.tier") and the scalar fields of
// "properties" down to two levels ("properties.sku.family"), within the
// bounds of jsonstream.MaxAttrs. A query must project at least id and type;
// project the other columns too (or none, to get them all) for Attrs to be
// filled.
//
// # Truncated results
//
// Resource Graph sets resultTruncated when it returned fewer rows than the
// query matched and cannot page through the rest: the query uses limit,
// take or sample, or projects only dynamic columns. Such a file is an
// inventory with holes nobody can see: the resources left out get no owner
// check and no gap finding, so the report would read cleaner than the
// estate is. Read therefore emits every row it has and then returns an
// EInvalid error wrapping ErrTruncated that says how many rows are missing
// and how to query them all. A caller that accepts partial data anyway can
// test for ErrTruncated with errors.Is and go on with the rows it received.
//
// A result that is one page of a paged query (it has a skip token, and
// resultTruncated is false) is not truncated: its other pages are further
// files, and each page is read as it is.
package azure

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// Format reads Azure Resource Graph results.
var Format = inventory.Format{
	Name:        "azure-resource-graph",
	Description: "Azure Resource Graph query results (REST or az graph query), az resource list/show output",
	Sniff:       sniff,
	Read:        read,
}

// ErrTruncated is wrapped by the error Read returns after emitting the rows
// of a result that Resource Graph truncated.
var ErrTruncated = errors.New("azure resource graph result is truncated")

func sniff(head []byte) bool {
	v := jsonstream.Probe(head)
	if m := jsonstream.Object(v); jsonstream.Has(m, "data") &&
		jsonstream.HasAny(m, "totalRecords", "total_records", "resultTruncated", "skip_token", "$skipToken") {
		return true
	}
	return isRow(jsonstream.Object(jsonstream.First(v)))
}

// isRow reports whether an object looks like an ARM resource: an ARM ID and
// a type.
func isRow(m map[string]any) bool {
	id := strings.ToLower(jsonstream.Str(m, "id"))
	return jsonstream.Has(m, "type") && (strings.HasPrefix(id, "/subscriptions/") || strings.HasPrefix(id, "/providers/"))
}

// row holds the Resources-table columns onus reads.
type row struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Type           string          `json:"type"`
	Kind           string          `json:"kind"`
	Location       string          `json:"location"`
	ResourceGroup  string          `json:"resourceGroup"`
	SubscriptionID string          `json:"subscriptionId"`
	ManagedBy      string          `json:"managedBy"`
	SKU            json.RawMessage `json:"sku"`
	Identity       *struct {
		Type string `json:"type"`
	} `json:"identity"`
	Properties json.RawMessage `json:"properties"`
	Tags       json.RawMessage `json:"tags"`
}

func read(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	var p jsonstream.Problems
	rows := 0
	fields, err := d.Stream(jsonstream.Shape{Lists: []string{"data"}, Single: true}, func(it *jsonstream.Item) error {
		rows++
		res, err := resource(it)
		if err != nil {
			return p.Add(err)
		}
		return emit(res)
	})
	if err == nil {
		err = truncated(file, fields, rows)
	}
	return p.Finish(err)
}

// truncated returns an error when the result says it is truncated.
func truncated(file string, fields map[string]json.RawMessage, rows int) error {
	if flag := strings.Trim(string(fields["resultTruncated"]), `"`); !strings.EqualFold(flag, "true") {
		return nil
	}
	total := strings.Trim(string(firstRaw(fields["totalRecords"], fields["total_records"])), `"`)
	of := ""
	if total != "" && total != "null" {
		of = " of " + total
	}
	return &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: file, Path: "resultTruncated"}, Err: ErrTruncated,
		Message: fmt.Sprintf("the result holds %d%s records and cannot be paged: remove limit, take and sample from the query, "+
			"project id, and fetch every page (az graph query --first 1000 --skip-token)", rows, of)}
}

// firstRaw returns the first of values that is present.
func firstRaw(values ...json.RawMessage) json.RawMessage {
	for _, v := range values {
		if len(v) > 0 {
			return v
		}
	}
	return nil
}

func resource(it *jsonstream.Item) (*inventory.Resource, error) {
	var rw row
	if err := it.Decode(&rw); err != nil {
		return nil, err
	}
	if rw.ID == "" {
		return nil, it.Errorf("id", "row has no id: project id in the query")
	}
	if rw.Type == "" {
		return nil, it.Errorf("type", "row has no type: project type in the query")
	}
	tags, err := jsonstream.Tags(rw.Tags)
	if err != nil {
		return nil, it.Errorf("tags", "%v", err)
	}
	attrs := map[string]string{}
	identity := ""
	if rw.Identity != nil {
		identity = rw.Identity.Type
	}
	for _, kv := range [][2]string{
		{"kind", rw.Kind},
		{"resourceGroup", cmp.Or(rw.ResourceGroup, idPart(rw.ID, "resourcegroups"))},
		{"managedBy", rw.ManagedBy},
		{"identity.type", identity},
	} {
		if kv[1] != "" {
			jsonstream.SetAttr(attrs, kv[0], kv[1])
		}
	}
	jsonstream.Flatten(attrs, "sku", rw.SKU, 1)
	jsonstream.Flatten(attrs, "properties", rw.Properties, 2)
	return &inventory.Resource{
		Vocabulary: inventory.ARM,
		Type:       rw.Type,
		ID:         rw.ID,
		Name:       cmp.Or(rw.Name, jsonstream.LastSegment(rw.ID)),
		Provider:   "azure",
		Account:    cmp.Or(rw.SubscriptionID, idPart(rw.ID, "subscriptions")),
		Region:     rw.Location,
		Tags:       tags,
		Attrs:      attrs,
		Loc:        it.Loc(),
	}, nil
}

// idPart returns the segment after the named one in an ARM ID:
// idPart("/subscriptions/x/resourceGroups/y/…", "resourcegroups") is "y".
func idPart(id, name string) string {
	segs := strings.Split(id, "/")
	for i := 1; i+1 < len(segs); i++ {
		if strings.EqualFold(segs[i], name) {
			return segs[i+1]
		}
	}
	return ""
}
