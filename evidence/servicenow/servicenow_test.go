package servicenow

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

func read(t testing.TB, a evidence.Adapter, text string) ([]evidence.Item, error) {
	t.Helper()
	var items []evidence.Item
	err := a.Read(strings.NewReader(text), evidence.Tickets, func(it evidence.Item) bool {
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

func tk(id, opened, resolved, cat, sub, summary, code, user string) evidence.Ticket {
	return evidence.Ticket{ID: id, OpenedAt: at(opened), ResolvedAt: at(resolved), Category: cat, Subcategory: sub,
		Summary: summary, CloseCode: code, UserID: user}
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	rules, probs := evidence.ParseRules("builtin", evidence.BuiltinRules())
	if probs != nil {
		t.Fatal(probs)
	}
	cases := []struct {
		adapter evidence.Adapter
		file    string
		want    []located
		note    string
	}{
		{NewCSV(), "fieldnames.csv", []located{
			{2, tk("INC0020001", "2026-05-04T08:12:00Z", "2026-05-04T09:40:00Z", "Inquiry / Help", "Access", "Phone stolen on the train, cannot approve sign-in", "Solution provided", "Maya Fischer"), "lost_device_recovery"},
			{3, tk("INC0020002", "2026-05-05T13:30:00Z", "", "Hardware", "Device compatibility", "Laptop will not offer Windows Hello, TPM shows as not ready", "", "Theo Brandt"), "device_readiness"},
			{4, tk("INC0020003", "2026-05-06T07:55:00Z", "2026-05-06T10:00:00Z", "Account", "", "Cannot sign in after holiday", "Password reset", "Maya Fischer"), "password_reset"},
			{6, tk("INC0020004", "2026-05-06T09:00:00Z", "2026-05-06T09:20:00Z", "Software", "Printing", "Printer on floor 3 offline", "Solution provided", "Ravi Menon"), "unrelated"},
			{7, tk("INC0020005", "2026-05-07T11:11:00Z", "2026-05-07T12:00:00Z", "Identity", "Registration", "Set up passkey fails with an error", "Workaround provided", "Ravi Menon"), "enrolment"},
		}, "display values in the exporting user's time zone"},
		{NewCSV(), "labels.csv", []located{
			{2, tk("INC0030001", "2026-05-11T08:00:00Z", "2026-05-11T08:45:00Z", "Inquiry / Help", "Lost or stolen device", "Left security key in a taxi", "Solution provided", "Lena Vogt"), "lost_device_recovery"},
			{3, tk("INC0030002", "2026-05-12T14:20:00Z", "", "Identity", "Session", "Signed out of every app twice a day", "", "Omar Said"), "reauthentication"},
			{4, tk("INC0030003", "2026-05-13T10:05:00Z", "2026-05-13T10:30:00Z", "Network", "", "VPN slow from home", "Solution provided", "Lena Vogt"), "unrelated"},
		}, "display values in the exporting user's time zone"},
		{NewJSON(), "display.json", []located{
			{3, tk("INC0040001", "2026-05-04T08:12:00Z", "2026-05-04T11:02:30Z", "Inquiry / Help", "Lost device", "New phone, authenticator app gone", "Solution provided", "maya.fischer@example.com"), "lost_device_recovery"},
			{16, tk("INC0040002", "2026-05-05T07:00:00Z", "", "Account", "Password Reset", "Locked out after three attempts", "", "Theo Brandt"), "password_reset"},
		}, "raw values, which are UTC"},
		{NewJSON(), "raw-table.json", []located{
			{2, tk("INC0050001", "2026-05-10T07:00:00Z", "2026-05-10T07:30:00Z", "inquiry", "", "Keeps asking me to sign in again every hour", "Solution provided", "0c1f0000000000000000000000000003"), "reauthentication"},
			{3, tk("INC0050002", "2026-05-11T09:15:00Z", "", "hardware", "", "Monitor flickers", "", ""), "unrelated"},
		}, "raw values, which are UTC"},
		{NewJSON(), "jsonv2.json", []located{
			{1, tk("INC0060001", "2026-05-12T08:00:00Z", "2026-05-12T09:00:00Z", "identity", "Device change", "Moving passkeys to my new laptop", "Solution provided", "nina.berg"), "authenticator_migration"},
		}, "raw values, which are UTC"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			items, err := read(t, c.adapter, fixture(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			recs, probs, notes := split(items)
			if len(probs) > 0 {
				t.Errorf("problems: %v", probs)
			}
			if len(notes) != 1 || !strings.Contains(notes[0], c.note) {
				t.Errorf("notes %q, want one with %q", notes, c.note)
			}
			tickets := make([]evidence.Ticket, len(recs))
			for i, r := range recs {
				tickets[i] = r.Ticket
			}
			evidence.Classify(tickets, rules)
			for i := range recs {
				recs[i].Stage = tickets[i].Stage
				if r := recs[i].Ticket; r.Stage != "" || r.StageGiven || r.Rule != "" {
					t.Errorf("%s: adapter set a stage", r.ID)
				}
			}
			if !reflect.DeepEqual(recs, c.want) {
				t.Errorf("records:\n got %+v\nwant %+v", recs, c.want)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	_, err := read(t, NewCSV(), fixture(t, "missing-number.csv"))
	var e *problem.Problem
	if !errors.As(err, &e) || e.Line != 1 || !strings.Contains(e.Msg, `missing column "number"`) {
		t.Errorf("missing key column: %v", err)
	}
	_, err = read(t, NewCSV(), "number,short_description\nINC1,x\n")
	if !errors.As(err, &e) || e.Line != 1 || !strings.Contains(e.Msg, `missing column "opened_at" (or "Opened"`) {
		t.Errorf("missing opening column: %v", err)
	}

	items, err := read(t, NewCSV(), fixture(t, "bad-rows.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, probs, _ := split(items)
	want := map[int]struct{ field, msg string }{
		2: {"Opened", `"10.05.2026 07:00" is a date in an unknown format`},
		3: {"Resolved", `"05/10/2026 08:00 AM" is a date in an unknown format`},
		4: {"number", "empty number"},
		5: {"Opened", "empty opening time"},
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

	items, err = read(t, NewJSON(), "{\"result\": [\n{\"short_description\": \"x\"},\n{\"number\": \"INC2\"},\n{\"number\": \"INC3\", \"opened_at\": {\"value\": \"3 May 2026\"}}\n]}")
	if err != nil {
		t.Fatal(err)
	}
	_, probs, _ = split(items)
	if p := probs[2]; p.Field != "number" {
		t.Errorf("line 2: %+v", p)
	}
	if p := probs[3]; p.Field != "opened_at" || !strings.Contains(p.Problem, "no opening time") {
		t.Errorf("line 3: %+v", p)
	}
	if p := probs[4]; p.Field != "opened_at" || !strings.Contains(p.Problem, "unknown format") {
		t.Errorf("line 4: %+v", p)
	}

	_, err = read(t, NewJSON(), "{\"result\": [\n{\"number\": \"INC1\", \"opened_at\": \"2026-05-01 00:00:00\"},\n{\"number\": \"INC")
	if !errors.As(err, &e) || e.Line != 3 || !strings.Contains(e.Msg, "ends before it is complete") {
		t.Errorf("truncated JSON: %v", err)
	}
}

func TestSingleRecordPage(t *testing.T) {
	t.Parallel()
	items, err := read(t, NewJSON(), "{\"result\":\n  {\"number\": \"INC9\", \"opened_at\": \"2026-05-01 10:00:00\", \"caller_id\": {\"link\": \"x\", \"value\": \"abc\"}}\n}")
	recs, probs, _ := split(items)
	if err != nil || len(probs) > 0 || len(recs) != 1 || recs[0].Line != 2 || recs[0].Ticket.ID != "INC9" || recs[0].Ticket.UserID != "abc" {
		t.Errorf("GET-by-id response: %v %+v", err, items)
	}
}

func TestWrongKind(t *testing.T) {
	t.Parallel()
	for _, a := range []evidence.Adapter{NewCSV(), NewJSON()} {
		if err := a.Read(strings.NewReader(""), evidence.Devices, func(evidence.Item) bool { return true }); err == nil {
			t.Errorf("%s read devices", a.Format)
		}
	}
}

func fuzzItems(t *testing.T, items []evidence.Item) {
	for _, it := range items {
		if it.Problem != "" && it.Field == "" {
			t.Fatalf("problem without a field: %+v", it)
		}
		if r, ok := it.Record.(evidence.Ticket); ok {
			if r.ID == "" || r.OpenedAt.IsZero() || r.Stage != "" || r.OpenedAt.Location() != time.UTC || r.ResolvedAt.Location() != time.UTC {
				t.Fatalf("record fails the native checks: %+v", r)
			}
		}
	}
}

func FuzzServiceNowCSV(f *testing.F) {
	for _, name := range []string{"fieldnames.csv", "labels.csv", "missing-number.csv", "bad-rows.csv"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		items, _ := read(t, NewCSV(), text)
		fuzzItems(t, items)
	})
}

func FuzzServiceNowJSON(f *testing.F) {
	for _, name := range []string{"display.json", "raw-table.json", "jsonv2.json"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		items, err := read(t, NewJSON(), text)
		var e *problem.Problem
		if errors.As(err, &e) && (e.Line < 0 || e.Line > lines) {
			t.Fatalf("error at line %d of %d: %v", e.Line, lines, e)
		}
		fuzzItems(t, items)
	})
}
