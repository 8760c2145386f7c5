package gen

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// OCSF describes a file of security findings to generate in OCSF, as
// Prowler 5 writes its .ocsf.json: one JSON array of Detection Findings
// (class 2004), indented by two spaces as Prowler's example outputs are,
// for AWS, Azure, GCP and
// Kubernetes checks with real check IDs, resources named the way each
// cloud names them (ARNs, Azure resource IDs, GCP resource names,
// Kubernetes UIDs), owner tags, resource metadata and remediation text. A
// finding is about 3.5 KB, like Prowler's. The same seed always gives the
// same file.
type OCSF struct {
	Findings int
	Seed     uint64
	// Estate, when set, makes each finding of an AWS, Azure or GCP check
	// about one of the estate's assets on that cloud (its ID, account,
	// region and tags), so that routing the file against the estate's
	// model finds the assets. Kubernetes findings keep generated objects.
	Estate *Estate
}

// ocsfCheck is a Prowler check the generator reports on.
type ocsfCheck struct {
	provider, id, service, resourceType, kind string
	severity                                  int // OCSF severity_id
	title, risk, remediation, url             string
	categories, types                         []string
}

// ocsfChecks are real Prowler check IDs with their services and resource
// types; the texts are written for this generator.
var ocsfChecks = []ocsfCheck{
	{"aws", "s3_bucket_default_encryption", "s3", "AwsS3Bucket", "s3", 3, "S3 bucket has default encryption at rest enabled",
		"Objects written without encryption can be read from the underlying storage or a leaked backup.",
		"Turn on default encryption with SSE-S3 or SSE-KMS for the bucket.", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
		[]string{"encryption"}, []string{"Data Protection"}},
	{"aws", "s3_bucket_level_public_access_block", "s3", "AwsS3Bucket", "s3", 4, "S3 bucket blocks public access at the bucket level",
		"A bucket without a public access block can be opened to the internet by one policy change.",
		"Enable all four Block Public Access settings on the bucket.", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
		[]string{"internet-exposed"}, []string{"Effects/Data Exposure"}},
	{"aws", "s3_bucket_server_access_logging_enabled", "s3", "AwsS3Bucket", "s3", 3, "S3 bucket has server access logging enabled",
		"Without access logs, reads and deletions of sensitive objects leave no trace for an investigation.",
		"Enable server access logging to a dedicated log bucket.", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
		[]string{"logging", "forensics-ready"}, []string{"Logging and Monitoring"}},
	{"aws", "iam_root_mfa_enabled", "iam", "AwsIamUser", "root", 5, "Root account has multi-factor authentication enabled",
		"The root user can do anything in the account; a stolen password alone must not be enough to use it.",
		"Register a hardware or virtual MFA device for the root user and store it safely.", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_mfa.html",
		nil, []string{"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"}},
	{"aws", "iam_user_mfa_enabled_console_access", "iam", "AwsIamUser", "user", 4, "IAM user with console access has MFA enabled",
		"Console users without MFA are one phished password away from an account takeover.",
		"Require MFA for every IAM user with a console password, or move people to IAM Identity Center.", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
		nil, []string{"IAM"}},
	{"aws", "iam_policy_allows_privilege_escalation", "iam", "AwsIamPolicy", "policy", 4, "Customer-managed IAM policy does not allow privilege escalation",
		"A policy that lets a principal edit its own permissions turns any foothold into administrator access.",
		"Remove iam:PutUserPolicy, iam:AttachRolePolicy and similar actions, or scope them with conditions.", "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
		[]string{"privilege-escalation"}, []string{"IAM"}},
	{"aws", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", "ec2", "AwsEc2SecurityGroup", "sg", 5, "Security group does not allow SSH from the internet",
		"SSH open to 0.0.0.0/0 is scanned within minutes and invites brute-force and exploit attempts.",
		"Restrict port 22 to known addresses, or use Session Manager instead of SSH.", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
		[]string{"internet-exposed"}, []string{"Infrastructure Security"}},
	{"aws", "ec2_securitygroup_default_restrict_traffic", "ec2", "AwsEc2SecurityGroup", "sg", 3, "Default security group restricts all traffic",
		"Resources launched without a chosen group land in the default one and inherit whatever it allows.",
		"Remove every inbound and outbound rule from the default security group.", "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
		nil, []string{"Infrastructure Security"}},
	{"aws", "ec2_instance_imdsv2_enabled", "ec2", "AwsEc2Instance", "instance", 3, "EC2 instance requires IMDSv2",
		"Instance metadata reachable without a session token can leak role credentials through a request forgery flaw.",
		"Set HttpTokens to required on the instance's metadata options.", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
		nil, []string{"Infrastructure Security"}},
	{"aws", "ec2_ebs_volume_encryption", "ec2", "AwsEc2Volume", "volume", 3, "EBS volume is encrypted",
		"Unencrypted volumes and their snapshots expose data to anyone who can copy them.",
		"Create an encrypted copy of the volume and enable EBS encryption by default in the region.", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
		[]string{"encryption"}, []string{"Data Protection"}},
	{"aws", "rds_instance_storage_encrypted", "rds", "AwsRdsDbInstance", "rds", 4, "RDS instance storage is encrypted",
		"Database storage, its backups and its replicas are readable outside the engine when not encrypted.",
		"Restore the instance from an encrypted snapshot copy; encryption cannot be turned on in place.", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
		[]string{"encryption"}, []string{"Data Protection"}},
	{"aws", "rds_instance_backup_enabled", "rds", "AwsRdsDbInstance", "rds", 3, "RDS instance has automated backups enabled",
		"Without automated backups a deletion or corruption cannot be undone.",
		"Set a backup retention period of at least seven days.", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
		[]string{"resilience"}, []string{"Resilience"}},
	{"aws", "cloudtrail_multi_region_enabled", "cloudtrail", "AwsCloudTrailTrail", "trail", 4, "CloudTrail is enabled in every region",
		"API calls in a region without a trail go unrecorded, which attackers use to hide.",
		"Create a multi-region trail that delivers to a protected bucket.", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
		[]string{"logging", "forensics-ready"}, []string{"Logging and Monitoring"}},
	{"aws", "kms_cmk_rotation_enabled", "kms", "AwsKmsKey", "kms", 3, "Customer managed KMS key has rotation enabled",
		"Keys that never rotate widen the window in which a leaked key decrypts data.",
		"Enable automatic yearly rotation of the key material.", "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
		[]string{"encryption"}, []string{"Data Protection"}},
	{"aws", "awslambda_function_not_publicly_accessible", "awslambda", "AwsLambdaFunction", "lambda", 5, "Lambda function policy does not allow public invocation",
		"A function anyone can invoke runs attacker-chosen input with the function's role.",
		"Remove statements whose principal is * from the function's resource policy.", "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
		[]string{"internet-exposed"}, []string{"Infrastructure Security"}},
	{"aws", "eks_cluster_not_publicly_accessible", "eks", "AwsEksCluster", "eks", 4, "EKS cluster endpoint is not publicly accessible",
		"A public API server endpoint exposes the control plane to credential stuffing and exploits.",
		"Disable public endpoint access or restrict it to known CIDR blocks.", "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
		[]string{"internet-exposed", "cluster-security"}, []string{"Infrastructure Security"}},

	{"azure", "storage_secure_transfer_required_is_enabled", "storage", "Microsoft.Storage/storageAccounts", "storage", 4, "Storage account requires secure transfer",
		"Requests over plain HTTP can be read and altered on the way.",
		"Set supportsHttpsTrafficOnly to true on the storage account.", "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer",
		[]string{"encryption"}, nil},
	{"azure", "storage_ensure_minimum_tls_version_12", "storage", "Microsoft.Storage/storageAccounts", "storage", 3, "Storage account accepts TLS 1.2 or later only",
		"Old TLS versions have known weaknesses that let traffic be decrypted.",
		"Set the minimum TLS version of the account to TLS1_2.", "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version",
		[]string{"encryption"}, nil},
	{"azure", "keyvault_key_rotation_enabled", "keyvault", "Microsoft.KeyVault/vaults", "vault", 3, "Key Vault keys have a rotation policy",
		"Keys without rotation stay valid long after people and systems that knew them are gone.",
		"Add a rotation policy to every key in the vault.", "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
		[]string{"encryption"}, nil},
	{"azure", "sqlserver_auditing_enabled", "sqlserver", "Microsoft.Sql/servers", "sql", 3, "SQL server has auditing enabled",
		"Without auditing, queries against sensitive tables cannot be traced.",
		"Enable server-level auditing to a Log Analytics workspace or a storage account.", "https://learn.microsoft.com/azure/azure-sql/database/auditing-overview",
		[]string{"logging"}, nil},
	{"azure", "network_ssh_internet_access_restricted", "network", "Microsoft.Network/networkSecurityGroups", "nsg", 4, "Network security group denies SSH from the internet",
		"A rule that lets the internet reach port 22 exposes every VM behind the group.",
		"Remove inbound rules that allow port 22 from Any or Internet; use Azure Bastion.", "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
		[]string{"internet-exposed"}, nil},
	{"azure", "vm_ensure_using_managed_disks", "vm", "Microsoft.Compute/virtualMachines", "vm", 3, "Virtual machine uses managed disks",
		"Unmanaged disks live in storage accounts whose keys grant access to the raw disk.",
		"Convert the VM's disks to managed disks.", "https://learn.microsoft.com/azure/virtual-machines/windows/convert-unmanaged-to-managed-disks",
		[]string{"resilience"}, nil},
	{"azure", "aks_clusters_public_access_disabled", "aks", "Microsoft.ContainerService/managedClusters", "aks", 4, "AKS cluster API server is not publicly accessible",
		"A public API server can be reached by anyone holding a leaked kubeconfig.",
		"Create the cluster as a private cluster or restrict authorized IP ranges.", "https://learn.microsoft.com/azure/aks/private-clusters",
		[]string{"internet-exposed", "cluster-security"}, nil},
	{"azure", "defender_ensure_defender_for_storage_is_on", "defender", "AzureDefenderPlan", "defender", 4, "Defender for Storage is on",
		"Malware uploads and unusual access to storage go unnoticed without threat detection.",
		"Turn on the Defender for Storage plan for the subscription.", "https://learn.microsoft.com/azure/defender-for-cloud/defender-for-storage-introduction",
		[]string{"threat-detection"}, nil},

	{"gcp", "cloudstorage_bucket_public_access", "cloudstorage", "storage.googleapis.com/Bucket", "bucket", 5, "Cloud Storage bucket is not publicly accessible",
		"allUsers or allAuthenticatedUsers bindings publish the bucket's objects to the internet.",
		"Remove public members from the bucket's IAM policy and enforce public access prevention.", "https://cloud.google.com/storage/docs/public-access-prevention",
		[]string{"internet-exposed"}, nil},
	{"gcp", "cloudstorage_bucket_uniform_bucket_level_access", "cloudstorage", "storage.googleapis.com/Bucket", "bucket", 3, "Cloud Storage bucket uses uniform bucket-level access",
		"Object ACLs let single objects be shared in ways the bucket policy does not show.",
		"Enable uniform bucket-level access on the bucket.", "https://cloud.google.com/storage/docs/uniform-bucket-level-access",
		nil, nil},
	{"gcp", "compute_firewall_ssh_access_from_the_internet_allowed", "networking", "FirewallRule", "firewall", 5, "Firewall rule does not allow SSH from the internet",
		"An ingress rule for port 22 from 0.0.0.0/0 exposes every instance it targets.",
		"Narrow the rule's source ranges or use Identity-Aware Proxy for SSH.", "https://cloud.google.com/vpc/docs/firewalls",
		[]string{"internet-exposed"}, nil},
	{"gcp", "compute_instance_public_ip", "compute", "compute.googleapis.com/Instance", "gce", 4, "Compute Engine instance has no public IP address",
		"A public address makes the instance reachable from the internet whatever the firewall intends.",
		"Remove the external IP and reach the instance through Cloud NAT and IAP.", "https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address",
		[]string{"internet-exposed"}, nil},
	{"gcp", "cloudsql_instance_automated_backups", "cloudsql", "sqladmin.googleapis.com/Instance", "cloudsql", 3, "Cloud SQL instance has automated backups",
		"Without backups a dropped table or a ransomware attack is final.",
		"Enable automated backups and point-in-time recovery.", "https://cloud.google.com/sql/docs/postgres/backup-recovery/backups",
		[]string{"resilience"}, nil},
	{"gcp", "iam_sa_no_user_managed_keys", "iam", "iam.googleapis.com/ServiceAccount", "sa", 4, "Service account has no user-managed keys",
		"Downloaded service account keys never expire and are often committed to repositories.",
		"Delete user-managed keys and use workload identity federation.", "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",
		nil, nil},
	{"gcp", "gke_cluster_no_default_service_account", "gke", "container.googleapis.com/Cluster", "gke", 3, "GKE node pools do not use the default service account",
		"The Compute Engine default service account has the Editor role on the project.",
		"Create a least-privilege service account for the node pools.", "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster",
		[]string{"cluster-security"}, nil},
	{"gcp", "logging_sink_created", "logging", "Project", "project", 3, "A log sink exports all log entries",
		"Logs kept only in the default buckets expire before most investigations start.",
		"Create a sink for all log entries to a bucket with retention.", "https://cloud.google.com/logging/docs/export/configure_export_v2",
		[]string{"logging"}, nil},

	{"kubernetes", "apiserver_anonymous_requests", "apiserver", "KubernetesAPIServer", "apiserver", 4, "API server rejects anonymous requests",
		"Anonymous access lets anyone who reaches the API server probe it and use whatever the anonymous role allows.",
		"Start the API server with --anonymous-auth=false.", "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests",
		[]string{"trustboundaries"}, nil},
	{"kubernetes", "apiserver_audit_log_path_set", "apiserver", "KubernetesAPIServer", "apiserver", 4, "API server writes an audit log",
		"Without an audit log there is no record of who changed what in the cluster.",
		"Set --audit-log-path and an audit policy on the API server.", "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
		[]string{"logging"}, nil},
	{"kubernetes", "core_minimize_privileged_containers", "core", "Pod", "pod", 4, "Pods do not run privileged containers",
		"A privileged container can take over its node and everything scheduled on it.",
		"Remove privileged: true and grant only the capabilities the workload needs.", "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
		[]string{"container-security"}, nil},
	{"kubernetes", "core_minimize_root_containers_admission", "core", "Pod", "pod", 3, "Containers do not run as root",
		"A process running as root in a container is one kernel flaw away from root on the node.",
		"Set runAsNonRoot: true and a non-zero runAsUser in the pod's security context.", "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
		[]string{"container-security"}, nil},
	{"kubernetes", "rbac_minimize_wildcard_use_roles", "rbac", "ClusterRole", "role", 4, "Roles do not grant wildcard permissions",
		"A * in verbs or resources grants rights to objects that do not exist yet.",
		"Replace wildcards with the exact resources and verbs the subject needs.", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
		[]string{"trustboundaries"}, nil},
	{"kubernetes", "kubelet_disable_anonymous_auth", "kubelet", "KubeletConfiguration", "kubelet", 4, "Kubelet rejects anonymous requests",
		"An anonymous kubelet API lets anyone on the network list pods and run commands in them.",
		"Set authentication.anonymous.enabled to false in the kubelet configuration.", "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
		[]string{"cluster-security"}, nil},
	{"kubernetes", "etcd_tls_encryption", "etcd", "Pod", "etcd", 4, "etcd serves clients over TLS",
		"etcd holds every secret of the cluster; plaintext client traffic exposes them all.",
		"Set --cert-file and --key-file on etcd.", "https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/",
		[]string{"encryption"}, nil},
}

