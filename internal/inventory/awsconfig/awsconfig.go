// Package awsconfig reads AWS inventories: AWS Config configuration items
// (format "aws-config") and the Resource Groups Tagging API's resource list
// (format "aws-tagging").
//
// # AWS Config
//
// The reader accepts every shape configuration items come in:
//
//   - snapshot files delivered to S3, {"fileVersion", "configSnapshotId",
//     "configurationItems": […]} (gzipped snapshots are unzipped by the
//     caller);
//   - GetResourceConfigHistory output, {"configurationItems": […]}, and
//     BatchGetResourceConfig output, {"baseConfigurationItems": […]};
//   - SelectResourceConfig (advanced query) output, {"Results": […],
//     "QueryInfo"}, whose results are JSON documents encoded as strings;
//   - a bare configuration item, or an array of them.
//
// Items delivered to S3 or EventBridge spell their fields awsAccountId, ARN
// and configurationItemVersion, and hold configuration as an object; the API
// spells them accountId, arn and version, and encodes configuration as a
// JSON string. Both spellings are read, and so is the old documentation's
// availibilityZone.
//
// Each item becomes a resource in the CloudFormation vocabulary (AWS Config
// names types like CloudFormation, AWS::EC2::Instance). Its ID is the ARN,
// or the resourceId for the few types that have no ARN; Account, Region and
// Tags (a map, or a list of {key, value} in advanced-query output) come from
// the item; Name is resourceName, else the Name tag. Attrs holds the scalar
// fields of configuration, nested objects flattened with dots down to two
// levels ("BackupPolicy.Status"), plus availabilityZone, within the bounds
// of jsonstream.MaxAttrs. The keys keep AWS Config's spelling, which differs
// by resource type: older types record the describe API's camelCase
// ("engine"), newer ones CloudFormation's PascalCase ("LaunchType"), so
// catalog rules on attributes must use the spelling of their type.
//
// Items whose status is ResourceDeleted, ResourceDeletedNotRecorded or
// ResourceNotRecorded describe no live resource and are skipped. History
// output lists one resource's items newest first; an item for the same
// resource as the item before it is an older state and is skipped too.
//
// # Resource Groups Tagging API
//
// "aws resourcegroupstaggingapi get-resources" writes
// {"ResourceTagMappingList": [{"ResourceARN", "Tags": [{"Key", "Value"}]}],
// "PaginationToken"}. It names resources by ARN only, so the resource type
// is derived from the ARN's service and resource kind with a table of the
// common shapes (arn.go): arn:aws:s3:::bucket is AWS::S3::Bucket,
// arn:aws:rds:…:db:orders is AWS::RDS::DBInstance. An ARN of a shape the
// table does not know keeps a descriptive type such as "arn:aws:foo:widget"
// so that it is reported as an unclassified resource naming that type,
// never dropped. The API lists only resources that have, or once had, a
// tag. A file holding one page of a paginated listing is read as it is:
// pass every page.
package awsconfig

import (
	"cmp"
	"encoding/json"
	"io"
	"regexp"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
)

// Format reads AWS Config configuration items.
var Format = inventory.Format{
	Name:        "aws-config",
	Description: "AWS Config snapshots (.json or .json.gz), configuration history, batch-get and advanced-query output",
	Sniff:       sniffConfig,
	Read:        readConfig,
}

// TaggingFormat reads the Resource Groups Tagging API's get-resources output.
var TaggingFormat = inventory.Format{
	Name:        "aws-tagging",
	Description: "AWS Resource Groups Tagging API get-resources output",
	Sniff:       sniffTagging,
	Read:        readTagging,
}

// configLists are the keys of the wrapper objects whose arrays hold
// configuration items.
var configLists = []string{"configurationItems", "baseConfigurationItems", "Results"}

func sniffConfig(head []byte) bool {
	m := jsonstream.Object(jsonstream.First(jsonstream.Probe(head)))
	switch {
	case jsonstream.HasAny(m, "configurationItems", "baseConfigurationItems"):
		return true
	case jsonstream.Has(m, "Results", "QueryInfo"):
		return true
	}
	return isConfigItem(m)
}

// isConfigItem reports whether an object looks like a configuration item:
// a resource type and at least one field only configuration items have.
func isConfigItem(m map[string]any) bool {
	return jsonstream.Has(m, "resourceType") && jsonstream.HasAny(m,
		"configurationItemCaptureTime", "configurationItemStatus", "configurationStateId",
		"configurationItemVersion", "configurationItemMD5Hash", "configurationStateMd5Hash")
}

// configItem holds the fields of a configuration item onus reads, in both
// the delivered and the API spelling.
type configItem struct {
	Status       string          `json:"configurationItemStatus"`
	ResourceType string          `json:"resourceType"`
	ResourceID   string          `json:"resourceId"`
	ResourceName string          `json:"resourceName"`
	ARN          string          `json:"ARN"`
	APIARN       string          `json:"arn"`
	AccountID    string          `json:"awsAccountId"`
	APIAccountID string          `json:"accountId"`
	Region       string          `json:"awsRegion"`
	Zone         string          `json:"availabilityZone"`
	OldZone      string          `json:"availibilityZone"`
	Tags         json.RawMessage `json:"tags"`
	Config       json.RawMessage `json:"configuration"`
}

