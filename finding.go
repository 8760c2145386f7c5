package onus

import (
	"fmt"
	"strings"
)

// Check is the stable ID of one of the self-evaluation checks.
type Check string

// The checks of DOMAIN.md.
const (
	CheckGap            Check = "gap"
	CheckUnassigned     Check = "unassigned"
	CheckDuplicate      Check = "duplicate"
	CheckAmbiguous      Check = "ambiguous"
	CheckMisplacedTrust Check = "misplaced-trust"
	CheckReviewDue      Check = "review-due"
	CheckUnsigned       Check = "unsigned"
	CheckNoContact      Check = "no-contact"
	CheckUnclassified   Check = "unclassified"
)

// CheckInfo describes a check: its meaning and base severity.
type CheckInfo struct {
	ID       Check
	Title    string
	Meaning  string
	Severity Severity
}

var checkTable = []CheckInfo{
	{CheckGap, "Gap", "nobody is accountable for a layer of an asset", High},
	{CheckUnassigned, "Unassigned", "the layer is the customer's, but no team, vendor or managed-service provider is named for it", Medium},
	{CheckDuplicate, "Duplicate", "two parties are both named for the same work with no split between them", Medium},
	{CheckAmbiguous, "Ambiguous", "a shared layer has no split statement, or an agreement's wording is vague", Low},
	{CheckMisplacedTrust, "Misplaced trust", "the organisation assumes the provider covers a layer that the provider's own model leaves to the customer, and no signed agreement backs the assumption", High},
	{CheckReviewDue, "Review due", "an agreement is past its review date, or a covered asset's delivery model changed after the last review", Medium},
	{CheckUnsigned, "Unsigned", "an agreement lacks one party's sign-off", Medium},
	{CheckNoContact, "No contact", "a party accountable for a layer has no contact or escalation path", Medium},
	{CheckUnclassified, "Unclassified", "an inventory resource whose type maps to no known service", Low},
}

// Checks returns every check, in the order of DOMAIN.md.
func Checks() []CheckInfo { return append([]CheckInfo(nil), checkTable...) }

// Info returns the description of c.
func (c Check) Info() CheckInfo {
	for _, ci := range checkTable {
		if ci.ID == c {
			return ci
		}
	}
	return CheckInfo{ID: c, Title: string(c)}
}

// UnmarshalText accepts a check ID.
func (c *Check) UnmarshalText(b []byte) error {
	v := Check(strings.ToLower(strings.TrimSpace(string(b))))
	ids := make([]string, len(checkTable))
	for i, ci := range checkTable {
		ids[i] = string(ci.ID)
		if ci.ID == v {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("unknown check %q%s", b, suggest(string(b), ids))
}

// Severity ranks findings.
type Severity uint8

// The severities, lowest first. The zero value is Info.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityWords = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case word for s.
func (s Severity) String() string {
	if int(s) < len(severityWords) {
		return severityWords[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Raise returns the next severity up, stopping at Critical.
func (s Severity) Raise() Severity {
	if s < Critical {
		return s + 1
	}
	return s
}

// ParseSeverity parses a severity word; "informational" and "none" mean info.
func ParseSeverity(v string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "info", "informational", "none":
		return Info, nil
	case "low":
		return Low, nil
	case "medium", "moderate":
		return Medium, nil
	case "high":
		return High, nil
	case "critical":
		return Critical, nil
	}
	return 0, fmt.Errorf("unknown severity %q (use info, low, medium, high or critical)", v)
}

// UnmarshalText parses a severity word.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText returns the lower-case word for s.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// SensitiveLayers are the layers on which a sensitive data class raises the
// severity of a finding.
var SensitiveLayers = LayerSetOf(LayerData, LayerIdentity, LayerNetworkControls)

// Finding is one problem the self-evaluation found.
type Finding struct {
	// Key identifies the finding across runs: check, subject and layer.
	Key      string   `json:"key"`
	Check    Check    `json:"check"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Asset is the asset concerned, if any.
	Asset *Asset `json:"-"`
	Layer Layer  `json:"layer,omitempty"`
	// Party and Agreement name the party or agreement concerned, if any.
	Party     string `json:"party,omitempty"`
	Agreement string `json:"agreement,omitempty"`
	// Rule names the rule that caused the finding, and Loc where it is
	// written (or where the asset is written, when no rule is to blame).
	Rule string   `json:"rule,omitempty"`
	Loc  Location `json:"location,omitempty"`
	// Acceptance is the ID of the risk acceptance that covers the finding;
	// Expired says it has lapsed, so the finding is open again.
	Acceptance string `json:"acceptance,omitempty"`
	Expired    bool   `json:"acceptance_expired,omitempty"`
}

// Open reports whether the finding needs action: it is not covered by a risk
// acceptance in force.
func (f *Finding) Open() bool { return f.Acceptance == "" || f.Expired }

// FindingKey builds the stable key of a finding.
func FindingKey(c Check, subject string, layer Layer) string {
	if layer == "" {
		return string(c) + ":" + subject
	}
	return string(c) + ":" + subject + ":" + string(layer)
}
