package entra

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/vocab"
)

// NewAudit returns the entra-audit adapter: Graph directoryAudit objects (a
// page, an array or one per line), diagnostic-settings records ({"category":
// "AuditLogs", "properties": {directoryAudit}}) or Log Analytics AuditLogs rows.
func NewAudit() evidence.Adapter {
	return evidence.Adapter{Format: "entra-audit", Kinds: []evidence.Kind{evidence.AccountEvents}, Note: noteAudit, Decode: readAudit}
}

const noteAudit = "Entra audit: a Temporary Access Pass issued by someone other than its holder is counted as a helpdesk recovery started, " +
	"of unknown verification (method unknown): the log shows the pass issued, not how the caller was verified first; " +
	"the log cannot tell recovery from onboarding, and it records no completed recovery, so recovery.completed, " +
	"recovery.self_service_share and recovery.weak_method_share cannot come from this export. " +
	"A password reset logged by both Self-service Password Management and Core Directory is counted once."

// whyNoCompleted is what the audit log cannot show, and how to supply it.
const whyNoCompleted = "the Entra audit log records no completed recovery (a Temporary Access Pass issued is all it shows of one), " +
	"so completed recoveries, their self-service share and their weak-method share cannot be counted; " +
	"add an account_events source that records completed recoveries, such as native account events from the service desk"

// activity says how a directoryAudit activity maps.
type activity struct {
	op     string       // "add", "delete", "reset"
	admin  bool         // an administrator acted for the user
	self   bool         // the user acted for themselves, whoever the log names
	core   bool         // a Core Directory reset (also logged by SSPR for portal resets)
	method vocab.Method // fixed method (Device Registration Service credentials)
}

// activities maps activityDisplayName, compared in lower case. Anything else
// is skipped under its own name. Device Registration Service records of FIDO2
// keys and phone sign-in are left out: the Authentication Methods service
// logs the same registrations as security info. Windows Hello for Business
// and platform credentials are logged only by the Device Registration Service.
var activities = map[string]activity{
	"user registered security info":                {op: "add"},
	"admin registered security info":               {op: "add", admin: true},
	"user deleted security info":                   {op: "delete"},
	"admin deleted security info":                  {op: "delete", admin: true},
	"add windows hello for business credential":    {op: "add", method: "windows_hello"},
	"delete windows hello for business credential": {op: "delete", method: "windows_hello"},
	"add platform credential":                      {op: "add", method: "platform_sso"},
	"delete platform credential":                   {op: "delete", method: "platform_sso"},
	"reset password (self-service)":                {op: "reset", self: true},
	"reset password (by admin)":                    {op: "reset", admin: true},
	"reset password":                               {op: "reset", core: true},
	"reset user password":                          {op: "reset", core: true},
}

// sameReset is how far apart two services' records of one password reset may be.
const sameReset = 2 * time.Minute

type auditReader struct {
	resets map[string][]reset // by normalised user
}

type reset struct {
	at          time.Time
	core        bool
	correlation string
	matched     bool // already the twin of another record
}

func readAudit(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	n := &notes{emit: emit}
	if !emit(evidence.Item{Lacks: evidence.LacksRecoveryCompleted, Why: whyNoCompleted}) {
		return nil
	}
	ar := &auditReader{resets: map[string][]reset{}}
	return vendorio.JSONRecords(r, func(o vendorio.Object) bool {
		return each(o, emit, func(line int, m map[string]any) bool {
			it, note := ar.record(m)
			if it.Skip != "" {
				it.ID = recordID(m) // a repeated record is not skipped twice
			}
			if note != "" && !n.add(note) {
				return false
			}
			it.Line = line
			return emit(it)
		})
	})
}

