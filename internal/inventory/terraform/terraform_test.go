package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/testkit"
)

var formats = []inventory.Format{Format, ShowFormat}

// summary is the part of a resource the tests compare; Attrs holds only the
// keys a test names.
type summary struct {
	Address, Type, Provider, ID, Name, Account, Region string
	Tags                                               map[string]string
	Attrs                                              map[string]string
	Line                                               int
}

func summarize(rs []*inventory.Resource, attrKeys ...string) []summary {
	var out []summary
	for _, r := range rs {
		out = append(out, summarizeOne(r, attrKeys...))
	}
	return out
}

func summarizeOne(r *inventory.Resource, attrKeys ...string) summary {
	s := summary{Address: r.Address, Type: r.Type, Provider: r.Provider, ID: r.ID, Name: r.Name, Account: r.Account, Region: r.Region, Tags: r.Tags, Line: r.Loc.Line}
	for _, k := range attrKeys {
		if v, ok := r.Attrs[k]; ok {
			if s.Attrs == nil {
				s.Attrs = map[string]string{}
			}
			s.Attrs[k] = v
		}
	}
	if r.Vocabulary != inventory.Terraform || r.Loc.File == "" {
		s.Type = "wrong vocabulary or no file: " + string(r.Vocabulary)
	}
	return s
}

// readAll reads a file the way the CLI does when it sniffs the format, and
// returns the name of the format that read it.
func readAll(t *testing.T, path string) ([]*inventory.Resource, string, error) {
	t.Helper()
	head, err := testkit.FileHead(path)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	for _, f := range formats {
		if f.Sniff(head) {
			name = f.Name
			break
		}
	}
	var out []*inventory.Resource
	err = inventory.ReadFile(path, "", formats, func(r *inventory.Resource) error {
		out = append(out, r)
		return nil
	})
	return out, name, err
}