var (
	ocsfSeverityNames = [...]string{"Unknown", "Informational", "Low", "Medium", "High", "Critical"}
	ocsfRegions       = map[string][]string{
		"aws":        {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"},
		"azure":      {"westeurope", "northeurope", "eastus", "uksouth"},
		"gcp":        {"europe-west1", "us-central1", "asia-northeast1", "global"},
		"kubernetes": {"kube-system", "payments", "checkout", "platform", "default"},
	}
	ocsfAccountTypes = map[string]string{"aws": "AWS Account", "azure": "Azure AD Account", "gcp": "GCP Account"}
	ocsfAccountIDs   = map[string]int{"aws": 10, "azure": 6, "gcp": 5}
	ocsfWords        = strings.Fields("orders payments ledger search media auth billing reports events users inventory catalog analytics backup export gateway")
	ocsfEnvs         = []string{"prod", "prod", "staging", "dev"}
	ocsfCompliance   = []string{"CIS-2.0", "CIS-3.0", "ISO27001-2013", "SOC2", "NIST-800-53-Revision-5", "PCI-3.2.1", "GDPR", "HIPAA", "ENS-RD2022"}
)

// ocsfByProvider indexes ocsfChecks by cloud.
var ocsfByProvider = func() map[string][]int {
	m := map[string][]int{}
	for i, c := range ocsfChecks {
		m[c.provider] = append(m[c.provider], i)
	}
	return m
}()

// ocsfTime is when every generated scan ran.
var ocsfTime = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// ocsfScan is one Prowler scan: one account of one cloud (one cluster for
// Kubernetes). A file holds scans one after the other.
type ocsfScan struct {
	provider, account, accountName, env string
	n                                   int
}

// ocsfSubject is what one finding is about.
type ocsfSubject struct {
	check                                   *ocsfCheck
	uid, name, account, accountName, region string
	tags                                    map[string]string
	tagKeys                                 []string
}

// ocsfProviders weights the clouds of the scans.
var ocsfProviders = []string{"aws", "aws", "aws", "aws", "aws", "azure", "azure", "gcp", "gcp", "kubernetes"}

// ocsfPerCheck is the mean number of resources each check reports on in a
// scan.
const ocsfPerCheck = 25

// WriteTo writes the findings to w and returns the number of bytes
// written. It streams: memory does not grow with the number of findings.
// Findings come check by check within each scan, in the order Prowler
// writes them.
func (o OCSF) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	r := rand.New(rand.NewPCG(o.Seed, 0x0c5f))
	jw := &ocsfJSON{}
	assets := o.estateAssets()
	bw.WriteString("[")
	i := 0
	for i < o.Findings {
		sc := ocsfNewScan(r)
		for _, ci := range ocsfByProvider[sc.provider] {
			for range 1 + r.IntN(2*ocsfPerCheck) {
				if i == o.Findings {
					break
				}
				if i > 0 {
					bw.WriteString(",")
				}
				jw.b = jw.b[:0]
				o.finding(jw, r, i, o.subject(r, &ocsfChecks[ci], &sc, assets))
				if _, err := bw.Write(jw.b); err != nil {
					return cw.n, err
				}
				i++
			}
		}
	}
	bw.WriteString("]")
	err := bw.Flush()
	return cw.n, err
}

