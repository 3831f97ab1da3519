// Package ocsf reads OCSF 1.x events, as a SIEM or a security data lake
// exports them, into native evidence: Authentication (class 3002) into
// auth_events, Account Change (3001) and User Management (3007) into
// account_events, and Device Inventory Info (5001) into devices.
//
// One export usually holds several classes, so the manifest may name the same
// file once per kind: each reading keeps the classes of its kind and counts the
// other supported classes as skipped. A record of any other class is an error,
// as it says the export is not what the manifest claims.
//
// The mapping, what it approximates and what it loses are in
// docs/adapters/ocsf.md.
package ocsf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// The OCSF classes the adapter maps.
const (
	classAccountChange   = 3001
	classAuthentication  = 3002
	classUserManagement  = 3007
	classDeviceInventory = 5001
)

// New returns the OCSF adapter.
func New() evidence.Adapter {
	return evidence.Adapter{Format: "ocsf", Kinds: []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents, evidence.Devices}, Decode: decodeEvents}
}

// decodeEvents accepts JSON Lines (one event per line, the usual SIEM export) and, for
// small hand-made files, a JSON array of events or pretty-printed events.
func decodeEvents(r io.Reader, k evidence.Kind, emit func(evidence.Item) bool) error {
	if k == evidence.AccountEvents {
		// OCSF has no recovery activity: its recovery metrics must stay unknown.
		for _, fact := range []string{evidence.LacksRecoveryStarted, evidence.LacksRecoveryCompleted} {
			if !emit(evidence.Item{Lacks: fact, Why: whyNoRecovery}) {
				return nil
			}
		}
	}
	m := &mapper{kind: k, emit: emit}
	br := bufio.NewReaderSize(r, bufSize)
	lines, err := jsonLines(br)
	if err != nil {
		return err
	}
	if lines {
		err = m.readLines(br)
	} else {
		err = vendorio.JSONRecords(br, m.object)
	}
	if err != nil || m.stopped {
		return err
	}
	m.notes()
	return nil
}

// whyNoRecovery is what OCSF account events cannot show, and how to supply it.
const whyNoRecovery = "OCSF has no recovery activity (Account Change and User Management carry password and MFA factor changes only), " +
	"so recoveries started and completed cannot be counted from this export; add an account_events source that records them, " +
	"such as the IdP's own log (okta-systemlog) or native account events from the service desk"

// bufSize holds the longest line allowed and its newline.
const bufSize = vendorio.MaxRecord + 1

var bom = []byte{0xEF, 0xBB, 0xBF}

// jsonLines reports whether the input is JSON Lines: its first line holds a
// complete JSON object. Otherwise it is a JSON document (an array, or events
// spread over several lines each), read by vendorio.
func jsonLines(br *bufio.Reader) (bool, error) {
	buf, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return false, err
	}
	buf = bytes.TrimLeft(bytes.TrimPrefix(buf, bom), " \t\r\n")
	if len(buf) == 0 {
		return true, nil
	}
	if buf[0] != '{' {
		return false, nil
	}
	if end := bytes.IndexByte(buf, '\n'); end >= 0 {
		buf = buf[:end]
	}
	return json.Valid(buf), nil
}

// readLines maps JSON Lines on every core through vendorio.Lines: each worker
// maps with a mapper of its own, and their counts are summed once every line
// has been read.
func (m *mapper) readLines(r io.Reader) error {
	type worker struct {
		m   mapper
		out []evidence.Item
	}
	var workers []*worker
	newWorker := func() *worker {
		w := &worker{}
		w.m = mapper{kind: m.kind, emit: func(it evidence.Item) bool {
			w.out = append(w.out, it)
			return true
		}}
		workers = append(workers, w)
		return w
	}
	decode := func(w *worker, n int, text []byte, out []evidence.Item) []evidence.Item {
		if n == 1 {
			text = bytes.TrimPrefix(text, bom)
		}
		if text = bytes.TrimSpace(text); len(text) == 0 {
			return out
		}
		w.out = out
		w.m.line(n, text)
		return w.out
	}
	const tooLong = "line is longer than 1 MiB; want one OCSF event of at most 1 MiB per line"
	if err := vendorio.Lines(r, tooLong, newWorker, decode, m.put); err != nil || m.stopped {
		return err
	}
	for _, w := range workers {
		m.n.add(&w.m.n)
	}
	return nil
}

