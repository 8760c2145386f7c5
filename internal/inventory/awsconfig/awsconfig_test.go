package awsconfig

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/invtest"
	"github.com/onus-dev/onus/internal/testkit"
)

// summary is the part of a resource the tests compare; Attrs holds only the
// keys a test names.
type summary struct {
	Type, ID, Name, Account, Region string
	Tags                            map[string]string
	Attrs                           map[string]string
	Line                            int
	Path                            string
}

func summarize(rs []*inventory.Resource, attrKeys ...string) []summary {
	var out []summary
	for _, r := range rs {
		s := summary{Type: r.Type, ID: r.ID, Name: r.Name, Account: r.Account, Region: r.Region, Tags: r.Tags, Line: r.Loc.Line, Path: r.Loc.Path}
		for _, k := range attrKeys {
			if v, ok := r.Attrs[k]; ok {
				if s.Attrs == nil {
					s.Attrs = map[string]string{}
				}
				s.Attrs[k] = v
			}
		}
		if r.Vocabulary != inventory.CloudFormation || r.Provider != "aws" {
			s.Type = "wrong vocabulary or provider: " + string(r.Vocabulary) + " " + r.Provider
		}
		out = append(out, s)
	}
	return out
}

func TestReadConfig(t *testing.T) {
	tests := []struct {
		file  string
		attrs []string
		want  []summary
	}{
		{"snapshot.json", []string{"LaunchType", "DesiredCount", "NetworkConfiguration.AwsvpcConfiguration", "DeploymentConfiguration.MaximumPercent", "runtime", "tracingConfig.mode", "environment.variables", "owner.id", "availabilityZone"}, []summary{
			{Type: "AWS::ECS::Service", ID: "arn:aws:ecs:eu-west-1:111122223333:service/payments/checkout-api", Name: "checkout-api",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "payments", "environment": "prod"},
				Attrs: map[string]string{"LaunchType": "FARGATE", "DesiredCount": "3", "DeploymentConfiguration.MaximumPercent": "200", "availabilityZone": "Regional"},
				Line:  5, Path: "configurationItems[0]"},
			{Type: "AWS::Lambda::Function", ID: "arn:aws:lambda:eu-west-1:111122223333:function:invoice-render", Name: "invoice-render",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "billing", "owner": "billing-oncall@example.com"},
				Attrs: map[string]string{"runtime": "python3.12", "tracingConfig.mode": "Active", "availabilityZone": "Not Applicable"},
				Line:  53, Path: "configurationItems[2]"},
			{Type: "AWS::S3::Bucket", ID: "arn:aws:s3:::acme-prod-exports", Name: "acme-prod-exports",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"Name": "exports", "data": "pii"},
				Attrs: map[string]string{"owner.id": "a1b2c3", "availabilityZone": "Regional"},
				Line:  76, Path: "configurationItems[3]"},
		}},
		{"batch_get.json", []string{"instanceType", "metadataOptions.httpTokens", "platform", "availabilityZone"}, []summary{
			{Type: "AWS::EC2::Instance", ID: "arn:aws:ec2:us-east-1:444455556666:instance/i-0f1e2d3c4b5a69788",
				Account: "444455556666", Region: "us-east-1",
				Attrs: map[string]string{"instanceType": "m6i.large", "metadataOptions.httpTokens": "required", "availabilityZone": "us-east-1c"},
				Line:  3, Path: "baseConfigurationItems[0]"},
		}},
		{"history.json", []string{"engineVersion", "publiclyAccessible"}, []summary{
			{Type: "AWS::RDS::DBInstance", ID: "arn:aws:rds:eu-west-1:111122223333:db:orders", Name: "orders",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "orders"},
				Attrs: map[string]string{"engineVersion": "16.4", "publiclyAccessible": "false"},
				Line:  3, Path: "configurationItems[0]"},
		}},
		{"advanced_query.json", []string{"engine"}, []summary{
			{Type: "AWS::RDS::DBCluster", ID: "arn:aws:rds:eu-west-1:111122223333:cluster:orders-cluster",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "orders", "environment": "prod"},
				Attrs: map[string]string{"engine": "aurora-postgresql"}, Line: 9, Path: "Results[0]"},
			{Type: "AWS::EC2::SecurityGroup", ID: "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60718",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{}, Line: 10, Path: "Results[1]"},
		}},
		{"items.json", []string{"ResourcesVpcConfig.EndpointPublicAccess", "Version"}, []summary{
			{Type: "AWS::EKS::Cluster", ID: "arn:aws:eks:eu-west-1:111122223333:cluster/platform", Name: "platform",
				Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "platform"},
				Attrs: map[string]string{"ResourcesVpcConfig.EndpointPublicAccess": "false", "Version": "1.31"}, Line: 2, Path: "[0]"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := summarize(invtest.MustRead(t, Format, filepath.Join("testdata", tt.file)), tt.attrs...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadConfigSharedSnapshot(t *testing.T) {
	path := testkit.Shared(t, "fixtures/inventory/aws_config_snapshot__CONSTRUCTED_from_aws_docs_examples.json")
	got := summarize(invtest.MustRead(t, Format, path), "Encrypted", "BackupPolicy.Status", "size", "state", "availabilityZone")
	want := []summary{
		{Type: "AWS::EFS::FileSystem", ID: "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-01f0d526165b57f95",
			Name: "fs-01f0d526165b57f95", Account: "123456789012", Region: "us-east-1",
			Tags:  map[string]string{"aws:elasticfilesystem:default-backup": "enabled", "test": "me", "Name": "cloudcontroltest1"},
			Attrs: map[string]string{"Encrypted": "true", "BackupPolicy.Status": "ENABLED", "availabilityZone": "Regional"},
			Line:  5, Path: "configurationItems[0]"},
		{Type: "AWS::EC2::Volume", ID: "arn:aws:ec2:us-west-2:123456789012:volume/vol-ce676ccc",
			Account: "123456789012", Region: "us-west-2", Tags: map[string]string{"environment": "PROD", "owner": "team-storage"},
			Attrs: map[string]string{"size": "1", "state": "in-use", "availabilityZone": "us-west-2b"},
			Line:  48, Path: "configurationItems[1]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
	if !Format.Sniff(mustHead(t, path)) {
		t.Error("Sniff does not recognise the shared snapshot")
	}
}

func TestReadConfigErrors(t *testing.T) {
	tests := []struct {
		file     string
		want     []string
		resource int // resources read before or despite the errors
	}{
		{"bad_syntax.json", []string{`bad_syntax.json:4: invalid character '"' after object key:value pair`}, 1},
		{"bad_items.json", []string{
			`bad_items.json:3: configurationItems[0].resourceType: configuration item has no resourceType`,
			`bad_items.json:6: configurationItems[1].tags: expected an object or an array of {key, value} objects`,
			`bad_items.json:8: configurationItems[2].ARN: expected a string, found array`,
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := invtest.ReadFile(t, Format, filepath.Join("testdata", tt.file))
			if len(got) != tt.resource {
				t.Errorf("read %d resources, want %d", len(got), tt.resource)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if onus.Code(err) != onus.EInvalid {
				t.Errorf("code = %s, want %s", onus.Code(err), onus.EInvalid)
			}
			var msgs []string
			var list onus.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					msgs = append(msgs, strings.TrimPrefix(e.Error(), "testdata/"))
				}
			} else {
				msgs = []string{strings.TrimPrefix(err.Error(), "testdata/")}
			}
			if diff := cmp.Diff(tt.want, msgs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadTagging(t *testing.T) {
	got := summarize(invtest.MustRead(t, TaggingFormat, filepath.Join("testdata", "tagging.json")))
	want := []summary{
		{Type: "AWS::S3::Bucket", ID: "arn:aws:s3:::acme-prod-exports", Name: "acme-prod-exports",
			Tags: map[string]string{"team": "data", "owner": "data-platform"}, Line: 4, Path: "ResourceTagMappingList[0]"},
		{Type: "AWS::RDS::DBInstance", ID: "arn:aws:rds:eu-west-1:111122223333:db:orders", Name: "Orders database",
			Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "orders", "Name": "Orders database"},
			Line: 8, Path: "ResourceTagMappingList[1]"},
		{Type: "AWS::ElasticLoadBalancingV2::LoadBalancer", ID: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/checkout/50dc6c495c0c9188",
			Name: "50dc6c495c0c9188", Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "payments"},
			Line: 12, Path: "ResourceTagMappingList[2]"},
		{Type: "AWS::ElasticLoadBalancing::LoadBalancer", ID: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/legacy-web",
			Name: "legacy-web", Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "web"},
			Line: 16, Path: "ResourceTagMappingList[3]"},
		{Type: "AWS::SQS::Queue", ID: "arn:aws:sqs:eu-west-1:111122223333:invoice-jobs", Name: "invoice-jobs",
			Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "billing"},
			Line: 20, Path: "ResourceTagMappingList[4]"},
		{Type: "AWS::ApiGateway::Stage", ID: "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod", Name: "prod",
			Region: "eu-west-1", Tags: map[string]string{"team": "payments"}, Line: 24, Path: "ResourceTagMappingList[5]"},
		{Type: "AWS::WAFv2::WebACL", ID: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
			Name: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{},
			Line: 28, Path: "ResourceTagMappingList[6]"},
		{Type: "AWS::Lambda::Function", ID: "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:audit-export", Name: "audit-export",
			Account: "111122223333", Region: "us-gov-west-1", Tags: map[string]string{"team": "compliance"},
			Line: 32, Path: "ResourceTagMappingList[7]"},
		{Type: "arn:aws:quicksight:dashboard", ID: "arn:aws:quicksight:eu-west-1:111122223333:dashboard/revenue", Name: "revenue",
			Account: "111122223333", Region: "eu-west-1", Tags: map[string]string{"team": "finance"},
			Line: 37, Path: "ResourceTagMappingList[8]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

func TestReadTaggingErrors(t *testing.T) {
	in := `{"ResourceTagMappingList": [
  {"ResourceARN": "not-an-arn", "Tags": []},
  {"Tags": [{"Value": "x"}]},
  {"ResourceARN": "arn:aws:s3:::ok", "Tags": [{"Key": "k", "Value": "v"}]}
]}`
	var n int
	err := TaggingFormat.Read(strings.NewReader(in), "tags.json", func(*inventory.Resource) error { n++; return nil })
	want := "2 problems:\n" +
		"  tags.json:2: ResourceTagMappingList[0].ResourceARN: \"not-an-arn\" is not an ARN (arn:partition:service:region:account:resource)\n" +
		"  tags.json:3: ResourceTagMappingList[1].ResourceARN: resource has no ResourceARN"
	if err == nil || err.Error() != want {
		t.Errorf("error =\n%v\nwant\n%s", err, want)
	}
	if n != 1 {
		t.Errorf("read %d resources, want 1", n)
	}
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	for _, f := range []inventory.Format{Format, TaggingFormat} {
		file := map[string]string{"aws-config": "snapshot.json", "aws-tagging": "tagging.json"}[f.Name]
		err := inventory.ReadFile(filepath.Join("testdata", file), f.Name, []inventory.Format{f}, func(*inventory.Resource) error { return stop })
		if err != stop {
			t.Errorf("%s: Read returned %v, want emit's error unchanged", f.Name, err)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head    string
		config  bool
		tagging bool
	}{
		{`{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[`, true, false},
		{`{"baseConfigurationItems":[],"unprocessedResourceKeys":[]}`, true, false},
		{`{"QueryInfo":{"SelectFields":[]},"Results":["{}"]}`, true, false},
		{`[{"resourceType":"AWS::S3::Bucket","configurationItemStatus":"OK"}]`, true, false},
		{`{"configurationItemCaptureTime":"2026-01-01","resourceType":"AWS::S3::Bucket"}`, true, false},
		{`{"ResourceTagMappingList":[],"PaginationToken":""}`, false, true},
		{`{"version":4,"terraform_version":"1.9.0","resources":[{"type":"aws_s3_bucket"}]}`, false, false},
		{`{"format_version":"1.2","values":{"root_module":{}}}`, false, false},
		{`{"resourceType":"AWS::S3::Bucket"}`, false, false},
		{`{"Results":[]}`, false, false},
		{`not json`, false, false},
		{``, false, false},
	}
	for _, tt := range tests {
		if got := Format.Sniff([]byte(tt.head)); got != tt.config {
			t.Errorf("aws-config Sniff(%s) = %v, want %v", tt.head, got, tt.config)
		}
		if got := TaggingFormat.Sniff([]byte(tt.head)); got != tt.tagging {
			t.Errorf("aws-tagging Sniff(%s) = %v, want %v", tt.head, got, tt.tagging)
		}
	}
}

func mustHead(t *testing.T, path string) []byte {
	t.Helper()
	head, err := testkit.FileHead(path)
	if err != nil {
		t.Fatal(err)
	}
	return head
}
