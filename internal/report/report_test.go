package report_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/bench/gen"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/report"
	"github.com/onus-dev/onus/internal/testkit"
)

func result(t *testing.T) *engine.Result {
	t.Helper()
	m, cat, err := model.Load([]string{"testdata/model"}, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	run := p.NewRun(true)
	for _, a := range m.Assets {
		run.Add(a)
	}
	res, err := run.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestFormats(t *testing.T) {
	res := result(t)
	for _, format := range report.Formats {
		t.Run(format, func(t *testing.T) {
			r, err := report.New(res, report.Options{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := report.Write(&b, format, r); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"text": "txt", "markdown": "md"}[format]
			if ext == "" {
				ext = format
			}
			testkit.Golden(t, filepath.Join("testdata", "golden", "report."+ext), b.Bytes())
			if format == "json" || format == "sarif" {
				var v any
				if err := json.Unmarshal(b.Bytes(), &v); err != nil {
					t.Errorf("invalid JSON: %v", err)
				}
			}
		})
	}
}

func TestGroupBy(t *testing.T) {
	res := result(t)
	for _, by := range []string{"provider", "account", "environment", "asset", "tag:team", "service,environment"} {
		r, err := report.New(res, report.Options{GroupBy: by, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := report.Write(&b, "text", r); err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, filepath.Join("testdata", "golden", "group-by-"+strings.NewReplacer(":", "-", ",", "-").Replace(by)+".txt"), b.Bytes())
	}
	if _, err := report.New(res, report.Options{GroupBy: "colour"}); onus.Code(err) != onus.EInvalid {
		t.Errorf("grouping by an unknown key: %v", err)
	}
}

func TestExplainAndWho(t *testing.T) {
	res := result(t)
	var b bytes.Buffer
	if err := report.WriteExplain(&b, res, res.Asset("pay-db"), ""); err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "golden", "explain-pay-db.txt"), b.Bytes())
	b.Reset()
	if err := report.WriteExplain(&b, res, res.Asset("pay-db"), onus.LayerData); err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "golden", "explain-pay-db-data.txt"), b.Bytes())
	b.Reset()
	if err := report.WriteWho(&b, res, res.Party("platform")); err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "golden", "who-platform.txt"), b.Bytes())
}

// Inventory values reach spreadsheets, pull requests and browsers: they must
// not become formulas, markup or script.
func TestHostileValuesAreNeutralised(t *testing.T) {
	res := result(t)
	res.Assets[0].Asset.Name = `=HYPERLINK("http://evil.example","x")`
	res.Assets[0].Asset.ID = "<script>alert(1)</script>|x"
	r, err := report.New(res, report.Options{GroupBy: "asset"})
	if err != nil {
		t.Fatal(err)
	}
	for format, bad := range map[string]string{"csv": "\n<script>alert(1)</script>|x,=HYPERLINK", "html": "<script>alert(1)", "markdown": "<script>"} {
		var b bytes.Buffer
		if err := report.Write(&b, format, r); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), bad) {
			t.Errorf("%s output holds %q unescaped", format, bad)
		}
	}
}

// A report gathered while the run streams, keeping a sample of assets per
// finding, reads exactly like one built from a run that kept every asset.
func TestStreamedReportMatchesKept(t *testing.T) {
	estate := gen.Estate{Assets: 2000, Assignments: 60, Agreements: 4, Seed: 7}
	dir := t.TempDir()
	if err := estate.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	m, cat, err := model.Load([]string{filepath.Join(dir, "model.yaml")}, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := engine.Prepare(m, cat, engine.Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	write := func(keep bool) string {
		c, err := report.NewCollector(report.Options{Version: "test"}, false)
		if err != nil {
			t.Fatal(err)
		}
		run := p.NewRun(keep)
		run.Observe(c.Add)
		for i := range estate.Assets {
			run.Add(estate.Asset(i))
		}
		res, err := run.Finish()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		var r *report.Report
		if keep {
			r, err = report.New(res, report.Options{Version: "test"})
		} else {
			r = c.Report(res)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := report.Write(&b, "text", r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	kept, streamed := write(true), write(false)
	if kept != streamed {
		t.Errorf("the streamed report differs from the kept one:\n%s", cmp.Diff(kept, streamed))
	}
	if !strings.Contains(streamed, "more)") {
		t.Error("the sample was never exceeded: the test proves nothing")
	}
}
