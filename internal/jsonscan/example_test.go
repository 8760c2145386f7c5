package jsonscan_test

import (
	"fmt"
	"strings"

	"github.com/onus-dev/onus/internal/jsonscan"
)

func Example() {
	in := `{"resources":[{"type":"aws_instance","name":"web"}]}`
	s := jsonscan.New(strings.NewReader(in), "terraform.tfstate")

	type resource struct{ typ, name string }
	var resources []resource
	err := s.Object(func(key []byte) error {
		if string(key) != "resources" {
			return nil // skip every other member
		}
		return s.Array(func() error {
			var r resource
			err := s.Object(func(key []byte) error {
				var err error
				switch string(key) {
				case "type":
					r.typ, err = s.String()
				case "name":
					r.name, err = s.String()
				}
				return err
			})
			resources = append(resources, r)
			return err
		})
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resources)
	// Output: [{aws_instance web}]
}

// Reading newline-delimited JSON: Peek reports EOF after the last value.
func ExampleScanner_Peek() {
	in := "{\"id\":1}\n{\"id\":2}\n"
	s := jsonscan.New(strings.NewReader(in), "findings.ndjson")
	for {
		k, err := s.Peek()
		if err != nil {
			fmt.Println(err)
			return
		}
		if k == jsonscan.EOF {
			break
		}
		line := s.Line()
		err = s.Object(func(key []byte) error {
			if string(key) != "id" {
				return nil
			}
			id, err := s.Int()
			fmt.Printf("line %d: id %d\n", line, id)
			return err
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// line 1: id 1
	// line 2: id 2
}

// Errors carry the file, line and column of the offending byte.
func ExampleScanner_Skip() {
	s := jsonscan.New(strings.NewReader("{\n  \"a\": [1, 2 3]\n}"), "bad.json")
	fmt.Println(s.Skip())
	// Output: bad.json:2:14: expected ',' or ']' after array element, found '3'
}
