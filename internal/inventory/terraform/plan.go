package terraform

import (
	"cmp"
	"io"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/jsonscan"
	"github.com/onus-dev/onus/internal/sniff"
)

// Action is what a plan does to a resource instance, summing up the list of
// actions Terraform gives for it.
type Action string

// The actions. Terraform writes a replacement as two actions, delete and
// create in either order (create first for create_before_destroy), or
// create and forget when a removed block keeps the old object
// (destroy = false); all of them are ActionReplace.
const (
	ActionNoOp    Action = "no-op"
	ActionCreate  Action = "create"
	ActionRead    Action = "read"
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete"
	ActionReplace Action = "replace"
	ActionForget  Action = "forget"
)

// actionOf sums up a change's list of actions, and reports false for a
// list Terraform does not write.
func actionOf(actions []string) (Action, bool) {
	switch len(actions) {
	case 1:
		switch a := Action(actions[0]); a {
		case ActionNoOp, ActionCreate, ActionRead, ActionUpdate, ActionDelete, ActionForget:
			return a, true
		}
	case 2:
		a, b := actions[0], actions[1]
		gone := a == "delete" || b == "delete" || a == "forget" || b == "forget"
		if (a == "create") != (b == "create") && gone {
			return ActionReplace, true
		}
	}
	return "", false
}

// Change is one resource instance change of a plan (an element of its
// resource_changes), with what the CI gate needs of it.
//
// A plan does not say where in the configuration a resource is written:
// its configuration section gives each resource block's address, type,
// name, provider key, expressions and count or for_each expression, but no
// file or line (hashicorp/terraform internal/command/jsonconfig; terraform-json
// ConfigResource). ConfigAddress is therefore what names the resource
// block, and Loc points into the plan file.
type Change struct {
	// Address is the instance's address as Terraform prints it:
	// module.a["k"].aws_instance.web[0].
	Address string
	// PreviousAddress is the address the instance had before a moved
	// block, or "".
	PreviousAddress string
	// ModuleAddress is the module instance the resource is in, "" for the
	// root module.
	ModuleAddress string
	// ConfigAddress is the address of the resource block in
	// configuration: the module path without instance keys, then the
	// resource (module.a.aws_instance.web). It is "" when the module
	// address cannot be parsed.
	ConfigAddress string
	// Mode is "managed" or "data".
	Mode string
	Type string
	Name string
	// Index is the instance key as it stands in the address, brackets
	// included ([0], ["blue"]), or "" when the resource has none.
	Index string
	// Provider is the provider's source address as the plan gives it
	// (registry.terraform.io/hashicorp/aws, or aws before Terraform 0.13).
	Provider string
	// Deposed is the key of a deposed object the change is about, or "".
	Deposed string
	// Importing is set when the change imports an existing object into
	// the state (an import block, Terraform 1.5 and later).
	Importing bool
	// Actions is the list of actions as written; Action sums it up.
	Actions []string
	Action  Action
	// Reason is the action_reason Terraform gives for some changes, such
	// as replace_because_tainted or delete_because_no_resource_config.
	Reason string
	// Before and After are the object before and after the change, nil
	// when there is none (before a create, after a delete). A moved
	// object's Before has the previous address. After holds only the
	// attributes known at plan time.
	Before, After *inventory.Resource
	// Loc is where the change is written in the plan file.
	Loc onus.Location
}

// Plan is what the CI gate reads of a terraform show -json plan.
type Plan struct {
	FormatVersion    string
	TerraformVersion string
	// Errored is set when planning failed: the changes are those planned
	// before the error and the plan cannot be applied.
	Errored bool
	// Changes are the resource changes, in the order of the file. ScanPlan
	// leaves them nil.
	Changes []*Change
}

