package vendorio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/assure-dev/assure/internal/problem"
)

// zipped is a ZIP archive holding one file, as the Intune admin center hands
// out its device export (Devices > All devices > Export gives
// DevicesWithInventory_<tenant>.zip with one CSV inside).
func zipped(t testing.TB, name, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// utf16Text encodes s as UTF-16 in the given byte order, with a byte-order
// mark when bom is set: what Excel's "Unicode Text" and Windows PowerShell's
// Out-File (whose default is "Unicode") write.
func utf16Text(s string, order binary.ByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		order.PutUint16(out[2*i:], u)
	}
	return out
}

func TestNotText(t *testing.T) {
	t.Parallel()
	header := "Device ID,Device name,OS,OS version\r\nd1,LT-1,Windows,10.0.22631.3593\r\n"
	xlsx := zipped(t, "[Content_Types].xml", "<Types/>")
	cases := []struct {
		name string
		head []byte
		want string // "" for text
	}{
		{"comma CSV", []byte(header), ""},
		{"UTF-8 with a mark", append(BOM, header...), ""},
		{"JSON", []byte(`{"a":"ü"}`), ""},
		{"empty", nil, ""},
		{"ZIP of a CSV", zipped(t, "DevicesWithInventory_0b6f.csv", header), `this file is a ZIP archive holding "DevicesWithInventory_0b6f.csv"; unzip it and name the CSV inside`},
		{"ZIP of JSON", zipped(t, "signins.json", "[]"), "name the JSON file inside"},
		{"empty ZIP", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), "this file is a ZIP archive; unzip it and name the file inside"},
		{"xlsx", xlsx, "this file is an Excel workbook (.xlsx)"},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, "Excel 97-2003 workbook"},
		{"UTF-16LE with a mark", utf16Text(header, binary.LittleEndian, true), "this file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8"},
		{"UTF-16BE with a mark", utf16Text(header, binary.BigEndian, true), "this file is UTF-16 (big-endian, with a byte-order mark)"},
		{"UTF-16LE without a mark", utf16Text(header, binary.LittleEndian, false), "this file is UTF-16 (little-endian, without a byte-order mark)"},
		{"UTF-16BE without a mark", utf16Text(header, binary.BigEndian, false), "this file is UTF-16 (big-endian, without a byte-order mark)"},
		{"UTF-32LE", []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, "this file is UTF-32"},
		{"binary", []byte("ab\x00cd"), "binary data (a NUL byte at byte 3)"},
	}
	for _, c := range cases {
		got := NotText(c.head)
		switch {
		case c.want == "" && got != "":
			t.Errorf("%s: %q, want text", c.name, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%s: %q, want it to contain %q", c.name, got, c.want)
		case c.want != "" && !strings.Contains(got, "want"):
			t.Errorf("%s: %q does not say what is wanted", c.name, got)
		}
	}
}

func TestCountDelimiters(t *testing.T) {
	t.Parallel()
	cases := []struct {
		line string
		want rune
	}{
		{"user_id,persona,employment", ','},
		{"user_id;persona;employment;privileged;in_scope", ';'},
		{"\"user_id\";\"persona\";\"a,b\"", ';'},   // the comma is inside quotes
		{"Device ID\tDevice name\tOS", '\t'},       // Excel's "Unicode Text" is tab-delimited
		{"Name, first;Name, last;e-mail", ','},     // a tie goes to the comma: 2 and 2
		{"Name, first;Name, last;e-mail;x", ';'},   // 2 commas, 3 semicolons
		{"user_id", ','},                           // one column: nothing to tell
		{"\"unterminated,still;inside\";x;y", ';'}, // quotes are toggled, never fail
	}
	for _, c := range cases {
		if got := CountDelimiters([]byte(c.line)).Likely(); got != c.want {
			t.Errorf("%q: %q, want %q", c.line, got, c.want)
		}
	}
	if !CountDelimiters([]byte("user_id")).None() || CountDelimiters([]byte("a;b")).None() {
		t.Error("None() is wrong")
	}
	if got := string(FirstLine([]byte("\ufeffa;b\r\nc;d\n"))); got != "a;b" {
		t.Errorf("FirstLine = %q", got)
	}
}

// TestOpenCSVByteOrderMark: Windows PowerShell 5.1's Export-Csv -Encoding UTF8
// writes a mark and quotes every field; Go's CSV reader alone refuses that
// with `bare " in non-quoted-field` on line 1.
func TestOpenCSVByteOrderMark(t *testing.T) {
	t.Parallel()
	text := "\ufeff\"Device ID\",\"OS\"\r\n\"d1\",\"Windows\"\r\n\"d2\",\"iOS\"\r\n"
	var rows [][]string
	err := CSVRows(strings.NewReader(text), nil, func(r *Row) bool {
		rows = append(rows, []string{r.Get("Device ID"), r.Get("os")})
		return true
	})
	if err != nil || len(rows) != 2 || rows[0][0] != "d1" || rows[1][1] != "iOS" {
		t.Fatalf("rows %q, err %v", rows, err)
	}
}

func TestOpenCSVDelimiters(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"a;b;c\n1;\"2;x\";3\n", "a\tb\tc\n1\t2;x\t3\n", "a,b,c\n1,2;x,3\n"} {
		var got []string
		err := CSVRows(strings.NewReader(text), nil, func(r *Row) bool {
			got = append(got, r.Get("a"), r.Get("b"), r.Get("c"))
			return true
		})
		if err != nil || strings.Join(got, "|") != "1|2;x|3" {
			t.Errorf("%q: %q, %v", text, got, err)
		}
	}
}

func TestOpenCSVRefusesWhatIsNotText(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{zipped(t, "export.csv", "a,b\n"), utf16Text("a,b\n1,2\n", binary.LittleEndian, true)} {
		err := CSVRows(bytes.NewReader(data), nil, func(*Row) bool { return true })
		var p *problem.Problem
		if !errors.As(err, &p) || p.Line != 1 || strings.Contains(p.Msg, "bare") {
			t.Errorf("error %v, want a problem at line 1 saying what the file is", err)
		}
	}
}

// FuzzOpenCSV: whatever the bytes, telling what a file is and opening it as
// CSV never panics, the delimiter is one of the three, and reading the rows
// fails only with a located problem.
func FuzzOpenCSV(f *testing.F) {
	for _, s := range []string{"", "a,b\n1,2\n", "\ufeff\"a\";\"b\"\r\n1;2\r\n", "a\tb\n", "\"", "\ufeff", "PK\x03\x04", "PK\x03\x04" + strings.Repeat("\xff", 26) + "x",
		"\xff\xfea\x00", "\xfe\xff\x00a", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a\x00b", "a,\"b\n\"c"} {
		f.Add([]byte(s))
	}
	f.Add(zipped(f, "x.csv", "a,b\n"))
	f.Add(utf16Text("a;b\n", binary.LittleEndian, false))
	f.Fuzz(func(t *testing.T, data []byte) {
		NotText(data)
		d := CountDelimiters(FirstLine(data))
		if r := d.Likely(); r != ',' && r != ';' && r != '\t' {
			t.Fatalf("delimiter %q", r)
		}
		err := CSVRows(bytes.NewReader(data), nil, func(*Row) bool { return true })
		var p *problem.Problem
		if err != nil && !errors.As(err, &p) {
			t.Fatalf("error %v (%T) is not located", err, err)
		}
	})
}
