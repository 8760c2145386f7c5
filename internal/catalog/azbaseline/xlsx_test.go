package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-dev/onus"
)

// testBook describes a workbook for the tests: its parts by name, written
// as given, so that a test can break any of them.
type testBook map[string]string

const (
	wbRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`
	wbXML = `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Security Profile" sheetId="1" r:id="rId1"/><sheet name="Feature Summary" sheetId="2" r:id="rId2"/></sheets>
</workbook>`
	coreXML = `<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dcterms:modified xsi:type="dcterms:W3CDTF">2023-02-14T22:28:58Z</dcterms:modified></cp:coreProperties>`
)

// inline is a cell holding an inline string.
func inline(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
}

// sheetXML wraps rows of cells in a worksheet.
func sheetXML(rows ...string) string {
	var b strings.Builder
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, i+1, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// validBook is a small but complete baseline workbook: shared strings,
// inline strings, a rich-text run with a phonetic guide, a boolean and a
// skipped column.
func validBook() testBook {
	return testBook{
		"xl/workbook.xml":            wbXML,
		"xl/_rels/workbook.xml.rels": wbRels,
		"docProps/core.xml":          coreXML,
		"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<si><t>Behavior Attribute</t></si>
<si><r><t>Val</t></r><r><t>ue</t></r><rPh><t>ignored</t></rPh></si>
</sst>`,
		"xl/worksheets/sheet1.xml": sheetXML(
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Description</t></is></c><c r="C1" t="s"><v>1</v></c>`,
			inline("A2", "Product Category")+inline("C2", "Databases"),
			inline("A3", "Customer can access HOST / OS")+inline("B3", "…")+inline("C3", "No Access"),
			inline("A4", "Service can be deployed into customer&apos;s virtual network")+inline("B4", "…")+inline("C4", "True"),
			inline("A5", "Stores customer content at rest")+inline("B5", "…")+`<c r="C5" t="b"><v>0</v></c>`,
		),
		"xl/worksheets/sheet2.xml": sheetXML(
			inline("A1", "Control Domain")+inline("B1", "ASB Control ID")+inline("C1", "Responsibility")+inline("D1", "Feature Name")+
				inline("E1", "Feature Supported")+inline("F1", "Feature Enabled by Default"),
			inline("A2", "Data Protection")+inline("B2", "DP-4")+inline("C2", "Microsoft")+inline("D2", "Data at Rest Encryption Using Platform Keys")+
				inline("E2", "True")+inline("F2", "True"),
			inline("A3", "Data Protection")+inline("B3", "DP-5")+inline("C3", "Customer")+inline("D3", "Data at Rest Encryption Using CMK")+
				inline("E3", "True")+inline("F3", "False"),
			// Cells without references follow one another.
			`<c t="inlineStr"><is><t>Network Security</t></is></c><c t="inlineStr"><is><t>NS-2</t></is></c><c t="inlineStr"><is><t>Not Applicable</t></is></c>`+
				`<c t="inlineStr"><is><t>Azure Private Link</t></is></c><c t="inlineStr"><is><t>False</t></is></c><c t="inlineStr"><is><t>Not Applicable</t></is></c>`,
		),
	}
}

func (tb testBook) zip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range tb {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (tb testBook) with(part, content string) testBook {
	out := testBook{}
	for k, v := range tb {
		out[k] = v
	}
	if content == "" {
		delete(out, part)
	} else {
		out[part] = content
	}
	return out
}

func TestReadWorkbook(t *testing.T) {
	wb, err := readWorkbook("test.xlsx", validBook().zip(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2023, 2, 14, 22, 28, 58, 0, time.UTC); !wb.modified.Equal(want) {
		t.Errorf("modified = %v, want %v", wb.modified, want)
	}
	wantProfile := [][]string{
		{"Behavior Attribute", "Description", "Value"},
		{"Product Category", "", "Databases"},
		{"Customer can access HOST / OS", "…", "No Access"},
		{"Service can be deployed into customer's virtual network", "…", "True"},
		{"Stores customer content at rest", "…", "FALSE"},
	}
	if diff := cmp.Diff(wantProfile, wb.sheets[profileSheet]); diff != "" {
		t.Errorf("profile sheet (-want +got):\n%s", diff)
	}
	if got := wb.sheets[featureSheet][3]; len(got) != 6 || got[3] != "Azure Private Link" {
		t.Errorf("row without references = %q, want its six cells in order", got)
	}

	b, err := parseBaseline(wb)
	if err != nil {
		t.Fatal(err)
	}
	want := &baseline{
		file: "test.xlsx", modified: wb.modified, category: "Databases", hostAccess: hostNoAccess, inVNet: true,
		features: []feature{
			{domain: "Data Protection", control: "DP-4", name: "Data at Rest Encryption Using Platform Keys", responsibility: respMicrosoft, supported: true, byDefault: true},
			{domain: "Data Protection", control: "DP-5", name: "Data at Rest Encryption Using CMK", responsibility: respCustomer, supported: true},
			{domain: "Network Security", control: "NS-2", name: "Azure Private Link", responsibility: "Not Applicable"},
		},
	}
	if diff := cmp.Diff(want, b, cmp.AllowUnexported(baseline{}, feature{})); diff != "" {
		t.Errorf("baseline (-want +got):\n%s", diff)
	}
}

func TestReadWorkbookErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data func(t *testing.T) []byte
		code onus.ErrorCode
		msg  string
	}{
		{"not a zip", func(*testing.T) []byte { return []byte("PK but not really") }, onus.EInvalid, "not an .xlsx"},
		{"too large", func(*testing.T) []byte { return make([]byte, maxWorkbookSize+1) }, onus.ETooLarge, "over the limit"},
		{"no workbook", func(t *testing.T) []byte { return validBook().with("xl/workbook.xml", "").zip(t) }, onus.EInvalid, "missing"},
		{"sheet without relationship", func(t *testing.T) []byte {
			return validBook().with("xl/workbook.xml", strings.Replace(wbXML, `r:id="rId2"`, `r:id="rId9"`, 1)).zip(t)
		}, onus.EInvalid, "rId9"},
		{"bad XML", func(t *testing.T) []byte {
			return validBook().with("xl/worksheets/sheet1.xml", "<worksheet><row>").zip(t)
		}, onus.EInvalid, "bad XML"},
		{"shared string out of range", func(t *testing.T) []byte {
			return validBook().with("xl/worksheets/sheet1.xml", sheetXML(`<c r="A1" t="s"><v>7</v></c>`)).zip(t)
		}, onus.EInvalid, "out of range"},
		{"bad cell reference", func(t *testing.T) []byte {
			return validBook().with("xl/worksheets/sheet1.xml", sheetXML(`<c r="1A"><v>1</v></c>`)).zip(t)
		}, onus.EInvalid, "bad cell reference"},
		{"column beyond the limit", func(t *testing.T) []byte {
			return validBook().with("xl/worksheets/sheet1.xml", sheetXML(`<c r="XFD1"><v>1</v></c>`)).zip(t)
		}, onus.ETooLarge, "beyond column"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readWorkbook("bad.xlsx", tc.data(t))
			var e *onus.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *onus.Error", err)
			}
			if e.Code != tc.code || !strings.Contains(err.Error(), tc.msg) || e.Loc.File != "bad.xlsx" {
				t.Errorf("err = %v (%s), want %s mentioning %q at bad.xlsx", err, e.Code, tc.code, tc.msg)
			}
		})
	}
}

// TestReadWorkbookPartTooLarge checks that a part that inflates past the
// limit is refused before it is read.
func TestReadWorkbookPartTooLarge(t *testing.T) {
	huge := sheetXML(strings.Repeat(inline("A1", "x"), maxPartSize/len(inline("A1", "x"))+1))
	_, err := readWorkbook("big.xlsx", validBook().with("xl/worksheets/sheet1.xml", huge).zip(t))
	if onus.Code(err) != onus.ETooLarge {
		t.Errorf("err = %v, want %s", err, onus.ETooLarge)
	}
}

func TestParseBaselineErrors(t *testing.T) {
	for _, tc := range []struct {
		name, part, content, msg string
	}{
		{"unknown host access", "xl/worksheets/sheet1.xml", sheetXML(inline("A1", "Attr")+inline("B1", "Value"),
			inline("A2", "Customer can access HOST / OS")+inline("B2", "Sometimes")), "host / OS access"},
		{"no value column", "xl/worksheets/sheet1.xml", sheetXML(inline("A1", "Attr")), "Value"},
		{"not a boolean", "xl/worksheets/sheet1.xml", sheetXML(inline("A1", "Attr")+inline("B1", "Value"),
			inline("A2", "Customer can access HOST / OS")+inline("B2", "Full Access"),
			inline("A3", "Service can be deployed into customer&apos;s virtual network")+inline("B3", "Maybe")), "want True or False"},
		{"missing column", "xl/worksheets/sheet2.xml", sheetXML(inline("A1", "Control Domain")), "ASB Control ID"},
		{"unknown responsibility", "xl/worksheets/sheet2.xml", sheetXML(
			inline("A1", "Control Domain")+inline("B1", "ASB Control ID")+inline("C1", "Responsibility")+inline("D1", "Feature Name")+
				inline("E1", "Feature Supported")+inline("F1", "Feature Enabled by Default"),
			inline("A2", "Data Protection")+inline("C2", "Vendor")+inline("D2", "Anything")), "responsibility is \"Vendor\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := readWorkbook("bad.xlsx", validBook().with(tc.part, tc.content).zip(t))
			if err != nil {
				t.Fatal(err)
			}
			_, err = parseBaseline(wb)
			if onus.Code(err) != onus.EInvalid || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %s mentioning %q", err, onus.EInvalid, tc.msg)
			}
		})
	}
}

func TestColumnIndex(t *testing.T) {
	for _, tc := range []struct {
		ref  string
		want int
		ok   bool
	}{
		{"A1", 0, true}, {"C12", 2, true}, {"Z9", 25, true}, {"AA1", 26, true}, {"IV1", 255, true},
		{"IW1", maxColumns, true}, {"XFD1048576", maxColumns, true},
		{"1A", 0, false}, {"", 0, false}, {"A1B", 0, false}, {"a1", 0, false},
	} {
		got, ok := columnIndex(tc.ref)
		if got != tc.want || ok != tc.ok {
			t.Errorf("columnIndex(%q) = %d, %v; want %d, %v", tc.ref, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzReadWorkbook feeds arbitrary bytes to the workbook reader and the
// baseline parser: they may reject them, but must not panic or run away.
func FuzzReadWorkbook(f *testing.F) {
	f.Add(validBook().zip(f))
	f.Add(validBook().with("xl/sharedStrings.xml", "").zip(f))
	f.Add(validBook().with("docProps/core.xml", "<x>").zip(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := readWorkbook("fuzz.xlsx", data)
		if err != nil {
			var e *onus.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *onus.Error", err)
			}
			return
		}
		if _, err := parseBaseline(wb); err != nil {
			var e *onus.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *onus.Error", err)
			}
		}
	})
}

// FuzzWorksheet fuzzes the XML inside a well-formed workbook, which the
// zip layer of FuzzReadWorkbook rarely lets the fuzzer reach: a worksheet
// and the shared-string table.
func FuzzWorksheet(f *testing.F) {
	book := validBook()
	f.Add(book["xl/worksheets/sheet1.xml"], book["xl/sharedStrings.xml"])
	f.Add(book["xl/worksheets/sheet2.xml"], book["xl/sharedStrings.xml"])
	f.Add(sheetXML(`<c r="B2" t="s"><v>1</v></c><c t="b"><v>1</v></c>`), `<sst><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>`)
	f.Fuzz(func(t *testing.T, sheet, shared string) {
		data := validBook().with("xl/worksheets/sheet1.xml", sheet).with("xl/sharedStrings.xml", shared).zip(t)
		wb, err := readWorkbook("fuzz.xlsx", data)
		if err != nil {
			if onus.Code(err) == onus.EInternal {
				t.Fatalf("error %v is not an *onus.Error", err)
			}
			return
		}
		for _, rows := range wb.sheets {
			for _, r := range rows {
				if len(r) == 0 || len(r) > maxColumns {
					t.Fatalf("row of %d cells", len(r))
				}
			}
		}
		if _, err := parseBaseline(wb); err != nil && onus.Code(err) == onus.EInternal {
			t.Fatalf("error %v is not an *onus.Error", err)
		}
	})
}
