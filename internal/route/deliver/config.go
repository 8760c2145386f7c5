// Package deliver sends each party's routed findings once, as a digest, to
// a receiver the organisation configures: a generic JSON webhook signed
// with HMAC-SHA256, or a Slack- or Microsoft Teams-compatible incoming
// webhook. Requests are retried with exponential backoff and jitter, carry
// an idempotency key derived from the party and the findings, and a state
// file records what each party was sent, so that running again with the
// same findings sends nothing new.
package deliver

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/route/internal/yamlbound"
)

// APIVersion is the apiVersion of delivery configuration files.
const APIVersion = "onus/delivery/v1"

// maxConfig bounds the size of a delivery configuration file, and
// maxConfigNodes the values it holds once its YAML aliases are expanded.
const (
	maxConfig      = 1 << 20
	maxConfigNodes = 100_000
)

// Kind is the payload a receiver accepts.
type Kind string

// The kinds of receiver.
const (
	// Webhook is a generic JSON webhook, signed with HMAC-SHA256 when the
	// receiver names a secret.
	Webhook Kind = "webhook"
	// Slack is a Slack-compatible incoming webhook: {"text", "blocks"}.
	Slack Kind = "slack"
	// Teams is a Microsoft Teams incoming webhook (Workflows): a message
	// with an Adaptive Card.
	Teams Kind = "teams"
)

// UnmarshalText accepts a receiver kind.
func (k *Kind) UnmarshalText(b []byte) error {
	switch v := Kind(strings.ToLower(strings.TrimSpace(string(b)))); v {
	case Webhook, Slack, Teams:
		*k = v
		return nil
	}
	return fmt.Errorf("unknown receiver kind %q (use webhook, slack or teams)", b)
}

// Duration is a length of time written the Go way: "500ms", "10s", "2m".
type Duration time.Duration

// UnmarshalText parses a positive duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil || v <= 0 {
		return fmt.Errorf("bad duration %q: want a positive length such as 500ms, 10s or 2m", b)
	}
	*d = Duration(v)
	return nil
}

// Config is a delivery configuration file.
type Config struct {
	APIVersion string `yaml:"apiVersion"`
	// State is the state file, relative to the configuration file.
	State     string      `yaml:"state"`
	Receivers []*Receiver `yaml:"receivers"`
	Loc       onus.Location
	// File is the configuration file's path.
	File string `yaml:"-"`
}

// Receiver is where digests go, and how to send them.
type Receiver struct {
	ID   string `yaml:"id"`
	Kind Kind   `yaml:"kind"`
	// URL is the endpoint; URLEnv names an environment variable holding
	// it instead, for webhook URLs that are themselves secrets (Slack's and
	// Teams' are).
	URL    string `yaml:"url"`
	URLEnv string `yaml:"url_env"`
	// SecretEnv names the environment variable holding the HMAC secret of
	// a webhook receiver.
	SecretEnv string `yaml:"secret_env"`
	// Parties are the parties whose queues or provider cases go here.
	Parties []string `yaml:"parties"`
	// Default receives the digests of every party no receiver names.
	Default bool `yaml:"default"`
	// Unroutable receives the digest of the unroutable bucket.
	Unroutable bool `yaml:"unroutable"`
	// MaxFindings caps the findings listed in one digest; the rest are
	// counted in it.
	MaxFindings int      `yaml:"max_findings"`
	Timeout     Duration `yaml:"timeout"`
	Attempts    int      `yaml:"attempts"`
	Backoff     Duration `yaml:"backoff"`
	MaxBackoff  Duration `yaml:"max_backoff"`
	Loc         onus.Location
}

// Defaults and limits of receivers.
const (
	defaultTimeout    = 10 * time.Second
	maxTimeout        = 5 * time.Minute
	defaultAttempts   = 5
	maxAttempts       = 10
	defaultBackoff    = time.Second
	defaultMaxBackoff = time.Minute
	maxListed         = 1000
	// Chat messages have size limits: Slack allows 50 blocks a message.
	maxChatListed = 40
)

// DefaultStateFile is the state file used when the configuration names
// none.
const DefaultStateFile = "onus-delivery-state.json"

var receiverID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ParseConfig parses a delivery configuration. Every problem is reported,
// located at its file, line, column and field.
func ParseConfig(file string, data []byte) (*Config, error) {
	if len(data) > maxConfig {
		return nil, onus.ErrorAt(onus.Location{File: file}, onus.ETooLarge, "delivery configuration is larger than %d KiB", maxConfig>>10)
	}
	var c Config
	if err := yamlbound.Decode(file, data, "delivery configuration", maxConfigNodes, &c); err != nil {
		return nil, err
	}
	if errs := c.validate(); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	c.File = file
	c.defaults()
	return &c, nil
}

// ReadConfig reads and parses a delivery configuration file.
func ReadConfig(path string) (*Config, error) {
	data, err := yamlbound.ReadFile(path, "delivery configuration", maxConfig)
	if err != nil {
		return nil, err
	}
	return ParseConfig(path, data)
}

func at(loc onus.Location, field string) onus.Location {
	if loc.Path == "" {
		loc.Path = field
	} else {
		loc.Path += "." + field
	}
	return loc
}

