package assetcsv

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
)

func TestRead(t *testing.T) {
	tests := []struct {
		file string
		want []*inventory.Resource
	}{
		{"assets.csv", []*inventory.Resource{
			{Vocabulary: inventory.Service, Type: "onprem:database", ID: "erp-db", Name: "ERP database", Account: "dc-frankfurt", Region: "fra1",
				Tags: map[string]string{"team": "finance", "cost-center": "4711"}, Attrs: map[string]string{"environment": "prod"},
				Data: []onus.DataClass{onus.DataPII, onus.DataFinancial}, Owner: "team-erp", Loc: onus.Location{File: "testdata/assets.csv", Line: 2}},
			{Vocabulary: inventory.Service, Type: "saas:workday", ID: "hr-portal", Name: "Workday HCM",
				Tags: map[string]string{"team": "people"}, Attrs: map[string]string{"environment": "prod"},
				Data: []onus.DataClass{onus.DataPII}, Owner: "team-people", Loc: onus.Location{File: "testdata/assets.csv", Line: 3}},
			{Vocabulary: inventory.Service, Type: "saas:slack", ID: "chat", Name: "Slack Enterprise Grid",
				Tags: map[string]string{"team": "it"}, Attrs: map[string]string{"environment": "prod"},
				Data: []onus.DataClass{onus.DataInternal}, Owner: "team-it", Loc: onus.Location{File: "testdata/assets.csv", Line: 4}},
			{Vocabulary: inventory.Service, Type: "saas:generic", ID: "payroll-export", Name: "Payroll export (SFTP)", Provider: "PayCo, Ltd.", Region: "eu",
				Tags: map[string]string{"team": "finance", "data-owner": "cfo"}, Attrs: map[string]string{"model": "saas", "environment": "prod"},
				Data: []onus.DataClass{onus.DataPII, onus.DataFinancial, onus.DataPCI}, Owner: "team-finance", Loc: onus.Location{File: "testdata/assets.csv", Line: 5}},
			{Vocabulary: inventory.Service, Type: "aws:ec2", ID: "legacy-vm", Name: "Legacy reporting VM", Account: "111122223333", Region: "eu-west-1",
				Attrs: map[string]string{"model": "iaas", "environment": "staging", "type": "aws_instance"},
				Owner: "team-bi", Loc: onus.Location{File: "testdata/assets.csv", Line: 6}},
		}},
		{"assets_semicolon.csv", []*inventory.Resource{
			{Vocabulary: inventory.Service, Type: "colo:rack", ID: "colo-rack-12", Name: "Rack 12 (Equinix FR5)",
				Tags: map[string]string{"team": "infra"}, Attrs: map[string]string{"environment": "prod"},
				Data: []onus.DataClass{onus.DataConfidential}, Loc: onus.Location{File: "testdata/assets_semicolon.csv", Line: 2}},
			{Vocabulary: inventory.Service, Type: "onprem:storage", ID: "nas-01", Name: "Backup NAS; building B",
				Tags: map[string]string{"team": "infra"}, Attrs: map[string]string{"environment": "prod"},
				Data: []onus.DataClass{onus.DataSecrets}, Loc: onus.Location{File: "testdata/assets_semicolon.csv", Line: 3}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := invtest.MustRead(t, Format, filepath.Join("testdata", tt.file))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

func messages(t *testing.T, err error) []string {
	t.Helper()
	var list onus.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error = %v, want a list of problems", err)
	}
	var out []string
	for _, e := range list {
		out = append(out, strings.TrimPrefix(e.Error(), "testdata/"))
	}
	return out
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		file string
		ids  []string
		want []string
	}{
		{"bad.csv", []string{"good", "fine"}, []string{
			`bad.csv:3:1: column id: the asset has no id`,
			`bad.csv:4:1: column id: id "good" is already used on line 2`,
			`bad.csv:5:26: column model: unknown delivery model "paaas" (did you mean "paas"?)`,
			`bad.csv:5:32: column tags: tag "team" is not key=value (separate tags with semicolons: team=payments;env=prod)`,
			`bad.csv:5:37: column data: unknown data class "pcii" (did you mean "pci"?)`,
			`bad.csv:6:6: column service: the asset has no service`,
			`bad.csv:6:13: column tags: tag "team" is given twice`,
			`bad.csv:7:1: the row has a different number of cells than the header`,
		}},
		{"bad_header.csv", nil, []string{
			`bad_header.csv:1: the header has no "service" column (columns: id, service, name, model, provider, account, region, environment, tags, data, owner, type)`,
			`bad_header.csv:1:4: unknown column "Servce" (did you mean "service"?)`,
			`bad_header.csv:1:11: unknown column "enviroment" (did you mean "environment"?)`,
			`bad_header.csv:1:28: column "id" appears twice`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", tt.file))
			var ids []string
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("resources read (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, messages(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	long := "id,service\n" + strings.Repeat("x", MaxLine+1)
	err := Format.Read(strings.NewReader(long), "long.csv", func(*inventory.Resource) error { return nil })
	if onus.Code(err) != onus.ETooLarge {
		t.Errorf("a line over MaxLine: error = %v, want code %s", err, onus.ETooLarge)
	}
	err = Format.Read(strings.NewReader(""), "empty.csv", func(*inventory.Resource) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("an empty file: error = %v, want one asking for a header", err)
	}
	stop := errors.New("stop")
	err = Format.Read(strings.NewReader("id,service\na,saas:box\n"), "a.csv", func(*inventory.Resource) error { return stop })
	if err != stop {
		t.Errorf("Read returned %v, want emit's error unchanged", err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"id,service,name\nx,y,z\n", true},
		{"ID;Service;Name\r\n", true},
		{`"name","Service","id"` + "\n", true},
		{"AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;SERVICE_NAME;RESOURCE_UID\n", false},
		{`{"id":"x","service":"y"}`, false},
		{"id,name\n", false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
