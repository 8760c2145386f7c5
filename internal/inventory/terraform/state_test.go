package terraform

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
)

func TestReadState(t *testing.T) {
	tests := []struct {
		file  string
		attrs []string
		want  []summary
	}{
		{"state_modules.tfstate", []string{"engine", "multi_az", "allocated_storage", "master_password", "password", "username", "instance_type", "user_data", "kind", "storage_account_access_key", "type"}, []summary{
			{Address: `module.service["orders"].module.db.aws_db_instance.main[0]`, Type: "aws_db_instance", Provider: "aws",
				ID: "arn:aws:rds:eu-west-1:111122223333:db:orders-primary", Name: "orders-primary", Account: "111122223333", Region: "eu-west-1",
				Tags:  map[string]string{"team": "orders", "managed-by": "terraform", "Name": "orders-primary"},
				Attrs: map[string]string{"engine": "aurora-postgresql", "multi_az": "true", "allocated_storage": "100"}, Line: 33},
			{Address: `module.edge[1].aws_instance.web["blue \"canary\""]`, Type: "aws_instance", Provider: "aws",
				ID: "arn:aws:ec2:us-east-2:444455556666:instance/i-0aaa", Name: "web-blue", Account: "444455556666", Region: "us-east-2",
				Tags:  map[string]string{"Name": "web-blue", "environment": "prod", "cost": "12", "flag": "true", "empty": ""},
				Attrs: map[string]string{"instance_type": "t3.micro"}, Line: 80},
			{Address: `module.edge[1].aws_instance.web["$${green}"]`, Type: "aws_instance", Provider: "aws",
				ID: "i-0bbb", Name: `module.edge[1].aws_instance.web["$${green}"]`, Account: "444455556666", Region: "us-east-2", Line: 100},
			{Address: "google_compute_instance.bastion", Type: "google_compute_instance", Provider: "gcp",
				ID:   "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instances/bastion",
				Name: "bastion", Account: "acme-prod", Region: "europe-west1", Tags: map[string]string{"team": "platform", "goog-terraform-provisioned": "true"}, Line: 129},
			{Address: "azurerm_linux_function_app.resize", Type: "azurerm_linux_function_app", Provider: "azure",
				ID:   "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourceGroups/rg-media/providers/Microsoft.Web/sites/resize",
				Name: "resize", Account: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", Region: "westeurope", Tags: map[string]string{"team": "media"},
				Attrs: map[string]string{"kind": "functionapp,linux"}, Line: 156},
			{Address: "module.k8s.helm_release.ingress", Type: "helm_release", Provider: "kubernetes", ID: "ingress", Name: "module.k8s.helm_release.ingress", Line: 194},
			{Address: "datadog_monitor.cpu", Type: "datadog_monitor", Provider: "datadog", ID: "12345", Name: "High CPU",
				Tags: map[string]string{"team": "sre"}, Attrs: map[string]string{"type": "metric alert"}, Line: 211},
		}},
		{"state_legacy.tfstate", nil, []summary{
			{Address: "aws_s3_bucket.logs", Type: "aws_s3_bucket", Provider: "aws", ID: "arn:aws:s3:::acme-logs", Name: "aws_s3_bucket.logs", Region: "us-west-2", Line: 14},
			{Address: "module.network.google_compute_network.vpc[0]", Type: "google_compute_network", Provider: "gcp",
				ID: "https://www.googleapis.com/compute/v1/projects/acme-dev/global/networks/vpc", Name: "vpc", Account: "acme-dev", Line: 33},
			{Address: "azurerm_resource_group.rg", Type: "azurerm_resource_group", Provider: "azure",
				ID: "/subscriptions/508f906f-b287-4882-b038-c653fe001aa0/resourceGroups/rg", Name: "rg", Account: "508f906f-b287-4882-b038-c653fe001aa0", Region: "uksouth", Line: 50},
		}},
		{"state_sorted.tfstate", nil, []summary{
			{Address: `module.queues.aws_sqs_queue.jobs["a"]`, Type: "aws_sqs_queue", Provider: "aws", ID: "arn:aws:sqs:eu-west-1:111122223333:jobs-a",
				Name: "jobs-a", Account: "111122223333", Region: "eu-west-1", Line: 8},
			{Address: `module.queues.aws_sqs_queue.jobs["b"]`, Type: "aws_sqs_queue", Provider: "aws", ID: "arn:aws:sqs:eu-west-1:111122223333:jobs-b",
				Name: "jobs-b", Account: "111122223333", Region: "eu-west-1", Line: 17},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs := invtest.MustRead(t, Format, filepath.Join("testdata", tt.file))
			if diff := cmp.Diff(tt.want, summarize(rs, tt.attrs...)); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoSecrets checks that nothing a state marks sensitive, and no
// attribute whose name says it is a secret, reaches a resource.
func TestNoSecrets(t *testing.T) {
	secrets := []string{"hunter2hunter2", "s3cr3t-but-not-marked", "admin", "c2VjcmV0LWtleQ==", "do-not-copy", "eyJzY2hlbWFfdmVyc2lvbiI6IjIifQ=="}
	for _, r := range invtest.MustRead(t, Format, filepath.Join("testdata", "state_modules.tfstate")) {
		text := fmt.Sprintf("%+v", *r)
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds the secret %q: %s", r.Address, s, text)
			}
		}
	}
}

func TestReadStateErrors(t *testing.T) {
	tests := []struct {
		file       string
		code       onus.ErrorCode
		msg        string
		line, col  int
		resources  int
		problems   int
		pathSuffix string
	}{
		{file: "state_encrypted.tfstate", code: onus.EUnsupported, msg: "encrypted with state encryption", line: 1, col: 247},
		{file: "state_v3.tfstate", code: onus.EUnsupported, msg: "state format version 3 is written by Terraform 0.11 or older", line: 2, col: 16},
		{file: "state_v5.tfstate", code: onus.EUnsupported, msg: "state format version 5 is newer", line: 2, col: 14},
		{file: "bad_syntax.tfstate", code: onus.EInvalid, msg: "expected an object key after ','", line: 16, col: 25},
		{file: "bad_resources.tfstate", code: onus.EInvalid, msg: "resource has no type", line: 7, col: 5, resources: 1, problems: 5},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs, err := invtest.ReadFile(t, Format, filepath.Join("testdata", tt.file))
			if len(rs) != tt.resources {
				t.Errorf("read %d resources, want %d", len(rs), tt.resources)
			}
			if onus.Code(err) != tt.code {
				t.Fatalf("error code = %q, want %q (%v)", onus.Code(err), tt.code, err)
			}
			var list onus.ErrorList
			if errors.As(err, &list) && len(list) != tt.problems {
				t.Errorf("got %d problems, want %d: %v", len(list), tt.problems, err)
			}
			var e *onus.Error
			if !errors.As(err, &e) && len(list) > 0 {
				e = list[0]
			}
			if e == nil || !strings.Contains(e.Message, tt.msg) || e.Loc.Line != tt.line || e.Loc.Column != tt.col {
				t.Errorf("error = %v, want %q at line %d column %d", err, tt.msg, tt.line, tt.col)
			}
		})
	}
}

