package metrics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/vocab"
)

// tk is a ticket opened at `opened`, resolved `hours` later (negative: open).
func tk(opened, stage string, hours float64) evidence.Ticket {
	t := evidence.Ticket{ID: opened + stage, OpenedAt: mustTime(opened), Stage: stage}
	if hours >= 0 {
		t.ResolvedAt = t.OpenedAt.Add(time.Duration(hours * float64(time.Hour)))
	}
	return t
}

func repeat(n int, mk func(i int) evidence.Ticket) []evidence.Ticket {
	out := make([]evidence.Ticket, n)
	for i := range out {
		out[i] = mk(i)
	}
	return out
}

func TestHelpdesk(t *testing.T) {
	t.Parallel()
	var ts []evidence.Ticket
	// in P: 6 lost_device_recovery, resolved in 1, 2, 4, 8, 100 hours and one open
	for _, h := range []float64{8, 1, 100, 4, 2, -1} {
		ts = append(ts, tk("2026-08-10T09:00:00Z", "lost_device_recovery", h))
	}
	// in P: 4 enrolment (one in the last second of P), 1 other_auth, 5 unrelated
	ts = append(ts, repeat(3, func(int) evidence.Ticket { return tk("2026-07-01T00:00:00Z", "enrolment", 500) })...)
	ts = append(ts, tk("2026-09-30T23:59:59Z", "enrolment", -1))
	ts = append(ts, tk("2026-09-01", "other_auth", 1))
	ts = append(ts, repeat(5, func(int) evidence.Ticket { return tk("2026-08-01", "unrelated", 1) })...)
	// after P: ignored
	ts = append(ts, tk("2026-10-01T00:00:00Z", "lost_device_recovery", 1))
	// in B: 3 lost_device_recovery (one resolved in 1000 h: not in P), 4 password_reset, 2 unrelated
	ts = append(ts, repeat(3, func(int) evidence.Ticket { return tk("2026-05-01", "lost_device_recovery", 1000) })...)
	ts = append(ts, repeat(4, func(int) evidence.Ticket { return tk("2026-06-30T23:59:59Z", "password_reset", -1) })...)
	ts = append(ts, repeat(2, func(int) evidence.Ticket { return tk("2026-04-01", "unrelated", -1) })...)

	people := append(inScope(200), repeat2(10)...)
	r := run(&metrics.Input{Period: q3(), Baseline: q2(), People: people, Tickets: ts}, nil, false, nil, false)

	// auth tickets in P: 6 + 4 + 1 = 11
	wantNum(t, r, "helpdesk.auth_tickets", 11, 11)
	// 11 / 200 × 1000 / (92 / 30.436875) = 55 × 30.436875 / 92
	wantNum(t, r, "helpdesk.tickets_per_1000_users_month", 55*30.436875/92, 11)
	wantNum(t, r, "helpdesk.stage_share.lost_device_recovery", 6.0/11, 11)
	wantNum(t, r, "helpdesk.stage_share.enrolment", 4.0/11, 11)
	wantNum(t, r, "helpdesk.stage_share.other_auth", 1.0/11, 11)
	for _, st := range []string{"device_readiness", "authenticator_migration", "reauthentication", "password_reset"} {
		wantNum(t, r, "helpdesk.stage_share."+st, 0, 11)
	}
	wantAbsent(t, r, "helpdesk.stage_share.unrelated")
	wantNum(t, r, "helpdesk.max_stage_share", 6.0/11, 11)
	wantDetail(t, r, "helpdesk.max_stage_share", "lost_device_recovery")
	// daily rates: P 11/92, B 7/91 → (11·91)/(92·7) − 1 = 1001/644 − 1 = 357/644
	wantNum(t, r, "helpdesk.demand_change", 357.0/644, 7)
	// lost-device recovery: P 6/92, B 3/91 → 546/276 − 1 = 270/276
	wantNum(t, r, "helpdesk.recovery_change", 270.0/276, 3)
	// resolved LDR tickets in P, sorted: 1 2 4 8 100 → median rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5
	wantNum(t, r, "recovery.median_hours", 4, 5)
	wantNum(t, r, "recovery.p90_hours", 100, 5)
	// no account_events kind: no practical test
	wantAbsent(t, r, "helpdesk.practical_test", "credential_reset.change")
}

// repeat2 returns n out-of-scope people.
func repeat2(n int) []evidence.Person {
	out := make([]evidence.Person, n)
	for i := range out {
		out[i] = evidence.Person{UserID: fmt.Sprint("x-", i), InScope: false}
	}
	return out
}

