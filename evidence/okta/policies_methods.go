package okta

// Which native authenticator types Okta's authenticator keys, methods,
// constraint types and enrolment policies stand for.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/vocab"
)

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
	// verifiablePR are the phishing-resistant types (vocab's) that some Okta
	// authenticator can verify as, in vocab's order: what a rule that
	// requires phishing resistance without naming authenticators allows.
	verifiablePR = func() []string {
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

// phishable reports whether a native type is not phishing-resistant.
func phishable(m string) bool { return !vocab.Method(m).PhishingResistant() }

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
