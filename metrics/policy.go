package metrics

import (
	"slices"

	"github.com/assure-dev/assure/evidence"
)

// sessionLimits are the AAL2 reauthentication limits (hours overall, minutes idle)
// of each SP 800-63B revision.
var sessionLimits = map[string][2]float64{"rev4": {24, 60}, "rev3": {12, 30}}

func (a *Accumulator) policy(r *Results) {
	in := a.in
	p := in.Policies
	idp := p.IdP
	limits, ok := sessionLimits[in.SP80063B]
	if !ok {
		limits = sessionLimits["rev4"]
	}
	excepted := map[string]bool{}
	if in.Governance != nil {
		for _, e := range in.Governance.Exceptions {
			if !e.Expires.Before(in.Period.End) {
				excepted[e.Scope] = true
			}
		}
	}
	var aal2 int
	var session, phishable, weakFB, inconsistent []string
	for _, app := range p.Apps {
		eff := effective(idp, app)
		if app.AAL < 2 {
			continue
		}
		aal2++
		if eff.maxSession == nil || *eff.maxSession > limits[0] || eff.idle == nil || *eff.idle > limits[1] {
			session = append(session, app.App)
		}
		if !slices.ContainsFunc(eff.allowed, PR) {
			phishable = append(phishable, app.App)
		}
		if slices.ContainsFunc(eff.fallback, func(m string) bool {
			return m == "password" || m == "sms" || m == "voice" || m == "email"
		}) {
			weakFB = append(weakFB, app.App)
		}
		differs := !sameNumber(eff.maxSession, idp.MaxSessionHours) || !sameNumber(eff.idle, idp.IdleTimeoutMinutes) ||
			!sameSet(eff.fallback, idp.FallbackMethods) || eff.stepUp != idp.StepUp
		if differs && !excepted[app.App] {
			inconsistent = append(inconsistent, app.App)
		}
	}
	r.count("policy.aal2_apps", aal2)
	listed := func(name string, apps []string) {
		// Without AAL2 applications "none is non-compliant" says nothing:
		// the controls on these counts fail closed instead.
		if aal2 == 0 {
			return
		}
		r.Values[name] = Value{Num: float64(len(apps)), N: aal2, Detail: listNames(apps)}
	}
	listed("policy.session_noncompliant_apps", session)
	listed("policy.phishable_only_apps", phishable)
	listed("policy.weak_fallback_apps", weakFB)
	listed("policy.inconsistent_apps", inconsistent)
	if idp.SharedWorkstationIdleMinutes != nil {
		r.Values["policy.shared_workstation_idle_minutes"] = Value{Num: *idp.SharedWorkstationIdleMinutes, N: 1}
	}
	if idp.LockoutThreshold != nil {
		r.Values["policy.lockout_threshold"] = Value{Num: *idp.LockoutThreshold, N: 1}
	}
	if idp.RecoveryMethods != nil {
		var weak []string
		for _, m := range idp.RecoveryMethods {
			if WeakRecovery(m) {
				weak = append(weak, m)
			}
		}
		r.Values["policy.recovery_methods_weak"] = Value{Num: float64(len(weak)), N: len(idp.RecoveryMethods), Detail: listNames(weak)}
	}
	if idp.NotifyOnRecovery != nil {
		r.boolean("policy.notify_on_recovery", *idp.NotifyOnRecovery, 1)
	}
}

type effectiveApp struct {
	maxSession, idle  *float64
	allowed, fallback []string
	stepUp            string
}

// effective applies the inheritance rule: an application field that is absent
// takes the IdP value.
func effective(idp evidence.IdPPolicy, app evidence.AppPolicy) effectiveApp {
	e := effectiveApp{maxSession: app.MaxSessionHours, idle: app.IdleTimeoutMinutes, allowed: app.AllowedMethods,
		fallback: app.FallbackMethods, stepUp: app.StepUp}
	if e.maxSession == nil {
		e.maxSession = idp.MaxSessionHours
	}
	if e.idle == nil {
		e.idle = idp.IdleTimeoutMinutes
	}
	if !app.HasAllowed {
		e.allowed = idp.AllowedMethods
	}
	if !app.HasFallback {
		e.fallback = idp.FallbackMethods
	}
	if e.stepUp == "" {
		e.stepUp = idp.StepUp
	}
	return e
}

func sameNumber(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
