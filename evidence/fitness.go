package evidence

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/assure-dev/assure/report/present"
)

// LogKinds are the kinds that record activity day by day; they must cover
// most of the period to be relied on.
var LogKinds = []Kind{AuthEvents, AccountEvents, Tickets}

// CoverageWindow is the length in days of the windows a log must have a
// record in, each of them (the last may be shorter): a programme default of
// about a month, since even a sparse log of a working programme records
// something every month, and a fragment or an export of part of the period
// does not.
const CoverageWindow = 31

// MaxGapOdds is how few runs of empty days as long as a log's longest the log
// may be expected to hold by chance before it is taken to miss part of the
// period: a programme default of 1 in 1,000.
const MaxGapOdds = 0.001

// MaxSkipped is the share of a source's records of its kind that may be
// skipped before validate warns (records of another kind are left out): more
// usually means a column or field that is not read, as a renamed method
// column makes every Entra sign-in look satisfied by an earlier token.
const MaxSkipped = 0.20

// Stale says why a source cannot be relied on for freshness, or "". A source
// is stale when it was collected before the assessment period ended (it cannot
// hold the whole period), more than maxAgeDays days after it ended (it may not
// describe the period any more), or when the manifest does not say when it was
// collected.
func (s *Set) Stale(st *SourceStats, maxAgeDays int) string {
	end := s.Manifest.Period.EndExclusive()
	switch {
	case st.CollectedAt == nil:
		return fmt.Sprintf("%s has no collected_at in the manifest, so its freshness cannot be shown", st.Path)
	case st.CollectedAt.Before(end):
		return fmt.Sprintf("%s was collected on %s, before the period ended", st.Path, st.CollectedAt.Format(time.DateOnly))
	case st.CollectedAt.After(end.AddDate(0, 0, maxAgeDays)):
		days := int(st.CollectedAt.Sub(end).Hours() / 24)
		return fmt.Sprintf("%s was collected %d days after the period ended, more than the %d allowed", st.Path, days, maxAgeDays)
	}
	return ""
}

// Coverage is the share of the period's days on which kind k has a record.
func (s *Set) Coverage(k Kind) float64 {
	days := s.Manifest.Period.Days()
	if days == 0 {
		return 0
	}
	return float64(s.CoveredDays(k)) / float64(days)
}

// dayOf records that kind k has a record on the day of t, when t is in the
// assessment period.
func (s *Set) dayOf(k Kind, t time.Time) {
	p := s.Manifest.Period
	if !p.Contains(t) {
		return
	}
	if s.days == nil {
		s.days = map[Kind][]int{}
	}
	d := s.days[k]
	if d == nil {
		d = make([]int, p.Days())
		s.days[k] = d
	}
	d[int(t.Sub(p.Start)/(24*time.Hour))]++
}

// CoveredDays is the number of days of the assessment period on which kind k
// has at least one record. For streamed kinds it is known once they are read.
func (s *Set) CoveredDays(k Kind) int {
	n := 0
	for _, records := range s.days[k] {
		if records > 0 {
			n++
		}
	}
	return n
}

// CoverageShortfall says why log kind k cannot be taken to hold the whole
// period, or "". Days without records are no sign of a partial log by
// themselves (a small organisation's recoveries, a service desk closed at
// weekends), so what is judged is where they fall: every log must have
// records in each CoverageWindow of the period, and no log may go so long
// without a record that chance would not explain it: with a share p of the
// weekdays covered, D weekdays hold about D·p·(1−p)^L runs of L empty ones,
// and a longest run for which that is under MaxGapOdds means part of the log
// is probably missing, such as a dense log's outage of a few days.
func (s *Set) CoverageShortfall(k Kind) string {
	days := s.days[k]
	d := len(days)
	if d == 0 || s.CoveredDays(k) == 0 {
		return ""
	}
	// Gaps are counted in weekdays: a service desk closed at weekends, or a
	// quiet weekend, says nothing of whether the log is whole.
	p := s.Manifest.Period
	weekdays, coveredWeekdays := 0, 0
	longest, run, runFrom, from, to := 0, 0, 0, 0, 0
	for i, n := range days {
		if wd := p.Start.AddDate(0, 0, i).Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		weekdays++
		if n > 0 {
			coveredWeekdays, run = coveredWeekdays+1, 0
			continue
		}
		if run == 0 {
			runFrom = i
		}
		if run++; run > longest {
			longest, from, to = run, runFrom, i
		}
	}
	for w := 0; w < d; w += CoverageWindow {
		end := min(w+CoverageWindow, d)
		if !slices.ContainsFunc(days[w:end], func(n int) bool { return n > 0 }) {
			return fmt.Sprintf("has no record from %s to %s, though it has records on other days of the period: part of the log is missing (export the whole period)",
				p.Start.AddDate(0, 0, w).Format(time.DateOnly), p.Start.AddDate(0, 0, end-1).Format(time.DateOnly))
		}
	}
	if weekdays == 0 || longest == 0 {
		return ""
	}
	share := float64(coveredWeekdays) / float64(weekdays)
	if float64(weekdays)*share*math.Pow(1-share, float64(longest)) < MaxGapOdds {
		return fmt.Sprintf("has no record on %d weekdays in a row (%s to %s), though it has records on %s of the period's weekdays: so long a gap would happen by chance less than once in %s periods, so part of the log is probably missing (export the whole period)",
			longest, p.Start.AddDate(0, 0, from).Format(time.DateOnly), p.Start.AddDate(0, 0, to).Format(time.DateOnly),
			present.Format(share, present.Share), present.Thousands(int(1/MaxGapOdds)))
	}
	return ""
}
