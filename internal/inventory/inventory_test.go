package inventory

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/onus-dev/onus"
)

// lines is a toy format: one resource per line, sniffed by a "#lines" head.
var lines = Format{
	Name:  "lines",
	Sniff: func(head []byte) bool { return bytes.HasPrefix(head, []byte("#lines")) },
	Read: func(r io.Reader, file string, emit func(*Resource) error) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(data), "\n")[1:] {
			if l != "" {
				if err := emit(&Resource{Vocabulary: Service, Type: l, ID: l}); err != nil {
					return err
				}
			}
		}
		return nil
	},
}

func TestReadPicksTheFormat(t *testing.T) {
	var got []string
	emit := func(r *Resource) error { got = append(got, r.ID); return nil }
	if err := Read(strings.NewReader("#lines\naws:rds\nsaas:slack\n"), "x", "", []Format{lines}, emit); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "aws:rds,saas:slack" {
		t.Errorf("read %v", got)
	}
	err := Read(strings.NewReader("something else"), "y.json", "", []Format{lines}, emit)
	if onus.Code(err) != onus.EUnsupported || !strings.Contains(err.Error(), "y.json") {
		t.Errorf("unknown content: %v", err)
	}
	err = Read(strings.NewReader("#lines\n"), "z", "line", []Format{lines}, emit)
	if onus.Code(err) != onus.EInvalid || !strings.Contains(err.Error(), `did you mean "lines"`) {
		t.Errorf("unknown format name: %v", err)
	}
}

func TestResourceAsset(t *testing.T) {
	r := &Resource{Vocabulary: Terraform, Type: "aws_db_instance", Address: "module.db.aws_db_instance.main", ID: "arn:aws:rds:eu-west-1:1:db:main",
		Account: "1", Tags: map[string]string{"Environment": "prod"}, Owner: "dba", Attrs: map[string]string{"model": "iaas"}}
	a := r.Asset("aws:rds")
	if a.ID != r.ID || a.Name != r.Address || a.Environment != "prod" || a.Tags["owner"] != "dba" || a.Model != onus.IaaS || a.Service != "aws:rds" {
		t.Errorf("asset = %+v", a)
	}
	plan := &Resource{Vocabulary: Terraform, Type: "aws_instance", Address: "aws_instance.web"}
	if a := plan.Asset(""); a.ID != "aws_instance.web" {
		t.Errorf("a resource not yet created is known by its address, got %q", a.ID)
	}
}
