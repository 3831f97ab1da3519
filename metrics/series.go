package metrics

import (
	"time"

	"github.com/assure-dev/assure/evidence"
)

// monthly holds per-month counts over the calendar months of the baseline and
// the period, for the series reports chart quarter over quarter.
type monthly struct {
	first    int // year*12 + month-1 of the first month
	months   []string
	baseline []bool
	// counters, one slot per month
	success, successPR, fallbackDen, fallbackNum                    []int
	resets, recoveryStarted, recoveryCompleted, recoverySelfService []int
}

func newMonthly(in *Input) monthly {
	var m monthly
	add := func(p evidence.Period, baseline bool) {
		for d := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC); !d.After(p.End); d = d.AddDate(0, 1, 0) {
			key := d.Format("2006-01")
			if len(m.months) > 0 && m.months[len(m.months)-1] >= key {
				continue
			}
			if len(m.months) == 0 {
				m.first = d.Year()*12 + int(d.Month()) - 1
			}
			m.months = append(m.months, key)
			m.baseline = append(m.baseline, baseline)
		}
	}
	if in.Baseline != nil {
		add(*in.Baseline, true)
	}
	add(in.Period, false)
	for _, c := range []*[]int{&m.success, &m.successPR, &m.fallbackDen, &m.fallbackNum, &m.resets, &m.recoveryStarted, &m.recoveryCompleted, &m.recoverySelfService} {
		*c = make([]int, len(m.months))
	}
	return m
}

// slot returns the month index of t, or -1 outside the series.
func (m *monthly) slot(t time.Time) int {
	y, mo, _ := t.Date()
	i := y*12 + int(mo) - 1 - m.first
	if i < 0 || i >= len(m.months) {
		return -1
	}
	return i
}

// add counts one in month i; i < 0 is outside the series.
func add(counter []int, i int) {
	if i >= 0 {
		counter[i]++
	}
}

// SeriesNames lists the monthly series, in the order reports show them.
var SeriesNames = []string{"helpdesk.auth_tickets", "helpdesk.lost_device_recovery_tickets", "credential_reset.events",
	"auth.success_pr_share", "auth.fallback_share", "recovery.started", "recovery.self_service_share", "enrolment.pr_share"}

// series turns the monthly counts into the reported series; a series whose
// evidence is absent is left out.
func (a *Accumulator) series() map[string][]Point {
	m := &a.monthly
	in := a.in
	out := map[string][]Point{}
	counts := func(name string, counter []int) {
		pts := make([]Point, len(m.months))
		for i := range m.months {
			n := counter[i]
			pts[i] = Point{Month: m.months[i], Baseline: m.baseline[i], Value: float64(n), N: n, Has: true}
		}
		out[name] = pts
	}
	shares := func(name string, num, den []int) {
		pts := make([]Point, len(m.months))
		for i := range m.months {
			pts[i] = Point{Month: m.months[i], Baseline: m.baseline[i]}
			if den[i] > 0 {
				pts[i].Value, pts[i].N, pts[i].Has = float64(num[i])/float64(den[i]), den[i], true
			}
		}
		out[name] = pts
	}
	if in.Tickets != nil {
		auth, ldr := make([]int, len(m.months)), make([]int, len(m.months))
		for _, t := range in.Tickets {
			if i := m.slot(t.OpenedAt); i >= 0 && t.Stage != "unrelated" && a.inEither(t.OpenedAt) {
				auth[i]++
				if t.Stage == "lost_device_recovery" {
					ldr[i]++
				}
			}
		}
		counts("helpdesk.auth_tickets", auth)
		counts("helpdesk.lost_device_recovery_tickets", ldr)
	}
	if in.HasAccount {
		counts("credential_reset.events", m.resets)
		counts("recovery.started", m.recoveryStarted)
		shares("recovery.self_service_share", m.recoverySelfService, m.recoveryCompleted)
	}
	if in.HasAuthEvents {
		shares("auth.success_pr_share", m.successPR, m.success)
		if in.Authenticators != nil && !a.datesUnknown {
			shares("auth.fallback_share", m.fallbackNum, m.fallbackDen)
		}
	}
	if in.People != nil && in.Authenticators != nil && a.n > 0 && !a.datesUnknown {
		pts := make([]Point, len(m.months))
		for i, month := range m.months {
			t, _ := time.Parse("2006-01", month)
			end := t.AddDate(0, 1, 0).Add(-time.Millisecond)
			if end.After(in.Period.EndExclusive()) {
				end = in.Period.EndExclusive().Add(-time.Millisecond)
			}
			held := a.prHolders(end)
			pts[i] = Point{Month: month, Baseline: m.baseline[i], Value: float64(held) / float64(a.n), N: a.n, Has: true}
		}
		out["enrolment.pr_share"] = pts
	}
	return out
}

func (a *Accumulator) inEither(t time.Time) bool {
	return a.in.Period.Contains(t) || (a.in.Baseline != nil && a.in.Baseline.Contains(t))
}

// prHolders counts in-scope users holding a phishing-resistant authenticator at t.
func (a *Accumulator) prHolders(t time.Time) int {
	n := 0
	for user := range a.inScope {
		if a.heldPR(user, t) {
			n++
		}
	}
	return n
}

// monthSeries lists every calendar month touching the baseline or the period, in
// order, with its ticket counts by stage.
func monthSeries(in *Input, monthly map[string]map[string]int) []MonthStages {
	var out []MonthStages
	add := func(p evidence.Period, baseline bool) {
		for m := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(p.End); m = m.AddDate(0, 1, 0) {
			key := m.Format("2006-01")
			if len(out) > 0 && out[len(out)-1].Month == key {
				continue
			}
			stages := map[string]int{}
			for _, st := range Stages {
				stages[st] = monthly[key][st]
			}
			out = append(out, MonthStages{Month: key, Baseline: baseline, Stages: stages})
		}
	}
	if in.Baseline != nil {
		add(*in.Baseline, true)
	}
	add(in.Period, false)
	return out
}
