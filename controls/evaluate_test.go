package controls_test

import (
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
)

func evalCatalogue(t *testing.T) *controls.Catalogue {
	t.Helper()
	cat, err := controls.Load("testdata/eval.toml")
	if err != nil {
		t.Fatalf("Load(eval.toml): %v", err)
	}
	return cat
}

var allKinds = []string{"population", "devices", "authenticators", "auth_events", "account_events", "tickets", "policies", "governance", "attestations"}

func present(except ...string) controls.Present {
	p := controls.Present{}
	for _, k := range allKinds {
		p[k] = true
	}
	for _, k := range except {
		delete(p, k)
	}
	return p
}

func num(v float64, n int) metrics.Value { return metrics.Value{Num: v, N: n} }
func boolean(v bool, n int) metrics.Value {
	return metrics.Value{Bool: v, IsBool: true, N: n}
}

func find(t *testing.T, rs []controls.Result, id string) controls.Result {
	t.Helper()
	for _, r := range rs {
		if r.Control.ID == id {
			return r
		}
	}
	t.Fatalf("no result for %s", id)
	return controls.Result{}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		control    string
		values     map[string]metrics.Value
		present    controls.Present
		want       report.Status
		checks     []report.Status // statuses of the checks, in order
		missing    []string
		findingHas []string
	}{
		// TE-01: enrolment.pr_share >= 0.9, min_sample 30
		{"pass", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(0.95, 100)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, []string{"PASS 95.0 % (target 90.0 %, n 100)"}},
		{"pass at the threshold and at min_sample", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(0.9, 30)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, nil},
		{"fail", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(0.5, 100)}, present(),
			report.Fail, []report.Status{report.Fail}, nil, []string{"FAIL 50.0 % (target 90.0 %)"}},
		{"sample one below min_sample", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(1, 29)}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, nil, []string{"29", "30"}},
		{"metric absent", "TE-01", map[string]metrics.Value{}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, nil, []string{"enrolment.pr_share"}},
		{"evidence kind missing", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(1, 100)}, present("authenticators"),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, []string{"authenticators"}, []string{"authenticators"}},
		{"two evidence kinds missing", "TE-01", map[string]metrics.Value{"enrolment.pr_share": num(1, 100)}, present("population", "authenticators"),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, []string{"population", "authenticators"}, []string{"population", "authenticators"}},

		// TE-02: any of auth.fallback_trend < 0, auth.fallback_share <= 0.01
		{"any: first check passes", "TE-02", map[string]metrics.Value{"auth.fallback_trend": num(-0.1, 50), "auth.fallback_share": num(0.2, 50)}, present(),
			report.Pass, []report.Status{report.Pass, report.Fail}, nil, []string{"PASS"}},
		{"any: second check passes", "TE-02", map[string]metrics.Value{"auth.fallback_trend": num(0.1, 50), "auth.fallback_share": num(0.005, 50)}, present(),
			report.Pass, []report.Status{report.Fail, report.Pass}, nil, nil},
		{"any: both fail", "TE-02", map[string]metrics.Value{"auth.fallback_trend": num(0.1, 50), "auth.fallback_share": num(0.2, 50)}, present(),
			report.Fail, []report.Status{report.Fail, report.Fail}, nil, []string{"FAIL trend +10.0 percentage points share 20.0 %"}},
		{"any: trend of exactly 0 fails <", "TE-02", map[string]metrics.Value{"auth.fallback_trend": num(0, 50), "auth.fallback_share": num(0.2, 50)}, present(),
			report.Fail, []report.Status{report.Fail, report.Fail}, nil, nil},
		{"any: one absent, the other passes", "TE-02", map[string]metrics.Value{"auth.fallback_share": num(0.005, 50)}, present(),
			report.Pass, []report.Status{report.InsufficientEvidence, report.Pass}, nil, nil},
		{"any: one absent, the other fails", "TE-02", map[string]metrics.Value{"auth.fallback_share": num(0.2, 50)}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence, report.Fail}, nil, []string{"auth.fallback_trend"}},
		{"any: one under-sampled, the other fails", "TE-02", map[string]metrics.Value{"auth.fallback_trend": num(-0.5, 10), "auth.fallback_share": num(0.2, 50)}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence, report.Fail}, nil, []string{"10"}},
		{"any: both absent", "TE-02", map[string]metrics.Value{}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence, report.InsufficientEvidence}, nil, nil},

		// TE-03: all of recovery.median_hours <= 8, recovery.p90_hours <= 72
		{"all: both pass", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(4, 40), "recovery.p90_hours": num(50, 40)}, present(),
			report.Pass, []report.Status{report.Pass, report.Pass}, nil, []string{"PASS median 4.0 h p90 50.0 h"}},
		{"all: both at the limit", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(8, 40), "recovery.p90_hours": num(72, 40)}, present(),
			report.Pass, []report.Status{report.Pass, report.Pass}, nil, nil},
		{"all: one fails", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(9, 40), "recovery.p90_hours": num(50, 40)}, present(),
			report.Fail, []report.Status{report.Fail, report.Pass}, nil, []string{"FAIL median 9.0 h (limit 8.0 h) p90 50.0 h (limit 72.0 h)"}},
		{"all: a definite failure beats missing evidence", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(9, 40)}, present(),
			report.Fail, []report.Status{report.Fail, report.InsufficientEvidence}, nil, []string{"p90 n/a"}},
		{"all: one passes, one absent", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(4, 40)}, present(),
			report.InsufficientEvidence, []report.Status{report.Pass, report.InsufficientEvidence}, nil, []string{"recovery.p90_hours"}},
		{"all: hours percentiles are sampled", "TE-03", map[string]metrics.Value{"recovery.median_hours": num(4, 10), "recovery.p90_hours": num(50, 10)}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence, report.InsufficientEvidence}, nil, nil},

		// TE-04: applies when governance.ai_systems > 0
		{"applies_when false", "TE-04", map[string]metrics.Value{"governance.ai_systems": num(0, 0), "governance.ai_systems_unreviewed": num(0, 0)}, present(),
			report.NotApplicable, []report.Status{report.Pass}, nil, []string{"Not applicable", "governance.ai_systems"}},
		{"applies_when metric absent", "TE-04", map[string]metrics.Value{"governance.ai_systems_unreviewed": num(0, 0)}, present(),
			report.InsufficientEvidence, []report.Status{report.Pass}, nil, []string{"governance.ai_systems"}},
		{"applies and passes", "TE-04", map[string]metrics.Value{"governance.ai_systems": num(2, 2), "governance.ai_systems_unreviewed": num(0, 2)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, []string{"PASS 0 unreviewed"}},
		{"applies and fails", "TE-04", map[string]metrics.Value{"governance.ai_systems": num(2, 2), "governance.ai_systems_unreviewed": {Num: 1, N: 2, Detail: "triage bot"}}, present(),
			report.Fail, []report.Status{report.Fail}, nil, []string{"FAIL 1 unreviewed: triage bot"}},
		{"missing evidence comes before applies_when", "TE-04", map[string]metrics.Value{"governance.ai_systems": num(0, 0)}, present("governance"),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, []string{"governance"}, []string{"governance"}},

		// TE-05: helpdesk.practical_test == true
		{"boolean true passes", "TE-05", map[string]metrics.Value{"helpdesk.practical_test": boolean(true, 2)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, []string{"PASS practical test yes"}},
		{"boolean false fails", "TE-05", map[string]metrics.Value{"helpdesk.practical_test": boolean(false, 200)}, present(),
			report.Fail, []report.Status{report.Fail}, nil, []string{"FAIL practical test no (want yes)"}},
		{"boolean absent", "TE-05", map[string]metrics.Value{}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, nil, nil},
		{"boolean missing account_events", "TE-05", map[string]metrics.Value{"helpdesk.practical_test": boolean(true, 2)}, present("account_events"),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, []string{"account_events"}, nil},

		// TE-06: enrolment.privileged_pr_share >= 1.0, min_sample 1
		{"min_sample 1: one privileged user enrolled", "TE-06", map[string]metrics.Value{"enrolment.privileged_pr_share": num(1, 1)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, nil},
		{"min_sample 1: one of two enrolled", "TE-06", map[string]metrics.Value{"enrolment.privileged_pr_share": num(0.5, 2)}, present(),
			report.Fail, []report.Status{report.Fail}, nil, nil},
		{"min_sample 1: no privileged users", "TE-06", map[string]metrics.Value{}, present(),
			report.InsufficientEvidence, []report.Status{report.InsufficientEvidence}, nil, nil},

		// TE-07: policy.weak_fallback_apps == 0, a count: not sampled
		{"count with n 0 passes", "TE-07", map[string]metrics.Value{"policy.weak_fallback_apps": num(0, 0)}, present(),
			report.Pass, []report.Status{report.Pass}, nil, []string{"PASS 0"}},
		{"count fails with detail", "TE-07", map[string]metrics.Value{"policy.weak_fallback_apps": {Num: 2, N: 5, Detail: "crm, payroll"}}, present(),
			report.Fail, []report.Status{report.Fail}, nil, []string{"FAIL 2: crm, payroll"}},
	}
	for _, tc := range cases {
		t.Run(tc.control+"/"+tc.name, func(t *testing.T) {
			cat := evalCatalogue(t)
			rs, err := controls.Evaluate(cat, &metrics.Results{Values: tc.values}, controls.Fitness{Present: tc.present})
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != len(cat.Controls) {
				t.Fatalf("%d results for %d controls", len(rs), len(cat.Controls))
			}
			r := find(t, rs, tc.control)
			if r.Status != tc.want {
				t.Errorf("status %s, want %s (finding %q)", r.Status, tc.want, r.Finding)
			}
			if len(r.Checks) != len(tc.checks) {
				t.Fatalf("%d check results, want %d", len(r.Checks), len(tc.checks))
			}
			for i, want := range tc.checks {
				if r.Checks[i].Status != want {
					t.Errorf("check %d (%s) status %s, want %s (reason %q)", i, r.Checks[i].Metric, r.Checks[i].Status, want, r.Checks[i].Reason)
				}
				if r.Checks[i].Status == report.InsufficientEvidence && r.Checks[i].Reason == "" {
					t.Errorf("check %d is insufficient without a reason", i)
				}
			}
			if strings.Join(r.Missing, ",") != strings.Join(tc.missing, ",") {
				t.Errorf("missing %v, want %v", r.Missing, tc.missing)
			}
			if r.Finding == "" {
				t.Error("empty finding")
			}
			for _, s := range tc.findingHas {
				if !strings.Contains(r.Finding, s) {
					t.Errorf("finding %q does not contain %q", r.Finding, s)
				}
			}
		})
	}
}

func TestEvaluateCheckResults(t *testing.T) {
	t.Parallel()
	cat := evalCatalogue(t)
	rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{
		"enrolment.pr_share":        num(0.42, 77),
		"helpdesk.practical_test":   boolean(false, 3),
		"policy.weak_fallback_apps": num(1, 4),
	}}, controls.Fitness{Present: present()})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		control  string
		measured any
		n        int
		sampled  bool
	}{
		{"TE-01", 0.42, 77, true},
		{"TE-05", false, 3, false},
		{"TE-07", 1.0, 4, false},
	}
	for _, tc := range cases {
		t.Run(tc.control, func(t *testing.T) {
			cr := find(t, rs, tc.control).Checks[0]
			if cr.Measured != tc.measured || cr.N != tc.n || !cr.HasN || cr.Sampled != tc.sampled {
				t.Errorf("check = measured %#v n %d hasN %v sampled %v, want %#v %d true %v", cr.Measured, cr.N, cr.HasN, cr.Sampled, tc.measured, tc.n, tc.sampled)
			}
		})
	}
	t.Run("absent metric has no measurement", func(t *testing.T) {
		cr := find(t, rs, "TE-03").Checks[0]
		if cr.Measured != nil || cr.HasN {
			t.Errorf("measured %#v hasN %v, want nil false", cr.Measured, cr.HasN)
		}
	})
}

