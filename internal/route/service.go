package route

import (
	"sort"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/classify"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/inventory"
)

// services finds the catalog service a finding's resource is an instance
// of, from the resource type in whichever vocabulary the tool wrote it, the
// tool's name for the service, or the shape of the resource's identifier.
type services struct {
	cat   *onus.Catalog
	cl    *classify.Classifier
	cache map[string]*onus.Service
	buf   []byte
	// last remembers the previous lookup: findings come check by check,
	// so the same type follows itself.
	lastProvider, lastType, lastService string
	lastSvc                             *onus.Service
	lastOK                              bool
}

// maxServiceCache bounds the service cache; its keys are a provider, a
// type and a service name, which repeat.
const maxServiceCache = 1 << 14

func newServices(cat *onus.Catalog) (*services, error) {
	cl, err := classify.New(cat)
	if err != nil {
		return nil, err
	}
	return &services{cat: cat, cl: cl, cache: map[string]*onus.Service{}}, nil
}

// of returns the service of a finding's resource, or nil.
func (s *services) of(f *findings.Finding) *onus.Service {
	res := &f.Resource
	provider := providerOf(res)
	if s.lastOK && provider == s.lastProvider && res.Type == s.lastType && res.Service == s.lastService {
		if s.lastSvc != nil {
			return s.lastSvc
		}
		return s.fromID(res.ID)
	}
	b := append(s.buf[:0], provider...)
	b = append(b, 0)
	b = append(b, res.Type...)
	b = append(b, 0)
	b = append(b, res.Service...)
	s.buf = b
	svc, ok := s.cache[string(b)]
	if !ok {
		svc = s.fromType(res.Type)
		if svc == nil {
			svc = s.fromToolService(provider, res.Service)
		}
		if svc == nil && accountTypes[strings.ToLower(res.Type)] {
			svc = s.cat.Service(accountServices[provider])
		}
		if len(s.cache) >= maxServiceCache {
			clear(s.cache)
		}
		s.cache[string(b)] = svc
	}
	s.lastProvider, s.lastType, s.lastService, s.lastSvc, s.lastOK = provider, res.Type, res.Service, svc, true
	if svc == nil {
		svc = s.fromID(res.ID)
	}
	return svc
}

// providerOf returns the cloud of a finding's resource: as the tool says,
// or as its identifier shows.
func providerOf(res *findings.Resource) string {
	if res.Provider != "" {
		return strings.ToLower(res.Provider)
	}
	switch id := res.ID; {
	case strings.HasPrefix(id, "arn:"), strings.HasPrefix(id, "AWS::::Account:"):
		return "aws"
	case isAzureID(id):
		return "azure"
	case strings.HasPrefix(id, "//") || strings.HasPrefix(id, "projects/"):
		return "gcp"
	}
	return ""
}

// fromType classifies a resource type written in any of the vocabularies
// tools use.
func (s *services) fromType(t string) *onus.Service {
	switch {
	case t == "":
		return nil
	case strings.Contains(t, "::"):
		return s.cl.Classify(inventory.CloudFormation, t, nil)
	case strings.HasPrefix(t, "Microsoft.") || strings.HasPrefix(t, "microsoft."):
		return s.cl.Classify(inventory.ARM, t, nil)
	case strings.Contains(t, ".googleapis.com/"):
		return s.cl.Classify(inventory.CAI, t, nil)
	case isTerraformType(t):
		return s.cl.Classify(inventory.Terraform, t, nil)
	}
	if cfn := asffToCloudFormation(t); cfn != "" {
		return s.cl.Classify(inventory.CloudFormation, cfn, nil)
	}
	return nil
}

