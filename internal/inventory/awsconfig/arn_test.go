package awsconfig

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/testkit"
)

func TestARNType(t *testing.T) {
	tests := []struct{ arn, want string }{
		{"arn:aws:s3:::my-bucket", "AWS::S3::Bucket"},
		{"arn:aws:s3:::my-bucket/reports/2026.csv", "arn:aws:s3:object"},
		{"arn:aws:s3:us-east-1:111122223333:accesspoint/reports", "AWS::S3::AccessPoint"},
		{"arn:aws:rds:eu-west-1:111122223333:db:orders", "AWS::RDS::DBInstance"},
		{"arn:aws:rds:eu-west-1:111122223333:cluster:orders", "AWS::RDS::DBCluster"},
		{"arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc", "AWS::EC2::Instance"},
		{"arn:aws:lambda:eu-west-1:111122223333:function:render:live", "AWS::Lambda::Function"},
		{"arn:aws:sns:eu-west-1:111122223333:alerts", "AWS::SNS::Topic"},
		{"arn:aws:sns:eu-west-1:111122223333:alerts:0b1c2d3e-aaaa-bbbb-cccc-0123456789ab", "AWS::SNS::Subscription"},
		{"arn:aws:sqs:eu-west-1:111122223333:jobs", "AWS::SQS::Queue"},
		{"arn:aws:iam::111122223333:role/service-role/deployer", "AWS::IAM::Role"},
		{"arn:aws:iam::111122223333:policy/ReadOnlyAudit", "AWS::IAM::Policy"},
		{"arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/render:*", "AWS::Logs::LogGroup"},
		{"arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:6d3c:autoScalingGroupName/web", "AWS::AutoScaling::AutoScalingGroup"},
		{"arn:aws:apigateway:eu-west-1::/restapis/a1b2", "AWS::ApiGateway::RestApi"},
		{"arn:aws:apigateway:eu-west-1::/apis/a1b2/stages/$default", "AWS::ApiGatewayV2::Stage"},
		{"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/ingress/0f1e", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
		{"arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2", "AWS::ElasticLoadBalancingV2::TargetGroup"},
		{"arn:aws:wafv2:us-east-1:111122223333:global/ipset/blocked/0f1e", "AWS::WAFv2::IPSet"},
		{"arn:aws:codepipeline:eu-west-1:111122223333:release", "AWS::CodePipeline::Pipeline"},
		{"arn:aws:es:eu-west-1:111122223333:domain/search", "AWS::OpenSearch::Domain"},
		{"arn:aws-cn:ecs:cn-north-1:111122223333:cluster/payments", "AWS::ECS::Cluster"},
		{"arn:aws:foo:eu-west-1:111122223333:widget/w-1", "arn:aws:foo:widget"},
		{"arn:aws:foo:eu-west-1:111122223333:w-1", "arn:aws:foo"},
	}
	for _, tt := range tests {
		a, ok := parseARN(tt.arn)
		if !ok {
			t.Errorf("parseARN(%q) failed", tt.arn)
			continue
		}
		if got := a.typeOf(); got != tt.want {
			t.Errorf("type of %s = %q, want %q", tt.arn, got, tt.want)
		}
	}
	for _, bad := range []string{"", "arn:aws:s3", "arn::s3:::b", "urn:aws:s3:::b", "arn:aws:s3:::"} {
		if _, ok := parseARN(bad); ok {
			t.Errorf("parseARN(%q) succeeded", bad)
		}
	}
}

// notInAwscc lists the table's types that the CloudFormation list taken from
// the awscc provider lacks: AWS Config's own names, and older CloudFormation
// types that Cloud Control does not serve.
var notInAwscc = map[string]bool{
	"AWS::IAM::Policy": true, "AWS::OpenSearch::Domain": true, "AWS::ACM::Certificate": true,
	"AWS::RDS::DBSnapshot": true, "AWS::RDS::DBClusterSnapshot": true,
	"AWS::EMR::Cluster": true, "AWS::SageMaker::NotebookInstance": true, "AWS::FSx::FileSystem": true,
	"AWS::CodeCommit::Repository": true, "AWS::CodeBuild::Project": true,
}

// TestARNTypesExist checks every type of the ARN table against the
// CloudFormation resource types the awscc provider lists, so that a typo
// in the table cannot go unnoticed.
func TestARNTypesExist(t *testing.T) {
	f, err := os.Open(testkit.Shared(t, "data/mappings/awscc_tf_to_cfn_type.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, typ, ok := strings.Cut(sc.Text(), ","); ok {
			known[typ] = true
		}
	}
	if len(known) < 1000 {
		t.Fatalf("read only %d types from the awscc list", len(known))
	}
	for k, typ := range arnTypes {
		if !known[typ] && !notInAwscc[typ] {
			t.Errorf("arnTypes[%q] = %q is not a known resource type", k, typ)
		}
	}
}
