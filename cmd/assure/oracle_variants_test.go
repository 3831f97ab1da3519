package main

// Variants of the scenario folders that exercise what none of them holds as
// generated — people coming into scope during the assessment, a population
// without a privileged column, an attestation made after its file was
// collected, the other SP 800-63B revision, a missing risk analysis, one side
// of the practical test missing, no baseline — each assessed by the tool and
// compared with the oracle: every metric, control, check and the verdict.
// The oracle is never bent to the tool: a variant failing on the tool's side
// is a finding to fix there.

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oracleEdit rewrites one file of a copied folder.
type oracleEdit func(t *testing.T, data []byte) []byte

// oracleVariant is a scenario folder with some files rewritten, and what the
// oracle must then say, so that a variant that changes nothing cannot pass.
type oracleVariant struct {
	name, from string
	edits      map[string]oracleEdit // file name ->
	expect     func(t *testing.T, orig, got oracleFolder)
}

var oracleVariants = []oracleVariant{
	{
		// A merger: a quarter of the in-scope people came into scope in
		// August. The changes against the baseline are then per person.
		name: "merger", from: "reached",
		edits: map[string]oracleEdit{"population.csv": oracleEveryNthInScope(4, "in_scope_from", "2026-08-01", "")},
		expect: func(t *testing.T, orig, got oracleFolder) {
			for _, k := range []string{"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change"} {
				if got.m[k] == nil || got.m[k] == orig.m[k] {
					t.Errorf("%s = %v, unchanged from %v: the population change is not taken per person", k, got.m[k], orig.m[k])
				}
			}
		},
	},
	{
		// Nobody says who is privileged: EN-02 cannot know whether it applies.
		name: "no-privileged-column", from: "reached",
		edits: map[string]oracleEdit{"population.csv": oracleDropColumn("privileged")},
		expect: func(t *testing.T, _, got oracleFolder) {
			for _, k := range []string{"population.privileged_in_scope", "enrolment.privileged_pr_share"} {
				if v, ok := got.m[k]; ok {
					t.Errorf("%s = %v, want absent", k, v)
				}
			}
		},
	},
	{
		// The column is there, every cell empty: nobody is known to be
		// privileged, which is not "nobody is".
		name: "privileged-unknown", from: "reached",
		edits: map[string]oracleEdit{"population.csv": oracleEveryNthInScope(1, "privileged", "", "")},
		expect: func(t *testing.T, _, got oracleFolder) {
			for _, k := range []string{"population.privileged_in_scope", "enrolment.privileged_pr_share"} {
				if v, ok := got.m[k]; ok {
					t.Errorf("%s = %v, want absent", k, v)
				}
			}
		},
	},
	{
		// The privileged cells are empty for all but every fifth person:
		// those known count, the others are not privileged.
		name: "privileged-partly-known", from: "reached",
		edits: map[string]oracleEdit{"population.csv": oracleEveryNthInScope(5, "privileged", "keep", "")},
		expect: func(t *testing.T, orig, got oracleFolder) {
			if v, ok := got.m["population.privileged_in_scope"].(float64); !ok || v >= orig.m["population.privileged_in_scope"].(float64) {
				t.Errorf("population.privileged_in_scope = %v, want present and fewer than %v", got.m["population.privileged_in_scope"], orig.m["population.privileged_in_scope"])
			}
		},
	},
	{
		// A later, negative attestation made after the file was collected
		// is not part of the evidence.
		name: "late-attestation", from: "reached",
		edits: map[string]oracleEdit{"attestations.toml": oracleAppend(`
[[attestation]]
statement = "recovery_secrets"
answer = false
attested_by = "Leitung Identitätstechnik"
attested_at = 2026-10-03
reference = "IAM-KONZ-7 Wiederherstellung, Fassung 4"
expires = 2027-06-30
`)},
		expect: func(t *testing.T, _, got oracleFolder) {
			if got.m["attestation.recovery_secrets"] != true {
				t.Errorf("attestation.recovery_secrets = %v, want the attestation collected (true)", got.m["attestation.recovery_secrets"])
			}
		},
	},
	{
		// Without the documented risk analysis, the temporary access pass
		// and the verified helpdesk are weak recovery routes under rev 4.
		name: "no-risk-analysis", from: "sample",
		edits: map[string]oracleEdit{"governance.toml": oracleDropLines("recovery_risk_analysis")},
		expect: func(t *testing.T, _, got oracleFolder) {
			if got.m["policy.recovery_methods_weak"] != 2.0 {
				t.Errorf("policy.recovery_methods_weak = %v, want 2", got.m["policy.recovery_methods_weak"])
			}
		},
	},
	{
		// Under rev 3 neither is weak, analysis or not, and PC-01 takes its
		// rev 3 thresholds.
		name: "rev3", from: "sample",
		edits: map[string]oracleEdit{
			"governance.toml": oracleDropLines("recovery_risk_analysis"),
			"evidence.toml":   oracleReplace(`sp800_63b_profile = "rev4"`, `sp800_63b_profile = "rev3"`),
		},
		expect: func(t *testing.T, _, got oracleFolder) {
			if got.rev != "rev3" || got.m["policy.recovery_methods_weak"] != 0.0 {
				t.Errorf("%s: policy.recovery_methods_weak = %v, want rev3 and 0", got.rev, got.m["policy.recovery_methods_weak"])
			}
		},
	},
	{
		// One recovery by SMS among fewer completed recoveries than RC-02's
		// minimum sample: zero tolerance fails it whatever the sample.
		name: "one-weak-recovery", from: "small",
		edits: map[string]oracleEdit{"account_events.jsonl": oracleReplace(
			`"user_id":"u-00108","action":"recovery_completed","method":"recovery_code"`,
			`"user_id":"u-00108","action":"recovery_completed","method":"sms"`)},
		expect: func(t *testing.T, _, got oracleFolder) {
			if v, _ := got.m["recovery.weak_method_share"].(float64); v <= 0 || got.ns["recovery.weak_method_share"] >= 30 {
				t.Errorf("recovery.weak_method_share = %v (n=%d), want a weak recovery among fewer than 30", v, got.ns["recovery.weak_method_share"])
			}
			if v := oracleDecide(t, got); v.state != "not_reached" {
				t.Errorf("verdict %s, want not_reached: RC-02 is critical", v.state)
			}
		},
	},
	{
		// No password resets: the recovery side decides the practical test
		// alone, and recovery demand fell.
		name: "no-resets-recovery-fell", from: "reached",
		edits:  map[string]oracleEdit{"account_events.jsonl": oracleDropLines(`"action":"password_reset"`)},
		expect: oracleExpectPractical(true, true),
	},
	{
		// No password resets while recovery demand rose: nothing decides it.
		name: "no-resets-recovery-rose", from: "sample",
		edits:  map[string]oracleEdit{"account_events.jsonl": oracleDropLines(`"action":"password_reset"`)},
		expect: oracleExpectPractical(false, false),
	},
	{
		// Every application at AAL2 moved to AAL1: the only one left above
		// is at AAL3, held to AAL3 rules, so no AAL2 session figure exists —
		// not even "none without an idle timeout".
		name: "aal3-only", from: "reached",
		edits: map[string]oracleEdit{"policies.json": oracleReplace(`"aal": 2`, `"aal": 1`)},
		expect: func(t *testing.T, _, got oracleFolder) {
			if got.m["policy.aal3_apps"] != 1.0 || got.m["policy.aal2_apps"] != 1.0 {
				t.Errorf("AAL3 applications %v, at AAL2 or above %v; want 1 and 1", got.m["policy.aal3_apps"], got.m["policy.aal2_apps"])
			}
			for _, k := range []string{"policy.aal2_apps_without_idle_timeout", "policy.aal2_max_session_hours", "policy.aal2_max_idle_minutes"} {
				if v, ok := got.m[k]; ok {
					t.Errorf("%s = %v, want absent", k, v)
				}
			}
		},
	},
	{
		// No baseline period: not assessable.
		name: "no-baseline", from: "reached",
		edits: map[string]oracleEdit{"evidence.toml": oracleDropLines("baseline_period")},
		expect: func(t *testing.T, _, got oracleFolder) {
			if got.baseline {
				t.Error("the baseline period is still there")
			}
			if v := oracleDecide(t, got); v.state != "not_assessable" {
				t.Errorf("verdict %s, want not_assessable", v.state)
			}
		},
	},
}