// estateAssets indexes the estate's assets by cloud, or returns nil when
// there is no estate.
func (o OCSF) estateAssets() map[string][]int {
	if o.Estate == nil {
		return nil
	}
	m := map[string][]int{}
	for i := range o.Estate.Assets {
		provider, _, _ := strings.Cut(o.Estate.Asset(i).Service, ":")
		m[provider] = append(m[provider], i)
	}
	return m
}

func ocsfNewScan(r *rand.Rand) ocsfScan {
	sc := ocsfScan{provider: pick(r, ocsfProviders), n: r.IntN(accounts)}
	sc.env = pick(r, ocsfEnvs)
	sc.accountName = fmt.Sprintf("acme-%s-%d", sc.env, sc.n)
	switch sc.provider {
	case "aws":
		sc.account = account(sc.n)
	case "azure":
		sc.account = fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", sc.n*7919+0x1000000, sc.n, sc.n, sc.n, sc.n*104729)
	case "gcp":
		sc.account = fmt.Sprintf("acme-%s-%d", sc.env, sc.n)
		sc.accountName = sc.account
	case "kubernetes":
		sc.account = fmt.Sprintf("gke_acme-%s_europe-west1_cluster-%d", sc.env, sc.n%8)
	}
	return sc
}

// subject picks the resource a finding of check c in scan sc is about:
// an asset of the estate's on the check's cloud when there is one.
func (o OCSF) subject(r *rand.Rand, c *ocsfCheck, sc *ocsfScan, assets map[string][]int) ocsfSubject {
	if list := assets[c.provider]; len(list) > 0 {
		a := o.Estate.Asset(pick(r, list))
		return ocsfSubject{check: c, uid: a.ID, name: a.Name, account: a.Account, accountName: a.Account,
			region: a.Region, tags: a.Tags, tagKeys: slices.Sorted(maps.Keys(a.Tags))}
	}
	s := ocsfSubject{check: c, account: sc.account, accountName: sc.accountName}
	regions := ocsfRegions[c.provider]
	s.region = pick(r, regions)
	word := pick(r, ocsfWords)
	s.name = fmt.Sprintf("%s-%s-%s-%d", word, sc.env, c.kind, r.IntN(1000))
	switch c.provider {
	case "aws":
		s.uid = ocsfAWSID(c.kind, s.account, s.region, s.name, r)
	case "azure":
		s.uid = ocsfAzureID(c, s.account, word, sc.env, s.name)
	case "gcp":
		s.uid = ocsfGCPName(c.kind, s.account, s.region, s.name)
	case "kubernetes":
		s.uid = fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Uint64()&(1<<48-1))
	}
	if r.IntN(10) < 7 {
		s.tags = map[string]string{"team": team(r.IntN(teams)), "environment": sc.env}
		s.tagKeys = []string{"environment", "team"}
		if r.IntN(2) == 0 {
			s.tags["app"] = app(r.IntN(apps))
			s.tagKeys = []string{"app", "environment", "team"}
		}
	}
	return s
}

