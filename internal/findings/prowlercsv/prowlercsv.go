// Package prowlercsv reads Prowler's CSV output (format "prowler-csv"):
// one row per finding, cells separated by semicolons, the header written
// once. Columns are found by name, in any order and letter case, because
// Prowler adds columns from one version to the next (ACCOUNT_OU_UID and
// ACCOUNT_OU_NAME are recent); columns onus does not read are ignored.
// Prowler 3's names are read too: FINDING_UNIQUE_ID, ACCOUNT_ID,
// RESOURCE_ARN (the ID), RESOURCE_ID (the name) and ASSESSMENT_START_TIME.
//
// # Columns
//
//	CHECK_ID           Check (required)
//	STATUS             PASS, FAIL or MANUAL (required); a row whose MUTED
//	                   is True is skipped whatever its status
//	FINDING_UID        ID
//	CHECK_TITLE        Title
//	STATUS_EXTENDED    Description (the sentence about this resource),
//	                   else DESCRIPTION (the check's)
//	SEVERITY           Severity; an empty cell makes the finding Unrated
//	CHECK_TYPE         Types, " | "-separated
//	CATEGORIES         Categories, " | "-separated
//	PROVIDER           the resource's Provider (aws, azure, gcp,
//	                   kubernetes, …)
//	ACCOUNT_UID        Account
//	SERVICE_NAME       Service
//	RESOURCE_UID       the resource's ID (an ARN, an Azure resource ID, a
//	                   GCP ID)
//	RESOURCE_TYPE      Type
//	RESOURCE_NAME      Name
//	RESOURCE_TAGS      Tags: "key=value | key=value" (older versions wrote
//	                   "key:value")
//	REGION             Region; for Kubernetes, "namespace: name" is the
//	                   Namespace
//	REMEDIATION_RECOMMENDATION_TEXT  Remediation
//	RELATED_URL        URL, else REMEDIATION_RECOMMENDATION_URL
//	TIMESTAMP          Observed: "2025-02-14 14:27:03.913874" (read as UTC,
//	                   since it names no zone), RFC 3339, or seconds since
//	                   1970 (--unix-timestamp)
//
// Cells may span lines, as text cells with markdown do; the CSV grammar's
// quotes are honoured. A row with a problem (a cell count that differs
// from the header's, an unknown status, a broken quote) is reported with
// its line and column, and every other row is still emitted.
package prowlercsv

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// name is the format's name.
const name = "prowler-csv"

// Format reads Prowler's CSV output.
var Format = findings.Format{
	Name:        name,
	Description: "Prowler CSV output (semicolon-separated, columns read by name)",
	Sniff:       sniffCSV,
	Read:        read,
}

// The columns read, by their upper-case names.
const (
	colCheck = iota
	colStatus
	colMuted
	colID
	colTitle
	colExtended
	colDescription
	colSeverity
	colTypes
	colCategories
	colProvider
	colAccount
	colService
	colResourceID
	colType
	colName
	colTags
	colRegion
	colRemediation
	colURL
	colRemediationURL
	colTimestamp
	numCols
)

// columnNames maps each column read to its names, newest first.
var columnNames = [numCols][]string{
	colCheck:          {"CHECK_ID"},
	colStatus:         {"STATUS"},
	colMuted:          {"MUTED"},
	colID:             {"FINDING_UID", "FINDING_UNIQUE_ID"},
	colTitle:          {"CHECK_TITLE"},
	colExtended:       {"STATUS_EXTENDED"},
	colDescription:    {"DESCRIPTION"},
	colSeverity:       {"SEVERITY"},
	colTypes:          {"CHECK_TYPE"},
	colCategories:     {"CATEGORIES"},
	colProvider:       {"PROVIDER"},
	colAccount:        {"ACCOUNT_UID", "ACCOUNT_ID"},
	colService:        {"SERVICE_NAME"},
	colResourceID:     {"RESOURCE_UID", "RESOURCE_ARN", "RESOURCE_ID"},
	colType:           {"RESOURCE_TYPE"},
	colName:           {"RESOURCE_NAME", "RESOURCE_ID"},
	colTags:           {"RESOURCE_TAGS"},
	colRegion:         {"REGION"},
	colRemediation:    {"REMEDIATION_RECOMMENDATION_TEXT"},
	colURL:            {"RELATED_URL"},
	colRemediationURL: {"REMEDIATION_RECOMMENDATION_URL"},
	colTimestamp:      {"TIMESTAMP", "ASSESSMENT_START_TIME"},
}

// sniffCSV accepts a semicolon-separated header naming Prowler's check,
// status and provider or account columns.
func sniffCSV(head []byte) bool {
	found := map[string]bool{}
	for _, n := range parse.HeaderNames(parse.FirstLine(head), ';') {
		found[strings.ToUpper(n)] = true
	}
	return found["CHECK_ID"] && found["STATUS"] && (found["PROVIDER"] || found["ACCOUNT_UID"] || found["ACCOUNT_ID"])
}

// table is a Prowler CSV file being read.
type table struct {
	c     *parse.CSV
	cols  [numCols]int // position of each column read, -1 when absent
	width int
	parse.Problems
	parse.Interner
}

