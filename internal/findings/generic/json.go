package generic

import (
	"io"
	"strconv"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/internal/parse"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// jsonName is the JSON format's name.
const jsonName = "generic-json"

// JSONFormat reads onus's generic findings JSON.
var JSONFormat = findings.Format{
	Name:        jsonName,
	Description: `onus's generic findings JSON, for any other tool: one object per line, an array, or {"findings": […]}`,
	Sniff:       sniffJSON,
	Read:        readJSON,
}

// sniffJSON accepts a file whose first finding has a check string and at
// least one other field of the format.
func sniffJSON(head []byte) bool {
	m := parse.First(parse.Probe(head))
	if list, ok := m["findings"].([]any); ok && len(m) == 1 {
		m = parse.First(list)
	}
	if _, ok := m["check"].(string); !ok {
		return false
	}
	for k := range m {
		if i, _ := lookupField(k); i >= 0 && i != fCheck {
			return true
		}
	}
	return false
}

// jsonReader reads one generic JSON file.
type jsonReader struct {
	j    *parse.JSON
	emit func(*findings.Finding) error
	rec  record
	locs [numFields]onus.Location
	loc  onus.Location
}

func readJSON(r io.Reader, file string, emit func(*findings.Finding) error) error {
	rd := &jsonReader{j: parse.NewJSON(r, file), emit: emit}
	return rd.j.Records([]string{"findings"}, parse.Record{
		Begin: func(loc onus.Location) {
			rd.rec, rd.locs, rd.loc = record{}, [numFields]onus.Location{}, loc
		},
		Member: rd.member,
		End:    rd.end,
	})
}

func (rd *jsonReader) member(key []byte) error {
	j := rd.j
	f, suggestion := lookupField(string(key))
	if f < 0 {
		if suggestion != "" {
			j.Badf("unknown field %q%s", key, suggestion)
		}
		return nil
	}
	rd.locs[f] = j.S.Location()
	switch f {
	case fTags:
		if k, err := j.S.Peek(); err == nil && k == jsonscan.String {
			tags, problem := splitTags(j.String(), &j.Interner)
			if problem != nil {
				j.Bad(onus.ErrorAt(rd.locs[f], onus.EInvalid, "%s", problem.msg))
			}
			rd.rec.tags = tags
			return nil
		}
		rd.rec.tags = j.Tags()
	case fCategories:
		if k, err := j.S.Peek(); err == nil && k == jsonscan.String {
			rd.rec.categories = j.SplitList(fCategories, j.String(), ";")
			return nil
		}
		rd.rec.categories = j.Strings(fCategories)
	case fLine, fSeverity:
		rd.rec.vals[f] = rd.text()
	default:
		rd.rec.vals[f] = j.String()
	}
	return nil
}

// text reads a string, or a number as written.
func (rd *jsonReader) text() string {
	j := rd.j
	if k, err := j.S.Peek(); err == nil && k == jsonscan.Number {
		if v, ok := j.Number(); ok {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return ""
	}
	return j.String()
}

func (rd *jsonReader) end() error {
	f, problem := build(&rd.rec, jsonName, rd.loc, &rd.j.Interner)
	if problem != nil {
		loc := rd.locs[problem.field]
		if loc.IsZero() {
			loc = rd.loc
		}
		rd.j.Add(onus.ErrorAt(loc, onus.EInvalid, "%s", problem.msg))
		return nil
	}
	return parse.Emit(rd.emit, f)
}
