package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// Limits on what a workbook may hold. The baselines are a few hundred
// kilobytes each; the limits are generous multiples of that, so that a
// corrupt or hostile file fails fast instead of exhausting memory.
const (
	maxWorkbookSize = 16 << 20 // bytes of the .xlsx file itself
	maxPartSize     = 32 << 20 // bytes of one decompressed part
	maxTotalSize    = 64 << 20 // bytes of all the parts read, together
	maxParts        = 256      // entries in the zip archive
	maxStrings      = 200000   // entries of the shared-string table
	maxRows         = 100000   // rows of one sheet
	maxColumns      = 256      // columns of one sheet
	maxCells        = 1 << 20  // cells of all sheets, together
	maxCellSize     = 1 << 20  // bytes of text in one cell
)

// workbook is the part of an .xlsx file the generator reads: the text of
// every cell of every sheet, by sheet name, and when the file was last saved.
type workbook struct {
	file     string
	sheets   map[string][][]string
	modified time.Time // zero when docProps/core.xml does not say
}

// readWorkbook reads an .xlsx file held in data. name is used in errors only.
// It understands shared strings, inline strings, rich-text runs, plain values
// and booleans, which is what the baselines (written by Excel and by
// openpyxl) use; formulas are read as their cached values.
func readWorkbook(name string, data []byte) (*workbook, error) {
	if len(data) > maxWorkbookSize {
		return nil, onus.ErrorAt(onus.Location{File: name}, onus.ETooLarge, "workbook is %d bytes, over the limit of %d", len(data), maxWorkbookSize)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &onus.Error{Code: onus.EInvalid, Message: "not an .xlsx (zip) file", Loc: onus.Location{File: name}, Err: err}
	}
	if len(zr.File) > maxParts {
		return nil, onus.ErrorAt(onus.Location{File: name}, onus.ETooLarge, "workbook has %d parts, over the limit of %d", len(zr.File), maxParts)
	}
	r := &partReader{file: name, parts: map[string]*zip.File{}, budget: maxTotalSize, cells: maxCells}
	for _, f := range zr.File {
		r.parts[strings.TrimPrefix(path.Clean("/"+f.Name), "/")] = f
	}
	wb := &workbook{file: name, sheets: map[string][][]string{}}

	var shared []string
	if r.has("xl/sharedStrings.xml") {
		if shared, err = r.sharedStrings("xl/sharedStrings.xml"); err != nil {
			return nil, err
		}
	}
	targets, err := r.relationships("xl/_rels/workbook.xml.rels", "xl")
	if err != nil {
		return nil, err
	}
	sheets, err := r.sheetList("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	for _, s := range sheets {
		target, ok := targets[s.rel]
		if !ok {
			return nil, onus.ErrorAt(onus.Location{File: name, Path: "xl/workbook.xml"}, onus.EInvalid, "sheet %q points at relationship %q, which does not exist", s.name, s.rel)
		}
		rows, err := r.sheet(target, shared)
		if err != nil {
			return nil, err
		}
		wb.sheets[s.name] = rows
	}
	if r.has("docProps/core.xml") {
		wb.modified = r.modified("docProps/core.xml")
	}
	return wb, nil
}

// partReader reads the XML parts of one workbook, each under the size limit
// and all of them under a budget, since a workbook can name one part many
// times (and zip entries can share their data).
type partReader struct {
	file   string
	parts  map[string]*zip.File
	budget int64 // bytes still allowed to be read
	cells  int   // cells still allowed to be kept
}

func (r *partReader) has(part string) bool { return r.parts[part] != nil }

func (r *partReader) at(part string) onus.Location { return onus.Location{File: r.file, Path: part} }

