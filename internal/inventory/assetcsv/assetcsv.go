// Package assetcsv reads onus's asset list in CSV (format "csv"), for
// assets no other inventory knows: on-premises systems, SaaS subscriptions,
// a CMDB export.
//
// # The format
//
// The first row is a header naming the columns; their order is free and
// their names are matched without regard to case. Columns:
//
//	id           required: the asset's ID, unique in the file
//	service      required: the catalog service ID (aws:rds, saas:slack,
//	             onprem:vmware), which is the resource type
//	name         display name
//	model        delivery model overriding the service's: onprem, iaas,
//	             caas, paas, faas or saas (or their long names)
//	provider     the vendor delivering the service, for generic services
//	             such as colocation or a SaaS onus has no entry for
//	account      account, subscription or project
//	region       region or site
//	environment  prod, staging, …
//	tags         key=value pairs separated by semicolons:
//	             team=payments;cost-center=42
//	data         data classes separated by semicolons: pii;pci (public,
//	             internal, confidential, pii, phi, pci, secrets, financial)
//	owner        the party that owns the asset
//	type         the resource type another inventory reported, kept for
//	             reports
//
// For example:
//
//	id,service,name,environment,tags,data,owner
//	erp-db,onprem:database,ERP database,prod,team=finance,pii;financial,team-erp
//	crm,saas:salesforce,Salesforce,prod,,pii,team-sales
//
// Cells are trimmed of surrounding spaces; a cell holding a comma, a quote or
// a line break is quoted as RFC 4180 says. A file whose header uses
// semicolons and no commas (as spreadsheets in many locales save CSV) is
// read with semicolons as the separator. A leading byte-order mark is
// skipped. Columns with other names are ignored, so that a spreadsheet can
// keep notes beside the assets, but a name one or two letters away from a
// known column ("enviroment") is an error, because it is almost certainly a
// typo that would silently drop the column.
//
// # What Read produces
//
// Each row becomes a resource in the Service vocabulary whose Type is the
// service column. Model, environment and type, which a resource has no
// fields for, are in Attrs["model"] (the delivery model's ID),
// Attrs["environment"] and Attrs["type"].
//
// Problems are reported with the file, the line, the column (counted in
// characters) and the column's name, for instance
//
//	assets.csv:14:27: column data: unknown data class "pcii" (did you mean "pci"?)
//
// Every row without problems is emitted, and all the problems of the file
// (up to 50) are returned together at the end.
package assetcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
)

// Format reads onus's CSV asset list.
var Format = inventory.Format{
	Name:        "csv",
	Description: "onus asset list in CSV (columns id, service, name, model, provider, account, region, environment, tags, data, owner, type)",
	Sniff:       sniff,
	Read:        read,
}

// Bounds on the input: a line longer than MaxLine is no asset list, and
// MaxRows bounds the memory of the duplicate check.
const (
	MaxLine     = 1 << 20
	MaxRows     = 1_000_000
	maxProblems = 50
	headPeek    = 64 << 10 // how much of the file the separator is chosen from
)

// columns are the known columns, in the order they are documented.
var columns = []string{"id", "service", "name", "model", "provider", "account", "region", "environment", "tags", "data", "owner", "type"}

// required are the columns every file must have.
var required = []string{"id", "service"}

// separator returns the separator of a CSV file from its header line.
func separator(header []byte) rune {
	if bytes.Count(header, []byte{';'}) > 0 && !bytes.Contains(header, []byte{','}) {
		return ';'
	}
	return ','
}

func sniff(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = separator(line)
	names, err := r.Read()
	if err != nil {
		return false
	}
	found := map[string]bool{}
	for _, n := range names {
		found[strings.ToLower(strings.TrimSpace(n))] = true
	}
	return found["id"] && found["service"]
}

// table is a CSV file being read.
type table struct {
	file     string
	r        *csv.Reader
	index    map[string]int // column name → field index
	problems onus.ErrorList
}

