package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/diff"
	"github.com/onus-dev/onus/internal/engine"
	"github.com/onus-dev/onus/internal/report"
)

func runDiff(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "diff", "[flags] OLD NEW [MODEL...]",
		"Compares two states of an estate and says which duties change hands for which assets (who\n"+
			"gains, who loses) and which findings are new and which are closed. OLD and NEW are:\n"+
			"  two models (directories or files):            onus diff model-v1/ model-v2/\n"+
			"  two inventories, evaluated against MODEL:     onus diff old.tfstate new.tfstate model/\n"+
			"  two git revisions of the model paths:         onus diff git:main git:HEAD model/\n"+
			"  a revision and the working tree:              onus diff git:HEAD~1 model/\n"+
			"A side may also be git:REV:PATH, a file or directory at a revision.")
	var mf modelFlags
	mf.register(fs)
	var out outputFlags
	out.register(fs, "text", strings.Join(report.DiffFormats, ", "), "")
	failOnNew := fs.Bool("fail-on-new", false, "exit 1 when NEW has findings OLD does not")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return onus.Errorf(onus.EInvalid, "usage: onus diff OLD NEW [MODEL...]")
	}
	oldSide, newSide, models := pos[0], pos[1], pos[2:]
	tmp, err := os.MkdirTemp("", "onus-diff-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	g := &gitTree{dir: tmp}
	oldPaths, err := g.resolve(ctx, oldSide, newSide, models, "old")
	if err != nil {
		return err
	}
	newPaths, err := g.resolve(ctx, newSide, "", models, "new")
	if err != nil {
		return err
	}
	var before, after *engine.Result
	if len(models) > 0 && !bareRevision(oldSide) && !bareRevision(newSide) {
		// Two inventories against one model, loaded once.
		var ev *evaluation
		if ev, err = prepareModel(env, models, &mf); err != nil {
			return err
		}
		if before, err = ev.with(oldPaths, mf.format).run(ctx, true, nil, nil, nil); err != nil {
			return err
		}
		after, err = ev.with(newPaths, mf.format).run(ctx, true, nil, nil, nil)
	} else {
		if before, err = evaluate(ctx, env, oldPaths, &mf); err != nil {
			return err
		}
		after, err = evaluate(ctx, env, newPaths, &mf)
	}
	if err != nil {
		return err
	}
	d := diff.Compare(before, after)
	if err := out.write(env, func(w io.Writer) error { return report.WriteDiff(w, out.format, oldSide, newSide, d) }); err != nil {
		return err
	}
	if *failOnNew && len(d.New) > 0 {
		return ErrFindings
	}
	return nil
}

// bareRevision reports whether a side is git:REV without a path: the model
// paths at a revision.
func bareRevision(side string) bool {
	spec, ok := strings.CutPrefix(side, "git:")
	return ok && !strings.Contains(spec, ":")
}

// gitTree extracts files at git revisions into a temporary directory.
type gitTree struct {
	dir  string
	root string // the repository's top level, once known
}

// revPattern is what a revision may look like: no leading dash, so that it
// can never be read as an option, and no shell or path trickery.
var revPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]{0,199}$`)

// resolve turns one side of the comparison into paths to evaluate. A git:
// side without a path takes the model paths, or, when there are none, the
// other side's path.
func (g *gitTree) resolve(ctx context.Context, side, other string, models []string, name string) ([]string, error) {
	spec, isGit := strings.CutPrefix(side, "git:")
	if !isGit {
		return []string{side}, nil
	}
	rev, path, hasPath := strings.Cut(spec, ":")
	if !revPattern.MatchString(rev) || strings.Contains(rev, "..") {
		return nil, onus.Errorf(onus.EInvalid, "%q is not a git revision onus accepts", rev)
	}
	paths := models
	switch {
	case hasPath:
		paths = []string{path}
	case len(paths) == 0 && other != "" && !strings.HasPrefix(other, "git:"):
		paths = []string{other}
	case len(paths) == 0:
		return nil, onus.Errorf(onus.EInvalid, "name the model paths to take from %s: onus diff git:A git:B MODEL...", side)
	}
	if err := g.findRoot(ctx); err != nil {
		return nil, err
	}
	dest := filepath.Join(g.dir, name)
	var out []string
	for _, p := range paths {
		rel, err := g.relative(p)
		if err != nil {
			return nil, err
		}
		if err := g.extract(ctx, rev, rel, dest); err != nil {
			return nil, err
		}
		out = append(out, filepath.Join(dest, rel))
	}
	return out, nil
}

func (g *gitTree) findRoot(ctx context.Context) error {
	if g.root != "" {
		return nil
	}
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return onus.Errorf(onus.EUnsupported, "git is not installed, so git: revisions cannot be read")
		}
		return onus.Errorf(onus.EInvalid, "git: revisions need a git repository: the current directory is not in one")
	}
	g.root = strings.TrimSpace(string(out))
	return nil
}

// relative returns p relative to the repository's top level, refusing paths
// outside it.
func (g *gitTree) relative(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	root, err := filepath.EvalSymlinks(g.root)
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs)) // the path may exist at the revision only
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", onus.Errorf(onus.EInvalid, "%s is outside the git repository %s", p, g.root)
	}
	return rel, nil
}

// maxExtract bounds what one revision may unpack.
const maxExtract = 1 << 30

// extract writes the files under rel at rev into dest, through git archive.
func (g *gitTree) extract(ctx context.Context, rev, rel, dest string) error {
	cmd := exec.CommandContext(ctx, "git", "-C", g.root, "archive", "--format=tar", rev, "--", filepath.ToSlash(rel))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	tr := tar.NewReader(io.LimitReader(out, maxExtract))
	var extractErr error
	for extractErr == nil {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			extractErr = err
			break
		}
		extractErr = writeEntry(dest, h, tr)
	}
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return onus.Errorf(onus.ENotFound, "cannot read %s at %s: %s", rel, rev, strings.TrimSpace(stderr.String()))
	}
	return extractErr
}

// writeEntry writes one archive entry, refusing names that would escape
// dest.
func writeEntry(dest string, h *tar.Header, r io.Reader) error {
	name := filepath.FromSlash(h.Name)
	if filepath.IsAbs(name) || name == ".." || strings.HasPrefix(name, ".."+string(filepath.Separator)) || strings.Contains(name, string(filepath.Separator)+".."+string(filepath.Separator)) {
		return fmt.Errorf("refusing archive entry %q", h.Name)
	}
	path := filepath.Join(dest, name)
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(path, 0o755)
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, r); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil // links and other entries are not part of a model
}
