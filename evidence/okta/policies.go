package okta

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/vocab"
)

// NewPolicies returns the okta-policies adapter, which reads Okta policies
// with their rules as the policies kind.
func NewPolicies() evidence.Adapter {
	return evidence.Adapter{Format: PoliciesFormat, Kinds: []evidence.Kind{evidence.Policies}, Decode: decodePolicies}
}

// policyAt is one policy object and where it is.
type policyAt struct {
	line int
	at   string // field path prefix, e.g. "policies[2]."
	m    map[string]any
}

// decodePolicies collects every policy (a JSON array as GET /api/v1/policies
// returns, one policy per line, or {"policies": [...]}), then maps them
// together: the authentication policies depend on the enrolment policies
// wherever they are in the file.
func decodePolicies(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	var pols []policyAt
	err := vendorio.JSONRecords(r, func(o vendorio.Object) bool {
		if list, ok := vendorio.Get(o.Map, "policies").([]any); ok && vendorio.Get(o.Map, "type") == nil {
			for i, v := range list {
				m, ok := v.(map[string]any)
				if !ok {
					pols = append(pols, policyAt{line: o.Line, at: fmt.Sprintf("policies[%d]", i)})
					continue
				}
				pols = append(pols, policyAt{line: o.Line, at: fmt.Sprintf("policies[%d].", i), m: m})
			}
			return true
		}
		pols = append(pols, policyAt{line: o.Line, m: o.Map})
		return true
	})
	if err != nil {
		return err
	}
	if len(pols) == 0 {
		return nil // an empty export: the controls that need policies lack evidence
	}
	b := &builder{emit: emit}
	b.build(pols)
	return nil
}

// builder accumulates what the policies say about the IdP and the apps.
type builder struct {
	emit    func(evidence.Item) bool
	stopped bool

	sawSignOn, sessionUnlimited, idleUnlimited bool
	sessionMinutes, idleMinutes                *float64

	sawPassword, lockoutDisabled bool
	lockout                      *float64
	recovery                     []string
	voiceRecovery, strongRecover bool

	universe  []string // possession methods users may enrol (MFA_ENROLL); nil when no such policy
	sawEnroll bool

	access              []accessPolicy
	unnamedApps, proofs int
}

// ruleEval is what one authentication policy rule allows.
type ruleEval struct {
	allowed   []string
	twoFactor bool
	prOnly    bool
	reauthH   *float64 // reauthenticateIn in hours
	idleM     *float64 // inactivityPeriod in minutes
}

type accessPolicy struct {
	line   int
	name   string
	apps   []string
	system bool
	rules  []ruleEval
}

func (b *builder) send(it evidence.Item) bool {
	if !b.stopped && !b.emit(it) {
		b.stopped = true
	}
	return !b.stopped
}

func (b *builder) problem(p policyAt, field, msg string) {
	b.send(evidence.Item{Line: p.line, Field: p.at + field, Problem: msg})
}

func upper(m map[string]any, path ...string) string {
	return strings.ToUpper(strings.TrimSpace(vendorio.String(m, path...)))
}

func active(m map[string]any) bool {
	s := upper(m, "status")
	return s == "" || s == "ACTIVE"
}

// rulesOf returns a policy's rules and the path they are under.
func rulesOf(m map[string]any) ([]any, string) {
	if r := vendorio.Array(m, "_embedded", "rules"); r != nil {
		return r, "_embedded.rules"
	}
	return vendorio.Array(m, "rules"), "rules"
}

// number reads a number (or a numeric string) at path.
func number(m map[string]any, path ...string) (v float64, present, ok bool) {
	raw := vendorio.Get(m, path...)
	switch x := raw.(type) {
	case nil:
		return 0, false, true
	case json.Number:
		f, err := x.Float64()
		return f, true, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, true, err == nil
	}
	return 0, true, false
}

