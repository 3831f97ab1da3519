package entra

import (
	"os"
	"path/filepath"
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
	auth, account := 0, 0
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
