// Package findtest holds what the tests of the findings readers share:
// finding the shared fixtures, reading a file through a format, and
// checking that a format's reader survives hostile input.
package findtest

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
	"github.com/onus-dev/onus/internal/testkit"
)

// ReadFile reads the file at path through the format f, named the way the
// CLI names it when told the format, and returns every finding emitted and
// the error Read returned. It checks what every reader must do: set the
// format's name, a location and a known status on each finding.
func ReadFile(t testing.TB, f findings.Format, path string) ([]*findings.Finding, error) {
	t.Helper()
	var out []*findings.Finding
	err := findings.ReadFile(path, f.Name, []findings.Format{f}, func(x *findings.Finding) error {
		if problem := check(f, x); problem != "" {
			t.Errorf("%s: %s: %+v", path, problem, x)
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// MustRead is ReadFile for a file that must read without error.
func MustRead(t testing.TB, f findings.Format, path string) []*findings.Finding {
	t.Helper()
	out, err := ReadFile(t, f, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// ReadFixture is MustRead for a fixture that f's Sniff must recognise.
func ReadFixture(t testing.TB, f findings.Format, path string) []*findings.Finding {
	t.Helper()
	head, err := testkit.FileHead(path)
	if err != nil || !f.Sniff(head) {
		t.Errorf("Sniff does not recognise it (%v)", err)
	}
	return MustRead(t, f, path)
}

// Messages returns the messages of an error list, or of a single error,
// each naming its file without the directory, so that tests compare them
// wherever the files are.
func Messages(err error) []string {
	var list onus.ErrorList
	var e *onus.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &e):
		list = onus.ErrorList{e}
	case err != nil:
		return []string{err.Error()}
	}
	var out []string
	for _, e := range list {
		c := *e
		if c.Loc.File != "" {
			c.Loc.File = filepath.Base(c.Loc.File)
		}
		out = append(out, c.Error())
	}
	return out
}

// check returns what is wrong with a finding that any reader emitted.
func check(f findings.Format, x *findings.Finding) string {
	switch {
	case x.Format != f.Name:
		return "format " + x.Format + " is not " + f.Name
	case x.Loc.File == "":
		return "no location"
	case x.Check == "":
		return "no check"
	}
	switch x.Status {
	case findings.Fail, findings.Pass, findings.Manual, findings.Skipped:
	default:
		return "unknown status " + string(x.Status)
	}
	if x.Severity > onus.Critical {
		return "unknown severity"
	}
	return ""
}

// Fuzz feeds data to f's Sniff and Read. Neither may panic; Read must emit
// only findings that check accepts, and return only onus errors.
func Fuzz(t *testing.T, f findings.Format, data []byte) {
	f.Sniff(bytes.TrimLeft(data, " \t\r\n"))
	err := f.Read(bytes.NewReader(data), "fuzz", func(x *findings.Finding) error {
		if problem := check(f, x); problem != "" {
			t.Fatalf("%s: %+v", problem, x)
		}
		return nil
	})
	if err != nil && !testkit.IsOnusError(err) {
		t.Fatalf("error is not an onus error: %v", err)
	}
}

// CheckStops reads the file at path through f with an emit function that
// fails on its nth call, and checks that the reader hands back emit's
// error at once.
func CheckStops(t testing.TB, f findings.Format, path string, n int) {
	t.Helper()
	errStop := errors.New("stop")
	calls := 0
	err := findings.ReadFile(path, f.Name, []findings.Format{f}, func(*findings.Finding) error {
		if calls++; calls >= n {
			return errStop
		}
		return nil
	})
	if !errors.Is(err, errStop) || calls != n {
		t.Errorf("emitted %d, error %v; want %d and emit's error", calls, err, n)
	}
}

// Summary is the part of a finding that tests compare: everything but the
// long texts (Description, Remediation) and the observation time, which
// tests check on their own.
type Summary struct {
	Tool, ID, Check, Title string
	Severity               string
	Unrated                bool
	Status                 findings.Status
	Types, Categories      []string
	Resource               findings.Resource
	Vulnerability          *findings.Vulnerability
	URL                    string
	Line, Column           int
}

// Summarize returns the summaries of fs.
func Summarize(fs []*findings.Finding) []Summary {
	out := make([]Summary, len(fs))
	for i, f := range fs {
		out[i] = Summary{
			Tool: f.Tool, ID: f.ID, Check: f.Check, Title: f.Title, Severity: f.Severity.String(), Unrated: f.Unrated,
			Status: f.Status, Types: f.Types, Categories: f.Categories, Resource: f.Resource,
			Vulnerability: f.Vulnerability, URL: f.URL, Line: f.Loc.Line, Column: f.Loc.Column,
		}
	}
	return out
}
