package terraform

import "testing"

func TestStringKey(t *testing.T) {
	tests := []struct{ key, want string }{
		{"", `[""]`},
		{"blue", `["blue"]`},
		{`say "hi"`, `["say \"hi\""]`},
		{`C:\dir`, `["C:\\dir"]`},
		{"a\nb\rc\td", `["a\nb\rc\td"]`},
		{"${var.x}", `["$${var.x}"]`},
		{"%{if x}", `["%%{if x}"]`},
		{"$x %y $", `["$x %y $"]`},
		{"\x00\u200b", `["\u0000\u200b"]`},
		{"\U000e0001", `["\U000e0001"]`},
		{"héllo wörld ✓", `["héllo wörld ✓"]`},
	}
	for _, tt := range tests {
		if got := stringKey(tt.key); got != tt.want {
			t.Errorf("stringKey(%q) = %s, want %s", tt.key, got, tt.want)
		}
	}
}

func TestConfigAddress(t *testing.T) {
	tests := []struct {
		module, want string
		ok           bool
	}{
		{"", "", true},
		{"module.a", "module.a", true},
		{`module.a["k.x"].module.b[0]`, "module.a.module.b", true},
		{`module.a["q\"]"].module.b-c`, "module.a.module.b-c", true},
		{"module.a[12][3]", "", false},
		{"module.a.", "", false},
		{"module.", "", false},
		{"aws_instance.x", "", false},
		{`module.a["open`, "", false},
		{"module.a[x]", "", false},
		{"module.a[]", "", false},
	}
	for _, tt := range tests {
		got, ok := configAddress(tt.module)
		if got != tt.want || ok != tt.ok {
			t.Errorf("configAddress(%q) = %q, %v, want %q, %v", tt.module, got, ok, tt.want, tt.ok)
		}
	}
}