// TestBadResourceProblems checks that every problem of a file is reported
// in one run, with the field it is in.
func TestBadResourceProblems(t *testing.T) {
	_, err := invtest.ReadFile(t, Format, filepath.Join("testdata", "bad_resources.tfstate"))
	var list onus.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error = %v, want a list of problems", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, fmt.Sprintf("%d %s %s", e.Loc.Line, e.Loc.Path, e.Message))
	}
	want := []string{
		"7 resources[0] resource has no type",
		`13 resources[1] resource aws_sqs_queue.typo has mode "manged", want "managed" or "data"`,
		"22 resources[2].type expected a string, found a number",
		"34 resources[3].instances[0].index_key an instance key must be an integer or a string, not boolean",
		"35 resources[3].instances[1].index_key expected an integer, found 1.5",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestReadStateShapes reads states written inline: the edge cases of the
// format.
func TestReadStateShapes(t *testing.T) {
	const head = `{"version":4,"terraform_version":"1.9.8","serial":1,"lineage":"x","resources":[`
	res := func(header, instances string) string {
		return head + `{` + header + `,"instances":[` + instances + `]}]}`
	}
	const aws = `"mode":"managed","type":"aws_sqs_queue","name":"q","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]"`
	tests := []struct {
		name, doc string
		want      []string // addresses
		err       string
	}{
		{"empty", `{"version":4,"lineage":"x"}`, nil, ""},
		{"null resources", `{"version":4,"lineage":"x","resources":null}`, nil, "expected an array, found null"},
		{"no instances", res(aws, ``), nil, ""},
		{"null module", res(`"module":null,`+aws, `{"attributes":{}}`), []string{"aws_sqs_queue.q"}, ""},
		{"no provider", res(`"mode":"managed","type":"aws_sqs_queue","name":"q"`, `{"attributes":{"arn":"arn:aws:sqs:eu-west-1:1:q"}}`), []string{"aws aws_sqs_queue.q"}, ""},
		{"key escapes", res(aws, `{"index_key":"a\\b\n\t%{x}$x\u0001\u00e9"}`), []string{`aws_sqs_queue.q["a\\b\n\t%%{x}$x\u0001é"]`}, ""},
		{"negative index", res(aws, `{"index_key":-1}`), []string{"aws_sqs_queue.q[-1]"}, ""},
		{"module after instances", `{"version":4,"lineage":"x","resources":[{` + aws + `,"instances":[{}],"module":"module.m"}]}`, []string{"aws_sqs_queue.q"},
			"the resource's instances come before this"},
		{"data after instances", `{"version":4,"lineage":"x","resources":[{"instances":[{}],"type":"aws_ami","name":"a","mode":"data"}]}`, nil, ""},
		{"not an object", `[]`, nil, "expected an object, found an array"},
		{"no version", `{"lineage":"x","resources":[]}`, nil, "not a Terraform state: it has no version"},
		{"version not an integer", `{"version":"4"}`, nil, "expected an integer, found a string"},
		{"trailing data", `{"version":4} {}`, nil, "unexpected data after the state"},
		{"sensitive everything", res(aws, `{"attributes":{"arn":"arn:aws:sqs:eu-west-1:1:q","name":"q"},"sensitive_attributes":[[{"type":"get_attr","value":"name"}],[{"type":"get_attr","value":"arn"}],[],{},"x"]}`),
			[]string{"aws_sqs_queue.q"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := ReadState(strings.NewReader(tt.doc), "inline.tfstate", func(r *inventory.Resource) error {
				a := r.Address
				if tt.name == "no provider" {
					a = r.Provider + " " + a
				}
				if tt.name == "sensitive everything" && (r.ID != "" || r.Name != r.Address) {
					t.Errorf("sensitive identity kept: ID %q, Name %q", r.ID, r.Name)
				}
				got = append(got, a)
				return nil
			})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("addresses (-want +got):\n%s", diff)
			}
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("error = %v, want %q", err, tt.err)
			}
		})
	}
}