func ocsfAWSID(kind, acct, region, name string, r *rand.Rand) string {
	hex := func(n int) string { return fmt.Sprintf("%0*x", n, r.Uint64()&(1<<(4*n)-1)) }
	switch kind {
	case "s3":
		return "arn:aws:s3:::" + name
	case "root":
		return "arn:aws:iam::" + acct + ":root"
	case "user":
		return "arn:aws:iam::" + acct + ":user/" + name
	case "policy":
		return "arn:aws:iam::" + acct + ":policy/" + name
	case "sg":
		return "arn:aws:ec2:" + region + ":" + acct + ":security-group/sg-" + hex(15)
	case "instance":
		return "arn:aws:ec2:" + region + ":" + acct + ":instance/i-" + hex(15)
	case "volume":
		return "arn:aws:ec2:" + region + ":" + acct + ":volume/vol-" + hex(15)
	case "rds":
		return "arn:aws:rds:" + region + ":" + acct + ":db:" + name
	case "trail":
		return "arn:aws:cloudtrail:" + region + ":" + acct + ":trail/" + name
	case "kms":
		return fmt.Sprintf("arn:aws:kms:%s:%s:key/%08x-%04x-%04x-%04x-%012x", region, acct, r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Uint64()&(1<<48-1))
	case "lambda":
		return "arn:aws:lambda:" + region + ":" + acct + ":function:" + name
	case "eks":
		return "arn:aws:eks:" + region + ":" + acct + ":cluster/" + name
	}
	return "arn:aws:iam::" + acct + ":root"
}

