package cyclonedx

import (
	"net/url"
	"strings"
)

// product is a SaaS product onus's catalog knows, and how a CycloneDX
// service names it.
type product struct {
	id string
	// names are product and company names, reduced by words(): a service
	// or provider called so is the product. Names shared by many products
	// (Microsoft, Google) are left out.
	names []string
	// hosts are domains the product serves its tenants under; an endpoint
	// on one of them, or on a subdomain, is the product.
	hosts []string
}

// products lists the SaaS products of the catalog. The hosts are the
// domains of the products' tenant and service URLs as the vendors document
// them for sign-in and network allow-lists (for instance Microsoft's
// "Microsoft 365 URLs and IP address ranges", Salesforce's "Allow the
// Required Domains", Okta's organisation URLs <org>.okta.com, Atlassian's
// <site>.atlassian.net, Snowflake's <account>.snowflakecomputing.com), read
// 2026-11.
var products = []product{
	{"saas:m365", []string{"microsoft 365", "office 365", "m365", "o365", "exchange online", "sharepoint online",
		"onedrive for business", "microsoft teams", "microsoft outlook"},
		[]string{"office.com", "office365.com", "sharepoint.com", "onmicrosoft.com", "teams.microsoft.com", "outlook.office.com"}},
	{"saas:google-workspace", []string{"google workspace", "g suite", "gsuite", "gmail", "google drive", "google docs",
		"google calendar", "google meet"},
		[]string{"mail.google.com", "drive.google.com", "docs.google.com", "sheets.google.com", "calendar.google.com",
			"meet.google.com", "chat.google.com", "admin.google.com", "workspace.google.com"}},
	{"saas:salesforce", []string{"salesforce", "salesforce com", "sales cloud", "service cloud"},
		[]string{"salesforce.com", "force.com", "cloudforce.com", "salesforce-sites.com"}},
	{"saas:slack", []string{"slack"}, []string{"slack.com", "slack-edge.com"}},
	{"saas:github", []string{"github", "github com", "github enterprise cloud"}, []string{"github.com", "githubusercontent.com", "ghe.com"}},
	{"saas:okta", []string{"okta", "okta workforce identity"}, []string{"okta.com", "oktapreview.com", "okta-emea.com"}},
	{"saas:servicenow", []string{"servicenow"}, []string{"service-now.com", "servicenow.com", "servicenowservices.com"}},
	{"saas:zoom", []string{"zoom", "zoom video communications", "zoom meetings"}, []string{"zoom.us", "zoom.com", "zoomgov.com"}},
	{"saas:atlassian", []string{"atlassian", "atlassian cloud", "jira", "jira cloud", "jira software", "confluence",
		"confluence cloud", "bitbucket", "bitbucket cloud", "trello"},
		[]string{"atlassian.net", "atlassian.com", "bitbucket.org", "trello.com"}},
	{"saas:snowflake", []string{"snowflake", "snowflake computing"}, []string{"snowflakecomputing.com", "snowflake.com"}},
	{"saas:workday", []string{"workday"}, []string{"workday.com", "myworkday.com"}},
	{"saas:box", []string{"box", "box com"}, []string{"box.com", "box.net", "boxcloud.com"}},
	{"saas:dropbox", []string{"dropbox", "dropbox business"}, []string{"dropbox.com", "dropboxapi.com", "dropboxusercontent.com"}},
	{"saas:zendesk", []string{"zendesk"}, []string{"zendesk.com"}},
	{"saas:hubspot", []string{"hubspot"}, []string{"hubspot.com", "hubapi.com"}},
}

// companySuffixes are words of company names that say nothing about the
// product.
var companySuffixes = map[string]bool{
	"inc": true, "llc": true, "ltd": true, "limited": true, "corp": true, "corporation": true, "co": true,
	"company": true, "gmbh": true, "plc": true, "sa": true, "ag": true, "technologies": true,
}

// name reduces a product or company name to the form of product.names:
// "Slack Technologies, LLC" is "slack".
func name(s string) string {
	w := strings.Fields(words(s))
	for len(w) > 1 && companySuffixes[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}

// match returns the catalog ID of the product a service is, or "".
func match(service, vendor string, endpoints []string) string {
	if id := matchHosts(endpoints); id != "" {
		return id
	}
	for _, n := range []string{name(service), name(vendor)} {
		for _, p := range products {
			for _, pn := range p.names {
				if n != "" && n == pn {
					return p.id
				}
			}
		}
	}
	return ""
}

// matchHosts returns the product all of the endpoints that belong to one are
// on, or "" when none is or they disagree.
func matchHosts(endpoints []string) string {
	found := ""
	for _, e := range endpoints {
		h := host(e)
		if h == "" {
			continue
		}
		for _, p := range products {
			if onAny(h, p.hosts) {
				if found != "" && found != p.id {
					return ""
				}
				found = p.id
			}
		}
	}
	return found
}

// host returns the lower-cased host of an endpoint URL, which may lack its
// scheme.
func host(endpoint string) string {
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// onAny reports whether host is one of domains or a subdomain of one.
func onAny(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
