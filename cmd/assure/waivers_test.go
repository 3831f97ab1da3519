package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWaivers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, fixture, waivers    string
		code                      int
		reachedBefore, reached    bool
		passBefore, passAfter     float64
		statement                 string
		waived, expired, unwaived string
	}{
		{
			name: "reached with one waiver", fixture: "reached", waivers: "reached.toml", code: 0,
			reachedBefore: true, reached: true, passBefore: 32.0 / 34, passAfter: 32.0 / 33,
			statement: "Usable assurance: reached with 1 waiver", waived: "HD-03", expired: "GV-02", unwaived: "GV-02",
		},
		{
			name: "not reached either way", fixture: "sample", waivers: "sample.toml", code: 1,
			reachedBefore: false, reached: false, passBefore: 21.0 / 34, passAfter: 21.0 / 33,
			statement: "Usable assurance: not reached", waived: "DR-01", expired: "AU-02", unwaived: "AU-02",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			code, rep, out := assessFixture(t, oracleFixture(c.fixture), "--waivers", filepath.Join(oracleFixture("waivers"), c.waivers))
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, out)
			}
			v := rep["verdict"].(map[string]any)
			before := v["before_waivers"].(map[string]any)
			if v["usable_assurance"] != c.reached || before["usable_assurance"] != c.reachedBefore {
				t.Errorf("verdict after %v before %v, want %v and %v", v["usable_assurance"], before["usable_assurance"], c.reached, c.reachedBefore)
			}
			if v["statement"] != c.statement {
				t.Errorf("statement %q, want %q", v["statement"], c.statement)
			}
			s := rep["summary"].(map[string]any)
			if math.Abs(s["pass_rate"].(float64)-c.passAfter) > 1e-12 || math.Abs(s["pass_rate_before_waivers"].(float64)-c.passBefore) > 1e-12 {
				t.Errorf("pass rate %v (before %v), want %v (before %v)", s["pass_rate"], s["pass_rate_before_waivers"], c.passAfter, c.passBefore)
			}
			st := controlStatuses(rep)
			if st[c.waived] != "waived" || st[c.unwaived] == "waived" {
				t.Errorf("%s is %s (want waived), %s is %s (an expired waiver must not apply)", c.waived, st[c.waived], c.unwaived, st[c.unwaived])
			}
			states := map[string]string{}
			for _, e := range rep["waivers"].(map[string]any)["entries"].([]any) {
				m := e.(map[string]any)
				states[m["control"].(string)] = m["state"].(string)
			}
			if states[c.waived] != "active" || states[c.expired] != "expired" {
				t.Errorf("waiver states %v", states)
			}
			for _, ctl := range rep["controls"].([]any) {
				m := ctl.(map[string]any)
				if m["id"] == c.waived && (m["status_before_waiver"] == nil || len(m["checks"].([]any)) == 0 || m["checks"].([]any)[0].(map[string]any)["measured"] == nil) {
					t.Errorf("a waived control must keep its status before the waiver and its measured values: %v", m)
				}
			}
			if !strings.Contains(out, "before waivers") {
				t.Errorf("the summary does not show the verdict before waivers:\n%s", out)
			}
		})
	}
}

func TestWaiverCapAndBadWaivers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile.toml")
	os.WriteFile(profile, []byte("max_active_waivers = 0\n"), 0o644)
	code, rep, _ := assessFixture(t, oracleFixture("reached"), "--waivers", filepath.Join(oracleFixture("waivers"), "reached.toml"), "--profile", profile)
	if code != 1 || !strings.Contains(strings.Join(toStrings(rep["gate"].(map[string]any)["reasons"]), " "), "1 waivers are active, more than the 0 allowed") {
		t.Errorf("exit %d, gate %v; want the waiver cap to fail the gate", code, rep["gate"])
	}
	bad := []struct{ name, text, want string }{
		{"unknown control", "[waiver.ZZ-01]\njustification = \"x\"\napproved_by = \"CISO\"\nrisk_register_id = \"R1\"\nexpires = 2026-12-31\n", `waivers.toml:1: waiver for unknown control "ZZ-01"`},
		{"missing field", "[waiver.HD-03]\njustification = \"x\"\napproved_by = \"CISO\"\nexpires = 2026-12-31\n", `waivers.toml:1: waiver.HD-03.risk_register_id: missing required field`},
		{"bad date", "[waiver.HD-03]\njustification = \"x\"\napproved_by = \"CISO\"\nrisk_register_id = \"R1\"\nexpires = \"soon\"\n", `waivers.toml:5: waiver.HD-03.expires: "soon" is not a date`},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "waivers.toml")
			os.WriteFile(path, []byte(c.text), 0o644)
			out := t.TempDir()
			code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("reached"), "--waivers", path, "--out", out)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Error("a report was written despite invalid waivers")
			}
		})
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestApproverMustBeARole: an approver or attester given as an e-mail address
// is refused, so no address can reach a report.
func TestApproverMustBeARole(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "waivers.toml")
	os.WriteFile(path, []byte("[waiver.HD-03]\njustification = \"x\"\napproved_by = \"jane.doe@example.test\"\nrisk_register_id = \"R1\"\nexpires = 2026-12-31\n"), 0o644)
	code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("reached"), "--waivers", path, "--out", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "waivers.toml:3: waiver.HD-03.approved_by: is not a role") || strings.Contains(stderr, "jane.doe") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
