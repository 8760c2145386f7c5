// Package ocsf reads OCSF findings (format "ocsf"), as Prowler writes them
// to its .ocsf.json files: a JSON array of Detection Findings (class 2004).
// It also reads one finding per line (newline-delimited JSON), and the
// other classes of OCSF's Findings category, Compliance Findings (2003)
// and Vulnerability Findings (2002) among them, as other producers write
// them.
//
// This is the reader for the largest files onus routes, so it reads only
// the members it needs, member by member as they stream past, and skips
// the rest (resource data, compliance mappings, risk text) without holding
// them. Prowler writes a check's findings together, and the title,
// description, types, categories, remediation and URL of a finding come
// from its check's metadata: for a Prowler finding of the same check as
// the finding before it, they are skipped and taken from that finding.
//
// # Fields
//
// Each finding becomes a findings.Finding:
//
//	Check           metadata.event_code (Prowler's CheckID); else
//	                finding_info.analytic.uid, compliance.control, or the
//	                first vulnerability's CVE
//	ID, Title       finding_info.uid, finding_info.title
//	Description     message (Prowler's status_extended, which names the
//	                resource), else status_detail, else finding_info.desc
//	Types           finding_info.types
//	Categories      unmapped.categories (Prowler's check categories)
//	Severity        severity_id (1 informational … 5 critical, 6 fatal is
//	                critical), else the severity word; neither makes the
//	                finding Unrated
//	Status          skipped when status is Suppressed, Archived or Deleted
//	                (status_id 3, 5, 6; Prowler writes Suppressed for its
//	                muted findings); else
//	                status_code PASS, FAIL or MANUAL; else compliance.status
//	                (Pass, Warning, Fail) for Compliance Findings; else pass
//	                when status is Resolved, and fail otherwise
//	Resource        the first of resources: uid (an ARN, an Azure resource
//	                ID, a GCP name), type, name, group.name as Service,
//	                region, namespace, and labels ("key: value" strings) or
//	                tags ({name, value} objects) as Tags
//	Provider        cloud.provider; else unmapped.provider; else kubernetes
//	                for Prowler's container profile; else from the shape of
//	                the resource ID
//	Account, Region cloud.account.uid; the resource's region, else
//	                cloud.region
//	Vulnerability   for Vulnerability Findings, the first vulnerability's
//	                cve.uid and first affected package (name, version,
//	                package_manager, fixed_in_version)
//	Remediation     remediation.desc
//	URL             unmapped.related_url, else the first web address in
//	                remediation.references
//	Tool            metadata.product.name, else its vendor_name
//	Observed        time (seconds since 1970 as Prowler writes it, or
//	                milliseconds as OCSF specifies)
//
// A finding lists several resources rarely; the first is its subject, and
// routing it once to that resource's owner is better than filing it
// several times as if it were several problems.
//
// Records whose class_uid is outside the Findings category (2000–2999)
// are problems, as are members of the wrong kind (a number where a string
// belongs) and records without a check; they are reported with their line
// and field path, and every other record is still emitted.
package ocsf

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// name is the format's name.
const name = "ocsf"

// Format reads OCSF findings.
var Format = findings.Format{
	Name:        name,
	Description: "OCSF Detection and Compliance findings, such as Prowler's .ocsf.json: a JSON array, or one finding per line",
	Sniff:       sniffOCSF,
	Read:        read,
}

// sniffOCSF accepts a file whose first record has a class_uid of the
// Findings category, or, when the head ends before class_uid (Prowler
// writes it after the resources), has the finding_info and metadata
// objects only OCSF events have together.
func sniffOCSF(head []byte) bool {
	m := parse.First(parse.Probe(head))
	if m == nil {
		return false
	}
	if _, ok := m["class_uid"]; ok {
		class, ok := parse.Int(m, "class_uid")
		return ok && isFinding(class)
	}
	return parse.Object(m, "finding_info") != nil && parse.Object(m, "metadata") != nil
}

// isFinding reports whether class is in OCSF's Findings category.
func isFinding(class int64) bool { return class >= 2000 && class < 3000 }

// OCSF's finding status_id values that take a finding off the queue.
const (
	statusSuppressed = 3
	statusResolved   = 4
	statusArchived   = 5
	statusDeleted    = 6
)

// The fields whose values repeat from one finding to the next, numbered
// for parse.Interner.InternAt.
const (
	slotCheck = iota
	slotTool
	slotTitle
	slotDesc
	slotTypes
	slotType
	slotRegion
	slotNamespace
	slotService
	slotLabel
	slotProvider
	slotCloudRegion
	slotAccount
	slotCategories
	slotURL
	slotUnmapped
	slotRemediation
	slotSeverity
	slotAnalytic
	slotControl
	slotCVE
	slotPackage
	slotVersion
	slotFixed
)