func TestEvaluateDisabled(t *testing.T) {
	t.Parallel()
	cat := evalCatalogue(t)
	for _, c := range cat.Controls {
		if c.ID == "TE-01" {
			c.Disabled, c.DisabledWhy = true, "out of scope this quarter"
		}
	}
	cases := []struct {
		name    string
		values  map[string]metrics.Value
		present controls.Present
	}{
		{"failing metric", map[string]metrics.Value{"enrolment.pr_share": num(0.1, 100)}, present()},
		{"missing evidence", map[string]metrics.Value{}, present("population", "authenticators")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := controls.Evaluate(cat, &metrics.Results{Values: tc.values}, controls.Fitness{Present: tc.present})
			if err != nil {
				t.Fatal(err)
			}
			r := find(t, rs, "TE-01")
			if r.Status != report.NotApplicable {
				t.Errorf("status %s, want not_applicable", r.Status)
			}
			if !strings.Contains(r.Finding, "out of scope this quarter") {
				t.Errorf("finding %q does not give the profile's justification", r.Finding)
			}
		})
	}
}

// The built-in catalogue evaluated against no evidence at all is entirely
// insufficient_evidence: fail-closed, never pass.
func TestEvaluateBuiltinWithoutEvidence(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{}}, controls.Fitness{Present: controls.Present{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Status != report.InsufficientEvidence {
			t.Errorf("%s: %s, want insufficient_evidence", r.Control.ID, r.Status)
		}
		if len(r.Missing) == 0 {
			t.Errorf("%s: no missing kinds named", r.Control.ID)
		}
	}
	v := controls.Decide(rs, controls.Context{Baseline: true})
	if v.Reached {
		t.Error("verdict reached with no evidence")
	}
}

