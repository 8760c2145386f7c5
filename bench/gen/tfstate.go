package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// TFState describes a raw Terraform state (format version 4) to generate,
// shaped like the states of real estates: resources of AWS, Azure and
// Google Cloud with the attributes their providers write (IAM policies as
// large escaped JSON strings, security groups with nested rules, tags and
// labels, secrets marked sensitive), in the root module and in nested,
// counted and for_each modules, with count and for_each instances, data
// sources, tainted and deposed objects, and now and then a very large
// value. The same seed always gives the same state.
type TFState struct {
	// Instances is how many managed resource instances to write at least.
	Instances int
	// MinSize is how many bytes to write at least.
	MinSize int64
	Seed    uint64
}

// TFStateStats says what TFState.Write wrote.
type TFStateStats struct {
	Bytes     int64
	Resources int // resource blocks, managed and data
	// Instances counts the managed resource instances that a reader should
	// report: not those of data sources, nor deposed objects.
	Instances   int
	DataSources int
	Deposed     int
}

// tfResource and tfInstance are a state's resources, with their members in
// the order Terraform writes them (internal/states/statefile/version4.go
// in hashicorp/terraform).
type tfResource struct {
	Module    string       `json:"module,omitempty"`
	Mode      string       `json:"mode"`
	Type      string       `json:"type"`
	Name      string       `json:"name"`
	Each      string       `json:"each,omitempty"`
	Provider  string       `json:"provider"`
	Instances []tfInstance `json:"instances"`
}

type tfInstance struct {
	IndexKey            any            `json:"index_key,omitempty"`
	Status              string         `json:"status,omitempty"`
	Deposed             string         `json:"deposed,omitempty"`
	SchemaVersion       int            `json:"schema_version"`
	Attributes          map[string]any `json:"attributes"`
	SensitiveAttributes []any          `json:"sensitive_attributes"`
	Private             string         `json:"private,omitempty"`
	Dependencies        []string       `json:"dependencies,omitempty"`
	CreateBeforeDestroy bool           `json:"create_before_destroy,omitempty"`
}

// Write writes the state to w as Terraform does, indented by two spaces,
// one resource at a time, so that it can write states of any size.
func (st TFState) Write(w io.Writer) (TFStateStats, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countingWriter{w: bw}
	g := &tfGen{r: rand.New(rand.NewPCG(st.Seed, 0x7f57a7e))}
	var stats TFStateStats
	fmt.Fprintf(cw, "{\n  \"version\": 4,\n  \"terraform_version\": \"1.9.8\",\n  \"serial\": %d,\n  \"lineage\": %q,\n", 100+g.r.IntN(5000), g.uuid())
	cw.put("  \"outputs\": {\n    \"vpc_id\": {\n      \"value\": \"vpc-0a1b2c3d4e5f60718\",\n      \"type\": \"string\"\n    }\n  },\n  \"resources\": [")
	for i := 0; stats.Instances < st.Instances || cw.n < st.MinSize; i++ {
		res := g.resource(i)
		b, err := json.MarshalIndent(res, "    ", "  ")
		if err != nil {
			return stats, err
		}
		if i > 0 {
			cw.put(",")
		}
		cw.put("\n    ")
		cw.Write(b)
		stats.Resources++
		for _, in := range res.Instances {
			switch {
			case res.Mode == "data":
				stats.DataSources++
			case in.Deposed != "":
				stats.Deposed++
			default:
				stats.Instances++
			}
		}
		if cw.err != nil {
			return stats, cw.err
		}
	}
	cw.put("\n  ],\n  \"check_results\": null\n}\n")
	if err := bw.Flush(); err != nil && cw.err == nil {
		cw.err = err
	}
	stats.Bytes = cw.n
	return stats, cw.err
}

// countingWriter counts what it writes and keeps the first error.
type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

func (c *countingWriter) put(s string) { c.Write([]byte(s)) }

// tfGen generates the resources of one state.
type tfGen struct {
	r *rand.Rand
}

const (
	tfAWSProvider    = `provider["registry.terraform.io/hashicorp/aws"]`
	tfAzureProvider  = `provider["registry.terraform.io/hashicorp/azurerm"]`
	tfGoogleProvider = `provider["registry.terraform.io/hashicorp/google"]`
)

// tfKind is a resource type that the generator knows how to fill in.
type tfKind struct {
	typ, provider string
	weight        int
	data          bool
	schema        int
	attrs         func(g *tfGen, c *tfCtx) map[string]any
}

// tfCtx is what an instance's attributes are made from.
type tfCtx struct {
	name, account, region, project, subscription string
	tags                                         map[string]any
	// sensitive lists the attributes that the provider marks sensitive.
	sensitive []string
}

