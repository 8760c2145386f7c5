package generic

import (
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
)

// csvName is the CSV format's name.
const csvName = "generic-csv"

// CSVFormat reads onus's generic findings CSV.
var CSVFormat = findings.Format{
	Name:        csvName,
	Description: "onus's generic findings CSV, for any other tool (a check column and the fields onus documents)",
	Sniff:       sniffCSV,
	Read:        readCSV,
}

// sniffCSV accepts a comma-separated header with a check column and at
// least one other field of the format.
func sniffCSV(head []byte) bool {
	check, others := false, 0
	for _, n := range parse.HeaderNames(parse.FirstLine(head), ',') {
		switch i, _ := lookupField(n); {
		case i == fCheck:
			check = true
		case i >= 0:
			others++
		}
	}
	return check && others > 0
}

func readCSV(r io.Reader, file string, emit func(*findings.Finding) error) error {
	var p parse.Problems
	var in parse.Interner
	c, err := parse.NewCSV(r, file, ',')
	if err != nil {
		return p.Finish(err)
	}
	cols := make([]int, len(c.Header)) // the field of each column, or -1
	where := map[int]int{}             // the column of each field
	for i, h := range c.Header {
		f, suggestion := lookupField(h)
		cols[i] = f
		switch {
		case suggestion != "":
			p.Add(onus.ErrorAt(c.Loc(i), onus.EInvalid, "unknown column %q%s", h, suggestion))
		case f >= 0:
			if _, dup := where[f]; dup {
				p.Add(onus.ErrorAt(c.Loc(i), onus.EInvalid, "column %q appears twice", h))
			}
			where[f] = i
		}
	}
	if _, ok := where[fCheck]; !ok {
		p.Add(onus.ErrorAt(onus.Location{File: file, Line: 1}, onus.EInvalid, "the header has no check column"))
	}
	if p.Len() > 0 {
		return p.Finish(nil)
	}
	for {
		row, line, err := c.Read()
		switch {
		case err == io.EOF:
			return p.Finish(nil)
		case err != nil:
			if parse.Fatal(err) {
				return p.Finish(err)
			}
			p.Add(err)
			continue
		}
		if len(row) != len(cols) {
			p.Add(onus.ErrorAt(onus.Location{File: file, Line: line}, onus.EInvalid, "row has %d cells, the header %d", len(row), len(cols)))
			continue
		}
		var rec record
		for i, cell := range row {
			if f := cols[i]; f >= 0 {
				rec.vals[f] = strings.Clone(strings.TrimSpace(cell))
			}
		}
		var problem *fieldError
		rec.categories = in.SplitList(fCategories, rec.vals[fCategories], ";")
		rec.tags, problem = splitTags(rec.vals[fTags], &in)
		var f *findings.Finding
		if problem == nil {
			f, problem = build(&rec, csvName, onus.Location{File: file, Line: line}, &in)
		}
		if problem != nil {
			p.Add(onus.ErrorAt(c.Loc(where[problem.field]), onus.EInvalid, "%s", problem.msg))
			continue
		}
		if err := parse.Emit(emit, f); err != nil {
			return p.Finish(err)
		}
	}
}
