package main

// metrics.md, "Policy".

import (
	"slices"
	"testing"
)

func oraclePolicy(t testing.TB, in *oracleInput, out *oracleResult) {
	t.Helper()
	if !in.has("policies") {
		return
	}
	idp := in.policies.IDP
	excepted := map[string]bool{} // app ids with an unexpired governance exception
	for _, e := range in.governance.Exception {
		if !oracleDate(e.Expires).Before(in.period.endDay) {
			excepted[e.Scope] = true
		}
	}
	// The applications by class: at AAL2 or above (what "AAL2 applications"
	// means for the method and baseline counts, which an AAL3 application
	// must meet too), and at exactly AAL2 and AAL3, whose session limits
	// differ and are judged apart.
	var atLeast2, only2, only3 []oracleAppPolicy
	for _, app := range in.policies.Apps {
		if app.AAL == nil {
			t.Fatalf("oracle: app %q has no aal", app.App)
		}
		app = oracleInherit(app, idp)
		switch *app.AAL {
		case 2:
			only2 = append(only2, app)
		case 3:
			only3 = append(only3, app)
		}
		if *app.AAL >= 2 {
			atLeast2 = append(atLeast2, app)
		}
	}
	out.set("policy.aal2_apps", float64(len(atLeast2)), len(atLeast2))
	out.set("policy.aal3_apps", float64(len(only3)), len(only3))
	for _, c := range []struct {
		name string
		apps []oracleAppPolicy
		bad  func(oracleAppPolicy) bool
	}{
		{"policy.apps_without_overall_timeout", atLeast2, func(a oracleAppPolicy) bool { return a.MaxSessionHours == nil }},
		{"policy.phishable_only_apps", atLeast2, func(a oracleAppPolicy) bool {
			return a.AllowedMethods == nil || !slices.ContainsFunc(*a.AllowedMethods, oraclePR)
		}},
		{"policy.weak_fallback_apps", atLeast2, func(a oracleAppPolicy) bool {
			return a.FallbackMethods != nil && slices.ContainsFunc(*a.FallbackMethods, oracleWeakFallback)
		}},
		{"policy.inconsistent_apps", atLeast2, func(a oracleAppPolicy) bool {
			differs := !oracleSame(a.MaxSessionHours, idp.MaxSessionHours) || !oracleSame(a.IdleTimeoutMinutes, idp.IdleTimeoutMinutes) ||
				!oracleSameSet(a.FallbackMethods, idp.FallbackMethods) || !oracleSame(a.StepUp, idp.StepUp)
			return differs && !excepted[a.App]
		}},
		{"policy.aal2_apps_without_idle_timeout", only2, func(a oracleAppPolicy) bool { return a.IdleTimeoutMinutes == nil }},
		{"policy.aal3_apps_without_idle_timeout", only3, func(a oracleAppPolicy) bool { return a.IdleTimeoutMinutes == nil }},
		{"policy.aal3_apps_allowing_synced", only3, func(a oracleAppPolicy) bool {
			synced := func(l *[]string) bool { return l != nil && slices.Contains(*l, "passkey_synced") }
			return synced(a.AllowedMethods) || synced(a.FallbackMethods)
		}},
	} {
		oracleAppCount(out, c.name, c.apps, c.bad)
	}
	session := func(a oracleAppPolicy) *float64 { return a.MaxSessionHours }
	idle := func(a oracleAppPolicy) *float64 { return a.IdleTimeoutMinutes }
	oracleLongest(out, "policy.aal2_max_session_hours", only2, session)
	oracleLongest(out, "policy.aal2_max_idle_minutes", only2, idle)
	oracleLongest(out, "policy.aal3_max_session_hours", only3, session)
	oracleLongest(out, "policy.aal3_max_idle_minutes", only3, idle)
	if idp.SharedWorkstationIdleMinutes != nil {
		out.set("policy.shared_workstation_idle_minutes", *idp.SharedWorkstationIdleMinutes, 1)
	}
	if idp.LockoutThreshold != nil {
		out.set("policy.lockout_threshold", *idp.LockoutThreshold, 1)
	}
	if idp.RecoveryMethods != nil {
		weakRec := 0
		for _, m := range idp.RecoveryMethods {
			if oracleWeakConfigured(m, in.rev, in.riskAnalysed(in.period)) {
				weakRec++
			}
		}
		out.set("policy.recovery_methods_weak", float64(weakRec), len(idp.RecoveryMethods))
	}
	if idp.NotifyOnRecovery != nil {
		out.set("policy.notify_on_recovery", *idp.NotifyOnRecovery, 1)
	}
}

