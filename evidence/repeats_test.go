package evidence

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func TestIDSetAddsAndFinds(t *testing.T) {
	t.Parallel()
	s := newIDSet()
	const n = 200_000 // enough for every shard to grow several times
	for i := range n {
		k := s.key(fmt.Sprintf("id-%d", i))
		if repeat, _ := s.add(k, uint32(i)); repeat {
			t.Fatalf("id-%d: a repeat on first sight", i)
		}
	}
	for i := range n {
		k := s.key(fmt.Sprintf("id-%d", i))
		repeat, differs := s.add(k, uint32(i))
		if !repeat || differs {
			t.Fatalf("id-%d again: repeat %v, differs %v; want a repeat with the same digest", i, repeat, differs)
		}
		if _, differs := s.add(k, uint32(i)+1); !differs {
			t.Fatalf("id-%d with another digest: not told apart", i)
		}
	}
	if s.has(s.key("id-x")) || s.has(s.key("id", "1")) {
		t.Error("found an id never added")
	}
	if s.has(s.key("id-1", "")) != false || s.key("a", "b") == s.key("ab") {
		t.Error("the parts of a key are not kept apart")
	}
	got, bytes := s.len()
	if got != n {
		t.Errorf("len %d, want %d", got, n)
	}
	// At most four fifths full, at least eight fifteenths after growing by half.
	if bytes > n*16*15/8+idShards*16*64 || bytes < n*16*5/4 {
		t.Errorf("%d ids take %d bytes", n, bytes)
	}
}

// keyedAdapter is a fake vendor format for counting records once: each line
// "auth|id|user|method", "parts|ids,...|user|method", "skip|id|label" or
// "ticket|id|category" becomes a record (with Item.ID, Item.Parts or the
// ticket's own id) or a skipped record with an id.
var keyedAdapter = Adapter{Format: "fake-keyed", Kinds: []Kind{AuthEvents, Tickets}, Decode: func(r io.Reader, k Kind, emit func(Item) bool) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "|")
		at := time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)
		it := Item{Line: line}
		switch f[0] {
		case "auth":
			it.ID, it.Record = f[1], AuthEvent{Time: at, UserID: f[2], App: "a", Method: "push", Success: f[3] == "ok"}
		case "parts":
			it.Parts, it.Record = strings.Split(f[1], ","), AuthEvent{Time: at, UserID: f[2], App: "a", Method: "push", Success: true}
		case "skip":
			it.ID, it.Skip = f[1], f[2]
		case "ticket":
			it.Record = Ticket{ID: f[1], OpenedAt: at, Category: f[2]}
		}
		if it.Record != nil && !holds(k, it.Record) {
			it = Item{Line: line, Skip: "another kind"}
		}
		if !emit(it) {
			return nil
		}
	}
	return nil
}}

func TestRepeatsAcrossPagesAndSources(t *testing.T) {
	t.Parallel()
	manifest := `organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "auth_events"
path = "first.log"
format = "fake-keyed"
[[source]]
kind = "auth_events"
path = "second.log"
format = "fake-keyed"
[[source]]
kind = "auth_events"
path = "native.jsonl"
[[source]]
kind = "tickets"
path = "tickets.csv"
[[source]]
kind = "tickets"
path = "first.log"
format = "fake-keyed"
`
	native := `{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success","event_id":"n-1"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success","event_id":"n-1"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"failure","event_id":"n-1"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success","event_id":"e-1"}
`
	f := fakeFolder(map[string]string{
		"evidence.toml": manifest,
		// A page repeated at the boundary (e-2), a login assembled from
		// three events, one of them listed twice by the adapter.
		"first.log":  "auth|e-1|u-1|ok\nauth|e-2|u-2|ok\nauth|e-2|u-2|ok\nskip|e-9|user.session.end\nskip|e-9|user.session.end\nparts|p-1,p-2,p-2|u-3|ok\nticket|INC1|access\n",
		"second.log": "auth|e-2|u-2|ok\nauth|e-3|u-3|failed\nparts|p-2,p-3|u-3|ok\nskip|e-9|user.session.end\nauth||u-4|ok\nauth||u-4|ok\n",
		// The same incident in a native file, changed since; the first read wins.
		"tickets.csv":  "ticket_id,opened_at,resolved_at,category,subcategory,summary,stage\nINC1,2026-08-01T09:00:00Z,,password,,,\nINC2,2026-08-01T09:00:00Z,,access,,,\n",
		"native.jsonl": native,
	})
	set, err := Load(f, NewFormats(keyedAdapter))
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 { // a second reading counts afresh
		n := 0
		for _, p := range set.AuthEvents() {
			if p != nil {
				t.Fatal(p)
			}
			n++
		}
		want := []struct{ records, repeats, conflicts int }{
			{3, 3, 0}, // e-1, e-2, the login; e-2 and the skip e-9 again, p-2 listed twice
			{3, 3, 0}, // e-3 and u-4 twice (no id); e-2, p-2 and the skip e-9 read before
			{3, 3, 1}, // n-1, two lines without id; n-1 twice (once a differing failure), e-1
		}
		for i, w := range want {
			st := set.Sources[i]
			if st.Records != w.records || st.Repeats != w.repeats || st.Conflicts != w.conflicts || !st.Keyed {
				t.Errorf("round %d, %s: records %d, repeats %d, conflicts %d, keyed %v; want %+v", round, st.Path, st.Records, st.Repeats, st.Conflicts, st.Keyed, w)
			}
		}
		if n != 9 {
			t.Errorf("round %d: %d sign-ins streamed, want 9", round, n)
		}
		if set.Sources[0].Skipped["user.session.end"] != 1 || set.Sources[1].Skipped != nil {
			t.Errorf("a repeated skipped record counted as skipped twice: %v, %v", set.Sources[0].Skipped, set.Sources[1].Skipped)
		}
	}
	if len(set.Tickets) != 2 || set.Tickets[0].Category != "password" {
		t.Errorf("tickets %+v, want INC1 (the native file's, read first) and INC2", set.Tickets)
	}
	// INC1, and the skipped record e-9 listed twice
	if st := set.Sources[4]; st.Records != 0 || st.Repeats != 2 || st.Conflicts != 1 {
		t.Errorf("vendor tickets: records %d, repeats %d, conflicts %d; want 0, 2, 1", st.Records, st.Repeats, st.Conflicts)
	}
	notes := strings.Join(set.Sources[2].Notes, "\n")
	if !strings.Contains(notes, "3 records repeated a record already read") || !strings.Contains(notes, "1 of them differed") {
		t.Errorf("notes of the native source: %q", notes)
	}
	if set.ids[AuthEvents] != nil {
		t.Error("the ids of a kind are kept after it was read")
	}
}

