package classify_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

// The CloudFormation types are also AWS Config's resourceType names.
func TestAWSCloudFormationCoverage(t *testing.T) {
	rows := readCSV(t, testkit.Shared(t, "data/mappings/awscc_tf_to_cfn_type.csv"), "terraform_type", "cloudformation_type")
	if len(rows) < 1400 {
		t.Fatalf("mapping has %d rows, want the 1,490 of the shared file", len(rows))
	}
	checkCoverage(t, builtinClassifier(t), "CloudFormation (awscc)", "aws", inventory.CloudFormation, column(rows, 1))
}

func TestAWSTerraformCoverage(t *testing.T) {
	rows := readCSV(t, testkit.Shared(t, "data/mappings/aws_tf_to_cfn_type_former2.csv"), "terraform_type", "cloudformation_type", "former2_service")
	if len(rows) < 280 {
		t.Fatalf("mapping has %d rows, want the 282 of the shared file", len(rows))
	}
	c := builtinClassifier(t)
	checkCoverage(t, c, "Terraform (former2)", "aws", inventory.Terraform, column(rows, 0))
	checkCoverage(t, c, "CloudFormation (former2)", "aws", inventory.CloudFormation, column(rows, 1))
}

// cfnAttrsByTerraformType gives the attributes a CloudFormation resource has
// when one CloudFormation type serves several Terraform types and only the
// attributes tell which.
var cfnAttrsByTerraformType = map[string]map[string]string{
	// AWS::EC2::VPCGatewayAttachment attaches internet and virtual private
	// gateways alike.
	"aws_vpn_gateway_attachment": {"VpnGatewayId": "vgw-0123456789abcdef0"},
}

// Both columns of a former2 row name the same resource, so both must land
// on the same service.
func TestAWSTerraformAndCloudFormationAgree(t *testing.T) {
	rows := readCSV(t, testkit.Shared(t, "data/mappings/aws_tf_to_cfn_type_former2.csv"), "terraform_type", "cloudformation_type", "former2_service")
	c := builtinClassifier(t)
	for _, r := range rows {
		tf := serviceID(c.Classify(inventory.Terraform, r[0], nil))
		cfn := serviceID(c.Classify(inventory.CloudFormation, r[1], cfnAttrsByTerraformType[r[0]]))
		if tf != cfn {
			t.Errorf("%s → %s but %s → %s, want the same service", r[0], tf, r[1], cfn)
		}
	}
}

// tfProviderService is one row of testdata/aws_tf_provider_services.csv.
type tfProviderService struct {
	name, status string
	prefixes     []string
}

func readTFProviderServices(t *testing.T) []tfProviderService {
	t.Helper()
	rows := readCSV(t, filepath.Join("testdata", "aws_tf_provider_services.csv"), "service", "human_friendly", "resource_prefixes", "status")
	out := make([]tfProviderService, 0, len(rows))
	for _, r := range rows {
		s := tfProviderService{name: r[0], status: r[3], prefixes: strings.Fields(r[2])}
		if len(s.prefixes) == 0 {
			t.Fatalf("service %s has no resource prefix", s.name)
		}
		for _, p := range s.prefixes {
			if !strings.HasPrefix(p, "aws_") {
				t.Fatalf("service %s: prefix %q does not start with aws_", s.name, p)
			}
		}
		switch s.status {
		case "implemented", "not-implemented", "sub-service", "excluded":
		default:
			t.Fatalf("service %s: unknown status %q", s.name, s.status)
		}
		out = append(out, s)
	}
	return out
}