func (b *builder) build(pols []policyAt) {
	// Enrolment policies first: they say which authenticators exist.
	for _, p := range pols {
		if p.m != nil && upper(p.m, "type") == "MFA_ENROLL" && active(p.m) {
			b.enrolment(p)
		}
	}
	first := pols[0].line
	for _, p := range pols {
		if b.stopped {
			return
		}
		if p.m == nil {
			b.problem(p, "", "not an object; want one policy object per element")
			continue
		}
		typ := upper(p.m, "type")
		switch {
		case vendorio.Get(p.m, "actions") != nil:
			b.problem(p, "actions", "a policy rule outside its policy; want each policy with its rules under _embedded.rules (GET /api/v1/policies?expand=rules) or a rules array")
			continue
		case typ == "":
			b.problem(p, "type", "no policy type; want an Okta policy (OKTA_SIGN_ON, ACCESS_POLICY, PASSWORD, MFA_ENROLL, ...)")
			continue
		case !active(p.m):
			b.send(evidence.Item{Line: p.line, Skip: token(typ) + ":INACTIVE"})
			continue
		}
		switch typ {
		case "OKTA_SIGN_ON":
			b.signOn(p)
		case "ACCESS_POLICY":
			b.accessPolicy(p)
		case "PASSWORD":
			b.password(p)
		case "MFA_ENROLL":
			// read above
		default:
			b.send(evidence.Item{Line: p.line, Skip: token(typ)})
		}
	}
	if !b.stopped {
		b.finish(first)
	}
}

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

// keyMethods maps authenticator keys (Identity Engine) and factor keys
// (Classic enrolment policies) to the native types they can verify as.
var keyMethods = map[string][]string{
	"okta_verify": {"push", "otp_app"}, "webauthn": webAuthnTypes, "security_key": webAuthnTypes,
	"fido_webauthn": webAuthnTypes, "fido_u2f": {"security_key"}, "phone_number": {"sms", "voice"},
	"okta_email": {"email"}, "okta_password": {"password"}, "security_question": {"password"}, "okta_question": {"password"},
	"google_otp": {"otp_app"}, "symantec_vip": {"otp_app"}, "okta_otp": {"otp_app"}, "okta_push": {"push"},
	"okta_sms": {"sms"}, "okta_call": {"voice"}, "smart_card_idp": {"smart_card"}, "yubikey_token": {"otp_hardware"},
	"rsa_token": {"otp_hardware"}, "custom_otp": {"otp_hardware"}, "onprem_mfa": {"otp_hardware"}, "duo": {"push"},
	"custom_app": {"push"}, "tac": {"temporary_access_pass"}, "external_idp": nil,
}

// methodMethods maps AssuranceMethod / AuthenticatorMethodType names.
var methodMethods = map[string][]string{
	"WEBAUTHN": webAuthnTypes, "SIGNED_NONCE": {"passkey_device_bound"}, "PUSH": {"push"}, "OTP": {"otp_app"},
	"TOTP": {"otp_app"}, "SMS": {"sms"}, "VOICE": {"voice"}, "EMAIL": {"email"}, "PASSWORD": {"password"},
	"SECURITY_QUESTION": {"password"}, "CERT": {"smart_card"}, "DUO": {"push"}, "IDP": nil, "TAC": {"temporary_access_pass"},
}

// typeMethods maps constraint types.
var typeMethods = map[string][]string{
	"SECURITY_KEY": webAuthnTypes, "PHONE": {"sms", "voice"}, "EMAIL": {"email"}, "APP": {"push", "otp_app"},
	"PASSWORD": {"password"}, "SECURITY_QUESTION": {"password"}, "FEDERATED": nil,
}

var (
	webAuthnTypes = []string{"passkey_device_bound", "passkey_synced", "security_key"}
	// defaultPossession is assumed enrollable when the export holds no
	// enrolment policy: the phishable possession factors every org has.
	defaultPossession = []string{"push", "otp_app", "otp_hardware", "sms", "voice", "email"}
	// prTypes are the phishing-resistant types some Okta authenticator can
	// verify as, in vocab's order: what a rule that requires phishing
	// resistance without naming authenticators allows.
	prTypes = func() []string {
		verifiable := map[string]bool{}
		for _, table := range []map[string][]string{keyMethods, methodMethods, typeMethods} {
			for _, ms := range table {
				for _, m := range ms {
					verifiable[m] = true
				}
			}
		}
		var out []string
		for _, m := range vocab.PhishingResistantMethods() {
			if verifiable[string(m)] {
				out = append(out, string(m))
			}
		}
		return out
	}()
)

func pr(m string) bool { return vocab.Method(m).PhishingResistant() }

