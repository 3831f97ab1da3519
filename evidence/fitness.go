package evidence

import (
	"fmt"
	"time"
)

// LogKinds are the kinds that record activity day by day; they must cover
// most of the period to be relied on.
var LogKinds = []Kind{AuthEvents, AccountEvents, Tickets}

// MinCoverage is the share of the period's days a log kind must have records on.
const MinCoverage = 0.90

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
		s.days = map[Kind][]bool{}
	}
	d := s.days[k]
	if d == nil {
		d = make([]bool, p.Days())
		s.days[k] = d
	}
	d[int(t.Sub(p.Start)/(24*time.Hour))] = true
}

// CoveredDays is the number of days of the assessment period on which kind k
// has at least one record. For streamed kinds it is known once they are read.
func (s *Set) CoveredDays(k Kind) int {
	n := 0
	for _, covered := range s.days[k] {
		if covered {
			n++
		}
	}
	return n
}
