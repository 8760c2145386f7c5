// Package findings reads the security findings organisations already produce
// (AWS Security Hub ASFF, OCSF, Prowler CSV, SARIF, Checkov and Trivy JSON,
// a generic CSV/JSON) as a stream of records in one shape. Each input format
// lives in a package of its own below this one and is described by a Format;
// the caller passes the formats it wants to ReadFile, which sniffs which one a
// file is.
package findings

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/sniff"
)

// Status is the result a tool reported for a check on a resource.
type Status string

// The statuses. Passed checks are evidence, not work.
const (
	Fail    Status = "fail"
	Pass    Status = "pass"
	Manual  Status = "manual"  // the tool could not decide; a person must look
	Skipped Status = "skipped" // suppressed or muted in the tool
)

// Finding is one security finding, as read from a tool's output.
type Finding struct {
	// Tool is the tool that produced the finding ("Prowler", "Security Hub",
	// "Checkov", "Trivy").
	Tool string
	// Format is the Format.Name it was read from.
	Format string
	// ID is the tool's own identifier of the finding, if it has one.
	ID string
	// Check is the tool's rule, check or control ID: "iam_root_mfa_enabled",
	// "CKV_AWS_21", "AVD-AWS-0104", "CIS.1.1".
	Check       string
	Title       string
	Description string
	Severity    onus.Severity
	// Unrated says that the tool gave no severity (Checkov without its
	// platform, a generic file without the column); Severity then holds
	// Medium, so that such findings are neither buried nor escalated.
	Unrated bool
	Status  Status
	// Types are ASFF Types ("Software and Configuration Checks/Industry and
	// Regulatory Standards/CIS") or OCSF finding types.
	Types []string
	// Categories are OCSF categories or a tool's own ("encryption",
	// "logging"). Readers share one Types and one Categories slice among
	// the findings of a run that have the same ones: treat them as read
	// only.
	Categories []string
	Resource   Resource
	// Vulnerability is set for findings about a vulnerable package.
	Vulnerability *Vulnerability
	Remediation   string
	URL           string
	Observed      time.Time
	// Loc is where the record is written: the file, and the line when the
	// format gives one (NDJSON, CSV).
	Loc onus.Location
}

// Resource is what a finding is about, with every identifier the tool gave.
type Resource struct {
	// ID is the cloud identifier: an ARN, an Azure resource ID, a GCP asset
	// name or resource ID.
	ID string
	// Type is the tool's resource type ("AwsS3Bucket", "Microsoft.Sql/servers",
	// "aws_s3_bucket", "Container").
	Type string
	Name string
	// Address is a Terraform address (module.alb.aws_lb.main), when the tool
	// scanned IaC.
	Address string
	// Namespace is a Kubernetes namespace.
	Namespace string
	// Provider is the cloud: aws, azure, gcp, kubernetes.
	Provider string
	Account  string
	Region   string
	// Service is the tool's name for the cloud service ("s3", "ec2").
	Service string
	Tags    map[string]string
	// File and Line point into IaC source, for IaC scanners.
	File string
	Line int
}

// Vulnerability describes a vulnerable package.
type Vulnerability struct {
	ID      string // CVE or advisory ID
	Package string
	Version string
	// Class is "os" for a package of the operating system (apk, deb, rpm)
	// and "application" for a language package (npm, gomod, pip, jar).
	Class string
	// Fixed is the first version that fixes the vulnerability, when the
	// tool knows one.
	Fixed string
}

// Format is one findings format.
type Format struct {
	// Name is the short name users pass as --format ("asff", "ocsf").
	Name        string
	Description string
	// Sniff reports whether a file starting with head is in this format.
	// head holds at most SniffSize bytes, leading white space removed.
	Sniff func(head []byte) bool
	// Read streams the findings of r, calling emit once for each. It
	// returns emit's error as soon as emit fails. file names r in errors
	// and locations.
	Read func(r io.Reader, file string, emit func(*Finding) error) error
}

// SniffSize is how many bytes of a file sniffing looks at.
const SniffSize = sniff.HeadSize

// ErrUnknownFormat is returned (wrapped in an *onus.Error) when no format
// recognises a file.
var ErrUnknownFormat = errors.New("unknown findings format")

// ReadFile reads a findings file, transparently gunzipping it, in the named
// format, or in the first format whose Sniff accepts it when format is "".
func ReadFile(path, format string, formats []Format, emit func(*Finding) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &onus.Error{Code: onus.ENotFound, Message: "cannot open findings file", Loc: onus.Location{File: path}, Err: err}
	}
	defer f.Close()
	return Read(f, path, format, formats, emit)
}

// Read is ReadFile on an open reader.
func Read(r io.Reader, name, format string, formats []Format, emit func(*Finding) error) error {
	in, err := sniff.Open(r, name)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := sniff.Choose(in, format, "findings", formats, ErrUnknownFormat)
	if err != nil {
		return err
	}
	return f.Read(in, name, emit)
}

// FormatName returns the format's name, for sniff.Choose.
func (f Format) FormatName() string { return f.Name }

// Sniffs reports whether the format recognises an input starting with head.
func (f Format) Sniffs(head []byte) bool { return f.Sniff != nil && f.Sniff(head) }
