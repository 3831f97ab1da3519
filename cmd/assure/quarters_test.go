package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The quarters fixtures are one organisation, Harbourview Logistics, assessed in
// Q2 2026 and again in Q3 2026 (fixtures/gen: quarterConfig). Between them
// self-service recovery took over (RC-03 improves), while fallback crept back
// up (AU-03 regresses) and helpdesk demand rose again (HD-01 regresses).
const (
	quarterRegressed = "HD-01"
	quarterFallback  = "AU-03"
	quarterImproved  = "RC-03"
)

// assessQuarters assesses Q2, then Q3 with Q2's report.json as the baseline,
// and returns the path of Q2's report and both decoded reports.
func assessQuarters(t *testing.T) (q2Path string, q2, q3 map[string]any) {
	t.Helper()
	out := t.TempDir()
	runCLI(t, nil, "assess", "--evidence", oracleFixture("quarters/q2"), "--out", out, "--format", "json")
	q2Path = filepath.Join(out, "report.json")
	b, err := os.ReadFile(q2Path)
	if err != nil {
		t.Fatalf("Q2: no report: %v", err)
	}
	if err := json.Unmarshal(b, &q2); err != nil {
		t.Fatal(err)
	}
	_, q3, _ = assessFixture(t, oracleFixture("quarters/q3"), "--baseline", q2Path)
	return q2Path, q2, q3
}

