package route

import (
	"bufio"
	"bytes"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/onus-dev/onus"
)

// JSONVersion is the version of the JSON document route writes; it changes
// when a field changes meaning or goes away.
const JSONVersion = "onus/route/v1"

// jsonWriter appends JSON to a buffer it hands to a writer item by item,
// so that millions of findings stream with no allocation each.
type jsonWriter struct {
	w *bufio.Writer
	b []byte
}

func (j *jsonWriter) flush() error {
	_, err := j.w.Write(j.b)
	j.b = j.b[:0]
	return err
}

func (j *jsonWriter) raw(s string)   { j.b = append(j.b, s...) }
func (j *jsonWriter) str(s string)   { j.b = appendJSONString(j.b, s) }
func (j *jsonWriter) bytes(s []byte) { j.b = appendJSONString(j.b, s) }
func (j *jsonWriter) num(n int)      { j.b = strconv.AppendInt(j.b, int64(n), 10) }
func (j *jsonWriter) key(k string)   { j.b = append(appendJSONString(j.b, k), ':') }
func (j *jsonWriter) kv(k, v string) { j.key(k); j.str(v) }

// kvOpt writes ,"k":"v" when v is set.
func (j *jsonWriter) kvOpt(k, v string) {
	if v != "" {
		j.raw(",")
		j.kv(k, v)
	}
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, so that the document stays valid whatever the input held.
func appendJSONString[T string | []byte](b []byte, s T) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeRune decodes the first rune of s, which is text or bytes.
func decodeRune[T string | []byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	n := copy(buf[:], s[:min(len(s), utf8.UTFMax)])
	return utf8.DecodeRune(buf[:n])
}

func jsonParty(j *jsonWriter, p *onus.Party) {
	j.raw(`{`)
	j.kv("id", p.ID)
	j.raw(",")
	j.kv("name", p.DisplayName())
	j.raw(",")
	j.kv("kind", string(p.Kind))
	j.raw(`}`)
}

func jsonContact(j *jsonWriter, c onus.Contact) {
	ch, v := c.Channel()
	j.raw(`{`)
	j.kv("channel", ch)
	j.raw(",")
	j.kv("value", v)
	j.kvOpt("name", c.Name)
	j.kvOpt("hours", c.Hours)
	j.raw(`}`)
}

func jsonSeverities(j *jsonWriter, c *[onus.Critical + 1]int) {
	j.raw(`{`)
	for s := onus.Critical; ; s-- {
		j.key(s.String())
		j.num(c[s])
		if s == onus.Info {
			break
		}
		j.raw(",")
	}
	j.raw(`}`)
}

func jsonCounts[K ~string](j *jsonWriter, m map[K]int) {
	j.raw(`{`)
	for i, e := range sortedCounts(m) {
		if i > 0 {
			j.raw(",")
		}
		j.key(string(e.Key))
		j.num(e.N)
	}
	j.raw(`}`)
}

func jsonLayers(j *jsonWriter, ev *[onus.NumLayers]int) {
	j.raw(`{`)
	first := true
	for i, l := range onus.Layers() {
		if ev[i] == 0 {
			continue
		}
		if !first {
			j.raw(",")
		}
		first = false
		j.key(string(l))
		j.num(ev[i])
	}
	j.raw(`}`)
}

// writeJSON writes the document described in docs/routing.md: the summary,
// then each owner's queue, each provider's cases, the unroutable bucket and
// the evidence.
func writeJSON(w *bufio.Writer, res *Result, opts WriteOptions) error {
	j := &jsonWriter{w: w}
	s := &res.Summary
	j.raw(`{`)
	j.kv("apiVersion", JSONVersion)
	j.raw(`,"tool":{`)
	j.kv("name", "onus")
	j.kvOpt("version", opts.Version)
	j.raw(`},`)
	j.kv("now", res.Now.UTC().Format(time.RFC3339))
	j.raw(`,"inputs":[`)
	for i, in := range opts.Inputs {
		if i > 0 {
			j.raw(",")
		}
		j.str(in)
	}
	j.raw(`],"summary":{`)
	for i, f := range []struct {
		k string
		n int
	}{{"input", s.Input}, {"queued", s.Queued}, {"provider_cases", s.ProviderCases}, {"unroutable", s.Unroutable},
		{"evidence", s.Evidence}, {"suppressed", s.Suppressed}, {"overdue", s.Overdue}, {"duplicates", s.Duplicates},
		{"unreadable", opts.Problems}} {
		if i > 0 {
			j.raw(",")
		}
		j.key(f.k)
		j.num(f.n)
	}
	j.raw(`,"by_severity":`)
	jsonSeverities(j, &s.BySeverity)
	j.raw(`,"by_method":`)
	jsonCounts(j, s.ByMethod)
	j.raw(`,"by_rule":`)
	jsonCounts(j, s.ByRule)
	j.raw(`,"by_layer":`)
	jsonCounts(j, s.ByLayer)
	j.raw(`,"by_reason":`)
	jsonCounts(j, s.ByReason)
	j.raw(`}`)
	// Sections come in bucket order; a section with nothing in it is
	// still written, as an empty list.
	names := [numBuckets]string{Queue: "queues", ProviderCase: "provider_cases", Unroutable: "unroutable"}
	next := Queue // the first section not yet opened
	open := false
	openSection := func(b Bucket) {
		if open {
			j.raw(`]`)
		}
		for ; next < b; next++ {
			j.raw(`,`)
			j.key(names[next])
			j.raw(`[]`)
		}
		j.raw(`,`)
		j.key(names[b])
		j.raw(`[`)
		next, open = b+1, true
	}
	err := eachGroup(res, func(g queueKey) error {
		if !open || g.bucket != next-1 {
			openSection(g.bucket)
		} else {
			j.raw(`,`)
		}
		if g.bucket == Unroutable {
			return nil
		}
		c := res.counts(g.party)
		j.raw(`{"party":`)
		jsonParty(j, g.party)
		if g.bucket == ProviderCase {
			j.raw(`,"channel":`)
			if ct, ok := supportChannel(g.party); ok {
				jsonContact(j, ct)
			} else {
				j.raw(`null`)
			}
			j.raw(`,"counts":`)
			jsonSeverities(j, &c.Cases)
			j.raw(`,"cases":[`)
			return nil
		}
		j.raw(`,"contacts":[`)
		for i, ct := range g.party.Contacts {
			if i > 0 {
				j.raw(",")
			}
			jsonContact(j, ct)
		}
		j.raw(`],"escalation":[`)
		for i, e := range g.party.Escalation {
			if i > 0 {
				j.raw(",")
			}
			j.raw(`{`)
			j.kv("after", e.After.String())
			j.raw(",")
			j.kv("to", e.To)
			j.raw(`}`)
		}
		j.raw(`],"counts":`)
		jsonSeverities(j, &c.Queued)
		j.raw(`,"overdue":`)
		j.num(c.Overdue)
		j.raw(`,"evidence":`)
		jsonLayers(j, &c.Evidence)
		j.raw(`,"findings":[`)
		return nil
	}, func(r *Record, n int) error {
		if n > 1 {
			j.raw(",")
		}
		jsonItem(j, r, res.Now)
		if len(j.b) >= 32<<10 {
			return j.flush()
		}
		return nil
	}, func(g queueKey, _ int) error {
		if g.bucket != Unroutable {
			j.raw(`]}`)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if open {
		j.raw(`]`)
	}
	for ; next <= Unroutable; next++ {
		j.raw(`,`)
		j.key(names[next])
		j.raw(`[]`)
	}
	j.raw(`,"evidence":[`)
	first := true
	for i := range res.Parties {
		pc := &res.Parties[i]
		if pc.EvidenceTotal() == 0 {
			continue
		}
		if !first {
			j.raw(",")
		}
		first = false
		j.raw(`{"party":`)
		j.str(pc.Party.ID)
		j.raw(`,"layers":`)
		jsonLayers(j, &pc.Evidence)
		j.raw(`}`)
	}
	if sum(res.EvidenceUnowned[:]) > 0 {
		if !first {
			j.raw(",")
		}
		j.raw(`{"party":null,"layers":`)
		jsonLayers(j, &res.EvidenceUnowned)
		j.raw(`}`)
	}
	j.raw("]}\n")
	return j.flush()
}

// AppendJSON appends the record as the JSON object reports and webhook
// digests use (docs/routing.md describes its fields); now decides whether
// it is overdue.
func (r *Record) AppendJSON(b []byte, now time.Time) []byte {
	j := &jsonWriter{b: b}
	jsonItem(j, r, now)
	return j.b
}

// kf writes ,"k":field when the field is set.
func (j *jsonWriter) kf(k string, r *Record, f int) {
	if v := r.field(f); len(v) > 0 {
		j.raw(",")
		j.key(k)
		j.bytes(v)
	}
}

func jsonItem(j *jsonWriter, r *Record, now time.Time) {
	j.raw(`{`)
	j.b = appendKey(append(j.b, `"key":"`...), r.fkey)
	j.raw(`","severity":`)
	j.str(r.Severity().String())
	if r.flags&flagUnrated != 0 {
		j.raw(`,"unrated":true`)
	}
	if r.key.hasDue {
		due := r.Due()
		j.raw(`,"due":"`)
		j.b = due.AppendFormat(j.b, time.RFC3339)
		j.raw(`"`)
		j.kf("due_by", r, fDueBy)
		if due.Before(now) {
			j.raw(`,"overdue":true`)
		}
	}
	j.kf("tool", r, fTool)
	j.raw(`,"check":`)
	j.bytes(r.field(fCheck))
	j.kf("title", r, fTitle)
	j.kf("status", r, fStatus)
	j.kf("finding_id", r, fFindingID)
	j.kf("url", r, fURL)
	j.raw(`,"resource":{"id":`)
	j.bytes(r.field(fResourceID))
	j.kf("type", r, fResourceType)
	j.kf("name", r, fResourceName)
	j.kf("account", r, fAccount)
	j.kf("region", r, fRegion)
	j.raw(`}`)
	j.kf("asset", r, fAsset)
	j.kf("service", r, fService)
	j.raw(`,"layer":`)
	j.bytes(r.field(fLayer))
	j.raw(`,"rule":`)
	j.bytes(r.field(fRule))
	j.kf("match", r, fMethod)
	if others := r.field(fOthers); len(others) > 0 {
		j.raw(`,"others":[`)
		for i, o := range bytes.Split(others, []byte{','}) {
			if i > 0 {
				j.raw(",")
			}
			j.bytes(o)
		}
		j.raw(`]`)
	}
	if r.flags&flagDuplicate != 0 {
		j.raw(`,"duplicate":true`)
	}
	if r.key.bucket == ProviderCase {
		j.raw(",")
		j.kv("report", caseReport(r.Item()))
	}
	if r.key.bucket == Unroutable {
		j.kf("reason", r, fReason)
		j.kf("reason_code", r, fCode)
	} else {
		j.kf("note", r, fReason)
	}
	if file := r.field(fFile); len(file) > 0 {
		j.raw(`,"location":{"file":`)
		j.bytes(file)
		if r.line > 0 {
			j.raw(`,"line":`)
			j.num(r.line)
		}
		j.raw(`}`)
	}
	j.raw(`}`)
}

// csvHeader is the header of the CSV report.
var csvHeader = []string{"bucket", "party", "severity", "due", "due_by", "overdue", "tool", "check", "title", "status",
	"resource_id", "resource_type", "account", "region", "asset", "service", "layer", "rule", "match", "others",
	"duplicate", "reason", "reason_code", "file", "line", "key"}

// writeCSV writes one row per queued finding, provider case and
// unroutable finding, quoted as RFC 4180 says.
func writeCSV(w *bufio.Writer, res *Result) error {
	var b []byte
	for i, h := range csvHeader {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, h...)
	}
	b = append(b, '\n')
	err := res.Each(func(r *Record) error {
		b = appendCSV(b, r.Bucket().String())
		party := ""
		if r.party != nil {
			party = r.party.ID
		}
		b = appendCSV(append(b, ','), party)
		b = appendCSV(append(b, ','), r.Severity().String())
		b = append(b, ',')
		overdue := ""
		if r.key.hasDue {
			due := r.Due()
			b = due.AppendFormat(b, time.RFC3339)
			if due.Before(res.Now) {
				overdue = "yes"
			}
		}
		b = appendCSV(append(b, ','), r.field(fDueBy))
		b = appendCSV(append(b, ','), overdue)
		for _, f := range []int{fTool, fCheck, fTitle, fStatus, fResourceID, fResourceType, fAccount, fRegion, fAsset,
			fService, fLayer, fRule, fMethod, fOthers} {
			b = appendCSV(append(b, ','), r.field(f))
		}
		dup := ""
		if r.flags&flagDuplicate != 0 {
			dup = "yes"
		}
		b = appendCSV(append(b, ','), dup)
		for _, f := range []int{fReason, fCode, fFile} {
			b = appendCSV(append(b, ','), r.field(f))
		}
		b = append(b, ',')
		if r.line > 0 {
			b = strconv.AppendInt(b, int64(r.line), 10)
		}
		b = appendKey(append(b, ','), r.fkey)
		b = append(b, '\n')
		if len(b) < 32<<10 {
			return nil
		}
		_, err := w.Write(b)
		b = b[:0]
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// appendCSV appends one CSV field: quoted when it holds a comma, a quote
// or a line break, and with a leading quote mark when a spreadsheet would
// take it for a formula.
func appendCSV[T string | []byte](b []byte, s T) []byte {
	formula := len(s) > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
	quote := formula
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	if formula {
		b = append(b, '\'')
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
