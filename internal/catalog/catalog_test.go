package catalog

import "testing"

func TestBuiltinLoads(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if c.Version == "" {
		t.Fatal("no version")
	}
}
