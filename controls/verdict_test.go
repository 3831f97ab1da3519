package controls_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/report"
)

// res builds a result: "HD-01:high:pass"; the id's prefix gives the area.
func res(spec string) controls.Result {
	p := strings.Split(spec, ":")
	area := map[string]string{"DR": "device_readiness", "RC": "recovery", "PC": "policy_consistency"}[p[0][:2]]
	if area == "" {
		area = "helpdesk_signal"
	}
	return controls.Result{
		Control: &controls.Control{ID: p[0], Severity: report.Severity(p[1]), Area: area, Title: p[0]},
		Status:  report.Status(p[2]),
		Finding: "finding of " + p[0] + ".",
	}
}

func results(specs ...string) []controls.Result {
	out := make([]controls.Result, len(specs))
	for i, s := range specs {
		out[i] = res(s)
	}
	return out
}

// areas are one passing control in each area rule 4 holds to the pass rate.
var areas = []string{"DR-09:low:pass", "RC-09:low:pass", "PC-09:low:pass"}

// signal is HD-01 and HD-02 passing, with the areas.
var signal = append([]string{"HD-01:high:pass", "HD-02:critical:pass"}, areas...)

func with(extra ...string) []controls.Result {
	return results(append(append([]string{}, signal...), extra...)...)
}

// withAreas is the areas passing, and the given results.
func withAreas(extra ...string) []controls.Result {
	return results(append(append([]string{}, areas...), extra...)...)
}

// baseline is a manifest that names a baseline period.
var baseline = controls.Context{Baseline: true}