// record holds what is read of one finding besides the Finding itself:
// the members that decide a field only in combination.
type record struct {
	class         int64
	hasClass      bool
	severityID    int64
	severityWord  string
	statusCode    findings.Status
	statusID      int64
	status        bool // the status word was read
	prowler       bool // metadata.product.name is Prowler
	compliance    findings.Status
	container     bool
	cloudProvider string
	unmapped      string
	cloudRegion   string
	analytic      string
	control       string
	message       string
	desc          string
	observed      int64
}

// checkInfo is what Prowler writes the same in every finding of a check,
// from the check's metadata: a finding of the check that came last skips
// it and takes it from there, for Prowler writes a check's findings
// together.
type checkInfo struct {
	check, title, desc, url, remediation, unmapped string
	types, categories                              []string
}

// reader reads one file. Its callbacks are bound once, so that reading a
// record allocates nothing but what the finding keeps.
type reader struct {
	last checkInfo
	j    *parse.JSON
	emit func(*findings.Finding) error
	f    *findings.Finding
	rec  record
	res  *findings.Resource
	vuln *findings.Vulnerability

	member, metadata, product, info, analytic, resourceMember, group,
	cloud, account, unmappedMember, remediation, compliance, vulnMember, cve,
	affected func(key []byte) error
	resourceElem, vulnElem, packageElem func() error
	profile, label, reference           func(b []byte)
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &reader{j: parse.NewJSON(r, file), emit: emit}
	rd.bind()
	return rd.j.Records(nil, parse.Record{Begin: rd.begin, Member: rd.member, End: rd.end})
}

func (r *reader) bind() {
	r.member = r.readMember
	r.metadata = r.readMetadata
	r.product = r.readProduct
	r.info = r.readInfo
	r.analytic = r.readAnalytic
	r.resourceElem = r.readResource
	r.resourceMember = r.readResourceMember
	r.group = r.readGroup
	r.cloud = r.readCloud
	r.account = r.readAccount
	r.unmappedMember = r.readUnmapped
	r.remediation = r.readRemediation
	r.compliance = r.readCompliance
	r.vulnElem = r.readVuln
	r.vulnMember = r.readVulnMember
	r.cve = r.readCVE
	r.packageElem = r.readPackage
	r.affected = r.readAffected
	r.profile = func(b []byte) {
		if string(b) == "container" {
			r.rec.container = true
		}
	}
	r.label = func(b []byte) {
		if k, v := parse.SplitTag(b, ": ", ":"); len(k) > 0 {
			setTag(r.res, r.j.InternAt(slotLabel, k), r.j.Intern(v))
		}
	}
	r.reference = func(b []byte) {
		if r.f.URL == "" && (bytes.HasPrefix(b, []byte("https://")) || bytes.HasPrefix(b, []byte("http://"))) {
			r.f.URL = r.j.Intern(b)
		}
	}
}

func (r *reader) begin(loc onus.Location) {
	r.f = &findings.Finding{Format: name, Loc: loc}
	r.res = &r.f.Resource
	r.rec = record{}
	r.vuln = nil
}

func (r *reader) readMember(key []byte) error {
	j := r.j
	switch string(key) {
	case "metadata":
		return j.Object(r.metadata)
	case "finding_info":
		return j.Object(r.info)
	case "resources":
		return j.First(r.resourceElem)
	case "cloud":
		return j.Object(r.cloud)
	case "unmapped":
		if r.cached() {
			return nil
		}
		return j.Object(r.unmappedMember)
	case "remediation":
		if r.cached() {
			return nil
		}
		return j.Object(r.remediation)
	case "compliance":
		return j.Object(r.compliance)
	case "vulnerabilities":
		return j.First(r.vulnElem)
	case "message":
		r.rec.message = j.String()
	case "status_detail":
		if r.rec.message == "" {
			r.rec.message = j.String()
		}
	case "status_code":
		r.rec.statusCode = statusCode(j.Bytes())
	case "status":
		r.rec.status = true
		switch s := j.Bytes(); {
		case parse.EqualFold(s, "Suppressed"), parse.EqualFold(s, "Archived"), parse.EqualFold(s, "Deleted"):
			r.rec.statusID = statusSuppressed
		case parse.EqualFold(s, "Resolved"):
			r.rec.statusID = statusResolved
		}
	case "status_id":
		// The word, which Prowler writes first, says the same.
		if !r.rec.status {
			r.rec.statusID, _ = j.Int()
		}
	case "severity_id":
		r.rec.severityID, _ = j.Int()
	case "severity":
		// Likewise severity_id, when it names a severity.
		if _, ok := parse.SeverityOCSF(r.rec.severityID); !ok {
			r.rec.severityWord = j.InternedAt(slotSeverity)
		}
	case "class_uid":
		r.rec.class, r.rec.hasClass = j.Int()
	case "time":
		r.rec.observed, _ = j.Int()
	}
	return nil
}

