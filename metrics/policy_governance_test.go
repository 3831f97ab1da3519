package metrics_test

import (
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
)

func baseIdP() evidence.IdPPolicy {
	return evidence.IdPPolicy{
		MaxSessionHours: f(12), IdleTimeoutMinutes: f(30), LockoutThreshold: f(10),
		RecoveryMethods:  []string{"recovery_code", "sms", "email"},
		NotifyOnRecovery: b(true),
		AllowedMethods:   []string{"passkey_synced", "otp_app"}, HasAllowed: true,
		FallbackMethods: []string{"otp_app"}, HasFallback: true,
		StepUp:                       "phishing_resistant",
		SharedWorkstationIdleMinutes: f(10),
	}
}

func policyApps() []evidence.AppPolicy {
	return []evidence.AppPolicy{
		{App: "inherit", AAL: 2}, // everything from the IdP: 12 h / 30 min
		{App: "aal1", AAL: 1, MaxSessionHours: f(100), FallbackMethods: []string{"sms"}, HasFallback: true, AllowedMethods: []string{"password"}, HasAllowed: true},
		{App: "long", AAL: 2, MaxSessionHours: f(20)},      // ok for rev4, over rev3's 12 h
		{App: "idle45", AAL: 2, IdleTimeoutMinutes: f(45)}, // ok for rev4, over rev3's 30 min
		{App: "over", AAL: 3, MaxSessionHours: f(25)},      // over both
		{App: "phish", AAL: 2, AllowedMethods: []string{"otp_app", "push"}, HasAllowed: true},
		{App: "emptyallow", AAL: 2, AllowedMethods: []string{}, HasAllowed: true}, // explicitly empty: no inheritance
		{App: "weakfb", AAL: 2, FallbackMethods: []string{"sms"}, HasFallback: true},
		{App: "excepted", AAL: 2, StepUp: "any_mfa"}, // unexpired exception
		{App: "expiredex", AAL: 2, StepUp: "none"},   // exception expired the day before period end
		{App: "endex", AAL: 2, StepUp: "any_mfa"},    // exception expires on period end: still valid
		{App: "samefbset", AAL: 2, FallbackMethods: []string{"otp_app", "otp_app"}, HasFallback: true},
	}
}

func policyGov() *evidence.GovernanceRecord {
	return &evidence.GovernanceRecord{Exceptions: []evidence.Exception{
		{ID: "EX-1", Scope: "excepted", Owner: "o", Expires: mustTime("2026-12-31")},
		{ID: "EX-2", Scope: "expiredex", Owner: "o", Expires: mustTime("2026-09-29")},
		{ID: "EX-3", Scope: "endex", Owner: "o", Expires: mustTime("2026-09-30")},
	}}
}

