package controls_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
)

// RC-02 allows no weak recovery (SP 800-63B-4 §4.2.2.2 is a SHALL): one weak
// recovery fails it whatever the sample, and fewer recoveries than its
// minimum sample with none weak pass it, marked as a small sample.
func TestZeroTolerance(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	weak := func(share float64, n, unknown int) metrics.Value {
		return metrics.Value{Num: share, N: n, Unknown: unknown, Cause: "recoveries of unknown verification"}
	}
	cases := []struct {
		name  string
		v     metrics.Value
		want  report.Status
		small bool
		has   string
	}{
		{"none weak in a full sample", weak(0, 120, 0), report.Pass, false, "None of 120 completed recoveries used a weak method"},
		{"none weak in a small sample", weak(0, 7, 0), report.Pass, true, "Small sample: recovery.weak_method_share rests on 7 records, fewer than the 30"},
		{"one weak in a small sample", weak(1.0/7, 7, 0), report.Fail, false, "14.3 % of 7 completed recoveries used a weak method, where none may"},
		{"one weak in a full sample", weak(1.0/400, 400, 0), report.Fail, false, "0.2 % of 400"},
		{"one weak beside many unknown", weak(1.0/20, 20, 30), report.Fail, false, "where none may"},
		{"none weak beside many unknown", weak(0, 40, 30), report.InsufficientEvidence, false, "at most 10.0 % of its records may be unknown"},
		{"none weak, unknown within the limit, small", weak(0, 18, 2), report.Pass, true, "Small sample"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{"recovery.weak_method_share": tc.v}}, controls.Fitness{Present: present()})
			if err != nil {
				t.Fatal(err)
			}
			r := find(t, rs, "RC-02")
			if r.Status != tc.want || r.Checks[0].SmallSample != tc.small {
				t.Fatalf("status %s small %v, want %s %v: %s", r.Status, r.Checks[0].SmallSample, tc.want, tc.small, r.Finding)
			}
			if !strings.Contains(r.Finding, tc.has) {
				t.Errorf("finding %q lacks %q", r.Finding, tc.has)
			}
		})
	}
	// A check that is not zero-tolerance still wants its minimum sample.
	rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{"recovery.self_service_share": {Num: 1, N: 7}}}, controls.Fitness{Present: present()})
	if err != nil {
		t.Fatal(err)
	}
	if r := find(t, rs, "RC-03"); r.Status != report.InsufficientEvidence {
		t.Errorf("RC-03 on 7 recoveries: %s, want insufficient_evidence", r.Status)
	}
}

// Switching off a must-pass control that would not have applied changes
// nothing, so it is not tailoring: AT-03 applies only with AI systems.
func TestDisablingWhatDoesNotApply(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "profile.toml")
	if err := os.WriteFile(path, []byte("[control.AT-03]\nenabled = false\njustification = \"no AI in sign-in\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		aiSystems float64
		tailored  bool
	}{{0, false}, {2, true}} {
		cat := builtin(t).ForRevision(controls.Rev4)
		p, err := controls.LoadProfile(path, cat)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Apply(cat); err != nil {
			t.Fatal(err)
		}
		rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{"governance.ai_systems": {Num: tc.aiSystems, N: 1}}}, controls.Fitness{Present: present()})
		if err != nil {
			t.Fatal(err)
		}
		r := find(t, rs, "AT-03")
		if r.Status != report.NotApplicable || r.Tailored != tc.tailored {
			t.Errorf("%v AI systems: %s, tailored %v; want not_applicable, tailored %v (%s)", tc.aiSystems, r.Status, r.Tailored, tc.tailored, r.Finding)
		}
	}
}