func (ar *auditReader) record(m map[string]any) (evidence.Item, string) {
	body, category := envelope(m)
	if category != "" && !strings.EqualFold(category, "AuditLogs") {
		return evidence.Item{Skip: "category " + category, NotOfKind: true}, ""
	}
	name := firstString(body, []string{"activityDisplayName"}, []string{"operationName"})
	if name == "" {
		name = vendorio.String(m, "operationName")
	}
	if name == "" {
		return evidence.ProblemAt(0, "activityDisplayName", "found no activity; want the directoryAudit's activityDisplayName"), ""
	}
	act, ok := activities[strings.ToLower(strings.Join(strings.Fields(name), " "))]
	if !ok {
		return evidence.Item{Skip: name, NotOfKind: true}, ""
	}
	result := strings.ToLower(firstString(body, []string{"result"}))
	if result == "" {
		return evidence.ProblemAt(0, "result", "found no result; want success or failure"), ""
	}
	stamp := firstString(body, []string{"activityDateTime"}, []string{"TimeGenerated"})
	if stamp == "" {
		stamp = vendorio.String(m, "time")
	}
	t, ok := vendorio.ParseTime(stamp, timeLayouts)
	if !ok {
		return evidence.ProblemAt(0, "activityDateTime", fmt.Sprintf("found %q; want an ISO 8601 date and time", label(stamp))), ""
	}
	target, targetID := targetUser(body)
	initiator := firstString(body, []string{"initiatedBy", "user", "userPrincipalName"})
	initiatorID := firstString(body, []string{"initiatedBy", "user", "id"})
	if target == "" && act.self {
		target = initiator
	}
	if target == "" {
		return evidence.ProblemAt(0, "targetResources.userPrincipalName", "found no target user; want a targetResources entry of type User with its userPrincipalName"), ""
	}
	// The directoryAudit's id: a record exported twice is counted once.
	ev := evidence.AccountEvent{Time: t, UserID: target, EventID: firstString(body, []string{"id"})}
	ev.Channel = channel(act, target, targetID, initiator, initiatorID, firstString(body, []string{"initiatedBy", "app", "displayName"}))

	if act.op == "reset" {
		if result != "success" {
			// a failed password reset is not a recovery of an authenticator
			return evidence.Item{Skip: name + ": " + result}, ""
		}
		if ar.duplicate(target, t, act.core, firstString(body, []string{"correlationId"})) {
			return evidence.Item{Skip: name + " (same reset as another record)"}, ""
		}
		ev.Action = "password_reset"
		return evidence.Item{Record: ev}, ""
	}

	meth, note := act.method, ""
	if meth == "" {
		reason := securityInfoReason(body)
		native, v := classify(reason)
		switch v {
		case method:
			meth, note = native, noteFor(reason, native)
		case recoveryOnly:
			return evidence.Item{Skip: name + ": security questions (not an authenticator)"}, ""
		default:
			return evidence.ProblemAt(0, "resultReason", fmt.Sprintf("found %q; want a reason that names the method, e.g. \"User registered Passkey (device-bound)\"", label(reason))), ""
		}
	}
	tapIssued := meth == "temporary_access_pass" && act.op == "add" && ev.Channel == "helpdesk"
	switch {
	case result != "success" && tapIssued:
		ev.Action, ev.Method = "recovery_failed", string(vocab.VerificationUnknown)
	case result != "success":
		return evidence.Item{Skip: name + ": " + result}, ""
	case tapIssued:
		// The pass is how the person gets back in; how the service desk
		// verified them before issuing it, the log does not say.
		ev.Action, ev.Method = "recovery_started", string(vocab.VerificationUnknown)
	case act.op == "add":
		ev.Action, ev.Method = "authenticator_registered", string(meth)
	default:
		ev.Action, ev.Method = "authenticator_removed", string(meth)
	}
	return evidence.Item{Record: ev}, note
}

// securityInfoReason is the text that names the method of a security-info
// event: an additionalDetails entry naming it, else the resultReason ("User
// registered Authenticator App with Notification and Code").
func securityInfoReason(body map[string]any) string {
	details, _ := objects(body, "additionalDetails")
	for _, d := range details {
		switch strings.ToLower(strings.ReplaceAll(vendorio.String(d, "key"), " ", "")) {
		case "authenticationmethod", "method", "methodtype", "authmethod":
			if v := strings.TrimSpace(vendorio.String(d, "value")); v != "" {
				return v
			}
		}
	}
	return firstString(body, []string{"resultReason"}, []string{"ResultDescription"})
}

// targetUser returns the user principal name (and object id) of the audit's
// target: the first target of type User, else the first with a UPN.
func targetUser(body map[string]any) (upn, id string) {
	targets, _ := objects(body, "targetResources")
	for _, want := range []bool{true, false} {
		for _, t := range targets {
			if want && !strings.EqualFold(vendorio.String(t, "type"), "user") {
				continue
			}
			if u := strings.TrimSpace(vendorio.String(t, "userPrincipalName")); u != "" {
				return u, strings.TrimSpace(vendorio.String(t, "id"))
			}
		}
	}
	return "", ""
}

// channel is helpdesk when an administrator (or anyone but the user) acted,
// self-service when the user acted for themselves. An event initiated by an
// application is self-service only when the application is the password-reset
// service acting for the user.
func channel(act activity, target, targetID, initiator, initiatorID, app string) string {
	switch {
	case act.self:
		return "self_service"
	case act.admin:
		return "helpdesk"
	case initiator != "" || initiatorID != "":
		if (initiator != "" && strings.EqualFold(initiator, target)) || (initiatorID != "" && initiatorID == targetID) {
			return "self_service"
		}
		return "helpdesk"
	}
	a := strings.ToLower(app)
	if strings.Contains(a, "password reset") || strings.Contains(a, "self-service") || strings.Contains(a, "sspr") {
		return "self_service"
	}
	return "helpdesk"
}

// duplicate reports whether a password reset was already counted from the
// other service's record: the same correlation id, or the same user within
// sameReset. Records of one service are never merged with each other, and a
// record is the twin of at most one other.
func (ar *auditReader) duplicate(user string, at time.Time, core bool, correlation string) bool {
	key := evidence.NormaliseID(user)
	for i := range ar.resets[key] {
		s := &ar.resets[key][i]
		if s.core == core || s.matched {
			continue
		}
		d := at.Sub(s.at)
		if (correlation != "" && correlation == s.correlation) || (d <= sameReset && d >= -sameReset) {
			s.matched = true
			return true
		}
	}
	ar.resets[key] = append(ar.resets[key], reset{at: at, core: core, correlation: correlation})
	return false
}
