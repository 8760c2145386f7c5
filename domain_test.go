package onus

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Every word the seed article uses for a layer must resolve to one.
func TestSeedWordsResolve(t *testing.T) {
	words := map[string]Layer{
		"Infrastructure": LayerPhysical, "Data": LayerData, "Hardware": LayerHardware,
		"Operating system": LayerOS, "Network controls": LayerNetworkControls,
		"Access rights": LayerIdentity, "Endpoints": LayerEndpoints, "Settings": LayerConfiguration,
		"application": LayerApplication, "platform": LayerMiddleware, "network": LayerNetworkControls,
		"APIs": LayerAPI, "middleware": LayerMiddleware, "virtualization": LayerVirtualization,
		"users": LayerIdentity, "misconfigurations": LayerConfiguration, "workloads": LayerApplication,
		"containers": LayerContainers, "code": LayerCode, "virtualized servers": LayerVirtualization,
		"network equipment": LayerNetworkInfrastructure, "storage": LayerHardware, "endpoint": LayerEndpoints,
		"user": LayerIdentity, "network security": LayerNetworkControls, "DevSecOps": LayerCode,
		"incident response": LayerIncidentResponse, "monitoring": LayerMonitoring,
		"firewall rules": LayerNetworkControls, "user permissions": LayerIdentity,
	}
	for w, want := range words {
		got, ok := ParseLayer(w)
		if !ok || got != want {
			t.Errorf("ParseLayer(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
}

func TestLayerTableMatchesDomain(t *testing.T) {
	want := []Layer{"physical", "hardware", "network-infrastructure", "virtualization", "os", "network-controls",
		"middleware", "containers", "application", "code", "api", "identity", "identity-infrastructure", "data",
		"endpoints", "configuration", "monitoring", "incident-response"}
	if diff := cmp.Diff(want, Layers()); diff != "" {
		t.Errorf("layers (-want +got):\n%s", diff)
	}
	for i, l := range want {
		if l.Index() != i {
			t.Errorf("%s.Index() = %d, want %d", l, l.Index(), i)
		}
		if got, _ := ParseLayer(l.Name()); got != l {
			t.Errorf("ParseLayer(%q) = %q, want %q", l.Name(), got, l)
		}
	}
	if Layer("nope").Valid() {
		t.Error(`Layer("nope") is valid`)
	}
}

func TestLayerSet(t *testing.T) {
	s := LayerSetOf(LayerData, LayerOS)
	if !s.Has(LayerData) || !s.Has(LayerOS) || s.Has(LayerCode) {
		t.Errorf("set %b has the wrong members", s)
	}
	if diff := cmp.Diff([]Layer{LayerOS, LayerData}, s.Layers()); diff != "" {
		t.Errorf("Layers() (-want +got):\n%s", diff)
	}
	if len(AllLayers.Layers()) != NumLayers {
		t.Errorf("AllLayers has %d layers", len(AllLayers.Layers()))
	}
}

func TestUnknownLayerSuggests(t *testing.T) {
	var l Layer
	err := l.UnmarshalText([]byte("identiy"))
	if err == nil || !strings.Contains(err.Error(), `did you mean "identity"`) {
		t.Errorf("got %v, want a suggestion of identity", err)
	}
	var r LayerRef
	if err := r.UnmarshalText([]byte("Customer")); err != nil || r != LayerRefCustomer {
		t.Errorf("LayerRef customer: %q, %v", r, err)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		err  bool
	}{
		{"4h", Period{4, Hours}, false},
		{"30 minutes", Period{30, Minutes}, false},
		{"12mo", Period{12, Months}, false},
		{"1 year", Period{1, Years}, false},
		{"2w", Period{2, Weeks}, false},
		{"soon", Period{}, true},
		{"0d", Period{}, true},
		{"5 fortnights", Period{}, true},
		{"", Period{}, true},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	start := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if got := (Period{1, Months}).After(start); got.Month() != time.March {
		t.Errorf("one month after 31 January = %v (Go normalises 31 February)", got)
	}
	if (Period{4, Hours}).Words() != "4 hours" || (Period{1, Days}).Words() != "1 day" {
		t.Error("Words is wrong")
	}
}

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, value string
		want           bool
	}{
		{"aws:*", "aws:rds", true},
		{"aws:*", "azure:sql", false},
		{"payments-*", "payments-db", true},
		{"*-db", "payments-db", true},
		{"arn:aws:s3:::*", "arn:aws:s3:::bucket/key", true},
		{"a?c", "abc", true},
		{"a?c", "abbc", false},
		{"*a*b*c*", "xxaxxbxxcxx", true},
		{"*a*b*c*", "xxaxxcxxbxx", false},
		{"Prod", "prod", true},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := Pattern(tt.pattern).Match(tt.value); got != tt.want {
			t.Errorf("Pattern(%q).Match(%q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
		}
	}
}

func TestSelector(t *testing.T) {
	a := &Asset{ID: "payments-db", Service: "aws:rds", Environment: "prod", Account: "111", Tags: map[string]string{"team": "payments"}, Data: []DataClass{DataPCI}}
	tests := []struct {
		name string
		sel  Selector
		want bool
		spec Specificity
	}{
		{"empty", Selector{}, true, Specificity{}},
		{"service", Selector{Services: []Pattern{"aws:*"}}, true, Specificity{Criteria: 1}},
		{"provider", Selector{Providers: []Pattern{"azure"}}, false, Specificity{Criteria: 1}},
		{"tags and env", Selector{Environments: []Pattern{"prod"}, Tags: map[string][]Pattern{"team": {"payments"}}}, true, Specificity{Criteria: 2}},
		{"tag missing", Selector{Tags: map[string][]Pattern{"owner": {"*"}}}, false, Specificity{Criteria: 1}},
		{"data", Selector{Data: []DataClass{DataPHI, DataPCI}}, true, Specificity{Criteria: 1}},
		{"explicit", Selector{Assets: []Pattern{"payments-db"}}, true, Specificity{Explicit: true}},
		{"asset glob", Selector{Assets: []Pattern{"payments-*"}}, true, Specificity{Criteria: 1}},
		{"name", Selector{Names: []Pattern{"pay*"}}, true, Specificity{Criteria: 1}},
		{"model", Selector{Models: []DeliveryModel{PaaS}}, true, Specificity{Criteria: 1}},
		{"other model", Selector{Models: []DeliveryModel{IaaS}}, false, Specificity{Criteria: 1}},
	}
	for _, tt := range tests {
		if got := tt.sel.Matches(a, "aws", PaaS); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
		if got := tt.sel.Specificity(); got != tt.spec {
			t.Errorf("%s: Specificity = %+v, want %+v", tt.name, got, tt.spec)
		}
	}
	if (Specificity{Explicit: true}).Compare(Specificity{Criteria: 9}) != 1 {
		t.Error("an explicit selector must beat any number of criteria")
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	l.Add(Location{File: "b.yaml", Line: 3}, EInvalid, "second")
	l.Add(Location{File: "a.yaml", Line: 9, Column: 2, Path: "parties[0].kind"}, EInvalid, "first")
	l.Add(Location{File: "b.yaml", Line: 3}, EInvalid, "second")
	l.Sort()
	if len(l) != 2 {
		t.Fatalf("Sort kept %d errors, want 2", len(l))
	}
	want := "2 problems:\n  a.yaml:9:2: parties[0].kind: first\n  b.yaml:3: second"
	if got := l.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if Code(l) != EInvalid || Code(nil) != "" {
		t.Error("Code is wrong")
	}
}