func TestRecordsWithoutIDsAreNeverRepeats(t *testing.T) {
	t.Parallel()
	line := `{"time":"2026-08-01T09:00:00Z","user_id":"u-1","app":"a","method":"push","outcome":"success","event_id":""}` + "\n"
	f := fakeFolder(map[string]string{
		"evidence.toml": "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"auth_events\"\npath = \"a.jsonl\"\n",
		"a.jsonl":       line + line + strings.Replace(line, `,"event_id":""`, "", 1),
	})
	set, err := Load(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.AuthEvents() {
		if p != nil {
			t.Fatal(p)
		}
	}
	if st := set.Sources[0]; st.Records != 3 || st.Repeats != 0 || st.Keyed {
		t.Errorf("records %d, repeats %d, keyed %v; want 3, 0, false", st.Records, st.Repeats, st.Keyed)
	}
}

func TestAccountEventsOfOneVendorEvent(t *testing.T) {
	t.Parallel()
	// One Okta factor reset is a recovery started and completed: one id,
	// two account events, neither a repeat of the other.
	lines := `{"time":"2026-08-01T09:00:00Z","user_id":"u-1","action":"recovery_started","method":"unknown","channel":"helpdesk","event_id":"x"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","action":"recovery_completed","method":"unknown","channel":"helpdesk","event_id":"x"}
{"time":"2026-08-01T09:00:00Z","user_id":"u-1","action":"recovery_completed","method":"unknown","channel":"helpdesk","event_id":"x"}
`
	f := fakeFolder(map[string]string{
		"evidence.toml": "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"account_events\"\npath = \"a.jsonl\"\n",
		"a.jsonl":       lines,
	})
	set, err := Load(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.AccountEvents() {
		if p != nil {
			t.Fatal(p)
		}
	}
	if st := set.Sources[0]; st.Records != 2 || st.Repeats != 1 {
		t.Errorf("records %d, repeats %d; want 2, 1", st.Records, st.Repeats)
	}
}

func TestDevicesCountedOnce(t *testing.T) {
	t.Parallel()
	const head = "device_id,user_id,platform,os_version,hardware_keystore,managed,ownership,shared,last_seen\n"
	f := fakeFolder(map[string]string{
		"evidence.toml": "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"devices\"\npath = \"a.csv\"\n[[source]]\nkind = \"devices\"\npath = \"b.csv\"\n",
		"a.csv":         head + "d-1,u-1,ios,17.5,true,true,corporate,false,2026-09-28\nd-2,u-2,ios,17.5,true,true,corporate,false,2026-09-28\n",
		"b.csv":         head + "d-2,u-2,ios,17.5,true,true,corporate,false,2026-09-29\nd-3,u-3,ios,17.5,,true,corporate,false,2026-09-29\n",
	})
	set, err := Load(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Devices) != 3 || set.Sources[1].Repeats != 1 || set.Sources[1].Conflicts != 1 {
		t.Errorf("devices %d, repeats %d, conflicts %d; want 3, 1, 1", len(set.Devices), set.Sources[1].Repeats, set.Sources[1].Conflicts)
	}
	if !set.Devices[2].KeystoreUnknown {
		t.Errorf("an empty hardware_keystore is not unknown: %+v", set.Devices[2])
	}
}
