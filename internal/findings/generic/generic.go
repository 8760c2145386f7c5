// Package generic reads onus's own findings formats, for tools onus has no
// reader for: a CSV file (format "generic-csv") and JSON (format
// "generic-json"). Both carry the same fields; a script can turn any
// tool's output into either.
//
// # Fields
//
//	check            required: the tool's rule or check ID
//	                 (s3-bucket-public, CVE-2024-3094)
//	status           fail (the default), pass, manual or skipped; also
//	                 failed, open, passed, ok, compliant, review, warning,
//	                 suppressed, muted, ignored
//	severity         info, low, medium, high or critical (also
//	                 informational, moderate, important), or a CVSS-style
//	                 score from 0 to 10; empty means the tool gave none
//	id               the tool's ID of the finding
//	title            a one-line summary
//	description      what is wrong, for this resource
//	remediation      how to fix it
//	url              a page about the check
//	tool             the tool that found it
//	resource_id      the cloud ID of the resource: an ARN, an Azure
//	                 resource ID, a GCP resource name
//	resource_type    the resource's type (aws_s3_bucket, AWS::S3::Bucket,
//	                 Microsoft.Storage/storageAccounts)
//	resource_name    its display name
//	address          its Terraform address (module.data.aws_s3_bucket.raw)
//	namespace        its Kubernetes namespace
//	provider         aws, azure, gcp, kubernetes or a vendor; when empty,
//	                 it is taken from the shape of resource_id or from the
//	                 provider prefix of resource_type or of the address's
//	                 type
//	account          the AWS account, Azure subscription or GCP project
//	region           the region
//	service          the cloud service (s3, rds, storage)
//	tags             the resource's tags; in CSV key=value pairs separated
//	                 by semicolons (team=payments;env=prod), in JSON an
//	                 object of strings or that same string
//	categories       words for the kind of problem (encryption, logging,
//	                 internet-exposed); in CSV separated by semicolons, in
//	                 JSON an array of strings or that same string
//	file, line       where in source code (IaC) the problem is; line is a
//	                 whole number
//	vulnerability    the advisory, for a vulnerable package (CVE-…, GHSA-…)
//	package          the vulnerable package
//	package_version  its installed version
//	fixed_version    the first version that fixes it
//	package_class    os for a package of the operating system,
//	                 application for a language's; a package manager's
//	                 name (apk, deb, rpm, npm, pip, gomod, maven, …) says
//	                 the same
//	observed         when the tool saw it, RFC 3339
//	                 (2026-03-02T09:30:00Z)
//
// When the resource type is empty and the address is a Terraform resource
// address, the type and name come from the address.
//
// # CSV
//
// The first row names the columns, in any order and letter case; cells
// are separated by commas and quoted as RFC 4180 says, so a cell may hold
// commas and line breaks. Columns with other names are ignored, so that a
// spreadsheet may keep notes beside the findings, but a name one or two
// letters away from a field ("severty") is an error, because it is almost
// certainly a typo that would silently drop the column. For example:
//
//	check,status,severity,resource_id,account,tags,title
//	s3-public,fail,high,arn:aws:s3:::acme-exports,111122223333,team=data,Bucket is public
//	ssh-open,fail,critical,sg-0a1b2c,111122223333,team=platform;env=prod,SSH open to the internet
//
// # JSON
//
// One finding per line (newline-delimited JSON), a JSON array of findings,
// or {"findings": […]}; each finding is an object with the fields above:
//
//	{"check": "s3-public", "status": "fail", "severity": "high",
//	 "resource_id": "arn:aws:s3:::acme-exports", "tags": {"team": "data"}}
//
// line may be a number or a string of digits, severity a word or a
// number. Members with other names are ignored, unless one is a near-typo
// of a field, which is a problem.
//
// # Problems
//
// A finding with a problem (no check, an unknown status or severity, a
// line that is not a number) is reported with its file, line and field,
// for instance
//
//	findings.csv:14:9: severity: unknown severity "hgih"
//
// and every finding without one is emitted.
package generic

