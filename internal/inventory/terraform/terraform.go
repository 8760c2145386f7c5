// Package terraform reads Terraform and OpenTofu inventories: raw state
// files (format "tfstate") and the output of terraform show -json of a state
// or a plan (format "tfshow"). It also reads plans for the CI gate
// (ReadPlan, ScanPlan).
//
// # Raw state
//
// A raw state (terraform.tfstate, format version 4, written by Terraform
// 0.12 and later and by OpenTofu) is read as a stream: the file is never
// held in memory, only the resource instance being read. Other versions
// are rejected with an error saying what to do. An OpenTofu state encrypted
// with state encryption is valid JSON holding serial, lineage, meta,
// encrypted_data and encryption_version instead of the state; it is
// recognised, and rejected with an error saying how to decrypt it
// (tofu show -json).
//
// Each instance of a managed resource becomes a resource whose Address is
// the instance's address as Terraform prints it, built from the module
// instance (module.a["k"].module.b[0]), the type, the name and the
// instance key of count (an integer) or for_each (a string, quoted and
// escaped as Terraform does). Data sources are skipped. A tainted instance
// still exists and is read; a deposed one (the old object of a
// create-before-destroy replacement, which Terraform has still to destroy)
// is skipped. The provider is read in both spellings:
// provider["registry.terraform.io/hashicorp/aws"] (Terraform 0.13 and
// later, with an optional module.x. prefix and .alias suffix) and
// provider.aws (Terraform 0.12).
//
// Instances are emitted as they are read when their resource's mode, type,
// name and provider come before them, as Terraform writes them. When they
// do not (a state whose keys were sorted), the instances of one resource
// are held back until the resource ends, up to a bound.
//
// # terraform show -json
//
// The output of terraform show -json is read with format_version 0.x or
// 1.x (a later major version is rejected): of a state, its values; of a
// plan, its planned values, the resources as they will be after the plan is
// applied. Child modules are walked to any depth. Addresses are rebuilt
// from the module, type, name and index, which repairs Terraform 0.12.0's
// addresses that lacked the module path and the index. Data sources and
// deposed objects are skipped.
//
// # Resources
//
// Every resource is in the Terraform vocabulary (Type aws_instance).
// Provider is the cloud, from the provider's type: aws (and awscc), azure
// (azurerm, azuread, azapi), gcp (google, google-beta), kubernetes
// (kubernetes, helm), or the provider's type for others (datadog). ID is
// the arn, else the id (an Azure Resource Manager ID); for Google Cloud
// the self_link, else the id. Name is the name attribute, else the Name
// tag, else the address. Account is the AWS account of the ARN (else
// owner_id or account_id), the Azure subscription of the ID, or the Google
// Cloud project. Region is the region attribute, the ARN's region, the
// Azure location, or the region of an availability zone or a Google Cloud
// zone. Tags are tags over tags_all (AWS, Azure), or labels over
// effective_labels and terraform_labels (Google Cloud); numbers and
// booleans keep their JSON text, and null reads as empty.
//
// Attrs holds the top-level scalar attributes (strings, numbers and
// booleans, as text) for classification rules such as launch_type,
// engine, enable_autopilot or kind: at most 64, in the order of the file,
// each at most 256 bytes; longer values, nested blocks and nulls are left
// out. A state holds secrets in plain text, so Attrs never holds what the
// input marks sensitive (sensitive_attributes, sensitive_values,
// before_sensitive, after_sensitive), nor attributes whose names say they
// hold a secret (password, secret, token, credential, connection_string,
// private_key, or a name ending in _key); private and sensitive_attributes
// are never copied. One string attribute at the top level may be at most
// 16 MiB (jsonscan.DefaultMaxValue); nested values may be of any size.
//
// Loc is the file and the line where the instance (raw state) or resource
// (show output) starts.
//
// # Plans
//
// ReadPlan and ScanPlan read the resource changes of a plan, streaming
// them, for the CI gate; see Change. Changes of ephemeral resources
// (Terraform 1.10 and later), which leave nothing behind, are skipped. A plan's JSON says nothing of where
// in the .tf files a resource is written, so a change names its resource
// block by its configuration address.
package terraform

import (
	"bytes"
	"errors"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// Format reads raw Terraform and OpenTofu state files.
var Format = inventory.Format{
	Name:        "tfstate",
	Description: "Terraform and OpenTofu state files (terraform.tfstate, format version 4)",
	Sniff:       sniffState,
	Read:        ReadState,
}

// ShowFormat reads the output of terraform show -json, of a state or of a
// plan.
var ShowFormat = inventory.Format{
	Name:        "tfshow",
	Description: "terraform show -json output of a state, or of a plan (read as its planned values)",
	Sniff:       sniffShow,
	Read:        ReadShow,
}

// sniffState accepts a raw state: an integer version with a lineage or a
// terraform_version at the top level. The version alone is not enough: a
// CycloneDX BOM has an integer version too. It accepts an encrypted
// OpenTofu state too, so that reading it says what it is.
func sniffState(head []byte) bool {
	var version, state, encryptedData, encryptionVersion bool
	topLevel(head, func(s *jsonscan.Scanner, key string) bool {
		switch key {
		case "version":
			if k, _ := s.Peek(); k == jsonscan.Number {
				_, err := s.Int()
				version = err == nil
			}
		case "lineage", "terraform_version":
			state = true
		case "encrypted_data":
			encryptedData = true
		case "encryption_version":
			encryptionVersion = true
		}
		return !(version && state)
	})
	return version && state || encryptedData && encryptionVersion
}

// sniffShow accepts terraform show -json output: a format_version string
// with the values of a state, the parts of a plan or a terraform_version.
func sniffShow(head []byte) bool {
	var version, show bool
	topLevel(head, func(s *jsonscan.Scanner, key string) bool {
		switch key {
		case "format_version":
			k, _ := s.Peek()
			version = k == jsonscan.String
		case "terraform_version", "values", "planned_values", "resource_changes", "prior_state":
			show = true
		}
		return !(version && show)
	})
	return version && show
}

var errStop = errors.New("stop")

// topLevel calls fn with each key of the object that head starts with, as
// far as head holds it; fn may read the value, and returns false to stop.
func topLevel(head []byte, fn func(s *jsonscan.Scanner, key string) bool) {
	s := jsonscan.New(bytes.NewReader(head), "")
	s.Object(func(key []byte) error {
		if !fn(s, string(key)) {
			return errStop
		}
		return nil
	})
}
