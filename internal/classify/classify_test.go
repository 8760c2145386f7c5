package classify_test

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/inventory"
)

// minCoverage is the share of each list of a provider's resource types that
// must classify into that provider's services.
const minCoverage = 0.95

// builtinClassifier builds a classifier from the built-in catalog; building
// it fails when two services claim one type with the same conditions.
func builtinClassifier(t *testing.T) *classify.Classifier {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	c, err := classify.New(cat)
	if err != nil {
		t.Fatalf("classify.New on the built-in catalog: %v", err)
	}
	return c
}

// serviceID returns the ID of s, or "nothing" when no service matched.
func serviceID(s *onus.Service) string {
	if s == nil {
		return "nothing"
	}
	return s.ID
}

// readCSV reads a CSV file whose first record is the header want, skipping
// lines that start with '#', and returns the remaining records.
func readCSV(t *testing.T, path string, want ...string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = len(want)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("%s: header = %q, want %q", path, header, want)
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, rec)
	}
}

// column returns field i of every record.
func column(records [][]string, i int) []string {
	out := make([]string, len(records))
	for j, r := range records {
		out[j] = r[i]
	}
	return out
}

// checkCoverage logs the coverage of types, a list of one provider's
// resource types, and fails below minCoverage or when a type lands on
// another provider's service.
func checkCoverage(t *testing.T, c *classify.Classifier, name, provider string, vocab inventory.Vocabulary, types []string) {
	t.Helper()
	cov := c.Measure(vocab, types)
	t.Logf("%s: %d of %d types classified into %d %s services (%.1f%%); unclassified: %s",
		name, cov.Classified, cov.Total, len(cov.ByService), provider, 100*cov.Share(), strings.Join(cov.Missing, " "))
	if got := cov.Share(); got < minCoverage {
		t.Errorf("%s coverage = %.3f, want at least %.2f", name, got, minCoverage)
	}
	for id, n := range cov.ByService {
		if !strings.HasPrefix(id, provider+":") {
			t.Errorf("%s: %d types classify into %s, want %s: services", name, n, id, provider)
		}
	}
}

// classifyCase is a resource and the service it must classify into.
type classifyCase struct {
	vocab inventory.Vocabulary
	typ   string
	attrs map[string]string
	want  string
}

func checkClassify(t *testing.T, c *classify.Classifier, tests []classifyCase) {
	t.Helper()
	for _, tt := range tests {
		if got := serviceID(c.Classify(tt.vocab, tt.typ, tt.attrs)); got != tt.want {
			t.Errorf("Classify(%s, %s, %v) = %s, want %s", tt.vocab, tt.typ, tt.attrs, got, tt.want)
		}
	}
}

// No two services may claim the same type with the same conditions:
// classify.New reports that as an error.
func TestBuiltinRulesUnambiguous(t *testing.T) {
	builtinClassifier(t)
}

// A Kubernetes workload belongs to the service of the cluster it runs on.
func TestKubernetesWorkloadsBelongToTheirCluster(t *testing.T) {
	c := builtinClassifier(t)
	for cluster, want := range map[string]string{"aws:eks": "aws:eks", "gcp:gke-autopilot": "gcp:gke-autopilot", "": ""} {
		s := c.Classify(inventory.Kubernetes, "apps/Deployment", map[string]string{classify.ClusterServiceAttr: cluster})
		got := ""
		if s != nil {
			got = s.ID
		}
		if got != want {
			t.Errorf("a deployment on %q classifies as %q, want %q", cluster, got, want)
		}
	}
}

// A Counter counts resources by type across vocabularies, classifying each
// with its attributes: the deployment classifies only through the cluster
// it runs on.
func TestCounterCountsResourcesWithAttributes(t *testing.T) {
	n := builtinClassifier(t).NewCounter()
	n.Add(inventory.Terraform, "aws_instance", nil)
	n.Add(inventory.Kubernetes, "apps/Deployment", map[string]string{classify.ClusterServiceAttr: "gcp:gke"})
	n.Add(inventory.Terraform, "aws_quantum_computer", nil)
	n.Add(inventory.Terraform, "aws_instance", nil)
	got := n.Coverage()
	want := classify.Coverage{
		Total: 3, Classified: 2, ByService: map[string]int{"aws:ec2": 1, "gcp:gke": 1}, Missing: []string{"aws_quantum_computer"},
		Resources: 4, ClassifiedResources: 3,
		Types: []classify.TypeCount{
			{Vocabulary: inventory.Terraform, Type: "aws_quantum_computer", Resources: 1},
			{Vocabulary: inventory.Terraform, Type: "aws_instance", Resources: 2, Service: "aws:ec2"},
			{Vocabulary: inventory.Kubernetes, Type: "apps/Deployment", Resources: 1, Service: "gcp:gke"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("coverage (-want +got):\n%s", diff)
	}
}
