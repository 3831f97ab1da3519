package entra

import (
	"strings"

	"github.com/assure-dev/assure/vocab"
)

// verdict is what a vendor method name turned out to be.
type verdict int

const (
	unknown      verdict = iota // a name the tables do not know
	method                      // a native method
	notAMethod                  // no authenticator was presented ("Previously satisfied", "Other")
	recoveryOnly                // security questions: an SSPR gate, never a sign-in method
)

// enumMethods maps Graph enumeration values (userRegistrationDetails
// methodsRegistered, usageAuthMethod), compared in lower case. Old and new
// spellings of the same method are both listed (fido2 became fido2SecurityKey,
// then device-bound passkeys).
var enumMethods = map[string]vocab.Method{
	"fido2":                              "security_key",
	"fido2securitykey":                   "security_key",
	"fido":                               "security_key",
	"passkeydevicebound":                 "passkey_device_bound",
	"passkeydeviceboundauthenticator":    "passkey_device_bound",
	"passkeydeviceboundwindowshello":     "passkey_device_bound",
	"passkeysynced":                      "passkey_synced",
	"windowshelloforbusiness":            "windows_hello",
	"macossecureenclavekey":              "platform_sso",
	"platformcredential":                 "platform_sso",
	"microsoftauthenticatorpush":         "push",
	"microsoftauthenticatorpasswordless": "push",
	"appnotification":                    "push",
	"push":                               "push",
	"softwareonetimepasscode":            "otp_app",
	"softwareoath":                       "otp_app",
	"appcode":                            "otp_app",
	"onetimepasscode":                    "otp_app",
	"oath":                               "otp_app",
	"hardwareonetimepasscode":            "otp_hardware",
	"hardwareoath":                       "otp_hardware",
	"mobilephone":                        "sms",
	"alternatemobilephone":               "sms",
	"mobilesms":                          "sms",
	"sms":                                "sms",
	"officephone":                        "voice",
	"mobilecall":                         "voice",
	"alternatemobilecall":                "voice",
	"voicemobile":                        "voice",
	"voicealternatemobile":               "voice",
	"voiceoffice":                        "voice",
	"email":                              "email",
	"temporaryaccesspass":                "temporary_access_pass",
	"password":                           "password",
}

// textRules map the display names of sign-in steps, audit result reasons and
// portal exports, by case-insensitive substring, first match wins. The order
// matters: "Passkey (Microsoft Authenticator)" is a passkey, not push;
// "Passwordless phone sign-in" is push, not password; "Email verification code"
// is email, not an OTP app; "Mobile Phone Call and SMS" is SMS.
var textRules = []struct {
	any    []string
	method vocab.Method
}{
	{[]string{"temporary access pass"}, "temporary_access_pass"},
	{[]string{"passkey (synced)", "synced passkey", "passkey synced"}, "passkey_synced"},
	{[]string{"passkey"}, "passkey_device_bound"},
	{[]string{"windows hello"}, "windows_hello"},
	{[]string{"fido", "security key"}, "security_key"},
	{[]string{"platform credential", "secure enclave", "platform sso"}, "platform_sso"},
	{[]string{"certificate", "x.509", "x509", "smart card", "smartcard"}, "smart_card"},
	{[]string{"passwordless", "phone sign-in", "phone sign in"}, "push"},
	{[]string{"hardware oath", "hardware token", "hardware one-time", "hardware otp"}, "otp_hardware"},
	{[]string{"email", "e-mail"}, "email"},
	{[]string{"notification", "push"}, "push"},
	{[]string{"oath", "verification code", "software token", "with code", "app code", "one-time passcode", "one time passcode", "totp"}, "otp_app"},
	{[]string{"authenticator"}, "push"},
	{[]string{"text message", "sms"}, "sms"},
	{[]string{"phone call", "voice", "office phone", " call"}, "voice"},
	{[]string{"phone"}, "sms"},
	{[]string{"password"}, "password"},
}

// classify maps a vendor method name (an enumeration value or a display name)
// to a native method.
func classify(name string) (vocab.Method, verdict) {
	s := strings.ToLower(strings.Join(strings.Fields(name), " "))
	switch s {
	case "":
		return "", unknown
	case "previously satisfied", "satisfied by token", "other", "none", "n/a":
		return "", notAMethod
	case "securityquestion", "security question", "security questions":
		return "", recoveryOnly
	}
	if m, ok := enumMethods[s]; ok {
		return m, method
	}
	if strings.Contains(s, "security question") {
		return "", recoveryOnly
	}
	if strings.Contains(s, "satisfied by") || strings.Contains(s, "claim in the token") {
		return "", notAMethod
	}
	for _, r := range textRules {
		for _, k := range r.any {
			if strings.Contains(s, k) {
				return r.method, method
			}
		}
	}
	return "", unknown
}

// Notes for mappings a practitioner would want to know about; each is emitted
// once per source, when the mapping first happens.
const (
	notePhoneSignIn = "Microsoft Authenticator passwordless phone sign-in is counted as push: it is not phishing-resistant."
	noteCertificate = "Certificate-based authentication is counted as smart_card (phishing-resistant), as Microsoft's phishing-resistant authentication strength counts it; the export cannot tell a smart card from a software certificate."
	notePhone       = "A phone registered without saying SMS or voice (mobilePhone, alternateMobilePhone, \"phone\") is counted as sms."
)

// noteFor returns the note a mapping of name calls for, if any.
func noteFor(name string, native vocab.Method) string {
	s := strings.ToLower(name)
	switch {
	case native == "push" && (strings.Contains(s, "passwordless") || strings.Contains(s, "phone sign")):
		return notePhoneSignIn
	case native == "smart_card":
		return noteCertificate
	case native == "sms" && !strings.Contains(s, "sms") && !strings.Contains(s, "text"):
		return notePhone
	}
	return ""
}
