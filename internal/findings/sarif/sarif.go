// Package sarif reads SARIF 2.1.0 logs (format "sarif"), as Checkov, Trivy,
// tfsec, Prowler and most static analysers write them. Each result of
// each run becomes one finding.
//
// # Fields
//
//	Check           the result's ruleId, else the id of the rule it
//	                points to (rule.id, ruleIndex); for a result about a
//	                vulnerable package (a CVE or GHSA rule, Checkov's
//	                CVE-…_package@version), the advisory's ID
//	Tool            the run's tool.driver.name
//	Title           the rule's shortDescription, else its name, else the
//	                first line of the message
//	Description     message.text
//	Severity        the rule's security-severity property, a CVSS-style
//	                score (0 none, below 4 low, below 7 medium, below 9
//	                high, else critical); else the level of the result or
//	                the rule's default: error high, warning medium, note
//	                low, none informational; with neither the finding is
//	                Unrated
//	Status          skipped for a suppressed result (a suppression not
//	                rejected nor under review) and for kind notApplicable
//	                or informational; pass for kind pass and for a result
//	                whose baselineState is absent (it is gone); manual for
//	                kind open or review; fail otherwise
//	Resource        File and Line from the first location's
//	                artifactLocation.uri (unescaped) and region.startLine.
//	                Address: a logical location's fullyQualifiedName when
//	                it is a Terraform resource address; else the address
//	                of the Terraform block that region.snippet starts with
//	                (resource "aws_s3_bucket" "logs" is aws_s3_bucket.logs),
//	                or Checkov's "Resource: module.x.aws_s3_bucket.logs" in
//	                the rule's help text for the first result of that rule
//	                (Checkov writes a rule once, with the resource of its
//	                first failure). Type and Name from the address.
//	                Provider from the resource type (aws_, azurerm_,
//	                google_) or the rule ID (CKV_AWS_21, AVD-GCP-0007,
//	                tfsec's aws-s3-enable-versioning, which also gives the
//	                Service)
//	Vulnerability   for a vulnerability rule: the advisory ID, and the
//	                package and versions from Checkov's rule ID or from
//	                Trivy's message ("Package:", "Installed Version:",
//	                "Fixed Version:"); the class from Trivy's rule names
//	                (OsPackageVulnerability is os,
//	                LanguageSpecificPackageVulnerability application), else
//	                application when the location is a language's manifest
//	                (package-lock.json, go.mod, a .jar)
//	Remediation     the rule's help text, less Checkov's Resource line and
//	                less a text that only repeats the title
//	URL             the rule's helpUri
//	ID              the result's guid, else its correlationGuid
//
// Tools write a run's rules before its results. When a file has them the
// other way round (its keys were sorted), up to parse.MaxHeld results
// wait for the rules; the rest are read without them, and a problem says
// so. Results with problems (no rule ID, members of the wrong kind) are
// reported with their line and field path; the others are emitted.
package sarif

