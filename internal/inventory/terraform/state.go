package terraform

import (
	"io"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// maxPending bounds how many instances of one resource are held back when
// the resource's type, name, mode or provider come after its instances, as
// they do when a tool has sorted the keys of the state (jq -S). Terraform
// writes them first, and its instances are emitted as they are read.
const maxPending = 10000

// The parts of a resource's header that must come before its instances
// for them to be emitted as they are read, as bits of stateResource.seen.
// The module is not one of them: it is absent from resources of the root
// module, and Terraform writes it before the mode, so that it is known to
// be absent once the mode has been read.
const (
	seenMode = 1 << iota
	seenType
	seenName
	seenProvider
	streamable = seenMode | seenType | seenName | seenProvider
)

// stateReader reads a raw state.
type stateReader struct {
	s        *jsonscan.Scanner
	file     string
	emit     func(*inventory.Resource) error
	problems jsonstream.Problems

	sawVersion bool
	res        stateResource
	inst       stateInstance
}

// stateResource is the resource being read.
type stateResource struct {
	module, mode, typ, name, provider string
	seen                              int
	cloud                             string
	loc                               onus.Location
	// streaming is set when the header was complete before the
	// instances: each instance is emitted as soon as it is read.
	streaming bool
	pending   []*pendingInstance
	bad       bool
}

// stateInstance is the instance being read.
type stateInstance struct {
	key     string
	deposed bool
	bad     bool
	obj     object
}

type pendingInstance struct {
	key  string
	line int
	obj  object
}

// ReadState reads a raw Terraform or OpenTofu state (format version 4) from
// r, calling emit with each managed resource instance in the order of the
// file. file names r in errors and locations. It is Format's Read.
func ReadState(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	sr := &stateReader{s: jsonscan.New(r, file), file: file, emit: emit}
	return sr.problems.Finish(sr.read())
}

func (sr *stateReader) read() error {
	s := sr.s
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "version":
			return sr.readVersion()
		case "encrypted_data", "encryption_version":
			return encrypted(s.Location())
		case "resources":
			return s.Array(sr.readResource)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !sr.sawVersion {
		return onus.ErrorAt(onus.Location{File: sr.file}, onus.EInvalid, "not a Terraform state: it has no version")
	}
	return end(s, "state")
}

// encrypted reports an OpenTofu state or plan encrypted with state
// encryption: a JSON object holding meta, encrypted_data and
// encryption_version (and, for a state, serial and lineage) instead of the
// state (opentofu/opentofu internal/encryption, base.go and state.go).
func encrypted(loc onus.Location) error {
	return onus.ErrorAt(loc, onus.EUnsupported, "this is an OpenTofu file encrypted with state encryption, which onus cannot read; "+
		"decrypt it by running `tofu show -json > state.json` (or `tofu show -json PLANFILE` for a plan) where the encryption configuration is set, and give onus that file")
}

// end checks that nothing follows the document.
func end(s *jsonscan.Scanner, what string) error {
	loc := s.Location()
	k, err := s.Peek()
	if err != nil || k == jsonscan.EOF {
		return err
	}
	return onus.ErrorAt(loc, onus.EInvalid, "unexpected data after the %s", what)
}

func (sr *stateReader) readVersion() error {
	loc := sr.s.Location()
	v, err := sr.s.Int()
	switch {
	case err != nil:
		return err
	case v < 4:
		return onus.ErrorAt(loc, onus.EUnsupported, "state format version %d is written by Terraform 0.11 or older, and onus reads version 4 (Terraform 0.12 and later, OpenTofu): "+
			"upgrade the state by running terraform apply or terraform refresh with Terraform 0.12 or later, or give onus the output of terraform show -json", v)
	case v > 4:
		return onus.ErrorAt(loc, onus.EUnsupported, "state format version %d is newer than onus reads (version 4); give onus the output of terraform show -json instead", v)
	}
	sr.sawVersion = true
	return nil
}

func (sr *stateReader) readResource() error {
	s, res := sr.s, &sr.res
	clear(res.pending)
	*res = stateResource{pending: res.pending[:0], loc: s.Location()}
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "module":
			return sr.header(&res.module, 0)
		case "mode":
			return sr.header(&res.mode, seenMode)
		case "type":
			return sr.header(&res.typ, seenType)
		case "name":
			return sr.header(&res.name, seenName)
		case "provider":
			return sr.header(&res.provider, seenProvider)
		case "instances":
			return sr.readInstances()
		}
		return nil
	})
	if err != nil || res.bad || res.streaming {
		return err
	}
	if err := sr.checkHeader(); err != nil || res.bad || res.mode == "data" {
		return err
	}
	for _, p := range res.pending {
		if err := sr.emit(sr.build(p.key, p.line, &p.obj)); err != nil {
			return err
		}
	}
	return nil
}