func ocsfAzureID(c *ocsfCheck, sub, word, env, name string) string {
	if c.kind == "defender" {
		return "/subscriptions/" + sub + "/providers/Microsoft.Security/pricings/StorageAccounts"
	}
	short := strings.ReplaceAll(name, "-", "")
	if len(short) > 24 {
		short = short[:24]
	}
	if c.kind == "storage" {
		name = short
	}
	return "/subscriptions/" + sub + "/resourceGroups/rg-" + word + "-" + env + "/providers/" + c.resourceType + "/" + name
}

func ocsfGCPName(kind, project, region, name string) string {
	zone := region + "-b"
	switch kind {
	case "bucket":
		return "//storage.googleapis.com/projects/_/buckets/" + name
	case "firewall":
		return "//compute.googleapis.com/projects/" + project + "/global/firewalls/" + name
	case "gce":
		return "//compute.googleapis.com/projects/" + project + "/zones/" + zone + "/instances/" + name
	case "cloudsql":
		return "//cloudsql.googleapis.com/projects/" + project + "/instances/" + name
	case "sa":
		return "//iam.googleapis.com/projects/" + project + "/serviceAccounts/" + name + "@" + project + ".iam.gserviceaccount.com"
	case "gke":
		return "//container.googleapis.com/projects/" + project + "/locations/" + region + "/clusters/" + name
	}
	return "//cloudresourcemanager.googleapis.com/projects/" + project
}

