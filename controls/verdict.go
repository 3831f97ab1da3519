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

// Verdict is the decision on usable assurance.
type Verdict struct {
	Reached bool
	Reasons []Reason
}

// The controls whose passing makes up the helpdesk signal.
var helpdeskSignal = []string{"HD-01", "HD-02"}

// Decide applies the declared rule (templates.VerdictRule) to the results.
func Decide(results []Result) Verdict {
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
	v.Reached = len(v.Reasons) == 0
	return v
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

// Statement is the verdict in one line: reached or not, and on how many
// waivers a reached verdict rests.
func Statement(v Verdict, activeWaivers int) string {
	switch {
	case !v.Reached:
		return "Usable assurance: not reached"
	case activeWaivers == 1:
		return "Usable assurance: reached with 1 waiver"
	case activeWaivers > 1:
		return fmt.Sprintf("Usable assurance: reached with %d waivers", activeWaivers)
	}
	return "Usable assurance: reached"
}
