// Package trivy reads Trivy's JSON report (format "trivy"), schema version
// 2, as trivy image, fs, repo and config write it with --format json:
// {"SchemaVersion": 2, "ArtifactName", "ArtifactType", "Results": [{
// "Target", "Class", "Type", "Vulnerabilities", "Misconfigurations",
// "Secrets"}]}. Each vulnerability, misconfiguration and secret of each
// result becomes one finding.
//
// # Fields
//
// Vulnerabilities:
//
//	Check           VulnerabilityID
//	Title           Title, else the ID
//	Description     Description
//	Severity        Severity (UNKNOWN makes the finding Unrated)
//	Status          fail
//	Vulnerability   VulnerabilityID, PkgName, InstalledVersion,
//	                FixedVersion; the class from the result's Class
//	                (os-pkgs is os, lang-pkgs application), else from its
//	                Type (alpine, debian, npm, gomod, jar, …)
//	Resource        the scanned artifact: ID and Name ArtifactName (an
//	                image such as alpine:3.19, a repository, a path), Type
//	                ArtifactType (container_image, repository,
//	                filesystem); File the result's Target for a language's
//	                packages (a lock file), or PkgPath inside an image
//	URL             PrimaryURL
//
// Misconfigurations:
//
//	Check           AVDID (AVD-AWS-0104, stable across Trivy versions),
//	                else ID
//	Title, Description, Remediation (Resolution), URL (PrimaryURL),
//	Severity        as named
//	Status          FAIL is fail, PASS is pass (with
//	                --include-non-failures), EXCEPTION is skipped
//	Resource        File the result's Target and Line
//	                CauseMetadata.StartLine; Address the Terraform address
//	                of the resource at fault, built from
//	                CauseMetadata.Occurrences, innermost first, with the
//	                module calls around it (module.endpoints and
//	                aws_security_group_rule.this["0"] give
//	                module.endpoints.aws_security_group_rule.this["0"]),
//	                else CauseMetadata.Resource; Type and Name from the
//	                address; Provider from CauseMetadata.Provider (AWS,
//	                Azure, Google, Kubernetes) or the resource type;
//	                Service from CauseMetadata.Service
//
// Secrets:
//
//	Check           RuleID
//	Title           Title
//	Description     Match (the line, with the secret masked)
//	Categories      secret and the rule's Category
//	Resource        the artifact, with File the Target and Line StartLine
//
// Trivy writes a result's Target, Class and Type before its lists; when
// a file has them after (its keys were sorted), up to parse.MaxHeld
// findings of the result wait for them. ArtifactName and ArtifactType must
// come before Results, as they do in Trivy's output and in sorted order
// alike. Findings with problems (members of the wrong kind, no ID) are
// reported with their line and field path; the others are emitted.
package trivy

