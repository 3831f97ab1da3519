package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

// Value is one computed metric. Exactly one of Num and Bool is meaningful, as
// IsBool says. N is the sample size: the denominator, or what was counted.
type Value struct {
	Num    float64
	Bool   bool
	IsBool bool
	N      int
	Detail string // the stage, segment or applications behind the value
	// Attested marks a value someone vouched for rather than one measured.
	Attested bool
}

// Input is the evidence the metrics are computed from. A nil slice or pointer
// means the kind is absent (or held no records); its metrics are then absent.
type Input struct {
	Period         evidence.Period
	Baseline       *evidence.Period
	SP80063B       string
	People         []evidence.Person
	Devices        []evidence.Device
	Authenticators []evidence.Authenticator
	Tickets        []evidence.Ticket
	Policies       *evidence.PolicySet
	Governance     *evidence.GovernanceRecord
	Attestations   []evidence.Attestation // nil when absent
	// NoRecoveryStarted and NoRecoveryCompleted say the account events come
	// from formats that cannot record those events: their metrics are absent.
	NoRecoveryStarted, NoRecoveryCompleted bool
	HasAuthEvents                          bool
	HasAccount                             bool
}

// PR reports whether an authenticator type is phishing-resistant.
func PR(method string) bool { return vocab.Method(method).PhishingResistant() }

// WeakRecovery reports whether a recovery method is weak.
func WeakRecovery(method string) bool { return vocab.RecoveryMethod(method).Weak() }

// interval is a span during which a phishing-resistant authenticator was held.
type interval struct{ from, to time.Time } // to is zero while held

// Accumulator folds streamed events into counts. Create it with New, feed it
// AuthEvent and AccountEvent in any order, then call Results.
type Accumulator struct {
	in      *Input
	prHeld  map[string][]interval
	first30 [2]time.Time // [start, end) of the first 30 days of P
	last30  [2]time.Time
	auth    authCounts
	account accountCounts
	inScope map[string]bool
	n       int
	// datesUnknown: some authenticators come from a snapshot without
	// registration dates.
	datesUnknown bool
	monthly      monthly
}

type authCounts struct {
	events, failures, successes, successPR int
	fbDen, fbNum                           int
	fbFirstDen, fbFirstNum                 int
	fbLastDen, fbLastNum                   int
}

type accountCounts struct {
	resetsP, resetsB             int
	completed, selfService, weak int
	started                      int
}

// New prepares an accumulator for the input.
func New(in *Input) *Accumulator {
	a := &Accumulator{in: in, prHeld: map[string][]interval{}, inScope: map[string]bool{}}
	for _, au := range in.Authenticators {
		a.datesUnknown = a.datesUnknown || au.DatesUnknown
		if PR(string(au.Type)) {
			a.prHeld[au.UserID] = append(a.prHeld[au.UserID], interval{au.RegisteredAt, au.RevokedAt})
		}
	}
	for _, p := range in.People {
		if p.InScope {
			a.inScope[p.UserID] = true
		}
	}
	a.n = len(a.inScope)
	start, endEx := in.Period.Start, in.Period.EndExclusive()
	a.monthly = newMonthly(in)
	a.first30 = [2]time.Time{start, start.AddDate(0, 0, 30)}
	a.last30 = [2]time.Time{endEx.AddDate(0, 0, -30), endEx}
	return a
}

func (a *Accumulator) heldPR(user string, t time.Time) bool {
	for _, iv := range a.prHeld[user] {
		if !iv.from.After(t) && (iv.to.IsZero() || iv.to.After(t)) {
			return true
		}
	}
	return false
}

func within(t time.Time, w [2]time.Time) bool { return !t.Before(w[0]) && t.Before(w[1]) }

// AuthEvent folds one sign-in.
func (a *Accumulator) AuthEvent(e *evidence.AuthEvent) {
	inP := a.in.Period.Contains(e.Time)
	if !inP && (a.in.Baseline == nil || !a.in.Baseline.Contains(e.Time)) {
		return
	}
	c := &a.auth
	if inP {
		c.events++
	}
	if !e.Success {
		if inP {
			c.failures++
		}
		return
	}
	pr := PR(string(e.Method))
	held := !a.datesUnknown && a.heldPR(e.UserID, e.Time)
	fb := 0
	if !pr {
		fb = 1
	}
	m := &a.monthly
	i := m.slot(e.Time)
	add(m.success, i)
	if pr {
		add(m.successPR, i)
	}
	if held {
		add(m.fallbackDen, i)
		if !pr {
			add(m.fallbackNum, i)
		}
	}
	if !inP {
		return
	}
	c.successes++
	if pr {
		c.successPR++
	}
	if !held {
		return
	}
	c.fbDen++
	c.fbNum += fb
	if within(e.Time, a.first30) {
		c.fbFirstDen++
		c.fbFirstNum += fb
	}
	if within(e.Time, a.last30) {
		c.fbLastDen++
		c.fbLastNum += fb
	}
}

