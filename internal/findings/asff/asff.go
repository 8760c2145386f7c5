// Package asff reads AWS Security Finding Format findings (format "asff"),
// the format of AWS Security Hub and of the tools that feed it (GuardDuty,
// Inspector, Prowler, Trivy, Cloud Custodian). It reads the three shapes
// the findings come in: Security Hub's get-findings output,
// {"Findings": […], "NextToken"}; a JSON array of findings, as Prowler's
// .asff.json holds; and one finding per line, as EventBridge archives and
// older Prowler versions write.
//
// # Fields
//
// Each finding becomes a findings.Finding:
//
//	Check           the control or check the finding reports on: the
//	                Security Hub control (Compliance.SecurityControlId,
//	                else ProductFields.ControlId, else the control part of
//	                GeneratorId: .../cis-aws-foundations-benchmark/v/1.2.0/rule/1.1
//	                is CIS.1.1, aws-foundational-security-best-practices/v/1.0.0/S3.2
//	                is S3.2, security-control/IAM.6 is IAM.6); Prowler's
//	                CheckID for GeneratorId prowler-<CheckID>; for a
//	                finding about a vulnerable package with no control, the
//	                vulnerability's ID; for a generator that is an ARN (a
//	                GuardDuty detector, a Macie job), the kind of finding
//	                that ends its first type (TTPs/Command and
//	                Control/Backdoor:EC2-C&CActivity.B!DNS gives
//	                Backdoor:EC2-C&CActivity.B!DNS); else GeneratorId as
//	                written
//	ID, Title       Id, Title
//	Description     Description
//	Types           Types, else FindingProviderFields.Types
//	Severity        Severity.Label; else Severity.Normalized (0
//	                informational, 1–39 low, 40–69 medium, 70–89 high,
//	                90–100 critical); else FindingProviderFields.Severity;
//	                else Unrated
//	Status          skipped when RecordState is ARCHIVED or Workflow.Status
//	                (or the older WorkflowState) is SUPPRESSED; else from
//	                Compliance.Status: PASSED is pass, FAILED is fail,
//	                WARNING and NOT_AVAILABLE are manual; a finding without
//	                a compliance status (GuardDuty, Inspector) is pass when
//	                its workflow is RESOLVED and fail otherwise
//	Resource        the first of Resources: Id, Type, Region (else the
//	                finding's Region, else the ARN's), Tags; Provider aws;
//	                Account from the
//	                ARN, else AwsAccountId; Service from the ARN, else from
//	                a control ID such as S3.2; Name from
//	                ProductFields.ProwlerResourceName when it differs from
//	                the ID, else the container's name, else the last part
//	                of the ARN
//	Vulnerability   the first of Vulnerabilities (Id) and its first
//	                VulnerablePackages entry (Name, Version and Release,
//	                PackageManager, FixedInVersion); Trivy's ASFF template,
//	                which has no Vulnerabilities, is read from
//	                Resources[0].Details.Other ("CVE ID", "PkgName",
//	                "Installed Package", "Patched Package"), and its
//	                packages are the operating system's when the target is
//	                named "image (distribution version)", as Trivy names OS
//	                package targets
//	Remediation     Remediation.Recommendation.Text
//	URL             Remediation.Recommendation.Url, else SourceUrl
//	Tool            ProductName; else the product name in ProductFields
//	                (aws/securityhub/ProductName, Prowler's ProviderName,
//	                Trivy's "Product Name"); else the product in ProductArn;
//	                (not the "default" of custom integrations); else
//	                CompanyName
//	Observed        LastObservedAt, else UpdatedAt, else CreatedAt
//
// A finding may list up to 32 resources. The first is its subject:
// Security Hub controls and Prowler list exactly one, and GuardDuty and
// Inspector list the resource acted on first. Routing the finding once, to
// that resource's owner, is better than filing it once per resource as if
// it were several problems.
//
// Members of the wrong kind (a number where a string belongs) are problems
// of their finding, reported with line and field path; the other findings
// are still emitted.
package asff

