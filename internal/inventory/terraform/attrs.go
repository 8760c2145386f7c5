package terraform

import (
	"bytes"
	"cmp"

	"github.com/onus-dev/onus/internal/inventory"
	"github.com/onus-dev/onus/internal/jsonscan"
)

// Bounds on what is kept of one resource's attributes. Classification rules
// read short scalars (launch_type, engine, kind, enable_autopilot); a policy
// document, a certificate or user data is of no use to them, would bloat
// every asset, and may be a secret.
const (
	maxAttrs     = 64
	maxAttrValue = 256
	maxAttrKey   = 128
	// maxIDValue bounds identifiers: ARNs may be 2,048 characters long.
	maxIDValue = 2048
	// Tags: AWS allows 50 per resource with values of up to 256
	// characters, Azure 50 with values of 256, Google 64 labels of 63.
	maxTags     = 256
	maxTagKey   = 512
	maxTagValue = 1024
)

// A field is an attribute that onus reads whatever the bounds on Attrs:
// the resource's identity and where it runs.
type field int

const (
	fARN field = iota
	fID
	fSelfLink
	fName
	fRegion
	fLocation
	fZone
	fAvailabilityZone
	fProject
	fOwnerID
	fAccountID
	fSubscriptionID
	numFields
	noField field = -1
)

// fieldOf returns the field an attribute name stands for, or noField.
func fieldOf(key []byte) field {
	switch string(key) {
	case "arn":
		return fARN
	case "id":
		return fID
	case "self_link":
		return fSelfLink
	case "name":
		return fName
	case "region":
		return fRegion
	case "location":
		return fLocation
	case "zone":
		return fZone
	case "availability_zone":
		return fAvailabilityZone
	case "project":
		return fProject
	case "owner_id":
		return fOwnerID
	case "account_id":
		return fAccountID
	case "subscription_id":
		return fSubscriptionID
	}
	return noField
}

// A tag map is where a resource's key/value tags are: tags over tags_all
// for AWS and Azure, labels over effective_labels and terraform_labels for
// Google Cloud. The second of each pair holds tags set outside the
// resource (provider default tags, labels set by other tools) and yields
// to the first.
type tagMap int

const (
	noTags tagMap = iota
	ownTags
	allTags
)

func tagMapOf(key []byte) tagMap {
	switch string(key) {
	case "tags", "labels":
		return ownTags
	case "tags_all", "effective_labels", "terraform_labels":
		return allTags
	}
	return noTags
}

type kv struct{ k, v string }

// An object collects what onus keeps of one attributes object: a raw
// state's attributes, a show document's values, a plan's before or after.
// It is reused from one object to the next.
type object struct {
	present bool
	fields  [numFields]string
	attrs   []kv
	tags    [3][]kv // by tagMap
	// What the input marks as sensitive: whole attributes, single tags,
	// or the whole object.
	hidden     []string
	hiddenTags []string
	allHidden  bool
}

func (o *object) reset() {
	o.present, o.allHidden = false, false
	o.fields = [numFields]string{}
	o.attrs = o.attrs[:0]
	for i := range o.tags {
		o.tags[i] = o.tags[i][:0]
	}
	o.hidden = o.hidden[:0]
	o.hiddenTags = o.hiddenTags[:0]
}

// read reads an attributes object. Values that are neither scalars nor tag
// maps are skipped unread, and so is anything that is not an object (a
// null before or after in a plan).
func (o *object) read(s *jsonscan.Scanner) error {
	if k, err := s.Peek(); err != nil || k != jsonscan.Object {
		return err
	}
	o.present = true
	return s.Object(func(key []byte) error {
		if m := tagMapOf(key); m != noTags {
			return o.readTags(s, m)
		}
		k, err := s.Peek()
		if err != nil {
			return err
		}
		var b []byte
		switch k {
		case jsonscan.String:
			b, err = s.Bytes()
		case jsonscan.Number, jsonscan.Bool:
			b, _, err = s.Scalar()
		default:
			return nil
		}
		if err == nil {
			o.scalar(key, b)
		}
		return err
	})
}

// readFlat reads the attributes_flat of a state upgraded from format
// version 3 and not refreshed since: every value a string, nested values
// flattened with dots (tags.Name, tags.% for the count).
func (o *object) readFlat(s *jsonscan.Scanner) error {
	if k, err := s.Peek(); err != nil || k != jsonscan.Object {
		return err
	}
	o.present = true
	return s.Object(func(key []byte) error {
		if k, err := s.Peek(); err != nil || k != jsonscan.String {
			return err
		}
		b, err := s.Bytes()
		if err != nil {
			return err
		}
		if i := bytes.IndexByte(key, '.'); i >= 0 {
			if m := tagMapOf(key[:i]); m != noTags && string(key[i+1:]) != "%" {
				o.addTag(m, key[i+1:], b)
			}
			return nil
		}
		o.scalar(key, b)
		return nil
	})
}

