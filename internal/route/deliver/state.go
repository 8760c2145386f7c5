package deliver

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/atomicfile"
	"github.com/onus-dev/onus/internal/route"
)

// StateVersion is the apiVersion of state files.
const StateVersion = "onus/delivery-state/v1"

// maxState bounds the state file read: about 25 million finding keys.
const maxState = 512 << 20

// keepDeliveries is how many delivery records the state keeps per party.
const keepDeliveries = 20

// UnroutableRecipient is the name the unroutable bucket's digests are
// recorded under in the state file.
const UnroutableRecipient = "(unroutable)"

// State records what each party was sent: the keys of the findings
// delivered, and the last deliveries made.
type State struct {
	APIVersion string                 `json:"apiVersion"`
	Parties    map[string]*PartyState `json:"parties"`
	// keys holds, per party, the delivered keys, sorted, for searching.
	keys map[string][]uint64
}

// PartyState is what one party was sent.
type PartyState struct {
	// Delivered lists the keys of the findings delivered, sorted.
	Delivered  []string    `json:"delivered"`
	Deliveries []*Delivery `json:"deliveries"`
}

// Delivery records one attempt to send a digest.
type Delivery struct {
	IdempotencyKey string    `json:"idempotency_key"`
	At             time.Time `json:"at"`
	Receiver       string    `json:"receiver"`
	// Status is "delivered", or "failed" with Error saying why.
	Status     string `json:"status"`
	Findings   int    `json:"findings"`
	HTTPStatus int    `json:"http_status,omitempty"`
	Attempts   int    `json:"attempts"`
	Error      string `json:"error,omitempty"`
}

// The delivery statuses.
const (
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
)

// LoadState reads a state file; a missing file is an empty state.
func LoadState(path string) (*State, error) {
	st := &State{APIVersion: StateVersion, Parties: map[string]*PartyState{}, keys: map[string][]uint64{}}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, &onus.Error{Code: onus.EInternal, Message: "cannot read the delivery state", Loc: onus.Location{File: path}, Err: err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil && info.Size() > maxState {
		return nil, onus.ErrorAt(onus.Location{File: path}, onus.ETooLarge, "delivery state is larger than %d MiB", maxState>>20)
	}
	var file State
	if err := json.NewDecoder(f).Decode(&file); err != nil {
		return nil, &onus.Error{Code: onus.EInvalid, Message: "the delivery state is not valid JSON; move it aside to start afresh", Loc: onus.Location{File: path}, Err: err}
	}
	if file.APIVersion != StateVersion {
		return nil, onus.ErrorAt(onus.Location{File: path, Path: "apiVersion"}, onus.EInvalid, "apiVersion is %q, want %q", file.APIVersion, StateVersion)
	}
	for party, ps := range file.Parties {
		if ps == nil {
			continue
		}
		keys := make([]uint64, 0, len(ps.Delivered))
		for i, s := range ps.Delivered {
			k, ok := route.ParseKey(s)
			if !ok {
				return nil, onus.ErrorAt(onus.Location{File: path, Path: "parties." + party + ".delivered[" + strconv.Itoa(i) + "]"}, onus.EInvalid, "bad finding key %q: want 16 hexadecimal digits", s)
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		st.keys[party] = slices.Compact(keys)
		st.Parties[party] = &PartyState{Deliveries: ps.Deliveries}
	}
	return st, nil
}

// delivered reports whether a party was sent the finding with key k.
func (st *State) delivered(party string, k uint64) bool {
	_, ok := slices.BinarySearch(st.keys[party], k)
	return ok
}

// record adds a delivery, and on success the keys it delivered.
func (st *State) record(party string, d *Delivery, keys []uint64) {
	ps := st.Parties[party]
	if ps == nil {
		ps = &PartyState{}
		st.Parties[party] = ps
	}
	ps.Deliveries = append(ps.Deliveries, d)
	if n := len(ps.Deliveries); n > keepDeliveries {
		ps.Deliveries = slices.Delete(ps.Deliveries, 0, n-keepDeliveries)
	}
	if d.Status == StatusDelivered {
		all := append(st.keys[party], keys...)
		slices.Sort(all)
		st.keys[party] = slices.Compact(all)
	}
}

// Save writes the state atomically: to a temporary file beside it, then
// renamed over it, so that a crash never leaves half a state.
func (st *State) Save(path string) error {
	for p, ps := range st.Parties {
		keys := st.keys[p]
		ds := make([]string, len(keys))
		for i, k := range keys {
			ds[i] = route.FormatKey(k)
		}
		ps.Delivered = ds
	}
	// encoding/json writes map keys sorted, so the file is stable.
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return &onus.Error{Code: onus.EInternal, Message: "cannot encode the delivery state", Err: err}
	}
	data = append(data, '\n')
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
