package report

import (
	"math"
	"slices"
)

// Status is the outcome of a control or of one of its checks.
type Status string

// The statuses, in the order reports count them.
const (
	Pass                 Status = "pass"
	Fail                 Status = "fail"
	InsufficientEvidence Status = "insufficient_evidence"
	NotApplicable        Status = "not_applicable"
	Waived               Status = "waived"
)

// Statuses returns every status in the order reports count them.
func Statuses() []Status {
	return []Status{Pass, Fail, InsufficientEvidence, NotApplicable, Waived}
}

// Assessed reports whether a control with this status counts in the pass
// rate: pass / (pass + fail + insufficient_evidence).
func (s Status) Assessed() bool { return s == Pass || s == Fail || s == InsufficientEvidence }

// Failing reports whether the status is a failure or a lack of evidence: what
// a gate fails on and what a regression moves to.
func (s Status) Failing() bool { return s == Fail || s == InsufficientEvidence }

// Title is the status in words, capitalised: "Insufficient evidence".
func (s Status) Title() string {
	switch s {
	case Pass:
		return "Pass"
	case Fail:
		return "Fail"
	case InsufficientEvidence:
		return "Insufficient evidence"
	case NotApplicable:
		return "Not applicable"
	case Waived:
		return "Waived"
	}
	return string(s)
}

// Severity is how much a control's failure matters.
type Severity string

// The severities, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Severities returns the severities, most severe first.
func Severities() []Severity { return []Severity{Critical, High, Medium, Low} }

// Rank orders severities: critical is 0, low 3, anything else -1.
func (s Severity) Rank() int { return slices.Index(Severities(), s) }

// AtLeast reports whether s is as severe as o or more; an unknown severity is
// never.
func (s Severity) AtLeast(o Severity) bool {
	return s.Rank() >= 0 && o.Rank() >= 0 && s.Rank() <= o.Rank()
}

// Holds evaluates a check, "measured op threshold": booleans meet booleans
// with == or !=, numbers meet numbers; anything else, and NaN, does not hold.
func Holds(measured any, op string, threshold any) bool {
	if mb, ok := measured.(bool); ok {
		tb, ok := threshold.(bool)
		switch {
		case !ok:
			return false
		case op == "==":
			return mb == tb
		case op == "!=":
			return mb != tb
		}
		return false
	}
	m, ok1 := measured.(float64)
	t, ok2 := threshold.(float64)
	if !ok1 || !ok2 || math.IsNaN(m) {
		return false
	}
	switch op {
	case "<":
		return m < t
	case "<=":
		return m <= t
	case ">":
		return m > t
	case ">=":
		return m >= t
	case "==":
		return m == t
	case "!=":
		return m != t
	}
	return false
}
