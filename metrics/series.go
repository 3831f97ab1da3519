package metrics

import (
	"time"

	"github.com/assure-dev/assure/evidence"
)

// Point is one month of a series. Has is false when the month had no sample.
type Point struct {
	Month    string // YYYY-MM
	Baseline bool
	Value    float64
	N        int
	Has      bool
}

// monthly holds per-month counts over the calendar months of the baseline and
// the period, for the series reports chart quarter over quarter.
type monthly struct {
	first    int   // year*12 + month-1 of the first month
	index    []int // by month from first: the slot, or -1 for a month between the two periods
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
			abs := d.Year()*12 + int(d.Month()) - 1
			if len(m.months) == 0 {
				m.first = abs
			}
			for len(m.index) < abs-m.first {
				m.index = append(m.index, -1) // a month in the gap between baseline and period
			}
			m.index = append(m.index, len(m.months))
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
	if i < 0 || i >= len(m.index) {
		return -1
	}
	return m.index[i]
}

// add counts one in month i; i < 0 is outside the series.
func add(counter []int, i int) {
	if i >= 0 {
		counter[i]++
	}
}

// each builds a series point by point; the month and period are filled in.
func (m *monthly) each(point func(i int, month string) Point) []Point {
	pts := make([]Point, len(m.months))
	for i, month := range m.months {
		pts[i] = point(i, month)
		pts[i].Month, pts[i].Baseline = month, m.baseline[i]
	}
	return pts
}

// counts is a series of monthly counts; every month has a value.
func (m *monthly) counts(counter []int) []Point {
	return m.each(func(i int, _ string) Point {
		return Point{Value: float64(counter[i]), N: counter[i], Has: true}
	})
}

// shares is a series of monthly shares; a month without a denominator has
// no value.
func (m *monthly) shares(num, den []int) []Point {
	return m.each(func(i int, _ string) Point {
		if den[i] == 0 {
			return Point{}
		}
		return Point{Value: float64(num[i]) / float64(den[i]), N: den[i], Has: true}
	})
}

func (a *Accumulator) inEither(t time.Time) bool {
	return a.in.Period.Contains(t) || a.inBaseline(t)
}
