package deliver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/route"
	"github.com/onus-dev/onus/internal/route/internal/routetest"
)

// routed routes findings about the routing test estate: two for the data
// team, one for the MSSP, a provider case and an unroutable one.
func routed(t *testing.T, extra ...*findings.Finding) *route.Result {
	t.Helper()
	r, err := route.New(routetest.Evaluate(t, "../testdata/estate"), route.Options{Now: routetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	b := r.NewBatch(t.TempDir())
	fs := []*findings.Finding{
		{Tool: "Prowler", Check: "s3_bucket_default_encryption", Severity: onus.High, Status: findings.Fail, Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs"}},
		{Tool: "Prowler", Check: "rds_instance_storage_encrypted", Severity: onus.Critical, Status: findings.Fail, Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
		{Tool: "Prowler", Check: "rds_instance_enhanced_monitoring_enabled", Severity: onus.Medium, Status: findings.Fail, Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
		{Tool: "Prowler", Check: "rds_instance_deprecated_engine_version", Severity: onus.High, Status: findings.Fail, Resource: findings.Resource{ID: "arn:aws:rds:eu-west-1:111111111111:db:orders"}},
		{Tool: "Scanner", Check: "widget", Severity: onus.Low, Status: findings.Fail, Resource: findings.Resource{ID: "mystery", Type: "Widget"}},
		{Tool: "Prowler", Check: "s3_bucket_versioning_enabled", Severity: onus.Low, Status: findings.Pass, Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs"}},
	}
	for _, f := range append(fs, extra...) {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	res, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Close() })
	return res
}

// receiver is a local HTTP receiver that answers from a script, one status
// per request (the last repeating), and records what it was sent.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	script   []int
	stall    time.Duration // how long to wait before answering the first request
	requests []*recorded
	header   http.Header // extra headers to answer with
}

type recorded struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, script ...int) *receiver {
	rc := &receiver{script: script, header: http.Header{}}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		rc.mu.Lock()
		n := len(rc.requests)
		rc.requests = append(rc.requests, &recorded{header: req.Header.Clone(), body: body})
		status := rc.script[min(n, len(rc.script)-1)]
		stall := rc.stall
		rc.mu.Unlock()
		if n == 0 && stall > 0 {
			select {
			case <-time.After(stall):
			case <-req.Context().Done():
				return
			}
		}
		for k, vs := range rc.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.requests)
}

// instant is a Sender that does not really wait between attempts, and
// records the waits it was asked for.
func instant(waits *[]time.Duration) *Sender {
	return &Sender{
		Sleep:  func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil },
		Jitter: func() float64 { return 0.5 },
		Now:    func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) },
	}
}

