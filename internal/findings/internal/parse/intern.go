package parse

import (
	"slices"
	"strings"
)

// Bounds on an Interner: strings longer than maxInterned are not worth
// the hashing, and the table starts afresh once it holds internBytes of
// text, so that a file of unique values cannot grow it without end.
const (
	maxInterned = 4 << 10
	internBytes = 8 << 20
)

// Slots is how many fields a reader may number for InternAt and
// ListAt.
const Slots = 32

// Interner shares one copy of each string that many records of a file
// repeat, such as check IDs, regions, titles and remediation texts, which
// saves an allocation per value and keeps a million findings small.
type Interner struct {
	strs  map[string]string
	bytes int
	last  [Slots]string
	lists [Slots][]string
	list  []string
}

// Intern returns b as a string, the same string for the same bytes.
func (in *Interner) Intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInterned {
		return string(b)
	}
	if s, ok := in.strs[string(b)]; ok {
		return s
	}
	return in.add(string(b))
}

// InternAt is Intern for the field a reader numbers slot. Tools write
// findings in runs that share most values (Prowler writes each check's
// findings together), and comparing a value with the field's last one
// costs less than looking it up.
func (in *Interner) InternAt(slot int, b []byte) string {
	if s := in.last[slot]; len(s) == len(b) && s == string(b) {
		return s
	}
	s := in.Intern(b)
	in.last[slot] = s
	return s
}

// StartList starts a list that AddToList adds interned values to, up to
// MaxList of them, and ListAt returns.
func (in *Interner) StartList() { in.list = in.list[:0] }

// AddToList adds a value to the list being built.
func (in *Interner) AddToList(b []byte) {
	if len(b) > 0 && len(in.list) < MaxList {
		in.list = append(in.list, in.Intern(b))
	}
}

// ListAt returns the list built, for the field a reader numbers slot: the
// field's last list when the two are equal, so that findings of a run
// share one.
func (in *Interner) ListAt(slot int) []string {
	switch last := in.lists[slot]; {
	case len(in.list) == 0:
		return nil
	case slices.Equal(in.list, last):
		return last
	}
	in.lists[slot] = slices.Clone(in.list)
	return in.lists[slot]
}

// SplitList splits s at sep into its trimmed values, interned, at most
// MaxList of them, and returns them as ListAt does for slot.
func (in *Interner) SplitList(slot int, s, sep string) []string {
	in.StartList()
	for v := range strings.SplitSeq(s, sep) {
		if v = strings.TrimSpace(v); v != "" && len(in.list) < MaxList {
			in.list = append(in.list, in.InternString(v))
		}
	}
	return in.ListAt(slot)
}

// InternString is Intern for a string. The string kept is a copy, so that
// a value cut from a longer string (a CSV cell from its row) does not keep
// the longer one alive.
func (in *Interner) InternString(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxInterned {
		return strings.Clone(s)
	}
	if v, ok := in.strs[s]; ok {
		return v
	}
	return in.add(strings.Clone(s))
}

func (in *Interner) add(s string) string {
	if in.strs == nil || in.bytes > internBytes {
		in.strs = make(map[string]string, 1024)
		in.bytes = 0
	}
	in.strs[s] = s
	in.bytes += len(s)
	return s
}
