package metrics_test

import (
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/vocab"
)

// A baseline period need not touch the assessment period: the months between
// them are not in the series, and an event is counted in its own month.
func TestSeriesWithAGapBeforeThePeriod(t *testing.T) {
	t.Parallel()
	base := period("2026-01-01", "2026-03-31")
	ev := func(day string, method vocab.Method) evidence.AuthEvent {
		return evidence.AuthEvent{Time: mustTime(day), UserID: "u-0001", App: "mail", Method: method, Success: true}
	}
	auth := []evidence.AuthEvent{
		ev("2026-02-10", "passkey_synced"), ev("2026-02-11", "password"),
		ev("2026-05-15", "passkey_synced"), // between the periods: in neither
		ev("2026-08-03", "passkey_synced"), ev("2026-08-04", "passkey_synced"), ev("2026-08-05", "password"),
	}
	r := run(&metrics.Input{Period: q3(), Baseline: &base, People: inScope(1)}, auth, true, nil, false)
	pts := r.Series["auth.success_pr_share"]
	want := []struct {
		month    string
		baseline bool
		n        int
	}{{"2026-01", true, 0}, {"2026-02", true, 2}, {"2026-03", true, 0}, {"2026-07", false, 0}, {"2026-08", false, 3}, {"2026-09", false, 0}}
	if len(pts) != len(want) {
		t.Fatalf("%d months, want %d: %+v", len(pts), len(want), pts)
	}
	for i, w := range want {
		p := pts[i]
		if p.Month != w.month || p.Baseline != w.baseline || p.N != w.n {
			t.Errorf("month %d = %+v, want %+v", i, p, w)
		}
	}
	if v := pts[4].Value; v < 0.666 || v > 0.667 {
		t.Errorf("August share = %v, want 2/3", v)
	}
	if v := pts[1].Value; v != 0.5 {
		t.Errorf("February share = %v, want 1/2", v)
	}
}
