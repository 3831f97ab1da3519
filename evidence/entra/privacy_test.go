package entra

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/redact"
)

// TestAuditLabelsShowNoPersonalData reproduces issue 12 in miniature: an
// Entra audit export whose activityDisplayName holds an e-mail address, a
// device name, an ESC sequence and a 300,000-character value. Unknown
// activities are skipped under their name, so each of those names used to
// reach report.json's evidence[].skipped, the PDF appendix and OSCAL (the
// long one cut to 80 characters). Now they are counted together under
// evidence.NotOfKindWithheld, and the activities Entra really logs keep
// their names.
func TestAuditLabelsShowNoPersonalData(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile(filepath.Join("testdata", "audit-diagnostic.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"jane.doe@harrowgate.example", "Sync DESKTOP-4F2K9QJ", "Update \x1b[2J\x1b[31muser", strings.Repeat("A", 300_000)}
	var b strings.Builder
	b.Write(good)
	for _, s := range secrets {
		line, _ := json.Marshal(map[string]any{"category": "AuditLogs", "properties": map[string]any{
			"activityDisplayName": s, "result": "success", "activityDateTime": "2026-08-12T10:00:00Z"}})
		b.Write(append(line, '\n'))
	}
	line, _ := json.Marshal(map[string]any{"category": "AuditLogs", "properties": map[string]any{
		"activityDisplayName": "Update user", "result": "success", "activityDateTime": "2026-08-12T10:00:00Z"}})
	b.Write(append(line, '\n'))
	manifest := `organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "account_events"
path = "audit.jsonl"
format = "entra-audit"
`
	fsys := fstest.MapFS{"evidence.toml": {Data: []byte(manifest)}, "audit.jsonl": {Data: []byte(b.String())}}
	set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewAudit()))
	if err != nil {
		t.Fatal(err)
	}
	drain(t, set)
	st := set.Sources[0]
	if st.Skipped[evidence.NotOfKindWithheld] != len(secrets) || st.Skipped["Update user"] != 1 {
		t.Errorf("skipped %v: want the %d names withheld and Update user shown", st.Skipped, len(secrets))
	}
	for label := range st.Skipped {
		if utf8.RuneCountInString(label) > redact.MaxLabelLength || redact.Line(label) != label {
			t.Errorf("label %.80q is shown", label)
		}
		for _, s := range secrets {
			if strings.Contains(label, s[:min(len(s), 20)]) {
				t.Errorf("label %.80q holds %.40q", label, s)
			}
		}
	}
}
