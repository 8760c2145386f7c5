package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
)

func TestReadShow(t *testing.T) {
	tests := []struct {
		file  string
		attrs []string
		want  []summary
	}{
		{"show_state.json", []string{"launch_type", "engine", "db_name", "alarm_name", "enable_autopilot"}, []summary{
			{Address: "aws_ecs_service.api", Type: "aws_ecs_service", Provider: "aws", ID: "arn:aws:ecs:eu-west-1:111122223333:service/prod/api",
				Name: "api", Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "api", "managed-by": "terraform"},
				Attrs: map[string]string{"launch_type": "FARGATE"}, Line: 8},
			{Address: `module.db["orders"].aws_db_instance.this[0]`, Type: "aws_db_instance", Provider: "aws", ID: "arn:aws:rds:eu-west-1:111122223333:db:orders",
				Name: `module.db["orders"].aws_db_instance.this[0]`, Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "orders"},
				Attrs: map[string]string{"engine": "postgres"}, Line: 38},
			{Address: `module.db["orders"].module.alarms.aws_cloudwatch_metric_alarm.cpu["high"]`, Type: "aws_cloudwatch_metric_alarm", Provider: "aws",
				ID:   "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:orders-cpu-high",
				Name: `module.db["orders"].module.alarms.aws_cloudwatch_metric_alarm.cpu["high"]`, Account: "111122223333", Region: "eu-west-1",
				Attrs: map[string]string{"alarm_name": "orders-cpu-high"}, Line: 70},
			{Address: "module.gke.google_container_cluster.gke", Type: "google_container_cluster", Provider: "gcp", Name: "module.gke.google_container_cluster.gke", Line: 87},
		}},
		{"plan.json", []string{"instance_class", "password", "launch_type"}, []summary{
			{Address: "aws_db_instance.main", Type: "aws_db_instance", Provider: "aws", ID: "arn:aws:rds:eu-west-1:111122223333:db:main",
				Name: "aws_db_instance.main", Account: "111122223333", Region: "eu-west-1", Attrs: map[string]string{"instance_class": "db.r6g.xlarge"}, Line: 8},
			{Address: "aws_instance.kept", Type: "aws_instance", Provider: "aws", Name: "aws_instance.kept", Line: 18},
			{Address: `module.app["web"].aws_ecs_service.svc`, Type: "aws_ecs_service", Provider: "aws", Name: "web", Tags: map[string]string{"team": "web"},
				Attrs: map[string]string{"launch_type": "FARGATE"}, Line: 31},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs := invtest.MustRead(t, ShowFormat, filepath.Join("testdata", tt.file))
			if diff := cmp.Diff(tt.want, summarize(rs, tt.attrs...)); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadShowErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		code      onus.ErrorCode
		msg       string
	}{
		{"format 2", `{"format_version":"2.0","values":{}}`, onus.EUnsupported, "1:19: format_version: format_version 2.0 is not supported"},
		{"format not a number", `{"format_version":"one"}`, onus.EInvalid, `format_version "one" is not a version number`},
		{"format not a string", `{"format_version":1.0}`, onus.EInvalid, "expected a string, found a number"},
		{"no format", `{"values":{}}`, onus.EInvalid, "format_version must come before the values"},
		{"nothing", `{}`, onus.EInvalid, "it has no format_version"},
		{"encrypted", `{"meta":{},"encrypted_data":"eA==","encryption_version":"v0"}`, onus.EUnsupported, "encrypted with state encryption"},
		{"no type", `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"x.y","mode":"managed","name":"y"}]}}}`, onus.EInvalid, "resource has no type"},
		{"bad index", `{"format_version":"1.0","values":{"root_module":{"resources":[{"index":[1],"mode":"managed","type":"x","name":"y"}]}}}`, onus.EInvalid,
			"values.root_module.resources[0].index: an instance key must be an integer or a string, not array"},
		{"trailing", `{"format_version":"1.0"} {}`, onus.EInvalid, "unexpected data after the document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := ReadShow(strings.NewReader(tt.doc), "show.json", func(*inventory.Resource) error {
				n++
				return nil
			})
			if onus.Code(err) != tt.code || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v, want %s %q", err, tt.code, tt.msg)
			}
			if n != 0 {
				t.Errorf("emitted %d resources", n)
			}
		})
	}
	rs, err := invtest.ReadFile(t, ShowFormat, filepath.Join("testdata", "show_v2.json"))
	if onus.Code(err) != onus.EUnsupported || len(rs) != 0 {
		t.Errorf("show_v2.json: %d resources, error %v; want a format version error", len(rs), err)
	}
}

// TestShowPendingModule checks that resources of a child module whose
// addresses lack the module path (Terraform 0.12.0) get it from the
// module's address, written after them, and keep their own addresses when
// the module has none.
func TestShowPendingModule(t *testing.T) {
	const doc = `{"format_version":"0.1","values":{"root_module":{"child_modules":[
		{"resources":[{"address":"null_resource.a","mode":"managed","type":"null_resource","name":"a","index":1,"provider_name":"null"}],"address":"module.m[\"k\"]"},
		{"resources":[{"address":"null_resource.b","mode":"managed","type":"null_resource","name":"b","provider_name":"null"}]}]}}}`
	var got []string
	err := ReadShow(strings.NewReader(doc), "show.json", func(r *inventory.Resource) error {
		got = append(got, r.Address)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`module.m["k"].null_resource.a[1]`, "null_resource.b"}, got); diff != "" {
		t.Errorf("addresses (-want +got):\n%s", diff)
	}
}