import (
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// name is the format's name.
const name = "sarif"

// Format reads SARIF 2.1.0 logs.
var Format = findings.Format{
	Name:        name,
	Description: "SARIF 2.1.0 logs from Checkov, Trivy, tfsec or any other tool",
	Sniff:       sniffSARIF,
	Read:        read,
}

// sniffSARIF accepts an object with runs and SARIF's version 2.1.0 or
// schema.
func sniffSARIF(head []byte) bool {
	m, _ := parse.Probe(head).(map[string]any)
	if _, ok := m["runs"].([]any); !ok {
		return false
	}
	return strings.HasPrefix(parse.String(m, "version"), "2.1") ||
		strings.Contains(strings.ToLower(parse.String(m, "$schema")), "sarif")
}

// Bounds on what a run's rules may make the reader hold: how many, how
// much text in all, and how much help text each.
const (
	maxRules     = 50000
	maxRuleBytes = 32 << 20
	maxHelp      = 4 << 10
)

// rule is what a result takes from its rule.
type rule struct {
	id, name, short, help, helpURI, level, address string
	score                                          float64
	scored                                         bool
	used                                           bool // a result named it
}

// result is a result read, waiting for its rule.
type result struct {
	f                         *findings.Finding
	ruleID, level, kind       string
	ruleIndex                 int64
	suppressed, absent        bool
	snippet, logical, message string
}

// run is the state of the run being read.
type run struct {
	tool     string
	rules    []*rule
	byID     map[string]*rule
	toolRead bool
	hold     parse.Hold[*result]
	// ruleBytes counts the text of the rules kept; rulesFull says that
	// rules past the bounds are being ignored.
	ruleBytes int
	rulesFull bool
}

type reader struct {
	j    *parse.JSON
	emit func(*findings.Finding) error
	run  *run
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &reader{j: parse.NewJSON(r, file), emit: emit}
	j := rd.j
	ok, err := j.IsObject("a SARIF log")
	if ok {
		err = j.Object(func(key []byte) error {
			if string(key) == "runs" {
				return j.Array(rd.readRun)
			}
			return nil
		})
	}
	return j.Done(err)
}

func (rd *reader) readRun() error {
	j := rd.j
	loc := j.Here()
	rn := &run{byID: map[string]*rule{}}
	rd.run = rn
	err := j.Object(func(key []byte) error {
		switch string(key) {
		case "tool":
			err := j.Object(func(key []byte) error {
				if string(key) == "driver" {
					return j.Object(rd.readDriver)
				}
				return nil
			})
			rn.toolRead = true
			return err
		case "results":
			return j.Array(rd.readResult)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := rn.hold.Release(rd.finish); err != nil {
		return err
	}
	if p := rn.hold.Full(loc, "run's rules"); p != nil {
		j.Add(p)
	}
	return nil
}

func (rd *reader) readDriver(key []byte) error {
	j, rn := rd.j, rd.run
	switch string(key) {
	case "name":
		rn.tool = j.String()
	case "rules":
		return j.Array(func() error {
			if rn.rulesFull {
				return nil
			}
			if len(rn.rules) >= maxRules || rn.ruleBytes >= maxRuleBytes {
				rn.rulesFull = true
				j.Add(onus.ErrorAt(j.S.Location(), onus.ETooLarge,
					"more than %d rules or %d MB of rule text in one run; the rest are ignored", maxRules, maxRuleBytes>>20))
				return nil
			}
			ru := &rule{}
			j.StartRecord()
			err := j.Object(func(key []byte) error { return rd.readRule(ru, key) })
			j.EndRecord()
			rn.rules = append(rn.rules, ru)
			rn.ruleBytes += len(ru.id) + len(ru.name) + len(ru.short) + len(ru.help) + len(ru.helpURI) + len(ru.level) + len(ru.address)
			if ru.id != "" {
				if _, dup := rn.byID[ru.id]; !dup {
					rn.byID[ru.id] = ru
				}
			}
			return err
		})
	}
	return nil
}

// checkovResource finds the resource Checkov names in a rule's help text.
var checkovResource = regexp.MustCompile(`(?m)^Resource: (\S+)\s*$`)

// text reads a SARIF message object's text into dst.
func (rd *reader) text(dst *string) error {
	return rd.j.Object(func(key []byte) error {
		if string(key) == "text" {
			*dst = rd.j.String()
		}
		return nil
	})
}

func (rd *reader) readRule(ru *rule, key []byte) error {
	j := rd.j
	switch string(key) {
	case "id":
		ru.id = j.String()
	case "name":
		ru.name = j.String()
	case "shortDescription":
		return rd.text(&ru.short)
	case "help":
		err := rd.text(&ru.help)
		if m := checkovResource.FindStringSubmatch(ru.help); m != nil {
			ru.address = m[1]
			ru.help = strings.TrimSpace(checkovResource.ReplaceAllString(ru.help, ""))
		}
		if len(ru.help) > maxHelp {
			ru.help = strings.ToValidUTF8(ru.help[:maxHelp], "") + "…"
		}
		return err
	case "helpUri":
		ru.helpURI = j.String()
	case "defaultConfiguration":
		return j.Object(func(key []byte) error {
			if string(key) == "level" {
				ru.level = j.String()
			}
			return nil
		})
	case "properties":
		return j.Object(func(key []byte) error {
			if string(key) == "security-severity" {
				ru.score, ru.scored = j.Number()
			}
			return nil
		})
	}
	return nil
}

func (rd *reader) readResult() error {
	j, rn := rd.j, rd.run
	loc := j.Here()
	if ok, err := j.IsObject("a result"); !ok {
		return err
	}
	j.StartRecord()
	res := &result{f: &findings.Finding{Format: name, Loc: loc}, ruleIndex: -1}
	if err := j.Object(func(key []byte) error { return rd.readResultMember(res, key) }); err != nil {
		return err
	}
	if !j.EndRecord() {
		return nil
	}
	if !rn.toolRead && rn.hold.Keep(res, parse.Size(res.f)+len(res.message)) {
		return nil
	}
	return rd.finish(res)
}

func (rd *reader) readResultMember(res *result, key []byte) error {
	j := rd.j
	switch string(key) {
	case "ruleId":
		res.ruleID = j.String()
	case "ruleIndex":
		if i, ok := j.Int(); ok {
			res.ruleIndex = i
		}
	case "rule":
		return j.Object(func(key []byte) error {
			switch string(key) {
			case "id":
				if id := j.String(); res.ruleID == "" {
					res.ruleID = id
				}
			case "index":
				if i, ok := j.Int(); ok && res.ruleIndex < 0 {
					res.ruleIndex = i
				}
			}
			return nil
		})
	case "level":
		res.level = j.String()
	case "kind":
		res.kind = j.String()
	case "message":
		return rd.text(&res.message)
	case "locations":
		return j.First(func() error {
			return j.Object(func(key []byte) error { return rd.readLocation(res, key) })
		})
	case "suppressions":
		return j.Array(func() error {
			status := ""
			err := j.Object(func(key []byte) error {
				if string(key) == "status" {
					status = j.String()
				}
				return nil
			})
			if status == "" || status == "accepted" {
				res.suppressed = true
			}
			return err
		})
	case "baselineState":
		res.absent = string(j.Bytes()) == "absent"
	case "guid":
		res.f.ID = j.String()
	case "correlationGuid":
		if id := j.String(); res.f.ID == "" {
			res.f.ID = id
		}
	}
	return nil
}

func (rd *reader) readLocation(res *result, key []byte) error {
	j, f := rd.j, res.f
	switch string(key) {
	case "physicalLocation":
		return j.Object(func(key []byte) error {
			switch string(key) {
			case "artifactLocation":
				return j.Object(func(key []byte) error {
					if string(key) == "uri" {
						f.Resource.File = fileOf(j.String())
					}
					return nil
				})
			case "region":
				return j.Object(func(key []byte) error {
					switch string(key) {
					case "startLine":
						if n, ok := j.Int(); ok && n > 0 {
							f.Resource.Line = int(n)
						}
					case "snippet":
						var text string
						err := rd.text(&text)
						res.snippet = parse.SnippetAddress(text)
						return err
					}
					return nil
				})
			}
			return nil
		})
	case "logicalLocations":
		return j.Array(func() error {
			return j.Object(func(key []byte) error {
				if string(key) == "fullyQualifiedName" && res.logical == "" {
					if a := j.String(); isAddress(a) {
						res.logical = a
					}
				}
				return nil
			})
		})
	}
	return nil
}

func isAddress(a string) bool {
	_, _, ok := parse.TerraformAddress(a)
	return ok
}

// fileOf turns an artifact URI into a path: file:// is dropped and escapes
// are undone, as Checkov escapes the paths it writes.
func fileOf(uri string) string {
	uri = strings.TrimPrefix(uri, "file://")
	if p, err := url.PathUnescape(uri); err == nil {
		return p
	}
	return uri
}

// finish completes a result with its rule and emits it.
func (rd *reader) finish(res *result) error {
	f, rn := res.f, rd.run
	ru := rn.lookup(res)
	f.Tool = rn.tool
	f.Check = res.ruleID
	if f.Check == "" && ru != nil {
		f.Check = ru.id
	}
	if f.Check == "" {
		rd.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "result has no ruleId"))
		return nil
	}
	f.Description = res.message
	level := res.level
	if ru != nil {
		f.Title = parse.FirstOf(ru.short, ru.name)
		f.Remediation = ru.help
		f.URL = ru.helpURI
		if level == "" {
			level = ru.level
		}
	}
	if f.Title == "" {
		f.Title, _, _ = strings.Cut(res.message, "\n")
	}
	if f.Remediation == f.Title {
		f.Remediation = "" // Checkov's help repeats the rule's name
	}
	switch s, ok := levelSeverity[level]; {
	case ru != nil && ru.scored:
		f.Severity = parse.SeverityScore(ru.score)
	case ok:
		f.Severity = s
	default:
		parse.Unrated(f)
	}
	f.Status = status(res)
	rd.resource(res, ru)
	rd.vulnerability(res, ru)
	if ru != nil {
		ru.used = true
	}
	return parse.Emit(rd.emit, f)
}

// lookup returns the rule a result names, or nil.
func (rn *run) lookup(res *result) *rule {
	if i := res.ruleIndex; i >= 0 && i < int64(len(rn.rules)) {
		if ru := rn.rules[i]; ru != nil && (res.ruleID == "" || ru.id == res.ruleID) {
			return ru
		}
	}
	return rn.byID[res.ruleID]
}

// levelSeverity maps SARIF levels to severities.
var levelSeverity = map[string]onus.Severity{"error": onus.High, "warning": onus.Medium, "note": onus.Low, "none": onus.Info}

// status decides a result's status; see the package comment.
func status(res *result) findings.Status {
	switch {
	case res.suppressed || res.kind == "notApplicable" || res.kind == "informational":
		return findings.Skipped
	case res.kind == "pass" || res.absent:
		return findings.Pass
	case res.kind == "open" || res.kind == "review":
		return findings.Manual
	}
	return findings.Fail
}

// resource sets the address, type, name, provider and service.
func (rd *reader) resource(res *result, ru *rule) {
	f := res.f
	r := &f.Resource
	r.Address = parse.FirstOf(res.logical, res.snippet)
	// Checkov names the resource of a rule's first failure in the rule:
	// with modules in it, which the snippet lacks.
	if ru != nil && ru.address != "" && !ru.used && (r.Address == "" || strings.HasSuffix(ru.address, r.Address)) {
		r.Address = ru.address
	}
	if typ, nm, ok := parse.TerraformAddress(r.Address); ok {
		r.Type, r.Name = typ, nm
		r.Provider = parse.TerraformProvider(typ)
	}
	if p, svc := parse.CheckProvider(f.Check); p != "" {
		if r.Provider == "" {
			r.Provider = p
		}
		r.Service = svc
	}
}

// checkovSCA matches Checkov's rule IDs for vulnerable packages,
// CVE-2022-1234_lodash@4.17.20.
var checkovSCA = regexp.MustCompile(`^([A-Z]+-[0-9A-Za-z-]+)_(.+)@([^@]+)$`)

// trivyClasses maps the names Trivy gives its vulnerability rules to the
// class of the package.
var trivyClasses = map[string]string{"OsPackageVulnerability": "os", "LanguageSpecificPackageVulnerability": "application"}

// vulnerability sets the vulnerability of a result about a package.
func (rd *reader) vulnerability(res *result, ru *rule) {
	f := res.f
	if !parse.IsVulnerabilityID(f.Check) {
		return
	}
	v := &findings.Vulnerability{ID: f.Check}
	if m := checkovSCA.FindStringSubmatch(f.Check); m != nil {
		v.ID, v.Package, v.Version = m[1], m[2], m[3]
		f.Check = v.ID
	}
	for line := range strings.SplitSeq(res.message, "\n") {
		k, val, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "Package":
			v.Package = strings.TrimSpace(val)
		case "Installed Version":
			v.Version = strings.TrimSpace(val)
		case "Fixed Version":
			v.Fixed = strings.TrimSpace(val)
		}
	}
	v.Class = parse.ManifestClass(f.Resource.File)
	if ru != nil && trivyClasses[ru.name] != "" {
		v.Class = trivyClasses[ru.name]
	}
	f.Vulnerability = v
}
