package controls_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/report"
)

// res builds a result: "HD-01:high:pass".
func res(spec string) controls.Result {
	p := strings.Split(spec, ":")
	return controls.Result{
		Control: &controls.Control{ID: p[0], Severity: report.Severity(p[1]), Area: "helpdesk_signal", Title: p[0]},
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

// signal is HD-01 and HD-02 passing.
var signal = []string{"HD-01:high:pass", "HD-02:critical:pass"}

func with(extra ...string) []controls.Result {
	return results(append(append([]string{}, signal...), extra...)...)
}

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
		{"a failing critical control", with("PC-03:critical:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"PC-03"}},
		{"an insufficient high control", with("DR-01:high:insufficient_evidence", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"DR-01"}},
		{"a not-applicable high control is no reason", with("PC-05:high:not_applicable"), true, nil},
		{"a failing medium control at exactly 0.80", with("GV-01:medium:fail", "A-01:low:pass", "A-02:low:pass"), true, nil},
		{"a failing low control at exactly 0.80", with("A-01:low:pass", "A-02:low:pass", "A-03:low:insufficient_evidence"), true, nil},
		{"pass rate 8 of 10 is exactly 0.80", with("A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "B-01:medium:fail", "B-02:medium:insufficient_evidence"), true, nil},
		{"pass rate 0.75 is below", with("A-01:low:pass", "GV-01:medium:fail"), false, []string{""}},
		{"pass rate 7 of 9 is below", with("A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "B-01:medium:fail", "B-02:medium:fail"), false, []string{""}},
		{"not_applicable is outside the pass rate", with("A-01:low:pass", "A-02:low:pass", "GV-01:medium:fail", "X-01:medium:not_applicable", "X-02:medium:not_applicable", "X-03:low:not_applicable"), true, nil},
		{"HD-01 fails", results("HD-01:high:fail", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-01"}},
		{"HD-01 fails at medium severity (profile)", results("HD-01:medium:fail", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-01"}},
		{"HD-01 insufficient at low severity", results("HD-01:low:insufficient_evidence", "HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-01"}},
		{"HD-02 disabled", results("HD-01:high:pass", "HD-02:critical:not_applicable", "A-01:low:pass"), false, []string{"HD-02"}},
		{"HD-02 fails", results("HD-01:high:pass", "HD-02:critical:fail", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass", "A-05:low:pass", "A-06:low:pass", "A-07:low:pass", "A-08:low:pass"),
			false, []string{"HD-02"}},
		{"HD-01 missing from the catalogue", results("HD-02:critical:pass", "A-01:low:pass", "A-02:low:pass", "A-03:low:pass", "A-04:low:pass"), false, []string{"HD-01"}},
		{"both helpdesk controls missing", results("A-01:low:pass"), false, []string{"HD-01", "HD-02"}},
		{"every rule broken", results("HD-01:high:fail", "HD-02:critical:insufficient_evidence", "EN-01:high:fail", "A-01:low:pass"),
			false, []string{"HD-01", "HD-02", "EN-01", ""}},
		{"nothing at all", nil, false, []string{"HD-01", "HD-02", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := controls.Decide(tc.results)
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
	v := controls.Decide(results("HD-01:high:fail", "HD-02:critical:pass", "A-01:low:fail"))
	byControl := map[string]string{}
	for _, r := range v.Reasons {
		byControl[r.Control] = r.Text
	}
	if txt := byControl["HD-01"]; !strings.Contains(txt, "finding of HD-01.") {
		t.Errorf("HD-01 reason %q does not carry the finding", txt)
	}
	// 1 of 3 assessed controls pass
	if txt := byControl[""]; !strings.Contains(txt, "33.3 %") || !strings.Contains(txt, "80.0 %") {
		t.Errorf("pass-rate reason %q should give the rate and the floor", txt)
	}
	v = controls.Decide(results("HD-02:critical:pass"))
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
	rs := results("HD-01:high:pass", "HD-02:critical:pass", "EN-01:high:pass", "GV-01:medium:pass", "GV-02:medium:fail")
	v := controls.Decide(rs)
	c := controls.Count(rs)
	fmt.Printf("pass rate %.2f, reached %v\n", c.PassRate(), v.Reached)

	rs = results("HD-01:high:pass", "HD-02:critical:fail", "EN-01:high:pass", "GV-01:medium:pass", "GV-02:medium:pass")
	v = controls.Decide(rs)
	fmt.Printf("reached %v, because of %s\n", v.Reached, v.Reasons[0].Control)
	// Output:
	// pass rate 0.80, reached true
	// reached false, because of HD-02
}
