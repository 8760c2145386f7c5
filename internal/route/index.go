package route

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/findings"
)

// ambiguous marks an index key that several assets share: it matches none
// of them.
const ambiguous = -1

// index finds an engine result's assets by every identifier findings use.
// It is built once; each lookup is a handful of map probes.
type index struct {
	// ids and accounts hold the assets' IDs and accounts, and outcomeOf
	// the number of each asset's outcome in outcomes: dense arrays, so
	// that routing a finding touches little memory besides the map it
	// probes, and so that the engine result's assets (their tags, their
	// locations) need not stay in memory while findings stream past.
	ids, accounts []string
	outcomeOf     []int32
	outcomes      []outcomeTargets
	// byID holds asset IDs exactly as written.
	byID map[string]int32
	// byAddress holds inventory addresses (Terraform addresses).
	byAddress map[string]int32
	// awsRes holds "account|resource-id" for AWS assets: the last segment
	// of an ARN, or an ID an inventory gave without one (i-0abc, a bucket
	// name).
	awsRes map[string]int32
	azure  map[string]int32 // lower-cased Azure resource IDs
	gcp    map[string]int32 // GCP names in gcpKey form
	// kube holds "kind/namespace/name" (kind lower-cased), kubeName
	// "namespace/name" and kubeNS the namespace objects.
	kube, kubeName, kubeNS map[string]int32
	// names holds asset names.
	names map[string]int32
	// groups holds the assets of each account and service.
	groups map[string]*group
}

// outcomeTargets is an engine outcome and, per layer, where its findings
// go once worked out.
type outcomeTargets struct {
	o       *engine.Outcome
	svc     *onus.Service
	targets [onus.NumLayers]*target
}

// group is the assets of one service in one account, and, per layer, where
// their findings go once worked out.
type group struct {
	account string
	service *onus.Service
	assets  int
	// outcomes are the numbers of the distinct outcomes of the group's
	// assets: assets share outcomes, so there are few.
	outcomes []int32
	targets  [onus.NumLayers]*target
	note     string
}

func newIndex(res *engine.Result) *index {
	n := len(res.Assets)
	x := &index{ids: make([]string, n), accounts: make([]string, n), outcomeOf: make([]int32, n),
		byID: make(map[string]int32, n), byAddress: map[string]int32{},
		awsRes: map[string]int32{}, azure: map[string]int32{}, gcp: map[string]int32{},
		kube: map[string]int32{}, kubeName: map[string]int32{}, kubeNS: map[string]int32{},
		names: map[string]int32{}, groups: map[string]*group{}}
	numbers := map[*engine.Outcome]int32{}
	for i := range res.Assets {
		ar := &res.Assets[i]
		o, ok := numbers[ar.Outcome]
		if !ok {
			o = int32(len(x.outcomes))
			numbers[ar.Outcome] = o
			x.outcomes = append(x.outcomes, outcomeTargets{o: ar.Outcome, svc: ar.Outcome.Service})
		}
		x.ids[i], x.accounts[i], x.outcomeOf[i] = ar.Asset.ID, ar.Asset.Account, o
		x.add(int32(i), ar)
	}
	for _, g := range x.groups {
		g.note = fmt.Sprintf("matched the only asset of %s in account %s", g.service.ID, g.account)
		if g.assets > 1 {
			g.note = fmt.Sprintf("matched the %d assets of %s in account %s, which agree on this layer", g.assets, g.service.ID, g.account)
		}
	}
	return x
}

func put(m map[string]int32, k string, i int32) {
	if k == "" {
		return
	}
	if j, ok := m[k]; ok && j != i {
		m[k] = ambiguous
		return
	}
	m[k] = i
}

func (x *index) add(i int32, ar *engine.AssetResult) {
	a := ar.Asset
	x.byID[a.ID] = i
	put(x.byAddress, a.Address, i)
	put(x.names, a.Name, i)
	for _, id := range []string{a.ID, a.Address} {
		if k, ok := azureKey(id); ok {
			put(x.azure, k, i)
		}
		if k, ok := gcpKey(id); ok {
			put(x.gcp, k, i)
		}
	}
	svc := ar.Outcome.Service
	if arn, ok := parseARN(a.ID); ok {
		acct := arn.account
		if acct == "" {
			acct = a.Account
		}
		put(x.awsRes, acct+"|"+arn.resourceID(), i)
	} else if svc != nil && svc.Provider == "aws" && a.Account != "" {
		put(x.awsRes, a.Account+"|"+a.ID, i)
	}
	if ns, name, ok := strings.Cut(a.ID, "/"); ok && a.Type != "" && !strings.Contains(name, "/") && ns != "" &&
		strings.EqualFold(a.Address, kubeKind(a.Type)+"/"+a.ID) {
		put(x.kube, kubeKind(a.Type)+"/"+a.ID, i)
		put(x.kubeName, a.ID, i)
	}
	if kubeKind(a.Type) == "namespace" && !strings.Contains(a.ID, "/") {
		put(x.kubeNS, a.ID, i)
	}
	if svc != nil && a.Account != "" {
		k := accountServiceKey(a.Account, svc)
		g := x.groups[k]
		if g == nil {
			g = &group{account: a.Account, service: svc}
			x.groups[k] = g
		}
		g.assets++
		if o := x.outcomeOf[i]; !slices.Contains(g.outcomes, o) {
			g.outcomes = append(g.outcomes, o)
		}
	}
}

