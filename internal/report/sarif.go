package report

import (
	"bufio"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/onus-dev/onus"
)

// SARIF 2.1.0, the subset code-scanning tools read.

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]string  `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// sarifLevel maps a severity onto SARIF's three levels.
func sarifLevel(s onus.Severity) string {
	switch {
	case s >= onus.High:
		return "error"
	case s == onus.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the score GitHub code scanning reads to rank results.
func securitySeverity(s onus.Severity) string {
	return [...]string{"0.0", "3.0", "5.5", "8.0", "9.5"}[s]
}

// ChecksDocURL is where each check is documented, by anchor.
const ChecksDocURL = "https://github.com/onus-dev/onus/blob/main/docs/checks.md"

// The SARIF version written, and its schema.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

// writeSARIF writes the log with its results streamed, one per line: a
// large estate's results never sit in memory all at once.
func writeSARIF(w io.Writer, r *Report) error {
	driver, index := sarifDriverOf(r.Options.Version)
	j := &jsonWriter{w: bufio.NewWriterSize(w, 1<<16)}
	j.raw(`{"version": "` + sarifVersion + `", "$schema": "` + sarifSchema + `", "runs": [{"tool": {"driver": `)
	j.value(driver)
	j.raw(`}, "results": [`)
	n := 0
	for f := range r.Findings {
		if n > 0 {
			j.raw(",")
		}
		j.raw("\n  ")
		j.value(sarifResultOf(f, index[f.Check]))
		n++
	}
	j.raw("\n]}]}\n")
	return j.flush()
}

// sarifDriverOf describes onus of the given version, with every check as a
// SARIF rule, and gives each check's index among the rules.
func sarifDriverOf(version string) (sarifDriver, map[onus.Check]int) {
	var rules []sarifRule
	index := map[onus.Check]int{}
	for i, ci := range onus.Checks() {
		index[ci.ID] = i
		rules = append(rules, sarifRule{
			ID: "onus/" + string(ci.ID), Name: ci.Title,
			ShortDescription: sarifText{ci.Title}, FullDescription: sarifText{ci.Meaning},
			HelpURI:              ChecksDocURL + "#" + string(ci.ID),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(ci.Severity)},
			Properties:           map[string]any{"security-severity": securitySeverity(ci.Severity), "tags": []string{"security", "shared-responsibility"}},
		})
	}
	return sarifDriver{Name: "onus", Version: version, InformationURI: "https://github.com/onus-dev/onus", Rules: rules}, index
}

func sarifResultOf(f *onus.Finding, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID: "onus/" + string(f.Check), RuleIndex: ruleIndex, Level: sarifLevel(f.Severity),
		Message:             sarifText{f.Message},
		PartialFingerprints: map[string]string{"onusFindingKey/v1": f.Key},
		Properties:          map[string]string{"severity": f.Severity.String(), "security-severity": securitySeverity(f.Severity)},
	}
	loc := sarifLocation{}
	if uri := sarifURI(f.Loc.File); uri != "" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}
		if f.Loc.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Loc.Line, StartColumn: f.Loc.Column}
		}
	}
	if f.Asset != nil {
		if f.Layer != "" {
			res.Properties["layer"] = string(f.Layer)
		}
		res.Properties["asset"] = f.Asset.ID
		loc.LogicalLocations = []sarifLogical{{Name: f.Asset.ID, FullyQualifiedName: f.Asset.Address, Kind: "resource"}}
	} else if s := subject(f); s != "" {
		loc.LogicalLocations = []sarifLogical{{Name: s, Kind: "object"}}
	}
	res.Locations = []sarifLocation{loc}
	if f.Acceptance != "" && !f.Expired {
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: "risk acceptance " + f.Acceptance}}
	}
	return res
}

// sarifURI turns a location's file into a SARIF artifact URI: relative
// paths stay relative, with forward slashes; built-in catalog locations have
// no file.
func sarifURI(file string) string {
	switch {
	case file == "" || strings.HasPrefix(file, "builtin:"):
		return ""
	case filepath.IsAbs(file):
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(file)}).String()
}
