package parse

import (
	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// Bounds on what a Hold keeps: how many findings, and how many bytes of
// text in them, so that a hostile file of long texts is bounded too.
const (
	MaxHeld      = 10000
	MaxHeldBytes = 32 << 20
)

// Hold keeps the findings of a part of a file (a SARIF run, a Trivy
// result) that wait for context written after them: tools write the
// context first, but a file whose keys were sorted (jq -S) has a run's
// results before its rules and a result's vulnerabilities before its
// target. A Hold keeps at most MaxHeld findings, so that memory stays
// bounded whatever the file.
type Hold[T any] struct {
	list  []T
	bytes int
	full  bool
}

// Keep holds v, whose text takes size bytes (see Size). It reports false
// when the hold is full; the caller then completes v with what it knows
// and emits it, and Full reports the loss.
func (h *Hold[T]) Keep(v T, size int) bool {
	if len(h.list) >= MaxHeld || h.bytes+size > MaxHeldBytes {
		h.full = true
		return false
	}
	h.list = append(h.list, v)
	h.bytes += size
	return true
}

// Size returns about how many bytes the text of a finding takes.
func Size(f *findings.Finding) int {
	r := &f.Resource
	n := len(f.ID) + len(f.Check) + len(f.Title) + len(f.Description) + len(f.Remediation) + len(f.URL) +
		len(r.ID) + len(r.Name) + len(r.Address) + len(r.File)
	for k, v := range r.Tags {
		n += len(k) + len(v)
	}
	if v := f.Vulnerability; v != nil {
		n += len(v.ID) + len(v.Package) + len(v.Version) + len(v.Fixed)
	}
	return n
}

// Full returns a problem located at loc when findings could not be held
// since the last call, and nil otherwise.
func (h *Hold[T]) Full(loc onus.Location, context string) error {
	if !h.full {
		return nil
	}
	h.full = false
	return onus.ErrorAt(loc, onus.EUnsupported,
		"more than %d findings (or %d MB of them) come before the %s they need, and the rest were read without it; write the %s first, as the tool does",
		MaxHeld, MaxHeldBytes>>20, context, context)
}

// Release calls fn, which completes and emits a finding, on each one held,
// in input order, and empties the hold. It stops at fn's first error.
func (h *Hold[T]) Release(fn func(T) error) error {
	list := h.list
	h.list, h.bytes = h.list[:0], 0
	var zero T
	for i, v := range list {
		list[i] = zero
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}