import (
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// name is the format's name.
const name = "asff"

// Format reads AWS Security Finding Format findings.
var Format = findings.Format{
	Name:        name,
	Description: `AWS Security Hub findings (ASFF): get-findings output {"Findings": […]}, a JSON array, or one finding per line`,
	Sniff:       sniffASFF,
	Read:        read,
}

// schemaVersion is the only ASFF schema version there is.
const schemaVersion = "2018-10-08"

// sniffASFF accepts a file whose first finding has ASFF's schema version
// and one of its required members, and Security Hub's empty answer
// {"Findings": []}.
func sniffASFF(head []byte) bool {
	top := parse.First(parse.Probe(head))
	if list, ok := top["Findings"].([]any); ok {
		if len(list) == 0 {
			for k := range top {
				if k != "Findings" && k != "NextToken" {
					return false
				}
			}
			return true
		}
		top, _ = list[0].(map[string]any)
	}
	return parse.String(top, "SchemaVersion") == schemaVersion &&
		parse.HasAny(top, "ProductArn", "GeneratorId", "AwsAccountId", "Resources")
}

// The fields whose values repeat from one finding to the next, numbered
// for parse.Interner.InternAt.
const (
	slotProductArn = iota
	slotProductName
	slotCompany
	slotGenerator
	slotAccount
	slotRegion
	slotTypes
	slotTitle
	slotControl
	slotType
	slotResourceRegion
	slotRemediation
	slotURL
	slotPackageManager
	slotTool
)

// record holds what is read of one finding besides the Finding itself.
type record struct {
	productArn, productName, company, generator string
	account, region                             string
	controlID, pfControl, pfResourceName        string
	pfProduct                                   string
	label, normalizedSet, fpLabel               bool
	normalized                                  int64
	severity, fpSeverity                        onus.Severity
	fpTypes                                     []string
	compliance                                  string
	workflow                                    string
	archived                                    bool
	containerName                               string
	otherCVE, otherPkg, otherVersion, otherFix  string
	release                                     string
	sourceURL                                   string
	lastObserved, updated, created              string
}

// reader reads one file; its callbacks are bound once.
type reader struct {
	j    *parse.JSON
	emit func(*findings.Finding) error
	f    *findings.Finding
	rec  record
	vuln *findings.Vulnerability

	member, severity, fpFields, fpSeverity, compliance, workflow, resource, details,
	container, other, productFields, vulnMember, pkg, remediation, recommendation func(key []byte) error
	resourceElem, vulnElem, pkgElem func() error
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &reader{j: parse.NewJSON(r, file), emit: emit}
	rd.member = rd.readMember
	rd.severity = rd.readSeverity
	rd.fpFields = rd.readFindingProviderFields
	rd.fpSeverity = rd.readFPSeverity
	rd.compliance = rd.readCompliance
	rd.workflow = rd.readWorkflow
	rd.resourceElem = rd.readResourceElem
	rd.resource = rd.readResource
	rd.details = rd.readDetails
	rd.container = rd.readContainer
	rd.other = rd.readOther
	rd.productFields = rd.readProductFields
	rd.vulnElem = rd.readVulnElem
	rd.vulnMember = rd.readVuln
	rd.pkgElem = rd.readPackageElem
	rd.pkg = rd.readPackage
	rd.remediation = rd.readRemediation
	rd.recommendation = rd.readRecommendation
	return rd.j.Records([]string{"Findings"}, parse.Record{Begin: rd.begin, Member: rd.member, End: rd.end})
}

func (r *reader) begin(loc onus.Location) {
	r.f = &findings.Finding{Format: name, Loc: loc}
	r.rec = record{}
	r.vuln = nil
}

func (r *reader) readMember(key []byte) error {
	j, f, rec := r.j, r.f, &r.rec
	switch string(key) {
	case "Id":
		f.ID = j.String()
	case "ProductArn":
		rec.productArn = j.InternedAt(slotProductArn)
	case "ProductName":
		rec.productName = j.InternedAt(slotProductName)
	case "CompanyName":
		rec.company = j.InternedAt(slotCompany)
	case "GeneratorId":
		rec.generator = j.InternedAt(slotGenerator)
	case "AwsAccountId":
		rec.account = j.InternedAt(slotAccount)
	case "Region":
		rec.region = j.InternedAt(slotRegion)
	case "Types":
		f.Types = j.Strings(slotTypes)
	case "Title":
		f.Title = j.InternedAt(slotTitle)
	case "Description":
		f.Description = j.String()
	case "Severity":
		return j.Object(r.severity)
	case "FindingProviderFields":
		return j.Object(r.fpFields)
	case "Compliance":
		return j.Object(r.compliance)
	case "Workflow":
		return j.Object(r.workflow)
	case "WorkflowState":
		if rec.workflow == "" {
			rec.workflow = strings.ToUpper(j.String())
		}
	case "RecordState":
		rec.archived = parse.EqualFold(j.Bytes(), "ARCHIVED")
	case "Resources":
		return j.First(r.resourceElem)
	case "ProductFields":
		return j.Object(r.productFields)
	case "Vulnerabilities":
		return j.First(r.vulnElem)
	case "Remediation":
		return j.Object(r.remediation)
	case "SourceUrl":
		rec.sourceURL = j.String()
	case "LastObservedAt":
		rec.lastObserved = j.String()
	case "UpdatedAt":
		rec.updated = j.String()
	case "CreatedAt":
		rec.created = j.String()
	}
	return nil
}

func (r *reader) readSeverity(key []byte) error {
	rec := &r.rec
	switch string(key) {
	case "Label":
		rec.severity, rec.label = parse.Severity(string(r.j.Bytes()))
	case "Normalized":
		rec.normalized, rec.normalizedSet = r.j.Int()
	}
	return nil
}

func (r *reader) readFindingProviderFields(key []byte) error {
	switch string(key) {
	case "Types":
		r.rec.fpTypes = r.j.Strings(slotTypes)
	case "Severity":
		return r.j.Object(r.fpSeverity)
	}
	return nil
}

func (r *reader) readFPSeverity(key []byte) error {
	if string(key) == "Label" {
		r.rec.fpSeverity, r.rec.fpLabel = parse.Severity(string(r.j.Bytes()))
	}
	return nil
}

func (r *reader) readCompliance(key []byte) error {
	switch string(key) {
	case "Status":
		r.rec.compliance = strings.ToUpper(r.j.String())
	case "SecurityControlId":
		r.rec.controlID = r.j.InternedAt(slotControl)
	}
	return nil
}

func (r *reader) readWorkflow(key []byte) error {
	if string(key) == "Status" {
		r.rec.workflow = strings.ToUpper(r.j.String())
	}
	return nil
}

// readResourceElem reads the first element of Resources, the subject.
func (r *reader) readResourceElem() error { return r.j.Object(r.resource) }

func (r *reader) readResource(key []byte) error {
	res := &r.f.Resource
	switch string(key) {
	case "Id":
		res.ID = r.j.String()
	case "Type":
		res.Type = r.j.InternedAt(slotType)
	case "Region":
		res.Region = r.j.InternedAt(slotResourceRegion)
	case "Tags":
		res.Tags = r.j.Tags()
	case "Details":
		return r.j.Object(r.details)
	}
	return nil
}

func (r *reader) readDetails(key []byte) error {
	switch string(key) {
	case "Container":
		return r.j.Object(r.container)
	case "Other":
		return r.j.Object(r.other)
	}
	return nil
}

func (r *reader) readContainer(key []byte) error {
	switch string(key) {
	case "Name":
		r.rec.containerName = r.j.String()
	case "ImageName":
		if r.rec.containerName == "" {
			r.rec.containerName = r.j.String()
		}
	}
	return nil
}

// readOther reads the members of Details.Other that Trivy's ASFF template
// fills for a vulnerable package.
func (r *reader) readOther(key []byte) error {
	rec := &r.rec
	switch string(key) {
	case "CVE ID":
		rec.otherCVE = r.j.String()
	case "PkgName":
		rec.otherPkg = r.j.String()
	case "Installed Package":
		rec.otherVersion = r.j.String()
	case "Patched Package":
		rec.otherFix = r.j.String()
	}
	return nil
}

func (r *reader) readProductFields(key []byte) error {
	rec := &r.rec
	switch string(key) {
	case "ControlId":
		rec.pfControl = r.j.InternedAt(slotControl)
	case "ProwlerResourceName":
		rec.pfResourceName = r.j.String()
	case "aws/securityhub/ProductName", "ProviderName", "Product Name":
		if v := r.j.InternedAt(slotTool); rec.pfProduct == "" {
			rec.pfProduct = v
		}
	}
	return nil
}

// readVulnElem reads the first element of Vulnerabilities.
func (r *reader) readVulnElem() error {
	r.vuln = &findings.Vulnerability{}
	return r.j.Object(r.vulnMember)
}

func (r *reader) readVuln(key []byte) error {
	switch string(key) {
	case "Id":
		r.vuln.ID = r.j.String()
	case "VulnerablePackages":
		return r.j.First(r.pkgElem)
	}
	return nil
}

func (r *reader) readPackageElem() error { return r.j.Object(r.pkg) }

func (r *reader) readPackage(key []byte) error {
	v := r.vuln
	switch string(key) {
	case "Name":
		v.Package = r.j.String()
	case "Version":
		v.Version = r.j.String()
	case "Release":
		r.rec.release = r.j.String()
	case "PackageManager":
		v.Class = parse.VulnClass(r.j.InternedAt(slotPackageManager))
	case "FixedInVersion":
		v.Fixed = r.j.String()
	}
	return nil
}

func (r *reader) readRemediation(key []byte) error {
	if string(key) == "Recommendation" {
		return r.j.Object(r.recommendation)
	}
	return nil
}

func (r *reader) readRecommendation(key []byte) error {
	switch string(key) {
	case "Text":
		r.f.Remediation = r.j.InternedAt(slotRemediation)
	case "Url":
		r.f.URL = r.j.InternedAt(slotURL)
	}
	return nil
}

// end completes a finding that read without problems and emits it.
func (r *reader) end() error {
	f, rec := r.f, &r.rec
	if len(f.Types) == 0 {
		f.Types = rec.fpTypes
	}
	r.vulnerability()
	f.Check = r.check()
	if f.Check == "" {
		r.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "finding has no GeneratorId"))
		return nil
	}
	f.Tool = parse.FirstOf(rec.productName, rec.pfProduct, productOf(rec.productArn), rec.company)
	switch {
	case rec.label:
		f.Severity = rec.severity
	case rec.normalizedSet:
		f.Severity = parse.SeverityNormalized(rec.normalized)
	case rec.fpLabel:
		f.Severity = rec.fpSeverity
	default:
		parse.Unrated(f)
	}
	f.Status = status(rec)
	if f.URL == "" {
		f.URL = rec.sourceURL
	}
	r.completeResource()
	for _, t := range []string{rec.lastObserved, rec.updated, rec.created} {
		if ts, err := time.Parse(time.RFC3339Nano, t); err == nil {
			f.Observed = ts.UTC()
			break
		}
	}
	return parse.Emit(r.emit, f)
}

