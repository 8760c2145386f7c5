package onus

import (
	"fmt"
	"time"
)

// APIVersion is the version of the model file format this onus writes.
const APIVersion = "onus/v1"

// Model is an organisation's responsibility model: its parties, assets, its
// own rules and its agreements, merged from one or more files.
type Model struct {
	Files       []string
	Catalog     CatalogPin
	Parties     []*Party
	Assets      []*Asset
	Sources     []*InventorySource
	Ownership   Ownership
	Assignments []*Assignment
	Assumptions []*Assumption
	Agreements  []*Agreement
	Acceptances []*Acceptance
	// Wording extends and trims the built-in list of vague terms that
	// agreement clauses are checked against.
	Wording Wording
}

// Wording is the organisation's own list of vague terms: phrases it adds to
// the built-in list, and built-in phrases it accepts.
type Wording struct {
	Terms []*VagueTerm `yaml:"terms"`
	Allow []string     `yaml:"allow"`
	Loc   Location     `yaml:"-"`
}

// VagueTerm is a word or phrase that leaves who does what, or by when, open
// to argument: why it is vague, what to write instead, and, where the words
// can be swapped mechanically, the words to swap in.
type VagueTerm struct {
	Phrase  string   `yaml:"phrase"`
	Why     string   `yaml:"why"`
	Rewrite string   `yaml:"rewrite"`
	Replace string   `yaml:"replace"`
	Loc     Location `yaml:"-"`
}

// CatalogPin pins the built-in catalog version a model was written against,
// and names the organisation's own catalog files.
type CatalogPin struct {
	Version string   `yaml:"version"`
	Files   []string `yaml:"files"`
	Loc     Location `yaml:"-"`
}

// InventorySource names inventory files (a path or a glob, relative to the
// model file) whose resources become assets.
type InventorySource struct {
	Path   string `yaml:"path"`
	Format string `yaml:"format"`
	// Files are the files the path resolves to, once loaded.
	Files []string `yaml:"-"`
	Loc   Location `yaml:"-"`
}

// Ownership says how owner tags on inventory resources become owners: the tag
// keys to read, in order, and a map from tag value to party ID.
type Ownership struct {
	Tags   []string          `yaml:"tags"`
	Owners map[string]string `yaml:"owners"`
	Layers []LayerRef        `yaml:"layers"`
	Loc    Location          `yaml:"-"`
}

// Customer returns the model's customer party, or nil.
func (m *Model) Customer() *Party {
	for _, p := range m.Parties {
		if p.Kind == KindCustomer {
			return p
		}
	}
	return nil
}