func TestDecide(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		results []controls.Result
		reached bool
		reasons []string // Reason.Control in order; "" = the pass-rate rule
	}{
		{"everything passes", with("EN-01:high:pass", "GV-01:medium:pass"), true, nil},
		{"a failing high control", with("EN-01:high:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"EN-01"}},
		{"a failing critical control", with("PC-03:critical:fail", "PC-04:low:pass", "PC-05:low:pass", "PC-06:low:pass", "PC-07:low:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass"),
			false, []string{"PC-03"}},
		{"an insufficient high control", with("DR-01:high:insufficient_evidence", "DR-02:low:pass", "DR-03:low:pass", "DR-04:low:pass", "DR-05:low:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass"),
			false, []string{"DR-01"}},
		{"a not-applicable high control is no reason", with("PC-05:high:not_applicable"), true, nil},
		{"a failing medium control at exactly 0.80", with("GV-01:medium:fail", "GV-02:medium:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass"), true, nil},
		{"a failing low control at exactly 0.80", with("A-01:low:fail", "A-02:low:insufficient_evidence", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass"), true, nil},
		{"pass rate 8 of 10 is exactly 0.80", with("A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "B-01:medium:fail", "B-02:medium:insufficient_evidence"), true, nil},
		{"pass rate 5 of 7 is below", with("GV-01:medium:fail", "GV-02:medium:fail"), false, []string{""}},
		{"pass rate 7 of 9 is below", with("A-01:low:pass", "A-02:low:pass", "B-01:medium:fail", "B-02:medium:fail"), false, []string{""}},
		{"not_applicable is outside the pass rate", with("A-01:low:pass", "GV-01:medium:fail", "X-01:medium:not_applicable", "X-02:medium:not_applicable", "X-03:low:not_applicable"), true, nil},
		{"HD-01 fails", withAreas("HD-01:high:fail", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-01"}},
		{"HD-01 fails at medium severity (profile)", withAreas("HD-01:medium:fail", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-01"}},
		{"HD-01 insufficient at low severity", withAreas("HD-01:low:insufficient_evidence", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"", "HD-01"}}, // not assessable: the signal cannot be decided
		{"HD-02 disabled", withAreas("HD-01:high:pass", "HD-02:critical:not_applicable", "A-01:low:pass"), false, []string{"HD-02"}},
		{"HD-02 fails", withAreas("HD-01:high:pass", "HD-02:critical:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-02"}},
		{"HD-01 missing from the catalogue", withAreas("HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass"), false, []string{"HD-01"}},
		{"both helpdesk controls missing", withAreas("A-01:low:pass"), false, []string{"HD-01", "HD-02"}},
		{"every rule broken", results("HD-01:high:fail", "HD-02:critical:insufficient_evidence", "EN-01:high:fail", "A-01:low:pass"),
			false, []string{"", "HD-01", "HD-02", "EN-01", "", "", "", ""}},
		{"nothing at all", nil, false, []string{"HD-01", "HD-02", "", "", "", ""}},
		// rule 4: each of the three areas reaches the pass rate on its own
		{"recovery passes 1 of 2", with("RC-02:medium:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass"), false, []string{""}},
		{"device readiness passes 4 of 5", with("DR-01:medium:fail", "DR-02:low:pass", "DR-03:low:pass", "DR-04:low:pass"), true, nil},
		{"policy consistency not assessed at all", results("HD-01:high:pass", "HD-02:critical:pass", "DR-01:low:pass", "RC-01:low:pass", "PC-01:low:not_applicable"), false, []string{""}},
		{"a waived recovery control is not assessed", results("HD-01:high:pass", "HD-02:critical:pass", "DR-01:low:pass", "RC-01:low:waived", "PC-01:low:pass"), false, []string{""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := controls.Decide(tc.results, baseline)
			if v.Reached != tc.reached {
				t.Errorf("reached %v, want %v (reasons %+v)", v.Reached, tc.reached, v.Reasons)
			}
			var got []string
			for _, r := range v.Reasons {
				got = append(got, r.Control)
				if strings.TrimSpace(r.Text) == "" {
					t.Errorf("reason for %q has no text", r.Control)
				}
			}
			if fmt.Sprint(sortedCopy(got)) != fmt.Sprint(sortedCopy(tc.reasons)) {
				t.Errorf("reasons for %q, want %q", got, tc.reasons)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestDecideReasonTexts(t *testing.T) {
	t.Parallel()
	v := controls.Decide(withAreas("HD-01:high:fail", "HD-02:critical:pass", "A-01:low:fail", "A-02:low:fail", "A-03:low:fail"), baseline)
	byControl := map[string]string{}
	for _, r := range v.Reasons {
		byControl[r.Control] = r.Text
	}
	if txt := byControl["HD-01"]; !strings.Contains(txt, "finding of HD-01.") {
		t.Errorf("HD-01 reason %q does not carry the finding", txt)
	}
	// 4 of 8 assessed controls pass
	if txt := byControl[""]; !strings.Contains(txt, "50.0 %") || !strings.Contains(txt, "80.0 %") {
		t.Errorf("pass-rate reason %q should give the rate and the floor", txt)
	}
	v = controls.Decide(withAreas("HD-02:critical:pass"), baseline)
	if txt := v.Reasons[0].Text; v.Reasons[0].Control != "HD-01" || !strings.Contains(txt, "not in the catalogue") {
		t.Errorf("missing HD-01 reason = %+v", v.Reasons[0])
	}
}

func TestCountAndPassRate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		results []controls.Result
		want    controls.Counts
		rate    float64
	}{
		{"none", nil, controls.Counts{}, 0},
		{"only not applicable", results("A-01:low:not_applicable", "A-02:low:waived"), controls.Counts{Controls: 2, NotApplicable: 1, Waived: 1}, 0},
		{"all pass", results("A-01:low:pass", "A-02:low:pass"), controls.Counts{Controls: 2, Pass: 2}, 1},
		{"mixed", results("A-01:low:pass", "A-02:low:fail", "A-03:low:insufficient_evidence", "A-04:low:not_applicable", "A-05:low:pass", "A-06:low:waived"),
			controls.Counts{Controls: 6, Pass: 2, Fail: 1, Insufficient: 1, NotApplicable: 1, Waived: 1}, 0.5},
		{"4 of 5", results("A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:fail"), controls.Counts{Controls: 5, Pass: 4, Fail: 1}, 0.8},
		{"21 of 29 (report.json example)", nil, controls.Counts{Controls: 29, Pass: 21, Fail: 6, Insufficient: 2}, 21.0 / 29},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.want
			if tc.results != nil {
				c = controls.Count(tc.results)
				if c != tc.want {
					t.Errorf("Count = %+v, want %+v", c, tc.want)
				}
			}
			if got := c.PassRate(); got != tc.rate {
				t.Errorf("PassRate = %v, want %v", got, tc.rate)
			}
		})
	}
	if controls.MinPassRate != 0.80 {
		t.Errorf("MinPassRate = %v, want 0.80", controls.MinPassRate)
	}
}

func ExampleDecide() {
	rs := results("HD-01:high:pass", "HD-02:critical:pass", "DR-01:high:pass", "RC-01:high:pass", "PC-01:high:pass",
		"EN-01:high:pass", "GV-01:medium:pass", "GV-02:medium:pass", "GV-03:medium:fail", "GV-04:low:fail")
	v := controls.Decide(rs, controls.Context{Baseline: true})
	c := controls.Count(rs)
	fmt.Printf("pass rate %.2f, reached %v\n", c.PassRate(), v.Reached)

	rs = results("HD-01:high:pass", "HD-02:critical:fail", "DR-01:high:pass", "RC-01:high:pass", "PC-01:high:pass")
	v = controls.Decide(rs, controls.Context{Baseline: true})
	fmt.Printf("reached %v, because of %s\n", v.Reached, v.Reasons[0].Control)
	// Output:
	// pass rate 0.80, reached true
	// reached false, because of HD-02
}

// The verdict has three states: reached, not reached, and not assessable
// when the helpdesk signal cannot be decided for want of a baseline period
// or more than half the assessed controls lack evidence.
func TestVerdictStates(t *testing.T) {
	t.Parallel()
	insufficient := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("X-%02d:low:insufficient_evidence", i))
		}
		return out
	}
	cases := []struct {
		name    string
		results []controls.Result
		ctx     controls.Context
		state   string
		has     string
	}{
		{"reached", with("A-01:low:pass"), baseline, controls.Reached, ""},
		{"not reached", with("EN-01:high:fail"), baseline, controls.NotReached, "EN-01"},
		{"no baseline period", with("A-01:low:pass"), controls.Context{}, controls.NotAssessable, "names no baseline period"},
		{"a baseline without tickets", withAreas("HD-01:high:pass", "HD-02:critical:insufficient_evidence", "A-01:low:pass"), baseline, controls.NotAssessable,
			"The helpdesk signal cannot be decided: HD-02 lacks evidence"},
		// 5 pass and 6 lack evidence: more than half of 11
		{"most controls lack evidence", with(insufficient(6)...), baseline, controls.NotAssessable, "6 of 11 assessed controls lack evidence"},
		// 5 pass and 5 lack evidence: exactly half is not more than half
		{"half the controls lack evidence", with(insufficient(5)...), baseline, controls.NotReached, "The pass rate is 50.0 %"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := controls.Decide(tc.results, tc.ctx)
			if v.State != tc.state || v.Reached != (tc.state == controls.Reached) {
				t.Fatalf("state %q reached %v, want %q", v.State, v.Reached, tc.state)
			}
			var text []string
			for _, r := range v.Reasons {
				text = append(text, r.Control+" "+r.Text)
			}
			if !strings.Contains(strings.Join(text, "\n"), tc.has) {
				t.Errorf("reasons %q lack %q", text, tc.has)
			}
			if want := map[string]string{controls.Reached: "Usable assurance: reached", controls.NotReached: "Usable assurance: not reached",
				controls.NotAssessable: "Usable assurance: not assessable"}[tc.state]; controls.Statement(v, 0) != want {
				t.Errorf("statement %q, want %q", controls.Statement(v, 0), want)
			}
		})
	}
}

// A reached verdict that rests on tailored must-pass controls says so, beside
// its waivers.
func TestVerdictNamesTailoring(t *testing.T) {
	t.Parallel()
	rs := with("A-01:low:pass", "EN-02:critical:not_applicable")
	rs[len(rs)-1].Control.Tailored, rs[len(rs)-1].Tailored = "disabled", true
	rs[0].Control.Tailored, rs[0].Tailored = "threshold of helpdesk.demand_change 0 → 0.1", true
	v := controls.Decide(rs, baseline)
	if !v.Reached || len(v.Tailored) != 2 || v.Tailored[0].Control != "HD-01" || v.Tailored[1].Change != "disabled" {
		t.Fatalf("verdict %+v", v)
	}
	for waivers, want := range map[int]string{
		0: "Usable assurance: reached under tailoring (2 controls tailored: HD-01, EN-02)",
		1: "Usable assurance: reached with 1 waiver, under tailoring (2 controls tailored: HD-01, EN-02)",
	} {
		if got := controls.Statement(v, waivers); got != want {
			t.Errorf("%d waivers: %q, want %q", waivers, got, want)
		}
	}
}
