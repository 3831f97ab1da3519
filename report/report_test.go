package report

import (
	"reflect"
	"strings"
	"testing"
)

func minimal() *Report {
	return &Report{
		SchemaVersion: SchemaVersion, Tool: Tool{Name: Name, Version: Version}, Organization: "Org",
		Period: Period{Start: "2026-07-01", End: "2026-09-30"}, GeneratedAt: "2026-09-30T23:59:59Z", SP80063B: "rev4",
		Catalogue: Catalogue{Name: "c", Version: "1", SHA256: strings.Repeat("a", 64)},
		Inputs: Inputs{Manifest: Digest{"evidence.toml", strings.Repeat("b", 64)}, Catalogue: Digest{"c", strings.Repeat("a", 64)},
			TicketRules: Digest{"built-in", strings.Repeat("c", 64)}},
		Verdict: Verdict{Rule: "rule", Statement: "Usable assurance: not reached", Reasons: []Reason{}},
		Summary: Summary{Controls: 3, Pass: 2, Fail: 1, PassRate: 2.0 / 3},
		Controls: []Control{
			{ID: "A-01", Title: "a", Area: "enrolment", Severity: "critical", Status: "pass", Frameworks: []FrameworkRef{}, Checks: []Check{}, Evidence: []string{}},
			{ID: "A-02", Title: "b", Area: "enrolment", Severity: "high", Status: "fail", Frameworks: []FrameworkRef{}, Checks: []Check{}, Evidence: []string{}},
			{ID: "A-03", Title: "c", Area: "enrolment", Severity: "low", Status: "insufficient_evidence", Frameworks: []FrameworkRef{}, Checks: []Check{}, Evidence: []string{}},
		},
		Frameworks: []FrameworkCoverage{}, Anchors: []Anchor{}, Metrics: map[string]any{"x": 0.5, "y": true},
		MetricDetails: map[string]MetricDetail{}, MetricDefinitions: map[string]MetricDefinition{}, Segments: map[string]map[string]float64{}, SegmentSizes: map[string]map[string]int{},
		Helpdesk: Helpdesk{Months: []MonthStages{}}, Series: map[string][]SeriesPoint{}, Classification: Classification{Rules: map[string]int{}, Stages: map[string]int{}},
		Evidence: []Evidence{}, Coverage: []Coverage{}, IdentityJoin: []Join{}, Missing: []string{}, Gate: Gate{Rules: []string{}, Reasons: []string{}},
	}
}

func TestApplyGate(t *testing.T) {
	t.Parallel()
	rate := func(f float64) *float64 { return &f }
	cases := []struct {
		name    string
		reached bool
		opts    GateOptions
		passed  bool
		reason  string
	}{
		{"default gate, reached", true, GateOptions{}, true, ""},
		{"default gate, not reached", false, GateOptions{}, false, "usable assurance is not reached"},
		{"no gate", false, GateOptions{Off: true}, true, ""},
		{"pass rate met", true, GateOptions{MinPassRate: rate(0.6)}, true, ""},
		{"pass rate missed", true, GateOptions{MinPassRate: rate(0.7)}, false, "pass rate 66.7 % is below 70.0 %"},
		{"fail-on critical: nothing critical fails", true, GateOptions{FailOn: "critical"}, true, ""},
		{"fail-on high catches the high failure", true, GateOptions{FailOn: "high"}, false, "[A-02]"},
		{"fail-on low catches insufficient evidence", true, GateOptions{FailOn: "low"}, false, "[A-02 A-03]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := minimal()
			r.Verdict.UsableAssurance = c.reached
			ApplyGate(r, c.opts)
			if r.Gate.Passed != c.passed {
				t.Errorf("passed = %v, want %v (%v)", r.Gate.Passed, c.passed, r.Gate.Reasons)
			}
			if c.reason != "" && !strings.Contains(strings.Join(r.Gate.Reasons, "|"), c.reason) {
				t.Errorf("reasons %q lack %q", r.Gate.Reasons, c.reason)
			}
			if len(r.Gate.Rules) == 0 {
				t.Error("the gate records no rule")
			}
		})
	}
}

func TestJSONValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	r := minimal()
	b, err := JSON(r)
	if err != nil {
		t.Fatalf("valid report rejected: %v", err)
	}
	back, err := Decode(b)
	if err != nil || !reflect.DeepEqual(back.Summary, r.Summary) {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	broken := []struct {
		name   string
		break_ func(*Report)
		where  string
	}{
		{"pass rate above 1", func(r *Report) { r.Summary.PassRate = 1.5 }, "/summary/pass_rate"},
		{"unknown status", func(r *Report) { r.Controls[0].Status = "ok" }, "/controls/0/status"},
		{"bad digest", func(r *Report) { r.Catalogue.SHA256 = "xyz" }, "/catalogue/sha256"},
		{"metric of the wrong type", func(r *Report) { r.Metrics["x"] = "high" }, "/metrics/x"},
	}
	for _, c := range broken {
		t.Run(c.name, func(t *testing.T) {
			r := minimal()
			c.break_(r)
			_, err := JSON(r)
			if err == nil || !strings.Contains(err.Error(), c.where) {
				t.Errorf("error %v, want one at %s", err, c.where)
			}
		})
	}
}

// The gate caps the must-pass controls a profile may tailor, and says a
// not-assessable verdict in its own words.
func TestGateCapsTailoringAndNamesTheState(t *testing.T) {
	t.Parallel()
	r := minimal()
	r.Verdict.UsableAssurance, r.Verdict.State = true, VerdictReached
	r.Profile = &Profile{Path: "p.toml", SHA256: strings.Repeat("d", 64), Overrides: []Override{}, MaxTailored: 1}
	r.Verdict.Tailored = []Tailoring{{Control: "A-01", Change: "disabled"}, {Control: "A-02", Change: "severity high → low", Status: Fail}}
	ApplyGate(r, GateOptions{})
	if r.Gate.Passed || !strings.Contains(strings.Join(r.Gate.Reasons, "|"), "2 must-pass controls are tailored by the profile, more than the 1 allowed") {
		t.Errorf("gate %+v", r.Gate)
	}
	if got := r.Verdict.Tailored[1].Words(); got != "A-02 (severity high → low; it fails)" {
		t.Errorf("tailoring words %q", got)
	}
	r = minimal()
	r.Verdict.State = VerdictNotAssessable
	ApplyGate(r, GateOptions{})
	if !strings.Contains(strings.Join(r.Gate.Reasons, "|"), "usable assurance is not assessable") {
		t.Errorf("gate reasons %q", r.Gate.Reasons)
	}
}