// TestHugeAttributes checks that very large values, nested or not, are
// read past without being kept, and that a top-level string over the
// scanner's limit is a located error rather than unbounded memory.
func TestHugeAttributes(t *testing.T) {
	state := func(value string) string {
		return `{"version":4,"lineage":"x","resources":[{"mode":"managed","type":"local_file","name":"f","provider":"provider[\"registry.terraform.io/hashicorp/local\"]",` +
			`"instances":[{"attributes":{"content":"` + value + `","nested":[{"v":"` + value + `"}],"id":"abc"}}]}]}`
	}
	big := strings.Repeat(`0123456789\"abcdef`, 300000)
	var rs []*inventory.Resource
	err := ReadState(strings.NewReader(state(big)), "big.tfstate", func(r *inventory.Resource) error {
		rs = append(rs, r)
		return nil
	})
	if err != nil || len(rs) != 1 || rs[0].ID != "abc" || rs[0].Attrs["content"] != "" {
		t.Errorf("5 MB values: %d resources, error %v", len(rs), err)
	}
	huge := strings.Repeat("x", 17<<20)
	err = ReadState(strings.NewReader(state(huge)), "huge.tfstate", func(*inventory.Resource) error { return nil })
	var e *onus.Error
	if !errors.As(err, &e) || e.Code != onus.ETooLarge || e.Loc.Path != "resources[0].instances[0].attributes.content" {
		t.Errorf("17 MiB top-level string: error = %v, want too-large at the content attribute", err)
	}
}

// TestAttrBounds checks the bounds on Attrs and tags.
func TestAttrBounds(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version":4,"lineage":"x","resources":[{"mode":"managed","type":"aws_x","name":"n","provider":"provider.aws","instances":[{"attributes":{`)
	for i := range 100 {
		fmt.Fprintf(&b, `"a%03d":%d,`, i, i)
	}
	b.WriteString(`"long":"` + strings.Repeat("v", 257) + `","edge":"` + strings.Repeat("v", 256) + `","tags":{`)
	for i := range 300 {
		fmt.Fprintf(&b, `"t%03d":"v",`, i)
	}
	b.WriteString(`"last":"v"}}}]}]}`)
	var got *inventory.Resource
	err := ReadState(strings.NewReader(b.String()), "bounds.tfstate", func(r *inventory.Resource) error {
		got = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Attrs) != maxAttrs || got.Attrs["a000"] != "0" || got.Attrs["a063"] != "63" || got.Attrs["a064"] != "" {
		t.Errorf("kept %d attributes (a063 %q, a064 %q), want the first %d", len(got.Attrs), got.Attrs["a063"], got.Attrs["a064"], maxAttrs)
	}
	if len(got.Tags) != maxTags {
		t.Errorf("kept %d tags, want %d", len(got.Tags), maxTags)
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := inventory.ReadFile(filepath.Join("testdata", "state_modules.tfstate"), "tfstate", formats, func(*inventory.Resource) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("error = %v after %d resources, want emit's error after 1", err, n)
	}
}

// TestMaxPending checks the bound on instances held back when a resource's
// header follows them.
func TestMaxPending(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"version":4,"lineage":"x","resources":[{"instances":[`)
	for i := range maxPending + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"index_key":%d}`, i)
	}
	b.WriteString(`],"mode":"managed","type":"aws_x","name":"n"}]}`)
	err := ReadState(&b, "sorted.tfstate", func(*inventory.Resource) error { return nil })
	if onus.Code(err) != onus.ETooLarge {
		t.Errorf("error = %v, want too-large", err)
	}
}
