package controls_test

import (
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
)

// A value the evidence only bounds decides a check when both ends agree, and
// is insufficient evidence otherwise — never a failure on its lower end
// alone. A share whose unknown records exceed the programme's limit cannot
// decide at all. TE-01 checks enrolment.pr_share >= 0.9.
func TestBoundsAndUnknowns(t *testing.T) {
	t.Parallel()
	bounded := func(lo, hi float64) metrics.Value {
		return metrics.Value{Num: lo, N: 200, Bound: metrics.LowerBound, Upper: hi, Unknown: 20, Cause: "20 of 200 active devices could not be judged from this export"}
	}
	withUnknown := func(v float64, n, unknown int) metrics.Value {
		return metrics.Value{Num: v, N: n, Unknown: unknown, Cause: "sign-ins of unknown method"}
	}
	cases := []struct {
		name     string
		v        metrics.Value
		want     report.Status
		has      []string
		absentOK bool
	}{
		{"both ends pass", bounded(0.92, 0.99), report.Pass, []string{"PASS at least 92.0 % (target 90.0 %, n 200) 20 of 200 active devices could not be judged from this export."}, false},
		{"both ends fail", bounded(0.70, 0.80), report.Fail, []string{"FAIL at most 80.0 % (target 90.0 %) 20 of 200"}, false},
		{"the ends disagree", bounded(0.85, 0.95), report.InsufficientEvidence, []string{"at least 85.0 % and at most 95.0 %", "could not be judged", "cannot be decided"}, false},
		{"unknown at the limit", withUnknown(0.95, 90, 10), report.Pass, []string{"PASS 95.0 % (target 90.0 %, n 90) Sign-ins of unknown method."}, false},
		{"unknown above the limit", withUnknown(0.95, 89, 11), report.InsufficientEvidence, []string{"sign-ins of unknown method", "at most 10.0 %"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := controls.Evaluate(evalCatalogue(t), &metrics.Results{Values: map[string]metrics.Value{"enrolment.pr_share": tc.v}}, controls.Fitness{Present: present()})
			if err != nil {
				t.Fatal(err)
			}
			r := find(t, rs, "TE-01")
			if r.Status != tc.want {
				t.Fatalf("status %s, want %s: %s", r.Status, tc.want, r.Finding)
			}
			for _, s := range tc.has {
				if !strings.Contains(r.Finding, s) {
					t.Errorf("finding %q lacks %q", r.Finding, s)
				}
			}
			ch := r.Checks[0]
			if tc.v.Bound != "" && (ch.Bound != tc.v.Bound || ch.Upper != tc.v.Upper) || ch.Unknown != tc.v.Unknown {
				t.Errorf("check carries bound %q upper %v unknown %d", ch.Bound, ch.Upper, ch.Unknown)
			}
		})
	}
}

// An absent metric whose cause an export gave names that cause, not the
// generic need.
func TestAbsentMetricNamesItsCause(t *testing.T) {
	t.Parallel()
	why := "the Entra registration-details export has no registration dates; add the Entra audit log"
	rs, err := controls.Evaluate(evalCatalogue(t), &metrics.Results{Values: map[string]metrics.Value{}, Absent: map[string]string{"enrolment.pr_share": why}}, controls.Fitness{Present: present()})
	if err != nil {
		t.Fatal(err)
	}
	if r := find(t, rs, "TE-01"); r.Status != report.InsufficientEvidence || !strings.Contains(r.Finding, why) {
		t.Errorf("%s: %s", r.Status, r.Finding)
	}
}
