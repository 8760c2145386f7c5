// Package inventory reads the inventories organisations already have
// (Terraform state and plans, cloud exports, Kubernetes lists, SBOMs, CSV)
// as a stream of resources. Each input format lives in a package of its own
// below this one and is described by a Format; the caller passes the formats
// it wants to ReadFile, which sniffs which one a file is.
package inventory

import (
	"errors"
	"io"
	"os"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/sniff"
)

// Vocabulary names the type system a resource's Type is written in.
type Vocabulary string

// The vocabularies of resource types.
const (
	Terraform      Vocabulary = "terraform"      // aws_db_instance
	CloudFormation Vocabulary = "cloudformation" // AWS::RDS::DBInstance (also AWS Config)
	ARM            Vocabulary = "arm"            // Microsoft.Sql/servers (Azure Resource Graph)
	CAI            Vocabulary = "cai"            // sqladmin.googleapis.com/Instance
	Kubernetes     Vocabulary = "kubernetes"     // apps/Deployment
	Service        Vocabulary = "service"        // a catalog service ID given directly (CSV, CycloneDX)
)

// Resource is one resource read from an inventory, before it is classified
// into a catalog service.
type Resource struct {
	Vocabulary Vocabulary
	// Type is the resource type in the resource's vocabulary.
	Type string
	// ID is the provider's identifier: an ARN, an ARM ID, a CAI asset name,
	// namespace/name for Kubernetes. It may be empty for resources not yet
	// created.
	ID string
	// Address is the resource's name inside the inventory, such as a
	// Terraform address (module.db.aws_db_instance.main[0]).
	Address string
	Name    string
	// Provider is the cloud: aws, azure, gcp, kubernetes, or a SaaS vendor.
	Provider string
	// Account is the AWS account, Azure subscription or GCP project.
	Account string
	Region  string
	Tags    map[string]string
	// Attrs holds the scalar attributes that classification rules read to
	// tell services apart (kind, launch_type, enable_autopilot, …), flattened
	// with dots for nested objects.
	Attrs map[string]string
	// Data lists data classes declared by the inventory (CycloneDX data
	// flows, a CSV column).
	Data []onus.DataClass
	// Owner is an owning party named directly by the inventory.
	Owner string
	// Loc is where the resource is written: the file, and the line when the
	// format gives one.
	Loc onus.Location
}

// Key returns the identity of the resource across runs: its address when it
// has one (a Terraform address is stable before and after apply), else its ID.
func (r *Resource) Key() string {
	if r.Address != "" {
		return r.Address
	}
	return r.ID
}

// Format is one inventory format.
type Format struct {
	// Name is the short name users pass as --format or in a model's
	// inventory source ("tfstate", "aws-config").
	Name string
	// Description says what files the format reads, for help output.
	Description string
	// Sniff reports whether a file starting with head is in this format.
	// head holds at most SniffSize bytes, leading white space removed.
	Sniff func(head []byte) bool
	// Read streams the resources of r, calling emit once for each. It
	// returns emit's error as soon as emit fails. file names r in errors
	// and locations.
	Read func(r io.Reader, file string, emit func(*Resource) error) error
}

// SniffSize is how many bytes of a file sniffing looks at.
const SniffSize = sniff.HeadSize

// ErrUnknownFormat is returned (wrapped in an *onus.Error) when no format
// recognises a file.
var ErrUnknownFormat = errors.New("unknown inventory format")

// ReadFile reads an inventory file, transparently gunzipping it, in the named
// format, or in the first format whose Sniff accepts it when format is "".
func ReadFile(path, format string, formats []Format, emit func(*Resource) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &onus.Error{Code: onus.ENotFound, Message: "cannot open inventory", Loc: onus.Location{File: path}, Err: err}
	}
	defer f.Close()
	return Read(f, path, format, formats, emit)
}

// Read is ReadFile on an open reader.
func Read(r io.Reader, name, format string, formats []Format, emit func(*Resource) error) error {
	in, err := sniff.Open(r, name)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := sniff.Choose(in, format, "inventory", formats, ErrUnknownFormat)
	if err != nil {
		return err
	}
	return f.Read(in, name, emit)
}

// FormatName returns the format's name, for sniff.Choose.
func (f Format) FormatName() string { return f.Name }

// Sniffs reports whether the format recognises an input starting with head.
func (f Format) Sniffs(head []byte) bool { return f.Sniff != nil && f.Sniff(head) }

// environmentTags are the tag keys read, in order, for an asset's
// environment when the inventory gives none.
var environmentTags = []string{"environment", "Environment", "env", "Env", "ENV", "stage", "Stage"}

// Asset turns the resource into an asset of the given catalog service, ""
// when classification found none (the asset is then unclassified).
func (r *Resource) Asset(service string) *onus.Asset {
	a := &onus.Asset{
		ID: r.ID, Name: r.Name, Service: service, Address: r.Address, Type: r.Type,
		Account: r.Account, Region: r.Region, Tags: r.Tags, Data: r.Data, Loc: r.Loc,
	}
	if a.ID == "" {
		a.ID = r.Address
	}
	if a.Name == "" && r.Address != "" && r.Address != a.ID {
		a.Name = r.Address
	}
	for _, k := range environmentTags {
		if v := r.Tags[k]; v != "" {
			a.Environment = v
			break
		}
	}
	if v := r.Attrs["environment"]; a.Environment == "" && v != "" {
		a.Environment = v
	}
	if m, ok := onus.ParseDeliveryModel(r.Attrs["model"]); ok {
		a.Model = m
	}
	if r.Vocabulary == Service {
		// Lists of services name the vendor that delivers each, and may
		// keep the type another inventory reported.
		a.Provider = r.Provider
		if t := r.Attrs["type"]; t != "" {
			a.Type = t
		}
	}
	if r.Owner != "" {
		if a.Tags == nil {
			a.Tags = map[string]string{}
		}
		if _, set := a.Tags["owner"]; !set {
			a.Tags["owner"] = r.Owner
		}
	}
	return a
}
