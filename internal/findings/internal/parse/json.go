package parse

import (
	"io"
	"strconv"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// Bounds on what one record may make a reader hold. Strings longer than
// MaxString stop the reading of a file (a finding's text is a few
// kilobytes; a longer string is an attack or a broken file); lists and tag
// sets longer than MaxList keep their first MaxList entries.
const (
	MaxString = 1 << 20
	MaxList   = 256
)

// JSON reads the records of a JSON findings file, one finding per record,
// and the fields of each with the problems they have. Readers read a
// record's members with the methods below and return nil from their
// callbacks: a value of the wrong kind becomes a problem of the record,
// which is then not emitted, while errors in the input itself stop the
// Scanner and come back from Records.
type JSON struct {
	S *jsonscan.Scanner
	Problems
	Interner
	file string
	bad  error // the first problem of the record being read
	add  func(b []byte)
}

// NewJSON returns a JSON reading r; file names r in locations.
func NewJSON(r io.Reader, file string) *JSON {
	s := jsonscan.New(r, file)
	s.MaxValue = MaxString
	s.MaxDepth = 512
	j := &JSON{S: s, file: file}
	j.add = j.AddToList
	return j
}

// Here returns the file, line and column of the next value. Records are
// located by it: a field path adds nothing to a line and column but an
// allocation per record.
func (j *JSON) Here() onus.Location {
	return onus.Location{File: j.file, Line: j.S.Line(), Column: j.S.Column()}
}

// Record is what a reader does with each record: Begin starts one at loc,
// Member reads each of its members, and End emits it when it read without
// problems.
type Record struct {
	Begin  func(loc onus.Location)
	Member func(key []byte) error
	End    func() error
}

// Records reads every record of the input with rec and returns the error
// the reader should return (see Problems.Finish). A record is an object at
// the top level (one per line in newline-delimited JSON), an element of an
// array at the top level, or an element of the array under one of the keys
// in lists of an object at the top level ({"Findings": […]}).
func (j *JSON) Records(lists []string, rec Record) error {
	return j.Done(j.records(lists, rec))
}

// Done returns the error the reader should return after reading ended
// with err (see Problems.Finish), counting any problem not yet added.
func (j *JSON) Done(err error) error {
	j.EndRecord()
	return j.Finish(err)
}

func (j *JSON) records(lists []string, rec Record) error {
	element := func() error { return j.element(rec) }
	for {
		k, err := j.S.Peek()
		if err != nil {
			return err
		}
		switch k {
		case jsonscan.EOF:
			return nil
		case jsonscan.Array:
			err = j.S.Array(element)
		case jsonscan.Object:
			err = j.top(lists, rec, element)
		default:
			return onus.ErrorAt(j.S.Location(), onus.EInvalid,
				"expected findings (an array, an object, or one object per line), found %s", Phrase(k))
		}
		if err != nil {
			return err
		}
	}
}

// element reads a record that is an element of an array.
func (j *JSON) element(rec Record) error {
	loc := j.Here()
	if ok, err := j.IsObject("a finding"); !ok {
		return err
	}
	j.begin(rec, loc)
	return j.end(rec, j.S.Object(rec.Member))
}

// top reads an object at the top level: a record, or a wrapper whose list
// holds the records. Members of a wrapper other than its list are skipped.
func (j *JSON) top(lists []string, rec Record, element func() error) error {
	loc := j.Here()
	started, wrapper := false, false
	err := j.S.Object(func(key []byte) error {
		for _, l := range lists {
			if string(key) == l {
				wrapper = true
				return j.Array(element)
			}
		}
		if wrapper {
			return nil
		}
		if !started {
			started = true
			j.begin(rec, loc)
		}
		return rec.Member(key)
	})
	if err != nil || wrapper || !started {
		return err
	}
	return j.end(rec, nil)
}

func (j *JSON) begin(rec Record, loc onus.Location) {
	j.StartRecord()
	rec.Begin(loc)
}

// end finishes a record whose members were read with the error err.
func (j *JSON) end(rec Record, err error) error {
	if err != nil || !j.EndRecord() {
		return err
	}
	return rec.End()
}

// StartRecord starts a record that a reader reads on its own, such as a
// SARIF result nested in its run: problems found until EndRecord are the
// record's. A problem found before, outside any record, is added to the
// file's.
func (j *JSON) StartRecord() { j.EndRecord() }

// EndRecord ends a record started by StartRecord and reports whether it
// read without problems; a problem is added to the file's.
func (j *JSON) EndRecord() bool {
	if j.bad != nil {
		j.Add(j.bad)
		j.bad = nil
		return false
	}
	return true
}

// Bad records a problem of the record being read; the record will not be
// emitted. Outside a record, the problem is added to the file's by the
// next StartRecord, EndRecord or Done.
func (j *JSON) Bad(err error) {
	if j.bad == nil {
		j.bad = err
	}
}

// Badf records a problem of the value about to be read: call it before
// reading the value, or Location moves past it.
func (j *JSON) Badf(format string, args ...any) {
	j.Bad(onus.ErrorAt(j.S.Location(), onus.EInvalid, format, args...))
}

// settle handles the error of a read. An error that stopped the Scanner
// is returned for the callback to return. Otherwise the value was of the
// wrong kind and is still unread: null is skipped as if absent, anything
// else is a problem of the record (and is skipped by the Scanner).
func (j *JSON) settle(err error) error {
	if err == nil {
		return nil
	}
	k, perr := j.S.Peek()
	if perr != nil {
		return perr
	}
	if k == jsonscan.Null {
		return j.S.Skip()
	}
	j.Bad(err)
	return nil
}

// Bytes reads a string; null reads as nil. The bytes are valid until the
// next read.
func (j *JSON) Bytes() []byte {
	b, err := j.S.Bytes()
	if err != nil {
		j.settle(err)
		return nil
	}
	return b
}

// String reads a string; null reads as "".
func (j *JSON) String() string { return string(j.Bytes()) }

// Interned reads a string that many records repeat (a check ID, a
// region, a title) and returns the copy shared by all of them.
func (j *JSON) Interned() string { return j.Intern(j.Bytes()) }

// Int reads an integer; null reads as 0, false.
func (j *JSON) Int() (int64, bool) {
	loc := j.Here()
	b, k, err := j.S.Scalar()
	if err != nil {
		if kind, perr := j.S.Peek(); perr == nil && kind != jsonscan.Null {
			loc.Path = j.S.Path()
			j.Bad(onus.ErrorAt(loc, onus.EInvalid, "expected an integer, found %s", Phrase(kind)))
			return 0, false
		}
		j.settle(err)
		return 0, false
	}
	if k == jsonscan.Null {
		return 0, false
	}
	v, ok := atoi(b)
	if k != jsonscan.Number || !ok {
		loc.Path = j.S.Path()
		j.Bad(onus.ErrorAt(loc, onus.EInvalid, "expected an integer, found %s", b))
		return 0, false
	}
	return v, true
}

// IsObject reports whether the next value is an object. When it is not,
// a problem says that what was expected, such as "a finding", was not
// found, and the caller returns the error, nil unless reading must stop.
func (j *JSON) IsObject(what string) (bool, error) {
	k, err := j.S.Peek()
	if err != nil || k == jsonscan.Object {
		return err == nil, err
	}
	j.Add(onus.ErrorAt(j.S.Location(), onus.EInvalid, "expected %s (an object), found %s", what, Phrase(k)))
	return false, nil
}

// Phrase names a kind of value with its article, for messages.
func Phrase(k jsonscan.Kind) string {
	switch k {
	case jsonscan.Object, jsonscan.Array:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// atoi parses a JSON integer of up to 18 digits, which covers every
// integer a finding holds, without the allocation of converting it to a
// string first.
func atoi(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// Number reads a number, or a string holding one, as tools write scores
// both ways ("security-severity": "8.9"); null reads as 0, false.
func (j *JSON) Number() (float64, bool) {
	loc := j.S.Location()
	k, err := j.S.Peek()
	if err != nil {
		return 0, false
	}
	var b []byte
	switch k {
	case jsonscan.String:
		if b = j.Bytes(); len(b) == 0 {
			return 0, false
		}
	case jsonscan.Null:
		j.S.Skip()
		return 0, false
	default:
		b, _, err = j.S.Scalar()
		if err != nil {
			j.settle(err)
			return 0, false
		}
	}
	v, perr := strconv.ParseFloat(string(b), 64)
	if perr != nil {
		j.Bad(onus.ErrorAt(loc, onus.EInvalid, "expected a number, found %q", b))
		return 0, false
	}
	return v, true
}

// Object reads an object with fn, as Scanner.Object does; null reads as an
// empty object. It returns the error the callback must return.
func (j *JSON) Object(fn func(key []byte) error) error {
	return j.settle(j.S.Object(fn))
}

// Array reads an array with fn, as Scanner.Array does; null reads as an
// empty array. It returns the error the callback must return.
func (j *JSON) Array(fn func() error) error {
	return j.settle(j.S.Array(fn))
}

// First reads an array calling fn for its first element alone; the others
// are skipped, as readers keep a finding's first resource, vulnerability
// or package. null reads as an empty array.
func (j *JSON) First(fn func() error) error {
	first := true
	return j.Array(func() error {
		if !first {
			return nil
		}
		first = false
		return fn()
	})
}

// InternedAt is Interned for the field a reader numbers slot; see
// Interner.InternAt.
func (j *JSON) InternedAt(slot int) string { return j.InternAt(slot, j.Bytes()) }

// Strings reads an array of strings, or a single string, as a list of
// interned strings holding at most MaxList; for the field a reader numbers
// slot, a list equal to the field's last is that same list (see
// Interner.ListAt), so it must not be modified.
func (j *JSON) Strings(slot int) []string {
	j.StartList()
	j.EachString(j.add)
	return j.ListAt(slot)
}

// EachString reads an array of strings (or a single string), calling fn
// with each; the bytes are valid until fn returns.
func (j *JSON) EachString(fn func(b []byte)) {
	if k, err := j.S.Peek(); err != nil || k == jsonscan.String {
		if b := j.Bytes(); len(b) > 0 {
			fn(b)
		}
		return
	}
	j.Array(func() error {
		if b := j.Bytes(); len(b) > 0 {
			fn(b)
		}
		return nil
	})
}

// Tags reads tags written as an object of scalars (values that are not
// strings keep their JSON text) or as an array of {"Key", "Value"} objects
// in any letter case, as the AWS APIs write them, or of {"name", "value"}
// objects, as OCSF does. It keeps the first MaxList tags.
func (j *JSON) Tags() map[string]string {
	k, err := j.S.Peek()
	if err != nil {
		return nil
	}
	var tags map[string]string
	set := func(key, value string) {
		if key == "" || len(tags) >= MaxList {
			return
		}
		if tags == nil {
			tags = map[string]string{}
		}
		tags[key] = value
	}
	if k != jsonscan.Array {
		j.Object(func(key []byte) error {
			if v, ok := j.scalarText(); ok {
				set(j.Intern(key), v)
			}
			return nil
		})
		return tags
	}
	j.Array(func() error {
		var key, value string
		err := j.Object(func(k []byte) error {
			switch {
			case EqualFold(k, "key"), EqualFold(k, "name"):
				key = j.Interned()
			case EqualFold(k, "value"):
				value, _ = j.scalarText()
			}
			return nil
		})
		set(key, value)
		return err
	})
	return tags
}

// scalarText reads a scalar as text: a string unquoted, a number, true or
// false as written, null as "". Objects and arrays are skipped.
func (j *JSON) scalarText() (string, bool) {
	k, err := j.S.Peek()
	if err != nil {
		return "", false
	}
	switch k {
	case jsonscan.String:
		return j.Interned(), true
	case jsonscan.Number, jsonscan.Bool, jsonscan.Null:
		b, k, err := j.S.Scalar()
		if err != nil || k == jsonscan.Null {
			return "", err == nil
		}
		return j.Intern(b), true
	}
	return "", false
}

// EqualFold reports whether b is s in any letter case, for ASCII s,
// without converting b to a string.
func EqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if lower(b[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
