package invtest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/assetcsv"
	"github.com/onus-dev/onus/internal/inventory/awsconfig"
	"github.com/onus-dev/onus/internal/inventory/azure"
	"github.com/onus-dev/onus/internal/inventory/cyclonedx"
	"github.com/onus-dev/onus/internal/inventory/gcp"
	"github.com/onus-dev/onus/internal/inventory/kubernetes"
	"github.com/onus-dev/onus/internal/testkit"
)

var formats = []inventory.Format{
	awsconfig.Format, awsconfig.TaggingFormat, azure.Format, gcp.Format, kubernetes.Format, cyclonedx.Format, assetcsv.Format,
}

// accepting returns the names of the formats whose Sniff accepts the file.
func accepting(t *testing.T, path string) []string {
	t.Helper()
	head, err := testkit.FileHead(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range formats {
		if f.Sniff(head) {
			names = append(names, f.Name)
		}
	}
	return names
}

// TestSniffOwnTestdata checks that every well-formed sample of each format
// is recognised by its format and by no other.
func TestSniffOwnTestdata(t *testing.T) {
	dirs := map[string]string{
		"awsconfig": "aws-config", "azure": "azure-resource-graph", "gcp": "gcp-asset-inventory",
		"kubernetes": "kubernetes", "cyclonedx": "cyclonedx", "assetcsv": "csv",
	}
	for dir, name := range dirs {
		paths, err := filepath.Glob(filepath.Join("..", "..", dir, "testdata", "*.*"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no samples in %s: %v", dir, err)
		}
		for _, p := range paths {
			if strings.HasPrefix(filepath.Base(p), "bad") {
				continue
			}
			want := name
			if filepath.Base(p) == "tagging.json" {
				want = "aws-tagging"
			}
			if got := accepting(t, p); len(got) != 1 || got[0] != want {
				t.Errorf("%s is accepted by %v, want only %s", p, got, want)
			}
		}
	}
}

// TestSniffOtherFormats checks that no format here accepts the files of
// other tools: Terraform states and plans, findings, SPDX.
func TestSniffOtherFormats(t *testing.T) {
	root := testkit.Shared(t, "fixtures")
	want := map[string]string{
		"inventory/aws_config_snapshot__CONSTRUCTED_from_aws_docs_examples.json":            "aws-config",
		"inventory/gcp_cai__tgc_full_compute_instance.json":                                 "gcp-asset-inventory",
		"inventory/gcp_cai__tgc_project_create.json":                                        "gcp-asset-inventory",
		"sbom/cyclonedx-bom-examples__SaaSBOM_apigateway-microservices-datastores.bom.json": "cyclonedx",
		"sbom/heimdall2__spdx-to-cyclonedx.cdx.json":                                        "cyclonedx",
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		got := accepting(t, p)
		switch w := want[rel]; {
		case w == "" && len(got) > 0:
			t.Errorf("%s is accepted by %v, want by none", rel, got)
		case w != "" && (len(got) != 1 || got[0] != w):
			t.Errorf("%s is accepted by %v, want only %s", rel, got, w)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Errorf("checked only %d fixtures", n)
	}
}
