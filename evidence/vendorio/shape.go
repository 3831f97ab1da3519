package vendorio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/assure-dev/assure/internal/problem"
)

// HeadSize is how much of the start of a file is looked at to tell what it is.
const HeadSize = 64 << 10

// BOM is the UTF-8 byte-order mark Windows tools put before text (PowerShell's
// Export-Csv -Encoding UTF8, Excel's "CSV UTF-8", Python's utf-8-sig).
var BOM = []byte("\ufeff")

// NotText says what a file is when its first bytes show it is not UTF-8 text —
// a ZIP archive (an .xlsx workbook is one), an Excel 97-2003 workbook, UTF-16
// or UTF-32 text, other binary data — and how to make it readable; "" when it
// may be text. head is the start of the file with any gzip compression undone.
// Every message says what the file is, how to fix it and what was wanted.
func NotText(head []byte) string {
	const utf8Want = `want UTF-8 text: Excel's "CSV UTF-8 (Comma delimited)", PowerShell's -Encoding utf8, or iconv -f %s -t UTF-8`
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")), bytes.HasPrefix(head, []byte("PK\x07\x08")):
		return zipMessage(head)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return `this file is an Excel 97-2003 workbook (.xls) or another Office document, not text; save it from Excel as "CSV UTF-8 (Comma delimited)" and name that file (want CSV text)`
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return "this file is UTF-32 (little-endian, with a byte-order mark); save it as UTF-8 (" + fmt.Sprintf(utf8Want, "UTF-32") + ")"
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return "this file is UTF-32 (big-endian, with a byte-order mark); save it as UTF-8 (" + fmt.Sprintf(utf8Want, "UTF-32") + ")"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "this file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8 (" + fmt.Sprintf(utf8Want, "UTF-16") + ")"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "this file is UTF-16 (big-endian, with a byte-order mark); save it as UTF-8 (" + fmt.Sprintf(utf8Want, "UTF-16") + ")"
	}
	if order := utf16Order(head); order != "" {
		return "this file is UTF-16 (" + order + ", without a byte-order mark); save it as UTF-8 (" + fmt.Sprintf(utf8Want, "UTF-16") + ")"
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Sprintf("this file holds binary data (a NUL byte at byte %d), not text; export it again as text (want CSV, JSON or TOML in UTF-8)", i+1)
	}
	return ""
}

// utf16Order recognises UTF-16 without a byte-order mark by its zero bytes:
// text that is mostly ASCII has one in every other byte. It returns the byte
// order, or "".
func utf16Order(head []byte) string {
	n := min(len(head), 1024) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*4 >= pairs*3 && even*8 <= pairs:
		return "little-endian"
	case even*4 >= pairs*3 && odd*8 <= pairs:
		return "big-endian"
	}
	return ""
}

// zipMessage names what a ZIP archive holds, from the name in its first local
// file header, and says to unzip it; an .xlsx workbook is told apart by its
// parts.
func zipMessage(head []byte) string {
	name := ""
	if len(head) >= 30 && bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if n := int(binary.LittleEndian.Uint16(head[26:])); 30+n <= len(head) {
			name = string(head[30 : 30+n])
		}
	}
	if name == "[Content_Types].xml" || strings.HasPrefix(name, "xl/") || strings.HasPrefix(name, "_rels/") || strings.HasPrefix(name, "docProps/") {
		return `this file is an Excel workbook (.xlsx), not text; save it from Excel as "CSV UTF-8 (Comma delimited)" and name that file (want CSV text)`
	}
	what := "the file"
	switch lower := strings.ToLower(name); {
	case strings.HasSuffix(lower, ".csv"):
		what = "the CSV"
	case strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
		what = "the JSON file"
	}
	holds := ""
	if shown := printable(name); shown != "" {
		holds = fmt.Sprintf(" holding %q", shown)
	}
	return fmt.Sprintf("this file is a ZIP archive%s; unzip it and name %s inside as this source's path in evidence.toml (want the export itself, not the archive)", holds, what)
}

// printable keeps a name from a file header fit for a message: valid UTF-8
// without control characters, at most 80 bytes; "" otherwise.
func printable(s string) string {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return ""
	}
	if len(s) > 80 {
		cut := 80
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

// FirstLine is the first line of a file's head, without a byte-order mark,
// its newline or a carriage return.
func FirstLine(head []byte) []byte {
	head = bytes.TrimPrefix(head, BOM)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	return bytes.TrimSuffix(head, []byte{'\r'})
}

// Delimiters counts the characters that may separate the fields of a CSV
// header line, outside double quotes.
type Delimiters struct{ Comma, Semicolon, Tab int }

// CountDelimiters counts the candidate delimiters on a header line.
func CountDelimiters(line []byte) Delimiters {
	var d Delimiters
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			d.Comma++
		case c == ';':
			d.Semicolon++
		case c == '\t':
			d.Tab++
		}
	}
	return d
}

// Likely is the delimiter the header most probably uses: the most frequent of
// comma, semicolon and tab, preferring them in that order on a tie; a comma
// when the line has none of them (a file of one column).
func (d Delimiters) Likely() rune {
	switch {
	case d.Semicolon > d.Comma && d.Semicolon >= d.Tab:
		return ';'
	case d.Tab > d.Comma && d.Tab > d.Semicolon:
		return '\t'
	}
	return ','
}

// None reports whether the line has no candidate delimiter at all.
func (d Delimiters) None() bool { return d.Comma+d.Semicolon+d.Tab == 0 }

// Of is the count of one delimiter.
func (d Delimiters) Of(r rune) int {
	switch r {
	case ';':
		return d.Semicolon
	case '\t':
		return d.Tab
	}
	return d.Comma
}

// OpenCSV is how every CSV reader starts, native and vendor: a file that is
// not text (a ZIP archive, UTF-16) is refused with a message saying what it
// is, a UTF-8 byte-order mark is dropped before the CSV reader sees the first
// byte (a mark before a quoted header would otherwise be a quoting error),
// the delimiter is the one the header line uses (the evidence loader refuses
// a semicolon- or tab-delimited file the manifest does not declare), and
// lines are capped at MaxRecord. The problem returned is at line 1, without
// a file.
func OpenCSV(r io.Reader) (*csv.Reader, *LineCap, error) {
	br := bufio.NewReaderSize(r, HeadSize)
	head, _ := br.Peek(HeadSize) // a short file, or an error that the reading meets again
	if msg := NotText(head); msg != "" {
		return nil, nil, &problem.Problem{Line: 1, Msg: msg}
	}
	if bytes.HasPrefix(head, BOM) {
		br.Discard(len(BOM))
	}
	lc := NewLineCap(br)
	cr := csv.NewReader(lc)
	cr.Comma = CountDelimiters(FirstLine(head)).Likely()
	return cr, lc, nil
}