// Party returns the party with the given ID, or nil.
func (m *Model) Party(id string) *Party {
	for _, p := range m.Parties {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Assignment is one of the organisation's own rules: the assets it selects
// have the given layers owned by the given party.
type Assignment struct {
	ID     string     `yaml:"id"`
	Select Selector   `yaml:"select"`
	Layers []LayerRef `yaml:"layers"`
	Owner  string     `yaml:"owner"`
	// Split says where the owner's part ends, when the owner takes part of a
	// layer that another party holds too.
	Split string   `yaml:"split"`
	Note  string   `yaml:"note"`
	Loc   Location `yaml:"-"`
}

// Assumption is what the organisation believes a provider does for it, such
// as "AWS backs up our RDS databases".
type Assumption struct {
	ID        string     `yaml:"id"`
	Provider  string     `yaml:"provider"`
	Select    Selector   `yaml:"select"`
	Layers    []LayerRef `yaml:"layers"`
	Statement string     `yaml:"statement"`
	Loc       Location   `yaml:"-"`
}

// AgreementType is the kind of document an agreement is.
type AgreementType string

// The agreement types onus knows.
var agreementTypes = map[string]string{
	"sla": "service-level agreement", "contract": "contract", "msa": "master services agreement",
	"dpa": "data processing agreement", "baa": "business associate agreement", "eula": "end-user licence agreement",
	"sow": "statement of work", "ola": "operating-level agreement", "terms": "terms of service", "other": "other agreement",
}

// UnmarshalText accepts a known agreement type.
func (t *AgreementType) UnmarshalText(b []byte) error {
	k := normalizeWord(string(b))
	if _, ok := agreementTypes[k]; !ok {
		return fmt.Errorf("unknown agreement type %q (use sla, contract, msa, dpa, baa, eula, sow, ola, terms or other)", b)
	}
	*t = AgreementType(k)
	return nil
}

// Name returns the long name of the agreement type.
func (t AgreementType) Name() string {
	if n, ok := agreementTypes[string(t)]; ok {
		return n
	}
	return string(t)
}

// Agreement is an SLA, contract or similar between the organisation and a
// provider, vendor or managed-service provider.
type Agreement struct {
	ID             string        `yaml:"id"`
	Title          string        `yaml:"title"`
	Type           AgreementType `yaml:"type"`
	Parties        []string      `yaml:"parties"`
	Version        string        `yaml:"version"`
	Effective      Date          `yaml:"effective"`
	Expires        Date          `yaml:"expires"`
	LastReviewed   Date          `yaml:"last_reviewed"`
	ReviewInterval Period        `yaml:"review_interval"`
	// ReviewedScope records, at the last review, the service of every asset
	// the agreement covered, so that a later change of delivery model is
	// noticed.
	ReviewedScope map[string]string   `yaml:"reviewed_scope"`
	ReviewedBy    []string            `yaml:"reviewed_by"`
	Reviewers     map[string][]string `yaml:"reviewers"`
	SignOffs      []SignOff           `yaml:"signoffs"`
	Clauses       []*Clause           `yaml:"clauses"`
	CUECs         []*CUEC             `yaml:"cuecs"`
	Document      string              `yaml:"document"`
	Loc           Location            `yaml:"-"`
}

// InForce reports whether the agreement is effective on day t.
func (a *Agreement) InForce(t time.Time) bool {
	if !a.Effective.IsZero() && t.Before(a.Effective.Time) {
		return false
	}
	return !a.Expires.Reached(t)
}

// SignedBy returns the sign-off of the given party, or nil.
func (a *Agreement) SignedBy(party string) *SignOff {
	for i := range a.SignOffs {
		if a.SignOffs[i].Party == party {
			return &a.SignOffs[i]
		}
	}
	return nil
}

// FullySigned reports whether every party has signed.
func (a *Agreement) FullySigned() bool {
	for _, p := range a.Parties {
		if a.SignedBy(p) == nil {
			return false
		}
	}
	return true
}

// ReviewDue returns the day the next review falls due, or the zero Date when
// the agreement sets no review interval.
func (a *Agreement) ReviewDue() Date {
	if a.ReviewInterval.IsZero() {
		return Date{}
	}
	from := a.LastReviewed
	if from.IsZero() {
		from = a.Effective
	}
	if from.IsZero() {
		return Date{}
	}
	return Date{a.ReviewInterval.After(from.Time)}
}

// SignOff records that a person signed a version of an agreement for a party.
// Version is either the agreement's version label or the content hash of the
// terms signed ("sha256:…"); with a hash, Digests holds one short hash per
// clause and CUEC signed, so that later changes can be named clause by clause.
type SignOff struct {
	Party   string            `yaml:"party"`
	By      string            `yaml:"by"`
	Date    Date              `yaml:"date"`
	Version string            `yaml:"version"`
	Digests map[string]string `yaml:"digests"`
	Loc     Location          `yaml:"-"`
}

// Clause is one statement of an agreement: for the assets in its scope and
// the given layers, who does what.
type Clause struct {
	ID          string      `yaml:"id"`
	Title       string      `yaml:"title"`
	Scope       Selector    `yaml:"scope"`
	Layers      []LayerRef  `yaml:"layers"`
	Responsible string      `yaml:"responsible"`
	Accountable string      `yaml:"accountable"`
	Consulted   []string    `yaml:"consulted"`
	Informed    []string    `yaml:"informed"`
	Split       string      `yaml:"split"`
	Text        string      `yaml:"text"`
	Commitments Commitments `yaml:"commitments"`
	Evidence    []string    `yaml:"evidence"`
	Loc         Location    `yaml:"-"`
}

// Commitments are the measurable promises of a clause.
type Commitments struct {
	Response     Period `yaml:"response"`
	Resolution   Period `yaml:"resolution"`
	Notification Period `yaml:"notification"`
	RPO          Period `yaml:"rpo"`
	RTO          Period `yaml:"rto"`
	Retention    Period `yaml:"retention"`
	Availability string `yaml:"availability"`
}

// CUEC is a complementary user entity control: a duty a provider's SOC 2
// report leaves to the customer.
type CUEC struct {
	ID     string     `yaml:"id"`
	Text   string     `yaml:"text"`
	Layers []LayerRef `yaml:"layers"`
	Owner  string     `yaml:"owner"`
	Loc    Location   `yaml:"-"`
}

// Acceptance accepts the findings of one check on the selected assets and
// layers, for a reason, until a date. An expired acceptance reopens them.
type Acceptance struct {
	ID       string     `yaml:"id"`
	Check    Check      `yaml:"check"`
	Select   Selector   `yaml:"select"`
	Layers   []LayerRef `yaml:"layers"`
	Subject  string     `yaml:"subject"`
	Reason   string     `yaml:"reason"`
	Approver string     `yaml:"approver"`
	Accepted Date       `yaml:"accepted"`
	Expires  Date       `yaml:"expires"`
	Loc      Location   `yaml:"-"`
}