func isTerraformType(t string) bool {
	for _, p := range []string{"aws_", "azurerm_", "azuread_", "google_", "kubernetes_", "helm_"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// asffServices maps the service part of ASFF resource types (AwsEc2Instance,
// AwsRdsDbInstance) to the CloudFormation namespace of the same service,
// where the two differ in more than case. Source: the ASFF resource types
// listed in the AWS Security Hub User Guide ("Resources" attribute) against
// the CloudFormation resource type reference.
var asffServices = map[string]string{
	"Elb": "ElasticLoadBalancing", "Elbv2": "ElasticLoadBalancingV2", "OpenSearchService": "OpenSearchService",
	"Elasticsearch": "Elasticsearch", "CertificateManager": "CertificateManager", "Waf": "WAF",
	"WafRegional": "WAFRegional", "WafV2": "WAFv2", "EventBridge": "Events", "Msk": "MSK", "Sagemaker": "SageMaker",
	"DynamoDb": "DynamoDB", "Ec2": "EC2", "Ecr": "ECR", "Ecs": "ECS", "Eks": "EKS", "Efs": "EFS", "Iam": "IAM",
	"Kms": "KMS", "Rds": "RDS", "S3": "S3", "Sns": "SNS", "Sqs": "SQS", "Ssm": "SSM", "Dms": "DMS", "Emr": "EMR",
	"Lambda": "Lambda", "CloudTrail": "CloudTrail", "CloudFront": "CloudFront", "CloudWatch": "CloudWatch",
	"CloudFormation": "CloudFormation", "ApiGateway": "ApiGateway", "ApiGatewayV2": "ApiGatewayV2",
	"AppSync": "AppSync", "AutoScaling": "AutoScaling", "Backup": "Backup", "CodeBuild": "CodeBuild",
	"ElastiCache": "ElastiCache", "ElasticBeanstalk": "ElasticBeanstalk", "GuardDuty": "GuardDuty",
	"Kinesis": "Kinesis", "NetworkFirewall": "NetworkFirewall", "Redshift": "Redshift", "Route53": "Route53",
	"SecretsManager": "SecretsManager", "StepFunction": "StepFunctions", "Athena": "Athena",
	"Logs": "Logs", "Xray": "XRay", "Glue": "Glue", "Cognito": "Cognito", "MemoryDb": "MemoryDB",
	"DocumentDb": "DocDB", "Neptune": "Neptune", "Transfer": "Transfer", "Batch": "Batch", "Kafka": "MSK",
}

// asffPrefixes are asffServices' keys, longest first, so that "Elbv2"
// wins over "Elb".
var asffPrefixes = func() []string {
	keys := make([]string, 0, len(asffServices))
	for k := range asffServices {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}()

// asffToCloudFormation turns an ASFF resource type into the CloudFormation
// type of the same resource: AwsS3Bucket into AWS::S3::Bucket. It returns
// "" for types that are not about one AWS service (AwsAccount, Container,
// Other).
func asffToCloudFormation(t string) string {
	rest, ok := strings.CutPrefix(t, "Aws")
	if !ok || rest == "" {
		return ""
	}
	for _, p := range asffPrefixes {
		resource, ok := strings.CutPrefix(rest, p)
		if !ok || resource == "" || resource[0] < 'A' || resource[0] > 'Z' {
			continue
		}
		return "AWS::" + asffServices[p] + "::" + resource
	}
	return ""
}

// toolServices maps the names tools give cloud services (Prowler's service
// names, which Trivy and others share) to catalog services, where
// "provider:name" is not already the catalog's ID. Source: the service
// folders of Prowler's providers (prowler/providers/*/services).
var toolServices = map[string]string{
	"aws:awslambda": "aws:lambda", "aws:elbv2": "aws:elb", "aws:apigatewayv2": "aws:api-gateway",
	"aws:apigateway": "aws:api-gateway", "aws:securityhub": "aws:security-hub", "aws:secretsmanager": "aws:secrets-manager",
	"aws:ssm": "aws:systems-manager", "aws:ssmincidents": "aws:systems-manager", "aws:wafv2": "aws:waf",
	"aws:wafregional": "aws:waf", "aws:inspector2": "aws:inspector", "aws:accessanalyzer": "aws:iam",
	"aws:kinesis": "aws:kinesis-data-streams", "aws:firehose": "aws:data-firehose", "aws:networkfirewall": "aws:network-firewall",
	"aws:directoryservice": "aws:directory-service", "aws:stepfunctions": "aws:step-functions", "aws:kafka": "aws:msk",
	"aws:drs": "aws:elastic-disaster-recovery", "aws:trustedadvisor": "aws:support", "aws:resourceexplorer2": "aws:resource-explorer",
	"aws:servicecatalog": "aws:service-catalog", "aws:autoscaling": "aws:ec2", "aws:dlm": "aws:ebs", "aws:account": "aws:organizations",
	"aws:opensearchservice": "aws:opensearch", "aws:elasticbeanstalk": "aws:elastic-beanstalk", "aws:storagegateway": "aws:storage-gateway",
	"aws:transfer": "aws:transfer-family", "aws:documentdb": "aws:documentdb", "aws:cloudwatchlogs": "aws:cloudwatch-logs",
	"aws:logs": "aws:cloudwatch-logs", "aws:eventbridge": "aws:eventbridge", "aws:events": "aws:eventbridge",
	"aws:codeartifact": "aws:codeartifact", "aws:appstream": "aws:appstream", "aws:bedrock": "aws:bedrock",
	"azure:keyvault": "azure:key-vault", "azure:sqlserver": "azure:sql", "azure:network": "azure:virtual-network",
	"azure:vm": "azure:virtual-machines", "azure:defender": "azure:defender-for-cloud", "azure:iam": "azure:rbac",
	"azure:app": "azure:app-service", "azure:appinsights": "azure:monitor", "azure:cosmosdb": "azure:cosmos-db",
	"azure:containerregistry": "azure:container-registry", "azure:aisearch": "azure:ai-search", "azure:search": "azure:ai-search",
	"azure:postgresql": "azure:postgresql", "azure:mysql": "azure:mysql", "azure:policy": "azure:policy",
	"azure:monitor": "azure:monitor", "azure:storage": "azure:storage", "azure:aks": "azure:aks", "azure:databricks": "azure:databricks",
	"azure:apim":  "azure:api-management",
	"gcp:compute": "gcp:compute-engine", "gcp:cloudstorage": "gcp:cloud-storage", "gcp:cloudsql": "gcp:cloud-sql",
	"gcp:logging": "gcp:cloud-logging", "gcp:dns": "gcp:cloud-dns", "gcp:networking": "gcp:vpc",
	"gcp:cloudresourcemanager": "gcp:resource-manager", "gcp:artifacts": "gcp:artifact-registry",
	"gcp:monitoring": "gcp:cloud-monitoring", "gcp:secretmanager": "gcp:secret-manager", "gcp:apikeys": "gcp:iam",
	"gcp:gke": "gcp:gke", "gcp:bigquery": "gcp:bigquery", "gcp:kms": "gcp:kms", "gcp:iam": "gcp:iam",
	"gcp:dataproc": "gcp:dataproc", "gcp:cloudfunctions": "gcp:cloud-functions", "gcp:cloudrun": "gcp:cloud-run",
}

// fromToolService maps a tool's service name on a provider to a catalog
// service.
func (s *services) fromToolService(provider, name string) *onus.Service {
	if provider == "" || name == "" {
		return nil
	}
	k := provider + ":" + strings.ToLower(name)
	if id, ok := toolServices[k]; ok {
		return s.cat.Service(id)
	}
	return s.cat.Service(k)
}

// accountTypes are the resource types tools give findings about a whole
// account, subscription or project: the CIS benchmarks' account settings,
// a cloud's security services left off.
var accountTypes = map[string]bool{
	"awsaccount": true, "aws::::account": true, "account": true, "subscription": true, "project": true,
	"microsoft.resources/subscriptions": true, "cloudresourcemanager.googleapis.com/project": true,
}

// accountServices are the catalog services whose customer side is an
// account's own settings, per cloud: findings about the account route as
// findings about them.
var accountServices = map[string]string{"aws": "aws:organizations", "azure": "azure:resource-manager", "gcp": "gcp:resource-manager"}

// fromID classifies a resource by its identifier: an ARN's service and
// resource type, an Azure resource ID's ARM type, a GCP name's host and
// collection.
func (s *services) fromID(id string) *onus.Service {
	if strings.HasPrefix(id, "AWS::::Account:") {
		return s.cat.Service(accountServices["aws"])
	}
	if a, ok := parseARN(id); ok {
		switch t := a.resourceType(); {
		case a.service == "ec2" && (t == "security-group" || t == "vpc" || t == "subnet" || t == "network-acl" || t == "network-interface"):
			return s.cat.Service("aws:vpc")
		case a.service == "ec2" && (t == "volume" || t == "snapshot"):
			return s.cat.Service("aws:ebs")
		}
		return s.fromToolService("aws", a.service)
	}
	if t := azureType(id); t != "" && isAzureID(id) {
		return s.cl.Classify(inventory.ARM, t, nil)
	}
	if t := gcpType(id); t != "" {
		return s.cl.Classify(inventory.CAI, t, nil)
	}
	return nil
}