// finding writes the i-th finding, in the member order Prowler writes.
func (o OCSF) finding(w *ocsfJSON, r *rand.Rand, i int, s ocsfSubject) {
	c := s.check
	status, code, statusID := "New", "FAIL", 1
	switch n := r.IntN(100); {
	case n < 45:
		code = "PASS"
	case n < 50:
		code = "MANUAL"
	case n < 55:
		status, statusID = "Suppressed", 3
	}
	message := ocsfStatusExtended(c, s.name, code)
	ts := ocsfTime.Add(time.Duration(i) * 40 * time.Millisecond)
	tdt := ts.Format("2006-01-02T15:04:05.000000")

	w.open('{')
	w.kv("message", message)
	w.key("metadata")
	w.open('{')
	w.kv("event_code", c.id)
	w.key("product")
	w.open('{')
	w.kv("name", "Prowler")
	w.kv("uid", "prowler")
	w.kv("vendor_name", "Prowler")
	w.kv("version", "5.4.0")
	w.close('}')
	if c.provider == "kubernetes" {
		w.list("profiles", "container", "datetime")
	} else {
		w.list("profiles", "cloud", "datetime")
	}
	w.kv("tenant_uid", "")
	w.kv("version", "1.5.0")
	w.close('}')
	w.kn("severity_id", int64(c.severity))
	w.kv("severity", ocsfSeverityNames[c.severity])
	w.kv("status", status)
	w.kv("status_code", code)
	w.kv("status_detail", message)
	w.kn("status_id", int64(statusID))

	w.key("unmapped")
	w.open('{')
	w.kv("related_url", c.url)
	w.list("categories", c.categories...)
	w.list("depends_on")
	w.list("related_to")
	w.list("additional_urls", c.url)
	w.kv("notes", "")
	w.key("compliance")
	w.open('{')
	for k := range 2 + r.IntN(2) {
		w.list(ocsfCompliance[(i+k)%len(ocsfCompliance)], fmt.Sprintf("%d.%d", 1+r.IntN(5), 1+r.IntN(20)), fmt.Sprintf("%d.%d.%d", 1+r.IntN(9), 1+r.IntN(9), 1+r.IntN(9)))
	}
	w.close('}')
	w.close('}')
	w.kv("activity_name", "Create")
	w.kn("activity_id", 1)

	w.key("finding_info")
	w.open('{')
	w.kn("created_time", ts.Unix())
	w.kv("created_time_dt", tdt)
	w.kv("desc", c.title+". "+c.risk)
	w.kv("product_uid", "prowler")
	w.kv("title", c.title)
	w.list("types", c.types...)
	w.kv("uid", "prowler-"+c.provider+"-"+c.id+"-"+s.account+"-"+s.region+"-"+s.name)
	w.close('}')

	w.key("resources")
	w.open('[')
	w.elem()
	w.open('{')
	if c.provider != "kubernetes" {
		w.kv("cloud_partition", c.provider)
		w.kv("region", s.region)
	}
	w.key("data")
	w.open('{')
	w.kv("details", "")
	w.key("metadata")
	ocsfMetadata(w, r, &s)
	w.close('}')
	w.key("group")
	w.open('{')
	w.kv("name", c.service)
	w.close('}')
	w.key("labels")
	w.open('[')
	for _, k := range s.tagKeys {
		w.elem()
		w.str(k + ": " + s.tags[k])
	}
	w.close(']')
	w.kv("name", s.name)
	if c.provider == "kubernetes" {
		w.kv("namespace", s.region)
	}
	w.kv("type", c.resourceType)
	w.kv("uid", s.uid)
	w.close('}')
	w.close(']')

	w.kv("category_name", "Findings")
	w.kn("category_uid", 2)
	w.kv("class_name", "Detection Finding")
	w.kn("class_uid", 2004)
	if c.provider != "kubernetes" {
		w.key("cloud")
		w.open('{')
		w.key("account")
		w.open('{')
		w.kv("name", s.accountName)
		w.kv("type", ocsfAccountTypes[c.provider])
		w.kn("type_id", int64(ocsfAccountIDs[c.provider]))
		w.kv("uid", s.account)
		w.list("labels")
		w.close('}')
		w.key("org")
		w.open('{')
		w.kv("name", "acme")
		w.kv("uid", "o-acme12345")
		w.close('}')
		w.kv("provider", c.provider)
		w.kv("region", s.region)
		w.close('}')
	}
	w.key("remediation")
	w.open('{')
	w.kv("desc", c.remediation)
	w.list("references", c.url)
	w.close('}')
	w.kv("risk_details", c.risk)
	w.kn("time", ts.Unix())
	w.kv("time_dt", tdt)
	w.kn("type_uid", 200401)
	w.kv("type_name", "Detection Finding: Create")
	w.close('}')
}