// enrolment reads which authenticators users may enrol.
func (b *builder) enrolment(p policyAt) {
	b.sawEnroll = true
	add := func(key, self string) {
		if strings.EqualFold(self, "NOT_ALLOWED") {
			return
		}
		b.universe = append(b.universe, keyMethods[strings.ToLower(key)]...)
	}
	for _, raw := range vendorio.Array(p.m, "settings", "authenticators") {
		a, _ := raw.(map[string]any)
		add(vendorio.String(a, "key"), vendorio.String(a, "enroll", "self"))
	}
	if factors, ok := vendorio.Get(p.m, "settings", "factors").(map[string]any); ok {
		for key := range factors {
			add(key, vendorio.String(factors, key, "enroll", "self"))
		}
	}
	if b.universe == nil {
		b.universe = []string{}
	}
}

func (b *builder) possessionUniverse() []string {
	var out []string
	src := b.universe
	if !b.sawEnroll {
		src = defaultPossession
	}
	for _, m := range src {
		if m != "password" {
			out = append(out, m)
		}
	}
	return out
}

// accessPolicy reads an authentication policy: each active rule that allows
// access, and the applications it protects.
func (b *builder) accessPolicy(p policyAt) {
	ap := accessPolicy{line: p.line, name: strings.TrimSpace(vendorio.String(p.m, "name"))}
	ap.system, _ = vendorio.Bool(p.m, "system")
	rules, under := rulesOf(p.m)
	for i, raw := range rules {
		rule, _ := raw.(map[string]any)
		if rule == nil || !active(rule) || upper(rule, "actions", "appSignOn", "access") == "DENY" {
			continue
		}
		ev, field, msg := b.accessRule(rule)
		if msg != "" {
			b.problem(p, fmt.Sprintf("%s[%d].%s", under, i, field), msg)
			return
		}
		if ev != nil {
			ap.rules = append(ap.rules, *ev)
		}
	}
	if len(ap.rules) == 0 {
		b.send(evidence.Item{Line: p.line, Skip: "ACCESS_POLICY:NO_ALLOW_RULE"})
		return
	}
	for _, path := range [][]string{{"_embedded", "apps"}, {"_embedded", "applications"}, {"apps"}, {"applications"}} {
		for _, v := range vendorio.Array(p.m, path...) {
			switch a := v.(type) {
			case string:
				if a = strings.TrimSpace(a); a != "" {
					ap.apps = append(ap.apps, a)
				}
			case map[string]any:
				for _, k := range []string{"label", "name", "id"} {
					if s := strings.TrimSpace(vendorio.String(a, k)); s != "" {
						ap.apps = append(ap.apps, s)
						break
					}
				}
			}
		}
	}
	if len(ap.apps) == 0 {
		b.unnamedApps++
		name := ap.name
		if name == "" {
			name = vendorio.String(p.m, "id")
		}
		if name == "" {
			name = fmt.Sprintf("access-policy-line-%d", p.line)
		}
		ap.apps = []string{name}
	}
	b.access = append(b.access, ap)
}

