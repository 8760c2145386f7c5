// Package checkov reads Checkov's JSON report (format "checkov"), as
// checkov -o json writes it: one report object for one framework, or an
// array of them, one per framework scanned ({"check_type": "terraform",
// "results": {"failed_checks": […], "passed_checks": […],
// "skipped_checks": […]}, "summary": {…}}). The report Checkov writes when
// it found nothing to scan, {"passed": 0, "failed": 0, …}, reads as no
// findings.
//
// # Fields
//
// Each check record becomes a finding:
//
//	Status          fail, pass or skipped for a record in failed_checks,
//	                passed_checks or skipped_checks
//	Check           check_id (CKV_AWS_21, CKV2_AWS_62); for a vulnerable
//	                package, vulnerability_details.id
//	Title           check_name
//	Description     description, else short_description
//	Severity        severity; Checkov without its platform writes null,
//	                which makes the finding Unrated
//	Resource        Address: resource_address, else resource
//	                (module.alb.aws_lb.main), except for the package scans
//	                (sca_package, sca_image), whose resource is a file and
//	                a package. Type, Name, Namespace and
//	                Provider from the address, by framework: a Terraform
//	                address (aws_lb.main is type aws_lb, name main, aws),
//	                CloudFormation's AWS::S3::Bucket.Logs, Kubernetes'
//	                Deployment.payments.api (kind, namespace, name), ARM's
//	                Microsoft.Storage/storageAccounts.logs; else the
//	                provider from the check ID (CKV_AZURE_1 is azure).
//	                File and Line: file_path (else repo_file_path) and the
//	                first line of file_line_range. Tags: entity_tags
//	Vulnerability   vulnerability_details: id, package_name,
//	                package_version, lowest_fixed_version; the class is
//	                application when the file is a language's manifest
//	URL             guideline
//
// parsing_errors lists files Checkov could not parse; they are not
// findings and are skipped. Records with problems (members of the wrong
// kind, no check_id) are reported with their line and field path; the
// others are emitted.
package checkov