func TestPolicy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		profile string
		weak    int
		weakFor string
	}{
		// rev 4 takes SMS and e-mail codes as issued recovery codes (§4.2.1.2)
		{"rev4", "rev4", 0, ""},
		{"rev3: SMS and e-mail are weak (§6.1.2.3)", "rev3", 2, "email, sms"},
		{"no profile means rev4", "", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &metrics.Input{Period: q3(), SP80063B: tc.profile,
				Policies: &evidence.PolicySet{IdP: baseIdP(), Apps: policyApps()}, Governance: policyGov()}
			r := run(in, nil, false, nil, false)
			// every app but aal1
			wantNum(t, r, "policy.aal2_apps", 11, 11)
			wantNum(t, r, "policy.aal3_apps", 1, 1)
			// session limits by AAL: the catalogue holds the revision's limits
			wantNum(t, r, "policy.apps_without_overall_timeout", 0, 11)
			wantNum(t, r, "policy.aal2_max_session_hours", 20, 10)
			wantDetail(t, r, "policy.aal2_max_session_hours", "long")
			wantNum(t, r, "policy.aal2_max_idle_minutes", 45, 10)
			wantDetail(t, r, "policy.aal2_max_idle_minutes", "idle45")
			wantNum(t, r, "policy.aal3_max_session_hours", 25, 1)
			wantDetail(t, r, "policy.aal3_max_session_hours", "over")
			wantNum(t, r, "policy.aal3_max_idle_minutes", 30, 1)
			wantNum(t, r, "policy.aal3_apps_allowing_synced", 1, 1)
			wantDetail(t, r, "policy.aal3_apps_allowing_synced", "over")
			wantNum(t, r, "policy.phishable_only_apps", 2, 11)
			wantDetail(t, r, "policy.phishable_only_apps", "emptyallow, phish")
			wantNum(t, r, "policy.weak_fallback_apps", 1, 11)
			wantDetail(t, r, "policy.weak_fallback_apps", "weakfb")
			wantNum(t, r, "policy.inconsistent_apps", 5, 11)
			wantDetail(t, r, "policy.inconsistent_apps", "expiredex, idle45, long, over, weakfb")
			wantNum(t, r, "policy.shared_workstation_idle_minutes", 10, -1)
			wantNum(t, r, "policy.lockout_threshold", 10, -1)
			wantNum(t, r, "policy.recovery_methods_weak", float64(tc.weak), 3)
			wantDetail(t, r, "policy.recovery_methods_weak", tc.weakFor)
			wantBool(t, r, "policy.notify_on_recovery", true)
		})
	}
}

// Help-desk and temporary-pass recovery are weak under rev 4 unless a risk
// analysis of them is documented; security questions and an unverified
// helpdesk are weak under both revisions.
func TestWeakRecoveryMethodsByRevision(t *testing.T) {
	t.Parallel()
	methods := []string{"temporary_access_pass", "helpdesk_verified", "security_questions", "helpdesk_unverified", "recovery_code", "identity_proofing"}
	for _, tc := range []struct {
		name, rev string
		analysed  bool
		want      float64
		detail    string
	}{
		{"rev4 without a risk analysis", "rev4", false, 4, "helpdesk_unverified, helpdesk_verified, security_questions, temporary_access_pass"},
		{"rev4 with a risk analysis", "rev4", true, 2, "helpdesk_unverified, security_questions"},
		{"rev3", "rev3", false, 2, "helpdesk_unverified, security_questions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gov := &evidence.GovernanceRecord{}
			if tc.analysed {
				gov.RecoveryRiskAnalysis = mustTime("2026-03-01")
			}
			in := &metrics.Input{Period: q3(), SP80063B: tc.rev, Governance: gov,
				Policies: &evidence.PolicySet{IdP: evidence.IdPPolicy{RecoveryMethods: methods}}}
			r := run(in, nil, false, nil, false)
			wantNum(t, r, "policy.recovery_methods_weak", tc.want, len(methods))
			wantDetail(t, r, "policy.recovery_methods_weak", tc.detail)
		})
	}
}

