package model

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus/internal/testkit"
)

const schemaFile = "../../schema/onus-model.schema.json"

// The published schema is generated; this keeps the committed copy current.
func TestSchemaUpToDate(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, schemaFile, append(got, '\n'))
}

// TestSchemaValidates checks the schema with an independent validator: the
// valid models and the examples pass, and typical mistakes fail.
func TestSchemaValidates(t *testing.T) {
	data, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	examples, _ := filepath.Glob("../../examples/*/*.yaml")
	for _, f := range append(files, examples...) {
		for i, v := range yamlDocs(t, f) {
			if v.(map[string]any)["apiVersion"] != "onus/v1" {
				continue
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s document %d: %v", f, i, err)
			}
		}
	}
	for _, bad := range []string{
		"apiVersion: onus/v1\nparties: [{id: a, kind: teem}]\n",
		"apiVersion: onus/v1\nassets: [{id: a, service: aws:rds, ownr: x}]\n",
		"apiVersion: onus/v1\nassignments: [{id: a, layers: [identiy], owner: b}]\n",
		"apiVersion: onus/v1\nagreements: [{id: a, parties: [x, y], review_interval: soon}]\n",
	} {
		var v any
		if err := yaml.Unmarshal([]byte(bad), &v); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(jsonRoundTrip(t, v)); err == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
}

func datesAsText(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case map[string]any:
		for k, e := range x {
			x[k] = datesAsText(e)
		}
	case []any:
		for i, e := range x {
			x[i] = datesAsText(e)
		}
	}
	return v
}

func yamlDocs(t *testing.T, path string) []any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []any
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			if !strings.Contains(err.Error(), "EOF") {
				t.Fatalf("%s: %v", path, err)
			}
			return out
		}
		out = append(out, jsonRoundTrip(t, v))
	}
}

// jsonRoundTrip turns a YAML value into the JSON value an editor sees:
// editors read an unquoted date as text.
func jsonRoundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(datesAsText(v))
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
