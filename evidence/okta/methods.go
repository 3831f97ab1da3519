package okta

import (
	"slices"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/vocab"
)

// family is a kind of Okta factor or authenticator method, before the
// verified properties decide which native type it is.
type family int

const (
	unknownFamily family = iota
	fastPass             // Okta Verify FastPass (SIGNED_NONCE)
	webAuthn             // FIDO2 / WebAuthn: security key, platform authenticator or passkey
	u2f                  // FIDO U2F security key
	push                 // Okta Verify push, custom app push
	totp                 // software one-time codes (Okta Verify, Google Authenticator)
	hardToken            // hardware one-time codes (YubiKey OTP, RSA, custom OTP)
	sms
	voice
	email
	password
	question  // security question
	smartCard // PIV / certificate
	tac       // temporary access code
	duo       // Duo: the method used inside Duo is not logged
	federated // an external IdP: the method used there is not logged
)

// factorNames maps the spellings of debugContext.debugData.factor, of the
// Factors API factorType and of authenticator keys (upper case, with - : . and
// spaces as _) to a family.
var factorNames = map[string]family{
	"SIGNED_NONCE": fastPass, "OKTA_VERIFY_SIGNED_NONCE": fastPass, "FASTPASS": fastPass, "OKTA_FASTPASS": fastPass,
	"FIDO_WEBAUTHN": webAuthn, "WEBAUTHN": webAuthn, "FIDO2": webAuthn, "PASSKEY": webAuthn, "SECURITY_KEY": webAuthn,
	"FIDO_U2F": u2f, "U2F": u2f,
	"OKTA_VERIFY_PUSH": push, "PUSH": push, "OKTA_PUSH": push, "CUSTOM_APP": push, "CUSTOM_APP_PUSH": push, "OKTA_VERIFY": push,
	"TOTP": totp, "OTP": totp, "SOFT_TOKEN": totp, "OKTA_SOFT_TOKEN": totp, "OKTA_OTP": totp, "OKTA_VERIFY_TOTP": totp,
	"TOKEN_SOFTWARE_TOTP": totp, "GOOGLE_OTP": totp, "GOOGLE_AUTHENTICATOR": totp, "SYMANTEC_VIP": totp,
	"TOKEN": hardToken, "TOKEN_HARDWARE": hardToken, "HARDWARE_TOKEN": hardToken, "TOKEN_HOTP": hardToken, "HOTP": hardToken,
	"YUBIKEY_TOKEN": hardToken, "YUBIKEY": hardToken, "RSA_TOKEN": hardToken, "RSA": hardToken, "CUSTOM_OTP": hardToken, "ONPREM_MFA": hardToken,
	"SMS": sms, "SMS_FACTOR": sms, "OKTA_SMS": sms, "PHONE_NUMBER": sms,
	"CALL": voice, "CALL_FACTOR": voice, "VOICE": voice, "VOICE_FACTOR": voice, "OKTA_CALL": voice,
	"EMAIL": email, "EMAIL_FACTOR": email, "OKTA_EMAIL": email,
	"PASSWORD": password, "PASSWORD_AS_FACTOR": password, "OKTA_PASSWORD": password,
	"SECURITY_QUESTION": question, "QUESTION": question, "OKTA_QUESTION": question, "RECOVERY_QUESTION": question,
	"CERT": smartCard, "CERTIFICATE": smartCard, "X509": smartCard, "SMART_CARD": smartCard, "SMART_CARD_IDP": smartCard, "PIV": smartCard,
	"TAC": tac, "TEMPORARY_ACCESS_CODE": tac,
	"DUO": duo, "DUO_SECURITY": duo,
	"IDP": federated, "EXTERNAL_IDP": federated, "FEDERATED": federated,
}

// displayNames are the default names of Okta's authenticators (target
// displayName, lower case). Custom authenticators an administrator has named
// differently are not guessed at.
var displayNames = map[string]family{
	"okta verify": push, "security key or biometric": webAuthn, "security key or biometric authenticator": webAuthn,
	"fido2 (webauthn)": webAuthn, "webauthn": webAuthn, "password": password, "email": email, "email authentication": email,
	"phone": sms, "sms authentication": sms, "voice call authentication": voice, "google authenticator": totp,
	"security question": question, "smart card authenticator": smartCard, "smart card": smartCard, "piv / cac": smartCard,
	"yubikey": hardToken, "yubikey otp": hardToken, "duo security": duo, "temporary access code": tac,
}

func normaliseName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ':', '.', ' ':
			return '_'
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// methodTypeFamily reads detailEntry.methodTypeUsed ("Use Okta FastPass", "Get
// a push notification", "Enter a code", "Password").
func methodTypeFamily(s string) family {
	s = strings.ToLower(s)
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
	}
	switch {
	case s == "":
		return unknownFamily
	case has("fastpass", "signed_nonce", "signed nonce"):
		return fastPass
	case has("push"):
		return push
	case has("security key", "biometric", "webauthn", "passkey", "fido"):
		return webAuthn
	case has("smart card", "certificate", "piv"):
		return smartCard
	case has("sms", "text message"):
		return sms
	case has("voice", "call"):
		return voice
	case has("email"):
		return email
	case has("password"):
		return password
	case has("question"):
		return question
	case has("code", "totp", "otp"):
		return totp
	}
	return factorNames[normaliseName(s)]
}