func TestPolicySessionSettings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                       string
		hours, idle                *float64
		noOverall, noIdle, hasIdle bool
	}{
		{"both set", f(24), f(60), false, false, true},
		{"hours missing everywhere", nil, f(30), true, false, true},
		{"idle missing everywhere", f(8), nil, false, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// the app sets nothing, so the IdP values are its effective values
			in := &metrics.Input{Period: q3(), Policies: &evidence.PolicySet{
				IdP:  evidence.IdPPolicy{MaxSessionHours: tc.hours, IdleTimeoutMinutes: tc.idle},
				Apps: []evidence.AppPolicy{{App: "a", AAL: 2}},
			}}
			r := run(in, nil, false, nil, false)
			wantNum(t, r, "policy.apps_without_overall_timeout", b2f(tc.noOverall), 1)
			wantNum(t, r, "policy.aal2_apps_without_idle_timeout", b2f(tc.noIdle), 1)
			if tc.hours != nil {
				wantNum(t, r, "policy.aal2_max_session_hours", *tc.hours, 1)
			} else {
				wantAbsent(t, r, "policy.aal2_max_session_hours")
			}
			if tc.hasIdle {
				wantNum(t, r, "policy.aal2_max_idle_minutes", *tc.idle, 1)
			} else {
				wantAbsent(t, r, "policy.aal2_max_idle_minutes")
			}
			wantAbsent(t, r, "policy.aal3_apps_allowing_synced", "policy.aal3_max_session_hours")
			// inherited values never differ from the IdP
			wantNum(t, r, "policy.inconsistent_apps", 0, 1)
		})
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestPolicyInheritance(t *testing.T) {
	t.Parallel()
	idp := evidence.IdPPolicy{
		MaxSessionHours: f(8), IdleTimeoutMinutes: f(15),
		AllowedMethods: []string{"otp_app"}, HasAllowed: true,
		FallbackMethods: []string{"email"}, HasFallback: true,
		StepUp: "any_mfa",
	}
	cases := []struct {
		name                                   string
		app                                    evidence.AppPolicy
		phishable, weak, inconsistent, _unused int
	}{
		{"absent fields inherit the IdP: phishable and weak fallback", evidence.AppPolicy{App: "a", AAL: 2}, 1, 1, 0, 0},
		{"own PR method", evidence.AppPolicy{App: "a", AAL: 2, AllowedMethods: []string{"security_key"}, HasAllowed: true}, 0, 1, 0, 0},
		{"own strong fallback differs from IdP", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{"otp_app"}, HasFallback: true}, 1, 0, 1, 0},
		{"explicitly no fallback differs from IdP", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{}, HasFallback: true}, 1, 0, 1, 0},
		{"same session values set explicitly", evidence.AppPolicy{App: "a", AAL: 2, MaxSessionHours: f(8), IdleTimeoutMinutes: f(15), StepUp: "any_mfa"}, 1, 1, 0, 0},
		{"a PR method next to password in allowed is enough", evidence.AppPolicy{App: "a", AAL: 2, AllowedMethods: []string{"password", "passkey_synced"}, HasAllowed: true}, 0, 1, 0, 0},
		{"password fallback is weak", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{"password"}, HasFallback: true}, 1, 1, 1, 0},
		{"sms fallback is weak", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{"otp_app", "sms"}, HasFallback: true}, 1, 1, 1, 0},
		{"voice fallback is weak", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{"voice"}, HasFallback: true}, 1, 1, 1, 0},
		{"duplicate fallback entries form the same set", evidence.AppPolicy{App: "a", AAL: 2, FallbackMethods: []string{"email", "email"}, HasFallback: true}, 1, 1, 0, 0},
		{"different step-up", evidence.AppPolicy{App: "a", AAL: 2, StepUp: "phishing_resistant"}, 1, 1, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &metrics.Input{Period: q3(), Policies: &evidence.PolicySet{IdP: idp, Apps: []evidence.AppPolicy{tc.app}}}
			r := run(in, nil, false, nil, false)
			wantNum(t, r, "policy.phishable_only_apps", float64(tc.phishable), -1)
			wantNum(t, r, "policy.weak_fallback_apps", float64(tc.weak), -1)
			wantNum(t, r, "policy.inconsistent_apps", float64(tc.inconsistent), -1)
		})
	}
}

// TestNoAAL2AppsLeavesTheCountsAbsent: with no AAL2 application, "none is
// non-compliant" says nothing, so the counts are absent and their controls
// fail closed.
func TestNoAAL2AppsLeavesTheCountsAbsent(t *testing.T) {
	t.Parallel()
	app := evidence.AppPolicy{App: "a", AAL: 1, MaxSessionHours: f(99), StepUp: "none"}
	r := run(&metrics.Input{Period: q3(), Policies: &evidence.PolicySet{Apps: []evidence.AppPolicy{app}}}, nil, false, nil, false)
	wantNum(t, r, "policy.aal2_apps", 0, 0)
	wantAbsent(t, r, "policy.phishable_only_apps", "policy.weak_fallback_apps", "policy.inconsistent_apps", "policy.apps_without_overall_timeout")
}

