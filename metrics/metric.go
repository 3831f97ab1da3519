// Package metrics turns evidence records into the named metrics of the
// specification, each with its sample size. Every metric is defined once, by
// a Def kept beside its computation in the file of its area (auth.go,
// recovery.go, ...): its name, unit, label, definition, the evidence kinds it
// needs, whether a minimum sample applies and how it is computed. The package
// does no I/O: callers feed it records, streamed or whole, and read the
// results.
package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

// Def is one metric: what it is and how it is computed.
type Def struct {
	Name       string
	Unit       present.Unit
	Label      string // its name in words, for charts and tables
	Definition string // one line, as metrics.md defines it
	// Kinds are the evidence kinds without which the metric is absent.
	Kinds []evidence.Kind
	// Needs says in words what the metric cannot be computed without, for
	// insufficient-evidence findings.
	Needs string
	// Sampled: a check on the metric needs at least min_sample records
	// (shares and percentiles); counts and settings do not.
	Sampled bool
	// compute derives the value from the folded evidence; false leaves the
	// metric absent. Nil for a metric reported only month by month.
	compute func(*Accumulator) (Value, bool)
	// monthly derives the month-by-month series; nil for none.
	monthly func(*Accumulator) ([]Point, bool)
	// lacks names the fact (evidence.Lacks...) whose absence from every
	// source leaves the metric absent, so that the cause can be given.
	lacks string
	// absent says why the metric could not be computed from evidence that is
	// present (an attestation dated after its file was collected), or ""
	// for the plain Needs; nil for none.
	absent func(*Accumulator) string
}

// Scalar reports whether the metric has a value for the period; the others
// are reported only month by month.
func (d Def) Scalar() bool { return d.compute != nil }

// Monthly reports whether the metric is also reported month by month.
func (d Def) Monthly() bool { return d.monthly != nil }

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
	// Unknown counts the records the value could not use: sign-ins whose
	// method the source cannot tell, recoveries whose verification it cannot
	// show, devices whose readiness cannot be judged. Cause says so in words,
	// naming what could not be told and, where it is known, the fix.
	Unknown int
	Cause   string
	// Bound is "lower" when the unknown records were counted against the
	// value, which is then the least it can be; Upper is the most it can be,
	// had every unknown record counted for it. Otherwise the unknown records
	// are left out of the value and N.
	Bound string
	Upper float64
}

// LowerBound is Value.Bound for a value that is the least it can be.
const LowerBound = "lower"

// registry is every metric, sorted by name, gathered from the areas.
var registry = func() []Def {
	var defs []Def
	for _, area := range [][]Def{populationDefs, deviceDefs, enrolmentDefs, authDefs, helpdeskDefs(), credentialResetDefs,
		recoveryDefs, policyDefs, governanceDefs, attestationDefs()} {
		defs = append(defs, area...)
	}
	slices.SortFunc(defs, func(a, b Def) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(defs); i++ {
		if defs[i].Name == defs[i-1].Name {
			panic("metrics: " + defs[i].Name + " is defined twice")
		}
	}
	return defs
}()

// Lookup returns the definition of a metric.
func Lookup(name string) (Def, bool) {
	i, ok := slices.BinarySearchFunc(registry, name, func(d Def, n string) int { return strings.Compare(d.Name, n) })
	if !ok {
		return Def{}, false
	}
	return registry[i], true
}

// All returns every definition, sorted by name.
func All() []Def { return slices.Clone(registry) }

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
}

// Streamed says what the streamed kinds held, once they have been read.
type Streamed struct {
	AuthEvents, AccountEvents bool // the kind held records
	// NoRecoveryStarted and NoRecoveryCompleted say the account events come
	// from formats that cannot record those events: their metrics are absent.
	NoRecoveryStarted, NoRecoveryCompleted bool
	// Lacks says, for a fact the sources' formats cannot carry
	// (evidence.LacksRegistrationDates, ...), why and how to supply it; it is
	// known once every source has been read.
	Lacks map[string]string
}

// Accumulator folds streamed events into counts. Create it with New, feed it
// AuthEvent and AccountEvent in any order, say what was streamed, then call
// Results.
type Accumulator struct {
	in       *Input
	streamed Streamed
	inScope  map[string]bool
	n        int // in-scope people
	prHeld   map[string][]interval
	// datesUnknown: some authenticators come from a snapshot without
	// registration dates.
	datesUnknown bool
	monthly      monthly
	auth         authCounts
	resets       resetCounts
	recovery     recoveryCounts
	devices      *deviceCounts // computed once, on first use
}

