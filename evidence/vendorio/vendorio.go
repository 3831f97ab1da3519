// Package vendorio holds the reading chores every vendor adapter shares: JSON
// exports that arrive as an array, a Graph {"value": [...]} page or one object per
// line, each object located by the line it starts on; keys whose case drifts
// between pipelines; nested objects stored as JSON-encoded strings; CSV
// exports whose headers repeat, carry stray spaces or change case; date-times
// in a vendor's layouts, booleans and OS versions as exports spell them; and
// the parallel, order-keeping reader of JSON Lines that the native format and
// OCSF share. Its problems are *problem.Problem values located by line; the
// evidence loader adds the file.
package vendorio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
)

// MaxRecord caps one line of a CSV or JSON Lines export, and one record of a
// JSON array that is read element by element.
const MaxRecord = 1 << 20

// Object is one decoded JSON object with the line it starts on.
type Object struct {
	Line int
	Map  map[string]any
}

// JSONRecords reads a JSON array of objects, a {"value": [...]} page (Microsoft
// Graph), a single object, or JSON Lines (one object per line), and calls emit for
// every object in order. Numbers are kept as json.Number. Reading stops when emit
// returns false.
func JSONRecords(r io.Reader, emit func(Object) bool) error {
	lt := &lineTracker{r: r, line: 1}
	br := bufio.NewReaderSize(lt, 64<<10)
	first, err := peekNonSpace(br)
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	if first == '[' || first == '{' {
		// Either one document (array, page, object) or JSON Lines of objects:
		// decide by decoding the first value and looking at what follows.
		return jsonDocument(br, lt, first, emit)
	}
	return &problem.Problem{Line: 1, Msg: fmt.Sprintf("want a JSON array, a JSON object or JSON Lines, found %q", first)}
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
			continue
		case 0xEF: // a UTF-8 byte-order mark
			if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
				br.Discard(3)
				continue
			}
		}
		return b[0], nil
	}
}

func jsonDocument(br *bufio.Reader, lt *lineTracker, first byte, emit func(Object) bool) error {
	dec := json.NewDecoder(br)
	dec.UseNumber()
	// offsets are relative to what the decoder consumed; base maps them to the
	// input (bytes already consumed by peekNonSpace).
	base := lt.consumed - int64(br.Buffered())
	lineAt := func(off int64) int { return lt.lineAt(base + off) }
	// located places an error: syntax errors where the decoder stopped, an
	// input that ends too soon at its last line.
	located := func(err error, start int) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return locate(err, lineAt(se.Offset), start)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			io.Copy(io.Discard, br)
			return locate(err, lt.lineAt(max(lt.consumed-1, 0)), start)
		}
		return locate(err, lineAt(dec.InputOffset()), start)
	}
	if first == '[' {
		dec.Token() // [
		for dec.More() {
			line := lineAt(nextValue(dec))
			var m map[string]any
			if err := dec.Decode(&m); err != nil {
				return located(err, line)
			}
			if m == nil {
				return &problem.Problem{Line: line, Msg: "want a JSON object in the array, found null"}
			}
			if !emit(Object{Line: line, Map: m}) {
				return nil
			}
		}
		if _, err := dec.Token(); err != nil {
			return located(err, 0)
		}
		return trailing(dec, lineAt)
	}
	// Objects: Graph pages (one after another, as paging scripts save them),
	// a single record, or JSON Lines.
	for {
		line := lineAt(nextValue(dec))
		var m map[string]any
		err := dec.Decode(&m)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return located(err, line)
		}
		if m == nil {
			return &problem.Problem{Line: line, Msg: "want a JSON object, found null"}
		}
		if page, ok := m["value"].([]any); ok && len(m) <= 4 {
			more, err := graphPage(page, line, emit)
			if err != nil || !more {
				return err
			}
			continue
		}
		if !emit(Object{Line: line, Map: m}) {
			return nil
		}
	}
}

// graphPage emits the objects of a {"value": [...]} page; more is false when
// emit asked to stop. Their lines are not tracked one by one (the page was
// decoded whole); each gets the page's line plus its index, which is exact for
// the one-object-per-line pages Graph tools write and close enough otherwise.
func graphPage(page []any, line int, emit func(Object) bool) (more bool, err error) {
	for i, v := range page {
		m, ok := v.(map[string]any)
		if !ok {
			return false, &problem.Problem{Line: line + i + 1, Msg: fmt.Sprintf("want a JSON object in \"value\", found %s", jsonType(v))}
		}
		if !emit(Object{Line: line + i + 1, Map: m}) {
			return false, nil
		}
	}
	return true, nil
}

