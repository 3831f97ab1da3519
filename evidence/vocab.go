package evidence

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The vocabularies of the native formats, as in schemas/json/vocab.schema.json;
// records mapped from vendor exports are checked against them.
var (
	Methods         = []string{"passkey_device_bound", "passkey_synced", "windows_hello", "platform_sso", "security_key", "smart_card", "push", "otp_app", "otp_hardware", "sms", "voice", "email", "password", "temporary_access_pass"}
	RecoveryMethods = []string{"recovery_code", "identity_proofing", "recovery_contact", "temporary_access_pass", "helpdesk_verified", "sms", "email", "security_questions", "helpdesk_unverified"}
	Stages          = []string{"enrolment", "device_readiness", "authenticator_migration", "lost_device_recovery", "reauthentication", "password_reset", "other_auth", "unrelated"}
	Actions         = []string{"authenticator_registered", "authenticator_removed", "password_reset", "recovery_started", "recovery_completed", "recovery_failed"}
	Platforms       = []string{"windows", "macos", "ios", "android", "linux", "chromeos"}
)

func oneOf(field, value string, allowed []string) (string, string) {
	if slices.Contains(allowed, value) {
		return "", ""
	}
	return field, fmt.Sprintf("%q is not one of %s", value, strings.Join(allowed, ", "))
}

// checkRecord applies the native schema's constraints to a record an adapter
// mapped, so vendor evidence is held to the same rules as native evidence. It
// returns the native field at fault and what is wrong, or two empty strings.
func checkRecord(rec any) (string, string) {
	switch r := rec.(type) {
	case AuthEvent:
		if f := tooLong([2]string{"user_id", r.UserID}, [2]string{"app", r.App}, [2]string{"device_id", r.DeviceID}, [2]string{"session_id", r.SessionID}); f != "" {
			return f, "longer than 256 characters"
		}
		switch {
		case r.Time.IsZero():
			return "time", "no time"
		case r.UserID == "":
			return "user_id", "no user"
		case r.App == "":
			return "app", "no application"
		}
		return oneOf("method", r.Method, Methods)
	case AccountEvent:
		if f := tooLong([2]string{"user_id", r.UserID}, [2]string{"ticket_id", r.TicketID}); f != "" {
			return f, "longer than 256 characters"
		}
		switch {
		case r.Time.IsZero():
			return "time", "no time"
		case r.UserID == "":
			return "user_id", "no user"
		case r.Channel != "self_service" && r.Channel != "helpdesk":
			return "channel", fmt.Sprintf("%q is not one of self_service, helpdesk", r.Channel)
		}
		if f, m := oneOf("action", r.Action, Actions); f != "" {
			return f, m
		}
		switch r.Action {
		case "authenticator_registered", "authenticator_removed":
			return oneOf("method", r.Method, Methods)
		case "password_reset":
			if r.Method != "" {
				return "method", "a password reset has no method"
			}
		default:
			return oneOf("method", r.Method, RecoveryMethods)
		}
	case Device:
		if f := tooLong([2]string{"device_id", r.DeviceID}, [2]string{"user_id", r.UserID}); f != "" {
			return f, "longer than 256 characters"
		}
		switch {
		case r.DeviceID == "":
			return "device_id", "no device id"
		case r.LastSeen.IsZero():
			return "last_seen", "no last-seen time"
		case r.Ownership != "corporate" && r.Ownership != "personal":
			return "ownership", fmt.Sprintf("%q is not one of corporate, personal", r.Ownership)
		case !versionPattern(r.OSVersion):
			return "os_version", fmt.Sprintf("%q is not a dotted numeric version", r.OSVersion)
		}
		return oneOf("platform", r.Platform, Platforms)
	case Authenticator:
		if f := tooLong([2]string{"user_id", r.UserID}, [2]string{"authenticator_id", r.ID}); f != "" {
			return f, "longer than 256 characters"
		}
		switch {
		case r.UserID == "":
			return "user_id", "no user"
		case r.ID == "":
			return "authenticator_id", "no authenticator id"
		case r.RegisteredAt.IsZero() && !r.DatesUnknown:
			return "registered_at", "no registration time"
		}
		return oneOf("type", r.Type, Methods)
	case Ticket:
		if f := tooLong([2]string{"ticket_id", r.ID}, [2]string{"category", r.Category}, [2]string{"subcategory", r.Subcategory}); f != "" {
			return f, "longer than 256 characters"
		}
		switch {
		case r.ID == "":
			return "ticket_id", "no ticket id"
		case r.OpenedAt.IsZero():
			return "opened_at", "no opening time"
		case !r.ResolvedAt.IsZero() && r.ResolvedAt.Before(r.OpenedAt):
			return "resolved_at", "resolved before it was opened; want a resolution after the opening time"
		case r.Stage != "":
			return oneOf("stage", r.Stage, Stages)
		}
	case *PolicySet:
		for _, a := range r.Apps {
			if a.App == "" || a.AAL < 1 || a.AAL > 3 {
				return "apps", fmt.Sprintf("application %q has no id or an AAL outside 1..3", a.App)
			}
		}
	default:
		return "", fmt.Sprintf("an adapter produced a %T, which no kind holds", rec)
	}
	return "", ""
}

func versionPattern(v string) bool {
	if v == "" {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return false
		}
	}
	return true
}

// holds reports whether a record is of the type kind k holds.
func holds(k Kind, rec any) bool {
	switch rec.(type) {
	case AuthEvent:
		return k == AuthEvents
	case AccountEvent:
		return k == AccountEvents
	case Device:
		return k == Devices
	case Authenticator:
		return k == Authenticators
	case Ticket:
		return k == Tickets
	case *PolicySet:
		return k == Policies
	}
	return false
}

// maxID is the schemas' maxLength for identifiers and names.
const maxID = 256

// tooLong names the first of the fields whose value is longer than the
// schemas allow, counting characters as JSON Schema does.
func tooLong(fields ...[2]string) string {
	for _, f := range fields {
		if utf8.RuneCountInString(f[1]) > maxID {
			return f[0]
		}
	}
	return ""
}

// strength orders the authenticator types for "the strongest authenticator
// used" in a sign-in: phishing-resistant types first, device-bound before
// synced, then the phishable ones from the strongest possession factor down to
// the password. Every adapter that folds several factors into one sign-in uses
// it, so the same factors give the same method whatever the source.
var strength = map[string]int{
	"passkey_device_bound": 14, "security_key": 13, "smart_card": 12, "windows_hello": 11, "platform_sso": 10,
	"passkey_synced": 9, "otp_hardware": 8, "push": 7, "otp_app": 6, "temporary_access_pass": 5,
	"sms": 4, "voice": 3, "email": 2, "password": 1,
}

// StrongerMethod reports whether authenticator type a is stronger than b; ""
// and unknown types are weakest.
func StrongerMethod(a, b string) bool { return strength[a] > strength[b] }