// oracleAppCount sets how many of apps are bad. Over no applications of the
// class the count is absent: "none of none" says nothing, so the checks on it
// cannot pass.
func oracleAppCount(out *oracleResult, name string, apps []oracleAppPolicy, bad func(oracleAppPolicy) bool) {
	if len(apps) == 0 {
		return
	}
	n := 0
	for _, a := range apps {
		if bad(a) {
			n++
		}
	}
	out.set(name, float64(n), len(apps))
}

// oracleLongest sets the longest of a session setting among the apps that
// have one (their own or the IdP's); absent when none has.
func oracleLongest(out *oracleResult, name string, apps []oracleAppPolicy, setting func(oracleAppPolicy) *float64) {
	best, n := 0.0, 0
	for _, a := range apps {
		if v := setting(a); v != nil {
			best = max(best, *v)
			n++
		}
	}
	if n > 0 {
		out.set(name, best, n)
	}
}

// riskAnalysed: governance records the risk analysis of the help-desk and
// temporary-pass routes, dated no later than the period's last day.
func (in *oracleInput) riskAnalysed(p oraclePeriod) bool {
	ra := in.governance.RecoveryRiskAnalysis
	return !ra.IsZero() && !ra.After(p.end)
}

// oracleWeakConfigured says whether a recovery method configured at the IdP
// falls short for an account that can reach AAL2. Under rev 4 (SP 800-63B-4
// §4.2.2.2) codes sent by SMS or e-mail are recovery codes and acceptable;
// security questions and an unverified helpdesk never are; a temporary
// access pass or a verified helpdesk only with a documented risk analysis of
// those routes (governance recovery_risk_analysis). Under rev 3 the weak
// methods of evidence.md apply.
func oracleWeakConfigured(method, rev string, riskAnalysed bool) bool {
	if rev == "rev3" {
		return oracleWeakRecovery(method)
	}
	switch method {
	case "security_questions", "helpdesk_unverified":
		return true
	case "temporary_access_pass", "helpdesk_verified":
		return !riskAnalysed
	}
	return false
}

// oracleInherit fills the settings an app leaves out with the idp values.
func oracleInherit(app, idp oracleAppPolicy) oracleAppPolicy {
	if app.MaxSessionHours == nil {
		app.MaxSessionHours = idp.MaxSessionHours
	}
	if app.IdleTimeoutMinutes == nil {
		app.IdleTimeoutMinutes = idp.IdleTimeoutMinutes
	}
	if app.AllowedMethods == nil {
		app.AllowedMethods = idp.AllowedMethods
	}
	if app.FallbackMethods == nil {
		app.FallbackMethods = idp.FallbackMethods
	}
	if app.StepUp == nil {
		app.StepUp = idp.StepUp
	}
	return app
}

// oracleWeakFallback says whether a fallback method makes an AAL2 app's fallback weak.
func oracleWeakFallback(m string) bool {
	return m == "password" || m == "sms" || m == "voice" || m == "email"
}

// oracleSame compares two optional settings: both unset, or both set and equal.
func oracleSame[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// oracleSameSet compares two optional method lists as sets (unset = empty).
func oracleSameSet(a, b *[]string) bool {
	var x, y []string
	if a != nil {
		x = slices.Clone(*a)
	}
	if b != nil {
		y = slices.Clone(*b)
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
