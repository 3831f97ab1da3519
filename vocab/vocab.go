// Package vocab is the vocabulary shared by the evidence, the metrics and the
// report: authentication methods with their phishing resistance and strength,
// recovery methods and which of them are weak, the helpdesk ticket stages, the
// population segments and the catalogue's areas, each with the words people
// read. Every list is written here once; the JSON Schemas in schemas/json spell
// the same values, and a test keeps the two in step.
package vocab

// Method is an authenticator type, as the native evidence formats spell it.
type Method string

// The authenticator types.
const (
	PasskeyDeviceBound  Method = "passkey_device_bound"
	PasskeySynced       Method = "passkey_synced"
	WindowsHello        Method = "windows_hello"
	PlatformSSO         Method = "platform_sso"
	SecurityKey         Method = "security_key"
	SmartCard           Method = "smart_card"
	Push                Method = "push"
	OTPApp              Method = "otp_app"
	OTPHardware         Method = "otp_hardware"
	SMS                 Method = "sms"
	Voice               Method = "voice"
	Email               Method = "email"
	Password            Method = "password"
	TemporaryAccessPass Method = "temporary_access_pass"
)

// MethodUnknown is the method of a sign-in whose source cannot tell which
// authenticator was used. It is no authenticator type: it appears only on
// sign-ins, is never phishing-resistant, and method shares leave it out of
// both their numerator and their denominator.
const MethodUnknown Method = "unknown"

// methods lists every authenticator type in the schemas' order, with whether
// it is phishing-resistant and its rank for "the strongest authenticator used"
// in a sign-in: phishing-resistant types first, device-bound before synced,
// then the phishable ones from the strongest possession factor down to the
// password. Every adapter that folds several factors into one sign-in uses
// that rank, so the same factors give the same method whatever the source.
var methods = []struct {
	m         Method
	resistant bool
	strength  int
}{
	{PasskeyDeviceBound, true, 14},
	{PasskeySynced, true, 9},
	{WindowsHello, true, 11},
	{PlatformSSO, true, 10},
	{SecurityKey, true, 13},
	{SmartCard, true, 12},
	{Push, false, 7},
	{OTPApp, false, 6},
	{OTPHardware, false, 8},
	{SMS, false, 4},
	{Voice, false, 3},
	{Email, false, 2},
	{Password, false, 1},
	{TemporaryAccessPass, false, 5},
}

var methodIndex = func() map[string]int {
	ix := make(map[string]int, len(methods))
	for i, m := range methods {
		ix[string(m.m)] = i
	}
	return ix
}()

// Methods returns every authenticator type in the schemas' order.
func Methods() []Method {
	out := make([]Method, len(methods))
	for i, m := range methods {
		out[i] = m.m
	}
	return out
}

// PhishingResistantMethods returns the phishing-resistant types.
func PhishingResistantMethods() []Method {
	var out []Method
	for _, m := range methods {
		if m.resistant {
			out = append(out, m.m)
		}
	}
	return out
}

// ParseMethod returns the authenticator type spelled s.
func ParseMethod(s string) (Method, bool) {
	i, ok := methodIndex[s]
	if !ok {
		return "", false
	}
	return methods[i].m, true
}

// MethodOf returns the type spelled b, without allocating, or "".
func MethodOf(b []byte) Method {
	if i, ok := methodIndex[string(b)]; ok {
		return methods[i].m
	}
	return ""
}

// PhishingResistant reports whether the authenticator type resists phishing
// (SP 800-63B-4 §3.2.5: verifier-name or channel binding).
func (m Method) PhishingResistant() bool {
	i, ok := methodIndex[string(m)]
	return ok && methods[i].resistant
}

// Stronger reports whether m is a stronger authenticator than o; "" and
// unknown types are the weakest.
func (m Method) Stronger(o Method) bool { return m.strength() > o.strength() }

func (m Method) strength() int {
	if i, ok := methodIndex[string(m)]; ok {
		return methods[i].strength
	}
	return 0
}

// RecoveryMethod is how an account was recovered.
type RecoveryMethod string

// The recovery methods.
const (
	RecoveryCode       RecoveryMethod = "recovery_code"
	IdentityProofing   RecoveryMethod = "identity_proofing"
	RecoveryContact    RecoveryMethod = "recovery_contact"
	RecoveryTAP        RecoveryMethod = "temporary_access_pass"
	HelpdeskVerified   RecoveryMethod = "helpdesk_verified"
	RecoverySMS        RecoveryMethod = "sms"
	RecoveryEmail      RecoveryMethod = "email"
	SecurityQuestions  RecoveryMethod = "security_questions"
	HelpdeskUnverified RecoveryMethod = "helpdesk_unverified"
	// VerificationUnknown is a recovery whose export cannot show how the
	// person was verified: neither verified nor weak.
	VerificationUnknown RecoveryMethod = "unknown"
)

// recoveryMethods lists the recovery methods in the schemas' order with
// whether each is weak.
var recoveryMethods = []struct {
	m    RecoveryMethod
	weak bool
}{
	{RecoveryCode, false}, {IdentityProofing, false}, {RecoveryContact, false}, {RecoveryTAP, false},
	{HelpdeskVerified, false}, {RecoverySMS, true}, {RecoveryEmail, true}, {SecurityQuestions, true},
	{HelpdeskUnverified, true}, {VerificationUnknown, false},
}

// RecoveryMethods returns every recovery method in the schemas' order.
func RecoveryMethods() []RecoveryMethod {
	out := make([]RecoveryMethod, len(recoveryMethods))
	for i, r := range recoveryMethods {
		out[i] = r.m
	}
	return out
}

// ParseRecoveryMethod returns the recovery method spelled s.
func ParseRecoveryMethod(s string) (RecoveryMethod, bool) {
	for _, r := range recoveryMethods {
		if string(r.m) == s {
			return r.m, true
		}
	}
	return "", false
}

// RecoveryMethodOf returns the recovery method spelled b, without allocating,
// or "".
func RecoveryMethodOf(b []byte) RecoveryMethod {
	for _, r := range recoveryMethods {
		if string(r.m) == string(b) {
			return r.m
		}
	}
	return ""
}

// Weak reports whether a recovery method is weak: SMS, e-mail, security
// questions or a helpdesk that did not verify the caller.
func (r RecoveryMethod) Weak() bool {
	for _, x := range recoveryMethods {
		if x.m == r {
			return x.weak
		}
	}
	return false
}
