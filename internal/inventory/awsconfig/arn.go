package awsconfig

import (
	"strings"
)

// arn is an Amazon Resource Name split into its parts:
// arn:partition:service:region:account:resource.
type arn struct {
	partition, service, region, account, resource string
}

// parseARN splits s, and reports whether it is an ARN.
func parseARN(s string) (arn, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[1] == "" || p[2] == "" || p[5] == "" {
		return arn{}, false
	}
	return arn{partition: p[1], service: p[2], region: p[3], account: p[4], resource: p[5]}, true
}

// kind returns the resource-type part of the ARN's resource: "instance" in
// "instance/i-0abc", "db" in "db:orders", "restapis/stages" in API
// Gateway's "/restapis/a1b2/stages/prod", and "" for ARNs whose resource
// is a bare name (an SQS queue, an SNS topic, an S3 bucket).
func (a arn) kind() string {
	r := a.resource
	switch a.service {
	case "apigateway":
		// Collections and IDs alternate: /restapis/{id}/stages/{name}.
		segs := strings.Split(strings.Trim(r, "/"), "/")
		var kinds []string
		for i := 0; i < len(segs); i += 2 {
			kinds = append(kinds, segs[i])
		}
		return strings.Join(kinds, "/")
	case "s3":
		if a.region == "" && a.account == "" {
			if strings.Contains(r, "/") {
				return "object"
			}
			return ""
		}
	case "sns":
		if strings.Contains(r, ":") {
			return "subscription" // topic:subscription-id
		}
		return ""
	case "sqs", "codecommit", "codepipeline":
		return ""
	}
	segs := strings.FieldsFunc(r, func(c rune) bool { return c == '/' || c == ':' })
	if len(segs) < 2 {
		return ""
	}
	switch {
	case a.service == "elasticloadbalancing" && segs[0] == "loadbalancer":
		// loadbalancer/app/… (and net, gwy) are v2; loadbalancer/name is classic.
		if len(segs) > 2 && (segs[1] == "app" || segs[1] == "net" || segs[1] == "gwy") {
			return "loadbalancer/" + segs[1]
		}
	case a.service == "wafv2" && (segs[0] == "regional" || segs[0] == "global"):
		return segs[1] // regional/webacl/name/id
	}
	return segs[0]
}

