package deliver

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/route"
)

// Options configure a delivery.
type Options struct {
	// Getenv reads the environment variables that hold URLs and secrets.
	Getenv func(string) string
	// Parties are the IDs of the model's parties, to check the
	// configuration's names against.
	Parties []string
	// Sender sends the digests; nil means a default Sender.
	Sender *Sender
	// Now stamps deliveries; zero means the clock.
	Now time.Time
}

// Outcome is what happened to one party's digest.
type Outcome struct {
	Recipient string
	Receiver  string
	// New counts the findings the party had not been sent; zero means
	// nothing was sent.
	New            int
	IdempotencyKey string
	Result         Result
}

// resolved is a receiver with its URL and secret read from the
// environment.
type resolved struct {
	url    string
	secret []byte
}

// Resolve checks a configuration against the model's parties and the
// environment: every party it names exists, and every url_env and
// secret_env variable is set. It returns every problem at once, and never
// the values of the variables.
func Resolve(cfg *Config, opts Options) (map[*Receiver]resolved, error) {
	var errs onus.ErrorList
	known := map[string]bool{}
	for _, p := range opts.Parties {
		known[p] = true
	}
	out := map[*Receiver]resolved{}
	for _, r := range cfg.Receivers {
		for i, p := range r.Parties {
			if !known[p] {
				errs.Add(at(r.Loc, fmt.Sprintf("parties[%d]", i)), onus.EInvalid, "receiver %q names party %q, which the model does not have%s", r.ID, p, onus.DidYouMean(p, opts.Parties))
			}
		}
		res := resolved{url: r.URL}
		if r.URLEnv != "" {
			res.url = opts.Getenv(r.URLEnv)
			if res.url == "" {
				errs.Add(at(r.Loc, "url_env"), onus.EInvalid, "receiver %q: environment variable %s is not set", r.ID, r.URLEnv)
			} else if err := CheckURL(res.url); err != nil {
				errs.Add(at(r.Loc, "url_env"), onus.EInvalid, "receiver %q: the value of %s: %s", r.ID, r.URLEnv, err)
			}
		}
		if r.SecretEnv != "" {
			s := opts.Getenv(r.SecretEnv)
			if s == "" {
				errs.Add(at(r.Loc, "secret_env"), onus.EInvalid, "receiver %q: environment variable %s is not set", r.ID, r.SecretEnv)
			}
			res.secret = []byte(s)
		}
		out[r] = res
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return out, nil
}

// Deliver sends each party's new findings in res as one digest to the
// party's receiver, and records what was delivered in the state file. A
// finding already recorded for the party is not sent again, so a second
// run with the same findings sends nothing. It returns one outcome per
// party that has a receiver, and an error when a digest could not be
// delivered (the others are still sent, and the state still saved).
func Deliver(ctx context.Context, cfg *Config, res *route.Result, opts Options) ([]Outcome, error) {
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	receivers, err := Resolve(cfg, opts)
	if err != nil {
		return nil, err
	}
	path := cfg.StatePath()
	st, err := LoadState(path)
	if err != nil {
		return nil, err
	}
	digests, err := collect(cfg, res, st)
	if err != nil {
		return nil, err
	}
	sender := opts.Sender
	if sender == nil {
		sender = &Sender{}
	}
	now := opts.Now
	if now.IsZero() {
		now = sender.now()
	}
	var outcomes []Outcome
	var failed []string
	for _, d := range digests {
		o := Outcome{Recipient: d.recipient, Receiver: d.receiver.ID, New: d.total()}
		if o.New > 0 {
			o.IdempotencyKey = d.idempotencyKey()
			body, err := d.payload(o.IdempotencyKey, now)
			if err != nil {
				return nil, &onus.Error{Code: onus.EInternal, Message: "cannot encode a digest", Err: err}
			}
			rv := receivers[d.receiver]
			o.Result = sender.send(ctx, d.receiver, request{url: rv.url, body: body, idempotencyKey: o.IdempotencyKey, secret: rv.secret})
			rec := &Delivery{IdempotencyKey: o.IdempotencyKey, At: now.UTC(), Receiver: d.receiver.ID, Status: StatusDelivered,
				Findings: o.New, HTTPStatus: o.Result.Status, Attempts: o.Result.Attempts}
			if o.Result.Err != nil {
				rec.Status, rec.Error = StatusFailed, o.Result.Err.Error()
				failed = append(failed, fmt.Sprintf("%s (receiver %s): %s after %s", d.recipient, d.receiver.ID, o.Result.Err, plural(o.Result.Attempts, "attempt", "attempts")))
			}
			st.record(d.recipient, rec, d.keys)
		}
		outcomes = append(outcomes, o)
	}
	if err := st.Save(path); err != nil {
		return outcomes, err
	}
	if len(failed) > 0 {
		return outcomes, &onus.Error{Code: onus.EInternal, Loc: onus.Location{File: cfg.File},
			Message: "could not deliver " + plural(len(failed), "digest", "digests") + ": " + strings.Join(failed, "; ") + "; the next run sends them again"}
	}
	return outcomes, nil
}

// collect reads the routed findings once and builds each recipient's
// digest of the findings not yet delivered to it.
func collect(cfg *Config, res *route.Result, st *State) ([]*digest, error) {
	var out []*digest
	var cur *digest
	now := res.Now
	err := res.Each(func(r *route.Record) error {
		recipient := UnroutableRecipient
		if r.Bucket() != route.Unroutable {
			recipient = r.Party().ID
		}
		if cur == nil || cur.recipient != recipient || cur.bucket != r.Bucket() {
			cur = &digest{recipient: recipient, party: r.Party(), bucket: r.Bucket()}
			if r.Bucket() == route.Unroutable {
				cur.receiver = cfg.unroutableReceiver()
			} else {
				cur.receiver = cfg.receiverFor(recipient)
			}
			if cur.receiver != nil {
				out = append(out, cur)
			}
		}
		if cur.receiver == nil || st.delivered(recipient, r.Key()) {
			return nil
		}
		cur.keys = append(cur.keys, r.Key())
		cur.counts[r.Severity()]++
		if len(cur.listed) < cur.receiver.MaxFindings {
			it := r.Item()
			l := listed{json: r.AppendJSON(nil, now), severity: it.Severity, what: it.Check,
				where: it.ResourceID, layer: it.Layer, due: it.Due}
			if it.Title != "" {
				l.what += " · " + it.Title
			}
			if it.Bucket == route.Unroutable {
				l.reason = it.Reason
			}
			cur.listed = append(cur.listed, l)
		}
		return nil
	})
	return out, err
}