// id returns the item's ID: its ARN, or its resourceId for the few types
// that have no ARN.
func (ci *configItem) id() string { return cmp.Or(ci.ARN, ci.APIARN, ci.ResourceID) }

// notLive are the statuses of items that describe no live resource.
var notLive = map[string]bool{"ResourceDeleted": true, "ResourceDeletedNotRecorded": true, "ResourceNotRecorded": true}

func readConfig(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	var p jsonstream.Problems
	var last string // type and ID of the item before
	_, err := d.Stream(jsonstream.Shape{Lists: configLists, Single: true}, func(it *jsonstream.Item) error {
		ci, err := decodeConfigItem(it)
		if err != nil {
			return p.Add(err)
		}
		key := ci.ResourceType + "|" + ci.id()
		older := key == last
		last = key
		if older || notLive[ci.Status] {
			return nil
		}
		res, err := configResource(it, ci)
		if err != nil {
			return p.Add(err)
		}
		return emit(res)
	})
	return p.Finish(err)
}

// decodeConfigItem decodes an item, which advanced-query output encodes as
// a JSON string.
func decodeConfigItem(it *jsonstream.Item) (*configItem, error) {
	if err := it.Unquote(); err != nil {
		return nil, err
	}
	if len(it.Raw) == 0 || it.Raw[0] != '{' {
		return nil, it.Errorf("", "expected a configuration item object")
	}
	var ci configItem
	if err := it.Decode(&ci); err != nil {
		return nil, err
	}
	return &ci, nil
}

// zoneRegion matches an availability zone name, such as us-west-2b.
var zoneRegion = regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$`)

func configResource(it *jsonstream.Item, ci *configItem) (*inventory.Resource, error) {
	if ci.ResourceType == "" {
		return nil, it.Errorf("resourceType", "configuration item has no resourceType")
	}
	id := ci.id()
	if id == "" {
		return nil, it.Errorf("", "configuration item has neither an ARN nor a resourceId")
	}
	tags, err := jsonstream.Tags(ci.Tags)
	if err != nil {
		return nil, it.Errorf("tags", "%v", err)
	}
	conf, err := jsonstream.DecodeEmbedded(ci.Config)
	if err != nil {
		return nil, it.Errorf("configuration", "%v", err)
	}
	attrs := map[string]string{}
	zone := cmp.Or(ci.Zone, ci.OldZone)
	if zone != "" {
		jsonstream.SetAttr(attrs, "availabilityZone", zone)
	}
	jsonstream.Flatten(attrs, "", conf, 2)
	region := ci.Region
	if region == "" {
		if m := zoneRegion.FindStringSubmatch(zone); m != nil {
			region = m[1]
		}
	}
	return &inventory.Resource{
		Vocabulary: inventory.CloudFormation,
		Type:       ci.ResourceType,
		ID:         id,
		Name:       cmp.Or(ci.ResourceName, tags["Name"]),
		Provider:   "aws",
		Account:    cmp.Or(ci.AccountID, ci.APIAccountID),
		Region:     region,
		Tags:       tags,
		Attrs:      attrs,
		Loc:        it.Loc(),
	}, nil
}

func sniffTagging(head []byte) bool {
	return jsonstream.Has(jsonstream.Object(jsonstream.Probe(head)), "ResourceTagMappingList")
}

type tagMapping struct {
	ARN  string          `json:"ResourceARN"`
	Tags json.RawMessage `json:"Tags"`
}

func readTagging(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	d := jsonstream.NewDecoder(r, file, jsonstream.DefaultMaxRecord)
	var p jsonstream.Problems
	_, err := d.Stream(jsonstream.Shape{Lists: []string{"ResourceTagMappingList"}}, func(it *jsonstream.Item) error {
		res, err := taggedResource(it)
		if err != nil {
			return p.Add(err)
		}
		return emit(res)
	})
	return p.Finish(err)
}

func taggedResource(it *jsonstream.Item) (*inventory.Resource, error) {
	var m tagMapping
	if err := it.Decode(&m); err != nil {
		return nil, err
	}
	if m.ARN == "" {
		return nil, it.Errorf("ResourceARN", "resource has no ResourceARN")
	}
	a, ok := parseARN(m.ARN)
	if !ok {
		return nil, it.Errorf("ResourceARN", "%q is not an ARN (arn:partition:service:region:account:resource)", m.ARN)
	}
	tags, err := jsonstream.Tags(m.Tags)
	if err != nil {
		return nil, it.Errorf("Tags", "%v", err)
	}
	return &inventory.Resource{
		Vocabulary: inventory.CloudFormation,
		Type:       a.typeOf(),
		ID:         m.ARN,
		Name:       cmp.Or(tags["Name"], a.name()),
		Provider:   "aws",
		Account:    a.account,
		Region:     a.region,
		Tags:       tags,
		Loc:        it.Loc(),
	}, nil
}
