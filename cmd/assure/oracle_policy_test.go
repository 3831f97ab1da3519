package main

// metrics.md, "Policy".

import (
	"slices"
	"testing"
)

// oracleSessionLimits are the session limits by profile: hours overall, idle minutes.
var oracleSessionLimits = map[string][2]float64{"rev4": {24, 60}, "rev3": {12, 30}}

func oraclePolicy(t testing.TB, in *oracleInput, out *oracleResult) {
	t.Helper()
	if !in.has("policies") {
		return
	}
	idp := in.policies.IDP
	limits, ok := oracleSessionLimits[in.profile]
	if !ok {
		limits = oracleSessionLimits["rev4"]
	}
	maxH, maxIdle := limits[0], limits[1]
	excepted := map[string]bool{} // app ids with an unexpired governance exception
	for _, e := range in.governance.Exception {
		if !oracleDate(e.Expires).Before(in.period.endDay) {
			excepted[e.Scope] = true
		}
	}
	aal2, session, phishable, weakFB, inconsistent := 0, 0, 0, 0, 0
	for _, app := range in.policies.Apps {
		if app.AAL == nil {
			t.Fatalf("oracle: app %q has no aal", app.App)
		}
		app = oracleInherit(app, idp)
		if *app.AAL < 2 {
			continue
		}
		aal2++
		if app.MaxSessionHours == nil || *app.MaxSessionHours > maxH || app.IdleTimeoutMinutes == nil || *app.IdleTimeoutMinutes > maxIdle {
			session++
		}
		if app.AllowedMethods == nil || !slices.ContainsFunc(*app.AllowedMethods, oraclePR) {
			phishable++
		}
		if app.FallbackMethods != nil && slices.ContainsFunc(*app.FallbackMethods, oracleWeakFallback) {
			weakFB++
		}
		differs := !oracleSame(app.MaxSessionHours, idp.MaxSessionHours) || !oracleSame(app.IdleTimeoutMinutes, idp.IdleTimeoutMinutes) ||
			!oracleSameSet(app.FallbackMethods, idp.FallbackMethods) || !oracleSame(app.StepUp, idp.StepUp)
		if differs && !excepted[app.App] {
			inconsistent++
		}
	}
	out.set("policy.aal2_apps", float64(aal2), aal2)
	out.set("policy.session_noncompliant_apps", float64(session), aal2)
	out.set("policy.phishable_only_apps", float64(phishable), aal2)
	out.set("policy.weak_fallback_apps", float64(weakFB), aal2)
	out.set("policy.inconsistent_apps", float64(inconsistent), aal2)
	if idp.SharedWorkstationIdleMinutes != nil {
		out.set("policy.shared_workstation_idle_minutes", *idp.SharedWorkstationIdleMinutes, 1)
	}
	if idp.LockoutThreshold != nil {
		out.set("policy.lockout_threshold", *idp.LockoutThreshold, 1)
	}
	weakRec := 0
	for _, m := range idp.RecoveryMethods {
		if oracleWeakRecovery(m) {
			weakRec++
		}
	}
	out.set("policy.recovery_methods_weak", float64(weakRec), len(idp.RecoveryMethods))
	if idp.NotifyOnRecovery != nil {
		out.set("policy.notify_on_recovery", *idp.NotifyOnRecovery, 1)
	}
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
