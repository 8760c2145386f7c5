// Package model reads an organisation's responsibility model: YAML files
// (a directory of them, or several files) that merge into one onus.Model,
// validated strictly so that every problem is reported at once with its file,
// line, column and field path.
package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/catalog"
	"github.com/onus-dev/onus/internal/strictyaml"
)

// MaxFileSize bounds a single model file. Big estates belong in
// inventories, which are streamed.
const MaxFileSize = 32 << 20

// file is the YAML form of one model document.
type file struct {
	APIVersion  string                  `yaml:"apiVersion"`
	Catalog     *onus.CatalogPin        `yaml:"catalog"`
	Parties     []*onus.Party           `yaml:"parties"`
	Assets      []*onus.Asset           `yaml:"assets"`
	Inventories []*onus.InventorySource `yaml:"inventories"`
	Ownership   *onus.Ownership         `yaml:"ownership"`
	Assignments []*onus.Assignment      `yaml:"assignments"`
	Assumptions []*onus.Assumption      `yaml:"assumptions"`
	Agreements  []*onus.Agreement       `yaml:"agreements"`
	Acceptances []*onus.Acceptance      `yaml:"acceptances"`
	Wording     *onus.Wording           `yaml:"wording"`
}

// Options configure Load.
type Options struct {
	// Catalog is the base catalog; nil means the built-in one.
	Catalog *onus.Catalog
}

// Load reads the model files and directories at paths, merges them, extends
// the catalog with the model's own catalog files, and validates the result
// against it. On failure the error is an onus.ErrorList holding every
// problem found.
func Load(paths []string, opts Options) (*onus.Model, *onus.Catalog, error) {
	base := opts.Catalog
	if base == nil {
		var err error
		if base, err = catalog.Builtin(); err != nil {
			return nil, nil, err
		}
	}
	if len(paths) == 0 {
		return nil, nil, onus.Errorf(onus.EInvalid, "no model given: name a model directory or file")
	}
	l := &loader{docs: map[string][]strictyaml.Document{}, roots: map[string]string{}}
	for _, p := range paths {
		l.collect(p)
	}
	if len(l.files) == 0 {
		l.errs.Sort()
		return nil, nil, l.errs
	}
	m := &onus.Model{Files: l.files}
	for _, f := range l.files {
		l.decodeFile(f, m)
	}
	// Validation goes on after decoding errors, so that one run reports
	// every problem; it skips the values that failed to decode.
	bad := map[string][]string{}
	for _, e := range l.errs {
		bad[e.Loc.File] = append(bad[e.Loc.File], e.Loc.Path)
	}
	cat, err := l.catalog(base, m)
	if err != nil {
		if list, ok := err.(onus.ErrorList); ok {
			l.errs = append(l.errs, list...)
		} else {
			return nil, nil, err
		}
		cat = base
	}
	v := &validator{m: m, cat: cat, loc: l, bad: bad}
	v.run()
	l.resolveSources(m)
	errs := append(l.errs, v.errs...)
	if len(errs) > 0 {
		errs.Sort()
		return nil, nil, errs
	}
	return m, cat, nil
}

type loader struct {
	files       []string
	roots       map[string]string // file → the directory its relative paths may not leave
	docs        map[string][]strictyaml.Document
	catalogDocs []strictyaml.Document
	errs        onus.ErrorList
}

// collect adds a file, or every YAML file below a directory, skipping hidden
// files and directories.
func (l *loader) collect(path string) {
	info, err := os.Stat(path)
	if err != nil {
		l.errs = append(l.errs, &onus.Error{Code: onus.ENotFound, Message: "cannot read model", Loc: onus.Location{File: path}, Err: unwrapPathError(err)})
		return
	}
	if !info.IsDir() {
		l.add(path, filepath.Dir(path))
		return
	}
	var found []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != path && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && d.Type().IsRegular() && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		l.errs = append(l.errs, &onus.Error{Code: onus.EInternal, Message: "cannot read model directory", Loc: onus.Location{File: path}, Err: err})
	}
	if len(found) == 0 && err == nil {
		l.errs.Add(onus.Location{File: path}, onus.ENotFound, "no .yaml or .yml files in this directory")
	}
	sort.Strings(found)
	for _, f := range found {
		l.add(f, path)
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) add(path, root string) {
	if _, dup := l.roots[path]; dup {
		return
	}
	docs, err := strictyaml.ReadFile(path, MaxFileSize)
	if err != nil {
		l.errs = append(l.errs, asError(err))
		return
	}
	l.roots[path] = root
	if len(docs) == 0 {
		l.errs.Add(onus.Location{File: path}, onus.EInvalid, "the file is empty; model files start with \"apiVersion: %s\"", onus.APIVersion)
	}
	for _, d := range docs {
		switch v := apiVersion(d.Root); {
		case v == onus.APIVersion:
			l.docs[path] = append(l.docs[path], d)
		case v == catalog.APIVersion:
			l.catalogDocs = append(l.catalogDocs, d)
		case v == "":
			l.errs.Add(onus.Location{File: path, Line: d.Root.Line, Column: d.Root.Column}, onus.EInvalid,
				"not an onus file: it has no apiVersion (model files start with \"apiVersion: %s\")", onus.APIVersion)
		default:
			l.errs.Add(onus.Location{File: path, Line: d.Root.Line, Column: d.Root.Column, Path: "apiVersion"}, onus.EUnsupported,
				"apiVersion %q is not one this onus reads (%s for models, %s for catalog files)", v, onus.APIVersion, catalog.APIVersion)
		}
	}
	if len(l.docs[path]) > 0 {
		l.files = append(l.files, path)
	}
}

