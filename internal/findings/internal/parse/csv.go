package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/onus-dev/onus"
)

// MaxRow bounds the size of one CSV row. Prowler's rows carry a check's
// description, risk and remediation code, a few kilobytes; a row of
// megabytes is a broken or hostile file.
const MaxRow = 4 << 20

// CSV reads delimited text one row at a time, with the line and column of
// every cell, in memory bounded by MaxRow.
type CSV struct {
	File string
	// Header holds the names in the first row, trimmed, with a leading
	// byte-order mark removed.
	Header []string
	r      *csv.Reader
	lim    *rowLimit
	next   int // the line after the row last read, where the next starts
	cells  int // the number of cells of the row last read
}

// errRowTooLarge stops the reading of a row longer than MaxRow.
var errRowTooLarge = errors.New("row too large")

// rowLimit fails reads that would take one row past MaxRow.
type rowLimit struct {
	r     io.Reader
	total int64 // bytes handed out
	mark  int64 // offset where the current row starts
}

func (l *rowLimit) Read(p []byte) (int, error) {
	room := l.mark + MaxRow - l.total
	if room <= 0 {
		return 0, errRowTooLarge
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.total += int64(n)
	return n, err
}

// NewCSV returns a CSV reading r with the given separator and reads its
// header row.
func NewCSV(r io.Reader, file string, comma rune) (*CSV, error) {
	lim := &rowLimit{r: r}
	c := &CSV{File: file, lim: lim}
	c.r = csv.NewReader(lim)
	c.r.Comma = comma
	c.r.FieldsPerRecord = -1
	c.r.ReuseRecord = true
	header, err := c.r.Read()
	if err == io.EOF {
		return nil, onus.ErrorAt(onus.Location{File: file, Line: 1}, onus.EInvalid, "empty file: expected a header row")
	}
	if err != nil {
		return nil, c.err(err)
	}
	c.setNext(len(header))
	c.Header = make([]string, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		c.Header[i] = strings.TrimSpace(h)
	}
	return c, nil
}

// Read returns the next row, whose cells are valid until the next call,
// and its line. At the end of the input it returns io.EOF. A row the CSV
// grammar rejects is returned as an error that is not fatal: reading may
// go on with the next row. Other errors are fatal, and Fatal reports them.
func (c *CSV) Read() (row []string, line int, err error) {
	c.lim.mark = c.r.InputOffset()
	for {
		row, err = c.r.Read()
		if err != nil {
			if err == io.EOF {
				return nil, 0, err
			}
			return nil, 0, c.err(err)
		}
		line, _ = c.r.FieldPos(0)
		c.setNext(len(row))
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // a blank line
		}
		return row, line, nil
	}
}

// setNext records where the row after the one just read, of n cells,
// starts, for errors that the csv package does not locate.
func (c *CSV) setNext(n int) {
	c.cells = n
	if n > 0 {
		line, _ := c.r.FieldPos(n - 1)
		c.next = line + 1
	}
}

// Fatal reports whether an error from Read stops the reading of the file.
func Fatal(err error) bool {
	var e *onus.Error
	return errors.As(err, &e) && e.Code != onus.EInvalid
}

// err turns an error of the csv package into a located onus error.
func (c *CSV) err(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, errRowTooLarge) {
			return onus.ErrorAt(onus.Location{File: c.File, Line: pe.StartLine}, onus.ETooLarge,
				"row longer than %d bytes", MaxRow)
		}
		return onus.ErrorAt(onus.Location{File: c.File, Line: pe.Line, Column: pe.Column}, onus.EInvalid, "%v", pe.Err)
	}
	if errors.Is(err, errRowTooLarge) {
		return onus.ErrorAt(onus.Location{File: c.File, Line: c.next}, onus.ETooLarge, "row longer than %d bytes", MaxRow)
	}
	return &onus.Error{Code: onus.EInternal, Message: "cannot read input", Loc: onus.Location{File: c.File}, Err: err}
}

// Loc returns the location of cell i of the row last read, with the
// column's name as its path.
func (c *CSV) Loc(i int) onus.Location {
	if i < 0 || i >= c.cells {
		return onus.Location{File: c.File, Line: c.next - 1}
	}
	line, col := c.r.FieldPos(i)
	loc := onus.Location{File: c.File, Line: line, Column: col}
	if i < len(c.Header) {
		loc.Path = c.Header[i]
	}
	return loc
}

// Index maps the header's names to their positions, by the key that
// norm gives each name; the first of repeated names wins.
func (c *CSV) Index(norm func(string) string) map[string]int {
	idx := make(map[string]int, len(c.Header))
	for i, h := range c.Header {
		k := norm(h)
		if _, dup := idx[k]; !dup {
			idx[k] = i
		}
	}
	return idx
}

// FirstLine returns the first line of head, for sniffing a CSV header.
func FirstLine(head []byte) []byte {
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	return bytes.TrimRight(line, "\r")
}

// HeaderNames splits a header line at comma and trims the names, without
// the CSV grammar's quotes; sniffers use it on FirstLine.
func HeaderNames(line []byte, comma byte) []string {
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = rune(comma)
	r.LazyQuotes = true
	names, err := r.Read()
	if err != nil {
		return nil
	}
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
	}
	return names
}