func read(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	br := bufio.NewReaderSize(&lineLimiter{r: r}, headPeek)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	headerLine, _ := br.Peek(headPeek) // the error is the short read at the end of a small file
	headerLine, _, _ = bytes.Cut(headerLine, []byte{'\n'})
	t := &table{file: file, r: csv.NewReader(br)}
	t.r.Comma = separator(headerLine)
	t.r.TrimLeadingSpace = true
	header, err := t.r.Read()
	if err != nil {
		if err == io.EOF {
			return &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: file}, Message: "the file is empty: it needs a header row"}
		}
		return t.csvError(err)
	}
	if err := t.readHeader(header); err != nil {
		return err
	}
	t.r.ReuseRecord = true
	seen := map[string]int{} // asset ID → line
	for rows := 0; ; rows++ {
		rec, err := t.r.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			t.problems = append(t.problems, t.csvError(err))
			continue
		}
		if err != nil {
			return t.finish(t.csvError(err))
		}
		if rows >= MaxRows {
			return t.finish(&onus.Error{Code: onus.ETooLarge, Loc: onus.Location{File: file, Line: t.line(0)},
				Message: fmt.Sprintf("more than %d assets: split the file", MaxRows)})
		}
		res := t.row(rec, seen)
		if len(t.problems) >= maxProblems {
			return t.finish(nil)
		}
		if res != nil {
			if err := emit(res); err != nil {
				return err
			}
		}
	}
	return t.finish(nil)
}

// finish returns the problems found, with err, a fatal one, among them.
func (t *table) finish(err *onus.Error) error {
	if err != nil {
		t.problems = append(t.problems, err)
	}
	if len(t.problems) == 0 {
		return nil
	}
	t.problems.Sort()
	return t.problems
}

// readHeader maps the header's columns, reporting every problem with them.
func (t *table) readHeader(header []string) error {
	t.index = map[string]int{}
	var list onus.ErrorList
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		line, col := t.r.FieldPos(i)
		loc := onus.Location{File: t.file, Line: line, Column: col}
		switch {
		case slices.Contains(columns, name):
			if _, dup := t.index[name]; dup {
				list.Add(loc, onus.EInvalid, "column %q appears twice", name)
			}
			t.index[name] = i
		case name != "" && onus.DidYouMean(name, columns) != "":
			list.Add(loc, onus.EInvalid, "unknown column %q%s", h, suggestOrList(name, columns))
		}
	}
	for _, name := range required {
		if _, ok := t.index[name]; !ok {
			list.Add(onus.Location{File: t.file, Line: 1}, onus.EInvalid, "the header has no %q column (columns: %s)", name, strings.Join(columns, ", "))
		}
	}
	if len(list) > 0 {
		list.Sort()
		return list
	}
	return nil
}

// line returns the line a record's field starts on.
func (t *table) line(field int) int {
	line, _ := t.r.FieldPos(field)
	return line
}

// cell returns the trimmed value of a column, and where it is.
func (t *table) cell(rec []string, name string) (string, onus.Location) {
	i, ok := t.index[name]
	if !ok || i >= len(rec) {
		return "", onus.Location{}
	}
	line, col := t.r.FieldPos(i)
	return strings.TrimSpace(rec[i]), onus.Location{File: t.file, Line: line, Column: col, Path: "column " + name}
}

// problem records a problem in a cell.
func (t *table) problem(loc onus.Location, format string, args ...any) {
	t.problems.Add(loc, onus.EInvalid, format, args...)
}

