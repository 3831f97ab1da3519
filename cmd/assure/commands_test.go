package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExitCodesAndUsage(t *testing.T) {
	t.Parallel()
	out, empty := t.TempDir(), t.TempDir()
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown flag", []string{"assess", "--bogus"}, 2, "bogus"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad format", []string{"assess", "--format", "docx", "--out", out}, 2, `--format "docx": unknown format`},
		{"bad pass rate", []string{"assess", "--min-pass-rate", "80", "--out", out}, 2, "want a number from 0 to 1"},
		{"bad severity", []string{"assess", "--fail-on", "severe", "--out", out}, 2, "want one of critical, high, medium, low"},
		{"bad paper", []string{"assess", "--paper", "a3", "--out", out}, 2, "want a4 or letter"},
		{"missing folder", []string{"assess", "--evidence", filepath.Join(out, "nope"), "--out", filepath.Join(out, "r")}, 2, "cannot open the evidence folder"},
		{"folder without manifest", []string{"assess", "--evidence", empty, "--out", filepath.Join(out, "r")}, 2, "evidence.toml"},
		// The runs that write reports each have their own folder, as they run in parallel.
		{"no gate", []string{"assess", "--no-gate", "--out", filepath.Join(out, "no-gate"), "-q"}, 0, ""},
		{"gate on pass rate alone still needs the verdict", []string{"assess", "--evidence", oracleFixture("reached"), "--min-pass-rate", "0.99", "--out", filepath.Join(out, "pass-rate")}, 1, ""},
		{"fail-on medium", []string{"assess", "--evidence", oracleFixture("reached"), "--fail-on", "medium", "--out", filepath.Join(out, "medium")}, 1, ""},
		{"fail-on high passes on the reached scenario", []string{"assess", "--evidence", oracleFixture("reached"), "--fail-on", "high", "--out", filepath.Join(out, "high")}, 0, ""},
	}
	t.Run("cases", func(t *testing.T) { // returns when every case has run
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				code, _, stderr := runCLI(t, nil, c.args...)
				if code != c.code {
					t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr)
				}
				if !strings.Contains(stderr, c.stderr) {
					t.Errorf("stderr %q lacks %q", stderr, c.stderr)
				}
			})
		}
	})
	if _, err := os.Stat(filepath.Join(out, "r")); !os.IsNotExist(err) {
		t.Error("a failed run created its --out folder")
	}
}

// TestEnvironmentVariablesSetFlags is not parallel: it sets variables.
func TestEnvironmentVariablesSetFlags(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, map[string]string{"ASSURE_EVIDENCE": oracleFixture("reached"), "ASSURE_OUT": out, "ASSURE_FORMAT": "json"}, "assess")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "report.json")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "report.pdf")); err == nil {
		t.Error("ASSURE_FORMAT=json still wrote a PDF")
	}
}

func TestProfileIsAppliedAndReported(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile.toml")
	os.WriteFile(profile, []byte(`[control.HD-03]
threshold = 60
justification = "Ticket load target agreed with the service desk for the first year"

[control.GV-02]
enabled = false
justification = "Metrics review moved to the annual audit cycle"
`), 0o644)
	_, rep, _ := assessFixture(t, oracleFixture("reached"), "--profile", profile)
	st := controlStatuses(rep)
	if st["HD-03"] != "pass" || st["GV-02"] != "not_applicable" {
		t.Errorf("HD-03 %s, GV-02 %s; want pass and not_applicable", st["HD-03"], st["GV-02"])
	}
	b, _ := json.Marshal(rep["profile"])
	for _, want := range []string{"Ticket load target agreed", "threshold of helpdesk.tickets_per_1000_users_month 30 → 60", "disabled"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("profile section %s lacks %q", b, want)
		}
	}
}