var tfKinds = []tfKind{
	{"aws_instance", tfAWSProvider, 12, false, 1, tfAWSInstance},
	{"aws_s3_bucket", tfAWSProvider, 9, false, 0, tfAWSBucket},
	{"aws_iam_policy", tfAWSProvider, 8, false, 0, tfAWSPolicy},
	{"aws_iam_role", tfAWSProvider, 8, false, 0, tfAWSRole},
	{"aws_security_group", tfAWSProvider, 8, false, 1, tfAWSSecurityGroup},
	{"aws_db_instance", tfAWSProvider, 3, false, 2, tfAWSDBInstance},
	{"aws_lambda_function", tfAWSProvider, 5, false, 0, tfAWSLambda},
	{"aws_ecs_service", tfAWSProvider, 3, false, 0, tfAWSECSService},
	{"aws_subnet", tfAWSProvider, 5, false, 1, tfAWSSubnet},
	{"aws_kms_key", tfAWSProvider, 2, false, 0, tfAWSKMSKey},
	{"aws_iam_policy_document", tfAWSProvider, 4, true, 0, tfAWSPolicyDocument},
	{"aws_caller_identity", tfAWSProvider, 1, true, 0, tfAWSCallerIdentity},
	{"azurerm_linux_virtual_machine", tfAzureProvider, 4, false, 0, tfAzureVM},
	{"azurerm_storage_account", tfAzureProvider, 4, false, 3, tfAzureStorage},
	{"azurerm_linux_function_app", tfAzureProvider, 2, false, 0, tfAzureFunctionApp},
	{"azurerm_kubernetes_cluster", tfAzureProvider, 1, false, 2, tfAzureAKS},
	{"google_compute_instance", tfGoogleProvider, 4, false, 6, tfGoogleInstance},
	{"google_storage_bucket", tfGoogleProvider, 3, false, 1, tfGoogleBucket},
	{"google_container_cluster", tfGoogleProvider, 1, false, 2, tfGoogleCluster},
	{"google_sql_database_instance", tfGoogleProvider, 1, false, 0, tfGoogleSQL},
	{"helm_release", `provider["registry.terraform.io/hashicorp/helm"]`, 1, false, 1, tfHelmRelease},
	{"local_file", `provider["registry.terraform.io/hashicorp/local"]`, 1, false, 0, tfLocalFile},
}

var (
	tfAWSRegions    = []string{"eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2"}
	tfAzureRegions  = []string{"westeurope", "northeurope", "uksouth", "eastus2"}
	tfGoogleRegions = []string{"europe-west1", "us-central1", "europe-west2"}
	tfServices      = []string{"orders", "billing", "search", "media-transcode", "identity"}
	tfForEachKeys   = []string{"blue", "green", "api", "worker", "eu/west", "batch.nightly", "tenant \"acme\"", "${var.x}", "db-primary", "db-replica"}
	tfModules       = []string{"module.network", "module.platform.module.cluster", "module.data"}
)

func (g *tfGen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.r.IntN(16)]
	}
	return string(b)
}

func (g *tfGen) word(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[g.r.IntN(len(letters))]
	}
	return string(b)
}

func (g *tfGen) uuid() string {
	return g.hex(8) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(12)
}

