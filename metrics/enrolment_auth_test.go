package metrics_test

import (
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/vocab"
)

func TestEnrolment(t *testing.T) {
	t.Parallel()
	// as_of = 2026-09-30T23:59:59.999Z
	people := []evidence.Person{
		{UserID: "u1", InScope: true, Privileged: true},
		{UserID: "u2", InScope: true},
		{UserID: "u3", InScope: true, Privileged: true},
		{UserID: "u4", InScope: true},
		{UserID: "u5", InScope: false, Privileged: true},
		{UserID: "u6", InScope: true},
	}
	auths := []evidence.Authenticator{
		// u1: PR + password → PR, redundant
		{UserID: "u1", ID: "a1", Type: "passkey_synced", RegisteredAt: mustTime("2026-01-01")},
		{UserID: "u1", ID: "a2", Type: "password", RegisteredAt: mustTime("2025-01-01")},
		// u2: one PR registered in the last second of P → held, not redundant
		{UserID: "u2", ID: "a3", Type: "security_key", RegisteredAt: mustTime("2026-09-30T23:59:59Z")},
		// u3: PR registered after as_of (not held), OTP held → no PR
		{UserID: "u3", ID: "a4", Type: "security_key", RegisteredAt: mustTime("2026-10-01T00:00:00Z")},
		{UserID: "u3", ID: "a5", Type: "otp_app", RegisteredAt: mustTime("2026-02-01")},
		// u4: one PR revoked inside P (not held), one revoked after as_of (held), SMS held → PR, redundant
		{UserID: "u4", ID: "a6", Type: "windows_hello", RegisteredAt: mustTime("2026-01-01"), RevokedAt: mustTime("2026-09-30T12:00:00Z")},
		{UserID: "u4", ID: "a7", Type: "smart_card", RegisteredAt: mustTime("2026-01-01"), RevokedAt: mustTime("2026-10-01T00:00:00Z")},
		{UserID: "u4", ID: "a8", Type: "sms", RegisteredAt: mustTime("2026-01-01")},
		// u5 is out of scope
		{UserID: "u5", ID: "a9", Type: "passkey_device_bound", RegisteredAt: mustTime("2026-01-01")},
		{UserID: "u5", ID: "a10", Type: "security_key", RegisteredAt: mustTime("2026-01-01")},
		// someone not in the population
		{UserID: "zz", ID: "a11", Type: "passkey_device_bound", RegisteredAt: mustTime("2026-01-01")},
	}
	r := run(&metrics.Input{Period: q3(), People: people, Authenticators: auths}, nil, false, nil, false)
	// N = 5 (u1 u2 u3 u4 u6); with PR: u1 u2 u4
	wantNum(t, r, "population.in_scope_users", 5, 5)
	wantNum(t, r, "enrolment.pr_share", 3.0/5, 5)
	// privileged in scope: u1 (PR), u3 (no PR)
	wantNum(t, r, "enrolment.privileged_pr_share", 0.5, 2)
	// redundant among PR holders: u1, u4 of u1 u2 u4
	wantNum(t, r, "enrolment.redundant_share", 2.0/3, 3)
}

func TestEnrolmentHeldAt(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		registered string
		revoked    string
		held       bool
	}{
		{"registered long ago, active", "2025-01-01", "", true},
		{"registered at the last millisecond of P", "2026-09-30T23:59:59.999Z", "", true},
		{"registered at the first instant after P", "2026-10-01T00:00:00Z", "", false},
		{"revoked at the first instant after P", "2026-01-01", "2026-10-01T00:00:00Z", true},
		{"revoked at the last millisecond of P", "2026-01-01", "2026-09-30T23:59:59.999Z", false},
		{"revoked inside P", "2026-01-01", "2026-08-01", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			au := evidence.Authenticator{UserID: "u", ID: "a", Type: "passkey_synced", RegisteredAt: mustTime(tc.registered)}
			if tc.revoked != "" {
				au.RevokedAt = mustTime(tc.revoked)
			}
			r := run(&metrics.Input{Period: q3(), People: []evidence.Person{{UserID: "u", InScope: true}},
				Authenticators: []evidence.Authenticator{au}}, nil, false, nil, false)
			want := 0.0
			if tc.held {
				want = 1
			}
			wantNum(t, r, "enrolment.pr_share", want, 1)
			if tc.held {
				wantNum(t, r, "enrolment.redundant_share", 0, 1)
			} else {
				wantAbsent(t, r, "enrolment.redundant_share") // no PR holder: zero denominator
			}
		})
	}
}