// For every service of the AWS Terraform provider, a resource type that
// starts with each of its prefixes must classify into an AWS service. The
// shortest such type is the prefix itself, which every rule written as the
// prefix followed by * matches. Services the provider does not implement
// have no resource types, so the figure that must reach the minimum counts
// the implemented services and the sub-services of ec2; the figure with the
// unimplemented ones is logged too.
func TestAWSTerraformProviderServices(t *testing.T) {
	services := readTFProviderServices(t)
	if len(services) < 300 {
		t.Fatalf("testdata lists %d services, want the 350 of names_data.hcl", len(services))
	}
	c := builtinClassifier(t)
	var implemented, implementedOK, all, allOK int
	var missing []string
	for _, s := range services {
		if s.status == "excluded" {
			continue
		}
		ok := true
		for _, p := range s.prefixes {
			got := c.Classify(inventory.Terraform, p, nil)
			switch {
			case got == nil:
				ok = false
			case !strings.HasPrefix(got.ID, "aws:"):
				t.Errorf("service %s: %s classified into %s, want an aws: service", s.name, p, got.ID)
				ok = false
			}
		}
		all++
		if ok {
			allOK++
		}
		if s.status == "not-implemented" {
			continue
		}
		implemented++
		if ok {
			implementedOK++
		} else {
			missing = append(missing, s.name)
		}
	}
	share := float64(implementedOK) / float64(implemented)
	t.Logf("Terraform provider services: %d of %d implemented services and ec2 sub-services classified (%.1f%%); unclassified: %s",
		implementedOK, implemented, 100*share, strings.Join(missing, " "))
	t.Logf("Terraform provider services including unimplemented ones: %d of %d (%.1f%%)", allOK, all, 100*float64(allOK)/float64(all))
	if share < minCoverage {
		t.Errorf("Terraform provider service coverage = %.3f, want at least %.2f", share, minCoverage)
	}
}