// TestFixtures reads every Terraform sample of the shared fixtures, as
// sniffing picks its format, and checks the provider and address of every
// resource read.
func TestFixtures(t *testing.T) {
	dir := testkit.Shared(t, "fixtures/terraform")
	tests := []struct {
		file, format string
		want         []string // provider and address
	}{
		{"driftctl__aws_lb_listener.tfstate", "tfstate", []string{
			"aws aws_internet_gateway.gw",
			"aws aws_lb.test",
			"aws aws_lb_listener.front_end",
			"aws aws_lb_target_group.test",
			"aws aws_security_group.lb_sg",
			"aws aws_subnet.main-1",
		}},
		{"infracost__azure_firewall_plan.json", "tfshow", []string{
			"azure azurerm_firewall.non_usage",
			"azure azurerm_firewall.premium",
			"azure azurerm_firewall.premium_virtual_hub",
			"azure azurerm_firewall.standard",
			"azure azurerm_firewall.standard_virtual_hub",
			"azure azurerm_public_ip.example",
			"azure azurerm_resource_group.example",
			"azure azurerm_subnet.example",
			"azure azurerm_virtual_hub.example",
			"azure azurerm_virtual_network.example",
			"azure azurerm_virtual_wan.example",
		}},
		{"infracost__example_plan.json", "tfshow", []string{
			"aws aws_instance.web_app",
			"aws aws_instance.zero_cost_instance",
			"aws aws_lambda_function.hello_world",
			"aws aws_lambda_function.zero_cost_lambda",
			"aws aws_s3_bucket.usage",
		}},
		{"infracost__plan_with_target.json", "tfshow", []string{
			"aws aws_instance.web_app_1",
		}},
		{"infracost__terraform_v0.14_state.json", "tfshow", []string{
			"aws aws_instance.instance_1",
			"aws aws_instance.instance_counted[0]",
			"aws aws_instance.instance_named[\"test.1\"]",
			"aws module.db.aws_default_vpc.default",
			"aws module.db.module.db_1.module.db_instance.aws_db_instance.this[0]",
			"aws module.db.module.db_1.module.db_instance.aws_iam_role.enhanced_monitoring[0]",
			"aws module.db.module.db_1.module.db_instance.aws_iam_role_policy_attachment.enhanced_monitoring[0]",
			"aws module.db.module.db_1.module.db_option_group.aws_db_option_group.this[0]",
			"aws module.db.module.db_1.module.db_parameter_group.aws_db_parameter_group.this[0]",
			"aws module.db.module.db_1.module.db_subnet_group.aws_db_subnet_group.this[0]",
			"aws module.instances.aws_default_vpc.default",
			"aws module.instances.aws_instance.module_instance_1",
			"aws module.instances.aws_instance.module_instance_counted[0]",
			"aws module.instances.aws_instance.module_instance_named[\"test.1\"]",
		}},
		{"inframap__azure.tfstate", "tfstate", []string{
			"azure azurerm_linux_virtual_machine.myterraformvm",
			"azure azurerm_linux_virtual_machine.myterraformvm2",
			"azure azurerm_virtual_network.myterraformnetwork",
			"azure azurerm_virtual_network.myterraformnetwork2",
			"azure azurerm_virtual_network_peering.example-1",
		}},
		{"inframap__google_state.tfstate.json", "tfstate", []string{
			"gcp google_compute_firewall.PEZjy",
			"gcp google_compute_firewall.vZmhG",
			"gcp google_compute_instance.ZthAT",
			"gcp google_compute_instance.lodiw",
		}},
		{"inframap__repeated_modules.tfstate.json", "tfstate", []string{
			"aws module.all_sg.aws_security_group.this_name_prefix[0]",
			"aws module.all_sg.aws_security_group_rule.egress_rules[0]",
			"aws module.all_sg.aws_security_group_rule.ingress_rules[0]",
			"aws module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]",
			"aws module.ec2_openvpn.module.bastion_sg.aws_security_group_rule.egress_rules[0]",
			"aws module.ec2_openvpn.module.bastion_sg.aws_security_group_rule.ingress_rules[0]",
			"aws module.ec2_openvpn.module.ec2_bastion.aws_instance.this[0]",
			"aws module.ec2_redhat_a.aws_instance.this[0]",
			"aws module.ec2_redhat_b.aws_instance.this[0]",
			"aws module.ec2_ubuntu_a[0].aws_instance.this[0]",
			"aws module.ec2_ubuntu_a[1].aws_instance.this[0]",
			"aws module.ec2_ubuntu_b[0].aws_instance.this[0]",
			"aws module.ec2_ubuntu_b[1].aws_instance.this[0]",
			"aws module.vpc.aws_eip.nat[0]",
			"aws module.vpc.aws_internet_gateway.this[0]",
			"aws module.vpc.aws_nat_gateway.this[0]",
		}},
		{"tfjson__120_basic__plan.json", "tfshow", []string{
			"null null_resource.bar",
			"null null_resource.baz[0]",
			"null null_resource.baz[1]",
			"null null_resource.baz[2]",
			"null null_resource.foo",
			"null module.foo.null_resource.aliased",
			"null module.foo.null_resource.foo",
		}},
		{"tfjson__has_changes__plan.json", "tfshow", []string{
			"null null_resource.bar",
			"null null_resource.baz[0]",
			"null null_resource.baz[1]",
			"null null_resource.baz[2]",
			"null null_resource.foo",
			"null module.foo.null_resource.foo",
		}},
		{"tfjson__identity__state.json", "tfshow", []string{
			"corner corner_bigint.number",
			"corner corner_user.user",
		}},
		{"tfjson__moved_block__show.json", "tfshow", []string{
			"random random_id.test",
		}},
		{"tfjson__nested_config_keys__plan.json", "tfshow", []string{
			"aws aws_instance.foo",
		}},
		{"tfjson__no_changes__state.json", "tfshow", []string{
			"null null_resource.bar",
			"null null_resource.baz[0]",
			"null null_resource.baz[1]",
			"null null_resource.baz[2]",
			"null null_resource.foo",
			"null module.foo.null_resource.foo",
		}},
		{"tfjson__no_changes__terraform.tfstate", "tfstate", []string{
			"null null_resource.bar",
			"null null_resource.baz[0]",
			"null null_resource.baz[1]",
			"null null_resource.baz[2]",
			"null null_resource.foo",
			"null module.foo.null_resource.foo",
		}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			rs, format, err := readAll(t, filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format {
				t.Errorf("sniffed as %q, want %q", format, tt.format)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Provider+" "+r.Address)
				if r.Type == "" || r.Loc.File == "" || r.Name == "" {
					t.Errorf("%s: no type, file or name: %+v", r.Address, r)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !seen[f.Name()] && !strings.HasSuffix(f.Name(), ".md") {
			t.Errorf("fixture %s has no test", f.Name())
		}
	}
}

// TestFixtureDetails checks the identity of some fixture resources field
// by field.
func TestFixtureDetails(t *testing.T) {
	dir := testkit.Shared(t, "fixtures/terraform")
	tests := []struct {
		file  string
		attrs []string
		want  map[string]summary // by address
	}{
		{"driftctl__aws_lb_listener.tfstate", []string{"load_balancer_type", "internal"}, map[string]summary{
			"aws_lb.test": {Address: "aws_lb.test", Type: "aws_lb", Provider: "aws",
				ID:   "arn:aws:elasticloadbalancing:us-east-1:533948124879:loadbalancer/app/test-lb-tf/168f3e312968e275",
				Name: "test-lb-tf", Account: "533948124879", Region: "us-east-1",
				Attrs: map[string]string{"load_balancer_type": "application", "internal": "false"}, Line: 57},
		}},
		{"inframap__azure.tfstate", nil, map[string]summary{
			"azurerm_linux_virtual_machine.myterraformvm": {Address: "azurerm_linux_virtual_machine.myterraformvm", Type: "azurerm_linux_virtual_machine", Provider: "azure",
				ID:   "/subscriptions/508f906f-b287-4882-b038-c653fe001aa0/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM",
				Name: "myVM", Account: "508f906f-b287-4882-b038-c653fe001aa0", Line: 19},
		}},
		{"infracost__terraform_v0.14_state.json", []string{"engine", "instance_class"}, map[string]summary{
			"module.db.module.db_1.module.db_instance.aws_db_instance.this[0]": {Address: "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]",
				Type: "aws_db_instance", Provider: "aws", ID: "arn:aws:rds:us-east-1:123123123123:db:demodb", Name: "demodb", Account: "123123123123", Region: "us-east-1",
				Tags:  map[string]string{"Environment": "dev", "Name": "demodb", "Owner": "user2"},
				Attrs: map[string]string{"engine": "mysql", "instance_class": "db.t3.micro"}, Line: 361},
			`aws_instance.instance_named["test.1"]`: {Address: `aws_instance.instance_named["test.1"]`, Type: "aws_instance", Provider: "aws",
				ID: "arn:aws:ec2:us-east-1:123123123123:instance/i-0ee865cb954b344ff", Name: "test.1", Account: "123123123123", Region: "us-east-1",
				Tags: map[string]string{"Name": "test.1"}, Line: 198},
		}},
		{"tfjson__no_changes__state.json", nil, map[string]summary{
			"module.foo.null_resource.foo": {Address: "module.foo.null_resource.foo", Type: "null_resource", Provider: "null", ID: "705267318028962447",
				Name: "module.foo.null_resource.foo", Line: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs, _, err := readAll(t, filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]summary{}
			for _, r := range rs {
				if _, ok := tt.want[r.Address]; ok {
					got[r.Address] = summarizeOne(r, tt.attrs...)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSniff checks that each Terraform file, shared or own, is recognised
// by exactly its format, and that no other shared fixture is: a CycloneDX
// BOM has an integer version too, and findings and SARIF files have
// versions of their own.
func TestSniff(t *testing.T) {
	walk(t, "testdata")
	walk(t, testkit.Shared(t, "fixtures"))
}

// walk checks the sniffing of every file below dir.
func walk(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == "fuzz":
			return filepath.SkipDir
		case !d.IsDir() && !strings.HasSuffix(p, ".md"):
			checkSniff(t, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkSniff(t *testing.T, p string) {
	t.Helper()
	base := filepath.Base(p)
	var want string
	switch {
	case strings.Contains(base, "tfstate"):
		want = "tfstate"
	case filepath.Base(filepath.Dir(p)) == "terraform", strings.HasPrefix(base, "show_"), strings.HasPrefix(base, "plan"):
		want = "tfshow"
	}
	head, err := testkit.FileHead(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range formats {
		if f.Sniff(head) {
			got = append(got, f.Name)
		}
	}
	if want == "" && len(got) > 0 || want != "" && (len(got) != 1 || got[0] != want) {
		t.Errorf("%s is accepted by %v, want %q", p, got, want)
	}
}