// scalar keeps a scalar attribute: as a field when it is one (an
// identifier even when it is longer than Attrs allow), and in Attrs within
// the bounds, unless its name says it holds a secret.
func (o *object) scalar(key, b []byte) {
	if len(b) == 0 {
		return
	}
	var v string
	if f := fieldOf(key); f != noField && (len(b) <= maxAttrValue || f <= fSelfLink && len(b) <= maxIDValue) {
		v = string(b)
		o.fields[f] = v
	}
	if len(b) > maxAttrValue || len(key) > maxAttrKey || len(o.attrs) >= maxAttrs || secretName(key) {
		return
	}
	if v == "" {
		v = string(b)
	}
	o.attrs = append(o.attrs, kv{string(key), v})
}

// secretWords are parts of attribute names that hold secrets: passwords,
// access keys, tokens, connection strings, private keys. A state holds
// them in plain text, and older states do not mark them sensitive.
var secretWords = [][]byte{[]byte("pass"), []byte("secret"), []byte("token"), []byte("credential"), []byte("connection_string"), []byte("private_key")}

// secretName reports whether an attribute's name says it holds a secret.
// Names ending in _key (access_key, primary_key, api_key) count too.
func secretName(key []byte) bool {
	if bytes.HasSuffix(key, []byte("_key")) {
		return true
	}
	for _, w := range secretWords {
		if bytes.Contains(key, w) {
			return true
		}
	}
	return false
}

// readTags reads a tag map. Values that are not strings are kept as their
// JSON text, null as ""; anything but an object (Google's network tags are
// a list of strings) is not a tag map and is skipped.
func (o *object) readTags(s *jsonscan.Scanner, m tagMap) error {
	if k, err := s.Peek(); err != nil || k != jsonscan.Object {
		return err
	}
	return s.Object(func(key []byte) error {
		k, err := s.Peek()
		if err != nil {
			return err
		}
		var b []byte
		switch k {
		case jsonscan.String:
			b, err = s.Bytes()
		case jsonscan.Number, jsonscan.Bool, jsonscan.Null:
			b, _, err = s.Scalar()
			if k == jsonscan.Null {
				b = nil
			}
		default:
			return nil
		}
		if err == nil {
			o.addTag(m, key, b)
		}
		return err
	})
}

func (o *object) addTag(m tagMap, key, value []byte) {
	if len(o.tags[m]) < maxTags && len(key) <= maxTagKey && len(value) <= maxTagValue {
		o.tags[m] = append(o.tags[m], kv{string(key), string(value)})
	}
}

// readSensitivePaths reads a raw state's sensitive_attributes: a list of
// paths, each a list of steps such as {"type":"get_attr","value":"password"}
// or {"type":"index","value":{"value":"k","type":"string"}}. The first step
// names the attribute to hide; a second step indexing a tag map names the
// one tag to hide.
func (o *object) readSensitivePaths(s *jsonscan.Scanner) error {
	if k, err := s.Peek(); err != nil || k != jsonscan.Array {
		return err
	}
	return s.Array(func() error {
		if k, err := s.Peek(); err != nil || k != jsonscan.Array {
			return err
		}
		var name, key string
		i := 0
		err := s.Array(func() error {
			i++
			if i > 2 {
				return nil
			}
			typ, val, err := readStep(s)
			switch {
			case i == 1 && typ == "get_attr":
				name = val
			case i == 2 && typ == "index":
				key = val
			}
			return err
		})
		o.hide(name, key)
		return err
	})
}

// readStep reads one step of a path: its type and, when it is a string,
// its value (for an index step, the value of the key).
func readStep(s *jsonscan.Scanner) (typ, val string, err error) {
	if k, err := s.Peek(); err != nil || k != jsonscan.Object {
		return "", "", err
	}
	err = s.Object(func(key []byte) error {
		switch string(key) {
		case "type":
			if k, err := s.Peek(); err != nil || k != jsonscan.String {
				return err
			}
			var err error
			typ, err = s.String()
			return err
		case "value":
			k, err := s.Peek()
			switch {
			case err != nil:
				return err
			case k == jsonscan.String:
				val, err = s.String()
			case k == jsonscan.Object:
				err = s.Object(func(key []byte) error {
					if string(key) != "value" {
						return nil
					}
					if k, err := s.Peek(); err != nil || k != jsonscan.String {
						return err
					}
					var err error
					val, err = s.String()
					return err
				})
			}
			return err
		}
		return nil
	})
	return typ, val, err
}

