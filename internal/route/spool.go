package route

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/onus-dev/onus"
)

// Item is one routed finding as reports list it.
type Item struct {
	Bucket Bucket
	// Party is the owner or provider, or nil for an unroutable finding.
	Party     *onus.Party
	Severity  onus.Severity
	Unrated   bool
	Duplicate bool
	// Due is when the party must act; zero for none.
	Due time.Time
	// Seq is the finding's position in the input, from 0.
	Seq uint64
	Key uint64
	// Fields of the finding.
	Tool, Check, Title, Status, FindingID, URL string
	// Fields of its resource.
	ResourceID, ResourceType, ResourceName, Account, Region string
	// How it was routed.
	Asset, Service, Method, Layer, Rule, DueBy, Reason string
	Code                                               ReasonCode
	// Others lists the other owners of the layer, comma-separated.
	Others string
	// File and Line are where the finding is written in its input.
	File string
	Line int
}

// The text fields of a record, in the order they are written.
const (
	fTool = iota
	fCheck
	fTitle
	fStatus
	fFindingID
	fURL
	fResourceID
	fResourceType
	fResourceName
	fAccount
	fRegion
	fAsset
	fService
	fMethod
	fLayer
	fRule
	fDueBy
	fReason
	fCode
	fOthers
	fFile
	numFields
)

// maxField bounds each text field of a spooled record, so that one hostile
// finding cannot make records, or reports, huge.
const maxField = 2048

func (it *Item) fields() [numFields]*string {
	return [numFields]*string{&it.Tool, &it.Check, &it.Title, &it.Status, &it.FindingID, &it.URL,
		&it.ResourceID, &it.ResourceType, &it.ResourceName, &it.Account, &it.Region,
		&it.Asset, &it.Service, &it.Method, &it.Layer, &it.Rule, &it.DueBy, &it.Reason, (*string)(&it.Code),
		&it.Others, &it.File}
}

// Record flags.
const (
	flagUnrated = 1 << iota
	flagDuplicate
	flagDue
)

// noParty is the party number of a record without a party.
const noParty = 0

// sortKey orders records: by bucket, party, severity (most severe first),
// due date (soonest first, none last) and input order.
type sortKey struct {
	bucket Bucket
	sev    onus.Severity
	hasDue bool
	party  uint32
	due    int64
	seq    uint64
}

func (a *sortKey) less(b *sortKey) bool {
	switch {
	case a.bucket != b.bucket:
		return a.bucket < b.bucket
	case a.party != b.party:
		return a.party < b.party
	case a.sev != b.sev:
		return a.sev > b.sev
	case a.hasDue != b.hasDue:
		return a.hasDue
	case a.due != b.due:
		return a.due < b.due
	}
	return a.seq < b.seq
}

// spool keeps routed records on disk: records gather in a buffer, which is
// sorted and written to a file of its own, a run, when full; reading
// merges the runs. Memory holds one buffer and, when reading, one small
// reader per run. Past maxRuns, the newer half of the runs (the smaller
// ones) is merged into one, so that the number of runs stays bounded and
// each record is rewritten only a few times however many there are.
type spool struct {
	dir  string
	runs []run
	buf  []byte
	ents []entry
	// maxBuf and maxRuns are spoolBuffer and maxRuns, lowered by tests.
	maxBuf, maxRuns int
	// parties turns a record's party number (rank+1) back into the
	// party: the router's list, which may grow while routing.
	parties *[]*onus.Party
}

// run is a file of records in sort order.
type run struct {
	path string
	size int64
}

type entry struct {
	key      sortKey
	off, end int
}

// Spool limits.
const (
	spoolBuffer = 4 << 20
	maxRuns     = 128
	runReadBuf  = 16 << 10
)

func newSpool(dir string, parties *[]*onus.Party) *spool {
	return &spool{dir: dir, maxBuf: spoolBuffer, maxRuns: maxRuns, parties: parties}
}

// add appends one record.
func (s *spool) add(k sortKey, it *Item) error {
	if s.buf == nil {
		// One allocation for the whole batch: growing by appending
		// would copy the buffer over and over.
		s.buf = make([]byte, 0, s.maxBuf+64<<10)
	}
	start := len(s.buf)
	s.buf = encodeItem(s.buf, k, it)
	s.ents = append(s.ents, entry{key: k, off: start, end: len(s.buf)})
	if len(s.buf) >= s.maxBuf {
		return s.flush()
	}
	return nil
}

