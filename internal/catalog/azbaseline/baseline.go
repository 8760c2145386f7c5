package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// The sheets and columns of a baseline workbook that the generator reads.
const (
	profileSheet = "Security Profile"
	featureSheet = "Feature Summary"

	attrCategory = "Product Category"
	attrHostOS   = "Customer can access HOST / OS"
	attrVNet     = "Service can be deployed into customer's virtual network"
	attrContent  = "Stores customer content at rest"

	colDomain         = "Control Domain"
	colControl        = "ASB Control ID"
	colResponsibility = "Responsibility"
	colFeature        = "Feature Name"
	colSupported      = "Feature Supported"
	colByDefault      = "Feature Enabled by Default"
)

// Host and OS access as the security profile states it.
const (
	hostNoAccess   = "No Access"
	hostFullAccess = "Full Access"
	hostReadOnly   = "Read Only"
)

// The responsibility column's values.
const (
	respCustomer  = "Customer"
	respMicrosoft = "Microsoft"
	respShared    = "Shared"
)

// baseline is what the generator takes from one Microsoft cloud security
// benchmark service baseline.
type baseline struct {
	file          string
	modified      time.Time
	category      string // Microsoft's product category; empty in a few files
	hostAccess    string // hostNoAccess, hostFullAccess or hostReadOnly
	inVNet        bool   // can be deployed into the customer's virtual network
	storesContent bool   // stores customer content at rest for more than 24 hours
	features      []feature
}

// feature is one row of the feature summary.
type feature struct {
	domain         string // "Data Protection"
	control        string // "DP-4"
	name           string // "Data at Rest Encryption Using Platform Keys"
	responsibility string // respCustomer, respMicrosoft, respShared, or "Not Applicable"
	supported      bool
	byDefault      bool
}

// parseBaseline reads the two sheets of a baseline workbook.
func parseBaseline(wb *workbook) (*baseline, error) {
	b := &baseline{file: wb.file, modified: wb.modified}
	if err := b.readProfile(wb); err != nil {
		return nil, err
	}
	if err := b.readFeatures(wb); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *baseline) at(path string) onus.Location { return onus.Location{File: b.file, Path: path} }

// readProfile reads the security profile: one attribute a row, its value in
// the column headed "Value".
func (b *baseline) readProfile(wb *workbook) error {
	rows, ok := wb.sheets[profileSheet]
	if !ok || len(rows) == 0 {
		return onus.ErrorAt(b.at(profileSheet), onus.EInvalid, "the workbook has no %q sheet", profileSheet)
	}
	valueCol := -1
	for i, h := range rows[0] {
		if strings.EqualFold(strings.TrimSpace(h), "Value") {
			valueCol = i
		}
	}
	if valueCol < 1 {
		return onus.ErrorAt(b.at(profileSheet), onus.EInvalid, "the first row has no \"Value\" column")
	}
	values := map[string]string{}
	for _, r := range rows[1:] {
		if valueCol < len(r) {
			values[strings.TrimSpace(r[0])] = strings.TrimSpace(r[valueCol])
		} else if len(r) > 0 {
			values[strings.TrimSpace(r[0])] = ""
		}
	}
	b.category = values[attrCategory]
	switch v := values[attrHostOS]; v {
	case hostNoAccess, hostFullAccess, hostReadOnly:
		b.hostAccess = v
	default:
		return onus.ErrorAt(b.at(profileSheet+"!"+attrHostOS), onus.EInvalid, "host / OS access is %q, want %q, %q or %q", v, hostNoAccess, hostFullAccess, hostReadOnly)
	}
	var err error
	if b.inVNet, err = b.profileBool(values, attrVNet); err != nil {
		return err
	}
	b.storesContent, err = b.profileBool(values, attrContent)
	return err
}

func (b *baseline) profileBool(values map[string]string, attr string) (bool, error) {
	v, ok := parseBool(values[attr])
	if !ok {
		return false, onus.ErrorAt(b.at(profileSheet+"!"+attr), onus.EInvalid, "%q is %q, want True or False", attr, values[attr])
	}
	return v, nil
}

func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// readFeatures reads the feature summary, finding its columns by their
// headings so that a reordered sheet still reads right.
func (b *baseline) readFeatures(wb *workbook) error {
	rows, ok := wb.sheets[featureSheet]
	if !ok || len(rows) == 0 {
		return onus.ErrorAt(b.at(featureSheet), onus.EInvalid, "the workbook has no %q sheet", featureSheet)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, name := range []string{colDomain, colControl, colResponsibility, colFeature, colSupported, colByDefault} {
		if _, ok := col[name]; !ok {
			return onus.ErrorAt(b.at(featureSheet), onus.EInvalid, "the first row has no %q column", name)
		}
	}
	cell := func(r []string, name string) string {
		if i := col[name]; i < len(r) {
			return strings.TrimSpace(r[i])
		}
		return ""
	}
	for n, r := range rows[1:] {
		f := feature{
			domain:         cell(r, colDomain),
			control:        cell(r, colControl),
			name:           cell(r, colFeature),
			responsibility: cell(r, colResponsibility),
		}
		if f.name == "" {
			continue
		}
		f.supported, _ = parseBool(cell(r, colSupported))
		f.byDefault, _ = parseBool(cell(r, colByDefault))
		switch f.responsibility {
		case respCustomer, respMicrosoft, respShared, "Not Applicable":
		default:
			return onus.ErrorAt(b.at(fmt.Sprintf("%s!row %d", featureSheet, n+2)), onus.EInvalid, "responsibility is %q, want Customer, Microsoft, Shared or Not Applicable", f.responsibility)
		}
		b.features = append(b.features, f)
	}
	return nil
}

// sameFacts reports the first difference between the facts two baselines
// state, or "" when they agree: the profile and every feature's support and
// responsibility.
func sameFacts(a, b *baseline) string {
	if a.hostAccess != b.hostAccess || a.inVNet != b.inVNet || a.storesContent != b.storesContent {
		return "the security profiles differ"
	}
	key := func(f feature) string { return f.control + "/" + f.name }
	want := map[string]feature{}
	for _, f := range a.features {
		want[key(f)] = f
	}
	if len(a.features) != len(b.features) {
		return fmt.Sprintf("they list %d and %d features", len(a.features), len(b.features))
	}
	for _, f := range b.features {
		g, ok := want[key(f)]
		if !ok {
			return fmt.Sprintf("feature %s is in one only", key(f))
		}
		if g.responsibility != f.responsibility || g.supported != f.supported || g.byDefault != f.byDefault {
			return fmt.Sprintf("feature %s differs", key(f))
		}
	}
	return ""
}