func TestAWSAttributeRules(t *testing.T) {
	tf, cfn := inventory.Terraform, inventory.CloudFormation
	checkClassify(t, builtinClassifier(t), []classifyCase{
		// ECS: the launch type tells Fargate from EC2.
		{tf, "aws_ecs_service", map[string]string{"launch_type": "FARGATE"}, "aws:ecs-fargate"},
		{tf, "aws_ecs_service", map[string]string{"launch_type": "EC2"}, "aws:ecs"},
		{tf, "aws_ecs_service", nil, "aws:ecs"},
		{tf, "aws_ecs_task_set", map[string]string{"launch_type": "FARGATE"}, "aws:ecs-fargate"},
		{tf, "aws_ecs_task_definition", nil, "aws:ecs"},
		{tf, "aws_ecs_cluster", nil, "aws:ecs"},
		{cfn, "AWS::ECS::Service", map[string]string{"LaunchType": "FARGATE"}, "aws:ecs-fargate"},
		{cfn, "AWS::ECS::Service", map[string]string{"LaunchType": "EC2"}, "aws:ecs"},
		{cfn, "AWS::ECS::Service", nil, "aws:ecs"},
		{cfn, "AWS::ECS::TaskSet", map[string]string{"LaunchType": "FARGATE"}, "aws:ecs-fargate"},
		// EKS: Fargate profiles are their own type.
		{tf, "aws_eks_fargate_profile", nil, "aws:eks-fargate"},
		{tf, "aws_eks_cluster", nil, "aws:eks"},
		{tf, "aws_eks_node_group", nil, "aws:eks"},
		{cfn, "AWS::EKS::FargateProfile", nil, "aws:eks-fargate"},
		{cfn, "AWS::EKS::Nodegroup", nil, "aws:eks"},
		// RDS: the engine tells Aurora, RDS Custom, DocumentDB and Neptune
		// from RDS; AWS Config spells the attribute engine, CloudFormation
		// templates Engine.
		{tf, "aws_rds_cluster", map[string]string{"engine": "aurora-postgresql"}, "aws:aurora"},
		{tf, "aws_rds_cluster", map[string]string{"engine": "postgres"}, "aws:rds"},
		{tf, "aws_rds_cluster_instance", map[string]string{"engine": "aurora-mysql"}, "aws:aurora"},
		{tf, "aws_db_instance", map[string]string{"engine": "mysql"}, "aws:rds"},
		{tf, "aws_db_instance", map[string]string{"engine": "custom-oracle-ee"}, "aws:rds-custom"},
		{tf, "aws_db_instance", nil, "aws:rds"},
		{cfn, "AWS::RDS::DBCluster", map[string]string{"engine": "aurora-mysql"}, "aws:aurora"},
		{cfn, "AWS::RDS::DBCluster", map[string]string{"Engine": "aurora-postgresql"}, "aws:aurora"},
		{cfn, "AWS::RDS::DBCluster", map[string]string{"engine": "docdb"}, "aws:documentdb"},
		{cfn, "AWS::RDS::DBCluster", map[string]string{"engine": "neptune"}, "aws:neptune"},
		{cfn, "AWS::RDS::DBCluster", map[string]string{"engine": "mysql"}, "aws:rds"},
		{cfn, "AWS::RDS::DBInstance", map[string]string{"engine": "custom-sqlserver-ee"}, "aws:rds-custom"},
		{cfn, "AWS::RDS::DBInstance", map[string]string{"Engine": "postgres"}, "aws:rds"},
		// Longest literal prefix wins among patterns.
		{tf, "aws_cloudwatch_log_group", nil, "aws:cloudwatch-logs"},
		{tf, "aws_cloudwatch_event_rule", nil, "aws:eventbridge"},
		{tf, "aws_cloudwatch_metric_alarm", nil, "aws:cloudwatch"},
		{tf, "aws_ec2_transit_gateway", nil, "aws:vpc"},
		{tf, "aws_ec2_client_vpn_endpoint", nil, "aws:client-vpn"},
		{tf, "aws_ec2_local_gateway_route", nil, "aws:outposts"},
		{tf, "aws_ec2_instance_connect_endpoint", nil, "aws:ec2"},
		{tf, "aws_vpc_endpoint", nil, "aws:vpc"},
		{tf, "aws_vpclattice_service", nil, "aws:vpc-lattice"},
		{tf, "aws_vpn_connection", nil, "aws:site-to-site-vpn"},
		{tf, "aws_route53_resolver_firewall_rule_group", nil, "aws:route53"},
		{tf, "aws_route53recoverycontrolconfig_cluster", nil, "aws:application-recovery-controller"},
		{tf, "aws_kinesis_firehose_delivery_stream", nil, "aws:data-firehose"},
		{tf, "aws_kinesis_stream", nil, "aws:kinesis-data-streams"},
		{tf, "aws_lb_listener", nil, "aws:elb"},
		{tf, "aws_lambda_function", nil, "aws:lambda"},
		{cfn, "AWS::EC2::Instance", nil, "aws:ec2"},
		{cfn, "AWS::EC2::SecurityGroup", nil, "aws:vpc"},
		{cfn, "AWS::EC2::Volume", nil, "aws:ebs"},
		{cfn, "AWS::EC2::VPNGateway", nil, "aws:site-to-site-vpn"},
		{cfn, "AWS::EC2::VPCGatewayAttachment", map[string]string{"VpnGatewayId": "vgw-1"}, "aws:site-to-site-vpn"},
		{cfn, "AWS::EC2::VPCGatewayAttachment", map[string]string{"InternetGatewayId": "igw-1"}, "aws:vpc"},
		{cfn, "AWS::EC2::VPCGatewayAttachment", map[string]string{"VpnGatewayId": ""}, "aws:vpc"},
		{cfn, "AWS::EC2::VerifiedAccessInstance", nil, "aws:verified-access"},
		{cfn, "AWS::S3::Bucket", nil, "aws:s3"},
		{cfn, "AWS::Serverless::Function", nil, "aws:lambda"},
		// Types match case-insensitively.
		{cfn, "aws::lambda::function", nil, "aws:lambda"},
	})
}