// open returns an XML decoder over a part. The caller closes the returned
// closer.
func (r *partReader) open(part string) (*xml.Decoder, io.Closer, error) {
	f := r.parts[part]
	if f == nil {
		return nil, nil, onus.ErrorAt(r.at(part), onus.EInvalid, "workbook part is missing")
	}
	if f.UncompressedSize64 > maxPartSize {
		return nil, nil, onus.ErrorAt(r.at(part), onus.ETooLarge, "part is %d bytes, over the limit of %d", f.UncompressedSize64, maxPartSize)
	}
	if r.budget -= int64(f.UncompressedSize64); r.budget < 0 {
		return nil, nil, onus.ErrorAt(r.at(part), onus.ETooLarge, "the parts read add up to more than %d bytes", maxTotalSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, &onus.Error{Code: onus.EInvalid, Message: "cannot open part", Loc: r.at(part), Err: err}
	}
	// archive/zip stops a part that inflates past the size its directory
	// entry claims, so the check above bounds what the decoder reads.
	return xml.NewDecoder(rc), rc, nil
}

// errStop, returned by an each callback, ends the walk without an error.
var errStop = errors.New("stop")

// each calls fn with every token of a part, in order, until the part ends or
// fn returns an error, which each returns. A token's data is valid only
// during its call.
func (r *partReader) each(part string, fn func(xml.Token) error) error {
	d, c, err := r.open(part)
	if err != nil {
		return err
	}
	defer c.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &onus.Error{Code: onus.EInvalid, Message: "bad XML", Loc: r.at(part), Err: err}
		}
		if err := fn(tok); err != nil {
			if err == errStop {
				return nil
			}
			return err
		}
	}
}

