package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-dev/assure/schemas"
)

// checkValidationJSON validates validate's JSON output against its schema and
// decodes it.
func checkValidationJSON(t *testing.T, out string) map[string]any {
	t.Helper()
	v, err := schemas.DecodeJSON([]byte(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	set, err := schemas.Compiled()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := set.Validate("validation", v)
	if err != nil || len(vs) > 0 {
		t.Fatalf("the output breaks its schema: %v %v\n%s", err, vs, out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// stdoutHas fails the test for each text the output lacks.
func stdoutHas(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestValidateTellsBeforeAssess: for a valid folder, validate names every
// source with its records and what was left out, the identity join per kind
// and the day coverage of the log kinds; --format json says the same as data.
func TestValidateTellsBeforeAssess(t *testing.T) {
	t.Parallel()
	dir := "../../fixtures/vendors/okta-intune-servicenow"
	code, out, stderr := runCLI(t, nil, "validate", dir)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	stdoutHas(t, out,
		dir+": valid: 12 sources, 4,489 records\n",
		"  intune-devices.csv.gz (devices, intune-csv): 426 records\n      3 skipped (0.7 %): 3 OS unknown\n",
		"  okta-systemlog.json.gz (auth_events, okta-systemlog): 1,358 records, 8 outside the periods\n"+
			"      145 skipped (9.6 %): 89 user.authentication.auth_via_mfa:ENROLLMENT, 44 user.authentication.verify:ENROLLMENT, 12 user.authentication.auth_via_mfa:UNKNOWN_USER\n"+
			"      16 repeats dropped\n"+
			"      1,219 not auth_events: 287 user.mfa.factor.activate, 279 user.authentication.sso, 175 user.account.reset_password, and 9 more\n",
		"  okta-systemlog-later.json.gz (auth_events, okta-systemlog): 0 records\n      102 repeats dropped\n",
		"Identity join (records that matched a person in the population): devices 99.5 % (400 of 402), authenticators 100.0 % (685 of 685), auth_events 99.9 % (1,356 of 1,358)",
		"Day coverage (days of the period with a record): auth_events 98.9 % (91 of 92), account_events 91.3 % (84 of 92), tickets 100.0 % (92 of 92)\n",
		"Warnings: none (the rules assess applies: at most 20.0 % of a source's records skipped, at least 90.0 % of a kind's records joined, a log record in every 31 days and no gap chance would leave less than once in 1,000 periods",
	)

	code, out, _ = runCLI(t, nil, "validate", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("--format json: exit %d", code)
	}
	m := checkValidationJSON(t, out)
	if m["valid"] != true || m["records"] != 4489.0 || len(m["sources"].([]any)) != 12 || len(m["identity_join"].([]any)) != 5 || len(m["coverage"].([]any)) != 3 {
		t.Errorf("JSON: %s", out)
	}
	okta := m["sources"].([]any)[4].(map[string]any)
	if okta["path"] != "okta-systemlog.json.gz" || okta["skipped"].([]any)[0].(map[string]any)["count"] != 89.0 || okta["repeats"] != 16.0 || len(okta["not_of_kind"].([]any)) != 12 {
		t.Errorf("the Okta source: %v", okta)
	}
}

// TestValidateWarns reproduces a renamed column in an Entra portal sign-in
// CSV (the export's 57-column header, evidence/entra/testdata): without
// "Multifactor authentication auth method" every sign-in that passed MFA
// looks satisfied by an earlier token and is skipped (3 instead of 1 of the
// file's 7 rows). The folder is still valid (exit 0), but validate warns, as
// it does of the coverage assess will find too thin, before assess does.
func TestValidateWarns(t *testing.T) {
	t.Parallel()
	csv, err := os.ReadFile("../../evidence/entra/testdata/signins-portal.csv")
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.Replace(string(csv), "Multifactor authentication auth method", "MFA method (renamed)", 1)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "signins.csv"), []byte(renamed), 0o644)
	os.WriteFile(filepath.Join(dir, "evidence.toml"), []byte(`organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "auth_events"
path = "signins.csv"
format = "entra-signins"
collected_at = 2026-10-01T08:00:00Z
`), 0o644)
	code, out, stderr := runCLI(t, nil, "validate", dir)
	if code != exitOK {
		t.Fatalf("exit %d, want 0: warnings do not make evidence invalid\n%s%s", code, out, stderr)
	}
	stdoutHas(t, out,
		"signins.csv (auth_events, entra-signins): ",
		"      4 skipped (66.7 %): 3 satisfied by token (no fresh authentication), 1 guest\n",
		"Warnings (2; ",
		"  - signins.csv as auth_events: 66.7 % of its records were skipped (4 of 6; most: 3 satisfied by token (no fresh authentication)); more than 20.0 % usually means a column or field that is not read",
		"  - auth_events has no record from 2026-07-01 to 2026-07-31, though it has records on other days of the period: part of the log is missing (export the whole period); assess makes the controls that use it insufficient_evidence\n",
	)
	code, out, _ = runCLI(t, nil, "validate", "--format", "json", dir)
	m := checkValidationJSON(t, out)
	if code != exitOK || len(m["warnings"].([]any)) != 2 || m["warnings"].([]any)[0].(map[string]any)["rule"] != "skipped" {
		t.Errorf("exit %d, JSON %s", code, out)
	}
}

// TestValidateJSONOfInvalidEvidence: an invalid folder still exits 2 with the
// problems on stderr; --format json also gives them as data.
func TestValidateJSONOfInvalidEvidence(t *testing.T) {
	t.Parallel()
	code, out, stderr := runCLI(t, nil, "validate", "--format", "json", "../../fixtures/bad/bad-date")
	if code != exitInput || !strings.Contains(stderr, "tickets.csv:4:") {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	m := checkValidationJSON(t, out)
	p := m["problems"].([]any)[0].(map[string]any)
	if m["valid"] != false || !strings.HasSuffix(p["file"].(string), "tickets.csv") || p["line"] != 4.0 {
		t.Errorf("JSON %s", out)
	}
	code, out, _ = runCLI(t, nil, "validate", "--format", "json", "../../fixtures/no-such-folder")
	if m := checkValidationJSON(t, out); code != exitInput || m["valid"] != false || len(m["problems"].([]any)) != 1 {
		t.Errorf("a missing folder: exit %d, JSON %s", code, out)
	}
	if code, _, stderr := runCLI(t, nil, "validate", "--format", "yaml", "../../fixtures/sample"); code != exitInput || !strings.Contains(stderr, "want text or json") {
		t.Errorf("--format yaml: exit %d, %s", code, stderr)
	}
}
