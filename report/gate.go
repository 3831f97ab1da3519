package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report/present"
)

// GateOptions are the CI gate's settings; the report records them beside the
// rules they make. The verdict is always part of the gate unless Off is set.
type GateOptions struct {
	// MinPassRate: the pass rate must be at least this.
	MinPassRate *float64 `json:"min_pass_rate,omitempty"`
	// FailOn: fail on any fail or insufficient_evidence control of this
	// severity or above.
	FailOn Severity `json:"fail_on,omitempty"`
	// Off (--no-gate): report, but never fail.
	Off bool `json:"off,omitempty"`
	// NoRegression fails the gate when a control regressed against the
	// baseline report or the pass rate fell; it needs a comparison.
	NoRegression bool `json:"no_regression,omitempty"`
}

// ApplyGate decides the gate and records it, with its options, in the report.
func ApplyGate(r *Report, o GateOptions) {
	g := Gate{Rules: []string{}, Reasons: []string{}, Options: o}
	if o.Off {
		g.Rules = append(g.Rules, "no gate (--no-gate): reports are written and the exit code is 0 whatever the verdict")
		g.Passed = true
		r.Gate = g
		return
	}
	g.Rules = append(g.Rules, "usable assurance must be reached")
	if !r.Verdict.UsableAssurance {
		g.Reasons = append(g.Reasons, "usable assurance is "+StateWords(r.Verdict.StateOf()))
	}
	if o.MinPassRate != nil {
		g.Rules = append(g.Rules, fmt.Sprintf("pass rate must be at least %v", *o.MinPassRate))
		if r.Summary.PassRate < *o.MinPassRate {
			g.Reasons = append(g.Reasons, fmt.Sprintf("pass rate %s is below %s",
				present.Format(r.Summary.PassRate, present.Share), present.Format(*o.MinPassRate, present.Share)))
		}
	}
	if o.FailOn != "" {
		g.Rules = append(g.Rules, fmt.Sprintf("no control of severity %s or above may fail or lack evidence", o.FailOn))
		var ids []string
		for _, c := range r.Controls {
			if c.Severity.AtLeast(o.FailOn) && c.Status.Failing() {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids)
			g.Reasons = append(g.Reasons, fmt.Sprintf("controls of severity %s or above fail or lack evidence: %v", o.FailOn, ids))
		}
	}
	if o.NoRegression {
		g.Rules = append(g.Rules, "no control may regress against the baseline report, and the pass rate may not fall")
		switch c := r.Comparison; {
		case c == nil:
			g.Reasons = append(g.Reasons, "no baseline report to compare against (--baseline)")
		default:
			if len(c.Regressed) > 0 {
				g.Reasons = append(g.Reasons, fmt.Sprintf("controls regressed since the baseline report: %s", strings.Join(c.Regressed, ", ")))
			}
			if c.PassRate.Change < 0 {
				g.Reasons = append(g.Reasons, fmt.Sprintf("the pass rate fell from %s to %s",
					present.Format(c.PassRate.Previous, present.Share), present.Format(c.PassRate.Current, present.Share)))
			}
		}
	}
	if p := r.Profile; p != nil {
		g.Rules = append(g.Rules, fmt.Sprintf("at most %d must-pass controls may be tailored by the profile", p.MaxTailored))
		if n := len(r.Verdict.Tailored); n > p.MaxTailored {
			g.Reasons = append(g.Reasons, fmt.Sprintf("%d must-pass controls are tailored by the profile, more than the %d allowed", n, p.MaxTailored))
		}
	}
	if w := r.Waivers; w != nil {
		g.Rules = append(g.Rules, fmt.Sprintf("at most %d waivers may be active", w.MaxActive))
		if w.Active > w.MaxActive {
			g.Reasons = append(g.Reasons, fmt.Sprintf("%d waivers are active, more than the %d allowed", w.Active, w.MaxActive))
		}
	}
	g.Passed = len(g.Reasons) == 0
	r.Gate = g
}