// sharedStrings reads the shared-string table. An entry is the text of its
// <t> elements, run by run, without phonetic guides (<rPh>).
func (r *partReader) sharedStrings(part string) ([]string, error) {
	var out []string
	var text textCollector
	inItem := false
	err := r.each(part, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" {
				if len(out) >= maxStrings {
					return onus.ErrorAt(r.at(part), onus.ETooLarge, "more than %d shared strings", maxStrings)
				}
				inItem = true
				text.reset()
			}
			if inItem {
				text.start(t.Name.Local)
			}
		case xml.EndElement:
			if inItem {
				text.end(t.Name.Local)
			}
			if t.Name.Local == "si" && inItem {
				out = append(out, text.String())
				inItem = false
			}
		case xml.CharData:
			if inItem {
				if err := text.add(t); err != nil {
					return onus.ErrorAt(r.at(part), onus.ETooLarge, "shared string %d: %v", len(out), err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// textCollector gathers the text of <t> elements that are not inside a
// phonetic guide, up to maxCellSize bytes.
type textCollector struct {
	b        strings.Builder
	inT      bool
	phonetic int
}

func (c *textCollector) reset() { c.b.Reset(); c.inT = false; c.phonetic = 0 }

func (c *textCollector) start(local string) {
	switch local {
	case "t":
		c.inT = true
	case "rPh":
		c.phonetic++
	}
}

func (c *textCollector) end(local string) {
	switch local {
	case "t":
		c.inT = false
	case "rPh":
		c.phonetic--
	}
}

func (c *textCollector) add(data []byte) error {
	if !c.inT || c.phonetic > 0 {
		return nil
	}
	if c.b.Len()+len(data) > maxCellSize {
		return fmt.Errorf("text longer than %d bytes", maxCellSize)
	}
	c.b.Write(data)
	return nil
}

func (c *textCollector) String() string { return c.b.String() }

// relationships reads a relationships part and returns each relationship's
// target as a part name, resolving relative targets against dir.
func (r *partReader) relationships(part, dir string) (map[string]string, error) {
	out := map[string]string{}
	err := r.each(part, func(tok xml.Token) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "Relationship" {
			return nil
		}
		if len(out) >= maxParts {
			return onus.ErrorAt(r.at(part), onus.ETooLarge, "more than %d relationships", maxParts)
		}
		id, target := attr(t, "Id"), attr(t, "Target")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		out[id] = target
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

type sheetRef struct{ name, rel string }

// sheetList reads the workbook's sheets, in workbook order.
func (r *partReader) sheetList(part string) ([]sheetRef, error) {
	var out []sheetRef
	err := r.each(part, func(tok xml.Token) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "sheet" {
			return nil
		}
		if len(out) >= maxParts {
			return onus.ErrorAt(r.at(part), onus.ETooLarge, "more than %d sheets", maxParts)
		}
		// r:id is namespaced; any attribute named id in a namespace other
		// than the main one is it.
		ref := sheetRef{name: attr(t, "name")}
		for _, a := range t.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				ref.rel = a.Value
			}
		}
		out = append(out, ref)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sheet reads the cells of a worksheet as rows of text, in document order.
// Empty rows are kept out; a row's cells sit at their column positions.
func (r *partReader) sheet(part string, shared []string) ([][]string, error) {
	var (
		rows  [][]string
		row   []string
		cell  struct{ ref, typ string }
		value textCollector // <v>, and <is><t> for inline strings
		col   int
		inV   bool
		v     strings.Builder
	)
	err := r.each(part, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if len(rows) >= maxRows {
					return onus.ErrorAt(r.at(part), onus.ETooLarge, "more than %d rows", maxRows)
				}
				row, col = nil, 0
			case "c":
				cell.ref, cell.typ = attr(t, "r"), attr(t, "t")
				value.reset()
				v.Reset()
			case "v":
				inV = true
			default:
				value.start(t.Name.Local)
			}
		case xml.CharData:
			if inV {
				if v.Len()+len(t) > maxCellSize {
					return onus.ErrorAt(r.cellAt(part, cell.ref), onus.ETooLarge, "cell value longer than %d bytes", maxCellSize)
				}
				v.Write(t)
			} else if err := value.add(t); err != nil {
				return onus.ErrorAt(r.cellAt(part, cell.ref), onus.ETooLarge, "cell %v", err)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if cell.ref != "" {
					n, ok := columnIndex(cell.ref)
					if !ok {
						return onus.ErrorAt(r.cellAt(part, cell.ref), onus.EInvalid, "bad cell reference %q", cell.ref)
					}
					col = n
				}
				if col >= maxColumns {
					return onus.ErrorAt(r.cellAt(part, cell.ref), onus.ETooLarge, "cell beyond column %d", maxColumns)
				}
				text, err := cellText(cell.typ, v.String(), value.String(), shared)
				if err != nil {
					return onus.ErrorAt(r.cellAt(part, cell.ref), onus.EInvalid, "%v", err)
				}
				for len(row) <= col {
					row = append(row, "")
				}
				row[col] = text
				col++
			case "row":
				if len(row) > 0 {
					if r.cells -= len(row); r.cells < 0 {
						return onus.ErrorAt(r.at(part), onus.ETooLarge, "more than %d cells", maxCells)
					}
					rows = append(rows, row)
				}
			default:
				value.end(t.Name.Local)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (r *partReader) cellAt(part, ref string) onus.Location {
	loc := r.at(part)
	if ref != "" {
		loc.Path += "!" + ref
	}
	return loc
}

// cellText returns the text of a cell of type typ whose <v> holds v and whose
// inline string is inline.
func cellText(typ, v, inline string, shared []string) (string, error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(shared) {
			return "", fmt.Errorf("shared string index %q is out of range", v)
		}
		return shared[i], nil
	case "inlineStr":
		return inline, nil
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	}
	return v, nil
}

// columnIndex returns the zero-based column of a cell reference such as
// "AB12".
func columnIndex(ref string) (int, bool) {
	n, i := 0, 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		n = n*26 + int(ref[i]-'A'+1)
		if n > maxColumns {
			return maxColumns, true
		}
		i++
	}
	if i == 0 {
		return 0, false
	}
	for _, ch := range ref[i:] {
		if ch < '0' || ch > '9' {
			return 0, false
		}
	}
	return n - 1, true
}

// modified returns the dcterms:modified time of the core properties, or the
// zero time when it is absent or unreadable: the date is a nicety, not a
// reason to reject the workbook.
func (r *partReader) modified(part string) time.Time {
	var ts time.Time
	in := false
	var b strings.Builder
	r.each(part, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "modified"
		case xml.CharData:
			if in && b.Len() < 64 {
				b.Write(t)
			}
		case xml.EndElement:
			if in {
				// time.Parse gives the zero time on failure.
				ts, _ = time.Parse(time.RFC3339, strings.TrimSpace(b.String()))
				return errStop
			}
		}
		return nil
	})
	return ts
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