// TestOracleVariants assesses each variant with the tool and compares the
// report with the oracle.
func TestOracleVariants(t *testing.T) {
	t.Parallel()
	for _, v := range oracleVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			dir := oracleCopy(t, oracleFixture(v.from), v.edits)
			v.expect(t, oracleAssess(t, oracleFixture(v.from)), oracleAssess(t, dir))
			_, rep, out := assessFixture(t, dir)
			if _, ok := rep["metrics"]; !ok {
				t.Fatalf("no metrics in the report:\n%s", out)
			}
			compareWithOracle(t, dir, rep)
			oracleCompareDecisions(t, dir, rep)
		})
	}
}

// oracleExpectPractical wants helpdesk.practical_test present (with the
// value holds) or absent.
func oracleExpectPractical(present, holds bool) func(t *testing.T, _, got oracleFolder) {
	return func(t *testing.T, _, got oracleFolder) {
		v, ok := got.m["helpdesk.practical_test"]
		if ok != present || (present && v != holds) {
			t.Errorf("helpdesk.practical_test = %v (present %v), want present %v, %v", v, ok, present, holds)
		}
		if c, ok := got.m["credential_reset.change"]; ok {
			t.Errorf("credential_reset.change = %v, want absent without resets", c)
		}
	}
}

// oracleCopy copies the files of a scenario folder (they are flat) into a
// temporary one, rewriting those edits names.
func oracleCopy(t *testing.T, src string, edits map[string]oracleEdit) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if edit, ok := edits[e.Name()]; ok {
			changed := edit(t, data)
			if bytes.Equal(changed, data) {
				t.Fatalf("the edit of %s changes nothing", e.Name())
			}
			data = changed
			done++
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if done != len(edits) {
		t.Fatalf("%d of %d files to edit found in %s", done, len(edits), src)
	}
	return dst
}

