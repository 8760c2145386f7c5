package deliver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// The headers a digest request carries.
const (
	// HeaderIdempotencyKey carries the digest's idempotency key: the same
	// party and findings always give the same key, so a receiver can drop
	// a digest it has already processed.
	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderTimestamp carries the time of the request, in seconds since
	// 1970, which the signature covers.
	HeaderTimestamp = "X-Onus-Timestamp"
	// HeaderSignature carries "v1=" and the hexadecimal HMAC-SHA256, keyed
	// with the receiver's secret, of the timestamp, a full stop and the
	// exact body.
	HeaderSignature = "X-Onus-Signature"
)

// maxRetryAfter is the longest Retry-After a 429 answer may ask for; a
// receiver that asks for more is given up on for this run.
const maxRetryAfter = 5 * time.Minute

// Sign returns the signature header value of a body sent at timestamp ts,
// for receivers to compare with HeaderSignature.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Sender posts digests. Its zero value works; tests replace its clock,
// sleep and randomness.
type Sender struct {
	// Client sends requests; nil means a client that follows no redirects,
	// so that a signed request never goes to a host it was not meant for.
	Client *http.Client
	// UserAgent is sent with every request.
	UserAgent string
	// Now returns the time; nil means the clock.
	Now func() time.Time
	// Sleep waits between attempts; nil means waiting on a timer, or until
	// ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1); nil means math/rand.
	Jitter func() float64
}

// Result is the outcome of sending one digest.
type Result struct {
	Status   int // the last HTTP status, 0 when no answer came
	Attempts int
	Err      error // nil when the receiver accepted the digest
}

// request is one digest to post.
type request struct {
	url            string
	body           []byte
	idempotencyKey string
	secret         []byte // nil: unsigned
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// send posts a digest, retrying as the receiver configures: connection
// errors, timeouts and 5xx answers are retried after an exponential
// backoff with jitter; 429 after its Retry-After when it gives one; any
// other answer outside 2xx is final.
func (s *Sender) send(ctx context.Context, rc *Receiver, req request) Result {
	var res Result
	for attempt := 0; attempt < rc.Attempts; attempt++ {
		if attempt > 0 {
			wait := s.backoff(rc, attempt)
			if ra, ok := retryAfter(res, s.now()); ok {
				if ra > maxRetryAfter {
					res.Err = fmt.Errorf("%w; it asks to wait %s, longer than %s", res.Err, ra.Round(time.Second), maxRetryAfter)
					return res
				}
				wait = ra
			}
			if err := s.sleep(ctx, wait); err != nil {
				res.Err = err
				return res
			}
		}
		res.Attempts++
		status, header, err := s.post(ctx, rc, req)
		res.Status = status
		switch {
		case err != nil:
			res.Err = err
			if ctx.Err() != nil {
				return res
			}
			continue
		case status >= 200 && status < 300:
			res.Err = nil
			return res
		case status == http.StatusTooManyRequests:
			res.Err = &statusError{status: status, retryAfter: header.Get("Retry-After")}
			continue
		case status >= 500:
			res.Err = &statusError{status: status}
			continue
		}
		res.Err = &statusError{status: status}
		return res
	}
	return res
}

// statusError is an answer outside 2xx.
type statusError struct {
	status     int
	retryAfter string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("the receiver answered %d %s", e.status, http.StatusText(e.status))
}

// retryAfter returns the wait a 429 answer asked for.
func retryAfter(res Result, now time.Time) (time.Duration, bool) {
	var se *statusError
	if !errors.As(res.Err, &se) || se.status != http.StatusTooManyRequests || se.retryAfter == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(se.retryAfter); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(se.retryAfter); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// backoff returns the wait before an attempt: the base doubled per attempt
// made, capped, and then jittered to between half and all of it, so that
// many senders retrying at once spread out.
func (s *Sender) backoff(rc *Receiver, attempt int) time.Duration {
	d := time.Duration(rc.Backoff)
	for i := 1; i < attempt && d < time.Duration(rc.MaxBackoff); i++ {
		d *= 2
	}
	d = min(d, time.Duration(rc.MaxBackoff))
	j := rand.Float64
	if s.Jitter != nil {
		j = s.Jitter
	}
	return d/2 + time.Duration(j()*float64(d/2))
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep != nil {
		return s.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// post makes one attempt, within the receiver's timeout.
func (s *Sender) post(ctx context.Context, rc *Receiver, req request) (int, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(rc.Timeout))
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, req.url, bytes.NewReader(req.body))
	if err != nil {
		return 0, nil, errors.New("cannot build the request")
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(HeaderIdempotencyKey, req.idempotencyKey)
	if s.UserAgent != "" {
		hr.Header.Set("User-Agent", s.UserAgent)
	}
	if req.secret != nil {
		ts := strconv.FormatInt(s.now().Unix(), 10)
		hr.Header.Set(HeaderTimestamp, ts)
		hr.Header.Set(HeaderSignature, Sign(req.secret, ts, req.body))
	}
	client := s.Client
	if client == nil {
		client = noRedirects
	}
	resp, err := client.Do(hr)
	if err != nil {
		return 0, nil, describeError(ctx, err, req.url)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, resp.Header, nil
}

// describeError says what went wrong without repeating the URL, whose path
// may be a secret.
func describeError(ctx context.Context, err error, url string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer from %s within the timeout", redact(url))
	}
	if errors.Is(err, context.Canceled) {
		return context.Canceled
	}
	return fmt.Errorf("cannot reach %s", redact(url))
}
