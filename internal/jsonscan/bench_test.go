package jsonscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// The benchmark documents are generated, shaped like the inputs onus reads:
// a Terraform state as Terraform writes it (two-space indent, attributes of
// every kind, nested blocks, IAM policies as escaped JSON strings), and a
// Prowler OCSF findings file (an indented array of records of about 3 KB).
var (
	benchOnce                       sync.Once
	benchState, benchStateCompact   []byte
	benchFindings                   []byte
	benchFindingCount, benchResDocs int
)

func benchDocs(b *testing.B) {
	b.Helper()
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		state := tfState(r, 6000)
		benchState = mustIndent(state)
		benchResDocs = 6000
		var err error
		if benchStateCompact, err = json.Marshal(state); err != nil {
			panic(err)
		}
		benchFindingCount = 6000
		benchFindings = mustIndent(findings(r, benchFindingCount))
	})
}

func mustIndent(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

func word(r *rand.Rand, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

var resourceTypes = []string{"aws_instance", "aws_s3_bucket", "aws_iam_policy", "aws_security_group", "aws_db_instance", "azurerm_storage_account", "google_compute_instance", "aws_lambda_function"}

func tfState(r *rand.Rand, n int) map[string]any {
	resources := make([]any, n)
	for i := range resources {
		typ := resourceTypes[r.IntN(len(resourceTypes))]
		id := word(r, 17)
		attrs := map[string]any{
			"id":       id,
			"arn":      "arn:aws:ec2:us-east-1:123456789012:" + typ + "/" + id,
			"tags":     map[string]any{"Name": word(r, 12), "env": "prod", "owner": word(r, 8)},
			"tags_all": map[string]any{"Name": word(r, 12), "env": "prod", "owner": word(r, 8)},
			"policy":   fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"%s","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::%s/*"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-%s"}}}]}`, word(r, 10), word(r, 20), word(r, 10)),
			"root_block_device": []any{map[string]any{
				"delete_on_termination": true, "device_name": "/dev/xvda", "encrypted": r.IntN(2) == 0,
				"iops": 3000, "kms_key_id": "", "tags": map[string]any{}, "throughput": 125,
				"volume_id": "vol-" + word(r, 17), "volume_size": 8 + r.IntN(100), "volume_type": "gp3",
			}},
			"ingress": []any{
				map[string]any{"cidr_blocks": []any{"10.0.0.0/8", "192.168.0.0/16"}, "description": word(r, 30), "from_port": 443, "to_port": 443, "protocol": "tcp", "self": false, "security_groups": []any{}},
				map[string]any{"cidr_blocks": []any{"0.0.0.0/0"}, "description": word(r, 20), "from_port": 22, "to_port": 22, "protocol": "tcp", "self": false, "security_groups": []any{}},
			},
		}
		for k := range 24 {
			attrs[fmt.Sprintf("attribute_%02d", k)] = word(r, 4+r.IntN(36))
		}
		for k := range 6 {
			attrs[fmt.Sprintf("count_%d", k)] = r.IntN(100000)
			attrs[fmt.Sprintf("enabled_%d", k)] = r.IntN(2) == 0
		}
		for k := range 4 {
			attrs[fmt.Sprintf("optional_%d", k)] = nil
		}
		res := map[string]any{
			"mode":     "managed",
			"type":     typ,
			"name":     word(r, 10),
			"provider": `provider["registry.terraform.io/hashicorp/aws"]`,
			"instances": []any{map[string]any{
				"schema_version":       1,
				"attributes":           attrs,
				"sensitive_attributes": []any{},
				"private":              word(r, 180),
				"dependencies":         []any{"aws_vpc.main", "aws_subnet." + word(r, 6)},
			}},
		}
		if i%3 == 0 {
			res["module"] = "module." + word(r, 8)
		}
		resources[i] = res
	}
	return map[string]any{
		"version": 4, "terraform_version": "1.9.5", "serial": 42, "lineage": word(r, 36),
		"outputs": map[string]any{}, "resources": resources, "check_results": nil,
	}
}

func findings(r *rand.Rand, n int) []any {
	out := make([]any, n)
	sentence := func(words int) string {
		w := make([]string, words)
		for i := range w {
			w[i] = word(r, 2+r.IntN(9))
		}
		return strings.Join(w, " ")
	}
	for i := range out {
		check := word(r, 24)
		out[i] = map[string]any{
			"message": sentence(10),
			"metadata": map[string]any{
				"event_code": check,
				"product":    map[string]any{"name": "Prowler", "uid": "prowler", "vendor_name": "Prowler", "version": "5.2.0"},
				"profiles":   []any{"cloud", "datetime"}, "tenant_uid": "", "version": "1.4.0",
			},
			"severity_id": 1 + r.IntN(5), "severity": "Low", "status": "New", "status_code": "FAIL",
			"status_detail": sentence(12), "status_id": 1,
			"unmapped": map[string]any{
				"related_url": "https://docs.aws.amazon.com/" + word(r, 40), "categories": []any{}, "depends_on": []any{},
				"related_to": []any{}, "additional_urls": []any{}, "notes": "",
				"compliance": map[string]any{
					"CIS-1.4": []any{"1.20"}, "CIS-1.5": []any{"1.20"}, "CIS-2.0": []any{"1.20"}, "CIS-3.0": []any{"1.20"},
					"KISA-ISMS-P-2023":                []any{"2.5.6", "2.6.4", "2.8.1", "2.8.2"},
					"AWS-Account-Security-Onboarding": []any{sentence(3), sentence(6), sentence(8)},
				},
			},
			"activity_name": "Create", "activity_id": 1,
			"finding_info": map[string]any{
				"created_time": 1739539623 + i, "created_time_dt": "2025-02-14T14:27:03.913874",
				"desc": sentence(8), "product_uid": "prowler", "title": sentence(8), "types": []any{},
				"uid": "prowler-aws-" + check + "-123456789012-us-east-1-" + word(r, 12),
			},
			"resources": []any{map[string]any{
				"cloud_partition": "aws", "region": "us-east-1",
				"data": map[string]any{"details": "", "metadata": map[string]any{
					"arn": "arn:aws:s3:::" + word(r, 20), "name": word(r, 20), "status": "NOT_AVAILABLE",
					"findings": []any{}, "tags": []any{}, "type": "", "region": "us-east-1",
				}},
				"group": map[string]any{"name": "s3"}, "labels": []any{}, "name": word(r, 20),
				"type": "AwsS3Bucket", "uid": "arn:aws:s3:::" + word(r, 20),
			}},
			"category_name": "Findings", "category_uid": 2, "class_name": "Detection Finding", "class_uid": 2004,
			"cloud": map[string]any{
				"account":  map[string]any{"name": "", "type": "AWS Account", "type_id": 10, "uid": "123456789012", "labels": []any{}},
				"org":      map[string]any{"name": "", "uid": ""},
				"provider": "aws", "region": "us-east-1",
			},
			"remediation":  map[string]any{"desc": sentence(20), "references": []any{"https://docs.aws.amazon.com/" + word(r, 30)}},
			"risk_details": sentence(30),
			"time":         1739539623 + i, "time_dt": "2025-02-14T14:27:03.913874",
			"type_uid": 200401, "type_name": "Detection Finding: Create",
		}
	}
	return out
}

// resource is what the walks read from each resource of a state.
type resource struct {
	Module, Mode, Type, Name, Provider string
	Instances                          []instance
}

type instance struct {
	ID, ARN string
	Tags    map[string]string
}

// walkState reads the addresses, ids and tags of a state's resources and
// skips the rest, as the Terraform-state reader does.
func walkState(s *Scanner) ([]resource, error) {
	var out []resource
	err := s.Object(func(key []byte) error {
		if string(key) != "resources" {
			return nil
		}
		return s.Array(func() error {
			var r resource
			err := s.Object(func(key []byte) error {
				var err error
				switch string(key) {
				case "module":
					r.Module, err = s.String()
				case "mode":
					r.Mode, err = s.String()
				case "type":
					r.Type, err = s.String()
				case "name":
					r.Name, err = s.String()
				case "provider":
					r.Provider, err = s.String()
				case "instances":
					err = s.Array(func() error {
						var in instance
						err := s.Object(func(key []byte) error {
							if string(key) != "attributes" {
								return nil
							}
							return s.Object(func(key []byte) error {
								var err error
								switch string(key) {
								case "id":
									in.ID, err = s.String()
								case "arn":
									in.ARN, err = s.String()
								case "tags":
									in.Tags, err = readTags(s)
								}
								return err
							})
						})
						r.Instances = append(r.Instances, in)
						return err
					})
				}
				return err
			})
			out = append(out, r)
			return err
		})
	})
	return out, err
}

// readTags reads an object of tags, keeping every value as text.
func readTags(s *Scanner) (map[string]string, error) {
	tags := map[string]string{}
	err := s.Object(func(key []byte) error {
		k, err := s.Peek()
		if err != nil {
			return err
		}
		var v string
		switch k {
		case String:
			v, err = s.String()
		case Number, Bool, Null:
			var b []byte
			b, _, err = s.Scalar()
			v = string(b)
		default:
			return nil
		}
		tags[string(key)] = v
		return err
	})
	return tags, err
}

// stdState is the same walk as walkState for encoding/json.
type stdState struct {
	Resources []struct {
		Module, Mode, Type, Name, Provider string
		Instances                          []struct {
			Attributes struct {
				ID   string            `json:"id"`
				ARN  string            `json:"arn"`
				Tags map[string]string `json:"tags"`
			} `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

func (st *stdState) resources() []resource {
	var out []resource
	for _, r := range st.Resources {
		res := resource{Module: r.Module, Mode: r.Mode, Type: r.Type, Name: r.Name, Provider: r.Provider}
		for _, in := range r.Instances {
			res.Instances = append(res.Instances, instance{ID: in.Attributes.ID, ARN: in.Attributes.ARN, Tags: in.Attributes.Tags})
		}
		out = append(out, res)
	}
	return out
}

// finding is what the findings walk reads from each record.
type finding struct {
	ClassUID            int64
	UID, Status, Region string
	Resources           []string
}

func walkFindings(s *Scanner, fn func(*finding)) error {
	return s.Array(func() error {
		var f finding
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "class_uid":
				f.ClassUID, err = s.Int()
			case "status_code":
				f.Status, err = s.String()
			case "finding_info":
				err = s.Object(func(key []byte) error {
					if string(key) != "uid" {
						return nil
					}
					f.UID, err = s.String()
					return err
				})
			case "cloud":
				err = s.Object(func(key []byte) error {
					if string(key) != "region" {
						return nil
					}
					f.Region, err = s.String()
					return err
				})
			case "resources":
				err = s.Array(func() error {
					return s.Object(func(key []byte) error {
						if string(key) != "uid" {
							return nil
						}
						uid, err := s.String()
						f.Resources = append(f.Resources, uid)
						return err
					})
				})
			}
			return err
		})
		fn(&f)
		return err
	})
}

type stdFinding struct {
	ClassUID    int64  `json:"class_uid"`
	StatusCode  string `json:"status_code"`
	FindingInfo struct {
		UID string `json:"uid"`
	} `json:"finding_info"`
	Cloud struct {
		Region string `json:"region"`
	} `json:"cloud"`
	Resources []struct {
		UID string `json:"uid"`
	} `json:"resources"`
}

// The walks must agree with encoding/json, or the benchmarks compare
// different work.
func TestWalksMatchEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	doc := mustIndent(tfState(r, 50))
	got, err := walkState(New(bytes.NewReader(doc), "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st stdState
	if err := json.Unmarshal(doc, &st); err != nil {
		t.Fatal(err)
	}
	if want := st.resources(); !equalJSON(got, want) {
		t.Errorf("walkState disagrees with encoding/json")
	}

	doc = mustIndent(findings(r, 50))
	var fs []finding
	if err := walkFindings(New(bytes.NewReader(doc), "f.json"), func(f *finding) { fs = append(fs, *f) }); err != nil {
		t.Fatal(err)
	}
	var std []stdFinding
	if err := json.Unmarshal(doc, &std); err != nil {
		t.Fatal(err)
	}
	if len(fs) != len(std) {
		t.Fatalf("got %d findings, want %d", len(fs), len(std))
	}
	for i, f := range std {
		want := finding{ClassUID: f.ClassUID, UID: f.FindingInfo.UID, Status: f.StatusCode, Region: f.Cloud.Region}
		for _, r := range f.Resources {
			want.Resources = append(want.Resources, r.UID)
		}
		if !equalJSON(fs[i], want) {
			t.Errorf("finding %d: got %+v, want %+v", i, fs[i], want)
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func BenchmarkSkip(b *testing.B) {
	benchDocs(b)
	for _, d := range []struct {
		name string
		doc  []byte
	}{
		{"tfstate", benchState},
		{"tfstate-compact", benchStateCompact},
		{"findings", benchFindings},
	} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.doc)))
			b.ReportAllocs()
			s := New(nil, "")
			for b.Loop() {
				s.Reset(bytes.NewReader(d.doc), "bench.json")
				if err := s.Skip(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(d.name+"/json.Valid", func(b *testing.B) {
			b.SetBytes(int64(len(d.doc)))
			for b.Loop() {
				if !json.Valid(d.doc) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

func BenchmarkObjectWalk(b *testing.B) {
	benchDocs(b)
	b.Run("jsonscan", func(b *testing.B) {
		b.SetBytes(int64(len(benchState)))
		b.ReportAllocs()
		for b.Loop() {
			res, err := walkState(New(bytes.NewReader(benchState), "bench.json"))
			if err != nil || len(res) != benchResDocs {
				b.Fatal(len(res), err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(benchState)))
		b.ReportAllocs()
		for b.Loop() {
			var st stdState
			if err := json.NewDecoder(bytes.NewReader(benchState)).Decode(&st); err != nil || len(st.Resources) != benchResDocs {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkFindingsWalk(b *testing.B) {
	benchDocs(b)
	b.Run("jsonscan", func(b *testing.B) {
		b.SetBytes(int64(len(benchFindings)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			err := walkFindings(New(bytes.NewReader(benchFindings), "bench.json"), func(*finding) { n++ })
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(benchFindings)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			var fs []stdFinding
			if err := json.NewDecoder(bytes.NewReader(benchFindings)).Decode(&fs); err != nil {
				b.Fatal(err)
			}
			n += len(fs)
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
}
