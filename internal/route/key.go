package route

import (
	"strconv"

	"github.com/onus-dev/onus/internal/findings"
)

// Key identifies a finding across runs: a 64-bit hash of its tool, check,
// resource (ID, address, Kubernetes object, name, account, IaC file) and
// vulnerable package. The tool's own finding ID is left out because not
// every tool keeps it stable, and so is the line of an IaC file, which
// moves with every edit above it. Delivery uses keys to send each finding
// once, so the hash is fixed: it must give the same key in every run and
// every version.
func Key(f *findings.Finding) uint64 {
	h := uint64(keySeed)
	res := &f.Resource
	for _, s := range [...]string{f.Tool, f.Check, res.ID, res.Address, res.Namespace, res.Name, res.Account, res.File} {
		h = hashString(h, s)
	}
	if v := f.Vulnerability; v != nil {
		h = hashString(hashString(h, v.ID), v.Package)
	}
	return fmix(h)
}

// The key hash reads eight bytes at a time, each mixed in with two
// multiplications (as MurmurHash3's 64-bit variant does), and ends with
// MurmurHash3's finaliser so that every bit of the input moves every bit
// of the key.
const (
	keySeed = 0x6f6e75732d6b6579 // "onus-key"
	mulA    = 0x87c37b91114253d5
	mulB    = 0x4cf5ad432745937f
)

func mixWord(h, k uint64) uint64 {
	k *= mulA
	k = k<<31 | k>>33
	k *= mulB
	h ^= k
	h = h<<27 | h>>37
	return h*5 + 0x52dce729
}

// hashString mixes s and its length into h, so that ("ab", "c") and
// ("a", "bc") differ.
func hashString(h uint64, s string) uint64 {
	h = mixWord(h, uint64(len(s)))
	for len(s) >= 8 {
		k := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = mixWord(h, k)
		s = s[8:]
	}
	if len(s) > 0 {
		var k uint64
		for i := len(s) - 1; i >= 0; i-- {
			k = k<<8 | uint64(s[i])
		}
		h = mixWord(h, k)
	}
	return h
}

func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// FormatKey writes a key as the 16 hexadecimal digits reports and state
// files use.
func FormatKey(k uint64) string { return string(appendKey(nil, k)) }

// ParseKey reads a key written by FormatKey.
func ParseKey(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	k, err := strconv.ParseUint(s, 16, 64)
	return k, err == nil
}

// appendKey appends a key's 16 hexadecimal digits to b.
func appendKey(b []byte, k uint64) []byte {
	const digits = "0123456789abcdef"
	for i := 60; i >= 0; i -= 4 {
		b = append(b, digits[(k>>uint(i))&0xf])
	}
	return b
}
