package entra

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assure-dev/assure/evidence"
)

// TestLoadFixtures reads every good fixture through evidence.Load, so each
// mapped record also meets the native formats' rules (vocabularies, required
// fields), and the report's per-source skips and notes are filled.
func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	const manifest = `organization = "Northwind"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "auth_events"
path = "signins-graph-beta.json"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "signins-diagnostic.jsonl"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "signins-eventhub.json"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "signins-loganalytics.json"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "signins-portal.csv"
format = "entra-signins"
[[source]]
kind = "account_events"
path = "audit-graph.json"
format = "entra-audit"
[[source]]
kind = "account_events"
path = "audit-diagnostic.jsonl"
format = "entra-audit"
[[source]]
kind = "authenticators"
path = "registration-graph.json"
format = "entra-registration-details"
[[source]]
kind = "authenticators"
path = "registration-portal.csv"
format = "entra-registration-details"
`
	fsys := fstest.MapFS{"evidence.toml": {Data: []byte(manifest)}}
	for _, name := range []string{"signins-graph-beta.json", "signins-diagnostic.jsonl", "signins-eventhub.json", "signins-loganalytics.json",
		"signins-portal.csv", "audit-graph.json", "audit-diagnostic.jsonl", "registration-graph.json", "registration-portal.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewSignIns(), NewAudit(), NewRegistrationDetails()))
	if err != nil {
		t.Fatal(err)
	}
	auth, account := drain(t, set)
	// the records the fixtures' tables in entra_test.go list, file by file;
	// the registration report in its two shapes (Graph and the portal's CSV)
	// names four methods of the same people twice, each held once
	if auth != 6+3+1+2+4 || account != 10+4 || len(set.Authenticators) != 13+11-4 {
		t.Errorf("%d sign-ins, %d account events, %d authenticators; want 16, 14, 20", auth, account, len(set.Authenticators))
	}
	if st := set.Sources[len(set.Sources)-1]; st.Repeats != 4 || st.Conflicts != 0 {
		t.Errorf("portal CSV: %d repeats (%d conflicting), want 4 (0)", st.Repeats, st.Conflicts)
	}
	for _, a := range set.Authenticators {
		if !a.DatesUnknown || !a.HeldAt(set.Manifest.Period.Start) {
			t.Errorf("authenticator %+v is not an undated snapshot", a)
		}
	}
	for _, st := range set.Sources {
		if len(st.Notes) == 0 {
			t.Errorf("%s: no note", st.Path)
		}
		if st.Path == "signins-graph-beta.json" && (st.Skipped["guest"] != 1 || st.Skipped[skipToken] != 1) {
			t.Errorf("%s: skipped %v", st.Path, st.Skipped)
		}
	}
}

// TestOverlappingWindowsCountOnce reads Graph sign-ins as two pulls whose
// windows overlap (the second page repeating the end of the first, as a
// @odata.nextLink page fetched again does) and the audit log exported twice:
// every signIn and directoryAudit is counted once, by its id.
func TestOverlappingWindowsCountOnce(t *testing.T) {
	t.Parallel()
	split := func(name string, overlap int) (first, second string, n int) {
		var page struct {
			Context string            `json:"@odata.context"`
			Value   []json.RawMessage `json:"value"`
		}
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		write := func(vs []json.RawMessage) string {
			out, _ := json.Marshal(map[string]any{"@odata.context": page.Context, "value": vs})
			return string(out)
		}
		cut := len(page.Value) / 2
		return write(page.Value[:cut+overlap]), write(page.Value[cut:]), len(page.Value)
	}
	first, second, _ := split("signins-graph-beta.json", 3)
	audit, err := os.ReadFile(filepath.Join("testdata", "audit-graph.json"))
	if err != nil {
		t.Fatal(err)
	}
	manifest := `organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "auth_events"
path = "first.json"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "second.json"
format = "entra-signins"
[[source]]
kind = "auth_events"
path = "alone.json"
format = "entra-signins"
[[source]]
kind = "account_events"
path = "audit.json"
format = "entra-audit"
[[source]]
kind = "account_events"
path = "audit-again.json"
format = "entra-audit"
`
	alone, _ := os.ReadFile(filepath.Join("testdata", "signins-graph-beta.json"))
	fsys := fstest.MapFS{"evidence.toml": {Data: []byte(manifest)}, "first.json": {Data: []byte(first)}, "second.json": {Data: []byte(second)},
		"alone.json": {Data: alone}, "audit.json": {Data: audit}, "audit-again.json": {Data: audit}}
	set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewSignIns(), NewAudit()))
	if err != nil {
		t.Fatal(err)
	}
	drain(t, set)
	src := set.Sources
	// The graph fixture's sign-ins, as TestSignIns lists them: 6.
	if got := src[0].Records + src[1].Records; got != 6 || src[1].Repeats == 0 || src[2].Records != 0 {
		t.Errorf("sign-ins: %d + %d records (%d, %d repeats), then %d from the whole export again; want 6 in all and none again",
			src[0].Records, src[1].Records, src[0].Repeats, src[1].Repeats, src[2].Records)
	}
	if src[2].Repeats != 6+4 || len(src[2].Skipped) != 0 {
		t.Errorf("the export again: %d repeats, skipped %v; want its 6 sign-ins and 4 skipped records all repeats", src[2].Repeats, src[2].Skipped)
	}
	if src[3].Records != 10 || src[4].Records != 0 || src[4].Repeats == 0 || len(src[4].Skipped) != 0 {
		t.Errorf("audit: %d records, then again %d (%d repeats, skipped %v); want 10, then 0", src[3].Records, src[4].Records, src[4].Repeats, src[4].Skipped)
	}
}