// New prepares an accumulator for the input.
func New(in *Input) *Accumulator {
	a := &Accumulator{in: in, prHeld: map[string][]interval{}, inScope: map[string]bool{}}
	a.holdings()
	for _, p := range in.People {
		if p.InScope {
			a.inScope[p.UserID] = true
		}
	}
	a.n = len(a.inScope)
	a.monthly = newMonthly(in)
	a.auth.first30 = [2]time.Time{in.Period.Start, in.Period.Start.AddDate(0, 0, 30)}
	a.auth.last30 = [2]time.Time{in.Period.EndExclusive().AddDate(0, 0, -30), in.Period.EndExclusive()}
	return a
}

// Streamed records what the streamed kinds held; without records their
// metrics are absent rather than zero.
func (a *Accumulator) Streamed(s Streamed) { a.streamed = s }

// has reports whether kind k is present: it held at least one record.
func (a *Accumulator) has(k evidence.Kind) bool {
	in := a.in
	switch k {
	case evidence.Population:
		return in.People != nil
	case evidence.Devices:
		return in.Devices != nil
	case evidence.Authenticators:
		return in.Authenticators != nil
	case evidence.AuthEvents:
		return a.streamed.AuthEvents
	case evidence.AccountEvents:
		return a.streamed.AccountEvents
	case evidence.Tickets:
		return in.Tickets != nil
	case evidence.Policies:
		return in.Policies != nil
	case evidence.Governance:
		return in.Governance != nil
	case evidence.Attestations:
		return in.Attestations != nil
	}
	return false
}

// Results is every metric that could be computed, plus the series reports chart.
type Results struct {
	Values map[string]Value
	// Absent says, for a metric whose kinds are present but which still could
	// not be computed because an export cannot show what it needs, why and
	// how to supply it.
	Absent       map[string]string
	Segments     map[string]float64 // devices.ready_share by segment
	SegmentSizes map[string]int
	Months       []MonthStages
	// Series holds monthly values across the baseline and the period, by name.
	Series map[string][]Point
}

// Results computes every metric whose evidence is present.
func (a *Accumulator) Results() *Results {
	r := &Results{Values: map[string]Value{}, Absent: map[string]string{}, Segments: map[string]float64{}, SegmentSizes: map[string]int{}, Series: map[string][]Point{}}
	for _, d := range registry {
		if !slices.ContainsFunc(d.Kinds, func(k evidence.Kind) bool { return !a.has(k) }) {
			if d.compute != nil {
				if v, ok := d.compute(a); ok {
					r.Values[d.Name] = v
				} else if d.lacks != "" && a.streamed.Lacks[d.lacks] != "" {
					r.Absent[d.Name] = a.streamed.Lacks[d.lacks]
				} else if d.absent != nil {
					if why := d.absent(a); why != "" {
						r.Absent[d.Name] = why
					}
				}
			}
			if d.monthly != nil {
				if pts, ok := d.monthly(a); ok {
					r.Series[d.Name] = pts
				}
			}
		}
	}
	if a.has(evidence.Devices) {
		c := a.deviceCounts()
		for _, s := range c.segments {
			r.Segments[s.name], r.SegmentSizes[s.name] = s.share(), s.n
		}
	}
	if a.has(evidence.Tickets) {
		r.Months = a.monthStages()
	}
	return r
}

func count(n int) (Value, bool) { return Value{Num: float64(n), N: n}, true }

func share(num, den int) (Value, bool) {
	if den == 0 {
		return Value{}, false
	}
	return Value{Num: float64(num) / float64(den), N: den}, true
}

// knownShare is a share over the records whose kind is known, with the
// unknown ones counted beside it; cause words them.
func knownShare(num, den, unknown int, cause string) (Value, bool) {
	v, ok := share(num, den)
	if unknown > 0 {
		v.Unknown, v.Cause = unknown, cause
	}
	return v, ok
}

// boundedShare is num/den with the unknown records counted against it, so a
// lower bound, and the most it could be had they all counted for it.
func boundedShare(num, den, unknown int, cause string) (Value, bool) {
	v, ok := share(num, den)
	if ok && unknown > 0 {
		v.Unknown, v.Cause, v.Bound = unknown, cause, LowerBound
		v.Upper = float64(num+unknown) / float64(den)
	}
	return v, ok
}

func boolean(b bool, n int) (Value, bool) { return Value{Bool: b, IsBool: true, N: n}, true }

// kinds lists the evidence kinds a metric needs.
func kinds(ks ...evidence.Kind) []evidence.Kind { return ks }

// months is days(X) / 30.436875, the average month of the Gregorian calendar.
func months(p evidence.Period) float64 { return float64(p.Days()) / 30.436875 }

// inBaseline reports whether t falls in the baseline period.
func (a *Accumulator) inBaseline(t time.Time) bool {
	return a.in.Baseline != nil && a.in.Baseline.Contains(t)
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
