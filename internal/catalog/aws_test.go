package catalog

import (
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

func TestAWSServiceCount(t *testing.T) {
	services := servicesOf(builtinForTest(t), "aws")
	t.Logf("%d AWS services", len(services))
	if len(services) < 60 {
		t.Errorf("the built-in catalog has %d AWS services, want at least 60", len(services))
	}
}

// Every AWS entry says what it is, where its facts come from and when they
// were read, and how to recognise its resources.
func TestAWSServiceEntries(t *testing.T) {
	for _, s := range servicesOf(builtinForTest(t), "aws") {
		if !strings.HasPrefix(s.ID, "aws:") {
			t.Errorf("%s: ID does not start with aws:", s.ID)
		}
		if s.Name == "" || s.Category == "" || s.Description == "" {
			t.Errorf("%s: name %q, category %q, description %q; want all three", s.ID, s.Name, s.Category, s.Description)
		}
		if !strings.HasPrefix(s.Source.URL, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: source URL %q, want a page of docs.aws.amazon.com", s.ID, s.Source.URL)
		}
		if s.Source.Title == "" {
			t.Errorf("%s: source has no title", s.ID)
		}
		if got := s.Source.Date.String(); got != entryDate {
			t.Errorf("%s: source date %s, want %s", s.ID, got, entryDate)
		}
		if len(s.Resources.Terraform)+len(s.Resources.CloudFormation) == 0 {
			t.Errorf("%s: no Terraform or CloudFormation resource rules", s.ID)
		}
	}
}

// Tools are for the layers the customer holds or shares: a tool listed for a
// layer AWS holds alone, or for one that does not exist, is a mistake.
func TestAWSToolsFitLayers(t *testing.T) {
	c := builtinForTest(t)
	services := servicesOf(c, "aws")
	for _, s := range services {
		if len(s.Tools[onus.LayerIdentity]) == 0 {
			t.Errorf("%s: no tools for the identity layer", s.ID)
		}
		if len(s.Tools[onus.LayerMonitoring]) == 0 {
			t.Errorf("%s: no tools for the monitoring layer", s.ID)
		}
	}
	checkToolsFitLayers(t, c, services)
}

func TestAWSModels(t *testing.T) {
	checkModels(t, builtinForTest(t), []modelCase{
		{"aws:ec2", onus.IaaS},
		{"aws:ebs", onus.IaaS},
		{"aws:vpc", onus.IaaS},
		{"aws:ecs", onus.CaaS},
		{"aws:ecs-fargate", onus.CaaS},
		{"aws:eks", onus.CaaS},
		{"aws:eks-fargate", onus.CaaS},
		{"aws:rds", onus.PaaS},
		{"aws:s3", onus.PaaS},
		{"aws:dynamodb", onus.PaaS},
		{"aws:elastic-beanstalk", onus.PaaS},
		{"aws:lambda", onus.FaaS},
		{"aws:step-functions", onus.FaaS},
		{"aws:iam", onus.SaaS},
		{"aws:guardduty", onus.SaaS},
		{"aws:connect", onus.SaaS},
	})
}

// Spot checks of who holds a layer.
func TestAWSLayerFacts(t *testing.T) {
	checkOwners(t, builtinForTest(t), []ownerCase{
		{"aws:rds", onus.LayerOS, onus.Provider},
		{"aws:rds", onus.LayerMiddleware, onus.Shared},
		{"aws:rds", onus.LayerData, onus.Customer},
		{"aws:rds-custom", onus.LayerOS, onus.Shared},
		{"aws:aurora", onus.LayerOS, onus.Provider},
		{"aws:ec2", onus.LayerOS, onus.Customer},
		{"aws:ec2", onus.LayerVirtualization, onus.Shared},
		{"aws:ec2", onus.LayerHardware, onus.Provider},
		{"aws:lambda", onus.LayerOS, onus.Provider},
		{"aws:lambda", onus.LayerCode, onus.Customer},
		{"aws:lambda", onus.LayerNetworkControls, onus.Shared},
		{"aws:s3", onus.LayerContainers, onus.NotApplicable},
		{"aws:s3", onus.LayerData, onus.Customer},
		{"aws:s3", onus.LayerNetworkControls, onus.Shared},
		{"aws:s3", onus.LayerOS, onus.Provider},
		// ECS: on EC2 the customer patches the container instances; on
		// Fargate AWS does.
		{"aws:ecs", onus.LayerOS, onus.Shared},
		{"aws:ecs-fargate", onus.LayerOS, onus.Provider},
		{"aws:ecs", onus.LayerContainers, onus.Customer},
		{"aws:ecs-fargate", onus.LayerContainers, onus.Customer},
		{"aws:ecs-fargate", onus.LayerVirtualization, onus.Provider},
		// EKS: the same split between managed nodes and Fargate pods.
		{"aws:eks", onus.LayerOS, onus.Shared},
		{"aws:eks-fargate", onus.LayerOS, onus.Provider},
		{"aws:eks", onus.LayerNetworkControls, onus.Customer},
		{"aws:vpc", onus.LayerOS, onus.NotApplicable},
		{"aws:vpc", onus.LayerNetworkControls, onus.Customer},
		{"aws:outposts", onus.LayerPhysical, onus.Shared},
		{"aws:iot-greengrass", onus.LayerPhysical, onus.Customer},
		{"aws:storage-gateway", onus.LayerHardware, onus.Customer},
		{"aws:iam", onus.LayerIdentity, onus.Customer},
		{"aws:iam", onus.LayerIdentityInfrastructure, onus.Shared},
		{"aws:kms", onus.LayerHardware, onus.Provider},
		{"aws:kms", onus.LayerData, onus.Customer},
		{"aws:guardduty", onus.LayerIncidentResponse, onus.Customer},
		{"aws:direct-connect", onus.LayerNetworkInfrastructure, onus.Shared},
		{"aws:workspaces", onus.LayerOS, onus.Customer},
		{"aws:client-vpn", onus.LayerEndpoints, onus.Customer},
	})
}

// A layer that does not exist for a service says why, so that reports can
// show it.
func TestAWSNotApplicableLayersHaveNotes(t *testing.T) {
	for _, s := range servicesOf(builtinForTest(t), "aws") {
		for l, r := range s.Layers {
			if r.Owner == onus.NotApplicable && strings.TrimSpace(r.Note) == "" {
				t.Errorf("%s: layer %s is n/a without a note", s.ID, l)
			}
		}
	}
}
