package jira

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/problem"
)

func read(t testing.TB, text string) ([]evidence.Item, error) {
	t.Helper()
	var items []evidence.Item
	err := New().Read(strings.NewReader(text), evidence.Tickets, func(it evidence.Item) bool {
		items = append(items, it)
		return true
	})
	return items, err
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func at(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

type located struct {
	Line   int
	Ticket evidence.Ticket
	Stage  string // as the built-in rules classify it
}

func split(items []evidence.Item) (recs []located, probs map[int]evidence.Item, notes []string) {
	probs = map[int]evidence.Item{}
	for _, it := range items {
		switch {
		case it.Note != "":
			notes = append(notes, it.Note)
		case it.Problem != "":
			probs[it.Line] = it
		case it.Skip != "":
		default:
			recs = append(recs, located{Line: it.Line, Ticket: it.Record.(evidence.Ticket)})
		}
	}
	return
}

func TestExport(t *testing.T) {
	t.Parallel()
	rules, probs := evidence.ParseRules("builtin", evidence.BuiltinRules())
	if probs != nil {
		t.Fatal(probs)
	}
	items, err := read(t, fixture(t, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, bad, notes := split(items)
	if len(bad) > 0 {
		t.Errorf("problems: %v", bad)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "exporting user's time zone") {
		t.Errorf("notes %q", notes)
	}
	tickets := make([]evidence.Ticket, len(recs))
	for i, r := range recs {
		tickets[i] = r.Ticket
	}
	evidence.Classify(tickets, rules)
	for i := range recs {
		recs[i].Stage = tickets[i].Stage
	}
	want := []located{
		{2, evidence.Ticket{ID: "ITSD-101", OpenedAt: at("2026-05-11T15:26:00Z"), ResolvedAt: at("2026-05-12T09:05:00Z"), Category: "Service request",
			Summary: "Lost my phone, cannot approve sign-in", CloseCode: "Done", Tags: []string{"Get IT help", "Identity", "mfa", "lost-phone"}, UserID: "ana.ruiz@example.com"}, "lost_device_recovery"},
		{4, evidence.Ticket{ID: "ITSD-102", OpenedAt: at("2026-06-03T09:12:00Z"), Category: "Incident",
			Summary: "Windows Hello option is greyed out", Tags: []string{"Report a problem", "Endpoint", "Identity", "device-readiness"}, UserID: "ben.okafor@example.com"}, "device_readiness"},
		{5, evidence.Ticket{ID: "ITSD-103", OpenedAt: at("2026-05-14T23:00:00Z"), ResolvedAt: at("2026-05-15T06:00:00Z"), Category: "Service request",
			Summary: "Switching phone next week, what do I do", CloseCode: "Done", Tags: []string{"Get IT help", "passkey-migration"}, UserID: "chen.li@example.com"}, "authenticator_migration"},
		{6, evidence.Ticket{ID: "ITSD-104", OpenedAt: at("2026-05-20T10:10:00Z"), ResolvedAt: at("2026-05-20T11:00:00Z"), Category: "Service request",
			Summary: "Need access to the finance share", CloseCode: "Done", Tags: []string{"Request access"}, UserID: "dara.moss@example.com"}, "unrelated"},
		{7, evidence.Ticket{ID: "ITSD-105", OpenedAt: at("2026-05-21T14:00:00Z"), Category: "Identity",
			Summary: "Which language is the sign-in page in", Tags: []string{"Get IT help"}, UserID: "eve.tan@example.com"}, "other_auth"},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records:\n got %+v\nwant %+v", recs, want)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	_, err := read(t, fixture(t, "missing-key.csv"))
	var e *problem.Problem
	if !errors.As(err, &e) || e.Line != 1 || !strings.Contains(e.Msg, `missing column "Issue key"`) {
		t.Errorf("missing key column: %v", err)
	}

	items, err := read(t, fixture(t, "bad-dates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, probs, _ := split(items)
	want := map[int]struct{ field, msg string }{
		2: {"Created", `"2026/05/11 15:26" is a date in an unknown format`},
		3: {"Resolved", `"11.05.26 15:40" is a date in an unknown format`},
		4: {"Created", `"05/11/26 3:26 PM" is a date in an unknown format`},
		5: {"Created", "empty creation date"},
		6: {"Issue key", "empty issue key"},
	}
	for line, w := range want {
		p, ok := probs[line]
		if !ok || p.Field != w.field || !strings.Contains(p.Problem, w.msg) {
			t.Errorf("line %d: %+v, want %s: %s", line, p, w.field, w.msg)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(probs), len(want), probs)
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"11/May/24 03:26 PM":            "2024-05-11T15:26:00Z",
		"11/may/24 3:26 pm":             "2024-05-11T15:26:00Z",
		"1/Dec/24 12:05 AM":             "2024-12-01T00:05:00Z",
		"09/Sept/25 10:00 AM":           "2025-09-09T10:00:00Z",
		"11/May/2024 03:26 PM":          "2024-05-11T15:26:00Z",
		"11/May/24 15:26":               "2024-05-11T15:26:00Z",
		"11/May/24":                     "2024-05-11T00:00:00Z",
		"2024-05-11 15:26":              "2024-05-11T15:26:00Z",
		"2024-05-11T15:26:00.000+0200":  "2024-05-11T13:26:00Z",
		"2024-05-11T15:26:00Z":          "2024-05-11T15:26:00Z",
		"2024-05-11T15:26:00.123-05:00": "2024-05-11T20:26:00.123Z",
		"05/11/24 3:26 PM":              "",
		"11 May 2024":                   "",
		"":                              "",
	}
	for in, want := range cases {
		got, ok := parseTime(in)
		if ok != (want != "") || ok && !got.Equal(at(want)) || ok && got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v %v, want %q", in, got, ok, want)
		}
	}
}

func TestWrongKind(t *testing.T) {
	t.Parallel()
	if err := New().Read(strings.NewReader(""), evidence.Devices, func(evidence.Item) bool { return true }); err == nil {
		t.Error("devices read from a Jira export")
	}
}

func FuzzJiraCSV(f *testing.F) {
	for _, name := range []string{"export.csv", "bad-dates.csv", "missing-key.csv"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		items, _ := read(t, text)
		for _, it := range items {
			if it.Problem != "" && it.Field == "" {
				t.Fatalf("problem without a field: %+v", it)
			}
			if r, ok := it.Record.(evidence.Ticket); ok {
				if r.ID == "" || r.OpenedAt.IsZero() || r.Stage != "" || r.OpenedAt.Location() != time.UTC {
					t.Fatalf("record fails the native checks: %+v", r)
				}
				seen := map[string]bool{}
				for _, tag := range r.Tags {
					if tag == "" || seen[strings.ToLower(tag)] {
						t.Fatalf("empty or repeated tag in %q", r.Tags)
					}
					seen[strings.ToLower(tag)] = true
				}
			}
		}
	})
}