func TestInformationCommands(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"controls", []string{"controls"}, []string{"34 controls, as they apply under SP 800-63B-4", "HD-02", "critical", "CSF PR.AA-01", "SP 800-63-4 §3.5", "AT-03"}},
		{"controls under rev 3", []string{"controls", "--revision", "rev3"}, []string{"34 controls, as they apply under SP 800-63B (rev 3)", "SP 800-63B (rev 3) §4.2.3", "SP 800-63B-4 §4.6 (no rev 3 counterpart)"}},
		{"controls show", []string{"controls", "show", "hd-02"}, []string{"helpdesk.practical_test == true", "NIST CSF 2.0 PR.AA-01", "must pass:", "basis: programme default", "remediation:"}},
		// PC-01 under both revisions: the sections and bases of each
		{"PC-01 under rev 4", []string{"controls", "show", "PC-01"}, []string{
			"policy.aal2_max_session_hours <= 24\n    basis: normative, SP 800-63B-4 §2.2.3: the overall timeout SHOULD be no more than 24 hours at AAL2 (a profile may change it with a justification)",
			"policy.apps_without_overall_timeout <= 0\n    basis: normative, SP 800-63B-4 §2.2.3: a definite overall reauthentication timeout SHALL be established (locked: no profile may loosen it)",
			"NIST SP 800-63B-4 §2.2.3 (partial)"}},
		{"PC-01 under rev 3", []string{"controls", "show", "PC-01", "--revision", "rev3"}, []string{
			"policy.aal2_max_session_hours <= 12\n    basis: normative, SP 800-63B (rev 3) §4.2.3",
			"policy.aal2_max_idle_minutes <= 30\n    basis: normative, SP 800-63B (rev 3) §4.2.3: reauthentication SHALL follow any period of inactivity of 30 minutes or longer (locked: no profile may loosen it)",
			"NIST SP 800-63B (rev 3) §4.2.3 (partial)"}},
		{"metrics", []string{"controls", "--metrics"}, []string{"helpdesk.practical_test", "boolean"}},
		{"schema list", []string{"schema"}, []string{"auth_events", "manifest", "report"}},
		{"schema of a kind", []string{"schema", "tickets"}, []string{`"opened_at"`, "date-time-or-date"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, nil, c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q", w)
				}
			}
		})
	}
	if code, _, _ := runCLI(t, nil, "controls", "show", "ZZ-99"); code != 2 {
		t.Errorf("controls show of an unknown id: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, nil, "schema", "nope"); code != 2 {
		t.Errorf("schema nope: exit %d, want 2", code)
	}
}

func TestInitWritesAValidFolder(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ev")
	if code, _, stderr := runCLI(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, nil, "validate", dir)
	if code != 0 || !strings.Contains(stdout, "valid") {
		t.Fatalf("validate of the starter folder: exit %d\n%s%s", code, stdout, stderr)
	}
	// The first assess of the starter lacks no kind: every control that
	// needs evidence finds its kinds in the starter's manifest (its data is
	// a few rows, so shares rest on too few records; that is for the user's
	// exports to fix, not a kind the starter never mentioned).
	manifest, err := os.ReadFile(filepath.Join(dir, "evidence.toml"))
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^kind = "([a-z_]+)"`).FindAllStringSubmatch(string(manifest), -1) {
		named[m[1]] = true
	}
	code, rep, stderr := assessFixture(t, dir, "--no-gate")
	if code != 0 {
		t.Fatalf("assess of the starter folder: exit %d\n%s", code, stderr)
	}
	if missing := rep["missing_evidence"].([]any); len(missing) > 0 {
		t.Errorf("the starter's first assess misses %v", missing)
	}
	for _, c := range rep["controls"].([]any) {
		c := c.(map[string]any)
		for _, k := range c["evidence"].([]any) {
			if !named[k.(string)] {
				t.Errorf("%s needs %s, which the starter never mentions", c["id"], k)
			}
		}
		if m, ok := c["missing"].([]any); ok && len(m) > 0 {
			t.Errorf("%s lacks %v in the starter", c["id"], m)
		}
	}
	if code, _, _ := runCLI(t, nil, "init", dir); code != 2 {
		t.Errorf("init into a non-empty folder: exit %d, want 2", code)
	}
}

// TestUserErrorsAreUsageErrors: mistakes in what the user gave exit 2 with a
// message, never 3 ("internal error"). It is not parallel, as one case sets a
// variable; the others run in parallel after it.
func TestUserErrorsAreUsageErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	taken := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(taken, "report.pdf"), 0o755)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad boolean in an environment variable", map[string]string{"ASSURE_NO_GATE": "maybe"}, []string{"assess", "--out", dir}, "ASSURE_NO_GATE"},
		{"NaN pass rate", nil, []string{"assess", "--min-pass-rate", "NaN", "--out", dir}, "want a number from 0 to 1"},
		{"--out is a file", nil, []string{"assess", "--out", file}, "not a folder"},
		{"a report name taken by a folder", nil, []string{"assess", "--out", taken}, "report.pdf is a folder"},
		{"init into a file", nil, []string{"init", file}, "is a file"},
		{"verify against a missing folder", nil, []string{"verify", file, "--evidence", filepath.Join(dir, "nope")}, "not an evidence folder"},
	}
	t.Run("cases", func(t *testing.T) { // returns when every case has run
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.env == nil {
					t.Parallel()
				}
				code, _, stderr := runCLI(t, c.env, c.args...)
				if code != 2 || !strings.Contains(stderr, c.want) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
				}
			})
		}
	})
	if entries, _ := os.ReadDir(taken); len(entries) != 1 {
		t.Errorf("a refused run wrote into --out: %v", entries)
	}
}
