// Package servicenow reads ServiceNow incident exports as the tickets kind:
//
//   - "servicenow-csv": a list export. By default its header holds field names
//     (number, opened_at, short_description, close_code, caller_id) and its cells
//     display values; exported with column labels (the Excel style) the header
//     reads "Number", "Opened", "Short description", "Resolution code", "Caller".
//     Both are accepted.
//   - "servicenow-json": the Table API response ({"result": [...]}), plain or with
//     sysparm_display_value=all ({"display_value", "value"} objects), the JSONv2
//     export ({"records": [...]}), a JSON array or one incident per line.
//
// Tickets leave their stage empty so the classification rules decide it from
// category, subcategory, close code and short description. See
// docs/adapters/tickets.md for the mapping and what it approximates.
package servicenow

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// The manifest's format values.
const (
	FormatCSV  = "servicenow-csv"
	FormatJSON = "servicenow-json"
)

// NewCSV returns the servicenow-csv adapter.
func NewCSV() evidence.Adapter {
	return evidence.Adapter{Format: FormatCSV, Kinds: []evidence.Kind{evidence.Tickets}, Note: csvNote, Decode: readCSV}
}

// NewJSON returns the servicenow-json adapter.
func NewJSON() evidence.Adapter {
	return evidence.Adapter{Format: FormatJSON, Kinds: []evidence.Kind{evidence.Tickets}, Note: jsonNote, Decode: readJSON}
}

// CSV columns: field name first, then the label.
var (
	colNumber      = []string{"number"}
	colOpened      = []string{"opened_at", "Opened", "sys_created_on", "Created"}
	colResolved    = []string{"resolved_at", "Resolved"}
	colClosed      = []string{"closed_at", "Closed"}
	colCategory    = []string{"category"}
	colSubcategory = []string{"subcategory"}
	colSummary     = []string{"short_description", "Short description"}
	colCloseCode   = []string{"close_code", "Resolution code", "Close code"}
	colCaller      = []string{"caller_id.email", "Caller.Email", "caller_id.user_name", "Caller.User ID", "caller_id", "Caller"}
)

const csvNote = "ServiceNow incident CSV: date-times are display values in the exporting user's time zone and are read as UTC, " +
	"so opening and resolution times may be off by that user's UTC offset (durations such as recovery.median_hours are not " +
	"affected; tickets near a period's edge may fall on the other side); an incident without a resolution time takes its " +
	"closing time; the caller is the caller's display value (a name, unless a caller_id.email or caller_id.user_name column " +
	"is exported), joined to the population through identities.csv"

const jsonNote = "ServiceNow incident JSON: date-times are taken from raw values, which are UTC; an export made with " +
	"sysparm_display_value=true carries display values in the exporting user's time zone, read as UTC; category, " +
	"subcategory and close code use display values where the export gives both, as the CSV export does; an incident " +
	"without a resolution time takes its closing time; the caller is caller_id.email, caller_id.user_name, the caller's " +
	"display value or its sys_id, the first present, joined to the population through identities.csv"

func readCSV(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	check := vendorio.RequireColumns(colNumber, colOpened)
	return vendorio.CSVRows(r, check, func(row *vendorio.Row) bool { return emit(mapCSV(row)) })
}

func mapCSV(row *vendorio.Row) evidence.Item {
	t := evidence.Ticket{
		ID:          row.Get(colNumber...),
		Category:    row.Get(colCategory...),
		Subcategory: row.Get(colSubcategory...),
		Summary:     row.Get(colSummary...),
		CloseCode:   row.Get(colCloseCode...),
		UserID:      row.Get(colCaller...),
	}
	if t.ID == "" {
		return evidence.ProblemAt(row.Line, row.Column(colNumber...), "empty number; want the incident number")
	}
	var closed time.Time
	for _, x := range []struct {
		cols []string
		dst  *time.Time
	}{{colOpened, &t.OpenedAt}, {colResolved, &t.ResolvedAt}, {colClosed, &closed}} {
		raw := row.Get(x.cols...)
		if raw == "" {
			continue
		}
		v, ok := vendorio.ParseTime(raw, timeLayouts)
		if !ok {
			return evidence.ProblemAt(row.Line, row.Column(x.cols...), badTime(raw))
		}
		*x.dst = v
	}
	if t.OpenedAt.IsZero() {
		return evidence.ProblemAt(row.Line, row.Column(colOpened...), "empty opening time; want the date-time the incident was opened")
	}
	if t.ResolvedAt.IsZero() {
		t.ResolvedAt = closed
	}
	return evidence.Item{Line: row.Line, Record: t}
}

func readJSON(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	return vendorio.DocumentRecords(r, []string{"result", "records"}, func(line int, m map[string]any) bool {
		return emit(mapJSON(line, m))
	})
}

// field returns a field's value: a plain value as it is; of a {"display_value",
// "value"} object the display value when display is set (and it has one),
// otherwise the raw value.
func field(m map[string]any, name string, display bool) string {
	switch v := vendorio.Get(m, name).(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case map[string]any:
		dv := strings.TrimSpace(vendorio.String(v, "display_value"))
		raw := strings.TrimSpace(vendorio.String(v, "value"))
		if display && dv != "" || raw == "" {
			return dv
		}
		return raw
	}
	return ""
}

func mapJSON(line int, m map[string]any) evidence.Item {
	t := evidence.Ticket{
		ID:          field(m, "number", true),
		Category:    field(m, "category", true),
		Subcategory: field(m, "subcategory", true),
		Summary:     field(m, "short_description", true),
		CloseCode:   field(m, "close_code", true),
	}
	if t.ID == "" {
		t.ID = field(m, "sys_id", false)
	}
	if t.ID == "" {
		return evidence.ProblemAt(line, "number", "no number; want the incident number")
	}
	for _, name := range []string{"caller_id.email", "caller_id.user_name", "caller_id"} {
		if t.UserID = field(m, name, true); t.UserID != "" {
			break
		}
	}
	var closed time.Time
	for _, x := range []struct {
		names []string
		dst   *time.Time
	}{{[]string{"opened_at", "sys_created_on"}, &t.OpenedAt}, {[]string{"resolved_at"}, &t.ResolvedAt}, {[]string{"closed_at"}, &closed}} {
		for _, name := range x.names {
			raw := field(m, name, false)
			if raw == "" {
				continue
			}
			v, ok := vendorio.ParseTime(raw, timeLayouts)
			if !ok {
				return evidence.ProblemAt(line, name, badTime(raw))
			}
			*x.dst = v
			break
		}
	}
	if t.OpenedAt.IsZero() {
		return evidence.ProblemAt(line, "opened_at", "no opening time; want opened_at")
	}
	if t.ResolvedAt.IsZero() {
		t.ResolvedAt = closed
	}
	return evidence.Item{Line: line, Record: t}
}

func badTime(raw string) string {
	return fmt.Sprintf("%q is a date in an unknown format; want yyyy-MM-dd HH:mm:ss (ServiceNow's system format; export as a user with that date format) or ISO 8601", raw)
}

// timeLayouts are ServiceNow's date-times; one without a zone is taken as UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"}