// resource returns the i-th resource of the state.
func (g *tfGen) resource(i int) tfResource {
	k := weighted(g.r, tfKinds, func(k tfKind) int { return k.weight })
	res := tfResource{Mode: "managed", Type: k.typ, Name: pick(g.r, []string{"this", "main", "app", "logs", "web", "api"}) + fmt.Sprint(i), Provider: k.provider}
	if k.data {
		res.Mode = "data"
	}
	switch m := g.r.IntN(10); {
	case m < 4:
	case m < 7:
		res.Module = pick(g.r, tfModules)
	case m < 9:
		res.Module = fmt.Sprintf(`module.service["%s"]`, pick(g.r, tfServices))
	default:
		res.Module = fmt.Sprintf("module.team[%d].module.db", g.r.IntN(8))
	}
	if g.r.IntN(20) == 0 && k.provider == tfAWSProvider {
		res.Provider += ".us_east_1"
	}
	count, first := 1, g.r.IntN(len(tfForEachKeys))
	switch m := g.r.IntN(10); {
	case k.data || m < 5:
	case m < 8:
		res.Each, count = "list", 1+g.r.IntN(4)
	default:
		res.Each, count = "map", 1+g.r.IntN(3)
	}
	base := tfCtx{
		account:      account(g.r.IntN(40)),
		project:      fmt.Sprintf("acme-%s-%d", pick(g.r, []string{"prod", "stage", "dev"}), g.r.IntN(9)),
		subscription: fmt.Sprintf("%08x-0000-4000-8000-%012x", g.r.IntN(30), g.r.IntN(1<<30)),
	}
	switch k.provider {
	case tfAzureProvider:
		base.region = pick(g.r, tfAzureRegions)
	case tfGoogleProvider:
		base.region = pick(g.r, tfGoogleRegions)
	default:
		base.region = pick(g.r, tfAWSRegions)
	}
	for j := range count {
		c := base
		c.name = fmt.Sprintf("%s-%s-%d", pick(g.r, []string{"orders", "billing", "search", "media", "identity"}), g.word(5), j)
		c.tags = map[string]any{
			"team": team(g.r.IntN(teams)), "environment": pick(g.r, []string{"prod", "prod", "staging", "dev"}),
			"cost-centre": fmt.Sprintf("cc-%d", g.r.IntN(40)), "Name": c.name,
		}
		if g.r.IntN(3) == 0 {
			c.tags["owner"] = g.word(6) + "@example.com"
		}
		in := tfInstance{SchemaVersion: k.schema, Attributes: k.attrs(g, &c), SensitiveAttributes: []any{}}
		for _, s := range c.sensitive {
			in.SensitiveAttributes = append(in.SensitiveAttributes, []any{map[string]any{"type": "get_attr", "value": s}})
		}
		switch res.Each {
		case "list":
			in.IndexKey = j
		case "map":
			in.IndexKey = tfForEachKeys[(first+j)%len(tfForEachKeys)]
		}
		if !k.data {
			in.Private = "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6MTIwMDAwMDAwMDAwMH0sInNjaGVtYV92ZXJzaW9uIjoiMSJ9"
			in.Dependencies = []string{"aws_vpc.main", "module.network.aws_subnet.private[" + fmt.Sprint(g.r.IntN(3)) + "]"}
			if g.r.IntN(200) == 0 {
				in.Status = "tainted"
			}
		}
		res.Instances = append(res.Instances, in)
		if !k.data && g.r.IntN(500) == 0 {
			old := in
			old.Deposed = g.hex(8)
			old.CreateBeforeDestroy = true
			res.Instances = append(res.Instances, old)
		}
	}
	return res
}

func (g *tfGen) awsTags(c *tfCtx) (tags, all map[string]any) {
	all = map[string]any{"managed-by": "terraform", "repository": "github.com/acme/infrastructure"}
	for k, v := range c.tags {
		all[k] = v
	}
	return c.tags, all
}

func (g *tfGen) arn(service string, c *tfCtx, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, c.region, c.account, resource)
}

