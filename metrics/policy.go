package metrics

import (
	"slices"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

// policyDefs are the metrics of the IdP and application policy export.
var policyDefs = []Def{
	{
		Name: "policy.aal2_apps", Unit: present.Count, Label: "AAL2 applications",
		Definition: "applications at AAL2 or above",
		Kinds:      kinds(evidence.Policies), Needs: "a policies export",
		compute: func(a *Accumulator) (Value, bool) { return count(a.policy().aal2) },
	},
	appsDef("policy.session_noncompliant_apps", "Applications with longer sessions than the standard allows",
		"AAL2 applications whose session or idle limit is missing or above the SP 800-63B limit of the profile",
		func(c policyCounts) []string { return c.session }),
	appsDef("policy.phishable_only_apps", "Applications without a phishing-resistant method",
		"AAL2 applications that allow no phishing-resistant method",
		func(c policyCounts) []string { return c.phishable }),
	appsDef("policy.weak_fallback_apps", "Applications with a weak fallback",
		"AAL2 applications that fall back to password, SMS, voice or e-mail",
		func(c policyCounts) []string { return c.weakFB }),
	appsDef("policy.inconsistent_apps", "Applications off the IdP baseline",
		"AAL2 applications whose session, idle, fallback or step-up settings differ from the IdP baseline without an unexpired exception",
		func(c policyCounts) []string { return c.inconsistent }),
	{
		Name: "policy.shared_workstation_idle_minutes", Unit: present.Minutes, Label: "Shared-workstation idle timeout",
		Definition: "idle timeout of shared workstations at the IdP",
		Kinds:      kinds(evidence.Policies), Needs: "idp.shared_workstation_idle_minutes in the policies export",
		compute: func(a *Accumulator) (Value, bool) { return setting(a.in.Policies.IdP.SharedWorkstationIdleMinutes) },
	},
	{
		Name: "policy.lockout_threshold", Unit: present.Attempts, Label: "Lockout threshold",
		Definition: "failed attempts before the IdP locks or throttles",
		Kinds:      kinds(evidence.Policies), Needs: "idp.lockout_threshold in the policies export",
		compute: func(a *Accumulator) (Value, bool) { return setting(a.in.Policies.IdP.LockoutThreshold) },
	},
	{
		Name: "policy.recovery_methods_weak", Unit: present.Count, Label: "Weak recovery methods configured",
		Definition: "weak recovery methods configured at the IdP",
		Kinds:      kinds(evidence.Policies), Needs: "idp.recovery_methods in the policies export",
		compute: func(a *Accumulator) (Value, bool) {
			methods := a.in.Policies.IdP.RecoveryMethods
			if methods == nil {
				return Value{}, false
			}
			var weak []string
			for _, m := range methods {
				if vocab.RecoveryMethod(m).Weak() {
					weak = append(weak, string(m))
				}
			}
			return Value{Num: float64(len(weak)), N: len(methods), Detail: listNames(weak)}, true
		},
	},
	{
		Name: "policy.notify_on_recovery", Unit: present.Boolean, Label: "Recovery notifications",
		Definition: "whether the IdP notifies the subscriber of recovery events",
		Kinds:      kinds(evidence.Policies), Needs: "idp.notify_on_recovery in the policies export",
		compute: func(a *Accumulator) (Value, bool) {
			if b := a.in.Policies.IdP.NotifyOnRecovery; b != nil {
				return boolean(*b, 1)
			}
			return Value{}, false
		},
	},
}

// appsDef is a count of AAL2 applications with a finding, naming them.
func appsDef(name, label, definition string, apps func(policyCounts) []string) Def {
	return Def{
		Name: name, Unit: present.Count, Label: label, Definition: definition,
		Kinds: kinds(evidence.Policies), Needs: "a policies export",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.policy()
			// Without AAL2 applications "none is non-compliant" says nothing:
			// the controls on these counts fail closed instead.
			if c.aal2 == 0 {
				return Value{}, false
			}
			listed := apps(c)
			return Value{Num: float64(len(listed)), N: c.aal2, Detail: listNames(listed)}, true
		},
	}
}

// setting is a number the policy export holds, or absent.
func setting(v *float64) (Value, bool) {
	if v == nil {
		return Value{}, false
	}
	return Value{Num: *v, N: 1}, true
}

// weakFallback reports whether a fallback method is one an attacker can
// phish or intercept easily: a password, SMS, voice or e-mail.
func weakFallback(m string) bool {
	return m == "password" || m == "sms" || m == "voice" || m == "email"
}

// strs turns a list of vocabulary words into plain strings.
func strs[M ~string](ms []M) []string {
	if ms == nil {
		return nil
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

// sessionLimits are the AAL2 reauthentication limits (hours overall, minutes idle)
// of each SP 800-63B revision.
var sessionLimits = map[string][2]float64{"rev4": {24, 60}, "rev3": {12, 30}}

// policyCounts are the AAL2 applications and, per finding, the applications
// it names.
type policyCounts struct {
	aal2                                     int
	session, phishable, weakFB, inconsistent []string
}

func (a *Accumulator) policy() policyCounts {
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
	var c policyCounts
	for _, app := range p.Apps {
		eff := effective(idp, app)
		if app.AAL < 2 {
			continue
		}
		c.aal2++
		if eff.maxSession == nil || *eff.maxSession > limits[0] || eff.idle == nil || *eff.idle > limits[1] {
			c.session = append(c.session, app.App)
		}
		if !slices.ContainsFunc(eff.allowed, phishingResistant[string]) {
			c.phishable = append(c.phishable, app.App)
		}
		if slices.ContainsFunc(eff.fallback, weakFallback) {
			c.weakFB = append(c.weakFB, app.App)
		}
		differs := !sameNumber(eff.maxSession, idp.MaxSessionHours) || !sameNumber(eff.idle, idp.IdleTimeoutMinutes) ||
			!sameSet(eff.fallback, strs(idp.FallbackMethods)) || eff.stepUp != string(idp.StepUp)
		if differs && !excepted[app.App] {
			c.inconsistent = append(c.inconsistent, app.App)
		}
	}
	return c
}

type effectiveApp struct {
	maxSession, idle  *float64
	allowed, fallback []string
	stepUp            string
}

// effective applies the inheritance rule: an application field that is absent
// takes the IdP value.
func effective(idp evidence.IdPPolicy, app evidence.AppPolicy) effectiveApp {
	e := effectiveApp{maxSession: app.MaxSessionHours, idle: app.IdleTimeoutMinutes, allowed: strs(app.AllowedMethods),
		fallback: strs(app.FallbackMethods), stepUp: string(app.StepUp)}
	if e.maxSession == nil {
		e.maxSession = idp.MaxSessionHours
	}
	if e.idle == nil {
		e.idle = idp.IdleTimeoutMinutes
	}
	if !app.HasAllowed {
		e.allowed = strs(idp.AllowedMethods)
	}
	if !app.HasFallback {
		e.fallback = strs(idp.FallbackMethods)
	}
	if e.stepUp == "" {
		e.stepUp = string(idp.StepUp)
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