func accountServiceKey(account string, svc *onus.Service) string {
	return strings.ToLower(account) + "\x00" + svc.ID
}

// none is the asset number of no asset.
const none = -1

// get returns the number of the asset a key built in scratch space names
// in m, or none; probing with the bytes allocates nothing.
func (x *index) get(m map[string]int32, k []byte) int32 {
	if i, ok := m[string(k)]; ok {
		return i
	}
	return none
}

func (x *index) getString(m map[string]int32, k string) int32 {
	if i, ok := m[k]; ok {
		return i
	}
	return none
}

// lookup finds the number of the asset a finding is about, and how: by
// Terraform address, by resource ID (exactly, then as an ARN, Azure ID or
// GCP name), by Kubernetes object, then by name within the account. It
// returns none when no single asset matches.
func (x *index) lookup(f *findings.Finding, buf *[]byte) (int32, Method) {
	res := &f.Resource
	if res.Address != "" {
		if i := x.getString(x.byAddress, res.Address); i >= 0 {
			return i, MethodAddress
		}
		if i := x.getString(x.byID, res.Address); i >= 0 {
			return i, MethodAddress
		}
	}
	if id := res.ID; id != "" {
		if i := x.getString(x.byID, id); i >= 0 {
			return i, idMethod(id)
		}
		if a, ok := parseARN(id); ok {
			acct := a.account
			if acct == "" {
				acct = res.Account
			}
			b := append(append(append((*buf)[:0], acct...), '|'), a.resourceID()...)
			*buf = b
			if i := x.get(x.awsRes, b); i >= 0 {
				return i, MethodARN
			}
		} else if k, ok := azureKey(id); ok {
			if i := x.getString(x.azure, k); i >= 0 {
				return i, MethodAzure
			}
		} else if k, ok := gcpKey(id); ok {
			if i := x.getString(x.gcp, k); i >= 0 {
				return i, MethodGCP
			}
		} else if res.Account != "" {
			b := append(append(append((*buf)[:0], res.Account...), '|'), id...)
			*buf = b
			if i := x.get(x.awsRes, b); i >= 0 {
				return i, MethodARN
			}
		}
	}
	if res.Namespace != "" && res.Name != "" {
		if i := x.kubeLookup(res, buf); i >= 0 {
			return i, MethodKubernetes
		}
	}
	if res.Name != "" {
		for _, m := range []map[string]int32{x.byID, x.names} {
			if i := x.getString(m, res.Name); i >= 0 && sameAccount(x.accounts[i], res.Account) {
				return i, MethodName
			}
		}
	}
	return none, ""
}

// idMethod names the method of an exact ID match after the kind of ID.
func idMethod(id string) Method {
	switch {
	case strings.HasPrefix(id, "arn:"):
		return MethodARN
	case isAzureID(id):
		return MethodAzure
	}
	if _, ok := gcpKey(id); ok {
		return MethodGCP
	}
	return MethodAssetID
}

func (x *index) kubeLookup(res *findings.Resource, buf *[]byte) int32 {
	b := append(append(append((*buf)[:0], res.Namespace...), '/'), res.Name...)
	nsName := len(b)
	if kind := kubeKind(res.Type); kind != "" {
		b = append(append(b, kind...), '/')
		b = append(b, b[:nsName]...)
		*buf = b
		if i := x.get(x.kube, b[nsName:]); i >= 0 {
			return i
		}
	}
	*buf = b
	if i := x.get(x.kubeName, b[:nsName]); i >= 0 {
		return i
	}
	return x.getString(x.kubeNS, res.Namespace)
}

// sameAccount reports whether an asset's and a finding's accounts are not
// known to differ.
func sameAccount(a, b string) bool {
	return a == "" || b == "" || strings.EqualFold(a, b)
}

// group returns the account-service group for an account and service, or
// nil.
func (x *index) group(account string, svc *onus.Service, buf *[]byte) *group {
	if account == "" {
		return nil
	}
	b := (*buf)[:0]
	for i := 0; i < len(account); i++ {
		c := account[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	b = append(append(b, 0), svc.ID...)
	*buf = b
	return x.groups[string(b)]
}
