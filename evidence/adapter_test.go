package evidence

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assure-dev/assure/vocab"
)

// lineAdapter is a fake vendor format: each line "kind|user|value" becomes a
// record, "skip|label" a skipped record, "note|text" a note, and "bad|field" a
// problem.
var lineAdapter = Adapter{Format: "fake-lines", Kinds: []Kind{AuthEvents, Devices}, Decode: decodeLines}

func decodeLines(r io.Reader, k Kind, emit func(Item) bool) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "|")
		at := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
		var it Item
		switch f[0] {
		case "auth":
			it = Item{Record: AuthEvent{Time: at, UserID: f[1], App: "a", Method: vocab.Method(f[2]), Success: true}}
			if k != AuthEvents {
				it = Item{Skip: "sign-in"}
			}
		case "device":
			it = Item{Record: Device{DeviceID: "d" + f[1], UserID: f[1], Platform: f[2], OSVersion: "17", Ownership: "corporate", LastSeen: at}}
			if k != Devices {
				it = Item{Skip: "device"}
			}
		case "skip":
			it = Item{Skip: f[1]}
		case "note":
			it = Item{Note: f[1]}
		case "bad":
			it = Item{Problem: "cannot map", Field: f[1]}
		}
		it.Line = line
		if !emit(it) {
			return nil
		}
	}
	return nil
}

func fakeFolder(files map[string]string) *Folder {
	fs := fstest.MapFS{}
	for name, text := range files {
		fs[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return NewFolder(fs, "ev")
}

const fakeManifest = `organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "population"
path = "population.csv"
[[source]]
kind = "identities"
path = "identities.csv"
[[source]]
kind = "auth_events"
path = "vendor.log"
format = "fake-lines"
[[source]]
kind = "devices"
path = "vendor.log"
format = "fake-lines"
`

func TestVendorSource(t *testing.T) {
	t.Parallel()
	f := fakeFolder(map[string]string{
		"evidence.toml":  fakeManifest,
		"population.csv": "user_id,persona,employment,privileged,in_scope\nu-1,frontline,employee,false,true\nu-2,frontline,employee,false,true\n",
		"identities.csv": "alternate_id,user_id\nAnna@Example.test,u-2\n",
		"vendor.log":     "auth| U-1 |passkey_synced\nauth|anna@example.test|push\nauth|stranger|sms\nskip|user.session.end\nskip|user.session.end\nnote|no dates\ndevice|u-1|ios\n",
	})
	set, err := Load(f, NewFormats(lineAdapter))
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for e, p := range set.AuthEvents() {
		if p != nil {
			t.Fatal(p)
		}
		users = append(users, e.UserID)
	}
	if strings.Join(users, ",") != "u-1,u-2,stranger" {
		t.Errorf("normalised users %v, want u-1,u-2,stranger", users)
	}
	if j := set.Join[AuthEvents]; j.Records != 3 || j.Joined != 2 {
		t.Errorf("auth join %+v, want 2 of 3", j)
	}
	if len(set.Devices) != 1 || set.Devices[0].UserID != "u-1" || set.Join[Devices].Share() != 1 {
		t.Errorf("devices %+v, join %+v", set.Devices, set.Join[Devices])
	}
	st := set.Sources[2]
	if st.Records != 3 || st.Skipped["user.session.end"] != 2 || len(st.Notes) != 1 || st.SHA256 == "" {
		t.Errorf("auth source stats %+v", st)
	}
}

func TestVendorProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, log, want string
	}{
		{"adapter problem", "auth|u-1|push\nbad|debugData.factor\n", "ev/vendor.log:2: debugData.factor: cannot map"},
		{"record breaking the native vocabulary", "auth|u-1|carrier_pigeon\n", `ev/vendor.log:1: method: mapped record: "carrier_pigeon" is not one of`},
		{"device with an unknown platform", "device|u-1|beos\n", `ev/vendor.log:1: platform: mapped record: "beos" is not one of`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := fakeFolder(map[string]string{
				"evidence.toml":  fakeManifest,
				"population.csv": "user_id,persona,employment,privileged,in_scope\nu-1,frontline,employee,false,true\n",
				"identities.csv": "alternate_id,user_id\n",
				"vendor.log":     c.log,
			})
			set, err := Load(f, NewFormats(lineAdapter))
			var msgs []string
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			if set != nil {
				for _, p := range set.AuthEvents() {
					if p != nil {
						msgs = append(msgs, p.Error())
					}
				}
			}
			if !strings.Contains(strings.Join(msgs, "\n"), c.want) {
				t.Errorf("problems %q, want one containing %q", msgs, c.want)
			}
		})
	}
}