// arnTypes maps "service:kind" to the resource type AWS Config reports for
// it (where AWS Config and CloudFormation name a type differently, the table
// uses AWS Config's name: AWS::IAM::Policy, AWS::OpenSearch::Domain,
// AWS::ACM::Certificate). It covers the resources the Resource Groups
// Tagging API returns most often. Sources: the ARN formats in the AWS
// Service Authorization Reference ("Actions, resources, and condition keys
// for AWS services", docs.aws.amazon.com/service-authorization), and the
// resource types in "Supported Resource Types for AWS Config"
// (docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html),
// both read 2026-11.
var arnTypes = map[string]string{
	"acm:certificate":                       "AWS::ACM::Certificate",
	"amplify:apps":                          "AWS::Amplify::App",
	"aoss:collection":                       "AWS::OpenSearchServerless::Collection",
	"apigateway:apis":                       "AWS::ApiGatewayV2::Api",
	"apigateway:apis/stages":                "AWS::ApiGatewayV2::Stage",
	"apigateway:domainnames":                "AWS::ApiGateway::DomainName",
	"apigateway:restapis":                   "AWS::ApiGateway::RestApi",
	"apigateway:restapis/stages":            "AWS::ApiGateway::Stage",
	"apigateway:usageplans":                 "AWS::ApiGateway::UsagePlan",
	"apprunner:service":                     "AWS::AppRunner::Service",
	"appsync:apis":                          "AWS::AppSync::GraphQLApi",
	"athena:workgroup":                      "AWS::Athena::WorkGroup",
	"autoscaling:autoScalingGroup":          "AWS::AutoScaling::AutoScalingGroup",
	"autoscaling:launchConfiguration":       "AWS::AutoScaling::LaunchConfiguration",
	"backup:backup-plan":                    "AWS::Backup::BackupPlan",
	"backup:backup-vault":                   "AWS::Backup::BackupVault",
	"batch:compute-environment":             "AWS::Batch::ComputeEnvironment",
	"batch:job-queue":                       "AWS::Batch::JobQueue",
	"bedrock:agent":                         "AWS::Bedrock::Agent",
	"bedrock:knowledge-base":                "AWS::Bedrock::KnowledgeBase",
	"cloudformation:stack":                  "AWS::CloudFormation::Stack",
	"cloudfront:distribution":               "AWS::CloudFront::Distribution",
	"cloudtrail:trail":                      "AWS::CloudTrail::Trail",
	"cloudwatch:alarm":                      "AWS::CloudWatch::Alarm",
	"codebuild:project":                     "AWS::CodeBuild::Project",
	"codecommit:":                           "AWS::CodeCommit::Repository",
	"codepipeline:":                         "AWS::CodePipeline::Pipeline",
	"cognito-identity:identitypool":         "AWS::Cognito::IdentityPool",
	"cognito-idp:userpool":                  "AWS::Cognito::UserPool",
	"dynamodb:table":                        "AWS::DynamoDB::Table",
	"ec2:customer-gateway":                  "AWS::EC2::CustomerGateway",
	"ec2:dhcp-options":                      "AWS::EC2::DHCPOptions",
	"ec2:elastic-ip":                        "AWS::EC2::EIP",
	"ec2:instance":                          "AWS::EC2::Instance",
	"ec2:internet-gateway":                  "AWS::EC2::InternetGateway",
	"ec2:key-pair":                          "AWS::EC2::KeyPair",
	"ec2:launch-template":                   "AWS::EC2::LaunchTemplate",
	"ec2:natgateway":                        "AWS::EC2::NatGateway",
	"ec2:network-acl":                       "AWS::EC2::NetworkAcl",
	"ec2:network-interface":                 "AWS::EC2::NetworkInterface",
	"ec2:route-table":                       "AWS::EC2::RouteTable",
	"ec2:security-group":                    "AWS::EC2::SecurityGroup",
	"ec2:subnet":                            "AWS::EC2::Subnet",
	"ec2:transit-gateway":                   "AWS::EC2::TransitGateway",
	"ec2:volume":                            "AWS::EC2::Volume",
	"ec2:vpc":                               "AWS::EC2::VPC",
	"ec2:vpc-endpoint":                      "AWS::EC2::VPCEndpoint",
	"ec2:vpc-peering-connection":            "AWS::EC2::VPCPeeringConnection",
	"ec2:vpn-connection":                    "AWS::EC2::VPNConnection",
	"ec2:vpn-gateway":                       "AWS::EC2::VPNGateway",
	"ecr:repository":                        "AWS::ECR::Repository",
	"ecs:capacity-provider":                 "AWS::ECS::CapacityProvider",
	"ecs:cluster":                           "AWS::ECS::Cluster",
	"ecs:service":                           "AWS::ECS::Service",
	"ecs:task-definition":                   "AWS::ECS::TaskDefinition",
	"eks:addon":                             "AWS::EKS::Addon",
	"eks:cluster":                           "AWS::EKS::Cluster",
	"eks:fargateprofile":                    "AWS::EKS::FargateProfile",
	"eks:identityproviderconfig":            "AWS::EKS::IdentityProviderConfig",
	"eks:nodegroup":                         "AWS::EKS::Nodegroup",
	"eks:podidentityassociation":            "AWS::EKS::PodIdentityAssociation",
	"elasticache:cluster":                   "AWS::ElastiCache::CacheCluster",
	"elasticache:replicationgroup":          "AWS::ElastiCache::ReplicationGroup",
	"elasticache:serverlesscache":           "AWS::ElastiCache::ServerlessCache",
	"elasticache:subnetgroup":               "AWS::ElastiCache::SubnetGroup",
	"elasticbeanstalk:application":          "AWS::ElasticBeanstalk::Application",
	"elasticbeanstalk:environment":          "AWS::ElasticBeanstalk::Environment",
	"elasticfilesystem:access-point":        "AWS::EFS::AccessPoint",
	"elasticfilesystem:file-system":         "AWS::EFS::FileSystem",
	"elasticloadbalancing:listener":         "AWS::ElasticLoadBalancingV2::Listener",
	"elasticloadbalancing:listener-rule":    "AWS::ElasticLoadBalancingV2::ListenerRule",
	"elasticloadbalancing:loadbalancer":     "AWS::ElasticLoadBalancing::LoadBalancer",
	"elasticloadbalancing:loadbalancer/app": "AWS::ElasticLoadBalancingV2::LoadBalancer",
	"elasticloadbalancing:loadbalancer/gwy": "AWS::ElasticLoadBalancingV2::LoadBalancer",
	"elasticloadbalancing:loadbalancer/net": "AWS::ElasticLoadBalancingV2::LoadBalancer",
	"elasticloadbalancing:targetgroup":      "AWS::ElasticLoadBalancingV2::TargetGroup",
	"elasticmapreduce:cluster":              "AWS::EMR::Cluster",
	"emr-serverless:applications":           "AWS::EMRServerless::Application",
	"es:domain":                             "AWS::OpenSearch::Domain",
	"events:event-bus":                      "AWS::Events::EventBus",
	"events:rule":                           "AWS::Events::Rule",
	"firehose:deliverystream":               "AWS::KinesisFirehose::DeliveryStream",
	"fsx:file-system":                       "AWS::FSx::FileSystem",
	"globalaccelerator:accelerator":         "AWS::GlobalAccelerator::Accelerator",
	"glue:crawler":                          "AWS::Glue::Crawler",
	"glue:database":                         "AWS::Glue::Database",
	"glue:job":                              "AWS::Glue::Job",
	"guardduty:detector":                    "AWS::GuardDuty::Detector",
	"iam:group":                             "AWS::IAM::Group",
	"iam:instance-profile":                  "AWS::IAM::InstanceProfile",
	"iam:oidc-provider":                     "AWS::IAM::OIDCProvider",
	"iam:policy":                            "AWS::IAM::Policy",
	"iam:role":                              "AWS::IAM::Role",
	"iam:saml-provider":                     "AWS::IAM::SAMLProvider",
	"iam:server-certificate":                "AWS::IAM::ServerCertificate",
	"iam:user":                              "AWS::IAM::User",
	"kafka:cluster":                         "AWS::MSK::Cluster",
	"kinesis:stream":                        "AWS::Kinesis::Stream",
	"kms:alias":                             "AWS::KMS::Alias",
	"kms:key":                               "AWS::KMS::Key",
	"lambda:event-source-mapping":           "AWS::Lambda::EventSourceMapping",
	"lambda:function":                       "AWS::Lambda::Function",
	"lambda:layer":                          "AWS::Lambda::LayerVersion",
	"logs:log-group":                        "AWS::Logs::LogGroup",
	"memorydb:cluster":                      "AWS::MemoryDB::Cluster",
	"mq:broker":                             "AWS::AmazonMQ::Broker",
	"network-firewall:firewall":             "AWS::NetworkFirewall::Firewall",
	"network-firewall:firewall-policy":      "AWS::NetworkFirewall::FirewallPolicy",
	"rds:cluster":                           "AWS::RDS::DBCluster",
	"rds:cluster-pg":                        "AWS::RDS::DBClusterParameterGroup",
	"rds:cluster-snapshot":                  "AWS::RDS::DBClusterSnapshot",
	"rds:db":                                "AWS::RDS::DBInstance",
	"rds:es":                                "AWS::RDS::EventSubscription",
	"rds:og":                                "AWS::RDS::OptionGroup",
	"rds:pg":                                "AWS::RDS::DBParameterGroup",
	"rds:snapshot":                          "AWS::RDS::DBSnapshot",
	"rds:subgrp":                            "AWS::RDS::DBSubnetGroup",
	"redshift:cluster":                      "AWS::Redshift::Cluster",
	"route53:healthcheck":                   "AWS::Route53::HealthCheck",
	"route53:hostedzone":                    "AWS::Route53::HostedZone",
	"s3:":                                   "AWS::S3::Bucket",
	"s3:accesspoint":                        "AWS::S3::AccessPoint",
	"sagemaker:domain":                      "AWS::SageMaker::Domain",
	"sagemaker:endpoint":                    "AWS::SageMaker::Endpoint",
	"sagemaker:model":                       "AWS::SageMaker::Model",
	"sagemaker:notebook-instance":           "AWS::SageMaker::NotebookInstance",
	"secretsmanager:secret":                 "AWS::SecretsManager::Secret",
	"securityhub:hub":                       "AWS::SecurityHub::Hub",
	"ses:identity":                          "AWS::SES::EmailIdentity",
	"sns:":                                  "AWS::SNS::Topic",
	"sns:subscription":                      "AWS::SNS::Subscription",
	"sqs:":                                  "AWS::SQS::Queue",
	"ssm:document":                          "AWS::SSM::Document",
	"ssm:parameter":                         "AWS::SSM::Parameter",
	"states:activity":                       "AWS::StepFunctions::Activity",
	"states:stateMachine":                   "AWS::StepFunctions::StateMachine",
	"transfer:server":                       "AWS::Transfer::Server",
	"wafv2:ipset":                           "AWS::WAFv2::IPSet",
	"wafv2:rulegroup":                       "AWS::WAFv2::RuleGroup",
	"wafv2:webacl":                          "AWS::WAFv2::WebACL",
	"workspaces:workspace":                  "AWS::WorkSpaces::Workspace",
}

// typeOf returns the AWS Config resource type of an ARN, or, for an ARN
// shape the table does not know, a descriptive type such as
// "arn:aws:foo:widget" that names the service and kind, so that the resource
// is reported as unclassified rather than dropped. The partition is left out
// so that one type covers aws, aws-cn and aws-us-gov.
func (a arn) typeOf() string {
	k := a.kind()
	if t, ok := arnTypes[a.service+":"+k]; ok {
		return t
	}
	if k == "" {
		return "arn:aws:" + a.service
	}
	return "arn:aws:" + a.service + ":" + k
}

// name returns the last part of the ARN's resource: a bucket's name, an
// instance's ID.
func (a arn) name() string {
	r := strings.TrimRight(a.resource, "/:*")
	return r[strings.LastIndexAny(r, "/:")+1:]
}