// policy returns an IAM policy document as the AWS provider stores it:
// compact JSON with sorted keys, 300 bytes to 6 KB.
func (g *tfGen) policy(c *tfCtx) string {
	type statement struct {
		Action    []string       `json:"Action"`
		Condition map[string]any `json:"Condition,omitempty"`
		Effect    string         `json:"Effect"`
		Resource  []string       `json:"Resource"`
		Sid       string         `json:"Sid"`
	}
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt", "kms:GenerateDataKey", "sqs:SendMessage", "sqs:ReceiveMessage", "dynamodb:GetItem", "dynamodb:Query", "logs:CreateLogStream", "logs:PutLogEvents", "ssm:GetParameter", "secretsmanager:GetSecretValue"}
	var doc struct {
		Statement []statement `json:"Statement"`
		Version   string      `json:"Version"`
	}
	doc.Version = "2012-10-17"
	for range 1 + g.r.IntN(12) {
		s := statement{Effect: "Allow", Sid: strings.ToUpper(g.word(1)) + g.word(9)}
		for range 1 + g.r.IntN(6) {
			s.Action = append(s.Action, pick(g.r, actions))
		}
		for range 1 + g.r.IntN(4) {
			s.Resource = append(s.Resource, fmt.Sprintf("arn:aws:s3:::%s-%s/*", c.project, g.word(8)))
		}
		if g.r.IntN(3) == 0 {
			s.Condition = map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-" + g.word(10), "aws:SourceAccount": c.account}}
		}
		doc.Statement = append(doc.Statement, s)
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func tfAWSInstance(g *tfGen, c *tfCtx) map[string]any {
	id := "i-" + g.hex(17)
	tags, all := g.awsTags(c)
	az := c.region + pick(g.r, []string{"a", "b", "c"})
	return map[string]any{
		"ami": "ami-" + g.hex(17), "arn": g.arn("ec2", c, "instance/"+id), "associate_public_ip_address": g.r.IntN(4) == 0,
		"availability_zone": az, "capacity_reservation_specification": []any{map[string]any{"capacity_reservation_preference": "open", "capacity_reservation_target": []any{}}},
		"cpu_core_count": 2, "cpu_threads_per_core": 2, "credit_specification": []any{}, "disable_api_stop": false, "disable_api_termination": false,
		"ebs_block_device": []any{}, "ebs_optimized": true, "enclave_options": []any{map[string]any{"enabled": false}}, "ephemeral_block_device": []any{},
		"get_password_data": false, "hibernation": false, "host_id": "", "iam_instance_profile": c.name + "-profile", "id": id,
		"instance_initiated_shutdown_behavior": "stop", "instance_lifecycle": "", "instance_state": "running",
		"instance_type": pick(g.r, []string{"t3.micro", "m6i.large", "c6g.xlarge", "r6i.2xlarge"}), "ipv6_address_count": 0, "ipv6_addresses": []any{},
		"key_name": "", "launch_template": []any{}, "maintenance_options": []any{map[string]any{"auto_recovery": "default"}},
		"metadata_options": []any{map[string]any{"http_endpoint": "enabled", "http_protocol_ipv6": "disabled", "http_put_response_hop_limit": 2, "http_tokens": "required", "instance_metadata_tags": "disabled"}},
		"monitoring":       true, "network_interface": []any{}, "outpost_arn": "", "password_data": "", "placement_group": "", "placement_partition_number": 0,
		"primary_network_interface_id": "eni-" + g.hex(17), "private_dns": "ip-10-0-1-23." + c.region + ".compute.internal",
		"private_dns_name_options": []any{map[string]any{"enable_resource_name_dns_a_record": false, "enable_resource_name_dns_aaaa_record": false, "hostname_type": "ip-name"}},
		"private_ip":               fmt.Sprintf("10.%d.%d.%d", g.r.IntN(255), g.r.IntN(255), g.r.IntN(255)), "public_dns": "", "public_ip": "",
		"root_block_device":     []any{map[string]any{"delete_on_termination": true, "device_name": "/dev/xvda", "encrypted": true, "iops": 3000, "kms_key_id": g.arn("kms", c, "key/"+g.uuid()), "tags": map[string]any{}, "throughput": 125, "volume_id": "vol-" + g.hex(17), "volume_size": 20 + g.r.IntN(200), "volume_type": "gp3"}},
		"secondary_private_ips": []any{}, "security_groups": []any{}, "source_dest_check": true, "subnet_id": "subnet-" + g.hex(17),
		"tags": tags, "tags_all": all, "tenancy": "default", "timeouts": nil, "user_data": g.hex(40), "user_data_base64": nil, "user_data_replace_on_change": false,
		"volume_tags": nil, "vpc_security_group_ids": []any{"sg-" + g.hex(17), "sg-" + g.hex(17)},
	}
}

func tfAWSBucket(g *tfGen, c *tfCtx) map[string]any {
	bucket := c.project + "-" + c.name
	tags, all := g.awsTags(c)
	return map[string]any{
		"acceleration_status": "", "acl": nil, "arn": "arn:aws:s3:::" + bucket, "bucket": bucket, "bucket_domain_name": bucket + ".s3.amazonaws.com",
		"bucket_prefix": "", "bucket_regional_domain_name": bucket + ".s3." + c.region + ".amazonaws.com", "cors_rule": []any{}, "force_destroy": false,
		"grant":          []any{map[string]any{"id": g.hex(64), "permissions": []any{"FULL_CONTROL"}, "type": "CanonicalUser", "uri": ""}},
		"hosted_zone_id": "Z1BKCTXD74EZPE", "id": bucket, "lifecycle_rule": []any{}, "logging": []any{}, "object_lock_configuration": []any{},
		"object_lock_enabled": false, "policy": "", "region": c.region, "replication_configuration": []any{}, "request_payer": "BucketOwner",
		"server_side_encryption_configuration": []any{map[string]any{"rule": []any{map[string]any{"apply_server_side_encryption_by_default": []any{map[string]any{"kms_master_key_id": "", "sse_algorithm": "AES256"}}, "bucket_key_enabled": false}}}},
		"tags":                                 tags, "tags_all": all, "timeouts": nil, "versioning": []any{map[string]any{"enabled": true, "mfa_delete": false}}, "website": []any{},
		"website_domain": nil, "website_endpoint": nil,
	}
}

func tfAWSPolicy(g *tfGen, c *tfCtx) map[string]any {
	tags, all := g.awsTags(c)
	arn := fmt.Sprintf("arn:aws:iam::%s:policy/%s", c.account, c.name)
	return map[string]any{
		"arn": arn, "attachment_count": g.r.IntN(4), "description": "Access for " + c.name, "id": arn, "name": c.name, "name_prefix": "",
		"path": "/", "policy": g.policy(c), "policy_id": "ANPA" + strings.ToUpper(g.hex(17)), "tags": tags, "tags_all": all,
	}
}

func tfAWSRole(g *tfGen, c *tfCtx) map[string]any {
	tags, all := g.awsTags(c)
	assume := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}`
	return map[string]any{
		"arn": fmt.Sprintf("arn:aws:iam::%s:role/%s", c.account, c.name), "assume_role_policy": assume, "create_date": "2024-03-11T09:21:44Z",
		"description": "", "force_detach_policies": false, "id": c.name,
		"inline_policy":       []any{map[string]any{"name": c.name + "-inline", "policy": g.policy(c)}},
		"managed_policy_arns": []any{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}, "max_session_duration": 3600, "name": c.name,
		"name_prefix": "", "path": "/", "permissions_boundary": "", "tags": tags, "tags_all": all, "unique_id": "AROA" + strings.ToUpper(g.hex(17)),
	}
}

func tfAWSSecurityGroup(g *tfGen, c *tfCtx) map[string]any {
	id := "sg-" + g.hex(17)
	rule := func(port int, cidr string) map[string]any {
		return map[string]any{"cidr_blocks": []any{cidr}, "description": "allow " + fmt.Sprint(port), "from_port": port, "ipv6_cidr_blocks": []any{},
			"prefix_list_ids": []any{}, "protocol": "tcp", "security_groups": []any{}, "self": false, "to_port": port}
	}
	var ingress []any
	for range 1 + g.r.IntN(8) {
		ingress = append(ingress, rule(pick(g.r, []int{22, 80, 443, 5432, 6379, 8080}), fmt.Sprintf("10.%d.0.0/16", g.r.IntN(255))))
	}
	tags, all := g.awsTags(c)
	return map[string]any{
		"arn": g.arn("ec2", c, "security-group/"+id), "description": "Managed by Terraform", "egress": []any{rule(0, "0.0.0.0/0")}, "id": id,
		"ingress": ingress, "name": c.name, "name_prefix": "", "owner_id": c.account, "revoke_rules_on_delete": false,
		"tags": tags, "tags_all": all, "timeouts": nil, "vpc_id": "vpc-" + g.hex(17),
	}
}

func tfAWSDBInstance(g *tfGen, c *tfCtx) map[string]any {
	c.sensitive = []string{"password"}
	tags, all := g.awsTags(c)
	engine := pick(g.r, []string{"postgres", "mysql", "aurora-postgresql"})
	return map[string]any{
		"address": c.name + "." + g.hex(12) + "." + c.region + ".rds.amazonaws.com", "allocated_storage": 100, "allow_major_version_upgrade": nil,
		"apply_immediately": false, "arn": g.arn("rds", c, "db:"+c.name), "auto_minor_version_upgrade": true, "availability_zone": c.region + "a",
		"backup_retention_period": 7, "backup_window": "03:00-04:00", "ca_cert_identifier": "rds-ca-rsa2048-g1", "copy_tags_to_snapshot": true,
		"db_name": "app", "db_subnet_group_name": c.name + "-subnets", "deletion_protection": true, "enabled_cloudwatch_logs_exports": []any{"postgresql"},
		"endpoint": c.name + ".rds.amazonaws.com:5432", "engine": engine, "engine_version": "16.3", "iam_database_authentication_enabled": true,
		"id": "db-" + strings.ToUpper(g.hex(26)), "identifier": c.name, "instance_class": "db.r6g.large", "kms_key_id": g.arn("kms", c, "key/"+g.uuid()),
		"multi_az": true, "parameter_group_name": "default.postgres16", "password": g.hex(24), "port": 5432, "publicly_accessible": false,
		"storage_encrypted": true, "storage_type": "gp3", "tags": tags, "tags_all": all, "username": "app_admin", "vpc_security_group_ids": []any{"sg-" + g.hex(17)},
	}
}

func tfAWSLambda(g *tfGen, c *tfCtx) map[string]any {
	tags, all := g.awsTags(c)
	arn := g.arn("lambda", c, "function:"+c.name)
	return map[string]any{
		"architectures": []any{"arm64"}, "arn": arn, "code_signing_config_arn": "", "dead_letter_config": []any{}, "description": "",
		"environment":       []any{map[string]any{"variables": map[string]any{"LOG_LEVEL": "info", "TABLE": c.name, "QUEUE_URL": "https://sqs." + c.region + ".amazonaws.com/" + c.account + "/" + c.name}}},
		"ephemeral_storage": []any{map[string]any{"size": 512}}, "filename": nil, "function_name": c.name, "handler": "index.handler",
		"id": c.name, "invoke_arn": "arn:aws:apigateway:" + c.region + ":lambda:path/2015-03-31/functions/" + arn + "/invocations",
		"last_modified": "2024-05-02T10:11:12.000+0000", "memory_size": 256, "package_type": "Zip", "publish": false, "qualified_arn": arn + ":$LATEST",
		"role": fmt.Sprintf("arn:aws:iam::%s:role/%s-lambda", c.account, c.name), "runtime": "nodejs20.x", "s3_bucket": c.project + "-artifacts",
		"s3_key": c.name + "/" + g.hex(32) + ".zip", "source_code_hash": g.hex(44), "source_code_size": 1 + g.r.IntN(5000000), "tags": tags, "tags_all": all,
		"timeout": 30, "tracing_config": []any{map[string]any{"mode": "Active"}}, "version": "$LATEST", "vpc_config": []any{},
	}
}

func tfAWSECSService(g *tfGen, c *tfCtx) map[string]any {
	tags, all := g.awsTags(c)
	cluster := g.arn("ecs", c, "cluster/"+c.project)
	return map[string]any{
		"capacity_provider_strategy": []any{}, "cluster": cluster, "deployment_circuit_breaker": []any{map[string]any{"enable": true, "rollback": true}},
		"deployment_maximum_percent": 200, "deployment_minimum_healthy_percent": 100, "desired_count": 1 + g.r.IntN(6), "enable_ecs_managed_tags": true,
		"enable_execute_command": false, "force_new_deployment": nil, "health_check_grace_period_seconds": 0, "iam_role": "/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
		"id": g.arn("ecs", c, "service/"+c.project+"/"+c.name), "launch_type": pick(g.r, []string{"FARGATE", "FARGATE", "EC2"}),
		"load_balancer": []any{map[string]any{"container_name": "app", "container_port": 8080, "elb_name": "", "target_group_arn": g.arn("elasticloadbalancing", c, "targetgroup/"+c.name+"/"+g.hex(16))}},
		"name":          c.name, "network_configuration": []any{map[string]any{"assign_public_ip": false, "security_groups": []any{"sg-" + g.hex(17)}, "subnets": []any{"subnet-" + g.hex(17), "subnet-" + g.hex(17)}}},
		"platform_version": "LATEST", "propagate_tags": "SERVICE", "scheduling_strategy": "REPLICA", "tags": tags, "tags_all": all,
		"task_definition": g.arn("ecs", c, "task-definition/"+c.name+":"+fmt.Sprint(1+g.r.IntN(90))),
	}
}

func tfAWSSubnet(g *tfGen, c *tfCtx) map[string]any {
	id := "subnet-" + g.hex(17)
	tags, all := g.awsTags(c)
	return map[string]any{
		"arn": g.arn("ec2", c, "subnet/"+id), "assign_ipv6_address_on_creation": false, "availability_zone": c.region + pick(g.r, []string{"a", "b", "c"}),
		"cidr_block": fmt.Sprintf("10.%d.%d.0/24", g.r.IntN(255), g.r.IntN(255)), "id": id, "map_public_ip_on_launch": false, "owner_id": c.account,
		"tags": tags, "tags_all": all, "vpc_id": "vpc-" + g.hex(17),
	}
}

func tfAWSKMSKey(g *tfGen, c *tfCtx) map[string]any {
	id := g.uuid()
	tags, all := g.awsTags(c)
	return map[string]any{
		"arn": g.arn("kms", c, "key/"+id), "bypass_policy_lockout_safety_check": false, "customer_master_key_spec": "SYMMETRIC_DEFAULT",
		"deletion_window_in_days": 30, "description": c.name, "enable_key_rotation": true, "id": id, "is_enabled": true, "key_id": id,
		"key_usage": "ENCRYPT_DECRYPT", "multi_region": false, "policy": g.policy(c), "tags": tags, "tags_all": all,
	}
}

func tfAWSPolicyDocument(g *tfGen, c *tfCtx) map[string]any {
	doc := g.policy(c)
	return map[string]any{"id": fmt.Sprint(g.r.Uint32()), "json": doc, "minified_json": doc, "override_policy_documents": nil, "policy_id": nil,
		"statement": []any{map[string]any{"actions": []any{"s3:GetObject"}, "effect": "Allow", "resources": []any{"*"}, "sid": ""}}, "version": "2012-10-17"}
}

func tfAWSCallerIdentity(g *tfGen, c *tfCtx) map[string]any {
	return map[string]any{"account_id": c.account, "arn": fmt.Sprintf("arn:aws:sts::%s:assumed-role/terraform/ci", c.account), "id": c.account, "user_id": "AROA" + strings.ToUpper(g.hex(17)) + ":ci"}
}

func (g *tfGen) armID(c *tfCtx, provider, kind string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/rg-%s/providers/%s/%s/%s", c.subscription, c.project, provider, kind, c.name)
}

func tfAzureVM(g *tfGen, c *tfCtx) map[string]any {
	return map[string]any{
		"admin_password": nil, "admin_ssh_key": []any{map[string]any{"public_key": "ssh-rsa AAAA" + g.hex(300), "username": "azureuser"}}, "admin_username": "azureuser",
		"allow_extension_operations": true, "boot_diagnostics": []any{}, "computer_name": c.name, "disable_password_authentication": true,
		"id": g.armID(c, "Microsoft.Compute", "virtualMachines"), "identity": []any{}, "location": c.region, "name": c.name,
		"network_interface_ids": []any{g.armID(c, "Microsoft.Network", "networkInterfaces")},
		"os_disk":               []any{map[string]any{"caching": "ReadWrite", "disk_size_gb": 30, "name": c.name + "-osdisk", "storage_account_type": "Premium_LRS", "write_accelerator_enabled": false}},
		"patch_mode":            "ImageDefault", "private_ip_address": "10.1.0.4", "resource_group_name": "rg-" + c.project, "size": "Standard_D2s_v5",
		"source_image_reference": []any{map[string]any{"offer": "0001-com-ubuntu-server-jammy", "publisher": "Canonical", "sku": "22_04-lts-gen2", "version": "latest"}},
		"tags":                   c.tags, "virtual_machine_id": g.uuid(), "zone": "1",
	}
}

func tfAzureStorage(g *tfGen, c *tfCtx) map[string]any {
	c.sensitive = []string{"primary_access_key", "secondary_access_key", "primary_connection_string", "secondary_connection_string"}
	name := strings.ReplaceAll(c.name, "-", "")
	key := g.hex(88)
	return map[string]any{
		"access_tier": "Hot", "account_kind": "StorageV2", "account_replication_type": "ZRS", "account_tier": "Standard", "allow_nested_items_to_be_public": false,
		"https_traffic_only_enabled": true, "id": g.armID(c, "Microsoft.Storage", "storageAccounts"), "location": c.region, "min_tls_version": "TLS1_2", "name": name,
		"network_rules":      []any{map[string]any{"bypass": []any{"AzureServices"}, "default_action": "Deny", "ip_rules": []any{}, "virtual_network_subnet_ids": []any{}}},
		"primary_access_key": key, "primary_blob_endpoint": "https://" + name + ".blob.core.windows.net/",
		"primary_connection_string":     "DefaultEndpointsProtocol=https;AccountName=" + name + ";AccountKey=" + key + ";EndpointSuffix=core.windows.net",
		"public_network_access_enabled": false, "resource_group_name": "rg-" + c.project, "secondary_access_key": g.hex(88), "tags": c.tags,
	}
}

func tfAzureFunctionApp(g *tfGen, c *tfCtx) map[string]any {
	return map[string]any{
		"app_settings": map[string]any{"FUNCTIONS_WORKER_RUNTIME": "python", "WEBSITE_RUN_FROM_PACKAGE": "1"}, "builtin_logging_enabled": true,
		"client_certificate_enabled": false, "default_hostname": c.name + ".azurewebsites.net", "enabled": true, "https_only": true,
		"id": g.armID(c, "Microsoft.Web", "sites"), "kind": "functionapp,linux", "location": c.region, "name": c.name,
		"resource_group_name": "rg-" + c.project, "service_plan_id": g.armID(c, "Microsoft.Web", "serverFarms"),
		"site_config":          []any{map[string]any{"always_on": false, "application_stack": []any{map[string]any{"python_version": "3.11"}}, "ftps_state": "Disabled", "minimum_tls_version": "1.2"}},
		"storage_account_name": strings.ReplaceAll(c.name, "-", ""), "tags": c.tags,
	}
}

func tfAzureAKS(g *tfGen, c *tfCtx) map[string]any {
	c.sensitive = []string{"kube_config_raw", "kube_admin_config_raw"}
	return map[string]any{
		"default_node_pool": []any{map[string]any{"name": "system", "node_count": 3, "vm_size": "Standard_D4s_v5", "zones": []any{"1", "2", "3"}}},
		"dns_prefix":        c.name, "fqdn": c.name + ".hcp." + c.region + ".azmk8s.io", "id": g.armID(c, "Microsoft.ContainerService", "managedClusters"),
		"kube_config_raw": "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " + g.hex(1200) + "\n", "kubernetes_version": "1.29.4",
		"location": c.region, "name": c.name, "private_cluster_enabled": true, "resource_group_name": "rg-" + c.project, "sku_tier": "Standard", "tags": c.tags,
	}
}

func (g *tfGen) labels(c *tfCtx) map[string]any {
	out := map[string]any{}
	for k, v := range c.tags {
		if k != "Name" {
			out[strings.ToLower(k)] = v
		}
	}
	return out
}

func tfGoogleInstance(g *tfGen, c *tfCtx) map[string]any {
	zone := c.region + "-" + pick(g.r, []string{"a", "b", "c"})
	labels := g.labels(c)
	self := fmt.Sprintf("https://www.googleapis.com/compute/v1/projects/%s/zones/%s/instances/%s", c.project, zone, c.name)
	return map[string]any{
		"allow_stopping_for_update": nil, "attached_disk": []any{},
		"boot_disk":      []any{map[string]any{"auto_delete": true, "device_name": "persistent-disk-0", "initialize_params": []any{map[string]any{"image": "debian-cloud/debian-12", "size": 20, "type": "pd-balanced"}}, "mode": "READ_WRITE", "source": self + "-boot"}},
		"can_ip_forward": false, "cpu_platform": "Intel Cascade Lake", "current_status": "RUNNING", "deletion_protection": false,
		"effective_labels": labels, "id": fmt.Sprintf("projects/%s/zones/%s/instances/%s", c.project, zone, c.name), "instance_id": fmt.Sprint(g.r.Uint64() >> 1),
		"labels": labels, "machine_type": "e2-standard-4", "metadata": map[string]any{"enable-oslogin": "TRUE"}, "name": c.name,
		"network_interface": []any{map[string]any{"network": "default", "network_ip": "10.128.0.2", "subnetwork": "default", "access_config": []any{}}},
		"project":           c.project, "self_link": self, "service_account": []any{map[string]any{"email": c.name + "@" + c.project + ".iam.gserviceaccount.com", "scopes": []any{"cloud-platform"}}},
		"shielded_instance_config": []any{map[string]any{"enable_integrity_monitoring": true, "enable_secure_boot": true, "enable_vtpm": true}},
		"tags":                     []any{"ssh", "web"}, "terraform_labels": labels, "zone": zone,
	}
}

func tfGoogleBucket(g *tfGen, c *tfCtx) map[string]any {
	labels := g.labels(c)
	name := c.project + "-" + c.name
	return map[string]any{
		"effective_labels": labels, "force_destroy": false, "id": name, "labels": labels, "location": strings.ToUpper(pick(g.r, []string{"eu", "us", "europe-west1"})),
		"name": name, "project": c.project, "public_access_prevention": "enforced", "self_link": "https://www.googleapis.com/storage/v1/b/" + name,
		"storage_class": "STANDARD", "terraform_labels": labels, "uniform_bucket_level_access": true, "url": "gs://" + name,
		"versioning": []any{map[string]any{"enabled": true}},
	}
}

func tfGoogleCluster(g *tfGen, c *tfCtx) map[string]any {
	c.sensitive = []string{"master_auth"}
	labels := g.labels(c)
	return map[string]any{
		"enable_autopilot": g.r.IntN(2) == 0, "endpoint": fmt.Sprintf("34.%d.%d.%d", g.r.IntN(255), g.r.IntN(255), g.r.IntN(255)),
		"id": fmt.Sprintf("projects/%s/locations/%s/clusters/%s", c.project, c.region, c.name), "location": c.region,
		"master_auth": []any{map[string]any{"client_certificate": "", "cluster_ca_certificate": g.hex(1600)}},
		"name":        c.name, "network": "default", "project": c.project, "release_channel": []any{map[string]any{"channel": "REGULAR"}},
		"resource_labels": labels, "self_link": fmt.Sprintf("https://container.googleapis.com/v1/projects/%s/locations/%s/clusters/%s", c.project, c.region, c.name),
	}
}

func tfGoogleSQL(g *tfGen, c *tfCtx) map[string]any {
	return map[string]any{
		"connection_name": c.project + ":" + c.region + ":" + c.name, "database_version": "POSTGRES_16", "deletion_protection": true,
		"id": c.name, "name": c.name, "project": c.project, "region": c.region,
		"self_link": fmt.Sprintf("https://sqladmin.googleapis.com/sql/v1beta4/projects/%s/instances/%s", c.project, c.name),
		"settings":  []any{map[string]any{"availability_type": "REGIONAL", "tier": "db-custom-2-7680", "user_labels": g.labels(c), "ip_configuration": []any{map[string]any{"ipv4_enabled": false, "ssl_mode": "ENCRYPTED_ONLY"}}}},
	}
}

// tfHelmRelease carries, now and then, a very large nested value: a chart's
// values file of 64 to 256 KB.
func tfHelmRelease(g *tfGen, c *tfCtx) map[string]any {
	values := "replicaCount: 2\n"
	if g.r.IntN(20) == 0 {
		values += strings.Repeat("# "+g.word(60)+"\n", 1000+g.r.IntN(3000))
	}
	return map[string]any{
		"chart": "ingress-nginx", "id": c.name, "metadata": []any{map[string]any{"app_version": "1.10.1", "chart": "ingress-nginx", "name": c.name, "namespace": "ingress", "revision": 3, "version": "4.10.1"}},
		"name": c.name, "namespace": "ingress", "repository": "https://kubernetes.github.io/ingress-nginx", "status": "deployed", "values": []any{values}, "version": "4.10.1",
	}
}

// tfLocalFile carries, now and then, a very large top-level string: a
// rendered file of 300 KB to 1 MB, longer than a reader's buffer.
func tfLocalFile(g *tfGen, c *tfCtx) map[string]any {
	content := "# generated\n"
	if g.r.IntN(10) == 0 {
		content += strings.Repeat(g.word(70)+"\n", 4000+g.r.IntN(10000))
	}
	return map[string]any{"content": content, "directory_permission": "0777", "file_permission": "0644", "filename": "./out/" + c.name + ".yaml", "id": g.hex(40)}
}
