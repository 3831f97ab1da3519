package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestStaleEvidenceFailsClosed rewrites when the tickets of the reached
// scenario were collected: too early, too late, or not said. Every control
// that uses tickets must then be insufficient_evidence with the reason.
func TestStaleEvidenceFailsClosed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, collected, profile, want string
	}{
		{"collected before the period ended", "collected_at = 2026-09-20T08:00:00Z", "", "was collected on 2026-09-20, before the period ended"},
		{"collected too long after", "collected_at = 2026-11-15T08:00:00Z", "", "was collected 45 days after the period ended, more than the 30 allowed"},
		{"no collection time", "", "", "has no collected_at in the manifest"},
		{"a profile allowing more days", "collected_at = 2026-11-15T08:00:00Z", "max_evidence_age_days = 60\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyWithout(t, oracleFixture("reached"), "none")
			manifest := filepath.Join(dir, "evidence.toml")
			text, _ := os.ReadFile(manifest)
			blocks := strings.Split(string(text), "[[source]]")
			re := regexp.MustCompile(`collected_at = \S+`)
			for i, b := range blocks {
				if strings.Contains(b, `kind = "tickets"`) {
					blocks[i] = re.ReplaceAllString(b, c.collected)
				}
			}
			os.WriteFile(manifest, []byte(strings.Join(blocks, "[[source]]")), 0o644)
			args := []string{"--no-gate"}
			if c.profile != "" {
				p := filepath.Join(t.TempDir(), "profile.toml")
				os.WriteFile(p, []byte(c.profile), 0o644)
				args = append(args, "--profile", p)
			}
			_, rep, _ := assessFixture(t, dir, args...)
			for _, ctl := range rep["controls"].([]any) {
				m := ctl.(map[string]any)
				uses := false
				for _, k := range m["evidence"].([]any) {
					uses = uses || k == "tickets"
				}
				if !uses {
					continue
				}
				if c.want == "" {
					if m["status"] == "insufficient_evidence" {
						t.Errorf("%s is insufficient: %s", m["id"], m["finding"])
					}
					continue
				}
				if m["status"] != "insufficient_evidence" || !strings.Contains(m["finding"].(string), c.want) {
					t.Errorf("%s is %s (%s); want insufficient_evidence saying %q", m["id"], m["status"], m["finding"], c.want)
				}
			}
		})
	}
}

// TestCoverageIsReported: the thin scenario's 12 tickets fall on few days,
// but in every month and without a gap chance would not explain, so the log is
// relied on and HD-03 is decided; a log without a month is not.
func TestCoverageIsReported(t *testing.T) {
	t.Parallel()
	_, rep, _ := assessShared(t, oracleFixture("thin"))
	cov := rep["coverage"].([]any)
	if len(cov) != 1 || cov[0].(map[string]any)["kind"] != "tickets" || cov[0].(map[string]any)["share"].(float64) >= 0.5 {
		t.Fatalf("coverage %v, want tickets on under half the days", cov)
	}
	st := controlStatuses(rep)
	if st["HD-03"] == "insufficient_evidence" {
		t.Errorf("HD-03 is insufficient_evidence for a sparse but complete ticket log")
	}
	_, rep, _ = assessShared(t, oracleFixture("reached"))
	for _, c := range rep["coverage"].([]any) {
		if c.(map[string]any)["share"].(float64) < 0.9 {
			t.Errorf("reached scenario: %v below 90 %%", c)
		}
	}
}

// TestPartialLogFailsClosed removes August from the reached scenario's
// account events: the log is then partial, and every control that uses it
// is insufficient_evidence naming the missing month.
func TestPartialLogFailsClosed(t *testing.T) {
	t.Parallel()
	dir := copyWithout(t, oracleFixture("reached"), "none")
	path := filepath.Join(dir, "account_events.jsonl")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.SplitAfter(string(text), "\n") {
		if !strings.Contains(line, `"time":"2026-08-`) {
			kept = append(kept, line)
		}
	}
	if len(kept) == len(strings.SplitAfter(string(text), "\n")) {
		t.Fatal("no August account events to remove")
	}
	os.WriteFile(path, []byte(strings.Join(kept, "")), 0o644)
	_, rep, _ := assessFixture(t, dir, "--no-gate")
	want := "account_events has no record from 2026-08-01 to 2026-08-31"
	for _, ctl := range rep["controls"].([]any) {
		m := ctl.(map[string]any)
		uses := false
		for _, k := range m["evidence"].([]any) {
			uses = uses || k == "account_events"
		}
		if uses && (m["status"] != "insufficient_evidence" || !strings.Contains(m["finding"].(string), want)) {
			t.Errorf("%s is %s (%s); want insufficient_evidence saying %q", m["id"], m["status"], m["finding"], want)
		}
	}
}