// TestWhatTheExportsCannotShow: the registration report says it has no
// registration dates and the audit log that it records no completed
// recovery, each with the cause and the fix, unless another source of the
// kind can carry the fact.
func TestWhatTheExportsCannotShow(t *testing.T) {
	t.Parallel()
	reg, _ := os.ReadFile(filepath.Join("testdata", "registration-graph.json"))
	audit, _ := os.ReadFile(filepath.Join("testdata", "audit-graph.json"))
	load := func(native bool) *evidence.Set {
		m := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n" +
			"[[source]]\nkind = \"authenticators\"\npath = \"reg.json\"\nformat = \"entra-registration-details\"\n" +
			"[[source]]\nkind = \"account_events\"\npath = \"audit.json\"\nformat = \"entra-audit\"\n"
		fsys := fstest.MapFS{"reg.json": {Data: reg}, "audit.json": {Data: audit},
			"authenticators.csv": {Data: []byte("user_id,authenticator_id,type,registered_at,revoked_at\nu-1,a-1,security_key,2026-05-01T00:00:00Z,\n")}}
		if native {
			m += "[[source]]\nkind = \"authenticators\"\npath = \"authenticators.csv\"\n"
		}
		fsys["evidence.toml"] = &fstest.MapFile{Data: []byte(m)}
		set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewRegistrationDetails(), NewAudit()))
		if err != nil {
			t.Fatal(err)
		}
		for range set.AccountEvents() {
		}
		return set
	}
	set := load(false)
	const dates = "the Entra registration-details export has no registration dates, so who held a phishing-resistant authenticator at each sign-in cannot be decided; add the Entra audit log or a native authenticators file"
	if got := set.LackWhy(evidence.Authenticators, evidence.LacksRegistrationDates); got != dates {
		t.Errorf("registration dates: %q", got)
	}
	if got := set.LackWhy(evidence.AccountEvents, evidence.LacksRecoveryCompleted); !strings.Contains(got, "records no completed recovery") || !strings.Contains(got, "add an account_events source") {
		t.Errorf("completed recoveries: %q", got)
	}
	if got := load(true).LackWhy(evidence.Authenticators, evidence.LacksRegistrationDates); got != "" {
		t.Errorf("with a native authenticators file too: %q, want none", got)
	}
}

// drain reads both event streams, so the sources' counts are filled, and
// returns how many records each gave; a problem fails the test.
func drain(t *testing.T, set *evidence.Set) (auth, account int) {
	t.Helper()
	for _, p := range set.AuthEvents() {
		if p != nil {
			t.Error(p)
			continue
		}
		auth++
	}
	for _, p := range set.AccountEvents() {
		if p != nil {
			t.Error(p)
			continue
		}
		account++
	}
	return auth, account
}
