package terraform

import "strings"

// clouds maps provider types to the clouds their resources run in. Types
// not listed name themselves (datadog, github, cloudflare). awscc is the
// AWS Cloud Control provider; azuread and azapi manage Microsoft Entra ID
// and raw ARM resources.
var clouds = map[string]string{
	"aws":         "aws",
	"awscc":       "aws",
	"azurerm":     "azure",
	"azuread":     "azure",
	"azapi":       "azure",
	"google":      "gcp",
	"google-beta": "gcp",
	"kubernetes":  "kubernetes",
	"helm":        "kubernetes",
}

// cloudOf returns the cloud of a resource from its provider's type, or,
// when the provider is not known, from the prefix of the resource type
// (aws_instance), which Terraform takes the default provider from too.
func cloudOf(providerType, resourceType string) string {
	if providerType == "" {
		providerType, _, _ = strings.Cut(resourceType, "_")
	}
	if providerType == "" {
		providerType = resourceType
	}
	if c, ok := clouds[providerType]; ok {
		return c
	}
	return providerType
}

// providerType returns the type of the provider named by a raw state's
// provider configuration address, which Terraform 0.13 and later write as
// provider["registry.terraform.io/hashicorp/aws"] and Terraform 0.12 as
// provider.aws, either optionally after a module path (module.a.) and
// before an alias (.west). It returns "" for anything else.
func providerType(config string) string {
	const modern, legacy = `provider["`, "provider."
	if i := strings.LastIndex(config, modern); i >= 0 && (i == 0 || config[i-1] == '.') {
		source, _, ok := strings.Cut(config[i+len(modern):], `"]`)
		if !ok {
			return ""
		}
		return sourceType(source)
	}
	if i := strings.LastIndex(config, legacy); i >= 0 && (i == 0 || config[i-1] == '.') {
		typ, _, _ := strings.Cut(config[i+len(legacy):], ".")
		return typ
	}
	return ""
}

// sourceType returns the type of a provider source address:
// registry.terraform.io/hashicorp/aws, hashicorp/aws and aws all give aws.
func sourceType(source string) string {
	return source[strings.LastIndexByte(source, '/')+1:]
}

// arn is the part of an Amazon Resource Name that onus reads:
// arn:partition:service:region:account:resource.
type arn struct {
	region, account string
}

func parseARN(s string) (arn, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return arn{}, false
	}
	return arn{region: p[3], account: p[4]}, true
}

// subscription returns the subscription of an Azure Resource Manager ID,
// /subscriptions/<id>/resourceGroups/…, or "".
func subscription(id string) string {
	const prefix = "/subscriptions/"
	if len(id) <= len(prefix) || !strings.EqualFold(id[:len(prefix)], prefix) {
		return ""
	}
	sub, _, _ := strings.Cut(id[len(prefix):], "/")
	return sub
}

// pathValue returns the segment after the segment name in a slash-separated
// path: pathValue("projects/p/zones/z/instances/i", "projects") is "p".
func pathValue(path, name string) string {
	segs := strings.Split(path, "/")
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == name {
			return segs[i+1]
		}
	}
	return ""
}

// awsRegion returns the region of an AWS availability zone: us-east-1a,
// us-gov-west-1b and the Local Zone us-west-2-lax-1a give us-east-1,
// us-gov-west-1 and us-west-2. Anything else gives "".
func awsRegion(zone string) string {
	// The region is the words of letters up to the first word, from the
	// third on, that starts with digits; the zone's letter follows them.
	n := 0
	for i, w := range strings.Split(zone, "-") {
		if digits := strings.TrimRight(w, lowerLetters); i >= 2 && isDigits(digits) {
			return zone[:n+len(digits)]
		}
		if !isLetters(w) {
			return ""
		}
		n += len(w) + 1
	}
	return ""
}

const lowerLetters = "abcdefghijklmnopqrstuvwxyz"

// gcpRegion returns the region of a Google Cloud location: a zone
// (europe-west1-b) gives its region (europe-west1); a region or a
// multi-region (EU) stays as it is.
func gcpRegion(location string) string {
	n := len(location)
	if n > 3 && location[n-2] == '-' && 'a' <= location[n-1] && location[n-1] <= 'z' && '0' <= location[n-3] && location[n-3] <= '9' {
		return location[:n-2]
	}
	return location
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}