func (r *reader) readMetadata(key []byte) error {
	switch string(key) {
	case "event_code":
		r.f.Check = r.j.InternedAt(slotCheck)
	case "product":
		return r.j.Object(r.product)
	case "profiles":
		r.j.EachString(r.profile)
	}
	return nil
}

func (r *reader) readProduct(key []byte) error {
	switch string(key) {
	case "name":
		r.f.Tool = r.j.InternedAt(slotTool)
		r.rec.prowler = r.f.Tool == "Prowler"
	case "vendor_name":
		if v := r.j.InternedAt(slotTool); r.f.Tool == "" {
			r.f.Tool = v
		}
	}
	return nil
}

func (r *reader) readInfo(key []byte) error {
	j, f := r.j, r.f
	switch string(key) {
	case "uid":
		f.ID = j.String()
	case "title", "desc", "types":
		if r.cached() {
			return nil
		}
		switch string(key) {
		case "title":
			f.Title = j.InternedAt(slotTitle)
		case "desc":
			r.rec.desc = j.InternedAt(slotDesc)
		default:
			f.Types = j.Strings(slotTypes)
		}
	case "analytic":
		return j.Object(r.analytic)
	}
	return nil
}

func (r *reader) readAnalytic(key []byte) error {
	if string(key) == "uid" {
		r.rec.analytic = r.j.InternedAt(slotAnalytic)
	}
	return nil
}

// readResource reads the first element of resources, the subject.
func (r *reader) readResource() error { return r.j.Object(r.resourceMember) }

func (r *reader) readResourceMember(key []byte) error {
	j, res := r.j, r.res
	switch string(key) {
	case "uid":
		res.ID = j.String()
	case "name":
		res.Name = j.String()
	case "type":
		res.Type = j.InternedAt(slotType)
	case "region":
		res.Region = j.InternedAt(slotRegion)
	case "namespace":
		res.Namespace = j.InternedAt(slotNamespace)
	case "group":
		return j.Object(r.group)
	case "labels":
		j.EachString(r.label)
	case "tags":
		for k, v := range j.Tags() {
			setTag(res, k, v)
		}
	}
	return nil
}

func setTag(res *findings.Resource, k, v string) {
	if res.Tags == nil {
		res.Tags = map[string]string{}
	}
	if len(res.Tags) < parse.MaxList {
		res.Tags[k] = v
	}
}

func (r *reader) readGroup(key []byte) error {
	if string(key) == "name" {
		r.res.Service = r.j.InternedAt(slotService)
	}
	return nil
}

func (r *reader) readCloud(key []byte) error {
	switch string(key) {
	case "provider":
		r.rec.cloudProvider = r.j.InternedAt(slotProvider)
	case "region":
		r.rec.cloudRegion = r.j.InternedAt(slotCloudRegion)
	case "account":
		return r.j.Object(r.account)
	}
	return nil
}

func (r *reader) readAccount(key []byte) error {
	if string(key) == "uid" {
		r.res.Account = r.j.InternedAt(slotAccount)
	}
	return nil
}

func (r *reader) readUnmapped(key []byte) error {
	switch string(key) {
	case "categories":
		r.f.Categories = r.j.Strings(slotCategories)
	case "related_url":
		r.f.URL = r.j.InternedAt(slotURL)
	case "provider":
		r.rec.unmapped = r.j.InternedAt(slotUnmapped)
	}
	return nil
}

func (r *reader) readRemediation(key []byte) error {
	switch string(key) {
	case "desc":
		r.f.Remediation = r.j.InternedAt(slotRemediation)
	case "references":
		if r.f.URL == "" {
			r.j.EachString(r.reference)
		}
	}
	return nil
}

func (r *reader) readCompliance(key []byte) error {
	switch string(key) {
	case "control":
		r.rec.control = r.j.InternedAt(slotControl)
	case "status":
		switch s := r.j.Bytes(); {
		case parse.EqualFold(s, "Pass"):
			r.rec.compliance = findings.Pass
		case parse.EqualFold(s, "Fail"):
			r.rec.compliance = findings.Fail
		case parse.EqualFold(s, "Warning"):
			r.rec.compliance = findings.Manual
		}
	}
	return nil
}

// readVuln reads the first element of vulnerabilities.
func (r *reader) readVuln() error {
	r.vuln = &findings.Vulnerability{}
	return r.j.Object(r.vulnMember)
}

