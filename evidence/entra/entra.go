// Package entra reads Microsoft Entra ID exports: sign-in logs (Graph beta or
// v1.0 JSON, Azure Monitor diagnostic-settings records, Log Analytics rows and
// the admin-centre CSV download) as auth_events, directory audit logs as
// account_events, and the userRegistrationDetails report as authenticators.
//
// The three shapes of the logs carry the same objects under different spellings
// (camelCase in Graph, PascalCase in Log Analytics, a {"time", "category",
// "properties": {...}} envelope from diagnostic settings, nested objects as
// JSON-encoded strings in Log Analytics); keys are matched without regard to
// case and encoded strings are decoded (see vendorio.Get). docs/adapters/entra.md
// describes the mapping, what it approximates and what it loses.
package entra

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// sniff reports whether an export is JSON: its first byte that is neither
// white space nor a byte-order mark is '[' or '{'. Anything else is read as CSV.
// The returned reader still holds every byte.
func sniff(r io.Reader) (*bufio.Reader, bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	for i := 0; i < 64<<10; i++ {
		b, _ := br.Peek(i + 1)
		if len(b) <= i {
			return br, true // empty or all blank: JSON reading treats it as empty
		}
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case i < 3 && (c == 0xEF || c == 0xBB || c == 0xBF):
		default:
			return br, c == '[' || c == '{'
		}
	}
	return br, true
}

// each calls fn for every record of a decoded JSON object: the object itself,
// or, when it is a batch, each member of its "records" array (Event Hub and
// storage-account archives of diagnostic settings) or "value" array (a Graph
// page that is not the first value of the file, as when pages are
// concatenated). Members are located as vendorio locates Graph page members:
// the batch's line plus one plus their index, exact when each member sits on
// a line of its own. A batch member that is not an object is a problem.
func each(o vendorio.Object, emit func(evidence.Item) bool, fn func(line int, m map[string]any) bool) bool {
	for _, key := range []string{"records", "value"} {
		arr, ok := o.Map[key].([]any)
		if !ok || len(o.Map) > 4 {
			continue
		}
		for i, v := range arr {
			m, ok := v.(map[string]any)
			if !ok {
				return emit(evidence.ProblemAt(o.Line+i+1, key, fmt.Sprintf("found a %s in %q; want one object per record", typeName(v), key)))
			}
			if !fn(o.Line+i+1, m) {
				return false
			}
		}
		return true
	}
	return fn(o.Line, o.Map)
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "number"
}

// envelope unwraps a diagnostic-settings record: the signIn or directoryAudit
// is under "properties", and "category" names the log. A record without
// "properties" (Graph, Log Analytics) is its own body; for Log Analytics rows
// the log is named by "Type" (SigninLogs, AuditLogs, ...).
func envelope(m map[string]any) (body map[string]any, category string) {
	switch p := vendorio.Get(m, "properties").(type) {
	case map[string]any:
		return p, vendorio.String(m, "category")
	case string:
		if obj, ok := decodeObject(p); ok {
			return obj, vendorio.String(m, "category")
		}
	}
	return m, vendorio.String(m, "Type")
}

// recordID is the id of a signIn or directoryAudit, inside its envelope if
// it has one: a record exported twice is counted once by it.
func recordID(m map[string]any) string {
	body, _ := envelope(m)
	return firstString(body, []string{"id"})
}

// decodeObject decodes a JSON-encoded object, keeping numbers as json.Number.
func decodeObject(s string) (map[string]any, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

// objects returns the objects of the list at path (a JSON-encoded string is
// decoded); members that are not objects are left out.
func objects(m map[string]any, path ...string) (list []map[string]any, present bool) {
	v := vendorio.Get(m, path...)
	if v == nil {
		return nil, false
	}
	for _, x := range vendorio.Array(m, path...) {
		switch x := x.(type) {
		case map[string]any:
			list = append(list, x)
		case string:
			if obj, ok := decodeObject(x); ok {
				list = append(list, obj)
			}
		}
	}
	return list, true
}

// firstString returns the first non-empty value among the paths.
func firstString(m map[string]any, paths ...[]string) string {
	for _, p := range paths {
		if s := strings.TrimSpace(vendorio.String(m, p...)); s != "" {
			return s
		}
	}
	return ""
}

// timeLayouts are the times Entra exports carry: RFC 3339 with up to seven
// fractional digits and an offset (Graph, diagnostic settings), or a zone-less
// date and time (the portal CSV's "Date (UTC)", Log Analytics exports), which
// is UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999 Z07:00",
	"1/2/2006, 3:04:05 PM",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 15:04:05",
}

// label keeps a vendor value quoted in a problem short and on one line.
// Skip labels are given whole: the evidence reader decides which of them
// may be shown (evidence.SourceStats), and a label cut short here could
// pass for a shorter one.
func label(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}

// notes emits each distinct note once per source.
type notes struct {
	emit func(evidence.Item) bool
	seen map[string]bool
}

func (n *notes) add(text string) bool {
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if n.seen[text] {
		return true
	}
	n.seen[text] = true
	return n.emit(evidence.Item{Note: text})
}