// AccountEvent folds one account-lifecycle event.
func (a *Accumulator) AccountEvent(e *evidence.AccountEvent) {
	inP := a.in.Period.Contains(e.Time)
	if inP || (a.in.Baseline != nil && a.in.Baseline.Contains(e.Time)) {
		m := &a.monthly
		i := m.slot(e.Time)
		switch e.Action {
		case "password_reset":
			add(m.resets, i)
		case "recovery_started":
			add(m.recoveryStarted, i)
		case "recovery_completed":
			add(m.recoveryCompleted, i)
			if e.Channel == "self_service" {
				add(m.recoverySelfService, i)
			}
		}
	}
	c := &a.account
	if e.Action == "password_reset" {
		if inP {
			c.resetsP++
		} else if a.in.Baseline != nil && a.in.Baseline.Contains(e.Time) {
			c.resetsB++
		}
		return
	}
	if !inP {
		return
	}
	switch e.Action {
	case "recovery_completed":
		c.completed++
		if e.Channel == "self_service" {
			c.selfService++
		}
		if WeakRecovery(e.Method) {
			c.weak++
		}
	case "recovery_started":
		c.started++
	}
}

// Results is every metric that could be computed, plus the series reports chart.
type Results struct {
	Values       map[string]Value
	Segments     map[string]float64 // devices.ready_share by segment
	SegmentSizes map[string]int
	Months       []MonthStages
	// Series holds monthly values across the baseline and the period, by name.
	Series map[string][]Point
}

// Point is one month of a series. Has is false when the month had no sample.
type Point struct {
	Month    string // YYYY-MM
	Baseline bool
	Value    float64
	N        int
	Has      bool
}

// MonthStages counts the authentication tickets opened in one calendar month.
type MonthStages struct {
	Month    string // YYYY-MM
	Baseline bool
	Stages   map[string]int
}

// SetStreamed says whether the streamed kinds held any records; without them
// their metrics are absent rather than zero.
// The last two say the account events' formats cannot record recoveries
// started or completed.
func (a *Accumulator) SetStreamed(authEvents, accountEvents, noRecoveryStarted, noRecoveryCompleted bool) {
	a.in.HasAuthEvents, a.in.HasAccount = authEvents, accountEvents
	a.in.NoRecoveryStarted, a.in.NoRecoveryCompleted = noRecoveryStarted, noRecoveryCompleted
}

// Results computes the metrics from the folded events and the whole kinds.
func (a *Accumulator) Results() *Results {
	r := &Results{Values: map[string]Value{}, Segments: map[string]float64{}, SegmentSizes: map[string]int{}}
	in := a.in
	havePop := in.People != nil
	if havePop {
		r.count("population.in_scope_users", a.n)
	}
	if in.Devices != nil {
		a.devices(r)
	}
	if havePop && in.Authenticators != nil {
		a.enrolment(r)
	}
	if in.HasAuthEvents {
		a.authMetrics(r)
	}
	if in.Tickets != nil {
		a.helpdesk(r)
	}
	if in.HasAccount {
		a.recovery(r)
	}
	if in.Policies != nil {
		a.policy(r)
	}
	if in.Governance != nil {
		a.governance(r)
	}
	if in.Attestations != nil {
		a.attestations(r)
	}
	r.Series = a.series()
	return r
}

func (r *Results) count(name string, n int) {
	r.Values[name] = Value{Num: float64(n), N: n}
}

func (r *Results) share(name string, num, den int) {
	if den > 0 {
		r.Values[name] = Value{Num: float64(num) / float64(den), N: den}
	}
}

func (r *Results) boolean(name string, b bool, n int) {
	r.Values[name] = Value{Bool: b, IsBool: true, N: n}
}

// months is days(X) / 30.436875, the average month of the Gregorian calendar.
func months(p evidence.Period) float64 { return float64(p.Days()) / 30.436875 }

// change is the relative change of a daily rate between the baseline and the period.
func change(xP int, p evidence.Period, xB int, b *evidence.Period) (float64, bool) {
	if b == nil || xB == 0 {
		return 0, false
	}
	rb := float64(xB) / float64(b.Days())
	return (float64(xP)/float64(p.Days()) - rb) / rb, true
}

// listNames names up to five items and counts the rest, so a finding stays short.
func listNames(names []string) string {
	names = slices.Clone(names)
	slices.Sort(names)
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

// wholeDays is the number of calendar days from a to b.
func wholeDays(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}
