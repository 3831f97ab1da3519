package evidence

import (
	"fmt"
	"strings"
	"testing"
)

// TestProgressReports: a long source is reported every few thousand records
// with the bytes read of its size, in the reading goroutine; a short one not
// at all; and with no one listening nothing is counted but the items.
func TestProgressReports(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, `{"time":"2026-07-%02dT08:14:09Z","user_id":"u-%05d","app":"payroll","method":"passkey_synced","outcome":"success"}`+"\n", i%28+1, i)
	}
	text := b.String()
	manifest := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"auth_events\"\npath = \"a.jsonl\"\n[[source]]\nkind = \"population\"\npath = \"p.csv\"\n"
	f := fakeFolder(map[string]string{"evidence.toml": manifest, "a.jsonl": text, "p.csv": "user_id,persona,employment,privileged,in_scope\nu-1,frontline,employee,false,true\n"})
	var got []Progress
	f.OnProgress(func(p Progress) { got = append(got, p) })
	s, err := Load(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.AuthEvents() {
		if p != nil {
			t.Fatal(p)
		}
	}
	if len(got) != 20000/progressEvery {
		t.Fatalf("%d reports, want %d: %+v", len(got), 20000/progressEvery, got)
	}
	for i, p := range got {
		if p.Path != "a.jsonl" || p.Kind != AuthEvents || p.Records != (i+1)*progressEvery || p.Size != int64(len(text)) || p.Bytes <= 0 || p.Bytes > p.Size {
			t.Errorf("report %d: %+v", i, p)
		}
	}
}
