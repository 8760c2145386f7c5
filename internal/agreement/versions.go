package agreement

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/agreement/terms"
	"github.com/onus-dev/onus/internal/model"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// Source names one version of a model file: a file on disk, or a file at a
// git revision, written "REV:PATH" or, as onus diff writes it,
// "git:REV:PATH" (HEAD~1:model/agreements.yaml). PATH is a path like any
// other, relative to the current directory.
type Source struct {
	Rev  string
	Path string
}

func (s Source) String() string {
	if s.Rev == "" {
		return s.Path
	}
	return s.Rev + ":" + s.Path
}

// maxRev and maxPath bound the parts of a source.
const (
	maxRev  = 256
	maxPath = 4096
)

// ParseSource reads a source as given on the command line. A name that is
// a file on disk is that file; otherwise "REV:PATH" or "git:REV:PATH" names
// a git revision. The revision may hold only the characters git revisions
// are made of, may not start with "-", so that it can never be read as an
// option, and may not be a range.
func ParseSource(s string) (Source, error) {
	if s == "" {
		return Source{}, onus.Errorf(onus.EInvalid, "empty version: name a file or REV:PATH")
	}
	if strings.ContainsAny(s, "\x00\n\r") || len(s) > maxRev+maxPath+1 {
		return Source{}, onus.Errorf(onus.EInvalid, "version %q holds control characters or is too long", s)
	}
	if info, err := os.Stat(s); err == nil && !info.IsDir() {
		return Source{Path: s}, nil
	}
	rev, path, ok := strings.Cut(strings.TrimPrefix(s, "git:"), ":")
	if !ok {
		return Source{}, onus.Errorf(onus.ENotFound, "version %q is neither a file nor REV:PATH", s)
	}
	switch {
	case rev == "" || len(rev) > maxRev:
		return Source{}, onus.Errorf(onus.EInvalid, "version %q: name a git revision before the colon, such as HEAD~1:agreements.yaml", s)
	case rev[0] == '-' || strings.Contains(rev, "..") || strings.IndexFunc(rev, func(r rune) bool { return !revChar(r) }) >= 0:
		return Source{}, onus.Errorf(onus.EInvalid, "version %q: %q is not a git revision (letters, digits and . _ / ~ ^ @ { } + -, not starting with -)", s, rev)
	case path == "" || len(path) > maxPath:
		return Source{}, onus.Errorf(onus.EInvalid, "version %q: name a file after the colon", s)
	}
	return Source{Rev: rev, Path: path}, nil
}

func revChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._/~^@{}+-", r)
}

// gitTimeout bounds one git command.
const gitTimeout = 30 * time.Second

// Read returns the source's content, at most model.MaxFileSize bytes.
func (s Source) Read(ctx context.Context) ([]byte, error) {
	if s.Rev == "" {
		return strictyaml.ReadLimited(s.Path, model.MaxFileSize)
	}
	// Git reads "REV:./NAME" relative to the directory it runs in.
	return git(ctx, filepath.Dir(s.Path), "cat-file", "blob", s.Rev+":./"+filepath.Base(s.Path))
}

// errNoGit is the cause of the error returned when a command needs git and
// git is not installed.
var errNoGit = errors.New("git is not installed")

// git runs git with arguments that callers have validated, in dir, and
// returns its output, bounded like a model file.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil, &onus.Error{Code: onus.EUnsupported, Message: "reading a git revision needs git", Err: errNoGit}
	}
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--no-pager", "-c", "core.quotepath=off"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot run git", Err: err}
	}
	if err := cmd.Start(); err != nil {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot run git", Err: err}
	}
	data, readErr := io.ReadAll(io.LimitReader(out, model.MaxFileSize+1))
	if len(data) > model.MaxFileSize {
		cancel()
		_ = cmd.Wait()
		return nil, onus.Errorf(onus.ETooLarge, "git %s: the output is larger than %d MiB", strings.Join(args, " "), model.MaxFileSize>>20)
	}
	if err := cmd.Wait(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, onus.Errorf(onus.ENotFound, "git %s: %s", strings.Join(args, " "), msg)
	}
	if readErr != nil {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot read git's output", Err: readErr}
	}
	return data, nil
}

// limitedWriter keeps the first n bytes written to it and drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		if _, err := l.w.Write(p[:k]); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// ReadAgreements decodes the agreements of a model file's documents. Other
// sections are not checked: a version of a file is read for its agreements
// alone.
func ReadAgreements(name string, data []byte) ([]*onus.Agreement, error) {
	docs, err := strictyaml.Parse(name, data)
	if err != nil {
		return nil, err
	}
	var out []*onus.Agreement
	var errs onus.ErrorList
	for _, doc := range docs {
		n := strictyaml.Lookup(doc.Root, "agreements")
		if n == nil {
			continue
		}
		d := &strictyaml.Decoder{File: name}
		var ags []*onus.Agreement
		d.Decode(n, "agreements", &ags)
		errs = append(errs, d.Errs...)
		out = append(out, ags...)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return out, nil
}

// LoadVersion reads the agreements of one version of a model file.
func LoadVersion(ctx context.Context, s Source) ([]*onus.Agreement, error) {
	data, err := s.Read(ctx)
	if err != nil {
		return nil, err
	}
	return ReadAgreements(s.String(), data)
}

// maxHistory bounds how many revisions of a file FindSigned reads.
const maxHistory = 200

// FindSigned finds, in the git history of the file that holds an
// agreement, the last version of the agreement a party signed that differs
// from the current one: the revision whose terms hash to the sign-off's
// version, or that carries the sign-off's version label. It returns that
// version and the revision it was found at.
func FindSigned(ctx context.Context, ag *onus.Agreement) (*onus.Agreement, string, error) {
	var signed *onus.SignOff
	for i := range ag.SignOffs {
		s := &ag.SignOffs[i]
		if s.Version == "" || terms.Current(ag, s, "") {
			continue
		}
		if signed == nil || s.Date.After(signed.Date.Time) {
			signed = s
		}
	}
	if signed == nil {
		return nil, "", onus.Errorf(onus.ENotFound, "every sign-off of agreement %q that names a version is of its current terms: nothing changed since it was signed", ag.ID)
	}
	dir, base := filepath.Dir(ag.Loc.File), filepath.Base(ag.Loc.File)
	log, err := git(ctx, dir, "log", "--format=%H", fmt.Sprintf("-n%d", maxHistory), "--", base)
	if err != nil {
		return nil, "", err
	}
	for _, rev := range strings.Fields(string(log)) {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		data, err := git(ctx, dir, "cat-file", "blob", rev+":./"+base)
		if err != nil {
			continue // the file did not exist under this name then
		}
		ags, err := ReadAgreements(rev[:min(12, len(rev))]+":"+ag.Loc.File, data)
		if err != nil {
			continue
		}
		for _, old := range ags {
			if old.ID != ag.ID {
				continue
			}
			if terms.IsHash(signed.Version) && terms.Matches(signed.Version, terms.Sum(old)) ||
				!terms.IsHash(signed.Version) && old.Version == signed.Version {
				return old, rev, nil
			}
		}
	}
	return nil, "", onus.Errorf(onus.ENotFound, "no revision of %s in the last %d commits holds the version of agreement %q that %s signed (%s); compare two versions with onus agreement diff OLD NEW",
		ag.Loc.File, maxHistory, ag.ID, signed.Party, signed.Version)
}