func TestHelpdeskMaxStageTie(t *testing.T) {
	t.Parallel()
	// a tie goes to the stage that comes first in the report order
	ts := []evidence.Ticket{
		tk("2026-08-01", "password_reset", -1), tk("2026-08-01", "password_reset", -1),
		tk("2026-08-01", "device_readiness", -1), tk("2026-08-01", "device_readiness", -1),
	}
	r := run(&metrics.Input{Period: q3(), Tickets: ts}, nil, false, nil, false)
	wantNum(t, r, "helpdesk.max_stage_share", 0.5, 4)
	wantDetail(t, r, "helpdesk.max_stage_share", "device_readiness")
}

func TestRecoveryPercentilesNearestRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		hours       []float64
		median, p90 float64
	}{
		{"one value", []float64{5}, 5, 5},
		{"two values: median rank 1, p90 rank 2", []float64{2, 1}, 1, 2},
		{"four values: median rank 2, p90 rank 4", []float64{40, 10, 30, 20}, 20, 40},
		{"ten values: median rank 5, p90 rank 9", seq(10), 5, 9},
		{"eleven values: median rank 6, p90 rank ceil(9.9) = 10", seq(11), 6, 10},
		{"seventy values: p90 rank exactly 63", seq(70), 35, 63},
		{"hundred values", seq(100), 50, 90},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ts []evidence.Ticket
			for _, h := range tc.hours {
				ts = append(ts, tk("2026-08-01T08:00:00Z", "lost_device_recovery", h))
			}
			r := run(&metrics.Input{Period: q3(), Tickets: ts}, nil, false, nil, false)
			wantNum(t, r, "recovery.median_hours", tc.median, len(tc.hours))
			wantNum(t, r, "recovery.p90_hours", tc.p90, len(tc.hours))
		})
	}
	t.Run("no resolved recovery ticket", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Tickets: []evidence.Ticket{tk("2026-08-01", "lost_device_recovery", -1), tk("2026-08-01", "enrolment", 3)}}, nil, false, nil, false)
		wantAbsent(t, r, "recovery.median_hours", "recovery.p90_hours")
	})
}

// seq returns 1, 2, ..., n in descending order (so sorting is exercised).
func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(n - i)
	}
	return out
}

func TestHelpdeskAbsent(t *testing.T) {
	t.Parallel()
	t.Run("no tickets kind", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Baseline: q2(), People: inScope(5)}, nil, false, nil, false)
		wantAbsent(t, r, "helpdesk.auth_tickets", "helpdesk.tickets_per_1000_users_month", "helpdesk.max_stage_share",
			"helpdesk.demand_change", "helpdesk.recovery_change", "recovery.median_hours")
	})
	t.Run("no population: no rate", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Tickets: []evidence.Ticket{tk("2026-08-01", "enrolment", -1)}}, nil, false, nil, false)
		wantNum(t, r, "helpdesk.auth_tickets", 1, 1)
		wantAbsent(t, r, "helpdesk.tickets_per_1000_users_month")
	})
	t.Run("nobody in scope: no rate", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), People: repeat2(3), Tickets: []evidence.Ticket{tk("2026-08-01", "enrolment", -1)}}, nil, false, nil, false)
		wantAbsent(t, r, "helpdesk.tickets_per_1000_users_month")
		noNaN(t, r)
	})
	t.Run("only unrelated tickets", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Baseline: q2(), People: inScope(5),
			Tickets: []evidence.Ticket{tk("2026-08-01", "unrelated", -1), tk("2026-05-01", "unrelated", -1)}}, nil, false, nil, false)
		wantNum(t, r, "helpdesk.auth_tickets", 0, 0)
		wantNum(t, r, "helpdesk.tickets_per_1000_users_month", 0, 0)
		wantAbsent(t, r, "helpdesk.max_stage_share", "helpdesk.stage_share.enrolment", "helpdesk.demand_change", "helpdesk.recovery_change")
		noNaN(t, r)
	})
	t.Run("no baseline period", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Tickets: []evidence.Ticket{tk("2026-08-01", "lost_device_recovery", -1), tk("2026-05-01", "lost_device_recovery", -1)}}, nil, false, nil, false)
		wantAbsent(t, r, "helpdesk.demand_change", "helpdesk.recovery_change")
	})
	t.Run("baseline without recovery tickets", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Baseline: q2(), Tickets: []evidence.Ticket{
			tk("2026-08-01", "lost_device_recovery", -1), tk("2026-05-01", "enrolment", -1)}}, nil, false, nil, false)
		// P 1/92, B 1/91 → 91/92 − 1 = −1/92
		wantNum(t, r, "helpdesk.demand_change", -1.0/92, 1)
		wantAbsent(t, r, "helpdesk.recovery_change")
	})
}

