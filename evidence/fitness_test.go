package evidence

import (
	"strings"
	"testing"
	"time"
)

// TestCoverageShortfall: every log must have records in each month-long
// window and hold no gap chance would not explain; a sparse but complete log
// (a small organisation's recoveries) and a service desk closed at weekends
// are relied on.
func TestCoverageShortfall(t *testing.T) {
	t.Parallel()
	const days = 92
	every := func(perDay int, skip func(day int) bool) []int {
		d := make([]int, days)
		for i := range d {
			if skip == nil || !skip(i) {
				d[i] = perDay
			}
		}
		return d
	}
	weekend := func(day int) bool { return day%7 == 3 || day%7 == 4 } // 2026-07-04 was a Saturday
	cases := []struct {
		name string
		days []int
		want string // part of the reason; "" when the log is relied on
	}{
		{"a dense log every day", every(60, nil), ""},
		{"a dense log without weekends", every(60, weekend), ""},
		{"a dense log without weekends and a week", every(60, func(d int) bool { return weekend(d) || d >= 50 && d < 57 }), "has no record on 5 weekdays in a row (2026-08-20 to 2026-08-26)"},
		{"a dense log with a four-day outage", every(60, func(d int) bool { return d >= 40 && d < 44 }), "has no record on 4 weekdays in a row (2026-08-10 to 2026-08-13)"},
		{"a dense log with a one-day outage", every(60, func(d int) bool { return d == 40 }), ""},
		{"a sparse log on two days in three", every(2, func(d int) bool { return d%3 == 0 }), ""},
		{"a sparse log on one day in eight", every(3, func(d int) bool { return d%8 != 0 }), ""},
		{"a sparse log without August", every(2, func(d int) bool { return d%3 == 0 || d >= 31 && d < 62 }), "has no record from 2026-08-01 to 2026-08-31"},
		{"a fragment of one day", every(2, func(d int) bool { return d != 5 }), "has no record from 2026-08-01 to 2026-08-31"},
		{"a log on two days in three with a three-week gap", every(2, func(d int) bool { return d%3 == 0 || d >= 35 && d < 56 }), "has no record on 15 weekdays in a row (2026-08-05 to 2026-08-25)"},
		{"a log on one day in three with a ten-day gap", every(2, func(d int) bool { return d%3 != 0 || d >= 40 && d < 50 }), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
			s := &Set{Manifest: &Manifest{Period: Period{Start: start, End: start.AddDate(0, 0, days-1)}}, days: map[Kind][]int{AccountEvents: tc.days}}
			got := s.CoverageShortfall(AccountEvents)
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("shortfall %q, want %q", got, tc.want)
			}
		})
	}
}