import (
	"strconv"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// The fields of the formats.
const (
	fID = iota
	fCheck
	fTitle
	fSeverity
	fStatus
	fResourceID
	fResourceType
	fResourceName
	fAddress
	fNamespace
	fProvider
	fAccount
	fRegion
	fService
	fTags
	fCategories
	fFile
	fLine
	fVulnerability
	fPackage
	fPackageVersion
	fFixedVersion
	fPackageClass
	fDescription
	fRemediation
	fURL
	fTool
	fObserved
	numFields
)

// fieldNames are the fields' names, by field.
var fieldNames = [numFields]string{
	fID: "id", fCheck: "check", fTitle: "title", fSeverity: "severity", fStatus: "status",
	fResourceID: "resource_id", fResourceType: "resource_type", fResourceName: "resource_name",
	fAddress: "address", fNamespace: "namespace", fProvider: "provider", fAccount: "account",
	fRegion: "region", fService: "service", fTags: "tags", fCategories: "categories", fFile: "file",
	fLine: "line", fVulnerability: "vulnerability", fPackage: "package", fPackageVersion: "package_version",
	fFixedVersion: "fixed_version", fPackageClass: "package_class", fDescription: "description",
	fRemediation: "remediation", fURL: "url", fTool: "tool", fObserved: "observed",
}

// fieldIndex maps each field's name to the field.
var fieldIndex = func() map[string]int {
	m := make(map[string]int, numFields)
	for i, n := range fieldNames {
		m[n] = i
	}
	return m
}()

// lookupField returns the field a name in a header or a JSON object names,
// in any letter case, or -1; for an unknown name it also returns the
// suggestion when the name is a near-typo of a field, which callers
// report.
func lookupField(name string) (int, string) {
	n := strings.ToLower(strings.TrimSpace(name))
	if i, ok := fieldIndex[n]; ok {
		return i, ""
	}
	return -1, onus.DidYouMean(n, fieldNames[:])
}

// statusWords maps the words accepted for status.
var statusWords = map[string]findings.Status{
	"": findings.Fail, "fail": findings.Fail, "failed": findings.Fail, "failure": findings.Fail, "open": findings.Fail,
	"pass": findings.Pass, "passed": findings.Pass, "ok": findings.Pass, "compliant": findings.Pass,
	"manual": findings.Manual, "review": findings.Manual, "warning": findings.Manual,
	"skipped": findings.Skipped, "skip": findings.Skipped, "suppressed": findings.Skipped, "muted": findings.Skipped,
	"ignored": findings.Skipped,
}

// fieldError is a problem with one field of a finding.
type fieldError struct {
	field int
	msg   string
}

// record holds one finding's fields as text, as both formats give them,
// with the tags and categories already split.
type record struct {
	vals       [numFields]string
	tags       map[string]string
	categories []string
}

// build makes the finding of a record, or returns the first problem.
func build(rec *record, format string, loc onus.Location, in *parse.Interner) (*findings.Finding, *fieldError) {
	v := &rec.vals
	f := &findings.Finding{
		Tool: in.InternString(v[fTool]), Format: format, ID: v[fID], Check: in.InternString(v[fCheck]),
		Title: in.InternString(v[fTitle]), Description: v[fDescription], Remediation: in.InternString(v[fRemediation]),
		URL: in.InternString(v[fURL]), Categories: rec.categories, Loc: loc,
		Resource: findings.Resource{
			ID: v[fResourceID], Type: in.InternString(v[fResourceType]), Name: v[fResourceName], Address: v[fAddress],
			Namespace: in.InternString(v[fNamespace]), Account: in.InternString(v[fAccount]),
			Region: in.InternString(v[fRegion]), Service: in.InternString(v[fService]), Tags: rec.tags, File: v[fFile],
		},
	}
	if f.Check == "" {
		return nil, &fieldError{fCheck, "no check"}
	}
	status, ok := statusWords[strings.ToLower(v[fStatus])]
	if !ok {
		return nil, &fieldError{fStatus, "unknown status " + strconv.Quote(v[fStatus]) + " (use fail, pass, manual or skipped)"}
	}
	f.Status = status
	if problem := severity(f, v[fSeverity]); problem != nil {
		return nil, problem
	}
	if s := v[fLine]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, &fieldError{fLine, "line " + strconv.Quote(s) + " is not a whole number"}
		}
		f.Resource.Line = n
	}
	if s := v[fObserved]; s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, &fieldError{fObserved, "observed " + strconv.Quote(s) + " is not an RFC 3339 time (2026-03-02T09:30:00Z)"}
		}
		f.Observed = t.UTC()
	}
	if problem := vulnerability(f, v, in); problem != nil {
		return nil, problem
	}
	res := &f.Resource
	if typ, nm, ok := parse.TerraformAddress(res.Address); ok && res.Type == "" {
		res.Type = typ
		if res.Name == "" {
			res.Name = nm
		}
	}
	res.Provider = provider(v[fProvider], res)
	res.Provider = in.InternString(res.Provider)
	return f, nil
}

func severity(f *findings.Finding, s string) *fieldError {
	if s == "" {
		parse.Unrated(f)
		return nil
	}
	if sev, ok := parse.Severity(s); ok {
		f.Severity = sev
		return nil
	}
	if score, err := strconv.ParseFloat(s, 64); err == nil && score >= 0 && score <= 10 {
		f.Severity = parse.SeverityScore(score)
		return nil
	}
	return &fieldError{fSeverity, "unknown severity " + strconv.Quote(s) + " (use info, low, medium, high, critical or a score from 0 to 10)"}
}

func vulnerability(f *findings.Finding, v *[numFields]string, in *parse.Interner) *fieldError {
	class := strings.ToLower(v[fPackageClass])
	switch class {
	case "", "os", "application":
	default:
		if class = parse.VulnClass(class); class == "" {
			return &fieldError{fPackageClass, "unknown package class " + strconv.Quote(v[fPackageClass]) + " (use os, application or a package manager)"}
		}
	}
	if v[fVulnerability] == "" && v[fPackage] == "" {
		return nil
	}
	f.Vulnerability = &findings.Vulnerability{ID: in.InternString(v[fVulnerability]), Package: in.InternString(v[fPackage]),
		Version: in.InternString(v[fPackageVersion]), Fixed: in.InternString(v[fFixedVersion]), Class: class}
	return nil
}

// provider returns the resource's cloud: the field's, normalised, else
// from the resource's ID or type.
func provider(given string, res *findings.Resource) string {
	if given != "" {
		if p := parse.Provider(given); p != "" {
			return p
		}
		return strings.ToLower(given)
	}
	if p := parse.ProviderOf(res.ID); p != "" {
		return p
	}
	return parse.TerraformProvider(res.Type)
}

// splitTags splits key=value pairs separated by semicolons.
func splitTags(s string, in *parse.Interner) (map[string]string, *fieldError) {
	var tags map[string]string
	for item := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if k = strings.TrimSpace(k); !ok || k == "" {
			return nil, &fieldError{fTags, "tag " + strconv.Quote(strings.TrimSpace(item)) + " is not key=value"}
		}
		if tags == nil {
			tags = map[string]string{}
		}
		if len(tags) < parse.MaxList {
			tags[in.InternString(k)] = in.InternString(strings.TrimSpace(v))
		}
	}
	return tags, nil
}