func read(r io.Reader, file string, emit func(*findings.Finding) error) error {
	t := &table{}
	c, err := parse.NewCSV(r, file, ';')
	if err != nil {
		return t.Finish(err)
	}
	t.c, t.width = c, len(c.Header)
	idx := c.Index(strings.ToUpper)
	for col, names := range columnNames {
		t.cols[col] = -1
		for _, n := range names {
			if i, ok := idx[n]; ok {
				t.cols[col] = i
				break
			}
		}
	}
	for _, col := range []int{colCheck, colStatus} {
		if t.cols[col] < 0 {
			return t.Finish(onus.ErrorAt(onus.Location{File: file, Line: 1}, onus.EInvalid,
				"not a Prowler CSV file: the header has no %s column", columnNames[col][0]))
		}
	}
	for {
		row, line, err := c.Read()
		switch {
		case err == io.EOF:
			return t.Finish(nil)
		case err != nil:
			if parse.Fatal(err) {
				return t.Finish(err)
			}
			t.Add(err)
			continue
		}
		f, err := t.finding(row, line)
		if err != nil {
			t.Add(err)
			continue
		}
		if err := parse.Emit(emit, f); err != nil {
			return t.Finish(err)
		}
	}
}

// cell returns the trimmed cell of column col, "" when the file has none.
func (t *table) cell(row []string, col int) string {
	if i := t.cols[col]; i >= 0 {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// interned returns the cell of a column whose values repeat.
func (t *table) interned(row []string, col int) string { return t.InternString(t.cell(row, col)) }

// unique returns the cell of a column whose values are the row's own, as
// a copy that does not keep the row alive.
func (t *table) unique(row []string, col int) string { return strings.Clone(t.cell(row, col)) }

// problem returns an error located at the cell of column col.
func (t *table) problem(col int, format string, args ...any) error {
	return onus.ErrorAt(t.c.Loc(max(t.cols[col], 0)), onus.EInvalid, format, args...)
}

func (t *table) finding(row []string, line int) (*findings.Finding, error) {
	if len(row) != t.width {
		return nil, onus.ErrorAt(onus.Location{File: t.c.File, Line: line}, onus.EInvalid,
			"row has %d cells, the header %d", len(row), t.width)
	}
	f := &findings.Finding{
		Tool:        "Prowler",
		Format:      name,
		ID:          t.unique(row, colID),
		Check:       t.interned(row, colCheck),
		Title:       t.interned(row, colTitle),
		Description: t.unique(row, colExtended),
		Types:       t.list(row, colTypes),
		Categories:  t.list(row, colCategories),
		Remediation: t.interned(row, colRemediation),
		URL:         t.interned(row, colURL),
		Loc:         onus.Location{File: t.c.File, Line: line},
	}
	if f.Check == "" {
		return nil, t.problem(colCheck, "no check ID")
	}
	if f.Description == "" {
		f.Description = t.interned(row, colDescription)
	}
	if f.URL == "" {
		f.URL = t.interned(row, colRemediationURL)
	}
	switch s := t.cell(row, colStatus); strings.ToUpper(s) {
	case "FAIL":
		f.Status = findings.Fail
	case "PASS":
		f.Status = findings.Pass
	case "MANUAL", "INFO":
		f.Status = findings.Manual
	default:
		return nil, t.problem(colStatus, "unknown status %q (Prowler writes PASS, FAIL or MANUAL)", s)
	}
	if strings.EqualFold(t.cell(row, colMuted), "true") {
		f.Status = findings.Skipped
	}
	if s, ok := parse.Severity(t.cell(row, colSeverity)); ok {
		f.Severity = s
	} else if w := t.cell(row, colSeverity); w != "" {
		return nil, t.problem(colSeverity, "unknown severity %q", w)
	} else {
		parse.Unrated(f)
	}
	res := &f.Resource
	res.ID = t.unique(row, colResourceID)
	res.Type = t.interned(row, colType)
	res.Name = t.unique(row, colName)
	res.Account = t.interned(row, colAccount)
	res.Service = t.interned(row, colService)
	res.Tags = t.tags(t.cell(row, colTags))
	res.Provider = t.interned(row, colProvider)
	if p := parse.Provider(res.Provider); p != "" {
		res.Provider = p
	}
	region := t.interned(row, colRegion)
	if ns, ok := strings.CutPrefix(region, "namespace:"); ok {
		res.Namespace = t.InternString(strings.TrimSpace(ns))
	} else {
		res.Region = region
	}
	f.Observed = timestamp(t.cell(row, colTimestamp))
	return f, nil
}

// list splits an unrolled list, "a | b | c".
func (t *table) list(row []string, col int) []string { return t.SplitList(col, t.cell(row, col), "|") }

// tags reads an unrolled dictionary of tags, "key=value | key=value".
func (t *table) tags(cell string) map[string]string {
	if cell == "" {
		return nil
	}
	tags := map[string]string{}
	for item := range strings.SplitSeq(cell, " | ") {
		if k, v := parse.SplitTag(item, "=", ": ", ":"); k != "" && len(tags) < parse.MaxList {
			tags[t.InternString(k)] = t.InternString(v)
		}
	}
	return tags
}

// timestampLayouts are the forms Prowler writes TIMESTAMP in: Python's
// str() of a datetime, and ISO 8601.
var timestampLayouts = []string{"2006-01-02 15:04:05.999999", "2006-01-02T15:04:05.999999", time.RFC3339Nano}

// timestamp reads TIMESTAMP; it returns the zero time for a cell it
// cannot read, since no routing decision rests on it.
func timestamp(cell string) time.Time {
	if cell == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseInt(cell, 10, 64); err == nil {
		return time.Unix(n, 0).UTC()
	}
	for _, layout := range timestampLayouts {
		if ts, err := time.Parse(layout, cell); err == nil {
			return ts.UTC()
		}
	}
	return time.Time{}
}