func TestHelpdeskMonths(t *testing.T) {
	t.Parallel()
	ts := []evidence.Ticket{
		tk("2026-04-30T23:59:59Z", "enrolment", -1),
		tk("2026-07-01", "lost_device_recovery", -1), tk("2026-07-31", "lost_device_recovery", -1),
		tk("2026-09-30T23:59:59Z", "password_reset", -1),
		tk("2026-08-01", "unrelated", -1),
	}
	r := run(&metrics.Input{Period: q3(), Baseline: q2(), Tickets: ts}, nil, false, nil, false)
	want := []struct {
		month    string
		baseline bool
		stage    string
		n        int
	}{
		{"2026-04", true, "enrolment", 1}, {"2026-05", true, "", 0}, {"2026-06", true, "", 0},
		{"2026-07", false, "lost_device_recovery", 2}, {"2026-08", false, "", 0}, {"2026-09", false, "password_reset", 1},
	}
	if len(r.Months) != len(want) {
		t.Fatalf("months = %+v, want %d months", r.Months, len(want))
	}
	for i, w := range want {
		m := r.Months[i]
		if m.Month != w.month || m.Baseline != w.baseline {
			t.Errorf("month %d = %s (baseline %v), want %s (baseline %v)", i, m.Month, m.Baseline, w.month, w.baseline)
		}
		total := 0
		for _, n := range m.Stages {
			total += n
		}
		if total != w.n || (w.stage != "" && m.Stages[w.stage] != w.n) {
			t.Errorf("month %s stages = %v, want %d %s", m.Month, m.Stages, w.n, w.stage)
		}
		if len(m.Stages) != len(vocab.Stages()) {
			t.Errorf("month %s lists %d stages, want all %d", m.Month, len(m.Stages), len(vocab.Stages()))
		}
	}
}

func acct(at, action, method, channel string) evidence.AccountEvent {
	return evidence.AccountEvent{Time: mustTime(at), UserID: uid(0), Action: action, Method: method, Channel: channel}
}

func TestRecoveryAccountEvents(t *testing.T) {
	t.Parallel()
	events := []evidence.AccountEvent{
		acct("2026-07-01T00:00:00Z", "recovery_completed", "recovery_code", "self_service"),
		acct("2026-07-02", "recovery_completed", "sms", "self_service"), // weak
		acct("2026-07-03", "recovery_completed", "helpdesk_verified", "helpdesk"),
		acct("2026-07-04", "recovery_completed", "helpdesk_unverified", "helpdesk"), // weak
		acct("2026-09-30T23:59:59Z", "recovery_completed", "identity_proofing", "self_service"),
		acct("2026-10-01T00:00:00Z", "recovery_completed", "email", "self_service"), // after P
		acct("2026-05-01", "recovery_completed", "email", "self_service"),           // baseline: ignored
		acct("2026-07-05", "recovery_failed", "sms", "self_service"),
		acct("2026-07-06", "recovery_started", "sms", "self_service"),
		acct("2026-07-07", "recovery_started", "recovery_code", "self_service"),
		acct("2026-08-07", "recovery_started", "recovery_code", "helpdesk"),
		acct("2026-09-30T23:59:59Z", "recovery_started", "recovery_code", "helpdesk"),
		acct("2026-10-01T00:00:00Z", "recovery_started", "recovery_code", "helpdesk"), // after P
		acct("2026-05-07", "recovery_started", "recovery_code", "helpdesk"),           // baseline
		acct("2026-07-08", "password_reset", "", "self_service"),
		acct("2026-08-08", "password_reset", "", "helpdesk"),
		acct("2026-09-30T23:59:59Z", "password_reset", "", "helpdesk"),
		acct("2026-04-01T00:00:00Z", "password_reset", "", "helpdesk"),
		acct("2026-06-30T23:59:59Z", "password_reset", "", "helpdesk"),
		acct("2026-03-31T23:59:59Z", "password_reset", "", "helpdesk"), // before B
		acct("2026-07-09", "authenticator_registered", "passkey_synced", "self_service"),
	}
	// The help-desk routes' risk analysis is documented, so a verified
	// helpdesk recovery is not weak (TestWeakRecoveryPerRevision).
	analysed := &evidence.GovernanceRecord{RecoveryRiskAnalysis: mustTime("2026-01-15")}
	r := run(&metrics.Input{Period: q3(), Baseline: q2(), People: inScope(200), Governance: analysed}, nil, false, events, true)
	wantNum(t, r, "recovery.completed", 5, 5)
	wantNum(t, r, "recovery.self_service_share", 3.0/5, 5)
	wantNum(t, r, "recovery.weak_method_share", 2.0/5, 5)
	// 4 started / 200 × 100 / (92 / 30.436875) = 2 × 30.436875 / 92
	wantNum(t, r, "recovery.rate_per_100_users_month", 2*30.436875/92, 4)
	// resets: P 3/92, B 2/91 → 273/184 − 1 = 89/184; n is the baseline's count
	wantNum(t, r, "credential_reset.change", 89.0/184, 2)
	// no tickets kind: no recovery change, so no practical test
	wantAbsent(t, r, "helpdesk.practical_test", "helpdesk.recovery_change")
}

