// Package sniff opens input files whose format onus must recognise from
// their content: it unwraps gzip and hands out the first bytes to look at.
package sniff

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onus-dev/onus"
)

// HeadSize is how many bytes of a file sniffing looks at.
const HeadSize = 64 << 10

// Input is an input file opened for sniffing and reading.
type Input struct {
	*bufio.Reader
	name string
	gz   *gzip.Reader
}

// Open wraps r, transparently gunzipping it when it starts with the gzip
// magic bytes. name names r in errors.
func Open(r io.Reader, name string) (*Input, error) {
	br := bufio.NewReaderSize(r, HeadSize)
	in := &Input{Reader: br, name: name}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &onus.Error{Code: onus.EInvalid, Message: "bad gzip data", Loc: onus.Location{File: name}, Err: err}
		}
		in.gz = zr
		in.Reader = bufio.NewReaderSize(zr, HeadSize)
	}
	return in, nil
}

// Head returns up to HeadSize bytes from the start of the input, with leading
// white space and a byte-order mark removed, without consuming them.
func (in *Input) Head() ([]byte, error) {
	head, err := in.Peek(HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot read input", Loc: onus.Location{File: in.name}, Err: err}
	}
	return bytes.TrimLeft(head, " \t\r\n\ufeff"), nil
}

// Close releases the gzip reader, if any; it does not close the underlying
// reader.
func (in *Input) Close() error {
	if in.gz != nil {
		return in.gz.Close()
	}
	return nil
}

// Format is what choosing needs of an input format.
type Format interface {
	// FormatName is the name users give with --format.
	FormatName() string
	// Sniffs reports whether an input starting with head is in the format.
	Sniffs(head []byte) bool
}

// Choose picks, for the input, the format named format, or when format is
// "" the first format that sniffs the input as its own. kind names the
// family ("inventory", "findings") in errors; unknown is the error wrapped
// when no format recognises the input.
func Choose[F Format](in *Input, format, kind string, formats []F, unknown error) (F, error) {
	var none F
	if format != "" {
		names := make([]string, 0, len(formats))
		for _, f := range formats {
			if f.FormatName() == format {
				return f, nil
			}
			names = append(names, f.FormatName())
		}
		return none, &onus.Error{Code: onus.EInvalid, Loc: onus.Location{File: in.name},
			Message: fmt.Sprintf("unknown %s format %q (known: %s)%s", kind, format, strings.Join(names, ", "), onus.DidYouMean(format, names))}
	}
	head, err := in.Head()
	if err != nil {
		return none, err
	}
	for _, f := range formats {
		if f.Sniffs(head) {
			return f, nil
		}
	}
	return none, &onus.Error{Code: onus.EUnsupported, Loc: onus.Location{File: in.name}, Err: unknown,
		Message: fmt.Sprintf("cannot tell what %s format this is; name it with --format", kind)}
}