// ocsfStatusExtended writes the sentence Prowler puts in message.
func ocsfStatusExtended(c *ocsfCheck, name, code string) string {
	switch code {
	case "PASS":
		return fmt.Sprintf("%s %s passes the check: %s.", c.resourceType, name, c.title)
	case "MANUAL":
		return fmt.Sprintf("%s %s needs a manual review: %s.", c.resourceType, name, c.title)
	}
	return fmt.Sprintf("%s %s fails the check: %s.", c.resourceType, name, c.title)
}

// ocsfMetadata writes the resource's describe output that Prowler
// copies into data.metadata, by kind of resource.
func ocsfMetadata(w *ocsfJSON, r *rand.Rand, s *ocsfSubject) {
	c := s.check
	w.open('{')
	w.kv("name", s.name)
	w.kv("id", s.uid)
	w.kv("region", s.region)
	switch c.kind {
	case "s3":
		w.kv("arn", s.uid)
		w.kv("versioning", []string{"Enabled", "Suspended"}[r.IntN(2)])
		w.kb("logging", r.IntN(2) == 0)
		w.kv("logging_target_bucket", "acme-access-logs")
		w.key("public_access_block")
		w.open('{')
		for _, k := range []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"} {
			w.kb(k, r.IntN(4) > 0)
		}
		w.close('}')
		w.kv("encryption", []string{"AES256", "aws:kms", ""}[r.IntN(3)])
		w.kv("owner_id", fmt.Sprintf("%064x", r.Uint64()))
		w.kv("ownership", "BucketOwnerEnforced")
	case "sg", "nsg", "firewall":
		w.kv("vpc_id", fmt.Sprintf("vpc-%017x", r.Uint64()&(1<<60-1)))
		w.key("ingress_rules")
		w.open('[')
		for k := range 1 + r.IntN(2) {
			w.elem()
			w.open('{')
			w.kv("IpProtocol", "tcp")
			w.kn("FromPort", int64([]int{22, 443, 3389, 5432}[k%4]))
			w.kn("ToPort", int64([]int{22, 443, 3389, 5432}[k%4]))
			w.key("IpRanges")
			w.open('[')
			w.elem()
			w.open('{')
			w.kv("CidrIp", []string{"0.0.0.0/0", "10.0.0.0/8", "192.168.10.0/24"}[r.IntN(3)])
			w.kv("Description", "added by "+team(r.IntN(teams)))
			w.close('}')
			w.close(']')
			w.close('}')
		}
		w.close(']')
	case "user", "root", "policy", "sa", "role":
		w.kv("arn", s.uid)
		w.kv("password_last_used", ocsfTime.Add(-time.Duration(r.IntN(2000))*time.Hour).Format(time.RFC3339))
		w.list("attached_policies", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess")
		w.list("mfa_devices")
		w.kb("console_access", r.IntN(2) == 0)
	default:
		w.kv("arn", s.uid)
		w.kv("status", []string{"available", "running", "Succeeded"}[r.IntN(3)])
		w.kv("engine_or_version", []string{"postgres 16.4", "1.31", "python3.12", "n2-standard-4"}[r.IntN(4)])
		w.kb("encrypted", r.IntN(3) > 0)
		w.kb("public", r.IntN(5) == 0)
		w.kv("kms_key_id", "")
		w.kn("backup_retention_days", int64(r.IntN(35)))
	}
	w.key("tags")
	w.open('[')
	for _, k := range s.tagKeys {
		w.elem()
		w.open('{')
		w.kv("Key", k)
		w.kv("Value", s.tags[k])
		w.close('}')
	}
	w.close(']')
	w.close('}')
}

