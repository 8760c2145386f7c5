package agreement

import (
	"strings"
	"unicode"

	"github.com/onus-dev/onus"
)

// replacements are the built-in vague terms whose words can be swapped for
// others as they stand, giving a mechanical rewrite; the rest need a person
// to say what is meant. Organisations give their own with `replace:`.
var replacements = map[string]string{
	"promptly":            "within N hours",
	"in a timely manner":  "within N hours",
	"as soon as possible": "within N hours",
	"asap":                "within N hours",
	"without undue delay": "within N hours",
	"periodically":        "every N days",
	"regularly":           "every N days",
	"from time to time":   "every N days",
	"may":                 "shall",
	"might":               "shall",
	"could":               "shall",
	"should":              "shall",
}

// replacement returns the mechanical rewrite of a vague phrase, or "".
func replacement(w onus.Wording, phrase string) string {
	for _, t := range w.Terms {
		if strings.EqualFold(t.Phrase, phrase) {
			return t.Replace
		}
	}
	return replacements[strings.ToLower(phrase)]
}

// commitment is a kind of measurable promise, the words that announce it in
// a clause's text, and the commitments field that records its measure.
type commitment struct {
	field string // "" for promises with no field of their own
	what  string
	words []string
}

var commitmentKinds = []commitment{
	{"response", "a response time", []string{"respond", "responds", "responding", "response", "responses", "acknowledge", "acknowledges", "acknowledgement", "acknowledgment"}},
	{"resolution", "a resolution time", []string{"resolve", "resolves", "resolution", "remediate", "remediates", "remediation", "fix", "fixes"}},
	{"notification", "a notification time", []string{"notify", "notifies", "notification", "notifications", "inform", "informs"}},
	{"rpo", "a recovery point", []string{"rpo", "recovery point", "back up", "backs up"}},
	{"rto", "a recovery time", []string{"rto", "recovery time", "restore", "restores", "recover", "recovers"}},
	{"retention", "a retention period", []string{"retain", "retains", "retention"}},
	{"availability", "an availability percentage", []string{"availability", "uptime"}},
	{"", "a patching deadline", []string{"patch", "patches", "patched", "patching"}},
}

// set reports whether the clause's commitments record the kind's measure.
func (k commitment) set(c onus.Commitments) bool {
	switch k.field {
	case "response":
		return !c.Response.IsZero()
	case "resolution":
		return !c.Resolution.IsZero()
	case "notification":
		return !c.Notification.IsZero()
	case "rpo":
		return !c.RPO.IsZero()
	case "rto":
		return !c.RTO.IsZero()
	case "retention":
		return !c.Retention.IsZero()
	case "availability":
		return hasPercent(c.Availability)
	}
	return false
}

// unmeasured is a promise in a clause's text that states no number and unit.
type unmeasured struct {
	kind       commitment
	start, end int // the words quoted: from the keyword to the end of the sentence
}

// maxQuote bounds how much of a sentence a finding quotes.
const maxQuote = 100

// findUnmeasured returns the promises in text that give no measure and that
// the clause's commitments do not record either: one per sentence, the
// first promise in it. Sentences whose subject is the customer (one of the
// given names, or "the customer") state the customer's own duties, which
// the other party does not measure, and are skipped. Patching is a promise
// only when the clause takes on a layer the customer would otherwise
// patch (patching): how a provider patches its own layers is its business.
func findUnmeasured(text string, c onus.Commitments, customer []string, patching bool) []unmeasured {
	var out []unmeasured
	for _, s := range sentences(text) {
		sentence := text[s[0]:s[1]]
		lower := lowerASCII(sentence)
		if startsWithAny(lower, customer) {
			continue
		}
		best, bestAt := commitment{}, -1
		for _, k := range commitmentKinds {
			if k.field == "" && !patching {
				continue
			}
			for _, w := range k.words {
				if i := wordIndex(lower, w); i >= 0 && (bestAt < 0 || i < bestAt) {
					best, bestAt = k, i
				}
			}
		}
		if bestAt < 0 || best.set(c) || hasMeasure(lower) {
			continue
		}
		end := len(sentence)
		if end-bestAt > maxQuote {
			end = bestAt + maxQuote
			if sp := strings.LastIndexByte(sentence[bestAt:end], ' '); sp > 0 {
				end = bestAt + sp
			}
		}
		out = append(out, unmeasured{kind: best, start: s[0] + bestAt, end: s[0] + end})
	}
	return out
}

// startsWithAny reports whether a lower-case sentence starts with one of
// the names, or with "the customer" or "customer", as whole words.
func startsWithAny(s string, names []string) bool {
	for _, n := range append([]string{"the customer", "customer"}, names...) {
		n = lowerASCII(n)
		if n != "" && strings.HasPrefix(s, n) && (len(s) == len(n) || !isLetter(s[len(n)])) {
			return true
		}
	}
	return false
}

