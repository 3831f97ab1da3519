package vendorio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
)

// maxDocument caps a JSON export, which is read whole.
const maxDocument = 256 << 20

// DocumentRecords reads a JSON export whole (up to 256 MiB), for APIs whose
// pages hold their records under a key of their own (Jamf's "results",
// ServiceNow's "result"): an array of records, records one per line, a
// single record, or a page object that holds its records in an array (or one
// record as an object) under one of pageKeys, matched without regard to case,
// alone or one page per line. It calls emit with every record and the line the
// record starts on, until emit returns false. JSONRecords streams instead and
// knows only Graph's "value" pages.
func DocumentRecords(r io.Reader, pageKeys []string, emit func(line int, m map[string]any) bool) error {
	data, err := io.ReadAll(io.LimitReader(r, maxDocument+1))
	if err != nil {
		return err
	}
	if len(data) > maxDocument {
		return &problem.Problem{Msg: fmt.Sprintf("the export is larger than %d MiB; want it split into several sources", maxDocument>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	d := &doc{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: NewLineIndex(data)}
	d.dec.UseNumber()
	for {
		start := d.skip(int(d.dec.InputOffset()), " \t\r\n")
		if start == len(data) {
			return nil
		}
		var more bool
		switch data[start] {
		case '[':
			more, err = d.array(emit)
		case '{':
			more, err = d.object(start, pageKeys, emit)
		default:
			return &problem.Problem{Line: d.lineAt(start), Msg: fmt.Sprintf("want a JSON array, a JSON object or JSON Lines, found %q", data[start])}
		}
		if err != nil || !more {
			return err
		}
	}
}

type doc struct {
	data  []byte
	dec   *json.Decoder
	lines *LineIndex
}

// skip returns the offset of the first byte at or after off that is not in set.
func (d *doc) skip(off int, set string) int {
	for off < len(d.data) && strings.IndexByte(set, d.data[off]) >= 0 {
		off++
	}
	return off
}

// lineAt returns the 1-based line of the byte at off.
func (d *doc) lineAt(off int) int { return d.lines.Line(off) }

// LineIndex finds the line of a byte offset in a document held whole. Asking
// in increasing order costs only the bytes between two offsets; an earlier
// offset counts again from the top.
type LineIndex struct {
	data []byte
	off  int // the last offset asked about
	line int // and its line
}

// NewLineIndex indexes data.
func NewLineIndex(data []byte) *LineIndex { return &LineIndex{data: data, line: 1} }

// Line returns the 1-based line of the byte at off, clamped to the document.
func (x *LineIndex) Line(off int) int {
	off = min(max(off, 0), len(x.data))
	if off < x.off {
		x.off, x.line = 0, 1
	}
	x.line += bytes.Count(x.data[x.off:off], []byte{'\n'})
	x.off = off
	return x.line
}

// array reads an array of records whose '[' is next.
func (d *doc) array(emit func(int, map[string]any) bool) (bool, error) {
	if _, err := d.dec.Token(); err != nil {
		return false, d.fail(err, 0)
	}
	for d.dec.More() {
		at := d.skip(int(d.dec.InputOffset()), " \t\r\n,")
		var m map[string]any
		if err := d.dec.Decode(&m); err != nil {
			return false, d.fail(err, at)
		}
		if m == nil {
			return false, &problem.Problem{Line: d.lineAt(at), Msg: "want a JSON object in the array, found null"}
		}
		if !emit(d.lineAt(at), m) {
			return false, nil
		}
	}
	if _, err := d.dec.Token(); err != nil {
		return false, d.fail(err, 0)
	}
	return true, nil
}

// object reads an object whose '{' is next: a page when it holds an array under
// a page key, otherwise a record.
func (d *doc) object(start int, pageKeys []string, emit func(int, map[string]any) bool) (bool, error) {
	if _, err := d.dec.Token(); err != nil {
		return false, d.fail(err, 0)
	}
	m := map[string]any{}
	page := false
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return false, d.fail(err, 0)
		}
		key, _ := tok.(string)
		value := d.skip(int(d.dec.InputOffset()), " \t\r\n:")
		if value < len(d.data) && d.data[value] == '[' && isPageKey(key, pageKeys) {
			page = true
			more, err := d.array(emit)
			if err != nil || !more {
				return false, err
			}
			continue
		}
		var v any
		if err := d.dec.Decode(&v); err != nil {
			return false, d.fail(err, value)
		}
		if one, ok := v.(map[string]any); ok && isPageKey(key, pageKeys) {
			// A page of one ({"result": {...}} from a GET by id).
			page = true
			if !emit(d.lineAt(value), one) {
				return false, nil
			}
			continue
		}
		m[key] = v
	}
	if _, err := d.dec.Token(); err != nil {
		return false, d.fail(err, 0)
	}
	if page {
		return true, nil
	}
	return emit(d.lineAt(start), m), nil
}

func isPageKey(key string, keys []string) bool {
	for _, k := range keys {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	return false
}

// fail locates a decoding error; at is where the value being decoded starts.
func (d *doc) fail(err error, at int) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &problem.Problem{Line: d.lineAt(int(se.Offset)), Msg: "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	case errors.As(err, &te):
		return &problem.Problem{Line: d.lineAt(at), Msg: fmt.Sprintf("want a JSON object, found %s", te.Value)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &problem.Problem{Line: d.lineAt(len(d.data)), Msg: "the JSON ends before it is complete (a truncated export?); want a complete document"}
	}
	return &problem.Problem{Line: d.lineAt(at), Msg: "invalid JSON: " + err.Error()}
}
