package onus

import (
	"fmt"
	"strings"
)

// PartyKind says what role a party plays.
type PartyKind string

// The kinds of party.
const (
	KindProvider       PartyKind = "provider"        // a cloud or SaaS provider with a published model
	KindCustomer       PartyKind = "customer"        // the organisation itself
	KindTeam           PartyKind = "team"            // an internal owner of customer duties
	KindVendor         PartyKind = "vendor"          // a third party under contract
	KindManagedService PartyKind = "managed-service" // an MSP or MSSP running customer duties
)

// PartyKinds returns every kind of party.
func PartyKinds() []PartyKind {
	return []PartyKind{KindProvider, KindCustomer, KindTeam, KindVendor, KindManagedService}
}

// UnmarshalText accepts a party kind; "mssp" and "msp" mean managed-service.
func (k *PartyKind) UnmarshalText(b []byte) error {
	switch normalizeWord(string(b)) {
	case "provider", "csp", "cloud provider":
		*k = KindProvider
	case "customer", "organisation", "organization":
		*k = KindCustomer
	case "team":
		*k = KindTeam
	case "vendor", "supplier":
		*k = KindVendor
	case "managed service", "mssp", "msp", "managed service provider":
		*k = KindManagedService
	default:
		return fmt.Errorf("unknown party kind %q (use provider, customer, team, vendor or managed-service)", b)
	}
	return nil
}

// CanOwnCustomerDuties reports whether a party of kind k can be named as the
// concrete owner of a customer duty.
func (k PartyKind) CanOwnCustomerDuties() bool {
	return k == KindTeam || k == KindVendor || k == KindManagedService
}

// Party is a provider, the customer organisation, one of its teams, a vendor
// or a managed-service provider.
type Party struct {
	ID   string    `yaml:"id"`
	Name string    `yaml:"name"`
	Kind PartyKind `yaml:"kind"`
	// Provider links a provider party to the catalog's provider of that ID
	// ("aws"), so that assets of its services find it. It defaults to ID.
	Provider   string           `yaml:"provider"`
	Contacts   []Contact        `yaml:"contacts"`
	Escalation []EscalationStep `yaml:"escalation"`
	Note       string           `yaml:"note"`
	Loc        Location         `yaml:"-"`
}

// DisplayName returns the party's name, or its ID when it has none.
func (p *Party) DisplayName() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// Contact is one way to reach a party. Exactly one of the channel fields is set.
type Contact struct {
	Name   string   `yaml:"name"`
	Email  string   `yaml:"email"`
	OnCall string   `yaml:"oncall"`
	Phone  string   `yaml:"phone"`
	URL    string   `yaml:"url"`
	Ticket string   `yaml:"ticket"`
	Chat   string   `yaml:"chat"`
	Hours  string   `yaml:"hours"`
	Loc    Location `yaml:"-"`
}

// Channel returns the contact's channel ("email", "oncall", …) and its value.
func (c Contact) Channel() (channel, value string) {
	for _, f := range c.channels() {
		if f.value != "" {
			return f.name, f.value
		}
	}
	return "", ""
}

type contactField struct{ name, value string }

func (c Contact) channels() []contactField {
	return []contactField{{"email", c.Email}, {"oncall", c.OnCall}, {"phone", c.Phone}, {"url", c.URL}, {"ticket", c.Ticket}, {"chat", c.Chat}}
}

// ChannelCount returns how many channel fields are set; a valid contact has one.
func (c Contact) ChannelCount() int {
	n := 0
	for _, f := range c.channels() {
		if f.value != "" {
			n++
		}
	}
	return n
}

// String formats the contact as "channel: value (name)".
func (c Contact) String() string {
	ch, v := c.Channel()
	s := ch + ": " + v
	if c.Name != "" {
		s += " (" + c.Name + ")"
	}
	return s
}

// EscalationStep is one step of a party's escalation path: after the given
// time without an answer, go to a party or to one of the party's named
// contacts.
type EscalationStep struct {
	After Period   `yaml:"after"`
	To    string   `yaml:"to"`
	Loc   Location `yaml:"-"`
}

// Reachable reports whether the party has any way to be reached.
func (p *Party) Reachable() bool { return len(p.Contacts) > 0 || len(p.Escalation) > 0 }

// DataClass is a class of data an asset holds, such as pci or phi.
type DataClass string

// The data classes onus knows. Sensitive ones raise the severity of findings.
const (
	DataPublic       DataClass = "public"
	DataInternal     DataClass = "internal"
	DataConfidential DataClass = "confidential"
	DataPII          DataClass = "pii"
	DataPHI          DataClass = "phi"
	DataPCI          DataClass = "pci"
	DataSecrets      DataClass = "secrets"
	DataFinancial    DataClass = "financial"
)

var dataClasses = []DataClass{DataPublic, DataInternal, DataConfidential, DataPII, DataPHI, DataPCI, DataSecrets, DataFinancial}

// DataClasses returns every known data class.
func DataClasses() []DataClass { return append([]DataClass(nil), dataClasses...) }

// Sensitive reports whether data of class d raises the severity of findings
// on the data, identity and network layers of the asset holding it.
func (d DataClass) Sensitive() bool {
	return d == DataPII || d == DataPHI || d == DataPCI || d == DataSecrets
}

// UnmarshalText accepts a known data class.
func (d *DataClass) UnmarshalText(b []byte) error {
	v := DataClass(strings.ToLower(strings.TrimSpace(string(b))))
	for _, c := range dataClasses {
		if c == v {
			*d = v
			return nil
		}
	}
	words := make([]string, len(dataClasses))
	for i, c := range dataClasses {
		words[i] = string(c)
	}
	return fmt.Errorf("unknown data class %q (use one of %s)%s", b, strings.Join(words, ", "), suggest(string(b), words))
}
