package onus

import "fmt"

// DeliveryModel is how a service is delivered, which decides the default split
// of its layers between provider and customer.
type DeliveryModel string

// The delivery models, from the customer holding everything to the provider
// holding the most.
const (
	OnPrem DeliveryModel = "onprem"
	IaaS   DeliveryModel = "iaas"
	CaaS   DeliveryModel = "caas"
	PaaS   DeliveryModel = "paas"
	FaaS   DeliveryModel = "faas"
	SaaS   DeliveryModel = "saas"
)

// DeliveryModels returns every delivery model in the order of DOMAIN.md's table.
func DeliveryModels() []DeliveryModel {
	return []DeliveryModel{OnPrem, IaaS, CaaS, PaaS, FaaS, SaaS}
}

var deliveryModelNames = map[DeliveryModel]string{
	OnPrem: "On-premises",
	IaaS:   "Infrastructure as a service",
	CaaS:   "Containers as a service",
	PaaS:   "Platform as a service",
	FaaS:   "Functions as a service",
	SaaS:   "Software as a service",
}

var deliveryModelAliases = map[string]DeliveryModel{
	"onprem": OnPrem, "on prem": OnPrem, "on premises": OnPrem, "on premise": OnPrem, "self hosted": OnPrem,
	"iaas": IaaS, "infrastructure as a service": IaaS,
	"caas": CaaS, "containers as a service": CaaS, "container as a service": CaaS,
	"paas": PaaS, "platform as a service": PaaS,
	"faas": FaaS, "functions as a service": FaaS, "function as a service": FaaS, "serverless": FaaS,
	"saas": SaaS, "software as a service": SaaS,
}

// ParseDeliveryModel resolves a delivery model ID or common name.
func ParseDeliveryModel(s string) (DeliveryModel, bool) {
	m, ok := deliveryModelAliases[normalizeWord(s)]
	return m, ok
}

// Valid reports whether m is a known delivery model.
func (m DeliveryModel) Valid() bool { _, ok := deliveryModelNames[m]; return ok }

// Name returns the display name of m.
func (m DeliveryModel) Name() string {
	if n, ok := deliveryModelNames[m]; ok {
		return n
	}
	return string(m)
}

// UnmarshalText accepts a delivery model ID or common name.
func (m *DeliveryModel) UnmarshalText(b []byte) error {
	v, ok := ParseDeliveryModel(string(b))
	if !ok {
		return fmt.Errorf("unknown delivery model %q (use onprem, iaas, caas, paas, faas or saas)", b)
	}
	*m = v
	return nil
}

// Responsibility says which side holds a layer.
type Responsibility uint8

// The values of Responsibility. The zero value means nobody: a gap.
const (
	Nobody Responsibility = iota
	Provider
	Customer
	Shared
	NotApplicable
)

var responsibilityWords = [...]string{"nobody", "provider", "customer", "shared", "n/a"}

// String returns the lower-case word for r.
func (r Responsibility) String() string {
	if int(r) < len(responsibilityWords) {
		return responsibilityWords[r]
	}
	return fmt.Sprintf("Responsibility(%d)", uint8(r))
}

// Letter returns the one-letter form used in DOMAIN.md's table: P, C, S, - or ?.
func (r Responsibility) Letter() string {
	switch r {
	case Provider:
		return "P"
	case Customer:
		return "C"
	case Shared:
		return "S"
	case NotApplicable:
		return "-"
	}
	return "?"
}

// HasProvider reports whether the provider holds all or part of the layer.
func (r Responsibility) HasProvider() bool { return r == Provider || r == Shared }

// HasCustomer reports whether the customer holds all or part of the layer.
func (r Responsibility) HasCustomer() bool { return r == Customer || r == Shared }

// UnmarshalText accepts provider, customer, shared, n/a, their one-letter forms
// and the vocabularies of the provider models (Microsoft, Google, AWS's
// "inherited").
func (r *Responsibility) UnmarshalText(b []byte) error {
	switch normalizeWord(string(b)) {
	case "provider", "p", "microsoft", "google", "csp", "inherited", "csp owned":
		*r = Provider
	case "customer", "c", "csc", "customer specific", "csc owned":
		*r = Customer
	case "shared", "s", "shared csp and csc":
		*r = Shared
	case "n a", "na", "not applicable", "none":
		*r = NotApplicable
	default:
		return fmt.Errorf("unknown responsibility %q (use provider, customer, shared or n/a)", b)
	}
	return nil
}

// MarshalText returns the lower-case word for r.
func (r Responsibility) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