// Every built-in finding template renders for pass and for fail.
func TestEvaluateBuiltinFindingsRender(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	for _, passing := range []bool{true, false} {
		values := map[string]metrics.Value{}
		for _, d := range metrics.All() {
			values[d.Name] = num(0.5, 1000)
		}
		for _, c := range cat.Controls {
			for _, ch := range c.Checks {
				v := metrics.Value{N: 1000, Detail: "lost_device_recovery"}
				if b, ok := ch.Threshold.(bool); ok {
					v.IsBool, v.Bool = true, b == passing
				} else {
					th := ch.Threshold.(float64)
					switch {
					case passing && (ch.Op == ">=" || ch.Op == "<=" || ch.Op == "=="):
						v.Num = th
					case passing && ch.Op == "<", !passing && (ch.Op == ">=" || ch.Op == ">"):
						v.Num = th - 1
					default:
						v.Num = th + 1
					}
				}
				values[ch.Metric] = v
			}
			if aw := c.AppliesWhen; aw != nil {
				values[aw.Metric] = num(aw.Threshold.(float64)+1, 1000)
			}
		}
		rs, err := controls.Evaluate(cat, &metrics.Results{Values: values, Segments: map[string]float64{"frontline": 0.5}}, controls.Fitness{Present: present()})
		if err != nil {
			t.Fatal(err)
		}
		want := report.Fail
		if passing {
			want = report.Pass
		}
		for _, r := range rs {
			if r.Status != want {
				t.Errorf("%s: %s, want %s (%s)", r.Control.ID, r.Status, want, r.Finding)
			}
			if strings.Contains(r.Finding, "<no value>") || strings.TrimSpace(r.Finding) == "" {
				t.Errorf("%s: finding %q", r.Control.ID, r.Finding)
			}
		}
	}
}
