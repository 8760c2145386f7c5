package route

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/route/internal/yamlbound"
)

// RulesAPIVersion is the apiVersion of routing rules files.
const RulesAPIVersion = "onus/routing/v1"

// maxRulesFile bounds the size of a rules file; real ones are a few
// kilobytes.
const maxRulesFile = 4 << 20

// maxRulesNodes bounds the values a rules file holds once its YAML aliases
// are expanded: 5,000 rules of a few dozen values each.
const maxRulesNodes = 250_000

// maxRules bounds how many rules one file holds, so that a hostile file
// cannot make every cache miss walk an endless table.
const maxRules = 5000

//go:embed rules.yaml
var builtinRules []byte

// RulesFile is a routing rules file: rules that choose the layer a finding
// is about, the layer used when none matches, and the due-date policy.
type RulesFile struct {
	APIVersion string `yaml:"apiVersion"`
	// Rules are tried in order; the first that matches decides.
	Rules []*Rule `yaml:"rules"`
	// Disable names built-in rules to leave out.
	Disable []string `yaml:"disable"`
	// Fallback is the layer of a finding no rule matches.
	Fallback onus.Layer `yaml:"fallback"`
	Due      DuePolicy  `yaml:"due"`
	Loc      onus.Location
}

// Rule maps the findings that match its criteria to a layer.
type Rule struct {
	ID    string     `yaml:"id"`
	Layer onus.Layer `yaml:"layer"`
	When  Criteria   `yaml:"when"`
	Note  string     `yaml:"note"`
	Loc   onus.Location
}

// Criteria are what a rule reads of a finding. Every criterion that is set
// must match (and); the patterns of one criterion are alternatives (or).
// Patterns hold the wildcards * and ? and match case-insensitively. A
// criterion on a list (Types, Categories) matches when any value does.
type Criteria struct {
	// Tools match the tool's name ("Prowler", "Checkov").
	Tools []onus.Pattern `yaml:"tool"`
	// Checks match the tool's check, rule or control ID.
	Checks []onus.Pattern `yaml:"check"`
	// Titles match the finding's title.
	Titles []onus.Pattern `yaml:"title"`
	// Types match ASFF Types or OCSF finding types.
	Types []onus.Pattern `yaml:"types"`
	// Categories match OCSF or tool categories.
	Categories []onus.Pattern `yaml:"categories"`
	// ResourceTypes match the tool's resource type.
	ResourceTypes []onus.Pattern `yaml:"resource_type"`
	// Services match the tool's name for the cloud service ("s3").
	Services []onus.Pattern `yaml:"service"`
	// Vulnerabilities match the class of a vulnerable package.
	Vulnerabilities []VulnClass `yaml:"vulnerability"`
}

// VulnClass is the class of a vulnerable package, as routing sees it.
type VulnClass string

// The vulnerability classes. A finding without a vulnerable package has
// none, and matches no rule that reads the class.
const (
	// VulnOS is an operating-system package (apk, deb, rpm) on a host.
	VulnOS VulnClass = "os"
	// VulnContainerOS is an operating-system package inside a container
	// image: the image's owner rebuilds it, nobody patches it in place.
	VulnContainerOS VulnClass = "container-os"
	// VulnApplication is a language package (npm, pip, Go modules, jars).
	VulnApplication VulnClass = "application"
	// VulnUnknown is a vulnerable package whose kind the tool did not say.
	VulnUnknown VulnClass = "unknown"
	// VulnAny matches every vulnerable package.
	VulnAny VulnClass = "any"
)

// UnmarshalText accepts a vulnerability class.
func (c *VulnClass) UnmarshalText(b []byte) error {
	switch v := VulnClass(strings.ToLower(strings.TrimSpace(string(b)))); v {
	case VulnOS, VulnContainerOS, VulnApplication, VulnUnknown, VulnAny:
		*c = v
		return nil
	}
	return fmt.Errorf("unknown vulnerability class %q (use os, container-os, application, unknown or any)", b)
}

func (c Criteria) empty() bool {
	return len(c.Tools)+len(c.Checks)+len(c.Titles)+len(c.Types)+len(c.Categories)+
		len(c.ResourceTypes)+len(c.Services)+len(c.Vulnerabilities) == 0
}

// DuePolicy sets due dates: the time allowed per severity, and the
// severities for which the response time of the agreement clause that
// governs the routed party applies instead.
type DuePolicy struct {
	Critical onus.Period `yaml:"critical"`
	High     onus.Period `yaml:"high"`
	Medium   onus.Period `yaml:"medium"`
	Low      onus.Period `yaml:"low"`
	Info     onus.Period `yaml:"info"`
	// Clause lists the severities that take a clause's response time.
	Clause []onus.Severity `yaml:"clause"`
	Loc    onus.Location
}