// sentences splits text into sentences, as byte ranges without their end
// punctuation or surrounding white space.
func sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && (isSpace(text[e-1]) || strings.ContainsRune(".;!?", rune(text[e-1]))) {
			e--
		}
		if e > s {
			out = append(out, [2]int{s, e})
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		end := c == ';' || c == '!' || c == '?' || c == '\n' && i+1 < len(text) && text[i+1] == '\n'
		// A full stop ends a sentence when a space or the end follows, not
		// inside "99.9" or "e.g.".
		if c == '.' && (i+1 == len(text) || isSpace(text[i+1])) && !abbreviation(text[:i]) {
			end = true
		}
		if end {
			flush(i + 1)
			start = i + 1
		}
	}
	flush(len(text))
	return out
}

func abbreviation(before string) bool {
	lower := strings.ToLower(before)
	for _, a := range []string{"e.g", "i.e", "etc", "approx", "incl", "no", "vs"} {
		if strings.HasSuffix(lower, a) && (len(lower) == len(a) || !isLetter(lower[len(lower)-len(a)-1])) {
			return true
		}
	}
	return false
}

// lowerASCII lowers the ASCII letters of s only, so that byte offsets into
// the result are offsets into s: strings.ToLower changes the length of some
// runes ("Ⱥ" lowers to three bytes from two). The words matched are ASCII.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// wordIndex returns the byte index of phrase in s as whole words, or -1.
func wordIndex(s, phrase string) int {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		start, end := from+i, from+i+len(phrase)
		if (start == 0 || !isLetter(s[start-1])) && (end == len(s) || !isLetter(s[end])) {
			return start
		}
		from = start + 1
	}
	return -1
}

func isLetter(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// units are the words that, after a number, make a measure.
var units = map[string]bool{
	"%": true, "percent": true, "ms": true, "millisecond": true, "milliseconds": true,
	"s": true, "sec": true, "secs": true, "second": true, "seconds": true,
	"m": true, "min": true, "mins": true, "minute": true, "minutes": true,
	"h": true, "hr": true, "hrs": true, "hour": true, "hours": true,
	"d": true, "day": true, "days": true, "business": true, "working": true, "calendar": true,
	"w": true, "wk": true, "wks": true, "week": true, "weeks": true,
	"mo": true, "month": true, "months": true, "y": true, "yr": true, "yrs": true, "year": true, "years": true,
}

// numberWords are the numbers people spell out in agreements.
var numberWords = map[string]bool{
	"a": true, "an": true, "one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "fifteen": true,
	"twenty": true, "twenty-four": true, "thirty": true, "forty-five": true, "sixty": true, "seventy-two": true,
	"ninety": true, "hundred": true,
}

// frequencies are words that are a measure on their own.
var frequencies = map[string]bool{
	"hourly": true, "daily": true, "nightly": true, "weekly": true, "fortnightly": true, "monthly": true,
	"quarterly": true, "annually": true, "yearly": true, "24/7": true, "24x7": true, "real-time": true,
}

// hasMeasure reports whether a lower-case sentence states a number and a
// unit ("4 hours", "15m", "99.9%", "seventy-two (72) hours", "one business
// day") or a frequency ("nightly", "24/7").
func hasMeasure(s string) bool {
	tokens := tokenize(s)
	for i, t := range tokens {
		if frequencies[t] {
			return true
		}
		num, unit := splitNumber(t)
		switch {
		case num && unit != "":
			if units[unit] {
				return true
			}
		case num || numberWords[t]:
			for j := i + 1; j < len(tokens) && j <= i+2; j++ {
				if units[tokens[j]] {
					return true
				}
				if n, _ := splitNumber(tokens[j]); !n {
					break // "seventy-two (72) hours": a number may repeat in figures
				}
			}
		}
	}
	return false
}

// tokenize splits a sentence into words, numbers and percent signs.
func tokenize(s string) []string {
	var out []string
	word := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '/' || r == '%'
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !word(r) }) {
		f = strings.Trim(f, ".-/")
		if f == "" {
			continue
		}
		if strings.HasSuffix(f, "%") && len(f) > 1 {
			out = append(out, f[:len(f)-1], "%")
			continue
		}
		out = append(out, f)
	}
	return out
}

// splitNumber reports whether t starts with a number, and the unit glued to
// it ("15m" → true, "m").
func splitNumber(t string) (bool, string) {
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' && i > 0) {
		i++
	}
	if i == 0 {
		return false, ""
	}
	return true, t[i:]
}

// hasPercent reports whether an availability commitment states a percentage.
func hasPercent(s string) bool {
	toks := tokenize(lowerASCII(s))
	for i, t := range toks {
		if n, unit := splitNumber(t); n && (unit == "" && i+1 < len(toks) && (toks[i+1] == "%" || toks[i+1] == "percent")) {
			return true
		}
	}
	return false
}
