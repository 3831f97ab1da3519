package ocsf

import (
	"github.com/assure-dev/assure/vocab"
	"strings"
)

// How a factor became a native method, when that involved a judgement the
// report should mention.
type how uint8

const (
	placed           how = iota
	unplaced             // nothing said what it was: counted as otp_app
	webauthnUnknown      // WebAuthn, not said whether device-bound: passkey_synced
	fastPassPR           // Okta FastPass verified phishing-resistant
	fastPassPlain        // Okta FastPass without that: push
	securityQuestion     // factor type 2: password
	noFactors            // no factor at all and not MFA: password
	deniedPR             // x_pwdless.phishing_resistant false overrode a PR type
)

// fallback is the method of a factor that cannot be placed: a possession
// factor that is not phishing-resistant, so it never raises a PR share.
const fallback = vocab.OTPApp

// fastPassClass is the authenticator class of Okta FastPass, placed by the
// hints that come with it.
const fastPassClass vocab.Method = "fastpass"

// hints are what an event says about its authenticator outside auth_factors.
type hints struct {
	class vocab.Method // from x_pwdless.authenticator_class, as a native method or fastPassClass
	pr    int8         // x_pwdless.phishing_resistant: -1 false, 0 not said, 1 true
	props props        // Okta verified properties
	text  string       // Okta debugData.factor, as words
}

// hintsOf gathers the hints of a record: the x_pwdless extension at the top
// level or under unmapped, and Okta's attributes under unmapped.
func hintsOf(rec *record) hints {
	var h hints
	x := rec.XPwdless
	if u := rec.Unmapped; u != nil {
		h.props |= u.MethodUsedVerifiedProperties
		if u.DetailEntry != nil {
			h.props |= u.DetailEntry.MethodUsedVerifiedProperties
		}
		switch {
		case u.DebugData != nil && u.DebugData.Factor.str() != "":
			h.text = words(u.DebugData.Factor.str())
		case u.DebugContext != nil && u.DebugContext.DebugData != nil:
			h.text = words(u.DebugContext.DebugData.Factor.str())
		case u.Factor.str() != "":
			h.text = words(u.Factor.str())
		}
		if x == nil {
			x = u.XPwdless
		}
	}
	if x != nil {
		h.props |= x.VerifiedProperties
		if b, ok := x.PhishingResistant.boolean(); ok {
			h.pr = -1
			if b {
				h.pr = 1
			}
		}
		c := strings.ToLower(x.AuthenticatorClass.str())
		if m, ok := classes[c]; ok {
			h.class = m
		}
	}
	return h
}

// classes maps x_pwdless.authenticator_class values (the native names and the
// research notes' spellings) to native methods.
var classes = map[string]vocab.Method{
	"platform_whfb": vocab.WindowsHello, "platform_macos_sse": vocab.PlatformSSO, "otp": vocab.OTPApp,
	"tap": vocab.TemporaryAccessPass, "fastpass": fastPassClass,
}

func init() {
	for _, m := range vocab.Methods() {
		classes[string(m)] = m
	}
}

func (h *hints) saysPR() bool { return h.pr > 0 || h.props&propPhishingResistant != 0 }
func (h *hints) saysDeviceBound() bool {
	return h.props&(propDeviceBound|propHardwareProtected) != 0
}

// eventMethod is the native method of an event: the extension's class when it
// gives one, else the strongest of its factors.
func eventMethod(rec *record, h *hints) (vocab.Method, how) {
	if h.class != "" {
		m, w := h.class, placed
		if m == fastPassClass {
			m, w = fastPass(h)
		}
		return deny(m, w, h)
	}
	if len(rec.AuthFactors) == 0 {
		if h.text != "" {
			if m, w := byName(h.text, h); w != unplaced {
				return deny(m, w, h)
			}
		}
		if mfa, _ := rec.IsMFA.boolean(); mfa {
			return fallback, unplaced
		}
		return "password", noFactors
	}
	best, bestHow := vocab.Method(""), placed
	for i := range rec.AuthFactors {
		extra := ""
		if len(rec.AuthFactors) == 1 {
			extra = h.text
		}
		m, w := factorMethod(&rec.AuthFactors[i], extra, h)
		if best == "" || m.Stronger(best) {
			best, bestHow = m, w
		}
	}
	return best, bestHow
}

// deny applies an explicit x_pwdless.phishing_resistant = false: a
// phishing-resistant type is then not trusted.
func deny(m vocab.Method, w how, h *hints) (vocab.Method, how) {
	if h.pr < 0 && m.PhishingResistant() {
		return fallback, deniedPR
	}
	return m, w
}