var isoDuration = regexp.MustCompile(`^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// minutes reads an ISO 8601 duration (PT4H, PT30M, P1D) as minutes; years and
// months, whose length varies, are refused.
func minutes(s string) (float64, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	g := isoDuration.FindStringSubmatch(u)
	if g == nil || strings.HasSuffix(u, "T") || strings.Join(g[1:], "") == "" { // "P", "PT": no amount at all
		return 0, false
	}
	scale := []float64{7 * 24 * 60, 24 * 60, 60, 1, 1.0 / 60}
	total := 0.0
	for i, part := range g[1:] {
		if part != "" {
			f, _ := strconv.ParseFloat(part, 64)
			total += f * scale[i]
		}
	}
	return total, true
}

// accessRule evaluates one rule's verification method. A nil result with no
// problem is a rule that contributes nothing the model can hold.
func (b *builder) accessRule(rule map[string]any) (*ruleEval, string, string) {
	vm, _ := vendorio.Get(rule, "actions", "appSignOn", "verificationMethod").(map[string]any)
	if vm == nil {
		return nil, "actions.appSignOn.verificationMethod", "an authentication policy rule without a verification method; want the rule as GET /api/v1/policies/{id}/rules returns it"
	}
	var ev ruleEval
	for _, d := range []struct {
		key  string
		into **float64
		unit float64
	}{{"reauthenticateIn", &ev.reauthH, 60}, {"inactivityPeriod", &ev.idleM, 1}} {
		s := vendorio.String(vm, d.key)
		if s == "" {
			continue
		}
		m, ok := minutes(s)
		if !ok {
			return nil, "actions.appSignOn.verificationMethod." + d.key, quote(s) + " is not an ISO 8601 duration; want e.g. PT4H or PT30M"
		}
		v := m / d.unit
		*d.into = &v
	}
	switch t := upper(vm, "type"); t {
	case "", "ASSURANCE":
		return b.assurance(vm, &ev)
	case "AUTH_METHOD_CHAIN":
		return b.chains(vm, &ev)
	case "ID_PROOFING":
		b.proofs++
		return nil, "", ""
	default:
		return nil, "actions.appSignOn.verificationMethod.type", quote(t) + " is not a verification method type; want ASSURANCE, AUTH_METHOD_CHAIN or ID_PROOFING"
	}
}

// assurance evaluates an ASSURANCE verification method: factorMode and the
// constraints, of which any one element must be satisfied.
func (b *builder) assurance(vm map[string]any, ev *ruleEval) (*ruleEval, string, string) {
	const at = "actions.appSignOn.verificationMethod."
	mode := upper(vm, "factorMode")
	if mode != "" && mode != "1FA" && mode != "2FA" {
		return nil, at + "factorMode", quote(mode) + " is not a factor mode; want 1FA or 2FA"
	}
	var cons []map[string]any
	switch c := vendorio.Get(vm, "constraints").(type) {
	case map[string]any:
		cons = append(cons, c)
	case []any:
		for _, x := range c {
			if m, ok := x.(map[string]any); ok {
				cons = append(cons, m)
			}
		}
	}
	twoFactor := mode == "2FA"
	if len(cons) == 0 {
		ev.allowed = b.possessionUniverse()
		if !twoFactor {
			ev.allowed = append(ev.allowed, "password")
		}
		ev.twoFactor = twoFactor
		return ev, "", ""
	}
	allUV, allPR := true, true
	for i, c := range cons {
		poss, _ := vendorio.Get(c, "possession").(map[string]any)
		req := func(k string) bool { return upper(poss, k) == "REQUIRED" }
		possRequired := false
		if poss != nil {
			r, _ := vendorio.Bool(poss, "required")
			possRequired = r || req("phishingResistant") || req("hardwareProtection") || req("deviceBound") || req("userPresence") || req("userVerification")
		}
		allUV = allUV && req("userVerification")
		allPR = allPR && req("phishingResistant")
		know, _ := vendorio.Get(c, "knowledge").(map[string]any)
		ks, field, msg := listed(know)
		if msg != "" {
			return nil, fmt.Sprintf("%sconstraints[%d].knowledge.%s", at, i, field), msg
		}
		if ks == nil {
			ks = []string{"password"}
		}
		var set []string
		if poss != nil || twoFactor || know == nil {
			set, field, msg = b.possessionSet(poss, req("phishingResistant"))
			if msg != "" {
				return nil, fmt.Sprintf("%sconstraints[%d].possession.%s", at, i, field), msg
			}
			if req("hardwareProtection") || req("deviceBound") {
				set = slices.DeleteFunc(set, func(m string) bool { return m == "passkey_synced" })
			}
		}
		// With one factor, a knowledge factor alone gets in unless
		// possession is required.
		if !twoFactor && !possRequired {
			set = append(set, ks...)
		}
		ev.allowed = append(ev.allowed, set...)
	}
	ev.twoFactor = twoFactor || allUV
	ev.prOnly = allPR
	return ev, "", ""
}

// possessionSet is what a possession constraint allows: the types and methods
// it names, or every possession authenticator users may enrol, narrowed to the
// phishing-resistant ones when it requires them.
func (b *builder) possessionSet(poss map[string]any, prRequired bool) ([]string, string, string) {
	set, field, msg := listed(poss)
	if msg != "" {
		return nil, field, msg
	}
	if set == nil {
		set = b.possessionUniverse()
		if prRequired {
			set = slices.Clone(prTypes)
		}
	}
	set = slices.DeleteFunc(set, func(m string) bool { return m == "password" })
	if prRequired {
		set = slices.DeleteFunc(set, func(m string) bool { return !pr(m) })
	}
	ex, field, msg := authMethods(vendorio.Array(poss, "excludedAuthenticationMethods"))
	if msg != "" {
		return nil, "excludedAuthenticationMethods" + field, msg
	}
	return slices.DeleteFunc(set, func(m string) bool { return slices.Contains(ex, m) }), "", ""
}

// listed maps a constraint's types, methods and authenticationMethods; nil
// when it names none.
func listed(c map[string]any) ([]string, string, string) {
	if c == nil {
		return nil, "", ""
	}
	var out []string
	named := false
	for _, spec := range []struct {
		key   string
		table map[string][]string
	}{{"types", typeMethods}, {"methods", methodMethods}} {
		for i, v := range vendorio.Array(c, spec.key) {
			s, _ := v.(string)
			ms, ok := spec.table[strings.ToUpper(strings.TrimSpace(s))]
			if !ok {
				return nil, fmt.Sprintf("%s[%d]", spec.key, i), quote(s) + " is not an Okta constraint " + strings.TrimSuffix(spec.key, "s") + "; want one of the AccessPolicyConstraint values"
			}
			out = append(out, ms...)
			named = true
		}
	}
	if am := vendorio.Array(c, "authenticationMethods"); len(am) > 0 {
		ms, field, msg := authMethods(am)
		if msg != "" {
			return nil, "authenticationMethods" + field, msg
		}
		out = append(out, ms...)
		named = true
	}
	if named && out == nil {
		out = []string{}
	}
	return out, "", ""
}

// authMethods maps [{key, method}] authenticator methods. A one-time code
// takes its type from the authenticator (a YubiKey's codes are hardware ones).
func authMethods(list []any) ([]string, string, string) {
	var out []string
	for i, v := range list {
		m, _ := v.(map[string]any)
		key := strings.ToLower(strings.TrimSpace(vendorio.String(m, "key")))
		method := strings.ToUpper(strings.TrimSpace(vendorio.String(m, "method")))
		byKey, keyOK := keyMethods[key]
		if key != "" && !keyOK {
			return nil, fmt.Sprintf("[%d].key", i), quote(key) + " is not an Okta authenticator key; want e.g. okta_verify, webauthn, phone_number, okta_email, okta_password"
		}
		byMethod, methodOK := methodMethods[method]
		if method != "" && !methodOK {
			return nil, fmt.Sprintf("[%d].method", i), quote(method) + " is not an Okta authenticator method; want e.g. signed_nonce, push, totp, webauthn, sms, email, password"
		}
		switch {
		case method == "" && key == "":
			return nil, fmt.Sprintf("[%d]", i), "an authentication method without key or method"
		case method == "":
			out = append(out, byKey...)
		case (method == "OTP" || method == "TOTP") && keyOK:
			out = append(out, slices.DeleteFunc(slices.Clone(byKey), func(s string) bool { return s != "otp_app" && s != "otp_hardware" })...)
		default:
			out = append(out, byMethod...)
		}
	}
	return out, "", ""
}

// chains evaluates an AUTH_METHOD_CHAIN verification method: each path
// through the chains is a sequence of steps, each step one of its methods.
func (b *builder) chains(vm map[string]any, ev *ruleEval) (*ruleEval, string, string) {
	type path [][]string
	var paths []path
	var walk func(list []any, prefix path, at string) (string, string)
	walk = func(list []any, prefix path, at string) (string, string) {
		for i, raw := range list {
			c, _ := raw.(map[string]any)
			step, field, msg := authMethods(vendorio.Array(c, "authenticationMethods"))
			if msg != "" {
				return fmt.Sprintf("%s[%d].authenticationMethods%s", at, i, field), msg
			}
			p := append(slices.Clone(prefix), step)
			if next := vendorio.Array(c, "next"); len(next) > 0 {
				if f, m := walk(next, p, fmt.Sprintf("%s[%d].next", at, i)); m != "" {
					return f, m
				}
				continue
			}
			paths = append(paths, p)
			if ev.reauthH == nil {
				if mins, ok := minutes(vendorio.String(c, "reauthenticateIn")); ok {
					h := mins / 60
					ev.reauthH = &h
				}
			}
		}
		return "", ""
	}
	if f, m := walk(vendorio.Array(vm, "chains"), nil, "chains"); m != "" {
		return nil, "actions.appSignOn.verificationMethod." + f, m
	}
	if len(paths) == 0 {
		return nil, "actions.appSignOn.verificationMethod.chains", "no authentication method chain; want at least one chain"
	}
	ev.twoFactor, ev.prOnly = true, true
	for _, p := range paths {
		ev.twoFactor = ev.twoFactor && len(p) >= 2
		prStep := false
		for _, step := range p {
			if len(step) > 0 && !slices.ContainsFunc(step, func(m string) bool { return !pr(m) }) {
				prStep = true
			}
			for _, m := range step {
				if len(p) == 1 || m != "password" {
					ev.allowed = append(ev.allowed, m)
				}
			}
		}
		ev.prOnly = ev.prOnly && prStep
	}
	return ev, "", ""
}

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
