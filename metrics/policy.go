package metrics

import (
	"fmt"
	"maps"
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
	appsDef("policy.apps_without_overall_timeout", "Applications without an overall session timeout",
		"AAL2 and AAL3 applications with no overall reauthentication timeout, their own or the IdP's",
		func(c policyCounts) []string { return c.noOverall }),
	{
		Name: "policy.aal2_apps_without_idle_timeout", Unit: present.Count, Label: "AAL2 applications without an idle timeout",
		Definition: "applications at AAL2 (not AAL3, which PC-07 holds to its own rules) with no inactivity timeout, their own or the IdP's",
		Kinds:      kinds(evidence.Policies), Needs: "a policies export with an AAL2 application",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.policy()
			if n := c.aal2 - c.aal3; n > 0 {
				return Value{Num: float64(len(c.aal2NoIdle)), N: n, Detail: listNames(c.aal2NoIdle)}, true
			}
			return Value{}, false
		},
	},
	longest("policy.aal2_max_session_hours", present.Hours, "Longest overall session at AAL2",
		"the longest overall reauthentication timeout among AAL2 applications that have one", 2, func(e effectiveApp) *float64 { return e.maxSession }),
	longest("policy.aal2_max_idle_minutes", present.Minutes, "Longest idle timeout at AAL2",
		"the longest inactivity timeout among AAL2 applications that have one", 2, func(e effectiveApp) *float64 { return e.idle }),
	{
		Name: "policy.aal3_apps", Unit: present.Count, Label: "AAL3 applications",
		Definition: "applications at AAL3",
		Kinds:      kinds(evidence.Policies), Needs: "a policies export",
		compute: func(a *Accumulator) (Value, bool) { return count(a.policy().aal3) },
	},
	longest("policy.aal3_max_session_hours", present.Hours, "Longest overall session at AAL3",
		"the longest overall reauthentication timeout among AAL3 applications that have one", 3, func(e effectiveApp) *float64 { return e.maxSession }),
	longest("policy.aal3_max_idle_minutes", present.Minutes, "Longest idle timeout at AAL3",
		"the longest inactivity timeout among AAL3 applications that have one", 3, func(e effectiveApp) *float64 { return e.idle }),
	aal3Apps("policy.aal3_apps_without_idle_timeout", "AAL3 applications without an idle timeout",
		"AAL3 applications with no inactivity timeout, their own or the IdP's",
		func(c policyCounts) []string { return c.aal3NoIdle }),
	aal3Apps("policy.aal3_apps_allowing_synced", "AAL3 applications allowing synced passkeys",
		"AAL3 applications that allow a syncable passkey, as a method or a fallback",
		func(c policyCounts) []string { return c.aal3Synced }),
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
		Definition: "recovery methods configured at the IdP that the SP 800-63B revision does not accept for AAL2 accounts",
		Kinds:      kinds(evidence.Policies), Needs: "idp.recovery_methods in the policies export",
		compute: func(a *Accumulator) (Value, bool) {
			methods := a.in.Policies.IdP.RecoveryMethods
			if methods == nil {
				return Value{}, false
			}
			var weak []string
			for _, m := range methods {
				if weakConfigured(vocab.RecoveryMethod(m), a.in.SP80063B, a.riskAnalysed()) {
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

// aal3Apps is a count of AAL3 applications with a finding, naming them;
// absent without AAL3 applications, where PC-07 does not apply.
func aal3Apps(name, label, definition string, apps func(policyCounts) []string) Def {
	return Def{
		Name: name, Unit: present.Count, Label: label, Definition: definition,
		Kinds: kinds(evidence.Policies), Needs: "a policies export with an AAL3 application",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.policy()
			if c.aal3 == 0 {
				return Value{}, false
			}
			listed := apps(c)
			return Value{Num: float64(len(listed)), N: c.aal3, Detail: listNames(listed)}, true
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

// policyCounts are the applications at AAL2 or above and, per finding, the
// applications it names. The session limits themselves are the catalogue's
// thresholds, so that they follow the SP 800-63B revision and a profile.
type policyCounts struct {
	aal2, aal3                        int // aal2 counts every application at AAL2 or above
	noOverall, aal2NoIdle, aal3NoIdle []string
	aal3Synced                        []string
	phishable, weakFB, inconsistent   []string
	effective                         map[string]effectiveApp // by application
	levels                            map[string]int
}

// longest is the longest of a session setting among the applications at one
// AAL that have it; the application is named. Applications without the
// setting are left out here and counted by their own metric
// (policy.aal2_apps_without_idle_timeout, policy.aal3_apps_without_idle_timeout).
func longest(name string, unit present.Unit, label, definition string, aal int, setting func(effectiveApp) *float64) Def {
	return Def{
		Name: name, Unit: unit, Label: label, Definition: definition,
		Kinds: kinds(evidence.Policies), Needs: fmt.Sprintf("a policies export with an AAL%d application that sets it", aal),
		compute: func(a *Accumulator) (Value, bool) {
			c := a.policy()
			var best float64
			var app string
			n := 0
			for _, id := range slices.Sorted(maps.Keys(c.levels)) {
				if c.levels[id] != aal {
					continue
				}
				v := setting(c.effective[id])
				if v == nil {
					continue
				}
				n++
				if app == "" || *v > best {
					best, app = *v, id
				}
			}
			if n == 0 {
				return Value{}, false
			}
			return Value{Num: best, N: n, Detail: app}, true
		},
	}
}

func (a *Accumulator) policy() policyCounts {
	in := a.in
	p := in.Policies
	idp := p.IdP
	excepted := map[string]bool{}
	if in.Governance != nil {
		for _, e := range in.Governance.Exceptions {
			if !e.Expires.Before(in.Period.End) {
				excepted[e.Scope] = true
			}
		}
	}
	c := policyCounts{effective: map[string]effectiveApp{}, levels: map[string]int{}}
	for _, app := range p.Apps {
		eff := effective(idp, app)
		if app.AAL < 2 {
			continue
		}
		c.aal2++
		c.effective[app.App], c.levels[app.App] = eff, app.AAL
		if eff.maxSession == nil {
			c.noOverall = append(c.noOverall, app.App)
		}
		if app.AAL == 2 && eff.idle == nil {
			c.aal2NoIdle = append(c.aal2NoIdle, app.App)
		}
		if app.AAL >= 3 {
			c.aal3++
			if eff.idle == nil {
				c.aal3NoIdle = append(c.aal3NoIdle, app.App)
			}
			if slices.Contains(eff.allowed, string(vocab.PasskeySynced)) || slices.Contains(eff.fallback, string(vocab.PasskeySynced)) {
				c.aal3Synced = append(c.aal3Synced, app.App)
			}
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

// riskAnalysed says whether governance records a risk analysis of the
// help-desk and temporary-pass recovery routes documented by the end of the
// period: one dated later did not cover the recoveries of the period.
func (a *Accumulator) riskAnalysed() bool {
	g := a.in.Governance
	return g != nil && !g.RecoveryRiskAnalysis.IsZero() && !g.RecoveryRiskAnalysis.After(a.in.Period.End)
}

// weakConfigured says whether a recovery method the IdP offers falls short
// of the revision's recovery rules for an account that can reach AAL2.
// SP 800-63B-4 §4.2.2.2 accepts two recovery codes by different methods, a
// code with a bound authenticator, or re-proofing: issued codes by SMS or
// e-mail are such codes (§4.2.1.2), security questions and an unverified
// helpdesk are not, and help-desk or temporary-pass routes count only where
// a risk analysis of those alternatives is documented. SP 800-63B (rev 3)
// §6.1.2.3 asks for re-proofing or the remaining factor, so SMS, e-mail,
// questions and an unverified helpdesk are all weak there.
func weakConfigured(m vocab.RecoveryMethod, rev string, riskAnalysed bool) bool {
	if rev == "rev3" {
		return m.Weak()
	}
	switch m {
	case vocab.SecurityQuestions, vocab.HelpdeskUnverified:
		return true
	case vocab.RecoveryTAP, vocab.HelpdeskVerified:
		return !riskAnalysed
	}
	return false
}
