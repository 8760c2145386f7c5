package parse

import (
	"bytes"
	"strconv"
	"sync"

	"github.com/onus-dev/onus/internal/jsonscan"
)

// probeDepth bounds how deep Probe looks; format markers sit near the top.
const probeDepth = 5

// Number is a JSON number as Probe returns it: its text.
type Number string

// probeScanners keeps Scanners for Probe: each holds a read buffer too big
// to allocate for every file sniffed by every format.
var probeScanners = sync.Pool{New: func() any { return jsonscan.New(nil, "") }}

// Probe parses as much of the first JSON value in head as head holds, for
// sniffing. Objects become map[string]any, arrays []any holding at most
// their first element, strings string, numbers Number, true and false bool,
// null nil. A value cut short by the end of head is returned as far as it
// was read; values nested deeper than a few levels are left out. It
// returns nil when head does not start with JSON.
func Probe(head []byte) any {
	s := probeScanners.Get().(*jsonscan.Scanner)
	defer probeScanners.Put(s)
	s.Reset(bytes.NewReader(head), "")
	v, _ := probe(s, 0)
	return v
}

// probe reads one value; ok is false when it could not be read whole.
func probe(s *jsonscan.Scanner, depth int) (v any, ok bool) {
	k, err := s.Peek()
	if err != nil {
		return nil, false
	}
	switch k {
	case jsonscan.Object:
		m := map[string]any{}
		err := s.Object(func(key []byte) error {
			if depth < probeDepth {
				if v, ok := probe(s, depth+1); ok || v != nil {
					m[string(key)] = v
				}
			}
			return nil
		})
		return m, err == nil
	case jsonscan.Array:
		list := []any{}
		err := s.Array(func() error {
			if len(list) == 0 && depth < probeDepth {
				if v, ok := probe(s, depth+1); ok || v != nil {
					list = append(list, v)
				}
			}
			return nil
		})
		return list, err == nil
	case jsonscan.String:
		v, err := s.String()
		return v, err == nil
	case jsonscan.Number:
		b, _, err := s.Scalar()
		return Number(b), err == nil
	case jsonscan.Bool:
		v, err := s.Bool()
		return v, err == nil
	case jsonscan.Null:
		return nil, s.Skip() == nil
	}
	return nil, false
}

// First returns the first record of a probed file: the value itself when
// it is an object, the first element of an array, or nil.
func First(v any) map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return v
	case []any:
		if len(v) > 0 {
			m, _ := v[0].(map[string]any)
			return m
		}
	}
	return nil
}

// Object returns the object at the path of keys below m, or nil.
func Object(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

// String returns the string member key of m, or "".
func String(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// Int returns the integer member key of m, and false when it is not one.
func Int(m map[string]any, key string) (int64, bool) {
	n, ok := m[key].(Number)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	return v, err == nil
}

// Has reports whether m has every one of keys.
func Has(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return m != nil
}

// HasAny reports whether m has at least one of keys.
func HasAny(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}
