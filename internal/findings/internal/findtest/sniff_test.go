package findtest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/findings/asff"
	"github.com/onus-dev/onus/internal/findings/checkov"
	"github.com/onus-dev/onus/internal/findings/generic"
	"github.com/onus-dev/onus/internal/findings/ocsf"
	"github.com/onus-dev/onus/internal/findings/prowlercsv"
	"github.com/onus-dev/onus/internal/findings/sarif"
	"github.com/onus-dev/onus/internal/findings/trivy"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/assetcsv"
	"github.com/onus-dev/onus/internal/inventory/awsconfig"
	"github.com/onus-dev/onus/internal/inventory/azure"
	"github.com/onus-dev/onus/internal/inventory/cyclonedx"
	"github.com/onus-dev/onus/internal/inventory/gcp"
	"github.com/onus-dev/onus/internal/inventory/kubernetes"
	"github.com/onus-dev/onus/internal/inventory/terraform"
	"github.com/onus-dev/onus/internal/testkit"
)

var findingFormats = []findings.Format{
	asff.Format, ocsf.Format, prowlercsv.Format, sarif.Format, checkov.Format, trivy.Format, generic.CSVFormat, generic.JSONFormat,
}

var inventoryFormats = []inventory.Format{
	terraform.Format, terraform.ShowFormat, awsconfig.Format, awsconfig.TaggingFormat, azure.Format, gcp.Format,
	kubernetes.Format, cyclonedx.Format, assetcsv.Format,
}

// accepting returns the names of the findings formats and of the
// inventory formats whose Sniff accepts the file.
func accepting(t *testing.T, path string) (found, inv []string) {
	t.Helper()
	head, err := testkit.FileHead(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findingFormats {
		if f.Sniff(head) {
			found = append(found, f.Name)
		}
	}
	for _, f := range inventoryFormats {
		if f.Sniff(head) {
			inv = append(inv, f.Name)
		}
	}
	return found, inv
}

// samples returns the files in the testdata folders matching pattern,
// relative to this package.
func samples(t *testing.T, pattern string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.FromSlash(pattern))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no samples match %s: %v", pattern, err)
	}
	return paths
}

// TestSniffOwnTestdata checks that every sample of each findings format,
// the broken ones included, is recognised by its format and by no other
// format, findings or inventory.
func TestSniffOwnTestdata(t *testing.T) {
	want := func(path string) string {
		dir := filepath.Base(filepath.Dir(filepath.Dir(path)))
		switch dir {
		case "prowlercsv":
			return "prowler-csv"
		case "generic":
			if strings.HasSuffix(path, ".csv") {
				return "generic-csv"
			}
			return "generic-json"
		}
		return dir
	}
	n := 0
	for _, p := range samples(t, "../../*/testdata/*.*") {
		found, inv := accepting(t, p)
		if w := want(p); len(found) != 1 || found[0] != w || len(inv) > 0 {
			t.Errorf("%s is accepted by %v and the inventory formats %v, want only %s", p, found, inv, w)
		}
		n++
	}
	if n < 27 {
		t.Errorf("checked only %d samples", n)
	}
}

// TestSniffInventoryTestdata checks that no findings format accepts an
// inventory.
func TestSniffInventoryTestdata(t *testing.T) {
	for _, p := range samples(t, "../../../inventory/*/testdata/*.*") {
		if found, _ := accepting(t, p); len(found) > 0 {
			t.Errorf("%s is accepted by %v, want by no findings format", p, found)
		}
	}
}

// TestSniffSharedFixtures checks every file other tools wrote: each
// findings fixture is recognised by its format alone, and no findings
// format accepts a Terraform state, an inventory or an SBOM.
func TestSniffSharedFixtures(t *testing.T) {
	root := testkit.Shared(t, "fixtures")
	want := func(rel string) string {
		switch dir, base := filepath.Dir(rel), filepath.Base(rel); {
		case dir == "asff", dir == "sarif", dir == "checkov", dir == "trivy":
			return dir
		case dir == "prowler" && strings.HasSuffix(base, ".ocsf.json"):
			return "ocsf"
		case dir == "prowler" && strings.HasSuffix(base, ".csv"):
			return "prowler-csv"
		}
		return ""
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		found, inv := accepting(t, p)
		switch w := want(rel); {
		case w == "" && len(found) > 0:
			t.Errorf("%s is accepted by %v, want by no findings format", rel, found)
		case w != "" && (len(found) != 1 || found[0] != w || len(inv) > 0):
			t.Errorf("%s is accepted by %v and the inventory formats %v, want only %s", rel, found, inv, w)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 39 {
		t.Errorf("checked only %d fixtures", n)
	}
}