// line decodes and maps one line of JSON Lines.
func (m *mapper) line(n int, b []byte) bool {
	m.rec = record{}
	if err := json.Unmarshal(b, &m.rec); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			return m.problem(n, "", syntaxMessage(err))
		}
		// A JSON-encoded object where an object belongs, or a value of the
		// wrong type: decode generically, expand, and try again.
		var v any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return m.problem(n, "", typeMessage(te))
		}
		if _, ok := v.(map[string]any); !ok {
			return m.problem(n, "", fmt.Sprintf("want a JSON object on each line, found %s", te.Value))
		}
		if field, msg := m.decodeValue(v); msg != "" {
			return m.problem(n, field, msg)
		}
	}
	return m.record(n, &m.rec)
}

// object maps one event of a JSON document.
func (m *mapper) object(o vendorio.Object) bool {
	if field, msg := m.decodeValue(o.Map); msg != "" {
		return m.problem(o.Line, field, msg)
	}
	return m.record(o.Line, &m.rec)
}

// decodeValue decodes a generically decoded event into m.rec, expanding
// JSON-encoded objects first.
func (m *mapper) decodeValue(v any) (field, msg string) {
	b, err := json.Marshal(expand(v))
	if err != nil {
		return "", err.Error()
	}
	m.rec = record{}
	if err := json.Unmarshal(b, &m.rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return te.Field, typeMessage(te)
		}
		return "", syntaxMessage(err)
	}
	return "", ""
}

func syntaxMessage(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Error(), "unexpected end of JSON input") {
			return "the line ends before its JSON object does (a truncated export?); want one complete OCSF event per line"
		}
		return fmt.Sprintf("invalid JSON at byte %d of the line: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	return "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

func typeMessage(te *json.UnmarshalTypeError) string {
	want := "a different type"
	if te.Type != nil {
		switch te.Type.Kind() {
		case reflect.Struct, reflect.Pointer, reflect.Map:
			want = "an object"
		case reflect.Slice, reflect.Array:
			want = "an array"
		}
	}
	if te.Field == "" {
		return fmt.Sprintf("want a JSON object, found %s", te.Value)
	}
	return fmt.Sprintf("%s is %s; want %s", te.Field, article(te.Value), want)
}

func article(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	case "string", "number", "bool":
		return "a " + v
	}
	return v
}

// mapper turns decoded events of one kind into items.
type mapper struct {
	kind    evidence.Kind
	emit    func(evidence.Item) bool
	stopped bool
	rec     record
	n       counts
}

func (m *mapper) put(it evidence.Item) bool {
	if !m.emit(it) {
		m.stopped = true
		return false
	}
	return true
}

func (m *mapper) problem(line int, field, msg string) bool {
	return m.put(evidence.ProblemAt(line, field, msg))
}

// skip skips an event out of scope for the kind, with its id, so that a
// repeated event is not skipped twice.
func (m *mapper) skip(line int, label string, rec *record) bool {
	return m.put(evidence.Item{Line: line, Skip: label, ID: eventID(rec)})
}

// eventID is an event's id: metadata.uid (the Okta uuid in the community
// mapping), else metadata.original_event_uid; "" when it has neither.
func eventID(rec *record) string {
	if rec.Metadata == nil {
		return ""
	}
	return firstOf(rec.Metadata.UID, rec.Metadata.OriginalEventUID)
}

const wantClass = "want an OCSF Authentication (3002), Account Change (3001), User Management (3007) or Device Inventory Info (5001) event"

// record maps one event: a record of the kind being read, a skip for another
// supported class, or a problem for an event of any other class.
func (m *mapper) record(line int, rec *record) bool {
	cls, ok := rec.ClassUID.integer()
	switch {
	case !rec.ClassUID.present():
		return m.problem(line, "class_uid", "no class_uid; "+wantClass)
	case !ok:
		return m.problem(line, "class_uid", fmt.Sprintf("class_uid %q is not a class number; %s", rec.ClassUID.str(), wantClass))
	}
	switch cls {
	case classAuthentication:
		if m.kind == evidence.AuthEvents {
			return m.auth(line, rec)
		}
	case classAccountChange, classUserManagement:
		if m.kind == evidence.AccountEvents {
			return m.account(line, rec, cls)
		}
	case classDeviceInventory:
		if m.kind == evidence.Devices {
			return m.device(line, rec)
		}
	default:
		return m.problem(line, "class_uid", fmt.Sprintf("class_uid %d is not one of 3001, 3002, 3007, 5001; %s", cls, wantClass))
	}
	return m.put(evidence.Item{Line: line, Skip: fmt.Sprintf("class %d", cls), ID: eventID(rec), NotOfKind: true})
}
