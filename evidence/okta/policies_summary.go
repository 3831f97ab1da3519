package okta

// Folding the rules read into the native policy set: per application the
// weakest rule decides, and the notes say what the export could not show.

import (
	"fmt"
	"slices"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

// stepUps orders the native step_up values from weakest.
var stepUps = []string{"none", "any_mfa", "phishing_resistant"}

// summary is an authentication policy's settings across its rules: the
// weakest rule decides, since some user may sign in under it; the AAL is 2
// when any rule requires two factors (the app is then one that needs MFA).
type summary struct {
	aal               int
	allowed, fallback []string
	stepUp            string
}

func summarise(rules []ruleEval) summary {
	s := summary{aal: 1, stepUp: "phishing_resistant"}
	var allowed []string
	for _, r := range rules {
		if r.twoFactor {
			s.aal = 2
		}
		allowed = append(allowed, r.allowed...)
		up := "none"
		switch {
		case r.prOnly:
			up = "phishing_resistant"
		case r.twoFactor:
			up = "any_mfa"
		}
		if slices.Index(stepUps, up) < slices.Index(stepUps, s.stepUp) {
			s.stepUp = up
		}
	}
	for _, m := range vocab.Methods() { // native order, once each
		if slices.Contains(allowed, string(m)) {
			s.allowed = append(s.allowed, string(m))
			if !m.PhishingResistant() {
				s.fallback = append(s.fallback, string(m))
			}
		}
	}
	if s.allowed == nil {
		s.allowed = []string{}
	}
	if s.fallback == nil {
		s.fallback = []string{}
	}
	return s
}

// effective is the weakest across rules of a limit the rule may set and the
// IdP also sets: each rule's value is the tighter of its own and the IdP's
// (the session ends either way); nil when some rule has neither.
func effective(idp *float64, rule func(ruleEval) *float64, rules []ruleEval) *float64 {
	var worst *float64
	for _, r := range rules {
		v := rule(r)
		switch {
		case v == nil && idp == nil:
			return nil
		case v == nil || idp != nil && *idp < *v:
			v = idp
		}
		if worst == nil || *v > *worst {
			x := *v
			worst = &x
		}
	}
	return worst
}

func clone(v *float64) *float64 {
	if v == nil {
		return nil
	}
	x := *v
	return &x
}

func (b *builder) finish(line int) {
	ps := &evidence.PolicySet{}
	idp := &ps.IdP
	var notes []string
	switch {
	case !b.sawSignOn:
		notes = append(notes, "the export holds no global session policy (OKTA_SIGN_ON): the IdP session limits are absent")
	case b.sessionUnlimited || b.idleUnlimited:
		notes = append(notes, "a global session policy rule sets no session lifetime or idle limit (0 or absent): the IdP limit is recorded as absent, which fails the session checks")
	}
	if b.sawSignOn && !b.sessionUnlimited && b.sessionMinutes != nil {
		h := *b.sessionMinutes / 60
		idp.MaxSessionHours = &h
	}
	if b.sawSignOn && !b.idleUnlimited && b.idleMinutes != nil {
		m := *b.idleMinutes
		idp.IdleTimeoutMinutes = &m
	}
	if b.sawPassword {
		if !b.lockoutDisabled {
			idp.LockoutThreshold = b.lockout
		} else {
			notes = append(notes, "a password policy has no lockout (maxAttempts 0 or absent): the lockout threshold is recorded as absent")
		}
		idp.RecoveryMethods = []string{}
		for _, m := range vocab.RecoveryMethods() {
			if slices.Contains(b.recovery, string(m)) {
				idp.RecoveryMethods = append(idp.RecoveryMethods, string(m))
			}
		}
		if b.voiceRecovery {
			notes = append(notes, "voice-call password recovery is recorded as sms: the native recovery vocabulary has no voice (both are weak)")
		}
		if b.strongRecover {
			notes = append(notes, "Okta Verify password recovery has no native recovery method and is not listed; it is not a weak method")
		}
	} else {
		notes = append(notes, "the export holds no password policy: lockout threshold and recovery methods are absent")
	}
	if !b.sawEnroll {
		notes = append(notes, "the export holds no authenticator enrolment policy (MFA_ENROLL): authentication rules that do not require phishing resistance "+
			"are taken to allow the phishable possession factors only")
	}
	// The org's default authentication policy is the baseline apps inherit.
	var idpRules []ruleEval
	for _, ap := range b.access {
		if ap.system {
			idpRules = ap.rules
			break
		}
	}
	if idpRules != nil {
		s := summarise(idpRules)
		idp.AllowedMethods, idp.FallbackMethods, idp.StepUp = s.allowed, s.fallback, s.stepUp
		idp.HasAllowed, idp.HasFallback = true, true
	} else if len(b.access) > 0 {
		notes = append(notes, "the export holds no default (system) authentication policy: the IdP allowed methods, fallback methods and step-up are absent")
	}
	for _, ap := range b.access {
		s := summarise(ap.rules)
		maxH := effective(idp.MaxSessionHours, func(r ruleEval) *float64 { return r.reauthH }, ap.rules)
		idle := effective(idp.IdleTimeoutMinutes, func(r ruleEval) *float64 { return r.idleM }, ap.rules)
		for _, app := range ap.apps {
			ps.Apps = append(ps.Apps, evidence.AppPolicy{App: app, AAL: s.aal, MaxSessionHours: clone(maxH), IdleTimeoutMinutes: clone(idle),
				AllowedMethods: slices.Clone(s.allowed), FallbackMethods: slices.Clone(s.fallback), HasAllowed: true, HasFallback: true, StepUp: s.stepUp})
		}
	}
	if b.unnamedApps > 0 {
		notes = append(notes, fmt.Sprintf("%d authentication policies list no applications (add them under _embedded.apps from GET /api/v1/policies/{id}/app): "+
			"each is assessed as one application named after the policy", b.unnamedApps))
	}
	if b.proofs > 0 {
		notes = append(notes, fmt.Sprintf("%d identity-proofing rules were left out: they name no authenticator", b.proofs))
	}
	notes = append(notes, "the export does not show whether users are notified of a recovery or a shared-workstation idle limit: "+
		"notify_on_recovery and shared_workstation_idle_minutes are absent, so their checks lack evidence")
	for _, n := range notes {
		if !b.send(evidence.Item{Note: "Okta policies: " + n}) {
			return
		}
	}
	b.send(evidence.Item{Line: line, Record: ps})
}