// row converts one record, recording its problems; it returns nil when it
// has any.
func (t *table) row(rec []string, seen map[string]int) *inventory.Resource {
	before := len(t.problems)
	get := func(name string) string {
		v, _ := t.cell(rec, name)
		return v
	}
	rowLoc := onus.Location{File: t.file, Line: t.line(0)}
	id, idLoc := t.cell(rec, "id")
	switch first, dup := seen[id]; {
	case id == "":
		t.problem(idLoc, "the asset has no id")
	case dup:
		t.problem(idLoc, "id %q is already used on line %d", id, first)
	default:
		seen[id] = rowLoc.Line
	}
	service, serviceLoc := t.cell(rec, "service")
	if service == "" {
		t.problem(serviceLoc, "the asset has no service")
	}
	attrs := map[string]string{}
	if v, loc := t.cell(rec, "model"); v != "" {
		if m, ok := onus.ParseDeliveryModel(v); ok {
			attrs["model"] = string(m)
		} else {
			t.problem(loc, "unknown delivery model %q%s", v, suggestOrList(v, names(onus.DeliveryModels())))
		}
	}
	for _, k := range []string{"environment", "type"} {
		if v := get(k); v != "" {
			attrs[k] = v
		}
	}
	tags := t.tags(t.cell(rec, "tags"))
	data := t.data(t.cell(rec, "data"))
	if len(t.problems) > before {
		return nil
	}
	return &inventory.Resource{
		Vocabulary: inventory.Service,
		Type:       service,
		ID:         id,
		Name:       get("name"),
		Provider:   get("provider"),
		Account:    get("account"),
		Region:     get("region"),
		Tags:       tags,
		Attrs:      attrs,
		Data:       data,
		Owner:      get("owner"),
		Loc:        rowLoc,
	}
}

// tags parses key=value;key=value.
func (t *table) tags(v string, loc onus.Location) map[string]string {
	if v == "" {
		return nil
	}
	tags := map[string]string{}
	for _, pair := range strings.Split(v, ";") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, val, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		switch _, dup := tags[k]; {
		case !ok || k == "":
			t.problem(loc, "tag %q is not key=value (separate tags with semicolons: team=payments;env=prod)", pair)
		case dup:
			t.problem(loc, "tag %q is given twice", k)
		default:
			tags[k] = strings.TrimSpace(val)
		}
	}
	return tags
}

// dataClasses are the data classes a cell may name.
var dataClasses = onus.DataClasses()

// data parses data classes separated by semicolons.
func (t *table) data(v string, loc onus.Location) []onus.DataClass {
	var out []onus.DataClass
	for _, part := range strings.Split(v, ";") {
		c := onus.DataClass(strings.ToLower(strings.TrimSpace(part)))
		switch {
		case c == "":
		case slices.Contains(dataClasses, c):
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		default:
			t.problem(loc, "unknown data class %q%s", strings.TrimSpace(part), suggestOrList(string(c), names(dataClasses)))
		}
	}
	return out
}

// suggestOrList returns a did-you-mean for word, or the list of valid words.
func suggestOrList(word string, valid []string) string {
	if s := onus.DidYouMean(word, valid); s != "" {
		return s
	}
	return " (use " + strings.Join(valid, ", ") + ")"
}

// names returns the names of data classes or delivery models, for
// messages.
func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// csvError locates an error of the CSV reader.
func (t *table) csvError(err error) *onus.Error {
	var pe *csv.ParseError
	var tooLong *lineTooLong
	switch {
	case errors.As(err, &tooLong):
		return &onus.Error{Code: onus.ETooLarge, Loc: onus.Location{File: t.file},
			Message: fmt.Sprintf("a line is longer than %d bytes: this is not an asset list", MaxLine)}
	case errors.As(err, &pe):
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "the row has a different number of cells than the header"
		}
		return &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: t.file, Line: pe.Line, Column: pe.Column}, Message: msg}
	}
	return &onus.Error{Code: onus.EInternal, Loc: onus.Location{File: t.file}, Message: "cannot read input", Err: err}
}

// lineTooLong is the error of a line over MaxLine bytes.
type lineTooLong struct{}

func (*lineTooLong) Error() string { return "line too long" }

// lineLimiter fails a read that would make a line longer than MaxLine, so
// that a file without line breaks cannot make the CSV reader buffer it all.
type lineLimiter struct {
	r   io.Reader
	run int // bytes since the last line break
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.run = 0
		} else if l.run++; l.run > MaxLine {
			return 0, &lineTooLong{}
		}
	}
	return n, err
}