func TestRecoveryAbsent(t *testing.T) {
	t.Parallel()
	t.Run("no account_events kind", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Baseline: q2(), People: inScope(5)}, nil, false, nil, false)
		wantAbsent(t, r, "recovery.completed", "recovery.self_service_share", "recovery.weak_method_share",
			"recovery.rate_per_100_users_month", "credential_reset.change", "helpdesk.practical_test")
	})
	t.Run("account events present, no completions", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), People: inScope(5)}, nil, false, []evidence.AccountEvent{acct("2026-07-06", "recovery_started", "sms", "self_service")}, true)
		wantNum(t, r, "recovery.completed", 0, 0)
		wantAbsent(t, r, "recovery.self_service_share", "recovery.weak_method_share", "credential_reset.change")
		// 1 / 5 × 100 / (92 / 30.436875) = 20 × 30.436875 / 92
		wantNum(t, r, "recovery.rate_per_100_users_month", 20*30.436875/92, 1)
		noNaN(t, r)
	})
	t.Run("no population: no rate", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3()}, nil, false, []evidence.AccountEvent{acct("2026-07-06", "recovery_started", "sms", "self_service")}, true)
		wantAbsent(t, r, "recovery.rate_per_100_users_month")
	})
	t.Run("no resets in baseline", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Baseline: q2()}, nil, false, []evidence.AccountEvent{acct("2026-07-08", "password_reset", "", "helpdesk")}, true)
		wantAbsent(t, r, "credential_reset.change")
	})
}

// TestPracticalTest walks the truth table of helpdesk.practical_test with a
// 30-day period and a 30-day baseline, so that changes are plain count ratios.
func TestPracticalTest(t *testing.T) {
	t.Parallel()
	p := period("2026-07-01", "2026-07-30")
	bl := period("2026-06-01", "2026-06-30")
	cases := []struct {
		name                       string
		ldrP, ldrB, resetP, resetB int
		recChange, resetChange     float64
		want                       bool
		absent                     bool
	}{
		{"recovery up, resets flat → false", 40, 20, 30, 30, 1, 0, false, false},
		{"recovery up, resets up → false", 30, 20, 60, 40, 0.5, 0.5, false, false},
		{"recovery up, resets down → true", 40, 20, 20, 40, 1, -0.5, true, false},
		{"recovery flat, resets up → true", 20, 20, 50, 40, 0, 0.25, true, false},
		{"recovery down, resets up → true", 10, 20, 80, 40, -0.5, 1, true, false},
		{"recovery down, resets down → true", 10, 20, 10, 40, -0.5, -0.75, true, false},
		{"no recovery tickets in the baseline, resets flat → absent", 30, 0, 30, 30, 0, 0, false, true},
		{"no resets in the baseline, recovery up → absent", 30, 20, 30, 0, 0, 0, false, true},
		{"small baselines, recovery up → absent", 3, 2, 3, 3, 0, 0, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, ae := practicalEvidence(tc.ldrP, tc.ldrB, tc.resetP, tc.resetB)
			r := run(&metrics.Input{Period: p, Baseline: &bl, Tickets: ts}, nil, false, ae, true)
			if tc.absent {
				wantAbsent(t, r, "helpdesk.practical_test")
				return
			}
			wantNum(t, r, "helpdesk.recovery_change", tc.recChange, -1)
			wantNum(t, r, "credential_reset.change", tc.resetChange, -1)
			wantBool(t, r, "helpdesk.practical_test", tc.want)
		})
	}
	t.Run("no baseline → absent", func(t *testing.T) {
		r := run(&metrics.Input{Period: p, Tickets: []evidence.Ticket{tk("2026-07-10", "lost_device_recovery", -1)}}, nil, false,
			[]evidence.AccountEvent{acct("2026-07-10", "password_reset", "", "helpdesk")}, true)
		wantAbsent(t, r, "helpdesk.practical_test", "helpdesk.recovery_change", "credential_reset.change")
	})
}