func TestManifestFormatChecks(t *testing.T) {
	t.Parallel()
	formats := NewFormats(lineAdapter)
	cases := []struct {
		kind, format, want string
	}{
		{"auth_events", "fake-lines", ""},
		{"auth_events", "jsonl", ""},
		{"tickets", "fake-lines", `format "fake-lines" does not feed tickets (it feeds: auth_events, devices)`},
		{"devices", "xml", `format "xml" cannot be read as devices (want one of: csv, fake-lines)`},
	}
	for _, c := range cases {
		text := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"" + c.kind + "\"\npath = \"f\"\nformat = \"" + c.format + "\"\n"
		_, probs := ParseManifest("evidence.toml", []byte(text), formats)
		got := ""
		if len(probs) > 0 {
			got = probs[0].Error()
		}
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s as %s: %q, want %q", c.kind, c.format, got, c.want)
		}
		if c.want != "" && !strings.HasPrefix(got, "evidence.toml:6: ") {
			t.Errorf("problem not at the format line: %q", got)
		}
	}
}

func TestAdapterReadChecksKindAndNotesOnce(t *testing.T) {
	t.Parallel()
	a := lineAdapter
	a.Note = "how fake lines are read"
	var got []string
	err := a.Read(strings.NewReader("auth|u-1|push\nnote|extra\nauth|u-2|sms\n"), AuthEvents, func(it Item) bool {
		switch {
		case it.Note != "":
			got = append(got, "note "+it.Note)
		case it.Record != nil:
			got = append(got, "record")
		}
		return true
	})
	if want := "note how fake lines are read,record,note extra,record"; err != nil || strings.Join(got, ",") != want {
		t.Errorf("items %q (%v), want %q", got, err, want)
	}
	got = nil
	if err := a.Read(strings.NewReader(""), AuthEvents, func(it Item) bool { got = append(got, it.Note); return true }); err != nil || got != nil {
		t.Errorf("an empty export gave %q (%v); want nothing, not even the note", got, err)
	}
	stops := 0
	a.Read(strings.NewReader("auth|u-1|push\n"), AuthEvents, func(Item) bool { stops++; return false })
	if stops != 1 {
		t.Errorf("emit called %d times after asking to stop at the note", stops)
	}
	err = a.Read(strings.NewReader("auth|u-1|push\n"), Tickets, func(Item) bool { t.Error("read a kind the format does not feed"); return true })
	if err == nil || err.Error() != `format "fake-lines" does not feed tickets (it feeds: auth_events, devices)` {
		t.Errorf("wrong kind: %v", err)
	}
}

func TestNewFormatsRefusesDuplicates(t *testing.T) {
	t.Parallel()
	for name, adapters := range map[string][]Adapter{
		"the same name twice": {lineAdapter, {Format: "fake-lines", Kinds: []Kind{Tickets}, Decode: decodeLines}},
		"no decode function":  {{Format: "half", Kinds: []Kind{Tickets}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: NewFormats did not panic", name)
				}
			}()
			NewFormats(adapters...)
		}()
	}
	if got := NewFormats(lineAdapter).Names(); len(got) != 1 || got[0] != "fake-lines" {
		t.Errorf("Names() = %v", got)
	}
}