// approx says how a method was approximated, for the source's notes.
type approx int

const (
	exact        approx = iota
	fastPassNoPR        // FastPass without PHISHING_RESISTANT among the verified properties
	viaDuo              // a Duo verification
	viaIdP              // an external IdP verification
)

// nativeMethod turns a family and the verified properties into a native type.
// FastPass is phishing-resistant only when Okta says it was (it is not on flows
// without origin binding); a WebAuthn credential is device-bound only when Okta
// says so, otherwise it may be a synced passkey.
func nativeMethod(f family, props []string) (vocab.Method, approx) {
	switch f {
	case fastPass:
		if slices.Contains(props, "PHISHING_RESISTANT") {
			return "passkey_device_bound", exact
		}
		return "push", fastPassNoPR
	case webAuthn:
		if slices.Contains(props, "DEVICE_BOUND") {
			return "passkey_device_bound", exact
		}
		return "passkey_synced", exact
	case u2f:
		return "security_key", exact
	case push:
		return "push", exact
	case totp:
		return "otp_app", exact
	case hardToken:
		return "otp_hardware", exact
	case sms:
		return "sms", exact
	case voice:
		return "voice", exact
	case email:
		return "email", exact
	case password, question:
		return "password", exact
	case smartCard:
		return "smart_card", exact
	case tac:
		return "temporary_access_pass", exact
	case duo:
		return "push", viaDuo
	case federated:
		return "password", viaIdP
	}
	return "", exact
}

// authenticatorTarget returns the target naming the authenticator used or
// enrolled, if any.
func authenticatorTarget(ev *logEvent) *logTarget {
	for i := range ev.Target {
		t := &ev.Target[i]
		if strings.EqualFold(t.Type, "AuthenticatorEnrollment") || strings.EqualFold(t.Type, "AuthenticatorMethod") {
			return t
		}
	}
	return nil
}

// resolved is the method of an event, or what is wrong with it.
type resolved struct {
	method         vocab.Method
	approx         approx
	field, problem string
}

// eventMethod finds the authenticator an event names: debugData.factor first,
// then the authenticator target's methodTypeUsed, authenticatorKey and display
// name, then (for lifecycle events, withReason) a factor name in
// outcome.reason ("User reset FIDO_WEBAUTHN factor"). A factor value that is
// not known is a problem rather than a guess; no method at all is method "".
func eventMethod(ev *logEvent, withReason bool) resolved {
	t := authenticatorTarget(ev)
	var props []string
	if t != nil {
		props = t.DetailEntry.Verified
	}
	if f := strings.TrimSpace(ev.Debug.Data.Factor); f != "" {
		fam, ok := factorNames[normaliseName(f)]
		if !ok {
			return resolved{field: "debugContext.debugData.factor",
				problem: "unknown factor " + quote(f) + "; want an Okta factor such as SIGNED_NONCE, FIDO_WEBAUTHN, OKTA_VERIFY_PUSH, TOTP, SMS, EMAIL or PASSWORD_AS_FACTOR"}
		}
		m, a := nativeMethod(fam, props)
		return resolved{method: m, approx: a}
	}
	if t != nil {
		fam := methodTypeFamily(t.DetailEntry.MethodTypeUsed)
		if fam == unknownFamily {
			fam = factorNames[normaliseName(t.DetailEntry.AuthenticatorKey)]
		}
		if fam == unknownFamily {
			fam = displayNames[strings.ToLower(strings.TrimSpace(t.DisplayName))]
		}
		if fam != unknownFamily {
			m, a := nativeMethod(fam, props)
			return resolved{method: m, approx: a}
		}
	}
	if withReason {
		for _, w := range strings.FieldsFunc(ev.Outcome.Reason, func(r rune) bool {
			return !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			if strings.ContainsRune(w, '_') || strings.ToUpper(w) == w {
				if fam, ok := factorNames[normaliseName(w)]; ok {
					m, a := nativeMethod(fam, props)
					return resolved{method: m, approx: a}
				}
			}
		}
	}
	if t != nil && (t.DisplayName != "" || t.DetailEntry.MethodTypeUsed != "") {
		return resolved{field: "target[AuthenticatorEnrollment]",
			problem: "an authenticator the adapter does not know (methodTypeUsed " + quote(t.DetailEntry.MethodTypeUsed) + ", displayName " + quote(t.DisplayName) + "); want debugContext.debugData.factor or a built-in Okta authenticator"}
	}
	return resolved{}
}

// quote writes a vendor value into a message: escaped, so it stays on one
// line, and cut at 80 characters, never inside one.
func quote(s string) string {
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return strconv.Quote(s)
}
