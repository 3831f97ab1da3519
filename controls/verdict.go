package controls

import (
	"fmt"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// MinPassRate is the pass rate the verdict rule requires.
const MinPassRate = 0.80

// Counts tallies results by status.
type Counts struct {
	Controls, Pass, Fail, Insufficient, NotApplicable, Waived int
}

// PassRate is pass / (pass + fail + insufficient_evidence); 0 when nothing was
// assessable, so an empty assessment never looks good.
func (c Counts) PassRate() float64 {
	d := c.Pass + c.Fail + c.Insufficient
	if d == 0 {
		return 0
	}
	return float64(c.Pass) / float64(d)
}

// Count tallies results by status.
func Count(results []Result) Counts {
	var c Counts
	for _, r := range results {
		c.Controls++
		switch r.Status {
		case report.Pass:
			c.Pass++
		case report.Fail:
			c.Fail++
		case report.InsufficientEvidence:
			c.Insufficient++
		case report.NotApplicable:
			c.NotApplicable++
		case report.Waived:
			c.Waived++
		}
	}
	return c
}

// Reason is one cause of a "not reached" verdict; Control is empty for the
// pass-rate rule.
type Reason struct {
	Control string
	Text    string
}

// The states of a verdict.
const (
	Reached       = report.VerdictReached
	NotReached    = report.VerdictNotReached
	NotAssessable = report.VerdictNotAssessable
)

// Verdict is the decision on usable assurance.
type Verdict struct {
	Reached bool
	// State is Reached, NotReached, or NotAssessable when the helpdesk signal
	// cannot be decided for want of a baseline period, or more than half the
	// assessed controls lack evidence.
	State   string
	Reasons []Reason
	// Tailored lists the must-pass controls the profile switched off,
	// lowered or re-thresholded; a reached verdict rests on them.
	Tailored []Tailoring
}

// Tailoring is one must-pass control a profile changed, what it changed, and
// the control's status under that change: a failing must-pass control the
// verdict does not count against it (its severity lowered, say) stays in
// plain sight.
type Tailoring struct {
	Control, Change string
	Status          report.Status
}

// VerdictAreas are the areas of the article's three demands — devices people
// can use, recovery without the helpdesk, one policy across applications —
// each of which must itself reach the pass rate.
var VerdictAreas = []string{"device_readiness", "recovery", "policy_consistency"}

// Context is what the verdict needs to know beyond the results.
type Context struct {
	// Baseline: the manifest names a baseline period, without which the
	// helpdesk signal cannot be decided.
	Baseline bool
}

// The controls whose passing makes up the helpdesk signal.
var helpdeskSignal = []string{"HD-01", "HD-02"}

// Decide applies the declared rule (templates.VerdictRule) to the results.
func Decide(results []Result, ctx Context) Verdict {
	var v Verdict
	listed := map[string]bool{}
	add := func(r Result, why string) {
		if listed[r.Control.ID] {
			return
		}
		listed[r.Control.ID] = true
		v.Reasons = append(v.Reasons, Reason{Control: r.Control.ID, Text: fmt.Sprintf("%s-severity %s control %s: %s", r.Control.Severity, present.Label(r.Control.Area), why, strings.TrimPrefix(r.Finding, "Insufficient evidence: "))})
	}
	byID := map[string]Result{}
	for _, r := range results {
		byID[r.Control.ID] = r
		if r.Control.Severity.AtLeast(report.High) && r.Status.Failing() {
			add(r, statusWords(r.Status))
		}
	}
	for _, id := range helpdeskSignal {
		r, ok := byID[id]
		switch {
		case !ok:
			v.Reasons = append(v.Reasons, Reason{Control: id, Text: "not in the catalogue, so the helpdesk signal cannot be shown to hold."})
		case r.Status != report.Pass && r.Status != report.Waived:
			// A waived signal control holds by accepted risk, and the verdict
			// then says how many waivers it rests on.
			add(r, statusWords(r.Status)+" (the helpdesk signal must hold)")
		}
	}
	c := Count(results)
	if rate := c.PassRate(); rate < MinPassRate {
		v.Reasons = append(v.Reasons, Reason{Text: fmt.Sprintf("The pass rate is %s (%d of %d assessed controls pass); the rule needs at least %s.",
			present.Format(rate, present.Share), c.Pass, c.Pass+c.Fail+c.Insufficient, present.Format(MinPassRate, present.Share))})
	}
	for _, area := range VerdictAreas {
		if why := areaShort(results, area); why != "" {
			v.Reasons = append(v.Reasons, Reason{Text: why})
		}
	}
	for _, r := range results {
		if r.Tailored {
			v.Tailored = append(v.Tailored, Tailoring{Control: r.Control.ID, Change: r.Control.Tailored, Status: r.StatusBefore()})
		}
	}
	assessed := c.Pass + c.Fail + c.Insufficient
	var undecided []string // helpdesk signal controls that lack evidence
	for _, id := range helpdeskSignal {
		if r, ok := byID[id]; ok && r.Status == report.InsufficientEvidence {
			undecided = append(undecided, id)
		}
	}
	switch {
	// The reason a verdict cannot be assessed comes first: the others are
	// what the evidence could show.
	case !ctx.Baseline:
		v.State = NotAssessable
		v.Reasons = append([]Reason{{Text: "The manifest names no baseline period, so the helpdesk signal (HD-01, HD-02) cannot be decided: add a baseline_period, the quarter before, to evidence.toml."}}, v.Reasons...)
	case len(undecided) > 0:
		v.State = NotAssessable
		v.Reasons = append([]Reason{{Text: fmt.Sprintf("The helpdesk signal cannot be decided: %s %s evidence, so whether helpdesk demand and recovery are under control is unknown.",
			strings.Join(undecided, " and "), map[bool]string{true: "lacks", false: "lack"}[len(undecided) == 1])}}, v.Reasons...)
	case 2*c.Insufficient > assessed:
		v.State = NotAssessable
		v.Reasons = append([]Reason{{Text: fmt.Sprintf("%d of %d assessed controls lack evidence, more than half: the evidence cannot carry a verdict either way.", c.Insufficient, assessed)}}, v.Reasons...)
	case len(v.Reasons) == 0:
		v.State = Reached
	default:
		v.State = NotReached
	}
	v.Reached = v.State == Reached
	return v
}

// CountArea tallies the results of one area.
func CountArea(results []Result, area string) Counts {
	var in []Result
	for _, r := range results {
		if r.Control.Area == area {
			in = append(in, r)
		}
	}
	return Count(in)
}

// areaShort says why an area of VerdictAreas falls short of the pass rate on
// its own, or "" when it reaches it. An area with no assessed control falls
// short: the verdict cannot rest on what was not assessed.
func areaShort(results []Result, area string) string {
	c := CountArea(results, area)
	assessed := c.Pass + c.Fail + c.Insufficient
	if assessed == 0 {
		return fmt.Sprintf("No %s control could be assessed; each of device readiness, recovery and policy consistency must reach %s on its own.",
			present.Label(area), present.Format(MinPassRate, present.Share))
	}
	if rate := c.PassRate(); rate < MinPassRate {
		return fmt.Sprintf("The %s area passes %s (%d of %d assessed controls); each of device readiness, recovery and policy consistency must reach %s on its own.",
			present.Label(area), present.Format(rate, present.Share), c.Pass, assessed, present.Format(MinPassRate, present.Share))
	}
	return ""
}

func statusWords(status report.Status) string {
	switch status {
	case report.Fail:
		return "fails"
	case report.InsufficientEvidence:
		return "lacks sufficient evidence"
	case report.NotApplicable:
		return "is not applicable"
	}
	return string(status)
}

// WithoutWaivers returns the results as they were before any waiver applied,
// for the "before waivers" verdict and pass rate.
func WithoutWaivers(results []Result) []Result {
	out := make([]Result, len(results))
	for i, r := range results {
		out[i] = r
		out[i].Status = r.StatusBefore()
		out[i].Before, out[i].Waiver = "", nil
	}
	return out
}

// Statement is the verdict in one line: reached, not reached or not
// assessable, and on how many waivers and which tailored controls a reached
// verdict rests.
func Statement(v Verdict, activeWaivers int) string {
	switch v.State {
	case NotAssessable:
		return "Usable assurance: not assessable"
	case NotReached, "":
		if !v.Reached {
			return "Usable assurance: not reached"
		}
	}
	s := "Usable assurance: reached"
	switch {
	case activeWaivers == 1:
		s += " with 1 waiver"
	case activeWaivers > 1:
		s += fmt.Sprintf(" with %d waivers", activeWaivers)
	}
	if n := len(v.Tailored); n > 0 {
		ids := make([]string, n)
		for i, t := range v.Tailored {
			ids[i] = t.Control
		}
		if activeWaivers > 0 {
			s += ","
		}
		noun := "controls"
		if n == 1 {
			noun = "control"
		}
		s += fmt.Sprintf(" under tailoring (%d %s tailored: %s)", n, noun, strings.Join(ids, ", "))
	}
	return s
}
