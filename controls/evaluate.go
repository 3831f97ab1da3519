package controls

import (
	"fmt"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/templates"
)

// Result is the outcome of one control.
type Result struct {
	Control *Control
	Status  report.Status
	Checks  []CheckResult
	Missing []string // evidence kinds the control needs that were absent or empty
	Finding string
	// Before is the status a waiver replaced, and Waiver the waiver; both
	// empty when no waiver applied. The finding stays the measured one.
	Before report.Status
	Waiver *Waiver
	// Tailored: the profile's tailoring of this must-pass control took
	// effect; a control switched off that would not have applied anyway
	// was not tailored.
	Tailored bool
}

// StatusBefore is the control's status without waivers.
func (r *Result) StatusBefore() report.Status {
	if r.Before != "" {
		return r.Before
	}
	return r.Status
}

// CheckResult is the outcome of one check.
type CheckResult struct {
	Check
	Measured any // float64 or bool; nil when the metric is absent
	N        int
	HasN     bool
	Sampled  bool
	Status   report.Status
	Reason   string // why it is insufficient_evidence
	// Bound is "lower" when Measured is the least the metric can be and
	// Upper the most; the check holds or fails only when both ends agree.
	Bound string
	Upper float64
	// Unknown counts the records the metric could not use.
	Unknown int
	// SmallSample: a zero-tolerance check passed on fewer records than its
	// minimum sample; nothing breached it, but little was seen.
	SmallSample bool
}

// MaxUnknownShare is the share of a metric's records that may be of an
// unknown kind (a sign-in's method, a recovery's verification) before the
// metric cannot decide a check: a programme default, so that a share is
// never taken over records most of which could not be told apart.
const MaxUnknownShare = 0.10

// Present says which evidence kinds held at least one valid record.
type Present map[string]bool

// Joins gives, for kinds whose records name people, the share of those records
// that matched someone in the population. Kinds absent from the map were not
// measured (no population, or no such records).
type Joins map[string]float64

// MinJoinShare is the share of a kind's records that must match the population
// before a control combining that kind with another can be trusted.
const MinJoinShare = 0.90

// Fitness says what the controls may rely on: which kinds held records, how
// well each joined to the population, and which cannot be relied on at all
// (stale, or covering too few of the period's days) and why.
type Fitness struct {
	Present Present
	Joins   Joins
	Unfit   map[string]string
}