func (r *reader) readVulnMember(key []byte) error {
	switch string(key) {
	case "cve":
		return r.j.Object(r.cve)
	case "affected_packages":
		return r.j.First(r.packageElem)
	}
	return nil
}

func (r *reader) readCVE(key []byte) error {
	if string(key) == "uid" {
		r.vuln.ID = r.j.InternedAt(slotCVE)
	}
	return nil
}

func (r *reader) readPackage() error { return r.j.Object(r.affected) }

func (r *reader) readAffected(key []byte) error {
	v := r.vuln
	switch string(key) {
	case "name":
		v.Package = r.j.InternedAt(slotPackage)
	case "version":
		v.Version = r.j.InternedAt(slotVersion)
	case "package_manager":
		v.Class = parse.VulnClass(string(r.j.Bytes()))
	case "fixed_in_version":
		v.Fixed = r.j.InternedAt(slotFixed)
	}
	return nil
}

// cached reports whether the finding is Prowler's and of the same check
// as the one before, so that its check's metadata can be skipped.
func (r *reader) cached() bool {
	return r.rec.prowler && r.f.Check != "" && r.f.Check == r.last.check
}

// end completes a record that read without problems and emits it.
func (r *reader) end() error {
	f, rec := r.f, &r.rec
	if r.cached() {
		c := &r.last
		f.Title, rec.desc, f.Types, f.URL, f.Remediation, f.Categories, rec.unmapped = c.title, c.desc, c.types, c.url, c.remediation, c.categories, c.unmapped
	} else if rec.prowler {
		r.last = checkInfo{check: f.Check, title: f.Title, desc: rec.desc, types: f.Types, url: f.URL, remediation: f.Remediation,
			categories: f.Categories, unmapped: rec.unmapped}
	}
	if rec.hasClass && !isFinding(rec.class) {
		r.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "class_uid %d is not a finding (OCSF's Findings category is 2000–2999)", rec.class))
		return nil
	}
	if r.vuln != nil && (r.vuln.ID != "" || r.vuln.Package != "") {
		f.Vulnerability = r.vuln
	}
	if f.Check == "" {
		f.Check = parse.FirstOf(rec.analytic, rec.control)
		if f.Check == "" && f.Vulnerability != nil {
			f.Check = f.Vulnerability.ID
		}
	}
	if f.Check == "" {
		r.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "finding has no check: metadata.event_code is missing"))
		return nil
	}
	f.Description = parse.FirstOf(rec.message, rec.desc)
	f.Status = status(rec)
	if s, ok := parse.SeverityOCSF(rec.severityID); ok {
		f.Severity = s
	} else if s, ok := parse.Severity(rec.severityWord); ok {
		f.Severity = s
	} else {
		parse.Unrated(f)
	}
	res := r.res
	if res.Region == "" {
		res.Region = rec.cloudRegion
	}
	res.Provider = provider(rec, res.ID)
	if rec.observed > 0 {
		f.Observed = observed(rec.observed)
	}
	return parse.Emit(r.emit, f)
}

// status decides a finding's status; see the package comment.
func status(rec *record) findings.Status {
	switch {
	case rec.statusID == statusSuppressed || rec.statusID == statusArchived || rec.statusID == statusDeleted:
		return findings.Skipped
	case rec.statusCode != "":
		return rec.statusCode
	case rec.compliance != "":
		return rec.compliance
	case rec.statusID == statusResolved:
		return findings.Pass
	}
	return findings.Fail
}

// statusCode reads Prowler's status_code; other codes, which OCSF leaves
// to each source, say nothing about the check.
func statusCode(b []byte) findings.Status {
	switch {
	case parse.EqualFold(b, "FAIL"):
		return findings.Fail
	case parse.EqualFold(b, "PASS"):
		return findings.Pass
	case parse.EqualFold(b, "MANUAL"):
		return findings.Manual
	}
	return ""
}

// provider decides the cloud; see the package comment.
func provider(rec *record, id string) string {
	for _, p := range []string{rec.cloudProvider, rec.unmapped} {
		if p == "" {
			continue
		}
		if known := parse.Provider(p); known != "" {
			return known
		}
		return strings.ToLower(p)
	}
	if rec.container {
		return "kubernetes"
	}
	return parse.ProviderOf(id)
}

// observed reads OCSF's time, which the schema gives in milliseconds and
// Prowler writes in seconds: a value past the year 5000 in seconds is
// taken as milliseconds.
func observed(t int64) time.Time {
	if t > 100_000_000_000 {
		return time.UnixMilli(t).UTC()
	}
	return time.Unix(t, 0).UTC()
}