func TestPolicyUnsetSettings(t *testing.T) {
	t.Parallel()
	r := run(&metrics.Input{Period: q3(), Policies: &evidence.PolicySet{}}, nil, false, nil, false)
	wantNum(t, r, "policy.aal2_apps", 0, 0)
	wantAbsent(t, r, "policy.shared_workstation_idle_minutes", "policy.lockout_threshold",
		"policy.recovery_methods_weak", "policy.notify_on_recovery")
	noNaN(t, r)

	r = run(&metrics.Input{Period: q3(), Policies: &evidence.PolicySet{IdP: evidence.IdPPolicy{NotifyOnRecovery: b(false), RecoveryMethods: []string{}}}}, nil, false, nil, false)
	wantBool(t, r, "policy.notify_on_recovery", false)
	wantNum(t, r, "policy.recovery_methods_weak", 0, 0)
}

func TestGovernance(t *testing.T) {
	t.Parallel()
	g := &evidence.GovernanceRecord{
		Owner:                        s("Identity Programme Office"),
		RolloutStart:                 mustTime("2026-05-15"),
		SupportedPlatformsDocumented: mustTime("2026-04-20"),
		LastMetricsReview:            mustTime("2026-09-12"),
		Exceptions: []evidence.Exception{
			{ID: "EX-1", Scope: "a", Owner: "", Expires: mustTime("2026-09-29")},  // expired, no owner
			{ID: "EX-2", Scope: "b", Owner: "x", Expires: mustTime("2026-09-30")}, // expires on period end: not expired
			{ID: "EX-3", Scope: "c", Owner: "", Expires: mustTime("2026-12-31")},  // no owner
		},
		AISystems: []evidence.AISystem{
			{Name: "ok", Owner: "IAM", HumanOverride: true, HasOverride: true, LastReview: mustTime("2026-03-02")},
			{Name: "no-owner", Owner: "", HumanOverride: true, HasOverride: true, LastReview: mustTime("2026-03-02")},
			{Name: "no-override", Owner: "IAM", HumanOverride: false, HasOverride: true, LastReview: mustTime("2026-03-02")},
			{Name: "365-days", Owner: "IAM", HumanOverride: true, HasOverride: true, LastReview: mustTime("2025-09-30")}, // exactly 365 days: fine
			{Name: "366-days", Owner: "IAM", HumanOverride: true, HasOverride: true, LastReview: mustTime("2025-09-29")}, // more than 365
		},
	}
	r := run(&metrics.Input{Period: q3(), Governance: g}, nil, false, nil, false)
	wantBool(t, r, "governance.owner_assigned", true)
	wantNum(t, r, "governance.metrics_review_age_days", 18, -1)  // 09-12 → 09-30
	wantNum(t, r, "governance.support_matrix_lead_days", 25, -1) // 04-20 → 05-15: 10 + 15
	wantNum(t, r, "governance.expired_exceptions", 1, 3)
	wantDetail(t, r, "governance.expired_exceptions", "EX-1")
	wantNum(t, r, "governance.exceptions_without_owner", 2, 3)
	wantDetail(t, r, "governance.exceptions_without_owner", "EX-1, EX-3")
	wantNum(t, r, "governance.ai_systems", 5, 5)
	wantNum(t, r, "governance.ai_systems_unreviewed", 3, 5)
	wantDetail(t, r, "governance.ai_systems_unreviewed", "366-days, no-override, no-owner")
}