// asError returns err as an *onus.Error; every error the readers return is
// one, and anything else is a bug worth naming as internal.
func asError(err error) *onus.Error {
	var e *onus.Error
	if errors.As(err, &e) {
		return e
	}
	return &onus.Error{Code: onus.EInternal, Message: "unexpected error", Err: err}
}

func apiVersion(root *yaml.Node) string {
	if n := strictyaml.Lookup(root, "apiVersion"); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func (l *loader) decodeFile(path string, m *onus.Model) {
	for _, doc := range l.docs[path] {
		d := &strictyaml.Decoder{File: path}
		var f file
		d.Decode(doc.Root, "", &f)
		l.errs = append(l.errs, d.Errs...)
		if f.Catalog != nil {
			if m.Catalog.Loc.File != "" {
				l.errs.Add(f.Catalog.Loc, onus.EConflict, "the catalog is configured twice (first at %s)", m.Catalog.Loc)
			} else {
				m.Catalog = *f.Catalog
			}
		}
		if f.Ownership != nil {
			if m.Ownership.Loc.File != "" {
				l.errs.Add(f.Ownership.Loc, onus.EConflict, "ownership is configured twice (first at %s)", m.Ownership.Loc)
			} else {
				m.Ownership = *f.Ownership
			}
		}
		if f.Wording != nil {
			if m.Wording.Loc.File != "" {
				l.errs.Add(f.Wording.Loc, onus.EConflict, "wording is configured twice (first at %s)", m.Wording.Loc)
			} else {
				m.Wording = *f.Wording
			}
		}
		m.Parties = append(m.Parties, f.Parties...)
		m.Assets = append(m.Assets, f.Assets...)
		m.Sources = append(m.Sources, f.Inventories...)
		m.Assignments = append(m.Assignments, f.Assignments...)
		m.Assumptions = append(m.Assumptions, f.Assumptions...)
		m.Agreements = append(m.Agreements, f.Agreements...)
		m.Acceptances = append(m.Acceptances, f.Acceptances...)
	}
}

// catalog extends the base catalog with the model's catalog files: those in
// the model's directories and those its catalog section names.
func (l *loader) catalog(base *onus.Catalog, m *onus.Model) (*onus.Catalog, error) {
	pin := m.Catalog
	if pin.Version != "" && pin.Version != base.Version {
		return nil, onus.ErrorList{onus.ErrorAt(l.field(pin.Loc, "version"), onus.EUnsupported,
			"the model pins catalog version %q, but this onus carries catalog %q; update the pin after reviewing `onus catalog list`", pin.Version, base.Version)}
	}
	docs := l.catalogDocs
	for i, f := range pin.Files {
		loc := l.field(pin.Loc, fmt.Sprintf("files[%d]", i))
		path, err := confine(l.roots[pin.Loc.File], pin.Loc.File, f)
		if err != nil {
			l.errs.Add(loc, onus.EInvalid, "%s", err)
			continue
		}
		ds, err := strictyaml.ReadFile(path, catalog.MaxFileSize)
		if err != nil {
			l.errs = append(l.errs, asError(err))
			continue
		}
		docs = append(docs, ds...)
	}
	if len(docs) == 0 {
		return base, nil
	}
	return catalog.Extend(base, docs)
}

// confine resolves rel against the directory of the file that names it and
// refuses paths that are absolute or leave root: model files may come from
// people who should not make onus read arbitrary files.
func confine(root, from, rel string) (string, error) {
	if rel == "" {
		return "", errors.New("empty path")
	}
	if filepath.IsAbs(rel) {
		return "", fmt.Errorf("path %q is absolute; write it relative to the model file", rel)
	}
	p := filepath.Join(filepath.Dir(from), filepath.FromSlash(rel))
	r, err := filepath.Rel(root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leaves the model directory %s", rel, root)
	}
	return p, nil
}

// resolveSources expands the globs of inventory sources into files.
func (l *loader) resolveSources(m *onus.Model) {
	for i, s := range m.Sources {
		loc := l.field(s.Loc, "path")
		pattern, err := confine(l.roots[s.Loc.File], s.Loc.File, s.Path)
		if err != nil {
			l.errs.Add(loc, onus.EInvalid, "%s", err)
			continue
		}
		matches, err := filepath.Glob(pattern)
		if err != nil {
			l.errs.Add(loc, onus.EInvalid, "bad glob %q: %s", s.Path, err)
			continue
		}
		if len(matches) == 0 {
			l.errs.Add(loc, onus.ENotFound, "inventory %q matches no file", s.Path)
			continue
		}
		sort.Strings(matches)
		m.Sources[i].Files = matches
	}
}

// field returns the location of a field of the struct written at base,
// falling back to the struct itself when the field is not written.
func (l *loader) field(base onus.Location, field string) onus.Location {
	path := field
	if base.Path != "" {
		path = base.Path + "." + field
	}
	loc := onus.Location{File: base.File, Line: base.Line, Column: base.Column, Path: path}
	var root *yaml.Node
	for _, d := range l.docs[base.File] {
		if d.Root.Line <= base.Line || root == nil {
			root = d.Root
		}
	}
	if root == nil {
		return loc
	}
	if n := strictyaml.Lookup(root, path); n != nil {
		loc.Line, loc.Column = n.Line, n.Column
	}
	return loc
}