// factorMethod places one auth_factor. extra is hint text that describes the
// same factor (Okta's debugData.factor when the event has one factor).
func factorMethod(f *factor, extra string, h *hints) (vocab.Method, how) {
	id, ok := f.FactorTypeID.integer()
	if !ok {
		id = 0
	}
	t := words(f.FactorType.str(), f.Provider.str())
	if extra != "" {
		t += extra
	}
	switch id {
	case 1:
		return "sms", placed
	case 2:
		return "password", securityQuestion
	case 3:
		return "voice", placed
	case 5:
		return "push", placed
	case 6:
		if securityKeyName(t) && !otpName(t) {
			return deny("security_key", placed, h)
		}
		return "otp_hardware", placed
	case 7:
		return otp(f, t), placed
	case 8:
		return "email", placed
	case 9:
		return deny("security_key", placed, h)
	case 10:
		m, w := webAuthn(t, h)
		return deny(m, w, h)
	case 11:
		return "password", placed
	}
	// 0 Unknown, 4 Biometric, 99 Other, or an id this adapter does not know:
	// only the names can say what it was.
	m, w := byName(t, h)
	return deny(m, w, h)
}

// byName places a factor by its factor_type, provider and hint words.
func byName(t string, h *hints) (vocab.Method, how) {
	switch {
	case has(t, "temporary access pass", "tap"):
		return "temporary_access_pass", placed
	case has(t, "windows hello", "whfb", "hello for business"):
		return "windows_hello", placed
	case has(t, "smart card", "smartcard", "piv", "cac", "certificate", "x509", "cba"):
		return "smart_card", placed
	case has(t, "signed nonce", "fastpass"):
		return fastPass(h)
	case has(t, "platform sso", "platform credential", "secure enclave", "psso"):
		if has(t, "password") {
			return "password", placed
		}
		if has(t, "secure enclave") || h.saysPR() {
			return "platform_sso", placed
		}
		return fallback, unplaced
	case otpName(t) && !has(t, "email", "sms", "text message"):
		return otp(nil, t), placed
	case securityKeyName(t):
		return "security_key", placed
	case has(t, "passkey", "webauthn", "fido", "fido2"):
		return webAuthn(t, h)
	case has(t, "push", "notification", "okta verify", "phone sign in", "number matching"):
		return "push", placed
	case has(t, "sms", "text message"):
		return "sms", placed
	case has(t, "voice", "phone call", "call"):
		return "voice", placed
	case has(t, "email", "e mail"):
		return "email", placed
	case has(t, "password", "pwd", "security question", "knowledge"):
		return "password", placed
	}
	return fallback, unplaced
}

// webAuthn places a WebAuthn credential: phishing-resistant in any case; which
// kind, by its names and Okta's verified properties; a synced passkey (the
// weaker kind) when nothing says it is bound to a device.
func webAuthn(t string, h *hints) (vocab.Method, how) {
	switch {
	case has(t, "windows hello", "whfb", "hello for business"):
		return "windows_hello", placed
	case has(t, "platform sso", "platform credential", "secure enclave", "psso"):
		return "platform_sso", placed
	case securityKeyName(t) || has(t, "roaming", "cross platform"):
		return "security_key", placed
	case has(t, "device bound", "devicebound", "device bound passkey") || h.props&propDeviceBound != 0:
		return "passkey_device_bound", placed
	case has(t, "synced", "synced passkey", "icloud keychain", "google password manager", "multi device"):
		return "passkey_synced", placed
	}
	return "passkey_synced", webauthnUnknown
}

// fastPass places Okta FastPass (a signed nonce from Okta Verify): a
// device-bound credential when Okta verified it phishing-resistant, otherwise a
// possession factor no stronger than a push.
func fastPass(h *hints) (vocab.Method, how) {
	if !h.saysPR() {
		return "push", fastPassPlain
	}
	if h.saysDeviceBound() {
		return "passkey_device_bound", fastPassPR
	}
	return "passkey_synced", fastPassPR
}

func securityKeyName(t string) bool {
	return has(t, "security key", "yubikey", "u2f", "fido2 key", "fido key", "hardware key", "titan")
}

func otpName(t string) bool {
	return has(t, "otp", "totp", "hotp", "one time", "passcode", "authenticator app", "google authenticator",
		"software token", "token software", "hardware token", "token hardware", "securid", "rsa")
}

// otp tells an OTP factor's kind: sent by e-mail or SMS, from a hardware
// token, or from an app.
func otp(f *factor, t string) vocab.Method {
	switch {
	case has(t, "email", "e mail") || (f != nil && f.EmailAddr.str() != ""):
		return "email"
	case has(t, "sms", "text message") || (f != nil && f.PhoneNumber.str() != ""):
		return "sms"
	case has(t, "hardware", "securid", "rsa", "yubikey", "token hardware", "fob"):
		return "otp_hardware"
	}
	return "otp_app"
}

// words lowers its arguments and turns everything but letters and digits into
// single spaces, with a space at each end, so has can match whole words.
func words(parts ...string) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, p := range parts {
		for _, c := range strings.ToLower(p) {
			if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
				b.WriteRune(c)
				continue
			}
			if s := b.String(); s[len(s)-1] != ' ' {
				b.WriteByte(' ')
			}
		}
		if s := b.String(); s[len(s)-1] != ' ' {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// has reports whether t (made by words) holds one of the phrases as whole words.
func has(t string, phrases ...string) bool {
	for _, p := range phrases {
		if strings.Contains(t, " "+p+" ") {
			return true
		}
	}
	return false
}