func TestQuartersBaselineComparison(t *testing.T) {
	t.Parallel()
	q2Path, q2, q3 := assessQuarters(t)
	for _, rep := range []map[string]any{q2, q3} {
		if rep["organization"] != "Harbourview Logistics" {
			t.Fatalf("organization = %v", rep["organization"])
		}
	}
	if p := q2["period"].(map[string]any); p["start"] != "2026-04-01" || p["end"] != "2026-06-30" {
		t.Errorf("Q2 period = %v", p)
	}
	if p := q3["period"].(map[string]any); p["start"] != "2026-07-01" || p["end"] != "2026-09-30" {
		t.Errorf("Q3 period = %v", p)
	}

	// The story, control by control, in each quarter on its own.
	s2, s3 := controlStatuses(q2), controlStatuses(q3)
	for id, want := range map[string][2]string{
		quarterRegressed: {"pass", "fail"}, quarterFallback: {"pass", "fail"}, quarterImproved: {"fail", "pass"},
	} {
		if s2[id] != want[0] || s3[id] != want[1] {
			t.Errorf("%s: Q2 %s, Q3 %s; want %s then %s", id, s2[id], s3[id], want[0], want[1])
		}
	}

	cmp, ok := q3["comparison"].(map[string]any)
	if !ok {
		t.Fatal("the Q3 report has no comparison section")
	}
	names := func(key string) []string {
		var out []string
		for _, v := range cmp[key].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	regressed, improved := names("regressed"), names("improved")
	for _, id := range []string{quarterRegressed, quarterFallback} {
		if !slices.Contains(regressed, id) {
			t.Errorf("comparison.regressed = %v, want %s named", regressed, id)
		}
	}
	if !slices.Contains(improved, quarterImproved) {
		t.Errorf("comparison.improved = %v, want %s named", improved, quarterImproved)
	}
	rate := cmp["pass_rate"].(map[string]any)
	if c := rate["change"].(float64); c >= 0 {
		t.Errorf("comparison.pass_rate.change = %v, want < 0", c)
	}
	if rate["previous"] != q2["summary"].(map[string]any)["pass_rate"] || rate["current"] != q3["summary"].(map[string]any)["pass_rate"] {
		t.Errorf("comparison.pass_rate %v does not match the two summaries", rate)
	}
	prev := cmp["previous"].(map[string]any)
	if p := prev["period"].(map[string]any); p["start"] != "2026-04-01" || p["end"] != "2026-06-30" {
		t.Errorf("comparison.previous.period = %v, want Q2", p)
	}
	// Per control: the previous and current measured values are carried.
	for _, c := range cmp["controls"].([]any) {
		m := c.(map[string]any)
		if m["id"] != quarterImproved {
			continue
		}
		checks := m["checks"].([]any)
		if len(checks) == 0 {
			t.Fatalf("%s: no checks in the comparison", quarterImproved)
		}
		ch := checks[0].(map[string]any)
		p, _ := ch["previous"].(float64)
		n, _ := ch["current"].(float64)
		if ch["metric"] != "recovery.self_service_share" || !(p < 0.70 && n >= 0.70) {
			t.Errorf("%s check in the comparison: %v", quarterImproved, ch)
		}
	}

	q3Path := filepath.Join(t.TempDir(), "q3.json")
	b, err := json.Marshal(q3)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(q3Path, b, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("diff", func(t *testing.T) {
		t.Parallel()
		code, stdout, stderr := runCLI(t, nil, "diff", q2Path, q3Path)
		if code != 1 {
			t.Fatalf("diff Q2 Q3: exit %d, want 1\n%s%s", code, stdout, stderr)
		}
		for _, id := range []string{quarterRegressed, quarterFallback, quarterImproved} {
			if !strings.Contains(stdout, id) {
				t.Errorf("diff output does not name %s:\n%s", id, stdout)
			}
		}
		if !strings.Contains(stdout, "Regressed") || !strings.Contains(stdout, "Improved") {
			t.Errorf("diff output lacks the Regressed/Improved groups:\n%s", stdout)
		}
	})

	t.Run("diff json", func(t *testing.T) {
		t.Parallel()
		code, stdout, stderr := runCLI(t, nil, "diff", "--format", "json", q2Path, q3Path)
		if code != 1 {
			t.Fatalf("diff --format json: exit %d, want 1\n%s", code, stderr)
		}
		var c struct {
			Regressed []string `json:"regressed"`
			Improved  []string `json:"improved"`
			PassRate  struct {
				Change float64 `json:"change"`
			} `json:"pass_rate"`
		}
		if err := json.Unmarshal([]byte(stdout), &c); err != nil {
			t.Fatalf("diff --format json does not decode: %v\n%s", err, stdout)
		}
		if !slices.Contains(c.Regressed, quarterRegressed) || !slices.Contains(c.Regressed, quarterFallback) || !slices.Contains(c.Improved, quarterImproved) {
			t.Errorf("diff json: regressed %v, improved %v", c.Regressed, c.Improved)
		}
		if c.PassRate.Change >= 0 {
			t.Errorf("diff json: pass rate change %v, want < 0", c.PassRate.Change)
		}
	})

	t.Run("diff unchanged", func(t *testing.T) {
		t.Parallel()
		code, stdout, stderr := runCLI(t, nil, "diff", q2Path, q2Path)
		if code != 0 {
			t.Fatalf("diff Q2 Q2: exit %d, want 0\n%s%s", code, stdout, stderr)
		}
	})

	t.Run("no-regression gate", func(t *testing.T) {
		t.Parallel()
		code, rep, out := assessFixture(t, oracleFixture("quarters/q3"), "--baseline", q2Path, "--no-regression")
		if code != 1 {
			t.Fatalf("assess --no-regression: exit %d, want 1\n%s", code, out)
		}
		gate := rep["gate"].(map[string]any)
		var reasons []string
		for _, r := range gate["reasons"].([]any) {
			reasons = append(reasons, r.(string))
		}
		joined := strings.Join(reasons, "\n")
		found := false
		for _, r := range reasons {
			if strings.Contains(r, "regressed") && strings.Contains(r, quarterRegressed) && strings.Contains(r, quarterFallback) {
				found = true
			}
		}
		if !found {
			t.Errorf("gate reasons do not name the regressed controls:\n%s", joined)
		}
		if !strings.Contains(joined, "pass rate fell") {
			t.Errorf("gate reasons do not say the pass rate fell:\n%s", joined)
		}
		// Against itself Q2 has nothing to regress: the gate then fails on the
		// verdict alone.
		_, self, _ := assessFixture(t, oracleFixture("quarters/q2"), "--baseline", q2Path, "--no-regression")
		for _, r := range self["gate"].(map[string]any)["reasons"].([]any) {
			if s := r.(string); strings.Contains(s, "regressed") || strings.Contains(s, "pass rate fell") {
				t.Errorf("Q2 against itself: gate reason %q", s)
			}
		}
	})
}

// TestQuartersMatchOracle checks every metric of both quarters against the
// independent computation, and that the fixtures meet their own terms: samples
// of at least 30 behind every share and percentile check, logs on at least 90 %
// of the period's days, and sources collected 1 to 30 days after the period.
func TestQuartersMatchOracle(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"q2", "q3"} {
		t.Run(q, func(t *testing.T) {
			t.Parallel()
			dir := oracleFixture("quarters/" + q)
			_, rep, _ := assessFixture(t, dir, "--no-gate")
			compareWithOracle(t, dir, rep)

			_, ns := oracleCompute(t, dir)
			for _, c := range oracleChecks(t) {
				if c.minSample >= 30 && ns[c.metric] < 30 {
					t.Errorf("%s %s: n = %d, want >= 30", c.control, c.metric, ns[c.metric])
				}
			}
			for _, c := range rep["coverage"].([]any) {
				m := c.(map[string]any)
				if share := m["share"].(float64); share < 0.90 {
					t.Errorf("%s covers %.1f %% of the period's days, want >= 90 %%", m["kind"], share*100)
				}
			}
			end, err := time.Parse(time.DateOnly, rep["period"].(map[string]any)["end"].(string))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep["evidence"].([]any) {
				m := e.(map[string]any)
				if s, _ := m["stale"].(string); s != "" {
					t.Errorf("%s is stale: %s", m["path"], s)
				}
				at, err := time.Parse(time.RFC3339, m["collected_at"].(string))
				if err != nil {
					t.Fatalf("%s: collected_at: %v", m["path"], err)
				}
				if days := at.Truncate(24*time.Hour).Sub(end).Hours() / 24; days < 1 || days > 30 {
					t.Errorf("%s collected %v days after the period's end, want 1..30", m["path"], days)
				}
			}
			// Every control whose evidence kinds the folder supplies is decided.
			missing, _ := rep["missing_evidence"].([]any)
			for _, c := range rep["controls"].([]any) {
				m := c.(map[string]any)
				lacks := false
				for _, k := range m["evidence"].([]any) {
					lacks = lacks || slices.Contains(missing, k)
				}
				if m["status"] == "insufficient_evidence" && !lacks {
					t.Errorf("%s is insufficient_evidence in %s: %v", m["id"], q, m["finding"])
				}
			}
		})
	}
}