// period returns the time allowed for severity s.
func (d *DuePolicy) period(s onus.Severity) onus.Period {
	switch s {
	case onus.Critical:
		return d.Critical
	case onus.High:
		return d.High
	case onus.Medium:
		return d.Medium
	case onus.Low:
		return d.Low
	}
	return d.Info
}

// merge sets the fields of d that o sets.
func (d *DuePolicy) merge(o DuePolicy) {
	for _, f := range []struct{ dst, src *onus.Period }{
		{&d.Critical, &o.Critical}, {&d.High, &o.High}, {&d.Medium, &o.Medium}, {&d.Low, &o.Low}, {&d.Info, &o.Info},
	} {
		if !f.src.IsZero() {
			*f.dst = *f.src
		}
	}
	if o.Clause != nil {
		d.Clause = o.Clause
	}
}

var ruleID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ParseRules parses a routing rules file. Every problem is reported, each
// located at its file, line, column and field.
func ParseRules(file string, data []byte) (*RulesFile, error) {
	if len(data) > maxRulesFile {
		return nil, onus.ErrorAt(onus.Location{File: file}, onus.ETooLarge, "rules file is larger than %d MiB", maxRulesFile>>20)
	}
	var rf RulesFile
	if err := yamlbound.Decode(file, data, "rules file", maxRulesNodes, &rf); err != nil {
		return nil, err
	}
	if errs := rf.validate(); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return &rf, nil
}

// ReadRules reads and parses a routing rules file.
func ReadRules(path string) (*RulesFile, error) {
	data, err := yamlbound.ReadFile(path, "rules file", maxRulesFile)
	if err != nil {
		return nil, err
	}
	return ParseRules(path, data)
}

func (rf *RulesFile) validate() onus.ErrorList {
	var errs onus.ErrorList
	if rf.APIVersion != RulesAPIVersion {
		loc := rf.Loc
		loc.Path = "apiVersion"
		errs.Add(loc, onus.EInvalid, "apiVersion is %q, want %q", rf.APIVersion, RulesAPIVersion)
	}
	if len(rf.Rules) > maxRules {
		errs.Add(rf.Loc, onus.ETooLarge, "%d rules; at most %d are allowed", len(rf.Rules), maxRules)
		return errs
	}
	seen := map[string]bool{}
	for _, r := range rf.Rules {
		at := func(field string) onus.Location {
			loc := r.Loc
			loc.Path = joinField(loc.Path, field)
			return loc
		}
		switch {
		case r.ID == "":
			errs.Add(at("id"), onus.EInvalid, "every rule needs an id, so that routed findings can name the rule that chose their layer")
		case !ruleID.MatchString(r.ID):
			errs.Add(at("id"), onus.EInvalid, "rule id %q: use lower-case letters, digits and . _ -", r.ID)
		case seen[r.ID]:
			errs.Add(at("id"), onus.EInvalid, "rule id %q is used twice", r.ID)
		}
		seen[r.ID] = true
		if r.Layer == "" {
			errs.Add(at("layer"), onus.EInvalid, "rule %q names no layer", r.ID)
		}
		if r.When.empty() {
			errs.Add(at("when"), onus.EInvalid, "rule %q has no criteria and would match every finding; set fallback instead", r.ID)
		}
	}
	return errs
}