// vulnerability sets the finding's vulnerability from Vulnerabilities or
// from Trivy's Details.Other.
func (r *reader) vulnerability() {
	rec := &r.rec
	if r.vuln == nil && rec.otherCVE != "" {
		r.vuln = &findings.Vulnerability{ID: rec.otherCVE, Package: rec.otherPkg, Version: rec.otherVersion, Fixed: rec.otherFix}
		if osTarget.MatchString(r.f.Resource.ID) {
			r.vuln.Class = "os"
		}
	}
	if r.vuln != nil && (r.vuln.ID != "" || r.vuln.Package != "") {
		if rec.release != "" {
			r.vuln.Version += "-" + rec.release
		}
		r.f.Vulnerability = r.vuln
	}
}

// osTarget matches the name Trivy gives the target of an image's
// operating system packages: "alpine:3.10 (alpine 3.10.2)".
var osTarget = regexp.MustCompile(`\([a-z][a-z0-9. -]* [0-9][0-9A-Za-z._-]*\)$`)

// standardControl matches a GeneratorId naming a standard's control:
// [arn:aws:securityhub:::ruleset/]<standard>/v/<version>/[rule/]<control>.
var standardControl = regexp.MustCompile(`(?:^|/)([a-z0-9-]+)/v/[0-9.]+/(?:rule/)?([^/]+)$`)