// readSensitiveValues reads the sensitive_values of a show document, or a
// plan's before_sensitive or after_sensitive: true where a value is
// sensitive, in an object shaped like the values. true for the whole object
// hides all of it.
func (o *object) readSensitiveValues(s *jsonscan.Scanner) error {
	k, err := s.Peek()
	switch {
	case err != nil:
		return err
	case k == jsonscan.Bool:
		o.allHidden, err = s.Bool()
		return err
	case k != jsonscan.Object:
		return nil
	}
	return s.Object(func(key []byte) error {
		k, err := s.Peek()
		switch {
		case err != nil:
			return err
		case k == jsonscan.Bool:
			var hidden bool
			if hidden, err = s.Bool(); hidden {
				o.hide(string(key), "")
			}
			return err
		case k == jsonscan.Object && tagMapOf(key) != noTags:
			name := string(key)
			return s.Object(func(tag []byte) error {
				if k, err := s.Peek(); err != nil || k != jsonscan.Bool {
					return err
				}
				hidden, err := s.Bool()
				if hidden {
					o.hide(name, string(tag))
				}
				return err
			})
		}
		return nil
	})
}

// hide marks an attribute, or one tag of a tag map, as sensitive.
func (o *object) hide(name, tag string) {
	switch {
	case name == "":
	case tag != "" && tagMapOf([]byte(name)) != noTags:
		o.hiddenTags = append(o.hiddenTags, tag)
	default:
		o.hidden = append(o.hidden, name)
	}
}

// dropHidden forgets what the input marks as sensitive.
func (o *object) dropHidden() {
	if o.allHidden {
		present := o.present
		o.reset()
		o.present = present
		return
	}
	for _, name := range o.hidden {
		key := []byte(name)
		if f := fieldOf(key); f != noField {
			o.fields[f] = ""
		}
		if m := tagMapOf(key); m != noTags {
			o.tags[m] = o.tags[m][:0]
		}
		o.attrs = dropKey(o.attrs, name)
	}
	for _, tag := range o.hiddenTags {
		for m := range o.tags {
			o.tags[m] = dropKey(o.tags[m], tag)
		}
	}
}

func dropKey(list []kv, k string) []kv {
	out := list[:0]
	for _, e := range list {
		if e.k != k {
			out = append(out, e)
		}
	}
	return out
}

// fill sets the ID, Name, Account, Region, Tags and Attrs of r, whose
// Provider and Address are set, from o.
func (o *object) fill(r *inventory.Resource) {
	o.dropHidden()
	f := &o.fields
	if n := len(o.tags[ownTags]) + len(o.tags[allTags]); n > 0 {
		r.Tags = make(map[string]string, n)
		for _, m := range []tagMap{allTags, ownTags} {
			for _, t := range o.tags[m] {
				r.Tags[t.k] = t.v
			}
		}
	}
	if len(o.attrs) > 0 {
		r.Attrs = make(map[string]string, len(o.attrs))
		for _, a := range o.attrs {
			r.Attrs[a.k] = a.v
		}
	}
	r.Name = cmp.Or(f[fName], r.Tags["Name"], r.Address)
	switch r.Provider {
	case "aws":
		// Some resources have their ARN as their id (an ECS service).
		r.ID = cmp.Or(f[fARN], f[fID])
		a, _ := parseARN(r.ID)
		r.Account = cmp.Or(a.account, f[fOwnerID], f[fAccountID])
		r.Region = cmp.Or(f[fRegion], a.region, awsRegion(f[fAvailabilityZone]))
	case "azure":
		r.ID = f[fID]
		r.Account = cmp.Or(subscription(f[fID]), f[fSubscriptionID])
		r.Region = f[fLocation]
	case "gcp":
		r.ID = cmp.Or(f[fSelfLink], f[fID])
		r.Account = cmp.Or(f[fProject], pathValue(f[fID], "projects"), pathValue(f[fSelfLink], "projects"))
		r.Region = cmp.Or(f[fRegion], gcpRegion(f[fZone]), gcpRegion(f[fLocation]))
	default:
		a, _ := parseARN(f[fARN])
		r.ID = cmp.Or(f[fARN], f[fSelfLink], f[fID])
		r.Account = cmp.Or(a.account, subscription(f[fID]), f[fProject], f[fAccountID])
		r.Region = cmp.Or(f[fRegion], a.region, f[fLocation], gcpRegion(f[fZone]), awsRegion(f[fAvailabilityZone]))
	}
}
