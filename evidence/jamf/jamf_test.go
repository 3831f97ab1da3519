package jamf

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
	err := New().Read(strings.NewReader(text), evidence.Devices, func(it evidence.Item) bool {
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
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

type located struct {
	Line   int
	Device evidence.Device
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
			recs = append(recs, located{it.Line, it.Record.(evidence.Device)})
		}
	}
	return
}

func mac(id, user string, version string, ks, managed, shared bool, own, seen string) evidence.Device {
	return evidence.Device{DeviceID: id, UserID: user, Platform: "macos", OSVersion: version, HardwareKeystore: ks,
		Managed: managed, Ownership: own, Shared: shared, LastSeen: at(seen)}
}

func unknownKeystore(d evidence.Device) evidence.Device {
	d.KeystoreUnknown = true
	return d
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		records []located
		notes   []string
	}{
		{
			file: "inventory-page.json",
			records: []located{
				{4, mac("201", "Mona.Keller@example.com", "15.5.0", true, true, false, "corporate", "2026-06-29T16:02:10Z")},
				{21, mac("202", "nvoss", "14.7.6", true, true, false, "corporate", "2026-06-28T08:00:00Z")},                                      // T2: secure boot level
				{32, unknownKeystore(mac("203", "omar.haddad@example.com", "13.6.9", false, false, false, "corporate", "2026-06-27T12:30:00Z"))}, // Intel, no security section: unknown
				{39, mac("204", "", "26.1", true, true, false, "corporate", "2026-06-30T05:45:00Z")},                                             // sections missing; macOS 26
				{44, mac("205", "", "15.4.1", true, true, true, "corporate", "2026-06-30T06:00:00Z")},                                            // nobody assigned: shared
				{51, mac("206", "pia.lange@example.com", "15.5", true, true, false, "personal", "2026-06-25T10:10:10Z")},                         // User Enrollment; reportDate
				{58, mac("207", "quinn", "13.7.1", false, true, false, "corporate", "2026-06-20T09:00:00Z")},                                     // Intel without T2: known absent
			},
			notes: []string{"Jamf Pro computer inventory", "Secure Enclave unknown for 1 computer (", "1 computer without a user and location section", "1 computer with no assigned user counted as shared"},
		},
		{
			file: "results-array.json",
			records: []located{
				{1, mac("301", "rae.ng@example.com", "15.5", true, false, false, "corporate", "2026-06-30T07:00:00Z")},
				{1, mac("302", "sam", "14.6", true, false, false, "corporate", "2026-06-30T08:00:00Z")},
			},
			notes: []string{"Jamf Pro computer inventory"},
		},
		{
			file: "pages.jsonl",
			records: []located{
				{1, mac("401", "tia@example.com", "15.5", true, false, false, "corporate", "2026-06-30T07:00:00Z")},
				{1, mac("402", "uma@example.com", "15.5", true, false, false, "corporate", "2026-06-30T07:00:00Z")},
				{2, mac("403", "vic@example.com", "15.5", true, false, false, "corporate", "2026-06-30T07:00:00Z")},
			},
			notes: []string{"Jamf Pro computer inventory"},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			items, err := read(t, fixture(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			recs, probs, notes := split(items)
			if len(probs) > 0 {
				t.Errorf("problems: %v", probs)
			}
			if !reflect.DeepEqual(recs, c.records) {
				t.Errorf("records:\n got %+v\nwant %+v", recs, c.records)
			}
			if len(notes) != len(c.notes) {
				t.Fatalf("notes %q, want %d", notes, len(c.notes))
			}
			for i, n := range c.notes {
				if !strings.Contains(notes[i], n) {
					t.Errorf("note %d = %q, want it to contain %q", i, notes[i], n)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	items, err := read(t, fixture(t, "bad-records.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, probs, _ := split(items)
	want := map[int]struct{ field, msg string }{
		2: {"id", "no id"},
		3: {"general.lastContactTime", "no last contact time"},
		4: {"general.lastContactTime", `"30/06/2026 07:00" is a date in an unknown format`},
		5: {"operatingSystem.version", "no OS version"},
		6: {"operatingSystem.version", `"Sequoia"; want a dotted numeric`},
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

	errs := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"truncated", fixture(t, "truncated.json"), 2, "ends before it is complete"},
		{"not JSON", "computers", 1, "want a JSON array"},
		{"number in array", "[\n{\"id\":\"1\"},\n7\n]", 3, "want a JSON object, found number"},
		{"null in array", "[\nnull\n]", 2, "found null"},
		{"syntax", "{\"results\": [\n{\"id\": }\n]}", 2, "invalid JSON"},
	}
	for _, c := range errs {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, c.text)
			var e *problem.Problem
			if !errors.As(err, &e) || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error %v, want line %d with %q", err, c.line, c.msg)
			}
		})
	}
}

func TestSingleRecordAndEmpty(t *testing.T) {
	t.Parallel()
	items, err := read(t, `{"id":"9","general":{"lastContactTime":"2026-06-30T07:00:00Z"},"operatingSystem":{"version":"15.5"},"hardware":{"appleSilicon":true},"userAndLocation":{"email":"w@example.com"}}`)
	if recs, _, _ := split(items); err != nil || len(recs) != 1 || recs[0].Device.DeviceID != "9" {
		t.Errorf("single computer: %v %+v", err, items)
	}
	for _, empty := range []string{"", " \n", `{"totalCount":0,"results":[]}`, "[]"} {
		if items, err := read(t, empty); err != nil || len(items) != 0 {
			t.Errorf("%q: %v %+v", empty, err, items)
		}
	}
}

func FuzzJamfJSON(f *testing.F) {
	for _, name := range []string{"inventory-page.json", "results-array.json", "pages.jsonl", "bad-records.json", "truncated.json"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		items, err := read(t, text)
		var e *problem.Problem
		if errors.As(err, &e) && (e.Line < 0 || e.Line > lines) {
			t.Fatalf("error at line %d of %d: %v", e.Line, lines, e)
		}
		for _, it := range items {
			if it.Line < 0 || it.Line > lines {
				t.Fatalf("item at line %d of %d", it.Line, lines)
			}
			if it.Problem != "" && it.Field == "" {
				t.Fatalf("problem without a field: %+v", it)
			}
			if d, ok := it.Record.(evidence.Device); ok {
				if d.DeviceID == "" || d.LastSeen.IsZero() || d.Platform != "macos" || d.OSVersion == "" {
					t.Fatalf("record fails the native checks: %+v", d)
				}
			}
		}
	})
}