// dottedNumber matches CIS's control numbers, such as 1.1 or 4.3.
var dottedNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)

// check decides the finding's check; see the package comment.
func (r *reader) check() string {
	rec := &r.rec
	if c := parse.FirstOf(rec.controlID, rec.pfControl); c != "" {
		return c
	}
	g := rec.generator
	if c, ok := strings.CutPrefix(g, "prowler-"); ok && c != "" {
		return c
	}
	if c, ok := strings.CutPrefix(g, "security-control/"); ok && c != "" {
		return c
	}
	if m := standardControl.FindStringSubmatch(g); m != nil {
		if strings.HasPrefix(m[1], "cis-") && dottedNumber.MatchString(m[2]) {
			return "CIS." + m[2]
		}
		return m[2]
	}
	if v := r.f.Vulnerability; v != nil && v.ID != "" {
		return v.ID
	}
	// GuardDuty and Macie name their detector or job as the generator and
	// the kind of finding at the end of its type.
	if strings.HasPrefix(g, "arn:") && len(r.f.Types) > 0 {
		t := r.f.Types[0]
		return t[strings.LastIndexByte(t, '/')+1:]
	}
	return g
}

// status decides the finding's status; see the package comment.
func status(rec *record) findings.Status {
	switch {
	case rec.archived || rec.workflow == "SUPPRESSED":
		return findings.Skipped
	}
	switch rec.compliance {
	case "PASSED":
		return findings.Pass
	case "FAILED":
		return findings.Fail
	case "WARNING", "NOT_AVAILABLE":
		return findings.Manual
	}
	if rec.workflow == "RESOLVED" {
		return findings.Pass
	}
	return findings.Fail
}