// ocsfJSON writes JSON indented by two spaces, as Python's json does with
// indent=2: empty objects and arrays stay on one line.
type ocsfJSON struct {
	b     []byte
	depth int
	empty bool // nothing written yet in the innermost open object or array
}

func (w *ocsfJSON) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, "  "...)
	}
}

func (w *ocsfJSON) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.empty = true
}

func (w *ocsfJSON) close(c byte) {
	w.depth--
	if !w.empty {
		w.newline()
	}
	w.b = append(w.b, c)
	w.empty = false
}

// elem starts an element of an array, or a member of an object.
func (w *ocsfJSON) elem() {
	if !w.empty {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.empty = false
}

func (w *ocsfJSON) key(k string) {
	w.elem()
	w.str(k)
	w.b = append(w.b, ": "...)
}

func (w *ocsfJSON) str(s string) {
	w.b = append(w.b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			w.b = append(w.b, '\\', c)
		case c < 0x20:
			w.b = append(w.b, `\u00`...)
			w.b = append(w.b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			w.b = append(w.b, c)
		}
	}
	w.b = append(w.b, '"')
}

func (w *ocsfJSON) kv(k, v string) {
	w.key(k)
	w.str(v)
}

func (w *ocsfJSON) kn(k string, n int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, n, 10)
}

func (w *ocsfJSON) kb(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *ocsfJSON) list(k string, values ...string) {
	w.key(k)
	w.open('[')
	for _, v := range values {
		w.elem()
		w.str(v)
	}
	w.close(']')
}