// writeRun writes the records each gives to a new run file.
func (s *spool) writeRun(each func(write func(raw []byte) error) error) (run, error) {
	f, err := os.CreateTemp(s.dir, "onus-route-*.spool")
	if err != nil {
		return run{}, &onus.Error{Code: onus.EInternal, Message: "cannot create a spool file for routed findings", Err: err}
	}
	w := bufio.NewWriterSize(f, 256<<10)
	var lenBuf [binary.MaxVarintLen64]byte
	var size int64
	err = each(func(raw []byte) error {
		n := binary.PutUvarint(lenBuf[:], uint64(len(raw)))
		w.Write(lenBuf[:n])
		_, err := w.Write(raw)
		size += int64(n + len(raw))
		return err
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return run{}, &onus.Error{Code: onus.EInternal, Message: "cannot write the spool file", Err: err}
	}
	return run{f.Name(), size}, nil
}

// flush sorts the buffer and writes it as a run.
func (s *spool) flush() error {
	if len(s.ents) == 0 {
		return nil
	}
	slices.SortFunc(s.ents, func(a, b entry) int {
		if a.key.less(&b.key) {
			return -1
		}
		return 1
	})
	r, err := s.writeRun(func(write func([]byte) error) error {
		for _, e := range s.ents {
			if err := write(s.buf[e.off:e.end]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	s.buf, s.ents = s.buf[:0], s.ents[:0]
	if len(s.runs) > s.maxRuns {
		return s.compact()
	}
	return nil
}

// compact merges the newer half of the runs into one.
func (s *spool) compact() error {
	keep := len(s.runs) - (len(s.runs)+1)/2
	merge := s.runs[keep:]
	r, err := s.writeRun(func(write func([]byte) error) error { return mergeRuns(merge, write) })
	if err != nil {
		return err
	}
	for _, old := range merge {
		os.Remove(old.path)
	}
	s.runs = append(s.runs[:keep], r)
	return nil
}

// each calls fn for every record, in sort order. The Record is reused.
func (s *spool) each(fn func(*Record) error) error {
	if err := s.flush(); err != nil {
		return err
	}
	var r Record
	return mergeRuns(s.runs, func(raw []byte) error {
		if err := r.parse(raw, *s.parties); err != nil {
			return err
		}
		return fn(&r)
	})
}

// close removes the run files.
func (s *spool) close() error {
	var err error
	for _, r := range s.runs {
		if rerr := os.Remove(r.path); err == nil {
			err = rerr
		}
	}
	s.runs = nil
	return err
}

// runReader reads the records of one run.
type runReader struct {
	r   *bufio.Reader
	raw []byte
	key sortKey
}

func (rr *runReader) next() (bool, error) {
	n, err := binary.ReadUvarint(rr.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil || n > 1<<24 {
		return false, errCorrupt
	}
	if cap(rr.raw) < int(n) {
		rr.raw = make([]byte, n)
	}
	rr.raw = rr.raw[:n]
	if _, err := io.ReadFull(rr.r, rr.raw); err != nil {
		return false, fmt.Errorf("%w: %w", errCorrupt, err)
	}
	rr.key, err = decodeKey(rr.raw)
	return err == nil, err
}

type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].key.less(&h[j].key) }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeRuns calls fn with the raw bytes of every record of the runs, in
// sort order.
func mergeRuns(runs []run, fn func(raw []byte) error) error {
	h := make(runHeap, 0, len(runs))
	for _, r := range runs {
		f, err := os.Open(r.path)
		if err != nil {
			return &onus.Error{Code: onus.EInternal, Message: "cannot read the spool file", Err: err}
		}
		defer f.Close()
		rr := &runReader{r: bufio.NewReaderSize(f, runReadBuf)}
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, rr)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		rr := h[0]
		if err := fn(rr.raw); err != nil {
			return err
		}
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// encodeItem appends a record: bucket, severity, flags, then varints for
// party, due date, input position and line, the key, and the strings, each
// cut to maxField bytes.
func encodeItem(b []byte, k sortKey, it *Item) []byte {
	var flags byte
	if it.Unrated {
		flags |= flagUnrated
	}
	if it.Duplicate {
		flags |= flagDuplicate
	}
	if k.hasDue {
		flags |= flagDue
	}
	b = append(b, byte(k.bucket), byte(k.sev), flags)
	b = binary.AppendUvarint(b, uint64(k.party))
	b = binary.AppendVarint(b, k.due)
	b = binary.AppendUvarint(b, k.seq)
	b = binary.AppendUvarint(b, uint64(max(it.Line, 0)))
	b = binary.BigEndian.AppendUint64(b, it.Key)
	fs := it.fields()
	n := 0
	for _, p := range fs {
		n += min(len(*p), maxField) + 2
	}
	b = slices.Grow(b, n)
	for _, p := range fs {
		s := *p
		if len(s) > maxField {
			s = truncate(s, maxField)
		}
		if len(s) < 0x80 {
			b = append(b, byte(len(s)))
		} else {
			b = binary.AppendUvarint(b, uint64(len(s)))
		}
		b = append(b, s...)
	}
	return b
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

var errCorrupt = errors.New("corrupt spool record")

// header reads the fixed part of a record.
func header(raw []byte) (sortKey, byte, int, []byte, error) {
	if len(raw) < 3 {
		return sortKey{}, 0, 0, nil, errCorrupt
	}
	k := sortKey{bucket: Bucket(raw[0]), sev: onus.Severity(raw[1])}
	flags := raw[2]
	k.hasDue = flags&flagDue != 0
	p := raw[3:]
	party, n := binary.Uvarint(p)
	if n <= 0 {
		return k, 0, 0, nil, errCorrupt
	}
	p = p[n:]
	due, n := binary.Varint(p)
	if n <= 0 {
		return k, 0, 0, nil, errCorrupt
	}
	p = p[n:]
	seq, n := binary.Uvarint(p)
	if n <= 0 {
		return k, 0, 0, nil, errCorrupt
	}
	p = p[n:]
	line, n := binary.Uvarint(p)
	if n <= 0 {
		return k, 0, 0, nil, errCorrupt
	}
	p = p[n:]
	k.party, k.due, k.seq = uint32(party), due, seq
	return k, flags, int(line), p, nil
}

func decodeKey(raw []byte) (sortKey, error) {
	k, _, _, _, err := header(raw)
	return k, err
}

// Record is one routed finding read back from the spool, without copying
// its text: its fields are valid until the callback that received it
// returns. Item copies them out.
type Record struct {
	key     sortKey
	flags   byte
	line    int
	fkey    uint64
	party   *onus.Party
	payload []byte
	start   [numFields]uint32
	end     [numFields]uint32
}

// parse fills r from a spooled record.
func (r *Record) parse(raw []byte, parties []*onus.Party) error {
	k, flags, line, p, err := header(raw)
	if err != nil {
		return err
	}
	if len(p) < 8 {
		return errCorrupt
	}
	r.key, r.flags, r.line, r.fkey = k, flags, line, binary.BigEndian.Uint64(p)
	r.party = nil
	if k.party != noParty && int(k.party) <= len(parties) {
		r.party = parties[k.party-1]
	}
	p = p[8:]
	r.payload = p
	off := 0
	for i := range r.start {
		n, w := binary.Uvarint(p[off:])
		if w <= 0 || n > uint64(len(p)-off-w) {
			return errCorrupt
		}
		off += w
		r.start[i], r.end[i] = uint32(off), uint32(off+int(n))
		off += int(n)
	}
	return nil
}

// field returns text field i.
func (r *Record) field(i int) []byte { return r.payload[r.start[i]:r.end[i]] }

// Bucket returns where the finding went.
func (r *Record) Bucket() Bucket { return r.key.bucket }

// Party returns the owner or provider, or nil for an unroutable finding.
func (r *Record) Party() *onus.Party { return r.party }

// Severity returns the finding's severity.
func (r *Record) Severity() onus.Severity { return min(r.key.sev, onus.Critical) }

// Key returns the finding's key (see Key).
func (r *Record) Key() uint64 { return r.fkey }

// Due returns when the party must act, or the zero time.
func (r *Record) Due() time.Time {
	if !r.key.hasDue {
		return time.Time{}
	}
	return time.Unix(r.key.due, 0).UTC()
}

// Item copies the record out, with one allocation for all its text.
func (r *Record) Item() *Item {
	it := &Item{Bucket: r.key.bucket, Party: r.party, Severity: r.Severity(), Seq: r.key.seq, Line: r.line,
		Unrated: r.flags&flagUnrated != 0, Duplicate: r.flags&flagDuplicate != 0, Key: r.fkey, Due: r.Due()}
	all := string(r.payload)
	for i, dst := range it.fields() {
		*dst = all[r.start[i]:r.end[i]]
	}
	return it
}