// Evaluate runs every control of the catalogue against the metrics.
func Evaluate(cat *Catalogue, res *metrics.Results, fit Fitness) ([]Result, error) {
	out := make([]Result, 0, len(cat.Controls))
	for _, c := range cat.Controls {
		r, err := evaluate(c, res, fit)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func evaluate(c *Control, res *metrics.Results, fit Fitness) (Result, error) {
	r := Result{Control: c}
	for _, ch := range c.Checks {
		r.Checks = append(r.Checks, measure(ch, res))
	}
	for _, k := range c.Evidence {
		if !fit.Present[k] {
			r.Missing = append(r.Missing, k)
		}
	}
	r.Tailored = c.Tailored != ""
	if c.Disabled {
		r.Status = report.NotApplicable
		r.Finding = "Not applicable: disabled by the profile (" + c.DisabledWhy + ")."
		if aw := c.AppliesWhen; aw != nil {
			if v, ok := res.Values[aw.Metric]; ok && !report.Holds(value(v), aw.Op, aw.Threshold) {
				// It would not have applied: switching it off changed nothing.
				r.Tailored = false
				r.Finding = fmt.Sprintf("Not applicable: it applies when %s %s %v, and %s is %s (the profile also disables it: %s).",
					aw.Metric, aw.Op, aw.Threshold, aw.Metric, present.Format(value(v), unitOf(aw.Metric)), c.DisabledWhy)
			}
		}
		return r, nil
	}
	switch {
	case len(r.Missing) > 0:
		r.Status = report.InsufficientEvidence
		r.Finding = fmt.Sprintf("Insufficient evidence: no valid %s records were supplied (the manifest names no such source, or it held none), so this control cannot be assessed.", present.Join(r.Missing, "or"))
		for i := range r.Checks {
			r.Checks[i].Status, r.Checks[i].Reason = report.InsufficientEvidence, "missing evidence: "+strings.Join(r.Missing, ", ")
		}
		return r, nil
	}
	why := unfit(c, fit.Unfit)
	if why == "" {
		why = weakJoin(c, fit.Joins)
	}
	if why != "" {
		r.Status = report.InsufficientEvidence
		r.Finding = "Insufficient evidence: " + why + "."
		for i := range r.Checks {
			r.Checks[i].Status, r.Checks[i].Reason = report.InsufficientEvidence, why
		}
		return r, nil
	}
	if aw := c.AppliesWhen; aw != nil {
		v, ok := res.Values[aw.Metric]
		if !ok {
			r.Status = report.InsufficientEvidence
			r.Finding = fmt.Sprintf("Insufficient evidence: %s could not be computed (it needs %s), so it is unknown whether this control applies.", aw.Metric, needs(aw.Metric))
			return r, nil
		}
		if !report.Holds(value(v), aw.Op, aw.Threshold) {
			r.Status = report.NotApplicable
			r.Finding = fmt.Sprintf("Not applicable: it applies when %s %s %v, and %s is %s.", aw.Metric, aw.Op, aw.Threshold, aw.Metric, present.Format(value(v), unitOf(aw.Metric)))
			return r, nil
		}
	}
	var passed, failed, insufficient int
	var reasons []string
	for _, cr := range r.Checks {
		switch cr.Status {
		case report.Pass:
			passed++
		case report.Fail:
			failed++
		default:
			insufficient++
			reasons = append(reasons, cr.Reason)
		}
	}
	// A definite failure is reported even when another check lacks evidence; with
	// any = true one passing check is enough.
	switch {
	case c.Any && passed > 0, !c.Any && failed == 0 && insufficient == 0:
		r.Status = report.Pass
	case failed > 0 && (!c.Any || insufficient == 0):
		r.Status = report.Fail
	default:
		r.Status = report.InsufficientEvidence
	}
	lookup := resultLookup{r: &r, res: res}
	var err error
	switch r.Status {
	case report.Pass:
		r.Finding, err = templates.Execute(c.PassText, lookup)
	case report.Fail:
		r.Finding, err = templates.Execute(c.FailText, lookup)
	default:
		r.Finding = "Insufficient evidence: " + strings.Join(reasons, "; ") + "."
	}
	if err == nil && r.Status == report.Pass {
		for _, cr := range r.Checks {
			if cr.SmallSample {
				r.Finding += fmt.Sprintf(" Small sample: %s rests on %s, fewer than the %d a share needs; none breached it, and a single one would fail the control.",
					cr.Metric, present.Plural(cr.N, "record", "records"), cr.MinSample)
			}
		}
	}
	if err != nil {
		// The template passed the load-time check but failed on real values:
		// a problem with the catalogue, reported where the control is defined.
		return r, &problem.Problem{File: c.File, Line: c.Line, Msg: fmt.Sprintf("control %s: the %s finding template fails: %v", c.ID, r.Status, err)}
	}
	return r, nil
}

// unfit says why some evidence the control needs cannot be relied on, or "".
func unfit(c *Control, reasons map[string]string) string {
	var out []string
	for _, k := range c.Evidence {
		if why, ok := reasons[k]; ok {
			out = append(out, k+" "+why)
		}
	}
	return strings.Join(out, "; ")
}

// weakJoin says why a control that combines several kinds cannot trust how
// their records were matched to people, or "".
func weakJoin(c *Control, joins Joins) string {
	if len(c.Evidence) < 2 {
		return ""
	}
	var weak []string
	for _, k := range c.Evidence {
		if share, ok := joins[k]; ok && share < MinJoinShare {
			weak = append(weak, fmt.Sprintf("only %s of %s records matched a person in the population", present.Format(share, present.Share), k))
		}
	}
	if len(weak) == 0 {
		return ""
	}
	return strings.Join(weak, "; ") + fmt.Sprintf(" (at least %s must, to combine sources; map alternate ids in an identities source)", present.Format(MinJoinShare, present.Share))
}

func measure(ch Check, res *metrics.Results) CheckResult {
	cr := CheckResult{Check: ch}
	def, _ := metrics.Lookup(ch.Metric)
	cr.Sampled = def.Sampled
	v, ok := res.Values[ch.Metric]
	if !ok {
		cr.Status, cr.Reason = report.InsufficientEvidence, fmt.Sprintf("%s could not be computed: it needs %s", ch.Metric, def.Needs)
		if why := res.Absent[ch.Metric]; why != "" {
			cr.Reason = fmt.Sprintf("%s could not be computed: %s", ch.Metric, why)
		}
		return cr
	}
	cr.Measured, cr.N, cr.HasN, cr.Unknown = value(v), v.N, true, v.Unknown
	if ch.ZeroTolerance && !report.Holds(cr.Measured, ch.Op, ch.Threshold) {
		// One occurrence of what may not occur fails the check, however few
		// records were seen and however many could not be told apart.
		cr.Status = report.Fail
		return cr
	}
	if ch.ZeroTolerance && cr.Sampled && v.N < ch.MinSample && v.Bound == "" && !tooManyUnknown(v) {
		cr.Status, cr.SmallSample = report.Pass, true
		return cr
	}
	if cr.Sampled && v.N < ch.MinSample {
		cr.Status = report.InsufficientEvidence
		cr.Reason = fmt.Sprintf("%s rests on %d records, fewer than the %d required", ch.Metric, v.N, ch.MinSample)
		return cr
	}
	unit := unitOf(ch.Metric)
	switch {
	case v.Bound == metrics.LowerBound:
		cr.Bound, cr.Upper = v.Bound, v.Upper
		lo, hi := report.Holds(v.Num, ch.Op, ch.Threshold), report.Holds(v.Upper, ch.Op, ch.Threshold)
		switch {
		case lo && hi:
			cr.Status = report.Pass
		case !lo && !hi:
			cr.Status = report.Fail
		default:
			cr.Status = report.InsufficientEvidence
			cr.Reason = fmt.Sprintf("%s is at least %s and at most %s (%s), so whether it is %s %s cannot be decided",
				ch.Metric, present.Format(v.Num, unit), present.Format(v.Upper, unit), v.Cause, present.Operator(ch.Op), present.Format(ch.Threshold, unit))
		}
		return cr
	case tooManyUnknown(v):
		cr.Status = report.InsufficientEvidence
		cr.Reason = fmt.Sprintf("%s cannot decide: %s; at most %s of its records may be unknown", ch.Metric, v.Cause, present.Format(MaxUnknownShare, present.Share))
		return cr
	}
	if report.Holds(cr.Measured, ch.Op, ch.Threshold) {
		cr.Status = report.Pass
	} else {
		cr.Status = report.Fail
	}
	return cr
}

// tooManyUnknown: more of the metric's records are of an unknown kind than
// MaxUnknownShare allows.
func tooManyUnknown(v metrics.Value) bool {
	return v.Unknown > 0 && float64(v.Unknown) > MaxUnknownShare*float64(v.N+v.Unknown)
}

func value(v metrics.Value) any {
	if v.IsBool {
		return v.Bool
	}
	return v.Num
}

func unitOf(name string) present.Unit {
	d, _ := metrics.Lookup(name)
	return d.Unit
}

// needs says in words what a metric cannot be computed without.
func needs(name string) string {
	d, _ := metrics.Lookup(name)
	return d.Needs
}

// resultLookup answers finding templates from one control's results.
type resultLookup struct {
	r   *Result
	res *metrics.Results
}

func (l resultLookup) Metric(name string) (any, present.Unit, bool) {
	v, ok := l.res.Values[name]
	if !ok {
		return nil, unitOf(name), false
	}
	return value(v), unitOf(name), true
}

// Qualified words a metric whose value the evidence bounds or leaves records
// out of: "at least 96.0 %" when the check passes on its lower end, "at most
// 80.0 %" when it fails on its upper end, the bare value otherwise; the note
// is what was left out and why.
func (l resultLookup) Qualified(name string) (text, note string, ok bool) {
	v, ok := l.res.Values[name]
	if !ok || v.Unknown == 0 && v.Bound == "" {
		return "", "", false
	}
	unit := unitOf(name)
	if v.Bound != metrics.LowerBound {
		return present.Format(v.Num, unit), v.Cause, true
	}
	up := true // the check wants the metric high: ≥ or >
	status := report.InsufficientEvidence
	for _, cr := range l.r.Checks {
		if cr.Metric == name {
			up, status = cr.Op == ">=" || cr.Op == ">", cr.Status
		}
	}
	text = fmt.Sprintf("between %s and %s", present.Format(v.Num, unit), present.Format(v.Upper, unit))
	switch {
	case status == report.Pass && up, status == report.Fail && !up:
		text = "at least " + present.Format(v.Num, unit)
	case status == report.Fail && up, status == report.Pass && !up:
		text = "at most " + present.Format(v.Upper, unit)
	}
	return text, v.Cause, true
}

func (l resultLookup) Threshold(metric string) (any, bool) {
	for _, ch := range l.r.Control.Checks {
		if ch.Metric == metric {
			return ch.Threshold, true
		}
	}
	return nil, false
}

func (l resultLookup) Detail(name string) string { return l.res.Values[name].Detail }

func (l resultLookup) N(name string) (int, bool) {
	v, ok := l.res.Values[name]
	return v.N, ok
}

func (l resultLookup) Segment(metric, segment string) (float64, bool) {
	if metric != "devices.ready_share" {
		return 0, false
	}
	v, ok := l.res.Segments[segment]
	return v, ok
}
