package okta

// The IdP baseline: the global session policy's limits, and lockout and
// self-service recovery from the password policies.

import (
	"fmt"
	"strings"

	"github.com/assure-dev/assure/evidence/vendorio"
)

// signOn reads the global session policy's session limits; across rules the
// weakest counts, since some users sign in under it.
func (b *builder) signOn(p policyAt) {
	b.sawSignOn = true
	rules, under := rulesOf(p.m)
	for i, raw := range rules {
		rule, _ := raw.(map[string]any)
		at := fmt.Sprintf("%s[%d].actions.signon.", under, i)
		if rule == nil || !active(rule) || upper(rule, "actions", "signon", "access") == "DENY" {
			continue
		}
		life, present, ok := number(rule, "actions", "signon", "session", "maxSessionLifetimeMinutes")
		if !ok {
			b.problem(p, at+"session.maxSessionLifetimeMinutes", "not a number; want minutes")
			continue
		}
		if !present || life <= 0 {
			b.sessionUnlimited = true // 0: the session has no overall limit
		} else if b.sessionMinutes == nil || life > *b.sessionMinutes {
			b.sessionMinutes = &life
		}
		idle, present, ok := number(rule, "actions", "signon", "session", "maxSessionIdleMinutes")
		if !ok {
			b.problem(p, at+"session.maxSessionIdleMinutes", "not a number; want minutes")
			continue
		}
		if !present || idle <= 0 {
			b.idleUnlimited = true
		} else if b.idleMinutes == nil || idle > *b.idleMinutes {
			b.idleMinutes = &idle
		}
	}
}

// password reads lockout and self-service recovery from password policies.
func (b *builder) password(p policyAt) {
	b.sawPassword = true
	n, present, ok := number(p.m, "settings", "password", "lockout", "maxAttempts")
	switch {
	case !ok:
		b.problem(p, "settings.password.lockout.maxAttempts", "not a number; want a count of attempts")
	case !present || n <= 0:
		b.lockoutDisabled = true // no lockout for this policy's users
	case b.lockout == nil || n > *b.lockout:
		b.lockout = &n
	}
	rules, _ := rulesOf(p.m)
	selfService := len(rules) == 0
	var methods []string
	for _, raw := range rules {
		rule, _ := raw.(map[string]any)
		if rule == nil || !active(rule) {
			continue
		}
		if upper(rule, "actions", "selfServicePasswordReset", "access") == "DENY" {
			continue
		}
		selfService = true
		for _, v := range vendorio.Array(rule, "actions", "selfServicePasswordReset", "requirement", "primary", "methods") {
			s, _ := v.(string)
			methods = append(methods, b.recoveryMethod(strings.ToLower(s))...)
		}
		for _, v := range vendorio.Array(rule, "actions", "selfServicePasswordReset", "requirement", "stepUp", "methods") {
			s, _ := v.(string)
			methods = append(methods, b.recoveryMethod(strings.ToLower(s))...)
		}
	}
	if factors, ok := vendorio.Get(p.m, "settings", "recovery", "factors").(map[string]any); ok {
		for key := range factors {
			if upper(factors, key, "status") == "ACTIVE" {
				methods = append(methods, b.recoveryMethod(strings.ToLower(key))...)
			}
		}
	}
	if selfService {
		b.recovery = append(b.recovery, methods...)
	}
}

// recoveryMethod maps a password-recovery factor (Classic recovery.factors key
// or Identity Engine selfServicePasswordReset method) to the native recovery
// vocabulary.
func (b *builder) recoveryMethod(key string) []string {
	switch key {
	case "okta_email", "email":
		return []string{"email"}
	case "okta_sms", "sms":
		return []string{"sms"}
	case "okta_call", "voice", "call":
		b.voiceRecovery = true
		return []string{"sms"}
	case "recovery_question", "security_question", "question":
		return []string{"security_questions"}
	case "push", "otp", "okta_verify", "signed_nonce":
		b.strongRecover = true
	}
	return nil
}
