package parse

import (
	"regexp"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// severityWords are the words tools write for severities, lower case. They
// cover onus's own words, OCSF's (Informational, Fatal), Trivy's UNKNOWN
// and the distributions' (Red Hat's Important, Debian's negligible).
var severityWords = map[string]onus.Severity{
	"info": onus.Info, "informational": onus.Info, "information": onus.Info, "none": onus.Info, "negligible": onus.Info,
	"low": onus.Low, "minor": onus.Low,
	"medium": onus.Medium, "moderate": onus.Medium,
	"high": onus.High, "important": onus.High, "major": onus.High,
	"critical": onus.Critical, "fatal": onus.Critical,
}

// Severity reads a severity word in any letter case. It reports false for
// an empty word and for words that say the severity is unknown.
func Severity(word string) (onus.Severity, bool) {
	word = strings.TrimSpace(word)
	if len(word) > 16 {
		return 0, false
	}
	var low [16]byte
	for i := range len(word) {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	s, ok := severityWords[string(low[:len(word)])]
	return s, ok
}

// Unrated marks a finding whose tool gave no severity: it holds Medium, so
// that it is neither buried nor escalated.
func Unrated(f *findings.Finding) { f.Severity, f.Unrated = onus.Medium, true }

// SeverityScore maps a CVSS-style score from 0 to 10, as SARIF's
// security-severity property holds, to a severity with the CVSS v3 bands:
// 0 none, below 4 low, below 7 medium, below 9 high, else critical.
func SeverityScore(score float64) onus.Severity {
	switch {
	case score <= 0:
		return onus.Info
	case score < 4:
		return onus.Low
	case score < 7:
		return onus.Medium
	case score < 9:
		return onus.High
	}
	return onus.Critical
}

// SeverityNormalized maps ASFF's Severity.Normalized, 0 to 100, to a
// severity with the bands of the ASFF reference: 0 informational, 1–39
// low, 40–69 medium, 70–89 high, 90–100 critical.
func SeverityNormalized(n int64) onus.Severity {
	switch {
	case n <= 0:
		return onus.Info
	case n < 40:
		return onus.Low
	case n < 70:
		return onus.Medium
	case n < 90:
		return onus.High
	}
	return onus.Critical
}

// SeverityOCSF maps an OCSF severity_id (1 Informational … 5 Critical,
// 6 Fatal) to a severity; 0 (Unknown) and 99 (Other) report false.
func SeverityOCSF(id int64) (onus.Severity, bool) {
	switch id {
	case 1:
		return onus.Info, true
	case 2:
		return onus.Low, true
	case 3:
		return onus.Medium, true
	case 4:
		return onus.High, true
	case 5, 6:
		return onus.Critical, true
	}
	return 0, false
}

// ARN is an Amazon Resource Name split into its parts.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits arn:partition:service:region:account:resource.
func ParseARN(s string) (ARN, bool) {
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, false
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[1] == "" || parts[2] == "" {
		return ARN{}, false
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, true
}

// ProviderOf returns the cloud a resource ID belongs to, from its shape:
// aws for an ARN or an ASFF ID such as AWS::::Account:123456789012, azure
// for an Azure resource ID (/subscriptions/…), gcp for a GCP full resource
// name (//storage.googleapis.com/…) or a relative one (projects/…). It
// returns "" for any other ID.
func ProviderOf(id string) string {
	switch {
	case strings.HasPrefix(id, "arn:") || strings.HasPrefix(id, "AWS::"):
		return "aws"
	case hasPrefixFold(id, "/subscriptions/") || hasPrefixFold(id, "/providers/Microsoft."):
		return "azure"
	case strings.HasPrefix(id, "//") && strings.Contains(id, ".googleapis.com/"),
		strings.HasPrefix(id, "projects/"), strings.HasPrefix(id, "organizations/"), strings.HasPrefix(id, "folders/"):
		return "gcp"
	}
	return ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// providerNames maps the names tools give clouds to onus's: Terraform
// provider prefixes, tfsec and Trivy provider names, Checkov's ID parts.
var providerNames = map[string]string{
	"aws": "aws", "amazon": "aws",
	"azure": "azure", "azurerm": "azure", "azuread": "azure", "azapi": "azure", "azu": "azure",
	"gcp": "gcp", "google": "gcp", "google-beta": "gcp", "googleworkspace": "gcp",
	"kubernetes": "kubernetes", "k8s": "kubernetes", "ksv": "kubernetes", "kcv": "kubernetes", "helm": "kubernetes",
}

// Provider returns onus's name of the cloud a tool names in any case
// ("AWS", "Google", "azurerm"), or "" when it names no cloud onus knows.
func Provider(name string) string {
	return providerNames[strings.ToLower(name)]
}

// TerraformProvider returns the cloud of a Terraform resource type, from
// its provider prefix: aws_s3_bucket is aws, azurerm_key_vault azure.
func TerraformProvider(typ string) string {
	prefix, _, ok := strings.Cut(typ, "_")
	if !ok {
		return ""
	}
	return Provider(prefix)
}

// CheckProvider returns the cloud and, when the ID names it, the service
// of a check whose ID carries them: Checkov's CKV_AWS_21 and CKV2_GCP_3,
// tfsec's long IDs (aws-s3-enable-versioning is aws and s3), and Trivy's
// AVD-AWS-0104 and AWS-0104.
func CheckProvider(check string) (provider, service string) {
	if rest, ok := strings.CutPrefix(check, "CKV"); ok {
		rest = strings.TrimLeft(rest, "0123456789")
		if rest, ok = strings.CutPrefix(rest, "_"); ok {
			name, _, _ := strings.Cut(rest, "_")
			return Provider(name), ""
		}
		return "", ""
	}
	if m := avdID.FindStringSubmatch(check); m != nil {
		return Provider(m[1]), ""
	}
	if m := tfsecID.FindStringSubmatch(check); m != nil {
		if p := Provider(m[1]); p != "" {
			return p, m[2]
		}
	}
	return "", ""
}

var (
	avdID   = regexp.MustCompile(`^(?:AVD-)?([A-Z]+)-\d{4}$`)
	tfsecID = regexp.MustCompile(`^([a-z0-9]+)-([a-z0-9]+)-[a-z0-9-]+$`)
)

// TerraformAddress splits a resource address such as
// module.net["eu"].aws_lb.main[0] into the resource type and name, leaving
// out modules and instance keys; data sources (data.aws_iam_policy.x)
// count as resources. It reports false for anything else, such as a
// module call (module.alb).
func TerraformAddress(addr string) (typ, name string, ok bool) {
	parts := addressParts(addr)
	i := 0
	for i+1 < len(parts) && parts[i] == "module" {
		i += 2
	}
	if i < len(parts) && parts[i] == "data" {
		i++
	}
	if len(parts)-i != 2 || !resourceType.MatchString(parts[i]) || !identifier.MatchString(parts[i+1]) {
		return "", "", false
	}
	return parts[i], parts[i+1], true
}

var (
	resourceType = regexp.MustCompile(`^[a-z][a-z0-9]*_[a-z0-9_]+$`)
	identifier   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
)

// addressParts splits a Terraform address at its dots, dropping instance
// keys in brackets, which may hold dots of their own.
func addressParts(addr string) []string {
	var parts []string
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
		case c == '"' && depth > 0:
			quoted = true
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == '.':
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, b.String())
}

// blockHeader matches the first line of a Terraform resource block, with
// or without quotes around the type, as Checkov's SARIF snippets write it.
var blockHeader = regexp.MustCompile(`^\s*(resource|data)\s+"?([A-Za-z0-9_-]+)"?\s+"([A-Za-z0-9_-]+)"`)

// SnippetAddress returns the address of the Terraform block a code snippet
// starts with (resource "aws_s3_bucket" "logs" { … gives
// aws_s3_bucket.logs), or "".
func SnippetAddress(snippet string) string {
	line, _, _ := strings.Cut(strings.TrimLeft(snippet, " \t\r\n"), "\n")
	m := blockHeader.FindStringSubmatch(line)
	if m == nil || !resourceType.MatchString(m[2]) {
		return ""
	}
	if m[1] == "data" {
		return "data." + m[2] + "." + m[3]
	}
	return m[2] + "." + m[3]
}

// vulnPrefixes start the IDs of vulnerability advisories.
var vulnPrefixes = []string{"CVE-", "GHSA-", "GO-", "PYSEC-", "RUSTSEC-", "OSV-", "ALAS", "DSA-", "DLA-", "RHSA-", "ELSA-", "USN-", "GMS-", "SNYK-"}

// IsVulnerabilityID reports whether id names a vulnerability advisory
// (CVE-2021-44228, GHSA-…) rather than a configuration check.
func IsVulnerabilityID(id string) bool {
	for _, p := range vulnPrefixes {
		if len(id) > len(p) && strings.EqualFold(id[:len(p)], p) {
			return true
		}
	}
	return false
}

// osPackages and appPackages name the package managers and ecosystems
// that tools report (Inspector's PackageManager, Trivy's result types,
// ASFF's VulnerablePackages), by whether they hold the operating system's
// packages or a language's.
var (
	osPackages = words(`os apk apt dpkg deb debian ubuntu rpm yum dnf zypper tdnf pacman alpine redhat rhel centos
		rocky alma almalinux amazon amazonlinux oracle oraclelinux photon suse opensuse sles cbl-mariner mariner
		azurelinux wolfi chainguard bottlerocket echo minimos fedora`)
	appPackages = words(`npm yarn pnpm bun node-pkg nodepkg pip pipenv poetry uv pypi python-pkg pythonpkg conda-pkg
		conda-environment gomod go golang gobinary go-module maven gradle sbt jar pom java jar-file gem bundler
		gemspec rubygems nuget dotnet-core dotnet-deps packages-props dotnet cargo rust-binary rustbinary crates
		composer php cocoapods swift pub hex mix conan julia cabal hackage`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// VulnClass returns the class of a vulnerable package from its package
// manager or ecosystem, in any case and with _ or - between words: "os"
// for the operating system's packages, "application" for a language's,
// "" when the manager is unknown.
func VulnClass(manager string) string {
	m := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(manager)), "_", "-")
	switch {
	case osPackages[m]:
		return "os"
	case appPackages[m]:
		return "application"
	}
	return ""
}

// SplitTag splits a tag written as one string at the first of the
// separators, tried in order, that it holds: OCSF labels write
// "key: value", so that keys holding colons (aws:cloudformation:stack-name)
// survive when ": " is tried before ":"; Prowler's CSV writes "key=value"
// for resources and "key:value" for accounts. A tag with no separator is
// a key with an empty value. Spaces around key and value are trimmed.
func SplitTag[S ~string | ~[]byte](s S, seps ...string) (key, value S) {
	for _, sep := range seps {
		if i := index(s, sep); i >= 0 {
			return trimSpace(s[:i]), trimSpace(s[i+len(sep):])
		}
	}
	return trimSpace(s), s[len(s):]
}

// index returns the position of the first sep in s, or -1.
func index[S ~string | ~[]byte](s S, sep string) int {
	for i := 0; i+len(sep) <= len(s); i++ {
		if string(s[i:i+len(sep)]) == sep {
			return i
		}
	}
	return -1
}

func trimSpace[S ~string | ~[]byte](s S) S {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// manifests are the files that list a language's packages, by base name
// and by extension.
var manifests = words(`package.json package-lock.json npm-shrinkwrap.json yarn.lock pnpm-lock.yaml bun.lockb
	requirements.txt pipfile pipfile.lock poetry.lock pyproject.toml setup.py uv.lock go.mod go.sum pom.xml
	build.gradle build.gradle.kts gradle.lockfile gemfile gemfile.lock composer.json composer.lock cargo.toml
	cargo.lock packages.config packages.lock.json mix.lock pubspec.lock podfile.lock package.resolved
	conanfile.txt conan.lock .jar .war .ear .csproj .gemspec .nupkg`)

// ManifestClass returns "application" for the path of a file that lists
// a language's packages (package-lock.json, go.mod, a .jar), and "" for
// any other.
func ManifestClass(path string) string {
	base := strings.ToLower(path[strings.LastIndexAny(path, `/\`)+1:])
	ext := ""
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		ext = base[i:]
	}
	if manifests[base] || ext != "" && manifests[ext] {
		return "application"
	}
	return ""
}

// FirstOf returns the first of values that is not empty.
func FirstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
