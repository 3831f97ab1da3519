package evidence

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-dev/assure/vocab"
)

// The vocabularies of the native formats that package vocab does not hold, as
// in schemas/json/vocab.schema.json; records mapped from vendor exports are
// checked against them and against vocab's methods, recovery methods and
// stages.
var (
	Actions   = []string{"authenticator_registered", "authenticator_removed", "password_reset", "recovery_started", "recovery_completed", "recovery_failed"}
	Platforms = []string{"windows", "macos", "ios", "android", "linux", "chromeos"}
)

func oneOf(field, value string, allowed []string) (string, string) {
	if slices.Contains(allowed, value) {
		return "", ""
	}
	return field, fmt.Sprintf("%q is not one of %s", value, strings.Join(allowed, ", "))
}

// notIn words a value that is not in one of vocab's lists.
func notIn[V ~string](field, value string, list []V) (string, string) {
	words := make([]string, len(list))
	for i, v := range list {
		words[i] = string(v)
	}
	return field, fmt.Sprintf("%q is not one of %s", value, strings.Join(words, ", "))
}

func checkMethod(field string, m vocab.Method) (string, string) {
	if _, ok := vocab.ParseMethod(string(m)); !ok {
		return notIn(field, string(m), vocab.Methods())
	}
	return "", ""
}

// checkRecord applies the native schema's constraints to a record an adapter
// mapped, so vendor evidence is held to the same rules as native evidence. It
// returns the native field at fault and what is wrong, or two empty strings.
func checkRecord(rec any) (string, string) {
	switch r := rec.(type) {
	case AuthEvent:
		if f := tooLong([2]string{"user_id", r.UserID}, [2]string{"app", r.App}, [2]string{"device_id", r.DeviceID}, [2]string{"session_id", r.SessionID}, [2]string{"event_id", r.EventID}); f != "" {
			return f, "longer than 256 characters"
		}
		if f, m := checkEvent(r.Time, r.UserID); f != "" {
			return f, m
		}
		if r.App == "" {
			return "app", "no application"
		}
		if r.Method == vocab.MethodUnknown {
			return "", ""
		}
		return checkMethod("method", r.Method)
	case AccountEvent:
		if f := tooLong([2]string{"user_id", r.UserID}, [2]string{"ticket_id", r.TicketID}, [2]string{"event_id", r.EventID}); f != "" {
			return f, "longer than 256 characters"
		}
		if f, m := checkEvent(r.Time, r.UserID); f != "" {
			return f, m
		}
		if r.Channel != "self_service" && r.Channel != "helpdesk" {
			return "channel", fmt.Sprintf("%q is not one of self_service, helpdesk", r.Channel)
		}
		if f, m := oneOf("action", r.Action, Actions); f != "" {
			return f, m
		}
		switch r.Action {
		case "authenticator_registered", "authenticator_removed":
			return checkMethod("method", vocab.Method(r.Method))
		case "password_reset":
			if r.Method != "" {
				return "method", "a password reset has no method"
			}
		default:
			if _, ok := vocab.ParseRecoveryMethod(r.Method); !ok {
				return notIn("method", r.Method, vocab.RecoveryMethods())
			}
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
		return checkMethod("type", r.Type)
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
			if _, ok := vocab.ParseStage(r.Stage); !ok {
				return notIn("stage", r.Stage, vocab.TicketStages())
			}
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

// checkEvent checks what every event needs: a time and a user.
func checkEvent(at time.Time, user string) (string, string) {
	switch {
	case at.IsZero():
		return "time", "no time"
	case user == "":
		return "user_id", "no user"
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
