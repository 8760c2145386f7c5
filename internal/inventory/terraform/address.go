package terraform

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// intKey formats a count index the way Terraform prints it in an address:
// [0].
func intKey(i int64) string {
	return "[" + strconv.FormatInt(i, 10) + "]"
}

// stringKey formats a for_each key the way Terraform prints it in an
// address: ["name"]. Terraform quotes it with HCL's rules
// (addrs.StringKey.String in hashicorp/terraform): backslash escapes for
// quotes, backslashes, newlines, carriage returns and tabs, \u or \U escapes
// for other characters that are not printable, and a doubled $ or % before
// a { so that the key cannot read as a template.
func stringKey(k string) string {
	var b strings.Builder
	b.Grow(len(k) + 4)
	b.WriteString(`["`)
	for i, r := range k {
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$', '%':
			b.WriteRune(r)
			if i+1 < len(k) && k[i+1] == '{' {
				b.WriteRune(r)
			}
		default:
			switch {
			case unicode.IsPrint(r):
				b.WriteRune(r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		}
	}
	b.WriteString(`"]`)
	return b.String()
}

// resourceAddress returns the address of a resource instance as Terraform
// prints it: module.a["k"].aws_instance.web[0], data.aws_ami.ubuntu.
// module is the module instance address ("" for the root module) and key
// the formatted instance key ("" for none).
func resourceAddress(module, mode, typ, name, key string) string {
	n := len(module) + len(typ) + len(name) + len(key) + 7
	var b strings.Builder
	b.Grow(n)
	if module != "" {
		b.WriteString(module)
		b.WriteByte('.')
	}
	if mode == "data" {
		b.WriteString("data.")
	}
	b.WriteString(typ)
	b.WriteByte('.')
	b.WriteString(name)
	b.WriteString(key)
	return b.String()
}

// modulePrefix returns the module address that address starts with, given
// the address of the resource instance within its module (rel), and
// reports whether address really ends with rel after a module path or is
// rel itself.
func modulePrefix(address, rel string) (string, bool) {
	if address == rel {
		return "", true
	}
	head, ok := strings.CutSuffix(address, "."+rel)
	if !ok || !strings.HasPrefix(head, "module.") {
		return "", false
	}
	return head, true
}

// configAddress returns the address of the module path without its
// instance keys: module.a["k"].module.b[0] gives module.a.module.b, the
// path of the module calls in configuration. It reports false when module
// is not a module instance address.
func configAddress(module string) (string, bool) {
	var b strings.Builder
	for rest := module; rest != ""; {
		name, after, ok := cutModule(rest)
		if !ok {
			return "", false
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(name)
		if after == "" {
			break
		}
		if rest, ok = strings.CutPrefix(after, "."); !ok || rest == "" {
			return "", false
		}
	}
	return b.String(), true
}

// cutModule cuts the module call that s starts with, module.a or
// module.a["k"], and returns the call's name and what follows it. It
// reports false when s does not start with one.
func cutModule(s string) (name, rest string, ok bool) {
	if rest, ok = strings.CutPrefix(s, "module."); !ok {
		return "", "", false
	}
	n := 0
	for n < len(rest) && isNameByte(rest[n]) {
		n++
	}
	if n == 0 {
		return "", "", false
	}
	name, rest = rest[:n], rest[n:]
	if strings.HasPrefix(rest, "[") {
		k := keyLen(rest)
		if k == 0 {
			return "", "", false
		}
		rest = rest[k:]
	}
	return name, rest, true
}

// isNameByte reports whether c may appear in a Terraform identifier.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c >= utf8.RuneSelf
}

// keyLen returns the length of the instance key that s starts with, [12]
// or ["quoted \" key"], or 0 when s does not start with one.
func keyLen(s string) int {
	if len(s) < 3 || s[0] != '[' {
		return 0
	}
	if s[1] != '"' {
		i := 1
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == 1 || i == len(s) || s[i] != ']' {
			return 0
		}
		return i + 1
	}
	for i := 2; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			if i+1 < len(s) && s[i+1] == ']' {
				return i + 2
			}
			return 0
		}
	}
	return 0
}

// AddressType returns the resource type an instance address names:
// aws_instance for module.a["k"].aws_instance.web[0]. It returns "" when
// address is not a resource address.
func AddressType(address string) string {
	rest := address
	for strings.HasPrefix(rest, "module.") {
		_, after, ok := cutModule(rest)
		if !ok {
			return ""
		}
		if rest, ok = strings.CutPrefix(after, "."); !ok {
			return ""
		}
	}
	rest = strings.TrimPrefix(rest, "data.")
	typ, name, ok := strings.Cut(rest, ".")
	if !ok || typ == "" || name == "" || strings.IndexFunc(typ, func(r rune) bool { return r > unicode.MaxASCII || !isNameByte(byte(r)) }) >= 0 {
		return ""
	}
	return typ
}