import (
	"io"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// name is the format's name.
const name = "trivy"

// Format reads Trivy's JSON report.
var Format = findings.Format{
	Name:        name,
	Description: "Trivy JSON report (--format json, schema version 2): vulnerabilities, misconfigurations and secrets",
	Sniff:       sniffTrivy,
	Read:        read,
}

// sniffTrivy accepts an object with schema version 2 and an artifact or
// results, or with both ArtifactName and ArtifactType (sorted keys put
// SchemaVersion last).
func sniffTrivy(head []byte) bool {
	m, _ := parse.Probe(head).(map[string]any)
	if v, ok := parse.Int(m, "SchemaVersion"); ok && v == 2 {
		return parse.HasAny(m, "ArtifactName", "ArtifactType", "Results")
	}
	return parse.Has(m, "ArtifactName", "ArtifactType")
}

// The fields whose values repeat, numbered for parse.Interner.InternAt.
const (
	slotCheck = iota
	slotTitle
	slotPackage
	slotVersion
	slotFixed
	slotURL
	slotProvider
	slotService
	slotResolution
	slotCategory
	slotType
)

// The kinds of findings in a result.
const (
	kindVuln = iota
	kindMisconf
	kindSecret
)

// maxAddress bounds the Terraform addresses kept from occurrences.
const maxAddress = 1 << 10

// kindNames name the kinds of findings in messages.
var kindNames = [...]string{kindVuln: "a vulnerability", kindMisconf: "a misconfiguration", kindSecret: "a secret"}

// item is a finding read, with what its completion needs.
type item struct {
	f           *findings.Finding
	kind        int
	rated       bool
	pkgPath     string
	cause       string   // CauseMetadata.Resource
	occurrences []string // the Resource of each occurrence, innermost first
	provider    string
	vuln        findings.Vulnerability
}

type reader struct {
	j    *parse.JSON
	emit func(*findings.Finding) error
	// The artifact's and the current result's context.
	artifact, artifactType string
	created                time.Time
	target, class, typ     string
	haveTarget, haveClass  bool
	haveType               bool
	hold                   parse.Hold[*item]
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &reader{j: parse.NewJSON(r, file), emit: emit}
	ok, err := rd.j.IsObject("a Trivy report")
	if ok {
		err = rd.j.Object(rd.readTop)
	}
	return rd.j.Done(err)
}

func (rd *reader) readTop(key []byte) error {
	j := rd.j
	switch string(key) {
	case "SchemaVersion":
		loc := j.S.Location()
		if v, ok := j.Int(); ok && v != 2 {
			j.Add(onus.ErrorAt(loc, onus.EUnsupported, "schema version %d is not 2; reading it as 2", v))
		}
	case "ArtifactName":
		rd.artifact = j.String()
	case "ArtifactType":
		rd.artifactType = j.String()
	case "CreatedAt":
		if t, err := time.Parse(time.RFC3339Nano, j.String()); err == nil {
			rd.created = t.UTC()
		}
	case "Results":
		return j.Array(rd.readResult)
	}
	return nil
}

func (rd *reader) readResult() error {
	j := rd.j
	loc := j.Here()
	rd.target, rd.class, rd.typ = "", "", ""
	rd.haveTarget, rd.haveClass, rd.haveType = false, false, false
	err := j.Object(func(key []byte) error {
		switch string(key) {
		case "Target":
			rd.target, rd.haveTarget = j.String(), true
		case "Class":
			rd.class, rd.haveClass = j.String(), true
		case "Type":
			rd.typ, rd.haveType = j.InternedAt(slotType), true
		case "Vulnerabilities":
			return j.Array(func() error { return rd.readItem(kindVuln) })
		case "Misconfigurations":
			return j.Array(func() error { return rd.readItem(kindMisconf) })
		case "Secrets":
			return j.Array(func() error { return rd.readItem(kindSecret) })
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := rd.hold.Release(rd.finish); err != nil {
		return err
	}
	if p := rd.hold.Full(loc, "result's Target, Class and Type"); p != nil {
		j.Add(p)
	}
	return nil
}

func (rd *reader) readItem(kind int) error {
	j := rd.j
	loc := j.Here()
	if ok, err := j.IsObject(kindNames[kind]); !ok {
		return err
	}
	j.StartRecord()
	it := &item{f: &findings.Finding{Tool: "Trivy", Format: name, Loc: loc}, kind: kind}
	var err error
	switch kind {
	case kindVuln:
		err = j.Object(func(key []byte) error { return rd.readVuln(it, key) })
	case kindMisconf:
		err = j.Object(func(key []byte) error { return rd.readMisconf(it, key) })
	default:
		err = j.Object(func(key []byte) error { return rd.readSecret(it, key) })
	}
	if err != nil || !j.EndRecord() {
		return err
	}
	if !(rd.haveTarget && rd.haveClass && rd.haveType) && rd.hold.Keep(it, it.size()) {
		return nil
	}
	return rd.finish(it)
}

// size returns about how many bytes an item's text takes.
func (it *item) size() int {
	n := parse.Size(it.f) + len(it.pkgPath) + len(it.cause) + len(it.vuln.ID) + len(it.vuln.Package) + len(it.vuln.Version) + len(it.vuln.Fixed)
	for _, o := range it.occurrences {
		n += len(o)
	}
	return n
}

// readCommon reads the members that every kind of finding has; it reports
// whether key was one.
func (rd *reader) readCommon(it *item, key []byte) bool {
	j, f := rd.j, it.f
	switch string(key) {
	case "Title":
		f.Title = j.InternedAt(slotTitle)
	case "Description":
		f.Description = strings.TrimSpace(j.String())
	case "Severity":
		loc := j.S.Location()
		s := j.Bytes()
		if sev, ok := parse.Severity(string(s)); ok {
			f.Severity, it.rated = sev, true
		} else if len(s) > 0 && !strings.EqualFold(string(s), "UNKNOWN") {
			j.Bad(onus.ErrorAt(loc, onus.EInvalid, "unknown severity %q", s))
		}
	case "PrimaryURL":
		f.URL = j.InternedAt(slotURL)
	default:
		return false
	}
	return true
}

func (rd *reader) readVuln(it *item, key []byte) error {
	j, v := rd.j, &it.vuln
	if rd.readCommon(it, key) {
		return nil
	}
	switch string(key) {
	case "VulnerabilityID":
		v.ID = j.InternedAt(slotCheck)
	case "PkgName":
		v.Package = j.InternedAt(slotPackage)
	case "PkgPath":
		it.pkgPath = j.String()
	case "InstalledVersion":
		v.Version = j.InternedAt(slotVersion)
	case "FixedVersion":
		v.Fixed = j.InternedAt(slotFixed)
	}
	return nil
}

func (rd *reader) readMisconf(it *item, key []byte) error {
	j, f := rd.j, it.f
	if rd.readCommon(it, key) {
		return nil
	}
	switch string(key) {
	case "ID":
		if id := j.InternedAt(slotCheck); f.Check == "" {
			f.Check = id
		}
	case "AVDID":
		if id := j.InternedAt(slotCheck); id != "" {
			f.Check = id
		}
	case "Resolution":
		f.Remediation = j.InternedAt(slotResolution)
	case "Status":
		switch s := j.Bytes(); string(s) {
		case "FAIL":
			f.Status = findings.Fail
		case "PASS":
			f.Status = findings.Pass
		case "EXCEPTION":
			f.Status = findings.Skipped
		}
	case "CauseMetadata":
		return j.Object(func(key []byte) error {
			switch string(key) {
			case "Resource":
				it.cause = j.String()
			case "Provider":
				it.provider = j.InternedAt(slotProvider)
			case "Service":
				f.Resource.Service = j.InternedAt(slotService)
			case "StartLine":
				if n, ok := j.Int(); ok && n > 0 {
					f.Resource.Line = int(n)
				}
			case "Occurrences":
				return j.Array(func() error {
					return j.Object(func(key []byte) error {
						if string(key) == "Resource" && len(it.occurrences) < parse.MaxList {
							// Addresses are short; a long one is no address.
							if b := j.Bytes(); len(b) <= maxAddress {
								it.occurrences = append(it.occurrences, string(b))
							}
						}
						return nil
					})
				})
			}
			return nil
		})
	}
	return nil
}

func (rd *reader) readSecret(it *item, key []byte) error {
	j, f := rd.j, it.f
	if rd.readCommon(it, key) {
		return nil
	}
	switch string(key) {
	case "RuleID":
		f.Check = j.InternedAt(slotCheck)
	case "Category":
		if c := j.InternedAt(slotCategory); c != "" {
			f.Categories = []string{"secret", c}
		}
	case "StartLine":
		if n, ok := j.Int(); ok && n > 0 {
			f.Resource.Line = int(n)
		}
	case "Match":
		f.Description = j.String()
	}
	return nil
}

// finish completes a finding with its result's and artifact's context and
// emits it.
func (rd *reader) finish(it *item) error {
	f := it.f
	res := &f.Resource
	if !it.rated {
		parse.Unrated(f)
	}
	f.Observed = rd.created
	switch it.kind {
	case kindVuln:
		v := it.vuln
		f.Check = v.ID
		switch rd.class {
		case "os-pkgs":
			v.Class = "os"
		case "lang-pkgs":
			v.Class = "application"
			res.File = rd.target
		default:
			v.Class = parse.VulnClass(rd.typ)
		}
		if it.pkgPath != "" {
			res.File = it.pkgPath
		}
		f.Vulnerability = &v
		f.Status = findings.Fail
		if f.Title == "" {
			f.Title = v.ID
		}
		rd.artifactResource(res)
	case kindMisconf:
		res.File = rd.target
		res.Address = address(it.cause, it.occurrences)
		if typ, nm, ok := parse.TerraformAddress(res.Address); ok {
			res.Type, res.Name = typ, nm
			res.Provider = parse.TerraformProvider(typ)
		}
		if p := parse.Provider(it.provider); p != "" {
			res.Provider = p
		}
		if f.Status == "" {
			f.Status = findings.Fail
		}
	case kindSecret:
		rd.artifactResource(res)
		res.File = rd.target
		f.Status = findings.Fail
	}
	if f.Check == "" {
		rd.j.Add(onus.ErrorAt(f.Loc, onus.EInvalid, "finding has no ID"))
		return nil
	}
	return parse.Emit(rd.emit, f)
}

// artifactResource makes the scanned artifact the finding's resource.
func (rd *reader) artifactResource(res *findings.Resource) {
	res.ID, res.Name, res.Type = rd.artifact, rd.artifact, rd.artifactType
}

// address builds the Terraform address of a misconfiguration: the
// innermost occurrence that is a resource, prefixed with the module calls
// of the occurrences around it.
func address(cause string, occurrences []string) string {
	addr := ""
	for _, o := range occurrences {
		switch {
		case addr == "":
			addr = o
		case strings.HasPrefix(o, "module."):
			addr = o + "." + addr
		}
	}
	if _, _, ok := parse.TerraformAddress(addr); !ok {
		return cause
	}
	return addr
}
