// Package atomicfile writes files whole or not at all: what is written goes
// to a temporary file beside the target, which replaces the target only
// once every byte is on disk. A failed run never leaves half a report, a
// torn state file or a truncated model where the last good one was.
package atomicfile

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/onus-dev/onus"
)

// Write calls write with a writer for path and, when it succeeds, puts what
// it wrote at path. A file already at path keeps its permissions; a new one
// gets 0644. A symbolic link at path keeps pointing where it did, at the
// new content. Something at path that is not a regular file (/dev/null, a
// pipe, a terminal) is written to directly, never replaced.
//
// Write returns write's own error unchanged; failures to create, write or
// replace the file are onus errors that name path.
func Write(path string, write func(io.Writer) error) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return writeInPlace(path, write)
		}
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fail(onus.EInvalid, path, err)
	}
	defer os.Remove(tmp.Name())
	if err := writeBuffered(tmp, path, write); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fail(onus.EInternal, path, err)
	}
	if err := tmp.Close(); err != nil {
		return fail(onus.EInternal, path, err)
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return fail(onus.EInternal, path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(onus.EInternal, path, err)
	}
	return nil
}

// writeInPlace writes to a device or pipe, which has no content to keep.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fail(onus.EInvalid, path, err)
	}
	if err := writeBuffered(f, path, write); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fail(onus.EInternal, path, err)
	}
	return nil
}

// writeBuffered runs write through a buffer, so that writers making many
// small writes do not make as many system calls.
func writeBuffered(f *os.File, path string, write func(io.Writer) error) error {
	w := bufio.NewWriterSize(f, 64<<10)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fail(onus.EInternal, path, err)
	}
	return nil
}

func fail(code onus.ErrorCode, path string, err error) error {
	return &onus.Error{Code: code, Message: "cannot write file", Loc: onus.Location{File: path}, Err: err}
}