import (
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// name is the format's name.
const name = "checkov"

// Format reads Checkov's JSON report.
var Format = findings.Format{
	Name:        name,
	Description: "Checkov JSON report (checkov -o json): one framework's report or an array of them",
	Sniff:       sniffCheckov,
	Read:        read,
}

// lists maps the lists of a report's results to the status of their
// records.
var lists = map[string]findings.Status{
	"failed_checks":  findings.Fail,
	"passed_checks":  findings.Pass,
	"skipped_checks": findings.Skipped,
}

// sniffCheckov accepts a report, or an array whose first element is one:
// an object with check_type and results holding a list of checks, or the
// summary Checkov writes when it found nothing to scan.
func sniffCheckov(head []byte) bool {
	m := parse.First(parse.Probe(head))
	if parse.Has(m, "check_type", "results") {
		return parse.HasAny(parse.Object(m, "results"), "failed_checks", "passed_checks", "skipped_checks", "parsing_errors")
	}
	return parse.Has(m, "checkov_version", "passed", "failed")
}

// The fields whose values repeat, numbered for parse.Interner.InternAt.
const (
	slotCheck = iota
	slotTitle
	slotFile
	slotURL
	slotSeverity
)

type reader struct {
	j         *parse.JSON
	emit      func(*findings.Finding) error
	checkType string
}

// record holds what is read of one check besides the Finding.
type record struct {
	resource, address, repoFile string
	rated                       bool
	vuln                        findings.Vulnerability
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &reader{j: parse.NewJSON(r, file), emit: emit}
	j := rd.j
	for {
		k, err := j.S.Peek()
		switch {
		case err != nil:
			return j.Done(err)
		case k == jsonscan.EOF:
			return j.Done(nil)
		case k == jsonscan.Array:
			err = j.Array(rd.readReport)
		case k == jsonscan.Object:
			err = rd.readReport()
		default:
			err = onus.ErrorAt(j.Here(), onus.EInvalid, "expected a Checkov report (an object) or an array of them, found %s", parse.Phrase(k))
		}
		if err != nil {
			return j.Done(err)
		}
	}
}

func (rd *reader) readReport() error {
	j := rd.j
	rd.checkType = ""
	return j.Object(func(key []byte) error {
		switch string(key) {
		case "check_type":
			rd.checkType = j.String()
		case "results":
			return j.Object(func(key []byte) error {
				if status, ok := lists[string(key)]; ok {
					return j.Array(func() error { return rd.readCheck(status) })
				}
				return nil
			})
		}
		return nil
	})
}

func (rd *reader) readCheck(status findings.Status) error {
	j := rd.j
	loc := j.Here()
	if ok, err := j.IsObject("a check"); !ok {
		return err
	}
	j.StartRecord()
	f := &findings.Finding{Tool: "Checkov", Format: name, Status: status, Loc: loc}
	var rec record
	if err := j.Object(func(key []byte) error { return rd.readMember(f, &rec, key) }); err != nil {
		return err
	}
	if !j.EndRecord() {
		return nil
	}
	if !rd.complete(f, &rec) {
		return nil
	}
	return parse.Emit(rd.emit, f)
}

func (rd *reader) readMember(f *findings.Finding, rec *record, key []byte) error {
	j := rd.j
	switch string(key) {
	case "check_id":
		f.Check = j.InternedAt(slotCheck)
	case "check_name":
		f.Title = j.InternedAt(slotTitle)
	case "description":
		if d := j.String(); d != "" {
			f.Description = d
		}
	case "short_description":
		if d := j.String(); f.Description == "" {
			f.Description = d
		}
	case "severity":
		loc := j.S.Location()
		if w := j.InternedAt(slotSeverity); w != "" {
			if s, ok := parse.Severity(w); ok {
				f.Severity, rec.rated = s, true
			} else {
				j.Bad(onus.ErrorAt(loc, onus.EInvalid, "unknown severity %q", w))
			}
		}
	case "guideline":
		f.URL = j.InternedAt(slotURL)
	case "file_path":
		f.Resource.File = j.InternedAt(slotFile)
	case "repo_file_path":
		rec.repoFile = j.InternedAt(slotFile)
	case "file_line_range":
		return j.First(func() error {
			if n, ok := j.Int(); ok && n > 0 {
				f.Resource.Line = int(n)
			}
			return nil
		})
	case "resource":
		rec.resource = j.String()
	case "resource_address":
		rec.address = j.String()
	case "entity_tags":
		f.Resource.Tags = j.Tags()
	case "vulnerability_details":
		return j.Object(func(key []byte) error {
			v := &rec.vuln
			switch string(key) {
			case "id":
				v.ID = j.String()
			case "package_name":
				v.Package = j.String()
			case "package_version":
				v.Version = j.String()
			case "lowest_fixed_version":
				v.Fixed = j.String()
			}
			return nil
		})
	}
	return nil
}

// complete fills in what a record gives only in combination, and reports
// whether the record is a finding.
func (rd *reader) complete(f *findings.Finding, rec *record) bool {
	if rec.vuln.ID != "" {
		v := rec.vuln
		f.Vulnerability = &v
		f.Check = v.ID
	}
	if f.Check == "" {
		rd.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "check has no check_id"))
		return false
	}
	if f.Resource.File == "" {
		f.Resource.File = rec.repoFile
	}
	if f.Vulnerability != nil {
		f.Vulnerability.Class = parse.ManifestClass(f.Resource.File)
	}
	if !rec.rated {
		parse.Unrated(f)
	}
	if !strings.HasPrefix(rd.checkType, "sca_") {
		rd.resource(f, parse.FirstOf(rec.address, rec.resource))
	}
	return true
}

// resource derives the resource's type, name, namespace and provider from
// its address, by framework; see the package comment.
func (rd *reader) resource(f *findings.Finding, addr string) {
	res := &f.Resource
	res.Address = addr
	ct := rd.checkType
	typ, nm, isTF := parse.TerraformAddress(addr)
	switch {
	case isTF && (ct == "" || strings.HasPrefix(ct, "terraform")):
		res.Type, res.Name, res.Provider = typ, nm, parse.TerraformProvider(typ)
	case ct == "cloudformation" || ct == "serverless" || strings.HasPrefix(addr, "AWS::"):
		res.Type, res.Name = cutLast(addr)
		res.Provider = "aws"
	case ct == "kubernetes" || ct == "helm" || ct == "kustomize":
		parts := strings.SplitN(addr, ".", 3)
		res.Type = parts[0]
		switch len(parts) {
		case 2:
			res.Name = parts[1]
		case 3:
			res.Namespace, res.Name = parts[1], parts[2]
		}
		res.Provider = "kubernetes"
	case ct == "arm" || ct == "bicep" || strings.HasPrefix(addr, "Microsoft."):
		res.Type, res.Name = cutLast(addr)
		res.Provider = "azure"
	}
	if res.Provider == "" {
		res.Provider, _ = parse.CheckProvider(f.Check)
	}
}

// cutLast splits s at its last dot.
func cutLast(s string) (before, after string) {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}
