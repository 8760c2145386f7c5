package sniff

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

func TestOpenUnwrapsGzipAndTrimsTheHead(t *testing.T) {
	body := "\ufeff  \n{\"version\": 4}"
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(body))
	w.Close()
	for name, input := range map[string][]byte{"plain": []byte(body), "gzip": gz.Bytes()} {
		in, err := Open(bytes.NewReader(input), name)
		if err != nil {
			t.Fatal(err)
		}
		head, err := in.Head()
		if err != nil || string(head) != `{"version": 4}` {
			t.Errorf("%s: head = %q, %v", name, head, err)
		}
		all, _ := io.ReadAll(in)
		if string(all) != body {
			t.Errorf("%s: reading after Head lost bytes: %q", name, all)
		}
		in.Close()
	}
}

func TestBadGzip(t *testing.T) {
	if _, err := Open(bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}), "x.gz"); err == nil {
		t.Error("a truncated gzip header opened without error")
	}
}