// config writes a delivery configuration into a fresh directory.
func config(t *testing.T, yaml string) *Config {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "deliver.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := ReadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

var estateParties = []string{"acme", "platform", "data-team", "k8s-team", "web-team", "batch-team", "dba", "watchtower", "aws"}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestWebhookSignedIdempotentAndRecorded(t *testing.T) {
	rc := newReceiver(t, 200)
	cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers:\n  - {id: hook, kind: webhook, url: "+rc.URL+"/onus, secret_env: HOOK_SECRET, parties: [data-team]}\n")
	secret := "s3cr3t-value"
	var waits []time.Duration
	opts := Options{Getenv: env(map[string]string{"HOOK_SECRET": secret}), Parties: estateParties, Sender: instant(&waits), Now: routetest.Now}
	res := routed(t)
	out, err := Deliver(context.Background(), cfg, res, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Recipient != "data-team" || out[0].New != 2 || out[0].Result.Attempts != 1 || out[0].Result.Status != 200 {
		t.Fatalf("outcomes %+v, want one digest of 2 findings for data-team, sent at the first attempt", out)
	}
	if rc.count() != 1 {
		t.Fatalf("%d requests, want 1", rc.count())
	}
	req := rc.requests[0]
	ts := req.header.Get(HeaderTimestamp)
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		t.Errorf("timestamp %q", ts)
	}
	if got, want := req.header.Get(HeaderSignature), Sign([]byte(secret), ts, req.body); got != want {
		t.Errorf("signature %q, want %q over the exact body", got, want)
	}
	if got := req.header.Get(HeaderIdempotencyKey); got != out[0].IdempotencyKey || len(got) != 32 {
		t.Errorf("idempotency key %q, want %q", got, out[0].IdempotencyKey)
	}
	var digest struct {
		APIVersion     string              `json:"apiVersion"`
		IdempotencyKey string              `json:"idempotency_key"`
		Party          struct{ ID string } `json:"party"`
		Total          int                 `json:"total"`
		Findings       []struct {
			Key, Severity, Check, Layer string
		} `json:"findings"`
	}
	if err := json.Unmarshal(req.body, &digest); err != nil {
		t.Fatal(err)
	}
	if digest.APIVersion != DigestVersion || digest.Party.ID != "data-team" || digest.Total != 2 || len(digest.Findings) != 2 ||
		digest.Findings[0].Severity != "critical" || digest.IdempotencyKey != out[0].IdempotencyKey {
		t.Errorf("digest %+v", digest)
	}

	// The state file records the delivery and its findings.
	st, err := LoadState(cfg.StatePath())
	if err != nil {
		t.Fatal(err)
	}
	ps := st.Parties["data-team"]
	if ps == nil || len(st.keys["data-team"]) != 2 || len(ps.Deliveries) != 1 || ps.Deliveries[0].Status != StatusDelivered ||
		ps.Deliveries[0].IdempotencyKey != out[0].IdempotencyKey {
		t.Fatalf("state %+v", ps)
	}
	data, _ := os.ReadFile(cfg.StatePath())
	if strings.Contains(string(data), secret) {
		t.Error("the state file holds the secret")
	}

	// A second run with the same findings sends nothing.
	out, err = Deliver(context.Background(), cfg, routed(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rc.count() != 1 || len(out) != 1 || out[0].New != 0 {
		t.Errorf("second run: %d requests, outcomes %+v; want nothing sent", rc.count(), out)
	}

	// A new finding goes out alone.
	extra := &findings.Finding{Tool: "Prowler", Check: "s3_bucket_object_lock", Severity: onus.Low, Status: findings.Fail, Resource: findings.Resource{ID: "arn:aws:s3:::acme-logs"}}
	out, err = Deliver(context.Background(), cfg, routed(t, extra), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rc.count() != 2 || out[0].New != 1 {
		t.Errorf("third run: %d requests, outcomes %+v; want the new finding sent", rc.count(), out)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		script   []int
		header   http.Header
		attempts int
		status   int
		ok       bool
		waits    []time.Duration
	}{
		{"fails then succeeds", []int{500, 200}, nil, 2, 200, true, []time.Duration{750 * time.Millisecond}},
		{"fails every time", []int{503}, nil, 3, 503, false, []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond}},
		{"429 honours Retry-After", []int{429, 200}, http.Header{"Retry-After": {"7"}}, 2, 200, true, []time.Duration{7 * time.Second}},
		{"429 asking too much", []int{429, 200}, http.Header{"Retry-After": {"3600"}}, 1, 429, false, nil},
		{"no retry on 400", []int{400, 200}, nil, 1, 400, false, nil},
		{"no retry on a redirect", []int{302, 200}, http.Header{"Location": {"http://example.invalid/"}}, 1, 302, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, tt.script...)
			for k, v := range tt.header {
				rc.header[k] = v
			}
			cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers:\n  - {id: hook, kind: webhook, url: "+rc.URL+", default: true, attempts: 3, backoff: 1s, max_backoff: 10s}\n")
			var waits []time.Duration
			out, err := Deliver(context.Background(), cfg, routed(t), Options{Parties: estateParties, Sender: instant(&waits), Now: routetest.Now})
			if (err == nil) != tt.ok {
				t.Fatalf("error %v, want ok=%v", err, tt.ok)
			}
			var d *Outcome
			for i := range out {
				if out[i].Recipient == "data-team" {
					d = &out[i]
				}
			}
			if d == nil || d.Result.Attempts != tt.attempts || d.Result.Status != tt.status {
				t.Fatalf("data-team outcome %+v, want %d attempts ending in %d", d, tt.attempts, tt.status)
			}
			// Every digest met the same script; look at the first.
			if len(waits) < len(tt.waits) || (len(tt.waits) > 0 && waits[0] != tt.waits[0]) {
				t.Errorf("waits %v, want them to start %v", waits, tt.waits)
			}
			if len(tt.waits) > 1 && waits[1] != tt.waits[1] {
				t.Errorf("second wait %v, want %v (doubled)", waits[1], tt.waits[1])
			}
			st, _ := LoadState(cfg.StatePath())
			ps := st.Parties["data-team"]
			if ps == nil || ps.Deliveries[0].Attempts != tt.attempts || (ps.Deliveries[0].Status == StatusDelivered) != tt.ok {
				t.Errorf("state %+v", ps)
			}
			if !tt.ok && len(st.keys["data-team"]) != 0 {
				t.Error("a failed digest's findings are recorded as delivered")
			}
		})
	}
}

func TestStallTimesOutAndRetries(t *testing.T) {
	rc := newReceiver(t, 200)
	rc.stall = 2 * time.Second
	cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers:\n  - {id: slow, kind: webhook, url: "+rc.URL+"/hooks/SECRET-PATH, parties: [data-team], timeout: 100ms, attempts: 2, backoff: 10ms}\n")
	var waits []time.Duration
	start := time.Now()
	out, err := Deliver(context.Background(), cfg, routed(t), Options{Parties: estateParties, Sender: instant(&waits), Now: routetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if d := out[0]; d.Result.Attempts != 2 || d.Result.Status != 200 {
		t.Errorf("outcome %+v, want a timeout and then success", d)
	}
	if time.Since(start) > 1500*time.Millisecond {
		t.Errorf("took %v: the timeout did not cut the stalled request", time.Since(start))
	}
	// The stalled request and its retry carry the same idempotency key.
	if rc.count() != 2 || rc.requests[0].header.Get(HeaderIdempotencyKey) != rc.requests[1].header.Get(HeaderIdempotencyKey) {
		t.Errorf("%d requests with keys that differ", rc.count())
	}

	// When every attempt stalls, the error says so without the URL's path.
	rc2 := newReceiver(t, 200)
	rc2.stall = 2 * time.Second
	cfg2 := config(t, "apiVersion: onus/delivery/v1\nreceivers:\n  - {id: slow, kind: webhook, url: "+rc2.URL+"/hooks/SECRET-PATH, parties: [data-team], timeout: 100ms, attempts: 1}\n")
	_, err = Deliver(context.Background(), cfg2, routed(t), Options{Parties: estateParties, Sender: instant(&waits), Now: routetest.Now})
	if err == nil || !strings.Contains(err.Error(), "within the timeout") || strings.Contains(err.Error(), "SECRET-PATH") {
		t.Errorf("got %v, want a timeout error that does not repeat the URL's path", err)
	}
}

func TestChatPayloads(t *testing.T) {
	slack := newReceiver(t, 200)
	teams := newReceiver(t, 200)
	cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers:\n"+
		"  - {id: chat, kind: slack, url_env: SLACK_URL, parties: [data-team], max_findings: 1}\n"+
		"  - {id: cards, kind: teams, url: "+teams.URL+", unroutable: true}\n")
	out, err := Deliver(context.Background(), cfg, routed(t), Options{Getenv: env(map[string]string{"SLACK_URL": slack.URL}), Parties: estateParties, Now: routetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || slack.count() != 1 || teams.count() != 1 {
		t.Fatalf("outcomes %+v; %d Slack and %d Teams requests, want one each", out, slack.count(), teams.count())
	}
	var s struct {
		Text   string
		Blocks []struct {
			Type string
			Text struct{ Type, Text string }
		}
	}
	if err := json.Unmarshal(slack.requests[0].body, &s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Text, "2 new findings for data-team") || s.Blocks[0].Type != "header" || s.Blocks[len(s.Blocks)-1].Type != "context" {
		t.Errorf("Slack payload %s", slack.requests[0].body)
	}
	var m struct {
		Type        string
		Attachments []struct {
			ContentType string
			Content     struct {
				Type, Version string
				Body          []map[string]any
			}
		}
	}
	if err := json.Unmarshal(teams.requests[0].body, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "message" || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
		m.Attachments[0].Content.Type != "AdaptiveCard" || !strings.Contains(string(teams.requests[0].body), "no party can be named") {
		t.Errorf("Teams payload %s", teams.requests[0].body)
	}
	if slack.requests[0].header.Get(HeaderSignature) != "" {
		t.Error("a Slack request carries a signature")
	}
}

func TestResolveRefuses(t *testing.T) {
	tests := []struct {
		name, yaml string
		vars       map[string]string
		want       string
	}{
		{"unknown party", "receivers: [{id: a, kind: webhook, url: http://x.example, parties: [data-tem]}]", nil, `party "data-tem", which the model does not have (did you mean "data-team"?)`},
		{"unset URL variable", "receivers: [{id: a, kind: slack, url_env: HOOK, default: true}]", nil, "environment variable HOOK is not set"},
		{"URL variable of another scheme", "receivers: [{id: a, kind: slack, url_env: HOOK, default: true}]", map[string]string{"HOOK": "file:///etc/passwd"}, `the URL's scheme must be http or https, not "file"`},
		{"unset secret", "receivers: [{id: a, kind: webhook, url: http://x.example, secret_env: S, default: true}]", nil, "environment variable S is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config(t, "apiVersion: onus/delivery/v1\n"+tt.yaml+"\n")
			_, err := Resolve(cfg, Options{Getenv: env(tt.vars), Parties: estateParties})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "/etc/passwd") {
				t.Errorf("the error repeats the variable's value: %v", err)
			}
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"apiVersion", "apiVersion: onus/v1\nreceivers: [{id: a, kind: slack, url: http://x, default: true}]\n", `apiVersion is "onus/v1", want "onus/delivery/v1"`},
		{"no receivers", "apiVersion: onus/delivery/v1\n", "name at least one receiver"},
		{"ftp URL", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: webhook, url: \"ftp://x/y\", default: true}]\n", `d.yaml:2:13: receivers[0].url: receiver "a": the URL's scheme must be http or https, not "ftp"`},
		{"relative URL", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: webhook, url: /hooks, default: true}]\n", `the URL's scheme must be http or https`},
		{"url and url_env", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: webhook, url: http://x, url_env: U, default: true}]\n", "set exactly one of url and url_env"},
		{"unknown kind", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: email, url: http://x, default: true}]\n", `unknown receiver kind "email"`},
		{"unknown field", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, defualt: true}]\n", `unknown field "defualt" (did you mean "default"?)`},
		{"secret on Slack", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, secret_env: S, default: true}]\n", "only webhook receivers are signed"},
		{"party twice", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, parties: [p]}, {id: b, kind: slack, url: http://y, parties: [p]}]\n", `party "p" is already sent to receiver "a"`},
		{"two defaults", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, default: true}, {id: b, kind: slack, url: http://y, default: true}]\n", "both the default"},
		{"receives nothing", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x}]\n", "receives nothing"},
		{"too many findings for chat", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, default: true, max_findings: 100}]\n", "max_findings must be between 1 and 40"},
		{"bad duration", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, default: true, timeout: 10}]\n", `bad duration "10"`},
		{"attempts", "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: slack, url: http://x, default: true, attempts: 50}]\n", "attempts must be between 1 and 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("d.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestStatePathAndCorruptState(t *testing.T) {
	cfg := config(t, "apiVersion: onus/delivery/v1\nstate: state/delivered.json\nreceivers: [{id: a, kind: slack, url: http://x, default: true}]\n")
	if want := filepath.Join(filepath.Dir(cfg.File), "state", "delivered.json"); cfg.StatePath() != want {
		t.Errorf("state path %q, want %q", cfg.StatePath(), want)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	for content, want := range map[string]string{
		"{":                   "not valid JSON",
		`{"apiVersion": "x"}`: `apiVersion is "x"`,
		`{"apiVersion": "onus/delivery-state/v1", "parties": {"p": {"delivered": ["zz"]}}}`: `bad finding key "zz"`,
	} {
		os.WriteFile(path, []byte(content), 0o644)
		if _, err := LoadState(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("state %s: got %v, want %q", content, err, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	rc := &Receiver{Backoff: Duration(time.Second), MaxBackoff: Duration(5 * time.Second)}
	for _, tt := range []struct {
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{1, 0, 500 * time.Millisecond}, {1, 0.999999, time.Second - time.Microsecond}, {2, 0, time.Second},
		{3, 0, 2 * time.Second}, {4, 0, 2500 * time.Millisecond}, {9, 0, 2500 * time.Millisecond},
	} {
		s := &Sender{Jitter: func() float64 { return tt.jitter }}
		if got := s.backoff(rc, tt.attempt); got < tt.want-time.Microsecond || got > tt.want+time.Microsecond {
			t.Errorf("attempt %d, jitter %v: wait %v, want %v", tt.attempt, tt.jitter, got, tt.want)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	rc := newReceiver(t, 500)
	cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: webhook, url: "+rc.URL+", default: true, backoff: 1h, max_backoff: 1h}]\n")
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sender{Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }}
	_, err := Deliver(ctx, cfg, routed(t), Options{Parties: estateParties, Sender: s})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("got %v, want the cancellation reported", err)
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("apiVersion: onus/delivery/v1\nstate: s.json\nreceivers:\n  - {id: a, kind: webhook, url: \"https://x.example/h\", secret_env: S, parties: [p, q], max_findings: 10, timeout: 5s, attempts: 3, backoff: 200ms, max_backoff: 5s}\n  - {id: b, kind: slack, url_env: U, default: true}\n  - {id: c, kind: teams, url: \"http://t.example\", unroutable: true}\n"))
	f.Add([]byte("apiVersion: onus/delivery/v1\nreceivers: [{id: a, kind: webhook, url: \"javascript:alert(1)\", default: true}]\n"))
	f.Add([]byte("apiVersion: onus/delivery/v1\nreceivers: [&r {id: a, kind: slack, url: \"http://x\", default: true}, *r]\n"))
	f.Add([]byte("receivers: !!str x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("fuzz.yaml", data)
		if err != nil {
			if onus.Code(err) == onus.EInternal {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		for _, r := range cfg.Receivers {
			if r.URL != "" && CheckURL(r.URL) != nil {
				t.Fatalf("accepted URL %q", r.URL)
			}
			if r.Attempts < 1 || r.MaxFindings < 1 || r.Timeout <= 0 {
				t.Fatalf("receiver without defaults: %+v", r)
			}
		}
	})
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/private/path"
	srv.Close()
	cfg := config(t, "apiVersion: onus/delivery/v1\nreceivers: [{id: gone, kind: webhook, url: \""+url+"\", parties: [data-team], attempts: 3}]\n")
	var waits []time.Duration
	out, err := Deliver(context.Background(), cfg, routed(t), Options{Parties: estateParties, Sender: instant(&waits), Now: routetest.Now})
	if err == nil || !strings.Contains(err.Error(), "cannot reach http://127.0.0.1") || strings.Contains(err.Error(), "private") {
		t.Errorf("got %v, want a connection error naming the host only", err)
	}
	if len(out) != 1 || out[0].Result.Attempts != 3 || out[0].Result.Status != 0 || len(waits) != 2 {
		t.Errorf("outcome %+v after %d waits, want 3 attempts", out, len(waits))
	}
}
