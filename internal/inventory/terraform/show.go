package terraform

import (
	"cmp"
	"io"
	"strings"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/inventory/internal/jsonstream"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// showReader reads the output of terraform show -json.
type showReader struct {
	s        *jsonscan.Scanner
	file     string
	emit     func(*inventory.Resource) error
	problems jsonstream.Problems
	version  string
	obj      object
}

// showModule is a module of a show document being read.
type showModule struct {
	depth   int
	address string
	// known is set once the module's address is: the root's from the
	// start, a child's when its address member has been read. Terraform
	// writes a module's resources before its address, and the resources'
	// own addresses carry the module path, except in Terraform 0.12.0,
	// whose resources of child modules are held back until it is known.
	known   bool
	pending []*pendingResource
}

// showResource is the header of a resource of a show document.
type showResource struct {
	address, mode, typ, name, key, provider string
	deposed, bad                            bool
	loc                                     onus.Location
}

type pendingResource struct {
	res showResource
	obj object
}

// ReadShow reads the output of terraform show -json (or tofu show -json)
// from r: of a state, its values; of a plan, its planned values, the
// resources as they will be once the plan is applied. It calls emit with
// each managed resource instance in the order of the file. file names r in
// errors and locations. It is ShowFormat's Read.
func ReadShow(r io.Reader, file string, emit func(*inventory.Resource) error) error {
	sr := &showReader{s: jsonscan.New(r, file), file: file, emit: emit}
	return sr.problems.Finish(sr.read())
}

func (sr *showReader) read() error {
	s := sr.s
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "format_version":
			sr.version, err = formatVersion(s)
		case "encrypted_data", "encryption_version":
			err = encrypted(s.Location())
		case "values", "planned_values":
			if sr.version == "" {
				return versionFirst(s.Location())
			}
			if k, err := s.Peek(); err != nil || k != jsonscan.Object {
				return err
			}
			err = s.Object(func(key []byte) error {
				if string(key) != "root_module" {
					return nil
				}
				return sr.module(&showModule{known: true})
			})
		}
		return err
	})
	if err != nil {
		return err
	}
	if sr.version == "" {
		return onus.ErrorAt(onus.Location{File: sr.file}, onus.EInvalid, "not terraform show -json output: it has no format_version")
	}
	return end(s, "document")
}

// formatVersion reads the format_version of a show document and checks
// that onus reads it. Terraform's JSON output format doc
// (developer.hashicorp.com/terraform/internals/json-format) promises that
// minor versions only add properties, and asks readers to reject an
// unknown major version; hashicorp/terraform-json accepts >= 0.1, < 2.0.
func formatVersion(s *jsonscan.Scanner) (string, error) {
	loc := s.Location()
	v, err := s.String()
	if err != nil {
		return "", err
	}
	major, _, _ := strings.Cut(v, ".")
	switch {
	case major == "0" || major == "1":
		return v, nil
	case !isDigits(major):
		return "", onus.ErrorAt(loc, onus.EInvalid, "format_version %q is not a version number", v)
	}
	return "", onus.ErrorAt(loc, onus.EUnsupported, "format_version %s is not supported: onus reads format versions 0.x and 1.x of terraform show -json", v)
}

// versionFirst reports values met before the format version that says how
// to read them. Terraform writes format_version first.
func versionFirst(loc onus.Location) error {
	return onus.ErrorAt(loc, onus.EInvalid, "format_version must come before the values")
}

// module reads a module: its resources, then its child modules.
func (sr *showReader) module(m *showModule) error {
	s := sr.s
	if k, err := s.Peek(); err != nil || k != jsonscan.Object {
		return err
	}
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "address":
			if m.depth == 0 {
				return nil
			}
			a, err := text(s)
			if err != nil {
				return sr.problems.Add(err)
			}
			m.address, m.known = a, true
			return sr.flush(m)
		case "resources":
			return s.Array(func() error { return sr.resource(m) })
		case "child_modules":
			return s.Array(func() error { return sr.module(&showModule{depth: m.depth + 1}) })
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.known = true
	return sr.flush(m)
}

// flush emits the resources held back until the module's address was known.
func (sr *showReader) flush(m *showModule) error {
	for _, p := range m.pending {
		r := &p.res
		address := cmp.Or(r.address, resourceAddress("", r.mode, r.typ, r.name, r.key))
		if m.address != "" {
			address = resourceAddress(m.address, r.mode, r.typ, r.name, r.key)
		}
		if err := sr.emit(sr.build(r, address, &p.obj)); err != nil {
			return err
		}
	}
	m.pending = m.pending[:0]
	return nil
}

func (sr *showReader) resource(m *showModule) error {
	s := sr.s
	r := showResource{loc: s.Location()}
	sr.obj.reset()
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "address":
			r.address, err = text(s)
		case "mode":
			r.mode, err = text(s)
		case "type":
			r.typ, err = text(s)
		case "name":
			r.name, err = text(s)
		case "index":
			r.key, err = readKey(s)
		case "provider_name":
			r.provider, err = text(s)
		case "deposed_key":
			var d string
			d, err = text(s)
			r.deposed = d != ""
		case "values":
			err = sr.obj.read(s)
		case "sensitive_values":
			err = sr.obj.readSensitiveValues(s)
		}
		if err != nil {
			r.bad = true
			return sr.problems.Add(err)
		}
		return nil
	})
	// A deposed object is the old object of a create-before-destroy
	// replacement that Terraform has still to destroy.
	if err != nil || r.bad || r.deposed || r.mode == "data" {
		return err
	}
	if err := checkResource(r.typ, r.name, r.mode, r.loc); err != nil {
		return sr.problems.Add(err)
	}
	rel := resourceAddress("", r.mode, r.typ, r.name, r.key)
	address := rel
	switch {
	case m.depth == 0:
	case m.known:
		address = resourceAddress(m.address, r.mode, r.typ, r.name, r.key)
	default:
		if prefix, ok := modulePrefix(r.address, rel); ok && prefix != "" {
			address = r.address
			break
		}
		if len(m.pending) >= maxPending {
			return onus.ErrorAt(r.loc, onus.ETooLarge, "module has more than %d resources before its address", maxPending)
		}
		m.pending = append(m.pending, &pendingResource{res: r, obj: sr.obj})
		sr.obj = object{}
		return nil
	}
	return sr.emit(sr.build(&r, address, &sr.obj))
}

// checkResource checks the parts of a resource's address.
func checkResource(typ, name, mode string, loc onus.Location) error {
	switch {
	case typ == "":
		return onus.ErrorAt(loc, onus.EInvalid, "resource has no type")
	case name == "":
		return onus.ErrorAt(loc, onus.EInvalid, "resource %s has no name", typ)
	case mode != "managed" && mode != "data":
		return onus.ErrorAt(loc, onus.EInvalid, "resource %s.%s has mode %q, want \"managed\" or \"data\"", typ, name, mode)
	}
	return nil
}

func (sr *showReader) build(r *showResource, address string, o *object) *inventory.Resource {
	return newResource(r.typ, address, cloudOf(sourceType(r.provider), r.typ), onus.Location{File: sr.file, Line: r.loc.Line}, o)
}

// newResource returns the resource of an attributes object.
func newResource(typ, address, cloud string, loc onus.Location, o *object) *inventory.Resource {
	r := &inventory.Resource{
		Vocabulary: inventory.Terraform,
		Type:       typ,
		Address:    address,
		Provider:   cloud,
		Loc:        loc,
	}
	o.fill(r)
	return r
}
