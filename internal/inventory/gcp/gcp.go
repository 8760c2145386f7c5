// Package gcp reads Google Cloud Asset Inventory exports (format
// "gcp-asset-inventory").
//
// It accepts:
//
//   - "gcloud asset export --content-type=resource" output: newline-delimited
//     JSON, one asset per line, with snake_case field names (name,
//     asset_type, resource{version, discovery_document_uri, discovery_name,
//     resource_url, parent, data, location}, ancestors, update_time);
//   - "gcloud asset list --format=json" output and JSON arrays of assets,
//     with camelCase names (assetType, updateTime), and the REST API's
//     {"assets": […], "readTime", "nextPageToken"};
//   - "gcloud asset search-all-resources --format=json" results, which carry
//     project, location, labels and displayName at the top level instead
//     of resource.data.
//
// Lines of an export that hold another content type (an IAM policy, an org
// policy, an OS inventory) and no resource describe no resource and are
// skipped.
//
// Each asset becomes a resource in the CAI vocabulary: Type is the asset
// type (container.googleapis.com/Cluster), ID the asset name
// (//container.googleapis.com/projects/p/locations/l/clusters/c), Name the
// display name or the last part of the asset name.
//
// Account is the project. Exports name it by number in ancestors
// ("projects/123456789012"), the one form every asset of an export carries,
// so the number is used when ancestors are present, and the project of a
// search result likewise; otherwise the project ID from resource.data
// (projectId, project), the asset name (…/projects/p/…) or the parent.
// Mixing numbers and IDs would split one project into two accounts, so a
// model should name GCP accounts by number when it reads exports.
//
// Region is resource.location, else the location in the asset name (zones/,
// regions/, locations/); a zone (us-central1-a) is reduced to its region
// (us-central1). Tags are the labels, which services keep in different
// places: resource.data.labels for most, resourceLabels for GKE clusters,
// settings.userLabels for Cloud SQL, metadata.labels for Cloud Run (v1), and
// labels at the top level of a search result. Attrs holds the scalar fields
// of resource.data, nested objects flattened with dots down to two levels, so
// that a GKE Autopilot cluster has "autopilot.enabled" = "true", within the
// bounds of jsonstream.MaxAttrs.
package gcp

