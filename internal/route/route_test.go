package route

import (
	"strings"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

func TestRoute(t *testing.T) {
	r := newTestRouter(t)
	observed := time.Date(2026, 2, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    findings.Finding
		// want
		bucket Bucket
		party  string
		method Method
		layer  onus.Layer
		rule   string
		due    time.Time
		dueBy  string
		reason string // a substring of the reason
		others string
	}{
		{
			name: "ARN, exactly",
			f: findings.Finding{Tool: "Prowler", Check: "s3_bucket_default_encryption", Severity: onus.High, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs", Type: "AwsS3Bucket"}},
			bucket: Queue, party: "data-team", method: MethodARN, layer: onus.LayerData, rule: "check-encryption",
			due: testNow.AddDate(0, 0, 7), dueBy: "default for high (7d)",
		},
		{
			name: "ARN by account and resource ID",
			f: findings.Finding{Tool: "Prowler", Check: "ec2_instance_imdsv2_enabled", Severity: onus.Medium, Status: findings.Fail, Observed: observed,
				Resource: findings.Resource{ID: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc123", Type: "AwsEc2Instance"}},
			bucket: Queue, party: "platform", method: MethodARN, layer: onus.LayerVirtualization, rule: "check-instance-metadata",
			due: observed.AddDate(0, 0, 30), dueBy: "default for medium (30d)",
		},
		{
			name: "bare resource ID with account, against an ARN",
			f: findings.Finding{Tool: "Trivy", Check: "AVD-AWS-0086", Title: "S3 Access block should block public ACL", Severity: onus.Low, Status: findings.Fail,
				Resource: findings.Resource{ID: "acme-logs", Account: "111111111111"}},
			bucket: Queue, party: "data-team", method: MethodARN, layer: onus.LayerData, rule: "title-storage-public",
			due: testNow.AddDate(0, 0, 90), dueBy: "default for low (90d)",
		},
		{
			name: "Terraform address",
			f: findings.Finding{Tool: "Checkov", Check: "CKV_AWS_91", Title: "Ensure the ELBv2 (Application/Network) has access logging enabled", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{Address: "module.web.aws_lb.main", Type: "aws_lb"}},
			bucket: Queue, party: "watchtower", method: MethodAddress, layer: onus.LayerMonitoring, rule: "title-logging",
			due: testNow.AddDate(0, 0, 30), dueBy: "default for medium (30d)",
		},
		{
			name: "MSSP clause sets the due date of a high finding",
			f: findings.Finding{Tool: "Prowler", Check: "rds_instance_enhanced_monitoring_enabled", Severity: onus.High, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
			bucket: Queue, party: "watchtower", method: MethodARN, layer: onus.LayerMonitoring, rule: "check-logging",
			due: testNow.Add(time.Hour), dueBy: "agreement watchtower-mdr/monitoring (response 1h)",
		},
		{
			name: "Azure ID, case-insensitively",
			f: findings.Finding{Tool: "Prowler", Check: "sqlserver_auditing_enabled", Severity: onus.Critical, Status: findings.Fail,
				Resource: findings.Resource{ID: "/subscriptions/22222222-2222-2222-2222-222222222222/resourcegroups/rg-data/providers/microsoft.sql/servers/orders-sql/"}},
			bucket: Queue, party: "platform", method: MethodAzure, layer: onus.LayerMonitoring, rule: "check-logging",
			due: testNow.AddDate(0, 0, 1), dueBy: "default for critical (1d)",
		},
		{
			name: "GCP self-link",
			f: findings.Finding{Tool: "Prowler", Check: "compute_instance_public_ip", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{ID: "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instances/vm-1"}},
			bucket: Queue, party: "platform", method: MethodGCP, layer: onus.LayerNetworkControls, rule: "check-network",
			due: testNow.AddDate(0, 0, 30), dueBy: "default for medium (30d)",
		},
		{
			name: "Kubernetes object",
			f: findings.Finding{Tool: "Trivy", Check: "KSV-0001", Title: "Can elevate its own privileges", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{Namespace: "shop", Name: "checkout", Type: "Deployment"}},
			bucket: Queue, party: "k8s-team", method: MethodKubernetes, layer: onus.LayerContainers, rule: "kubernetes-workload-checks",
			due: testNow.AddDate(0, 0, 30), dueBy: "default for medium (30d)",
		},
		{
			name: "provider case with the provider's clause",
			f: findings.Finding{Tool: "Prowler", Check: "rds_instance_deprecated_engine_version", Severity: onus.High, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
			bucket: ProviderCase, party: "aws", method: MethodARN, layer: onus.LayerMiddleware, rule: "check-versions",
			due: testNow.Add(4 * time.Hour), dueBy: "agreement aws-support/rds-engine (response 4h)",
		},
		{
			name: "duplicate owners: the first, noting the other",
			f: findings.Finding{Tool: "Prowler", Check: "rds_instance_iam_authentication_enabled", Severity: onus.Low, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
			bucket: Queue, party: "dba", method: MethodARN, layer: onus.LayerIdentity, rule: "check-iam",
			due: testNow.AddDate(0, 0, 90), dueBy: "default for low (90d)", others: "platform",
		},
		{
			name: "account and service agree",
			f: findings.Finding{Tool: "Prowler", Check: "awslambda_function_no_secrets_in_variables", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:lambda:eu-west-1:333333333333:function:fn-c", Type: "AwsLambdaFunction", Account: "333333333333"}},
			bucket: Queue, party: "platform", method: MethodAccountService, layer: onus.LayerApplication, rule: "check-application",
			due: testNow.AddDate(0, 0, 30), dueBy: "default for medium (30d)",
		},
		{
			name: "account and service disagree",
			f: findings.Finding{Tool: "Prowler", Check: "ec2_instance_managed_by_ssm", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:ec2:eu-west-1:444444444444:instance/i-0fff", Type: "AwsEc2Instance"}},
			bucket: Unroutable, method: MethodAccountService, layer: onus.LayerOS, rule: "check-patching",
			reason: "disagree on the Operating system layer (owner web-team; owner batch-team)",
		},
		{
			name: "inferred from the model's rules",
			f: findings.Finding{Tool: "Prowler", Check: "s3_bucket_level_public_access_block", Severity: onus.High, Status: findings.Fail,
				Resource: findings.Resource{ID: "arn:aws:s3:::someone-elses", Type: "AwsS3Bucket", Account: "999999999999"}},
			bucket: Queue, party: "data-team", method: MethodInferred, layer: onus.LayerData, rule: "check-storage-public",
			due: testNow.AddDate(0, 0, 7), dueBy: "default for high (7d)",
		},
		{
			name: "SaaS layer nobody owns",
			f: findings.Finding{Tool: "Scanner", Check: "github-branch-protection", Title: "Branch protection", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{ID: "acme-github"}},
			bucket: Unroutable, method: MethodAssetID, layer: onus.LayerCode, rule: "check-code",
			reason: "no team, vendor or managed-service provider is named",
		},
		{
			name: "nothing matches and the type is unknown",
			f: findings.Finding{Tool: "Scanner", Check: "x", Severity: onus.Medium, Status: findings.Fail,
				Resource: findings.Resource{ID: "mystery", Type: "Widget"}},
			bucket: Unroutable, layer: onus.LayerConfiguration, rule: FallbackRule,
			reason: `no asset matches "mystery", and its resource type "Widget" maps to no catalog service`,
		},
		{
			name: "passed checks are evidence",
			f: findings.Finding{Tool: "Prowler", Check: "s3_bucket_default_encryption", Severity: onus.High, Status: findings.Pass,
				Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs"}},
			bucket: Evidence, party: "data-team", method: MethodARN, layer: onus.LayerData, rule: "check-encryption",
		},
		{
			name: "suppressed findings are counted only",
			f: findings.Finding{Tool: "Prowler", Check: "s3_bucket_default_encryption", Severity: onus.High, Status: findings.Skipped,
				Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs"}},
			bucket: Suppressed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := r.Route(&tt.f)
			party := ""
			if d.Party != nil {
				party = d.Party.ID
			}
			var others []string
			for _, p := range d.Others {
				others = append(others, p.ID)
			}
			if d.Bucket != tt.bucket || party != tt.party || d.Method != tt.method || d.Layer != tt.layer || d.Rule != tt.rule {
				t.Errorf("got %s to %q by %q, layer %q by rule %q (%s); want %s to %q by %q, layer %q by rule %q",
					d.Bucket, party, d.Method, d.Layer, d.Rule, d.Reason, tt.bucket, tt.party, tt.method, tt.layer, tt.rule)
			}
			if !d.Due.Equal(tt.due) || d.DueBy != tt.dueBy {
				t.Errorf("due %v by %q, want %v by %q", d.Due, d.DueBy, tt.due, tt.dueBy)
			}
			if !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("reason %q, want it to contain %q", d.Reason, tt.reason)
			}
			if got := strings.Join(others, ","); got != tt.others {
				t.Errorf("others %q, want %q", got, tt.others)
			}
		})
	}
}
