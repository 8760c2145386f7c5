// Package gen generates realistic estates for onus's benchmarks: a model with
// many assignment rules and agreements, and an inventory of many assets
// spread over real catalog services, accounts, regions, teams and apps. The
// same seed always gives the same estate.
package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/onus-dev/onus"
)

// Estate describes an estate to generate.
type Estate struct {
	Assets      int
	Assignments int
	Agreements  int
	Seed        uint64
}

// service is a catalog service assets run on, weighted by how common it is
// in real estates.
type service struct {
	id     string
	weight int
}

var services = []service{
	{"aws:ec2", 20}, {"aws:s3", 12}, {"aws:lambda", 10}, {"aws:rds", 6}, {"aws:dynamodb", 4}, {"aws:ecs-fargate", 5},
	{"aws:eks", 2}, {"aws:sqs", 4}, {"aws:sns", 3}, {"aws:kms", 3}, {"aws:cloudfront", 2}, {"aws:elb", 4},
	{"aws:api-gateway", 3}, {"aws:secrets-manager", 3}, {"aws:elasticache", 2}, {"aws:opensearch", 1},
	{"azure:virtual-machines", 8}, {"azure:storage", 6}, {"azure:sql", 3}, {"azure:app-service", 4}, {"azure:functions", 4},
	{"azure:aks", 1}, {"azure:key-vault", 2}, {"azure:cosmos-db", 2}, {"azure:service-bus", 2},
	{"gcp:compute-engine", 5}, {"gcp:cloud-storage", 4}, {"gcp:cloud-run", 3}, {"gcp:cloud-sql", 2}, {"gcp:gke", 1},
	{"gcp:bigquery", 2}, {"gcp:pubsub", 2}, {"gcp:gke-autopilot", 1},
	{"onprem:vmware", 3}, {"onprem:baremetal", 1}, {"onprem:database", 1},
	{"saas:m365", 1}, {"saas:salesforce", 1}, {"saas:github", 1}, {"saas:okta", 1}, {"saas:slack", 1},
}

var (
	regions      = []string{"eu-west-1", "us-east-1", "us-west-2", "uksouth", "westeurope", "europe-west2"}
	environments = []string{"prod", "prod", "prod", "staging", "dev"}
	dataClasses  = []onus.DataClass{onus.DataPII, onus.DataPCI, onus.DataPHI, onus.DataSecrets, onus.DataConfidential, onus.DataInternal}
)

const (
	teams    = 30
	apps     = 400
	accounts = 60
)

func team(i int) string    { return fmt.Sprintf("team-%02d", i) }
func app(i int) string     { return fmt.Sprintf("app-%03d", i) }
func account(i int) string { return fmt.Sprintf("%012d", 100000000000+i*7919) }

// Asset returns the i-th asset of the estate.
func (e Estate) Asset(i int) *onus.Asset {
	r := rand.New(rand.NewPCG(e.Seed, uint64(i)))
	svc := weighted(r, services, func(s service) int { return s.weight }).id
	a := &onus.Asset{
		ID:          fmt.Sprintf("%s/%s-%06d", strings.ReplaceAll(svc, ":", "/"), app(r.IntN(apps)), i),
		Service:     svc,
		Account:     account(r.IntN(accounts)),
		Region:      pick(r, regions),
		Environment: pick(r, environments),
		Tags:        map[string]string{"team": team(r.IntN(teams)), "app": app(r.IntN(apps)), "cost-centre": fmt.Sprintf("cc-%d", r.IntN(40))},
	}
	a.Name = a.ID[strings.LastIndexByte(a.ID, '/')+1:]
	if r.IntN(4) == 0 {
		a.Data = append(a.Data, pick(r, dataClasses))
	}
	return a
}

// pick returns an item of list chosen at random.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an item of items chosen at random, each with a chance
// proportional to its weight.
func weighted[T any](r *rand.Rand, items []T, weight func(T) int) T {
	total := 0
	for _, it := range items {
		total += weight(it)
	}
	n := r.IntN(total)
	for _, it := range items {
		if n < weight(it) {
			return it
		}
		n -= weight(it)
	}
	return items[0]
}

// WriteFiles writes the estate as a model directory: model.yaml (parties,
// assignments, assumptions, agreements, acceptances) and assets.csv, which
// model.yaml names as its inventory.
func (e Estate) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := e.writeModel(filepath.Join(dir, "model.yaml")); err != nil {
		return err
	}
	return e.writeCSV(filepath.Join(dir, "assets.csv"))
}

