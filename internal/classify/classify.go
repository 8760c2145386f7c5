// Package classify decides which catalog service an inventory resource is an
// instance of, from the resource-type rules of the catalog's services.
package classify

import (
	"fmt"
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
)

// Classifier maps resource types, and where needed their attributes, to
// catalog services. It is built once per catalog and is safe for concurrent
// use.
type Classifier struct {
	catalog *onus.Catalog
	tables  map[inventory.Vocabulary]*table
}

type table struct {
	exact map[string][]entry // by lower-cased type
	globs []entry            // most specific first
}

type entry struct {
	rule    onus.TypeRule
	service *onus.Service
	prefix  int // length of the literal prefix of a glob type
}

func (e entry) where() string {
	keys := make([]string, 0, len(e.rule.Where))
	for k := range e.rule.Where {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s;", k, e.rule.Where[k])
	}
	return b.String()
}

// New builds a classifier from the catalog's rules. Two services claiming the
// same type with the same attribute conditions is an error: classification
// must never depend on file order.
func New(cat *onus.Catalog) (*Classifier, error) {
	c := &Classifier{catalog: cat, tables: map[inventory.Vocabulary]*table{}}
	var errs onus.ErrorList
	claimed := map[string]entry{}
	for _, s := range cat.SortedServices() {
		for vocab, rules := range map[inventory.Vocabulary][]onus.TypeRule{
			inventory.Terraform:      s.Resources.Terraform,
			inventory.CloudFormation: s.Resources.CloudFormation,
			inventory.ARM:            s.Resources.ARM,
			inventory.CAI:            s.Resources.CAI,
			inventory.Kubernetes:     s.Resources.Kubernetes,
		} {
			t := c.tables[vocab]
			if t == nil {
				t = &table{exact: map[string][]entry{}}
				c.tables[vocab] = t
			}
			for _, r := range rules {
				r.Type = onus.Pattern(strings.ToLower(string(r.Type)))
				e := entry{rule: r, service: s}
				key := string(vocab) + "|" + string(r.Type) + "|" + e.where()
				if prev, dup := claimed[key]; dup && prev.service != s {
					errs.Add(r.Loc, onus.EConflict, "%s type %q is claimed by both %s and %s; add a where condition that tells them apart", vocab, r.Type, prev.service.ID, s.ID)
					continue
				}
				claimed[key] = e
				e.rule.Where = lowerWhere(r.Where)
				if r.Type.Wild() {
					e.prefix = strings.IndexAny(string(r.Type), "*?")
					t.globs = append(t.globs, e)
				} else {
					t.exact[string(r.Type)] = append(t.exact[string(r.Type)], e)
				}
			}
		}
	}
	for _, t := range c.tables {
		sort.SliceStable(t.globs, func(i, j int) bool { return t.globs[i].prefix > t.globs[j].prefix })
		for _, es := range t.exact {
			sortByConditions(es)
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return c, nil
}

// sortByConditions puts rules with more attribute conditions first, so that
// the most specific rule that matches wins.
func sortByConditions(es []entry) {
	sort.SliceStable(es, func(i, j int) bool { return len(es[i].rule.Where) > len(es[j].rule.Where) })
}

// ClusterServiceAttr is the attribute in which the Kubernetes reader names
// the catalog service of the cluster a workload runs on.
const ClusterServiceAttr = "cluster.service"

// Classify returns the service a resource of the given vocabulary, type and
// attributes belongs to, or nil when no rule matches. Exact types beat
// patterns, rules with matching attribute conditions beat rules without, and
// among patterns the longest literal prefix wins. A Kubernetes object no rule
// claims belongs to the service of its cluster.
func (c *Classifier) Classify(vocab inventory.Vocabulary, typ string, attrs map[string]string) *onus.Service {
	if vocab == inventory.Service {
		return c.catalog.Service(typ)
	}
	if vocab == inventory.Kubernetes {
		if s := c.classifyTable(vocab, typ, attrs); s != nil {
			return s
		}
		return c.catalog.Service(attrs[ClusterServiceAttr])
	}
	return c.classifyTable(vocab, typ, attrs)
}

func (c *Classifier) classifyTable(vocab inventory.Vocabulary, typ string, attrs map[string]string) *onus.Service {
	t := c.tables[vocab]
	if t == nil {
		return nil
	}
	typ = strings.ToLower(typ)
	if s := firstMatch(t.exact[typ], attrs); s != nil {
		return s
	}
	var candidates []entry
	for _, e := range t.globs {
		if e.rule.Type.Match(typ) {
			candidates = append(candidates, e)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	best := candidates[0].prefix
	n := 0
	for n < len(candidates) && candidates[n].prefix == best {
		n++
	}
	sortByConditions(candidates[:n])
	if s := firstMatch(candidates[:n], attrs); s != nil {
		return s
	}
	return firstMatch(candidates[n:], attrs)
}

func firstMatch(es []entry, attrs map[string]string) *onus.Service {
	for _, e := range es {
		if whereMatches(e.rule.Where, attrs) {
			return e.service
		}
	}
	return nil
}

// lowerWhere returns a copy of where with lower-cased patterns, so that
// matching need not lower-case them for every resource.
func lowerWhere(where map[string]onus.Pattern) map[string]onus.Pattern {
	if where == nil {
		return nil
	}
	out := make(map[string]onus.Pattern, len(where))
	for k, p := range where {
		out[k] = onus.Pattern(strings.ToLower(string(p)))
	}
	return out
}

// whereMatches reports whether attrs meet every condition of where, whose
// patterns are lower-cased.
func whereMatches(where map[string]onus.Pattern, attrs map[string]string) bool {
	for k, p := range where {
		v, ok := attrs[k]
		if !ok || !p.Match(strings.ToLower(v)) {
			return false
		}
	}
	return true
}

// Resource classifies an inventory resource.
func (c *Classifier) Resource(r *inventory.Resource) *onus.Service {
	return c.Classify(r.Vocabulary, r.Type, r.Attrs)
}
