package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
)

// Bounds on the attributes kept for one resource. Classification rules read
// short scalars (kind, launch type, a flag); a policy document or a
// certificate is of no use to them and would only bloat every asset.
const (
	MaxAttrs      = 256
	MaxAttrValue  = 1024
	MaxAttrKeyLen = 256
)

// Scalar returns the text of a JSON scalar decoded with UseNumber: a string
// as is, a number as written, a bool as true or false. It reports false for
// null, objects and arrays.
func Scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return string(v), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// SetAttr sets attrs[key] to value within the bounds on attributes, and
// reports whether it did.
func SetAttr(attrs map[string]string, key, value string) bool {
	if len(key) > MaxAttrKeyLen || len(value) > MaxAttrValue {
		return false
	}
	if _, ok := attrs[key]; !ok && len(attrs) >= MaxAttrs {
		return false
	}
	attrs[key] = value
	return true
}

// DecodeObject decodes raw when it is a JSON object, numbers as
// json.Number, and returns nil otherwise.
func DecodeObject(raw json.RawMessage) map[string]any {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

// Flatten adds the scalar fields of the JSON object raw to attrs, as
// FlattenObject does. Anything but an object adds nothing.
func Flatten(attrs map[string]string, prefix string, raw json.RawMessage, depth int, skip ...string) {
	FlattenObject(attrs, prefix, DecodeObject(raw), depth, skip...)
}

// FlattenObject adds the scalar fields of m, as DecodeObject returns it, to
// attrs, keyed by prefix and their path joined with dots. It descends into
// nested objects until keys have depth parts below prefix; arrays, nulls
// and the top-level keys named in skip are left out. Keys are visited in
// sorted order, so that the bounds on attributes drop the same ones on
// every run.
func FlattenObject(attrs map[string]string, prefix string, m map[string]any, depth int, skip ...string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if !slices.Contains(skip, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := JoinPath(prefix, k)
		if s, ok := Scalar(m[k]); ok {
			SetAttr(attrs, key, s)
		} else if sub, ok := m[k].(map[string]any); ok && depth > 1 {
			FlattenObject(attrs, key, sub, depth-1)
		}
	}
}

// Tags reads tags from JSON text, as TagsOf does.
func Tags(raw json.RawMessage) (map[string]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return TagsOf(v)
}

// TagsOf reads tags written as an object (values that are not strings are
// written as JSON text; nulls become empty), or as an array of {key, value}
// objects in any letter case, as the AWS APIs write them. Null reads as no
// tags.
func TagsOf(v any) (map[string]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		tags := make(map[string]string, len(v))
		for k, x := range v {
			if s, ok := Scalar(x); ok {
				tags[k] = s
			} else if x == nil {
				tags[k] = ""
			}
		}
		return tags, nil
	case []any:
		tags := make(map[string]string, len(v))
		for _, e := range v {
			kv, ok := e.(map[string]any)
			if !ok {
				return nil, errors.New("expected an array of {key, value} objects")
			}
			key, ok := fold(kv, "key").(string)
			if !ok {
				return nil, errors.New("a tag has no key")
			}
			value, _ := Scalar(fold(kv, "value"))
			tags[key] = value
		}
		return tags, nil
	}
	return nil, errors.New("expected an object or an array of {key, value} objects")
}

// fold returns the value of m's key, matched without regard to case.
func fold(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// LastSegment returns the part of s after its last slash.
func LastSegment(s string) string {
	return s[strings.LastIndexByte(s, '/')+1:]
}