// practicalEvidence is lost-device recovery tickets and password resets in
// the period (July) and the baseline (June).
func practicalEvidence(ldrP, ldrB, resetP, resetB int) ([]evidence.Ticket, []evidence.AccountEvent) {
	var ts []evidence.Ticket
	var ae []evidence.AccountEvent
	for range ldrP {
		ts = append(ts, tk("2026-07-10", "lost_device_recovery", -1))
	}
	for range ldrB {
		ts = append(ts, tk("2026-06-10", "lost_device_recovery", -1))
	}
	for range resetP {
		ae = append(ae, acct("2026-07-10", "password_reset", "", "helpdesk"))
	}
	for range resetB {
		ae = append(ae, acct("2026-06-10", "password_reset", "", "helpdesk"))
	}
	return ts, ae
}

// The practical test is decided whenever one side allows it: resets that fell
// decide it holds whatever recovery did, recovery that did not rise decides it
// holds whatever resets did.
func TestPracticalTestDecidedByOneSide(t *testing.T) {
	t.Parallel()
	p := period("2026-07-01", "2026-07-30")
	bl := period("2026-06-01", "2026-06-30")
	for _, tc := range []struct {
		name                       string
		ldrP, ldrB, resetP, resetB int
		want, absent               bool
	}{
		{"no recovery tickets in the baseline, resets fell 39 %", 30, 0, 18, 30, true, false},
		{"a small reset baseline, recovery flat", 20, 20, 5, 5, true, false},
		{"no recovery ticket in the period, small baselines", 0, 2, 3, 3, true, false},
		{"recovery up over a small baseline, resets flat", 30, 5, 30, 30, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, ae := practicalEvidence(tc.ldrP, tc.ldrB, tc.resetP, tc.resetB)
			r := run(&metrics.Input{Period: p, Baseline: &bl, Tickets: ts}, nil, false, ae, true)
			if tc.absent {
				wantAbsent(t, r, "helpdesk.practical_test")
				return
			}
			wantBool(t, r, "helpdesk.practical_test", tc.want)
		})
	}
}

// When people came into scope between the baseline and the period, demand is
// compared per person: a merger that doubles the population and the tickets
// does not make demand rise.
func TestChangesPerPersonWhenThePopulationGrew(t *testing.T) {
	t.Parallel()
	p := period("2026-07-01", "2026-07-30")
	bl := period("2026-06-01", "2026-06-30")
	people := inScope(200)
	for i := 100; i < 200; i++ {
		people[i].InScopeFrom = mustTime("2026-07-01") // arrived with an acquisition
	}
	var ts []evidence.Ticket
	for range 40 {
		ts = append(ts, tk("2026-07-10", "enrolment", -1))
	}
	for range 20 {
		ts = append(ts, tk("2026-06-10", "enrolment", -1))
	}
	r := run(&metrics.Input{Period: p, Baseline: &bl, People: people, Tickets: ts}, nil, false, nil, false)
	wantNum(t, r, "helpdesk.demand_change", 0, 20)
	// the same tickets with everyone in scope throughout: demand doubled
	r = run(&metrics.Input{Period: p, Baseline: &bl, People: inScope(200), Tickets: ts}, nil, false, nil, false)
	wantNum(t, r, "helpdesk.demand_change", 1, 20)
}

// Account events of people out of the programme's scope are not counted.
func TestAccountEventsOfPeopleInScopeOnly(t *testing.T) {
	t.Parallel()
	people := append(inScope(1), evidence.Person{UserID: "x-1", InScope: false})
	in := acct("2026-08-01", "recovery_completed", "sms", "helpdesk")
	out := in
	out.UserID = "x-1"
	r := run(&metrics.Input{Period: q3(), People: people}, nil, false, []evidence.AccountEvent{in, out}, true)
	wantNum(t, r, "recovery.completed", 1, 1)
}