// controlService matches a Security Hub control ID whose prefix is its
// service, such as S3.2 or CloudTrail.1.
var controlService = regexp.MustCompile(`^([A-Za-z0-9]+)\.[0-9]+$`)

// completeResource completes the finding's resource.
func (r *reader) completeResource() {
	res, rec := &r.f.Resource, &r.rec
	res.Provider = "aws"
	if res.Region == "" {
		res.Region = rec.region
	}
	res.Account = rec.account
	arn, isARN := parse.ParseARN(res.ID)
	if isARN {
		if arn.Account != "" {
			res.Account = arn.Account
		}
		if res.Region == "" {
			res.Region = arn.Region
		}
		res.Service = arn.Service
	} else if m := controlService.FindStringSubmatch(r.f.Check); m != nil {
		res.Service = strings.ToLower(m[1])
	}
	switch {
	case rec.pfResourceName != "" && rec.pfResourceName != res.ID:
		res.Name = rec.pfResourceName
	case rec.containerName != "":
		res.Name = rec.containerName
	case isARN:
		res.Name = arn.Resource[strings.LastIndexAny(arn.Resource, "/:")+1:]
	}
}

// productOf returns the product in a ProductArn,
// arn:aws:securityhub:us-east-1::product/aws/guardduty is guardduty, or ""
// for the "default" product of a custom integration.
func productOf(arn string) string {
	_, p, ok := strings.Cut(arn, ":product/")
	if !ok {
		return ""
	}
	if p = p[strings.LastIndexByte(p, '/')+1:]; p == "default" {
		return ""
	}
	return p
}