func TestEnrolmentAbsent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		in     metrics.Input
		absent []string
	}{
		{"no authenticators kind", metrics.Input{People: inScope(3)},
			[]string{"enrolment.pr_share", "enrolment.privileged_pr_share", "enrolment.redundant_share"}},
		{"no population kind", metrics.Input{Authenticators: []evidence.Authenticator{{UserID: "u-0000", Type: "passkey_synced"}}},
			[]string{"enrolment.pr_share", "enrolment.privileged_pr_share", "enrolment.redundant_share", "population.in_scope_users"}},
		{"no one in scope", metrics.Input{People: []evidence.Person{{UserID: "x", Privileged: true}}, Authenticators: []evidence.Authenticator{}},
			[]string{"enrolment.pr_share", "enrolment.privileged_pr_share", "enrolment.redundant_share"}},
		{"no privileged users", metrics.Input{People: inScope(3), Authenticators: []evidence.Authenticator{}},
			[]string{"enrolment.privileged_pr_share", "enrolment.redundant_share"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Period = q3()
			r := run(&in, nil, false, nil, false)
			wantAbsent(t, r, tc.absent...)
			noNaN(t, r)
		})
	}
	t.Run("empty authenticators still give pr_share 0", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), People: inScope(4), Authenticators: []evidence.Authenticator{}}, nil, false, nil, false)
		wantNum(t, r, "enrolment.pr_share", 0, 4)
	})
}

func ev(at, user, method string, ok bool) evidence.AuthEvent {
	return evidence.AuthEvent{Time: mustTime(at), UserID: user, Method: vocab.Method(method), Success: ok, App: "app"}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	// P = 2026-07-01..2026-09-30. First 30 days: [07-01, 07-31). Last 30 days: [09-01, 10-01).
	auths := []evidence.Authenticator{
		{UserID: "alice", ID: "a1", Type: "passkey_synced", RegisteredAt: mustTime("2026-07-15T00:00:00Z")},
		{UserID: "bob", ID: "b1", Type: "security_key", RegisteredAt: mustTime("2026-01-01"), RevokedAt: mustTime("2026-09-15T00:00:00Z")},
		{UserID: "carol", ID: "c1", Type: "password", RegisteredAt: mustTime("2020-01-01")},
	}
	events := []evidence.AuthEvent{
		ev("2026-06-30T23:59:59Z", "alice", "passkey_synced", true),       // before P: ignored
		ev("2026-07-01T00:00:00Z", "carol", "password", true),             // in P; carol holds no PR
		ev("2026-07-10T00:00:00Z", "alice", "sms", true),                  // alice holds no PR yet
		ev("2026-07-15T00:00:00Z", "alice", "otp_app", true),              // held (registered_at <= t): fallback, first 30
		ev("2026-07-20T00:00:00Z", "bob", "security_key", true),           // PR, first 30
		ev("2026-07-20T00:00:01Z", "bob", "password", false),              // failure
		ev("2026-07-30T23:59:59Z", "bob", "security_key", true),           // PR, still first 30
		ev("2026-07-31T00:00:00Z", "alice", "otp_app", true),              // fallback, outside first 30
		ev("2026-08-15T00:00:00Z", "alice", "passkey_synced", true),       // PR, in neither window
		ev("2026-08-31T23:59:59Z", "alice", "sms", true),                  // fallback, before last 30
		ev("2026-09-01T00:00:00Z", "alice", "otp_app", true),              // fallback, last 30
		ev("2026-09-15T00:00:00Z", "bob", "push", true),                   // bob's key revoked at t: not held
		ev("2026-09-20T00:00:00Z", "alice", "push", true),                 // fallback, last 30
		ev("2026-09-30T23:59:59Z", "alice", "passkey_device_bound", true), // PR, last 30, last second of P
		ev("2026-10-01T00:00:00Z", "alice", "sms", true),                  // after P: ignored
	}
	r := run(&metrics.Input{Period: q3(), Authenticators: auths}, events, true, nil, false)

	// in P: 13 events, 1 failure, 12 successes of which PR: 07-20 bob, 07-30 bob, 08-15, 09-30 = 4
	wantNum(t, r, "auth.events", 13, 13)
	wantNum(t, r, "auth.failure_share", 1.0/13, 13)
	wantNum(t, r, "auth.success_pr_share", 4.0/12, 12)
	// PR holders' successes: alice 07-15 fb, bob 07-20, bob 07-30, alice 07-31 fb, alice 08-15,
	// alice 08-31 fb, alice 09-01 fb, alice 09-20 fb, alice 09-30 → 5 of 9
	wantNum(t, r, "auth.fallback_share", 5.0/9, 9)
	// first 30: 07-15 fb, 07-20, 07-30 → 1/3; last 30: 09-01 fb, 09-20 fb, 09-30 → 2/3
	wantNum(t, r, "auth.fallback_trend", 2.0/3-1.0/3, 3)
}