// ReadPlan reads a plan, the output of terraform show -json PLANFILE (or
// tofu show -json), from r, gunzipping it if needed, and returns it with all
// its changes. file names r in errors and locations. The changes of a very
// large plan are better streamed with ScanPlan.
func ReadPlan(r io.Reader, file string) (*Plan, error) {
	var changes []*Change
	p, err := ScanPlan(r, file, func(c *Change) error {
		changes = append(changes, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Changes = changes
	return p, nil
}

// ScanPlan reads a plan as ReadPlan does, calling fn with each resource
// change as it is read, so that memory does not grow with the plan. It
// returns fn's error as soon as fn fails.
func ScanPlan(r io.Reader, file string, fn func(*Change) error) (*Plan, error) {
	in, err := sniff.Open(r, file)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if magic, _ := in.Peek(4); string(magic) == "PK\x03\x04" {
		return nil, onus.ErrorAt(onus.Location{File: file}, onus.EUnsupported,
			"this is a binary plan file (terraform plan -out); convert it with `terraform show -json %s > plan.json` and give onus plan.json", file)
	}
	pr := &planReader{s: jsonscan.New(in, file), file: file, fn: fn, plan: &Plan{}}
	if err := pr.read(); err != nil {
		return nil, err
	}
	return pr.plan, nil
}

// planReader reads a plan.
type planReader struct {
	s             *jsonscan.Scanner
	file          string
	fn            func(*Change) error
	plan          *Plan
	isPlan        bool
	before, after object
}

func (pr *planReader) read() error {
	s, p := pr.s, pr.plan
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "format_version":
			p.FormatVersion, err = formatVersion(s)
		case "terraform_version":
			p.TerraformVersion, err = text(s)
		case "errored":
			if k, err := s.Peek(); err != nil || k != jsonscan.Bool {
				return err
			}
			p.Errored, err = s.Bool()
		case "encrypted_data", "encryption_version":
			err = encrypted(s.Location())
		case "planned_values", "prior_state", "configuration":
			pr.isPlan = true
		case "resource_changes":
			if p.FormatVersion == "" {
				return versionFirst(s.Location())
			}
			pr.isPlan = true
			err = s.Array(pr.readChange)
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case p.FormatVersion == "":
		return onus.ErrorAt(onus.Location{File: pr.file}, onus.EInvalid, "not terraform show -json output: it has no format_version")
	case !pr.isPlan:
		return onus.ErrorAt(onus.Location{File: pr.file}, onus.EInvalid, "not a plan: it has no planned_values or resource_changes (the output of terraform show -json of a state is an inventory, not a plan)")
	}
	return end(s, "plan")
}

func (pr *planReader) readChange() error {
	s := pr.s
	loc := s.Location()
	c := &Change{Loc: onus.Location{File: pr.file, Line: loc.Line}}
	pr.before.reset()
	pr.after.reset()
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "address":
			c.Address, err = text(s)
		case "previous_address":
			c.PreviousAddress, err = text(s)
		case "module_address":
			c.ModuleAddress, err = text(s)
		case "mode":
			c.Mode, err = text(s)
		case "type":
			c.Type, err = text(s)
		case "name":
			c.Name, err = text(s)
		case "index":
			c.Index, err = readKey(s)
		case "provider_name":
			c.Provider, err = text(s)
		case "deposed":
			c.Deposed, err = text(s)
		case "action_reason":
			c.Reason, err = text(s)
		case "change":
			err = pr.readBody(c)
		}
		return err
	})
	if err != nil {
		return err
	}
	if c.Mode == "ephemeral" {
		return nil
	}
	if err := checkResource(c.Type, c.Name, c.Mode, loc); err != nil {
		return err
	}
	var ok bool
	if c.Action, ok = actionOf(c.Actions); !ok {
		return onus.ErrorAt(loc, onus.EUnsupported, "%s: unknown actions %q", c.Address, c.Actions)
	}
	rel := resourceAddress("", c.Mode, c.Type, c.Name, c.Index)
	if c.ModuleAddress == "" {
		c.ModuleAddress, _ = modulePrefix(c.Address, rel)
	}
	c.Address = resourceAddress(c.ModuleAddress, c.Mode, c.Type, c.Name, c.Index)
	if mod, ok := configAddress(c.ModuleAddress); ok {
		c.ConfigAddress = resourceAddress(mod, c.Mode, c.Type, c.Name, "")
	}
	cloud := cloudOf(sourceType(c.Provider), c.Type)
	if pr.before.present {
		c.Before = newResource(c.Type, cmp.Or(c.PreviousAddress, c.Address), cloud, c.Loc, &pr.before)
	}
	if pr.after.present {
		c.After = newResource(c.Type, c.Address, cloud, c.Loc, &pr.after)
	}
	return pr.fn(c)
}

// readBody reads the change member of a resource change.
func (pr *planReader) readBody(c *Change) error {
	s := pr.s
	return s.Object(func(key []byte) error {
		switch string(key) {
		case "actions":
			return s.Array(func() error {
				if len(c.Actions) == 2 {
					return onus.ErrorAt(s.Location(), onus.EUnsupported, "more than two actions")
				}
				a, err := s.String()
				c.Actions = append(c.Actions, a)
				return err
			})
		case "before":
			return pr.before.read(s)
		case "after":
			return pr.after.read(s)
		case "before_sensitive":
			return pr.before.readSensitiveValues(s)
		case "after_sensitive":
			return pr.after.readSensitiveValues(s)
		case "importing":
			k, err := s.Peek()
			c.Importing = k == jsonscan.Object
			return err
		}
		return nil
	})
}
