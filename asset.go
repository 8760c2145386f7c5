package onus

// Asset is something the organisation runs: a database, a SaaS subscription,
// an on-premises cluster. Its service ("aws:rds") names the catalog entry
// that says how its layers split.
type Asset struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Service string `yaml:"service"`
	// Model overrides the delivery model of the service for this asset.
	Model DeliveryModel `yaml:"model"`
	// Provider names the party that delivers the service, for services whose
	// provider is a vendor of the organisation's choosing (colocation, a
	// SaaS onus has no entry for). It defaults to the catalog's provider.
	Provider    string            `yaml:"provider"`
	Account     string            `yaml:"account"`
	Region      string            `yaml:"region"`
	Environment string            `yaml:"environment"`
	Tags        map[string]string `yaml:"tags"`
	Data        []DataClass       `yaml:"data"`
	// Type is the resource type an inventory reported ("aws_db_instance"),
	// kept so that unclassified resources can name it.
	Type string `yaml:"type"`
	// Address is the resource's address in its inventory (a Terraform
	// address, an ARN), when it differs from ID.
	Address string   `yaml:"address"`
	Note    string   `yaml:"note"`
	Loc     Location `yaml:"-"`
}

// DisplayName returns the asset's name, or its ID when it has none.
func (a *Asset) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// Sensitive reports whether the asset holds a sensitive data class.
func (a *Asset) Sensitive() bool {
	for _, d := range a.Data {
		if d.Sensitive() {
			return true
		}
	}
	return false
}