func joinField(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// Table is a compiled rule table: the organisation's rules, then the
// built-in ones, then the fallback layer, and the due-date policy.
type Table struct {
	rules    []compiledRule
	fallback onus.Layer
	due      DuePolicy
	// clauseSev says, per severity, whether a clause's response time
	// applies.
	clauseSev [onus.Critical + 1]bool
	// reads records which finding fields any rule reads, so that the
	// decision cache keys on those alone. The vulnerability class is
	// always in the key: it is one short word.
	reads reads
}

type reads struct {
	tool, check, title, types, categories, resourceType, service bool
}

type compiledRule struct {
	*Rule
	tools, checks, titles, types, categories, resourceTypes, services []onus.Pattern
	vulns                                                             []VulnClass
}

// BuiltinRules returns the built-in rules file.
func BuiltinRules() *RulesFile {
	rf, err := ParseRules("builtin:rules.yaml", builtinRules)
	if err != nil {
		panic("route: the built-in rules do not parse: " + err.Error())
	}
	return rf
}

// NewTable compiles the built-in rules, with the organisation's rules
// files (if any) before them, in order. A file's fallback and due
// settings override the built-in ones; its disable list drops built-in
// rules, and a rule with a built-in rule's ID replaces it.
func NewTable(files ...*RulesFile) (*Table, error) {
	builtin := BuiltinRules()
	t := &Table{fallback: builtin.Fallback, due: builtin.Due}
	var errs onus.ErrorList
	own := map[string]bool{}
	drop := map[string]bool{}
	known := map[string]bool{}
	ids := make([]string, 0, len(builtin.Rules))
	for _, r := range builtin.Rules {
		known[r.ID] = true
		ids = append(ids, r.ID)
	}
	for _, f := range files {
		for _, r := range f.Rules {
			if own[r.ID] {
				errs.Add(r.Loc, onus.EInvalid, "rule id %q is used by an earlier rules file", r.ID)
				continue
			}
			own[r.ID] = true
			t.add(r)
		}
		for i, id := range f.Disable {
			if !known[id] {
				loc := f.Loc
				loc.Path = fmt.Sprintf("disable[%d]", i)
				errs.Add(loc, onus.EInvalid, "no built-in rule %q%s", id, onus.DidYouMean(id, ids))
			}
			drop[id] = true
		}
		if f.Fallback != "" {
			t.fallback = f.Fallback
		}
		t.due.merge(f.Due)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	for _, r := range builtin.Rules {
		if !drop[r.ID] && !own[r.ID] {
			t.add(r)
		}
	}
	for _, s := range t.due.Clause {
		t.clauseSev[s] = true
	}
	return t, nil
}

func lowerAll(ps []onus.Pattern) []onus.Pattern {
	out := make([]onus.Pattern, len(ps))
	for i, p := range ps {
		out[i] = onus.Pattern(strings.ToLower(string(p)))
	}
	return out
}

func (t *Table) add(r *Rule) {
	c := compiledRule{Rule: r,
		tools: lowerAll(r.When.Tools), checks: lowerAll(r.When.Checks), titles: lowerAll(r.When.Titles),
		types: lowerAll(r.When.Types), categories: lowerAll(r.When.Categories),
		resourceTypes: lowerAll(r.When.ResourceTypes), services: lowerAll(r.When.Services),
		vulns: r.When.Vulnerabilities}
	t.rules = append(t.rules, c)
	rd := &t.reads
	rd.tool = rd.tool || len(c.tools) > 0
	rd.check = rd.check || len(c.checks) > 0
	rd.title = rd.title || len(c.titles) > 0
	rd.types = rd.types || len(c.types) > 0
	rd.categories = rd.categories || len(c.categories) > 0
	rd.resourceType = rd.resourceType || len(c.resourceTypes) > 0
	rd.service = rd.service || len(c.services) > 0
}

// Rules returns the compiled rules in the order they are tried.
func (t *Table) Rules() []*Rule {
	out := make([]*Rule, len(t.rules))
	for i := range t.rules {
		out[i] = t.rules[i].Rule
	}
	return out
}

// Fallback returns the layer of findings no rule matches.
func (t *Table) Fallback() onus.Layer { return t.fallback }

// Due returns the due-date policy.
func (t *Table) Due() DuePolicy { return t.due }

// FallbackRule is the rule ID recorded for findings no rule matches.
const FallbackRule = "fallback"

// facts are the lower-cased fields of a finding that rules read.
type facts struct {
	tool, check, title, resourceType, service string
	types, categories                         []string
	vuln                                      VulnClass
}

// decide returns the position of the first rule that matches a finding's
// facts, or len(rules) when none does.
func (t *Table) decide(f *facts) int {
	for i := range t.rules {
		if t.rules[i].matches(f) {
			return i
		}
	}
	return len(t.rules)
}

func (r *compiledRule) matches(f *facts) bool {
	return anyMatch(r.tools, f.tool) && anyMatch(r.checks, f.check) && anyMatch(r.titles, f.title) &&
		anyMatch(r.resourceTypes, f.resourceType) && anyMatch(r.services, f.service) &&
		anyMatchList(r.types, f.types) && anyMatchList(r.categories, f.categories) && r.matchVuln(f.vuln)
}

func anyMatch(ps []onus.Pattern, v string) bool {
	if len(ps) == 0 {
		return true
	}
	for _, p := range ps {
		if p.Match(v) {
			return true
		}
	}
	return false
}

func anyMatchList(ps []onus.Pattern, vs []string) bool {
	if len(ps) == 0 {
		return true
	}
	for _, v := range vs {
		if anyMatch(ps, v) {
			return true
		}
	}
	return false
}

func (r *compiledRule) matchVuln(v VulnClass) bool {
	if len(r.vulns) == 0 {
		return true
	}
	if v == "" {
		return false
	}
	for _, want := range r.vulns {
		if want == v || want == VulnAny {
			return true
		}
	}
	return false
}
