// Package jira reads a Jira Service Management CSV export ("jira-csv", Filters >
// Export > CSV) as the tickets kind. The export repeats a header once per value
// of a multi-value field (Labels, Component/s), names custom fields
// "Custom field (<name>)", and writes dates in the exporting user's format,
// commonly dd/MMM/yy h:mm a ("11/May/24 03:26 PM").
//
// Tickets leave their stage empty so the classification rules decide it from
// the request type, components and labels (tags), the resolution (close code),
// the category and the summary. See docs/adapters/tickets.md.
package jira

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// Format is the manifest's format value.
const Format = "jira-csv"

// New returns the jira-csv adapter.
func New() evidence.Adapter {
	return evidence.Adapter{Format: Format, Kinds: []evidence.Kind{evidence.Tickets}, Note: note, Decode: decodeCSV}
}

var (
	colKey         = []string{"Issue key", "Key"}
	colCreated     = []string{"Created"}
	colResolved    = []string{"Resolved"}
	colSummary     = []string{"Summary"}
	colCategory    = []string{"Custom field (Category)"}
	colIssueType   = []string{"Issue Type"}
	colSubcategory = []string{"Custom field (Subcategory)"}
	colResolution  = []string{"Resolution"}
	colReporter    = []string{"Reporter (Email)", "Reporter email", "Reporter", "Reporter Id"}
	// Tags, in this order: request type, components, labels.
	colTags = []string{
		"Custom field (Request Type)", "Customer Request Type", "Custom field (Customer Request Type)", "Request Type",
		"Component/s", "Components",
		"Labels",
	}
)

const note = "Jira Service Management CSV: dates are in the exporting user's time zone and are read as UTC, so opening " +
	"and resolution times may be off by that user's UTC offset (durations such as recovery.median_hours are not affected; " +
	"tickets near a period's edge may fall on the other side); the category is \"Custom field (Category)\" when the export " +
	"has it, otherwise the issue type; tags are the request type, components and labels; the close code is the resolution; " +
	"the caller is the reporter's e-mail when exported, otherwise the reporter as shown (a name or an account id), joined " +
	"to the population through identities.csv"

func decodeCSV(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	check := vendorio.RequireColumns(colKey, colCreated)
	return vendorio.CSVRows(r, check, func(row *vendorio.Row) bool { return emit(mapRow(row)) })
}

func mapRow(row *vendorio.Row) evidence.Item {
	t := evidence.Ticket{
		ID:          row.Get(colKey...),
		Summary:     row.Get(colSummary...),
		Category:    row.Get(colCategory...),
		Subcategory: row.Get(colSubcategory...),
		CloseCode:   row.Get(colResolution...),
		UserID:      row.Get(colReporter...),
		Tags:        tags(row.All(colTags...)),
	}
	if t.Category == "" {
		t.Category = strings.TrimSpace(strings.TrimPrefix(row.Get(colIssueType...), "[System]"))
	}
	if t.ID == "" {
		return evidence.ProblemAt(row.Line, row.Column(colKey...), "empty issue key; want the issue key, e.g. ITSD-4821")
	}
	raw := row.Get(colCreated...)
	if raw == "" {
		return evidence.ProblemAt(row.Line, row.Column(colCreated...), "empty creation date; want the date the request was created")
	}
	var ok bool
	if t.OpenedAt, ok = parseTime(raw); !ok {
		return evidence.ProblemAt(row.Line, row.Column(colCreated...), badTime(raw))
	}
	if raw = row.Get(colResolved...); raw != "" {
		if t.ResolvedAt, ok = parseTime(raw); !ok {
			return evidence.ProblemAt(row.Line, row.Column(colResolved...), badTime(raw))
		}
	}
	return evidence.Item{Line: row.Line, Record: t}
}

// tags drops repeated values, keeping the first spelling.
func tags(values []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		k := strings.ToLower(v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

func badTime(raw string) string {
	return fmt.Sprintf("%q is a date in an unknown format; want dd/MMM/yy h:mm a (11/May/24 03:26 PM), yyyy-MM-dd HH:mm or ISO 8601", raw)
}

// timeLayouts are Jira's default date-time format and its common variants.
// Numeric day/month orders other than ISO are ambiguous and not accepted.
var timeLayouts = []string{
	"2/Jan/06 3:04 PM",
	"2/Jan/2006 3:04 PM",
	"2/Jan/06 15:04",
	"2/Jan/2006 15:04",
	"2/Jan/06",
	"2/Jan/2006",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseTime reads a Jira date; one without a zone is taken as UTC. Month names
// and AM/PM are matched without regard to case.
func parseTime(s string) (time.Time, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	s = strings.Replace(s, "/SEPT/", "/SEP/", 1) // newer Java en-GB spelling
	return vendorio.ParseTime(s, timeLayouts)
}
