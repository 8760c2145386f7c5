package route

import (
	"strings"
)

// arn is the parts of an Amazon Resource Name:
// arn:partition:service:region:account:resource.
type arn struct {
	service, region, account, resource string
}

// parseARN splits an ARN, or reports that s is none.
func parseARN(s string) (arn, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return arn{}, false
	}
	var parts [4]string
	for i := range parts {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return arn{}, false
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	if parts[1] == "" || rest == "" {
		return arn{}, false
	}
	return arn{service: parts[1], region: parts[2], account: parts[3], resource: rest}, true
}

// resourceID returns the last segment of the ARN's resource part: the
// instance ID of "instance/i-0abc", the name of "db:orders" or of a bucket.
// Inventories that do not give ARNs (AWS Config's resourceId, a CSV) name
// resources this way.
func (a arn) resourceID() string {
	r := a.resource
	if i := strings.LastIndexAny(r, "/:"); i >= 0 {
		r = r[i+1:]
	}
	return r
}

// resourceType returns the type segment of the ARN's resource part
// ("security-group" of "security-group/sg-1"), or "".
func (a arn) resourceType() string {
	if i := strings.IndexAny(a.resource, "/:"); i >= 0 {
		return a.resource[:i]
	}
	return ""
}

// azureKey returns the form of an Azure resource ID that matching compares:
// lower case, without a trailing slash. Azure treats resource IDs
// case-insensitively, and tools disagree on the case of resource groups and
// provider namespaces.
func azureKey(s string) (string, bool) {
	if !isAzureID(s) {
		return "", false
	}
	return strings.ToLower(strings.TrimRight(s, "/")), true
}

func isAzureID(s string) bool {
	return len(s) > 15 && s[0] == '/' && (hasPrefixFold(s, "/subscriptions/") || hasPrefixFold(s, "/providers/"))
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// azureSubscription returns the subscription of an Azure resource ID.
func azureSubscription(id string) string {
	if !hasPrefixFold(id, "/subscriptions/") {
		return ""
	}
	rest := id[len("/subscriptions/"):]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// azureType returns the ARM resource type an Azure resource ID names
// ("Microsoft.Sql/servers/databases" for a database), or "".
func azureType(id string) string {
	i := strings.LastIndex(strings.ToLower(id), "/providers/")
	if i < 0 {
		return ""
	}
	segs := strings.Split(strings.Trim(id[i+len("/providers/"):], "/"), "/")
	if len(segs) < 2 {
		return ""
	}
	// namespace/type/name[/subtype/name]…: the types are at odd positions.
	typ := segs[0] + "/" + segs[1]
	for j := 3; j < len(segs); j += 2 {
		typ += "/" + segs[j]
	}
	return typ
}

// gcpKey returns the form of a Google Cloud resource name that matching
// compares. Cloud Asset Inventory names resources
// "//compute.googleapis.com/projects/p/zones/z/instances/vm", the APIs'
// self-links are "https://www.googleapis.com/compute/v1/projects/p/zones/z/instances/vm",
// and tools also write the bare "projects/p/zones/z/instances/vm"; all three
// become the bare path. Buckets, which have three more spellings of their
// own, become "buckets/NAME".
func gcpKey(s string) (string, bool) {
	var path string
	switch {
	case strings.HasPrefix(s, "//"):
		host, rest, ok := strings.Cut(s[2:], "/")
		if !ok || !strings.HasSuffix(host, ".googleapis.com") {
			return "", false
		}
		if host == "storage.googleapis.com" && !strings.HasPrefix(rest, "projects/") {
			rest = "buckets/" + rest // CAI names a bucket //storage.googleapis.com/NAME
		}
		path = rest
	case strings.HasPrefix(s, "https://"):
		host, rest, ok := strings.Cut(s[len("https://"):], "/")
		if !ok || !strings.HasSuffix(host, "googleapis.com") {
			return "", false
		}
		if name, ok := strings.CutPrefix(rest, "storage/v1/b/"); ok {
			path = "buckets/" + name
			break
		}
		i := strings.Index(rest, "projects/")
		if i < 0 || (i > 0 && rest[i-1] != '/') {
			return "", false
		}
		path = rest[i:]
	case strings.HasPrefix(s, "projects/"):
		path = s
	default:
		return "", false
	}
	path = strings.TrimRight(path, "/")
	if name, ok := strings.CutPrefix(path, "projects/_/buckets/"); ok {
		path = "buckets/" + name
	}
	if path == "" {
		return "", false
	}
	return path, true
}

// gcpProject returns the project a GCP resource key names.
func gcpProject(key string) string {
	rest, ok := strings.CutPrefix(key, "projects/")
	if !ok {
		return ""
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	if rest == "_" {
		return ""
	}
	return rest
}

// gcpType returns the Cloud Asset Inventory type of a GCP resource name
// with its service host ("compute.googleapis.com/Instance" for
// //compute.googleapis.com/projects/p/zones/z/instances/vm), or "".
func gcpType(s string) string {
	rest, ok := strings.CutPrefix(s, "//")
	if !ok {
		return ""
	}
	host, path, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	if host == "storage.googleapis.com" {
		return host + "/Bucket"
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 2 {
		return ""
	}
	// The collection is the second-last segment: instances, clusters.
	coll := segs[len(segs)-2]
	return host + "/" + singularKind(coll)
}

// singularKind turns a collection name into a kind: "instances" into
// "Instance", "serviceAccounts" into "ServiceAccount", "policies" into
// "Policy".
func singularKind(coll string) string {
	switch {
	case strings.HasSuffix(coll, "ies"):
		coll = coll[:len(coll)-3] + "y"
	case strings.HasSuffix(coll, "sses"), strings.HasSuffix(coll, "xes"):
		coll = coll[:len(coll)-2]
	case strings.HasSuffix(coll, "s"):
		coll = coll[:len(coll)-1]
	}
	if coll == "" {
		return ""
	}
	return strings.ToUpper(coll[:1]) + coll[1:]
}

// kubeKind returns the lower-case Kubernetes kind of a resource type as
// tools write it: "apps/Deployment", "Deployment", "KubernetesDeployment".
func kubeKind(t string) string {
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		t = t[i+1:]
	}
	t = strings.ToLower(t)
	if k, ok := strings.CutPrefix(t, "kubernetes"); ok && k != "" {
		t = k
	}
	return t
}
