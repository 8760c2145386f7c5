package jsonstream

import (
	"bytes"
	"encoding/json"
)

// probeDepth bounds how deep Probe looks; format markers sit near the top.
const probeDepth = 6

// Probe parses as much of the first JSON value in head as head holds, for
// sniffing. Objects become map[string]any, arrays []any holding at most
// their first element, scalars the text Scalar returns (null is nil). A
// value cut short by the end of head is returned as far as it was read;
// values nested deeper than a few levels are left out. It returns nil when
// head does not start with JSON.
func Probe(head []byte) any {
	dec := json.NewDecoder(bytes.NewReader(head))
	dec.UseNumber()
	v, _ := probe(dec, 0)
	return v
}

// probe reads one value; ok is false when the input ended or broke, and
// the caller must stop reading.
func probe(dec *json.Decoder, depth int) (v any, ok bool) {
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	switch tok {
	case json.Delim('{'):
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return m, false
			}
			k, _ := kt.(string)
			if depth >= probeDepth {
				if !skipValue(dec) {
					return m, false
				}
				continue
			}
			v, ok := probe(dec, depth+1)
			if v != nil || ok {
				m[k] = v
			}
			if !ok {
				return m, false
			}
		}
		_, err := dec.Token()
		return m, err == nil
	case json.Delim('['):
		var list []any
		for i := 0; dec.More(); i++ {
			if i > 0 || depth >= probeDepth {
				if !skipValue(dec) {
					return list, false
				}
				continue
			}
			v, ok := probe(dec, depth+1)
			list = append(list, v)
			if !ok {
				return list, false
			}
		}
		_, err := dec.Token()
		return list, err == nil
	}
	s, _ := Scalar(tok)
	if tok == nil {
		return nil, true
	}
	return s, true
}

func skipValue(dec *json.Decoder) bool {
	var raw json.RawMessage
	return dec.Decode(&raw) == nil
}

// Object returns v as an object, or nil.
func Object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// First returns the first element of v when it is an array, and v otherwise.
func First(v any) any {
	if list, ok := v.([]any); ok {
		if len(list) == 0 {
			return nil
		}
		return list[0]
	}
	return v
}

// Has reports whether the object m has every one of the keys.
func Has(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return m != nil
}

// HasAny reports whether the object m has one of the keys.
func HasAny(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// Str returns m[key] when it is a string (or other scalar), and "" otherwise.
func Str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