func TestAuthFallbackHeldAt(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		registered string
		revoked    string
		at         string
		inPop      bool
	}{
		{"registered at the event time", "2026-08-01T10:00:00Z", "", "2026-08-01T10:00:00Z", true},
		{"registered a second after the event", "2026-08-01T10:00:01Z", "", "2026-08-01T10:00:00Z", false},
		{"revoked at the event time", "2026-01-01", "2026-08-01T10:00:00Z", "2026-08-01T10:00:00Z", false},
		{"revoked a second after the event", "2026-01-01", "2026-08-01T10:00:01Z", "2026-08-01T10:00:00Z", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			au := evidence.Authenticator{UserID: "u", Type: "windows_hello", RegisteredAt: mustTime(tc.registered)}
			if tc.revoked != "" {
				au.RevokedAt = mustTime(tc.revoked)
			}
			r := run(&metrics.Input{Period: q3(), Authenticators: []evidence.Authenticator{au}},
				[]evidence.AuthEvent{ev(tc.at, "u", "otp_app", true)}, true, nil, false)
			if tc.inPop {
				wantNum(t, r, "auth.fallback_share", 1, 1)
			} else {
				wantAbsent(t, r, "auth.fallback_share")
			}
		})
	}
}

func TestAuthPeriodBoundaries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		at   string
		in   bool
	}{
		{"first instant of P", "2026-07-01T00:00:00Z", true},
		{"last second of P", "2026-09-30T23:59:59Z", true},
		{"last millisecond of P", "2026-09-30T23:59:59.999Z", true},
		{"next day midnight", "2026-10-01T00:00:00Z", false},
		{"a second before P", "2026-06-30T23:59:59Z", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(&metrics.Input{Period: q3()}, []evidence.AuthEvent{ev(tc.at, "u", "password", false)}, true, nil, false)
			want := 0.0
			if tc.in {
				want = 1
			}
			wantNum(t, r, "auth.events", want, -1)
		})
	}
}

func TestAuthTrendWindows(t *testing.T) {
	t.Parallel()
	au := []evidence.Authenticator{{UserID: "u", Type: "security_key", RegisteredAt: mustTime("2026-01-01")}}
	cases := []struct {
		name   string
		events []evidence.AuthEvent
		trend  float64
		absent bool
	}{
		{"only the first window", []evidence.AuthEvent{ev("2026-07-05", "u", "sms", true)}, 0, true},
		{"only the last window", []evidence.AuthEvent{ev("2026-09-05", "u", "sms", true)}, 0, true},
		{"rising fallback", []evidence.AuthEvent{
			ev("2026-07-05", "u", "security_key", true), ev("2026-07-06", "u", "security_key", true),
			ev("2026-09-05", "u", "sms", true), ev("2026-09-06", "u", "security_key", true),
		}, 0.5, false},
		{"falling fallback", []evidence.AuthEvent{
			ev("2026-07-05", "u", "sms", true), ev("2026-07-06", "u", "sms", true),
			ev("2026-07-07", "u", "sms", true), ev("2026-07-08", "u", "security_key", true),
			ev("2026-09-05", "u", "security_key", true),
		}, -0.75, false},
		{"failures do not count", []evidence.AuthEvent{
			ev("2026-07-05", "u", "sms", false), ev("2026-07-06", "u", "security_key", true),
			ev("2026-09-05", "u", "sms", false), ev("2026-09-06", "u", "security_key", true),
		}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(&metrics.Input{Period: q3(), Authenticators: au}, tc.events, true, nil, false)
			if tc.absent {
				wantAbsent(t, r, "auth.fallback_trend")
				return
			}
			wantNum(t, r, "auth.fallback_trend", tc.trend, -1)
		})
	}
}

func TestAuthAbsent(t *testing.T) {
	t.Parallel()
	all := []string{"auth.events", "auth.success_pr_share", "auth.fallback_share", "auth.fallback_trend", "auth.failure_share"}
	t.Run("no auth_events kind", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Authenticators: []evidence.Authenticator{}}, nil, false, nil, false)
		wantAbsent(t, r, all...)
	})
	t.Run("no authenticators kind: no fallback metrics", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3()}, []evidence.AuthEvent{ev("2026-07-05", "u", "sms", true)}, true, nil, false)
		wantNum(t, r, "auth.events", 1, 1)
		wantNum(t, r, "auth.success_pr_share", 0, 1)
		wantAbsent(t, r, "auth.fallback_share", "auth.fallback_trend")
	})
	t.Run("auth_events present but empty", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Authenticators: []evidence.Authenticator{}}, nil, true, nil, false)
		wantNum(t, r, "auth.events", 0, 0)
		wantAbsent(t, r, "auth.success_pr_share", "auth.failure_share", "auth.fallback_share", "auth.fallback_trend")
		noNaN(t, r)
	})
	t.Run("only failures", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3()}, []evidence.AuthEvent{ev("2026-07-05", "u", "sms", false)}, true, nil, false)
		wantNum(t, r, "auth.failure_share", 1, 1)
		wantAbsent(t, r, "auth.success_pr_share")
		noNaN(t, r)
	})
}
