package deliver

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/route"
)

// DigestVersion is the apiVersion of generic webhook digests.
const DigestVersion = "onus/digest/v1"

// digest is what one party is sent in one run: the findings it has not
// been sent before.
type digest struct {
	recipient string // the party's ID, or UnroutableRecipient
	party     *onus.Party
	bucket    route.Bucket
	receiver  *Receiver
	keys      []uint64 // every new finding's key
	listed    []listed // the first receiver.MaxFindings of them
	counts    [onus.Critical + 1]int
}

// listed is a finding a digest lists.
type listed struct {
	json     json.RawMessage
	severity onus.Severity
	what     string
	where    string
	layer    string
	due      time.Time
	reason   string
}

func (d *digest) total() int { return len(d.keys) }

// idempotencyKey derives the digest's key from its recipient and the set
// of its findings' keys, so that the same findings always give the same
// key, in any order.
func (d *digest) idempotencyKey() string {
	keys := slices.Clone(d.keys)
	slices.Sort(keys)
	h := sha256.New()
	h.Write([]byte("onus-digest-v1\x00"))
	h.Write([]byte(d.recipient))
	h.Write([]byte{0})
	var b [8]byte
	for _, k := range keys {
		binary.BigEndian.PutUint64(b[:], k)
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// title names the digest in one line: "12 new findings for Platform team".
func (d *digest) title() string {
	n := d.total()
	switch d.bucket {
	case route.ProviderCase:
		return fmt.Sprintf("%s to raise with %s", plural(n, "new provider case", "new provider cases"), d.party.DisplayName())
	case route.Unroutable:
		return fmt.Sprintf("%s that no party can be named for", plural(n, "new finding", "new findings"))
	}
	return fmt.Sprintf("%s for %s", plural(n, "new finding", "new findings"), d.party.DisplayName())
}

func (d *digest) severities() string {
	var parts []string
	for s := onus.Critical; ; s-- {
		if d.counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", d.counts[s], s))
		}
		if s == onus.Info {
			break
		}
	}
	return strings.Join(parts, " · ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// payload builds the body for the digest's receiver kind.
func (d *digest) payload(key string, now time.Time) ([]byte, error) {
	switch d.receiver.Kind {
	case Slack:
		return json.Marshal(d.slack())
	case Teams:
		return json.Marshal(d.teams())
	}
	return json.Marshal(d.webhook(key, now))
}

type webhookDigest struct {
	APIVersion     string            `json:"apiVersion"`
	IdempotencyKey string            `json:"idempotency_key"`
	Generated      string            `json:"generated"`
	Kind           string            `json:"kind"`
	Party          *webhookParty     `json:"party"`
	Title          string            `json:"title"`
	Counts         map[string]int    `json:"counts"`
	Total          int               `json:"total"`
	Findings       []json.RawMessage `json:"findings"`
	Omitted        int               `json:"omitted"`
}

type webhookParty struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func (d *digest) webhook(key string, now time.Time) webhookDigest {
	w := webhookDigest{APIVersion: DigestVersion, IdempotencyKey: key, Generated: now.UTC().Format(time.RFC3339),
		Kind: d.bucket.String(), Title: d.title(), Counts: map[string]int{}, Total: d.total(),
		Findings: make([]json.RawMessage, 0, len(d.listed)), Omitted: d.total() - len(d.listed)}
	if d.party != nil {
		w.Party = &webhookParty{ID: d.party.ID, Name: d.party.DisplayName(), Kind: string(d.party.Kind)}
	}
	for s, n := range d.counts {
		w.Counts[onus.Severity(s).String()] = n
	}
	for _, l := range d.listed {
		w.Findings = append(w.Findings, l.json)
	}
	return w
}

// Slack's limits: a section's text holds 3000 characters, a header's 150.
const (
	slackText   = 3000
	slackHeader = 150
)

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n-1] + "…"
}

func (l *listed) line() string {
	s := l.what + " — " + l.where + " · " + l.layer
	if !l.due.IsZero() {
		s += " · due " + l.due.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	if l.reason != "" {
		s += " · " + l.reason
	}
	return s
}

func (d *digest) slack() map[string]any {
	blocks := []any{
		map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": cut(d.title(), slackHeader)}},
		map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": cut(slackEscaper.Replace(d.severities()), slackText)}},
		map[string]any{"type": "divider"},
	}
	for _, l := range d.listed {
		text := "*" + strings.ToUpper(l.severity.String()) + "* " + slackEscaper.Replace(l.line())
		blocks = append(blocks, map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": cut(text, slackText)}})
	}
	if more := d.total() - len(d.listed); more > 0 {
		blocks = append(blocks, map[string]any{"type": "context", "elements": []any{
			map[string]any{"type": "mrkdwn", "text": fmt.Sprintf("and %d more; see the onus route report", more)}}})
	}
	return map[string]any{"text": d.title() + ": " + d.severities(), "blocks": blocks}
}

func (d *digest) teams() map[string]any {
	body := []any{
		map[string]any{"type": "TextBlock", "size": "Large", "weight": "Bolder", "text": d.title(), "wrap": true},
		map[string]any{"type": "TextBlock", "text": d.severities(), "wrap": true},
	}
	facts := make([]any, 0, len(d.listed))
	for _, l := range d.listed {
		facts = append(facts, map[string]any{"title": strings.ToUpper(l.severity.String()), "value": l.line()})
	}
	if len(facts) > 0 {
		body = append(body, map[string]any{"type": "FactSet", "facts": facts})
	}
	if more := d.total() - len(d.listed); more > 0 {
		body = append(body, map[string]any{"type": "TextBlock", "text": fmt.Sprintf("and %d more; see the onus route report", more), "isSubtle": true, "wrap": true})
	}
	return map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"content": map[string]any{
				"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
				"type":    "AdaptiveCard",
				"version": "1.4",
				"body":    body,
			},
		}},
	}
}