// header reads one of the strings of a resource's header.
func (sr *stateReader) header(dst *string, bit int) error {
	s, res := sr.s, &sr.res
	if res.streaming {
		return onus.ErrorAt(s.Location(), onus.EInvalid, "the resource's instances come before this, and onus reads states whose resources have their keys in the order Terraform writes them")
	}
	v, err := text(s)
	if err != nil {
		res.bad = true
		return sr.problems.Add(err)
	}
	*dst = v
	res.seen |= bit
	return nil
}

// checkHeader checks the header of the resource once it is complete, and
// works out its cloud.
func (sr *stateReader) checkHeader() error {
	res := &sr.res
	if err := checkResource(res.typ, res.name, res.mode, res.loc); err != nil {
		res.bad = true
		return sr.problems.Add(err)
	}
	res.cloud = cloudOf(providerType(res.provider), res.typ)
	return nil
}

func (sr *stateReader) readInstances() error {
	s, res := sr.s, &sr.res
	if res.seen&streamable == streamable && !res.streaming {
		if err := sr.checkHeader(); err != nil || res.bad {
			return err
		}
		res.streaming = true
	}
	if res.bad || res.streaming && res.mode == "data" {
		return nil // skipped
	}
	return s.Array(sr.readInstance)
}

func (sr *stateReader) readInstance() error {
	s, res, inst := sr.s, &sr.res, &sr.inst
	line := s.Line()
	inst.key, inst.deposed, inst.bad = "", false, false
	inst.obj.reset()
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "index_key":
			if inst.key, err = readKey(s); err != nil {
				inst.bad = true
				return sr.problems.Add(err)
			}
		case "deposed":
			var d string
			d, err = text(s)
			inst.deposed = d != ""
		case "attributes":
			if !inst.deposed {
				err = inst.obj.read(s)
			}
		case "attributes_flat":
			if !inst.deposed {
				err = inst.obj.readFlat(s)
			}
		case "sensitive_attributes":
			err = inst.obj.readSensitivePaths(s)
		}
		return err
	})
	// A deposed object is the old object of a create-before-destroy
	// replacement that Terraform has still to destroy: the resource's
	// current object is its other instance.
	if err != nil || inst.bad || inst.deposed {
		return err
	}
	if res.streaming {
		return sr.emit(sr.build(inst.key, line, &inst.obj))
	}
	if len(res.pending) >= maxPending {
		return onus.ErrorAt(res.loc, onus.ETooLarge, "resource has more than %d instances before its type, name, mode and provider; onus streams states whose resources have their keys in the order Terraform writes them", maxPending)
	}
	res.pending = append(res.pending, &pendingInstance{key: inst.key, line: line, obj: inst.obj})
	inst.obj = object{}
	return nil
}

// build returns the resource of an instance of the current resource.
func (sr *stateReader) build(key string, line int, o *object) *inventory.Resource {
	res := &sr.res
	address := resourceAddress(res.module, res.mode, res.typ, res.name, key)
	return newResource(res.typ, address, res.cloud, onus.Location{File: sr.file, Line: line}, o)
}

// text reads a string, or null as "".
func text(s *jsonscan.Scanner) (string, error) {
	if k, err := s.Peek(); err != nil || k == jsonscan.Null {
		return "", err
	}
	return s.String()
}

// readKey reads an instance key, an integer count index or a string
// for_each key, formatted as it is in an address; null is no key.
func readKey(s *jsonscan.Scanner) (string, error) {
	k, err := s.Peek()
	switch {
	case err != nil:
		return "", err
	case k == jsonscan.Number:
		i, err := s.Int()
		return intKey(i), err
	case k == jsonscan.String:
		v, err := s.String()
		return stringKey(v), err
	case k == jsonscan.Null:
		return "", nil
	}
	return "", onus.ErrorAt(s.Location(), onus.EInvalid, "an instance key must be an integer or a string, not %s", k)
}
