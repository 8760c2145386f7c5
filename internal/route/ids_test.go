package route

import (
	"testing"
)

func TestParseARN(t *testing.T) {
	tests := []struct {
		in                                string
		ok                                bool
		service, account, resourceID, typ string
	}{
		{"arn:aws:s3:::acme-logs", true, "s3", "", "acme-logs", ""},
		{"arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc", true, "ec2", "111111111111", "i-0abc", "instance"},
		{"arn:aws:rds:eu-west-1:111111111111:db:orders", true, "rds", "111111111111", "orders", "db"},
		{"arn:aws-us-gov:iam::111111111111:user/path/alice", true, "iam", "111111111111", "alice", "user"},
		{"arn:aws:s3:::", false, "", "", "", ""},
		{"arn:aws", false, "", "", "", ""},
		{"i-0abc", false, "", "", "", ""},
	}
	for _, tt := range tests {
		a, ok := parseARN(tt.in)
		if ok != tt.ok || a.service != tt.service || a.account != tt.account || a.resourceID() != tt.resourceID || a.resourceType() != tt.typ {
			t.Errorf("parseARN(%q) = %+v (%q, %q), %v; want service %q account %q id %q type %q, %v",
				tt.in, a, a.resourceID(), a.resourceType(), ok, tt.service, tt.account, tt.resourceID, tt.typ, tt.ok)
		}
	}
}

func TestAzureKey(t *testing.T) {
	a, ok1 := azureKey("/subscriptions/AB/resourceGroups/RG/providers/Microsoft.Sql/servers/S/")
	b, ok2 := azureKey("/subscriptions/ab/resourcegroups/rg/providers/microsoft.sql/servers/s")
	if !ok1 || !ok2 || a != b {
		t.Errorf("keys %q and %q differ", a, b)
	}
	if _, ok := azureKey("projects/p"); ok {
		t.Error("a GCP path is not an Azure ID")
	}
	if got := azureType("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Sql/servers/s/databases/d"); got != "Microsoft.Sql/servers/databases" {
		t.Errorf("azureType = %q", got)
	}
	if got := azureSubscription("/subscriptions/x-1/resourceGroups/rg"); got != "x-1" {
		t.Errorf("azureSubscription = %q", got)
	}
}

func TestGCPKey(t *testing.T) {
	vm := "projects/p/zones/z/instances/vm"
	bucket := "buckets/b"
	tests := []struct{ in, want string }{
		{"//compute.googleapis.com/projects/p/zones/z/instances/vm", vm},
		{"https://www.googleapis.com/compute/v1/projects/p/zones/z/instances/vm", vm},
		{"https://compute.googleapis.com/compute/v1/projects/p/zones/z/instances/vm/", vm},
		{"projects/p/zones/z/instances/vm", vm},
		{"//storage.googleapis.com/b", bucket},
		{"//storage.googleapis.com/projects/_/buckets/b", bucket},
		{"https://www.googleapis.com/storage/v1/b/b", bucket},
		{"projects/_/buckets/b", bucket},
		{"//example.com/projects/p", ""},
		{"https://evil.example/projects/p", ""},
		{"arn:aws:s3:::b", ""},
	}
	for _, tt := range tests {
		got, ok := gcpKey(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("gcpKey(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if got := gcpProject(vm); got != "p" {
		t.Errorf("gcpProject = %q", got)
	}
	if got := gcpType("//iam.googleapis.com/projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com"); got != "iam.googleapis.com/ServiceAccount" {
		t.Errorf("gcpType = %q", got)
	}
	if got := gcpType("//compute.googleapis.com/projects/p/global/firewalls/fw"); got != "compute.googleapis.com/Firewall" {
		t.Errorf("gcpType = %q", got)
	}
}

func TestKubeKind(t *testing.T) {
	for in, want := range map[string]string{"apps/Deployment": "deployment", "Deployment": "deployment", "KubernetesPod": "pod", "core/Namespace": "namespace", "Kubernetes": "kubernetes"} {
		if got := kubeKind(in); got != want {
			t.Errorf("kubeKind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestASFFToCloudFormation(t *testing.T) {
	for in, want := range map[string]string{
		"AwsS3Bucket": "AWS::S3::Bucket", "AwsEc2SecurityGroup": "AWS::EC2::SecurityGroup", "AwsRdsDbInstance": "AWS::RDS::DbInstance",
		"AwsElbv2LoadBalancer": "AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsElbLoadBalancer": "AWS::ElasticLoadBalancing::LoadBalancer",
		"AwsIamUser": "AWS::IAM::User", "AwsAccount": "", "Container": "", "Aws": "",
	} {
		if got := asffToCloudFormation(in); got != want {
			t.Errorf("asffToCloudFormation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyIsStable(t *testing.T) {
	// Delivery state files hold keys: the hash must never change.
	f := testFinding("Prowler", "s3_bucket_default_encryption", "arn:aws:s3:::acme-logs")
	if got, want := FormatKey(Key(f)), "003d387af4488e02"; got != want {
		t.Errorf("key %s, want %s: the key hash changed, and state files would resend everything", got, want)
	}
	g := testFinding("Prowler", "s3_bucket_default_encryption", "arn:aws:s3:::acme-log")
	g.Resource.Name = "s"
	if Key(f) == Key(g) {
		t.Error("moving a byte from one field to the next gives the same key")
	}
	k, ok := ParseKey(FormatKey(Key(f)))
	if !ok || k != Key(f) {
		t.Errorf("ParseKey(FormatKey(k)) = %x, %v", k, ok)
	}
}