// oracleDropLines drops the lines that contain s.
func oracleDropLines(s string) oracleEdit {
	return func(_ *testing.T, data []byte) []byte {
		var kept []string
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if !strings.Contains(line, s) {
				kept = append(kept, line)
			}
		}
		return []byte(strings.Join(kept, ""))
	}
}

func oracleReplace(old, new string) oracleEdit {
	return func(_ *testing.T, data []byte) []byte { return bytes.ReplaceAll(data, []byte(old), []byte(new)) }
}

func oracleAppend(text string) oracleEdit {
	return func(_ *testing.T, data []byte) []byte { return append(data, text...) }
}

// oracleEditCSV rewrites a CSV file: edit gets the header and the rows.
func oracleEditCSV(edit func(header []string, rows [][]string) ([]string, [][]string)) oracleEdit {
	return func(t *testing.T, data []byte) []byte {
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil || len(recs) == 0 {
			t.Fatalf("CSV: %v", err)
		}
		header, rows := edit(recs[0], recs[1:])
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(append([][]string{header}, rows...)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
}

func oracleDropColumn(name string) oracleEdit {
	return oracleEditCSV(func(header []string, rows [][]string) ([]string, [][]string) {
		i := oracleColumn(header, name)
		if i < 0 {
			return header, rows
		}
		drop := func(r []string) []string { return append(append([]string{}, r[:i]...), r[i+1:]...) }
		for j := range rows {
			rows[j] = drop(rows[j])
		}
		return drop(header), rows
	})
}

// oracleEveryNthInScope sets a population column (adding it when absent) to
// value for every nth in-scope person and to other for everyone else; "keep"
// leaves a cell as it is.
func oracleEveryNthInScope(n int, column, value, other string) oracleEdit {
	return oracleEditCSV(func(header []string, rows [][]string) ([]string, [][]string) {
		col := oracleColumn(header, column)
		if col < 0 {
			header = append(header, column)
			col = len(header) - 1
			for j := range rows {
				rows[j] = append(rows[j], "")
			}
		}
		scope, seen := oracleColumn(header, "in_scope"), 0
		for j, r := range rows {
			inScope := strings.EqualFold(strings.TrimSpace(r[scope]), "true")
			if inScope {
				seen++
			}
			set := other
			if inScope && seen%n == 0 {
				set = value
			}
			if set != "keep" {
				rows[j][col] = set
			}
		}
		return header, rows
	})
}

func oracleColumn(header []string, name string) int {
	for i, h := range header {
		if strings.TrimSpace(h) == name {
			return i
		}
	}
	return -1
}