func (c *Config) validate() onus.ErrorList {
	var errs onus.ErrorList
	if c.APIVersion != APIVersion {
		errs.Add(at(c.Loc, "apiVersion"), onus.EInvalid, "apiVersion is %q, want %q", c.APIVersion, APIVersion)
	}
	if len(c.Receivers) == 0 {
		errs.Add(at(c.Loc, "receivers"), onus.EInvalid, "name at least one receiver")
	}
	ids := map[string]bool{}
	parties := map[string]string{}
	var def, unroutable string
	for _, r := range c.Receivers {
		switch {
		case !receiverID.MatchString(r.ID):
			errs.Add(at(r.Loc, "id"), onus.EInvalid, "receiver id %q: use letters, digits and . _ - (at most 64)", r.ID)
		case ids[r.ID]:
			errs.Add(at(r.Loc, "id"), onus.EInvalid, "receiver id %q is used twice", r.ID)
		}
		ids[r.ID] = true
		if r.Kind == "" {
			errs.Add(at(r.Loc, "kind"), onus.EInvalid, "receiver %q: set kind to webhook, slack or teams", r.ID)
		}
		switch {
		case (r.URL == "") == (r.URLEnv == ""):
			errs.Add(at(r.Loc, "url"), onus.EInvalid, "receiver %q: set exactly one of url and url_env", r.ID)
		case r.URL != "":
			if err := CheckURL(r.URL); err != nil {
				errs.Add(at(r.Loc, "url"), onus.EInvalid, "receiver %q: %s", r.ID, err)
			}
		}
		if r.SecretEnv != "" && r.Kind != Webhook {
			errs.Add(at(r.Loc, "secret_env"), onus.EInvalid, "receiver %q: only webhook receivers are signed; Slack and Teams webhooks authenticate by their URL", r.ID)
		}
		for i, p := range r.Parties {
			if prev, dup := parties[p]; dup {
				errs.Add(at(r.Loc, fmt.Sprintf("parties[%d]", i)), onus.EInvalid, "party %q is already sent to receiver %q", p, prev)
			}
			parties[p] = r.ID
		}
		if r.Default {
			if def != "" {
				errs.Add(at(r.Loc, "default"), onus.EInvalid, "receivers %q and %q are both the default", def, r.ID)
			}
			def = r.ID
		}
		if r.Unroutable {
			if unroutable != "" {
				errs.Add(at(r.Loc, "unroutable"), onus.EInvalid, "receivers %q and %q both take the unroutable bucket", unroutable, r.ID)
			}
			unroutable = r.ID
		}
		if len(r.Parties) == 0 && !r.Default && !r.Unroutable {
			errs.Add(r.Loc, onus.EInvalid, "receiver %q receives nothing: name parties, or set default or unroutable", r.ID)
		}
		limit := maxListed
		if r.Kind == Slack || r.Kind == Teams {
			limit = maxChatListed
		}
		if r.MaxFindings < 0 || r.MaxFindings > limit {
			errs.Add(at(r.Loc, "max_findings"), onus.EInvalid, "receiver %q: max_findings must be between 1 and %d", r.ID, limit)
		}
		if r.Attempts < 0 || r.Attempts > maxAttempts {
			errs.Add(at(r.Loc, "attempts"), onus.EInvalid, "receiver %q: attempts must be between 1 and %d", r.ID, maxAttempts)
		}
		if time.Duration(r.Timeout) > maxTimeout {
			errs.Add(at(r.Loc, "timeout"), onus.EInvalid, "receiver %q: timeout must be at most %s", r.ID, maxTimeout)
		}
		if r.MaxBackoff != 0 && r.Backoff > r.MaxBackoff {
			errs.Add(at(r.Loc, "backoff"), onus.EInvalid, "receiver %q: backoff is longer than max_backoff", r.ID)
		}
	}
	return errs
}

func (c *Config) defaults() {
	if c.State == "" {
		c.State = DefaultStateFile
	}
	for _, r := range c.Receivers {
		if r.MaxFindings == 0 {
			r.MaxFindings = 500
			if r.Kind == Slack || r.Kind == Teams {
				r.MaxFindings = 20
			}
		}
		if r.Timeout == 0 {
			r.Timeout = Duration(defaultTimeout)
		}
		if r.Attempts == 0 {
			r.Attempts = defaultAttempts
		}
		if r.Backoff == 0 {
			r.Backoff = Duration(defaultBackoff)
		}
		if r.MaxBackoff == 0 {
			r.MaxBackoff = Duration(max(defaultMaxBackoff, time.Duration(r.Backoff)))
		}
	}
}

// StatePath returns the state file's path: the configured one, relative
// to the configuration file.
func (c *Config) StatePath() string {
	if filepath.IsAbs(c.State) {
		return c.State
	}
	return filepath.Join(filepath.Dir(c.File), c.State)
}

// receiverFor returns the receiver of a party's digest, or nil.
func (c *Config) receiverFor(party string) *Receiver {
	var def *Receiver
	for _, r := range c.Receivers {
		for _, p := range r.Parties {
			if p == party {
				return r
			}
		}
		if r.Default {
			def = r
		}
	}
	return def
}

// unroutableReceiver returns the receiver of the unroutable bucket, or nil.
func (c *Config) unroutableReceiver() *Receiver {
	for _, r := range c.Receivers {
		if r.Unroutable {
			return r
		}
	}
	return nil
}

// CheckURL accepts an absolute http or https URL with a host, and refuses
// every other scheme. Its errors never repeat the URL, which may hold a
// secret.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("the URL does not parse")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the URL's scheme must be http or https, not %q", u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("the URL has no host")
	}
	return nil
}

// redact returns a URL's scheme and host, for messages: webhook URLs of
// Slack and Teams carry their secret in the path.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(the receiver's URL)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}