import (
	"cmp"
	"encoding/json"
	"io"
	"regexp"
	"strings"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// Format reads Cloud Asset Inventory exports.
var Format = inventory.Format{
	Name:        "gcp-asset-inventory",
	Description: "Google Cloud Asset Inventory exports (NDJSON), gcloud asset list/search-all-resources JSON",
	Sniff:       sniff,
	Read:        read,
}

func sniff(head []byte) bool {
	m := jsonstream.Object(jsonstream.First(jsonstream.Probe(head)))
	if assets, ok := m["assets"]; ok {
		m = jsonstream.Object(jsonstream.First(assets))
	}
	return jsonstream.Has(m, "name") && jsonstream.HasAny(m, "asset_type", "assetType")
}

// asset holds the fields of an asset (or a search result) onus reads, in
// both spellings.
type asset struct {
	Name      string `json:"name"`
	Type      string `json:"asset_type"`
	CamelType string `json:"assetType"`
	Resource  *struct {
		Data     json.RawMessage `json:"data"`
		Location string          `json:"location"`
		Parent   string          `json:"parent"`
	} `json:"resource"`
	Ancestors    []string        `json:"ancestors"`
	AncestryPath string          `json:"ancestry_path"`
	Project      string          `json:"project"`
	Location     string          `json:"location"`
	Labels       json.RawMessage `json:"labels"`
	DisplayName  string          `json:"displayName"`
}

func read(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	var p jsonstream.Problems
	_, err := d.Stream(jsonstream.Shape{Lists: []string{"assets"}, Single: true}, func(it *jsonstream.Item) error {
		res, err := resource(it)
		if err != nil {
			return p.Add(err)
		}
		if res == nil {
			return nil
		}
		return emit(res)
	})
	return p.Finish(err)
}

// resource converts an asset, or returns nil for a line that holds no
// resource.
func resource(it *jsonstream.Item) (*inventory.Resource, error) {
	var a asset
	if err := it.Decode(&a); err != nil {
		return nil, err
	}
	if a.Resource == nil && a.Project == "" && a.Location == "" && len(a.Labels) == 0 && a.DisplayName == "" {
		return nil, nil
	}
	if a.Name == "" {
		return nil, it.Errorf("name", "asset has no name")
	}
	typ := cmp.Or(a.Type, a.CamelType)
	if typ == "" {
		return nil, it.Errorf("asset_type", "asset has no asset_type")
	}
	var raw json.RawMessage
	location, parent := a.Location, ""
	if a.Resource != nil {
		raw, location, parent = a.Resource.Data, cmp.Or(a.Resource.Location, a.Location), a.Resource.Parent
	}
	// resource.data differs by asset type; it is read leniently.
	dt := jsonstream.DecodeObject(raw)
	tags, err := labels(it, a.Labels, dt)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{}
	jsonstream.FlattenObject(attrs, "", dt, 2, "labels", "resourceLabels")
	return &inventory.Resource{
		Vocabulary: inventory.CAI,
		Type:       typ,
		ID:         a.Name,
		Name:       cmp.Or(a.DisplayName, jsonstream.LastSegment(a.Name)),
		Provider:   "gcp",
		Account:    project(&a, dt, parent),
		Region:     region(cmp.Or(location, pathValue(a.Name, "zones", "regions", "locations"))),
		Tags:       tags,
		Attrs:      attrs,
		Loc:        it.Loc(),
	}, nil
}

// labels returns the first labels found in the places the package comment
// lists.
func labels(it *jsonstream.Item, top json.RawMessage, dt map[string]any) (map[string]string, error) {
	tags, err := jsonstream.Tags(top)
	if err != nil {
		return nil, it.Errorf("labels", "%v", err)
	}
	if tags != nil {
		return tags, nil
	}
	for _, l := range []struct {
		path string
		v    any
	}{
		{"resource.data.labels", dt["labels"]},
		{"resource.data.resourceLabels", dt["resourceLabels"]},
		{"resource.data.settings.userLabels", jsonstream.Object(dt["settings"])["userLabels"]},
		{"resource.data.metadata.labels", jsonstream.Object(dt["metadata"])["labels"]},
	} {
		tags, err := jsonstream.TagsOf(l.v)
		if err != nil {
			return nil, it.Errorf(l.path, "%v", err)
		}
		if tags != nil {
			return tags, nil
		}
	}
	return nil, nil
}

// project returns the asset's project, as described in the package comment.
func project(a *asset, dt map[string]any, parent string) string {
	for _, anc := range a.Ancestors {
		if n, ok := strings.CutPrefix(anc, "projects/"); ok {
			return n
		}
	}
	if p, ok := strings.CutPrefix(a.Project, "projects/"); ok {
		return p
	}
	return cmp.Or(jsonstream.Str(dt, "projectId"), jsonstream.LastSegment(jsonstream.Str(dt, "project")),
		pathValue(a.Name, "projects"), pathValue(parent, "projects"), pathValue(a.AncestryPath, "project"), a.Project)
}

// pathValue returns the segment after the first of names found in path:
// pathValue("//compute.googleapis.com/projects/p/zones/z/instances/i",
// "zones") is "z".
func pathValue(path string, names ...string) string {
	segs := strings.Split(path, "/")
	for i := 0; i+1 < len(segs); i++ {
		for _, n := range names {
			if segs[i] == n && segs[i+1] != "" {
				return segs[i+1]
			}
		}
	}
	return ""
}

// zone matches a Compute Engine zone name and captures its region.
var zone = regexp.MustCompile(`^([a-z]+-[a-z]+\d+)-[a-z]$`)

// region reduces a zone to its region; other locations stay as they are.
func region(location string) string {
	if m := zone.FindStringSubmatch(location); m != nil {
		return m[1]
	}
	return location
}
