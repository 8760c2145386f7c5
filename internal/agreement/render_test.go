package agreement_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement"
	"github.com/onus-dev/onus/internal/testkit"
)

// fixture evaluates testdata/model on 2026-11-29.
func fixture(t *testing.T) (*agreement.Estate, string) {
	t.Helper()
	return estate(t, "testdata/model", onus.Date{}), "testdata/model"
}

func TestRenderGolden(t *testing.T) {
	e, _ := fixture(t)
	for _, id := range []string{"aws-enterprise", "sentinel-mdr", "harbour-colo"} {
		for _, format := range []string{"markdown", "html"} {
			ag, err := e.Agreement(id)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := e.Render(&buf, format, ag); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"markdown": ".md", "html": ".html"}[format]
			testkit.Golden(t, filepath.Join("testdata", "golden", id+ext), buf.Bytes())
		}
	}
}

// The HTML is self-contained and prints cleanly: no external assets, and
// print rules for page breaks.
func TestRenderHTMLPrintsWithoutExternalAssets(t *testing.T) {
	e, _ := fixture(t)
	ag, _ := e.Agreement("aws-enterprise")
	var buf bytes.Buffer
	if err := e.Render(&buf, "html", ag); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"<link", "<script", "src=", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("the page loads something from outside (%q)", bad)
		}
	}
	for _, want := range []string{"@media print", "@page", "break-inside: avoid", "break-before: page"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if err := e.Render(&buf, "pdf", ag); onus.Code(err) != onus.EInvalid {
		t.Errorf("an unknown format: %v", err)
	}
}

// Text from the model is escaped in HTML and in Markdown table cells.
func TestRenderEscapes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(`apiVersion: onus/v1
parties:
  - {id: acme, kind: customer, contacts: [{email: a@acme.example}]}
  - {id: vend, name: "Vend | <b>Co</b>", kind: vendor, contacts: [{email: v@vend.example}]}
assets:
  - {id: app, service: saas:generic, provider: vend}
agreements:
  - id: x
    title: "<script>alert(1)</script>"
    parties: [acme, vend]
    clauses:
      - {id: c, layers: [physical], responsible: vend, text: "a | b <i>"}
`), 0o644)
	e := estate(t, dir, onus.Date{})
	ag, _ := e.Agreement("x")
	var h, m bytes.Buffer
	if err := e.Render(&h, "html", ag); err != nil {
		t.Fatal(err)
	}
	if err := e.Render(&m, "markdown", ag); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<script>alert") || strings.Contains(h.String(), "<b>Co") {
		t.Errorf("HTML does not escape the model's text")
	}
	if !strings.Contains(m.String(), `Vend \| &lt;b&gt;Co&lt;/b&gt;`) {
		t.Errorf("Markdown table cells are not escaped:\n%s", m.String())
	}
}