func (e Estate) writeCSV(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(bufio.NewWriterSize(f, 1<<20))
	w.Write([]string{"id", "name", "service", "account", "region", "environment", "tags", "data"})
	for i := range e.Assets {
		a := e.Asset(i)
		var tags []string
		for _, k := range []string{"team", "app", "cost-centre"} {
			tags = append(tags, k+"="+a.Tags[k])
		}
		var data []string
		for _, d := range a.Data {
			data = append(data, string(d))
		}
		w.Write([]string{a.ID, a.Name, a.Service, a.Account, a.Region, a.Environment, strings.Join(tags, ";"), strings.Join(data, ";")})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// layerSets are the layer lists assignments use.
var layerSets = [][]string{
	{"customer"}, {"application", "code", "api"}, {"data"}, {"identity"}, {"network-controls"},
	{"monitoring", "incident-response"}, {"os", "middleware"}, {"configuration"}, {"containers"}, {"endpoints"},
}

func (e Estate) writeModel(path string) error {
	r := rand.New(rand.NewPCG(e.Seed, 1<<40))
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("apiVersion: onus/v1\ninventories:\n  - path: assets.csv\nparties:\n")
	p("  - {id: bigco, name: BigCo, kind: customer, contacts: [{email: security@bigco.example}]}\n")
	for i := range teams {
		p("  - {id: %s, kind: team, contacts: [{email: %s@bigco.example}]}\n", team(i), team(i))
	}
	for i := range 3 {
		p("  - {id: mssp-%d, kind: managed-service, contacts: [{oncall: \"+1 555 010%d\"}]}\n", i, i)
	}
	p("assignments:\n")
	p("  - {id: default-platform, layers: [customer], owner: %s}\n", team(0))
	for i := 1; i < e.Assignments; i++ {
		owner := team(r.IntN(teams))
		layers := strings.Join(pick(r, layerSets), ", ")
		var sel string
		switch i % 10 {
		case 0, 1, 2:
			sel = fmt.Sprintf("tags: {team: %s}", team(r.IntN(teams)))
		case 3, 4:
			sel = fmt.Sprintf("tags: {app: %s}", app(r.IntN(apps)))
		case 5:
			sel = fmt.Sprintf("service: %s", pick(r, services).id)
		case 6:
			sel = fmt.Sprintf("account: \"%s\", environment: prod", account(r.IntN(accounts)))
		case 7:
			sel = fmt.Sprintf("data: %s", pick(r, dataClasses))
		case 8:
			sel = fmt.Sprintf("name: \"%s-*\"", app(r.IntN(apps)))
		case 9:
			sel = fmt.Sprintf("asset: \"%s\"", e.Asset(r.IntN(e.Assets)).ID)
		}
		p("  - {id: rule-%03d, select: {%s}, layers: [%s], owner: %s}\n", i, sel, layers, owner)
	}
	p("assumptions:\n")
	beliefs := []string{"aws:rds", "aws:s3", "aws:dynamodb", "azure:sql", "azure:storage", "gcp:cloud-sql", "gcp:cloud-storage"}
	for i := range 10 {
		svc := pick(r, beliefs)
		p("  - {id: belief-%d, provider: %s, select: {service: %s}, layers: [data], statement: The provider backs this up.}\n", i, strings.Split(svc, ":")[0], svc)
	}
	p("agreements:\n")
	for i := range e.Agreements {
		mssp := fmt.Sprintf("mssp-%d", i%3)
		p("  - id: agreement-%02d\n    type: msa\n    parties: [bigco, %s]\n    effective: 2026-01-01\n    last_reviewed: 2026-01-01\n    review_interval: 12mo\n", i, mssp)
		p("    signoffs:\n      - {party: bigco, by: ciso@bigco.example, date: 2026-01-02}\n")
		if i%2 == 0 {
			p("      - {party: %s, by: legal@%s.example, date: 2026-01-03}\n", mssp, mssp)
		}
		p("    clauses:\n")
		for c := range 5 {
			p("      - {id: c%d, scope: {tags: {team: %s}}, layers: [monitoring], responsible: %s, split: \"%s watches the logs at night; the team keeps them on.\", commitments: {response: 30m}}\n", c, team(r.IntN(teams)), mssp, mssp)
		}
	}
	p("acceptances:\n")
	for i := range 10 {
		p("  - {id: accept-%d, check: unassigned, select: {tags: {app: %s}}, reason: Reviewed and accepted., approver: ciso@bigco.example, expires: 2027-06-30}\n", i, app(r.IntN(apps)))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