func TestGovernanceDayCounts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                        string
		review, documented, rollout string
		age, lead                   float64
	}{
		{"review on period end", "2026-09-30", "2026-05-15", "2026-05-15", 0, 0},
		{"review a quarter back", "2026-06-30", "2026-05-14", "2026-05-15", 92, 1},
		{"documented after rollout", "2026-09-29", "2026-06-01", "2026-05-15", 1, -17},
		{"across a year", "2025-09-30", "2025-05-15", "2026-05-15", 365, 365},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := &evidence.GovernanceRecord{LastMetricsReview: mustTime(tc.review),
				SupportedPlatformsDocumented: mustTime(tc.documented), RolloutStart: mustTime(tc.rollout)}
			r := run(&metrics.Input{Period: q3(), Governance: g}, nil, false, nil, false)
			wantNum(t, r, "governance.metrics_review_age_days", tc.age, -1)
			wantNum(t, r, "governance.support_matrix_lead_days", tc.lead, -1)
		})
	}
}

func TestGovernanceOwnerAndAbsentDates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		owner *string
		want  bool
	}{
		{"named role", s("Identity Programme Office"), true},
		{"no owner key", nil, false},
		{"empty owner", s(""), false},
		{"blank owner", s("   "), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(&metrics.Input{Period: q3(), Governance: &evidence.GovernanceRecord{Owner: tc.owner}}, nil, false, nil, false)
			wantBool(t, r, "governance.owner_assigned", tc.want)
			// no dates recorded: the day counts are absent
			wantAbsent(t, r, "governance.metrics_review_age_days", "governance.support_matrix_lead_days")
			wantNum(t, r, "governance.expired_exceptions", 0, 0)
			wantNum(t, r, "governance.exceptions_without_owner", 0, 0)
			wantNum(t, r, "governance.ai_systems", 0, 0)
			wantNum(t, r, "governance.ai_systems_unreviewed", 0, 0)
			noNaN(t, r)
		})
	}
	t.Run("rollout without documentation date", func(t *testing.T) {
		r := run(&metrics.Input{Period: q3(), Governance: &evidence.GovernanceRecord{RolloutStart: mustTime("2026-05-15")}}, nil, false, nil, false)
		wantAbsent(t, r, "governance.support_matrix_lead_days")
	})
}

// TestAbsentKinds checks that each kind alone yields its own metrics and no
// others, and that nothing is NaN.
func TestAbsentKinds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      metrics.Input
		auth    bool
		account bool
		want    []string
	}{
		{"nothing", metrics.Input{}, false, false, nil},
		{"population only", metrics.Input{People: inScope(3)}, false, false, []string{"population.in_scope_users"}},
		{"empty population", metrics.Input{People: []evidence.Person{}}, false, false, []string{"population.in_scope_users"}},
		{"devices only, none active", metrics.Input{Devices: []evidence.Device{{Platform: "ios", OSVersion: "17", LastSeen: mustTime("2025-01-01")}}}, false, false,
			[]string{"devices.active", "devices.segments_with_minimum", "devices.shared_active"}},
		{"authenticators only", metrics.Input{Authenticators: []evidence.Authenticator{{UserID: "u", Type: "passkey_synced"}}}, false, false, nil},
		{"auth events kind, empty", metrics.Input{}, true, false, []string{"auth.abandoned_challenges", "auth.events"}},
		{"account events kind, empty", metrics.Input{}, false, true, []string{"recovery.completed"}},
		{"tickets kind, empty", metrics.Input{Tickets: []evidence.Ticket{}}, false, false, []string{"helpdesk.auth_tickets"}},
		{"policies kind, empty", metrics.Input{Policies: &evidence.PolicySet{}}, false, false,
			[]string{"policy.aal2_apps", "policy.aal3_apps"}},
		{"governance kind, empty", metrics.Input{Governance: &evidence.GovernanceRecord{}}, false, false,
			[]string{"governance.ai_systems", "governance.ai_systems_unreviewed", "governance.exceptions_without_owner", "governance.expired_exceptions", "governance.owner_assigned"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Period, in.Baseline = q3(), q2()
			r := run(&in, nil, tc.auth, nil, tc.account)
			got := names(r)
			if len(got) != len(tc.want) {
				t.Fatalf("metrics = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("metrics = %v, want %v", got, tc.want)
				}
			}
			noNaN(t, r)
		})
	}
}