func trailing(dec *json.Decoder, lineAt func(int64) int) error {
	if _, err := dec.Token(); err != io.EOF {
		return &problem.Problem{Line: lineAt(dec.InputOffset()), Msg: "unexpected data after the JSON document; want one document, or one object per line"}
	}
	return nil
}

// nextValue returns the offset where the decoder's next value starts, skipping
// the white space and comma before it.
func nextValue(dec *json.Decoder) int64 {
	off := dec.InputOffset()
	buf, _ := io.ReadAll(io.LimitReader(dec.Buffered(), 4096))
	for _, c := range buf {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ',' {
			break
		}
		off++
	}
	return off
}

func locate(err error, at, start int) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &problem.Problem{Line: at, Msg: "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	case errors.As(err, &te):
		return &problem.Problem{Line: start, Msg: fmt.Sprintf("want a JSON object, found %s", te.Value)}
	case err == io.ErrUnexpectedEOF, err == io.EOF:
		// The decoder's own, where more input was due; a wrapped one (a
		// damaged gzip stream) passes through as itself.
		return &problem.Problem{Line: at, Msg: "the JSON ends before it is complete (a truncated export?); want a complete document"}
	}
	var e *problem.Problem
	if errors.As(err, &e) {
		return e
	}
	return err
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// lineTracker counts lines as bytes pass, remembering newline offsets until
// they are asked about, so lineAt works for any offset the decoder has reached.
type lineTracker struct {
	r        io.Reader
	consumed int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet folded into line
	line     int     // line number at the oldest unfolded offset
}

// API responses arrive as one compact line of many megabytes, so JSON input
// has no line limit: each record is decoded as it comes and only one is held
// at a time.

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			t.newlines = append(t.newlines, t.consumed+int64(i))
		}
	}
	t.consumed += int64(n)
	return n, err
}

// lineAt returns the 1-based line of the byte at offset; offsets must not
// decrease between calls.
func (t *lineTracker) lineAt(offset int64) int {
	i := 0
	for i < len(t.newlines) && t.newlines[i] < offset {
		i++
	}
	t.line += i
	t.newlines = t.newlines[i:]
	return t.line
}

// Get looks a value up by a path of keys, matching each key without regard to
// case, and decoding a JSON-encoded string on the way down when it holds an
// object or array (Log Analytics stores nested objects that way).
func Get(m map[string]any, path ...string) any {
	var cur any = m
	for _, key := range path {
		obj, ok := asObject(cur)
		if !ok {
			return nil
		}
		v, found := obj[key]
		if !found {
			// Keys differing only in case are rare but possible: take the
			// smallest, so the choice never depends on map order.
			best := ""
			for k, x := range obj {
				if strings.EqualFold(k, key) && (!found || k < best) {
					v, found, best = x, true, k
				}
			}
		}
		if !found {
			return nil
		}
		cur = v
	}
	return cur
}

// asObject returns v as an object, decoding it when it is a JSON-encoded string.
func asObject(v any) (map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return v, true
	case string:
		if s := strings.TrimSpace(v); strings.HasPrefix(s, "{") {
			var m map[string]any
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			if dec.Decode(&m) == nil {
				return m, true
			}
		}
	}
	return nil, false
}

// Array returns the value at path as a list, decoding a JSON-encoded string.
func Array(m map[string]any, path ...string) []any {
	switch v := Get(m, path...).(type) {
	case []any:
		return v
	case string:
		if s := strings.TrimSpace(v); strings.HasPrefix(s, "[") {
			var a []any
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			if dec.Decode(&a) == nil {
				return a
			}
		}
	}
	return nil
}

// String returns the value at path as text: strings as they are, numbers and
// booleans in their JSON spelling, anything else as "".
func String(m map[string]any, path ...string) string {
	switch v := Get(m, path...).(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

// Bool returns the value at path as a boolean; ok is false when it is absent or
// not a boolean (absent is not the same as false).
func Bool(m map[string]any, path ...string) (value, ok bool) {
	switch v := Get(m, path...).(type) {
	case bool:
		return v, true
	case string:
		return ParseBool(v)
	}
	return false, false
}

// ParseBool reads a boolean as exports write it: true or false, yes or no, 1
// or 0, in any case; ok is false for anything else.
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0":
		return false, true
	}
	return false, false
}