func TestModulePrefix(t *testing.T) {
	tests := []struct {
		address, rel, want string
		ok                 bool
	}{
		{"aws_instance.a", "aws_instance.a", "", true},
		{`module.m["k"].aws_instance.a[0]`, "aws_instance.a[0]", `module.m["k"]`, true},
		{"module.m.data.aws_ami.a", "data.aws_ami.a", "module.m", true},
		{"aws_instance.a", "aws_instance.a[0]", "", false},
		{"x.aws_instance.a", "aws_instance.a", "", false},
	}
	for _, tt := range tests {
		got, ok := modulePrefix(tt.address, tt.rel)
		if got != tt.want || ok != tt.ok {
			t.Errorf("modulePrefix(%q, %q) = %q, %v, want %q, %v", tt.address, tt.rel, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProviderType(t *testing.T) {
	tests := []struct{ config, want string }{
		{`provider["registry.terraform.io/hashicorp/aws"]`, "aws"},
		{`provider["registry.terraform.io/hashicorp/aws"].west`, "aws"},
		{`module.a["k"].module.b.provider["registry.opentofu.org/hashicorp/google-beta"]`, "google-beta"},
		{`provider["hashicorp/azurerm"]`, "azurerm"},
		{"provider.aws", "aws"},
		{"provider.aws.west", "aws"},
		{"module.provider.provider.kubernetes", "kubernetes"},
		{`provider["unterminated`, ""},
		{"myprovider.aws", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := providerType(tt.config); got != tt.want {
			t.Errorf("providerType(%q) = %q, want %q", tt.config, got, tt.want)
		}
	}
}

func TestCloudOf(t *testing.T) {
	tests := []struct{ provider, typ, want string }{
		{"aws", "aws_instance", "aws"},
		{"awscc", "awscc_s3_bucket", "aws"},
		{"azurerm", "azurerm_linux_web_app", "azure"},
		{"google-beta", "google_compute_instance", "gcp"},
		{"helm", "helm_release", "kubernetes"},
		{"datadog", "datadog_monitor", "datadog"},
		{"", "google_storage_bucket", "gcp"},
		{"", "random", "random"},
		{"", "_x", "_x"},
	}
	for _, tt := range tests {
		if got := cloudOf(tt.provider, tt.typ); got != tt.want {
			t.Errorf("cloudOf(%q, %q) = %q, want %q", tt.provider, tt.typ, got, tt.want)
		}
	}
}

func TestRegions(t *testing.T) {
	aws := map[string]string{
		"us-east-1a": "us-east-1", "eu-central-2c": "eu-central-2", "us-gov-west-1b": "us-gov-west-1", "us-west-2-lax-1a": "us-west-2",
		"cn-north-1a": "cn-north-1", "use1-az1": "", "us-east": "", "": "", "us--1a": "",
	}
	for zone, want := range aws {
		if got := awsRegion(zone); got != want {
			t.Errorf("awsRegion(%q) = %q, want %q", zone, got, want)
		}
	}
	gcp := map[string]string{"europe-west1-b": "europe-west1", "europe-west1": "europe-west1", "EU": "EU", "us-central1-f": "us-central1", "a-b": "a-b"}
	for location, want := range gcp {
		if got := gcpRegion(location); got != want {
			t.Errorf("gcpRegion(%q) = %q, want %q", location, got, want)
		}
	}
}

func TestSubscription(t *testing.T) {
	tests := map[string]string{
		"/subscriptions/0b1c/resourceGroups/rg":              "0b1c",
		"/SUBSCRIPTIONS/0b1c":                                "0b1c",
		"/subscriptions/":                                    "",
		"subscriptions/0b1c/resourceGroups/rg":               "",
		"/providers/Microsoft.Management/managementGroups/x": "",
	}
	for id, want := range tests {
		if got := subscription(id); got != want {
			t.Errorf("subscription(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestSecretName(t *testing.T) {
	for _, name := range []string{"password", "master_password", "admin_passphrase", "client_secret", "auth_token", "credentials", "primary_connection_string", "private_key_pem", "access_key", "primary_key"} {
		if !secretName([]byte(name)) {
			t.Errorf("%s is not taken for a secret", name)
		}
	}
	for _, name := range []string{"engine", "kind", "launch_type", "kms_key_id", "private_ip", "key", "keyring", "name"} {
		if secretName([]byte(name)) {
			t.Errorf("%s is taken for a secret", name)
		}
	}
}

func TestActionOf(t *testing.T) {
	tests := []struct {
		actions []string
		want    Action
		ok      bool
	}{
		{[]string{"no-op"}, ActionNoOp, true},
		{[]string{"create"}, ActionCreate, true},
		{[]string{"read"}, ActionRead, true},
		{[]string{"update"}, ActionUpdate, true},
		{[]string{"delete"}, ActionDelete, true},
		{[]string{"forget"}, ActionForget, true},
		{[]string{"delete", "create"}, ActionReplace, true},
		{[]string{"create", "delete"}, ActionReplace, true},
		{[]string{"create", "forget"}, ActionReplace, true},
		{[]string{"forget", "create"}, ActionReplace, true},
		{[]string{"create", "create"}, "", false},
		{[]string{"delete", "forget"}, "", false},
		{[]string{"replace"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		if got, ok := actionOf(tt.actions); got != tt.want || ok != tt.ok {
			t.Errorf("actionOf(%q) = %q, %v, want %q, %v", tt.actions, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAddressType(t *testing.T) {
	for address, want := range map[string]string{
		"aws_instance.web": "aws_instance",
		`module.a["k.x"].module.b[0].aws_s3_bucket.b`: "aws_s3_bucket",
		"module.db.data.aws_ami.ubuntu":               "aws_ami",
		"module.":                                     "",
		"web":                                         "",
		`module.a["unterminated.aws_instance.x`:       "",
	} {
		if got := AddressType(address); got != want {
			t.Errorf("AddressType(%q) = %q, want %q", address, got, want)
		}
	}
}
