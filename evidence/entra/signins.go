package entra

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/vocab"
)

// NewSignIns returns the entra-signins adapter: Graph signIn objects (beta or
// v1.0; a {"value": [...]} page, an array or one per line), Azure Monitor
// diagnostic-settings records ({"category": "SignInLogs", "properties":
// {signIn}}, also batched under "records"), Log Analytics SigninLogs rows, or
// the admin centre's CSV download.
// Its note depends on the shape, JSON or CSV, so the decoder emits it.
func NewSignIns() evidence.Adapter {
	return evidence.Adapter{Format: "entra-signins", Kinds: []evidence.Kind{evidence.AuthEvents}, Decode: readSignIns}
}

const (
	noteSignInsJSON = "Entra sign-ins: the method is the strongest authentication step that succeeded (for a failed sign-in, the strongest attempted). " +
		"Sign-ins satisfied by an earlier token (single sign-on, refresh tokens) and interrupted sign-ins (MFA prompts, keep-me-signed-in and similar) " +
		"are skipped, not counted as outcomes, so authentication shares describe fresh authentications only."
	noteSignInsCSV = "Entra portal CSV: the export names only the multifactor method (\"Multifactor authentication auth method\"), not the first factor. " +
		"A sign-in without one is of unknown method (a password or a passwordless sign-in where MFA was not required: the export cannot tell), " +
		"left out of the method shares; sign-ins from Graph (beta), diagnostic settings or Log Analytics name every authentication step. " +
		"Token-satisfied and interrupted sign-ins are skipped."

	skipToken       = "satisfied by token (no fresh authentication)"
	skipOther       = "method \"Other\" (not recorded)"
	skipNoMethod    = "failed before an authentication method was recorded"
	skipGuest       = "guest"
	skipInterrupted = "interrupted"
)

// interrupts are error codes of sign-ins that were interrupted to ask the user
// for something (a second factor, registration, consent, an account choice,
// "keep me signed in") rather than refused; the sign-in continues as a new
// record, so counting them would count one attempt twice and as a failure.
var interrupts = map[int]string{
	16000:  "account selection",
	16001:  "account selection",
	16003:  "account selection",
	50058:  "silent sign-on not possible",
	50072:  "MFA registration required",
	50074:  "strong authentication required",
	50076:  "strong authentication required",
	50079:  "MFA registration required",
	50097:  "device authentication required",
	50125:  "password reset or registration",
	50140:  "keep me signed in",
	50143:  "session mismatch",
	50158:  "external security challenge",
	50199:  "user confirmation",
	65001:  "consent required",
	81010:  "seamless SSO",
	81012:  "seamless SSO",
	530032: "security policy registration",
}

func readSignIns(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	br, isJSON := sniff(r)
	n := &notes{emit: emit}
	out := func(line int, it evidence.Item, note string) bool {
		if note != "" && !n.add(note) {
			return false
		}
		it.Line = line
		return emit(it)
	}
	if isJSON {
		if !n.add(noteSignInsJSON) {
			return nil
		}
		return vendorio.JSONRecords(br, func(o vendorio.Object) bool {
			return each(o, emit, func(line int, m map[string]any) bool {
				it, note := signInFromJSON(m)
				if it.Skip != "" {
					it.ID = recordID(m) // a repeated record is not skipped twice
				}
				return out(line, it, note)
			})
		})
	}
	if !n.add(noteSignInsCSV) {
		return nil
	}
	return vendorio.CSVRows(br, checkSignInHeader, func(row *vendorio.Row) bool {
		it, note := signInFromRow(row)
		if id := row.Get("Request ID"); it.Skip != "" && id != "" {
			it.ID = id + "@" + row.Get(colDate...)
		}
		return out(row.Line, it, note)
	})
}

// userSignInLogs are the diagnostic-settings categories and Log Analytics
// tables of user sign-ins; service-principal and managed-identity sign-ins
// are not people signing in.
var userSignInLogs = map[string]bool{
	"signinlogs":                      true,
	"noninteractiveusersigninlogs":    true,
	"aadnoninteractiveusersigninlogs": true,
}

func signInFromJSON(m map[string]any) (evidence.Item, string) {
	body, category := envelope(m)
	if category != "" && !userSignInLogs[strings.ToLower(category)] {
		return evidence.Item{Skip: "category " + category, NotOfKind: true}, ""
	}
	if types := vendorio.Array(body, "signInEventTypes"); len(types) > 0 {
		user := false
		for _, t := range types {
			s, _ := t.(string)
			user = user || strings.EqualFold(s, "interactiveUser") || strings.EqualFold(s, "nonInteractiveUser")
		}
		if !user {
			s, _ := types[0].(string)
			return evidence.Item{Skip: "signInEventTypes " + s, NotOfKind: true}, ""
		}
	}
	if strings.EqualFold(vendorio.String(body, "userType"), "guest") {
		return evidence.Item{Skip: skipGuest}, ""
	}
	codeText := firstString(body, []string{"status", "errorCode"}, []string{"resultType"})
	if codeText == "" {
		codeText = vendorio.String(m, "resultType") // the envelope's copy
	}
	code, err := strconv.Atoi(strings.TrimSpace(codeText))
	if err != nil {
		return evidence.ProblemAt(0, "status.errorCode", fmt.Sprintf("found %q; want the sign-in's error code (status.errorCode or resultType, 0 for success)", label(codeText))), ""
	}
	if why, ok := interrupts[code]; ok {
		return evidence.Item{Skip: fmt.Sprintf("%s (error %d: %s)", skipInterrupted, code, why), NotOfKind: true}, ""
	}
	success := code == 0

	meth, skip, it, note := jsonMethod(body, success)
	if skip != "" || it.Problem != "" {
		if skip != "" {
			it.Skip = skip
		}
		return it, ""
	}
	ev := evidence.AuthEvent{Method: meth, Success: success}
	stamp := firstString(body, []string{"createdDateTime"}, []string{"TimeGenerated"})
	if stamp == "" {
		stamp = vendorio.String(m, "time")
	}
	t, ok := vendorio.ParseTime(stamp, timeLayouts)
	if !ok {
		return evidence.ProblemAt(0, "createdDateTime", fmt.Sprintf("found %q; want an ISO 8601 date and time", label(stamp))), ""
	}
	ev.Time = t
	if ev.UserID = strings.TrimSpace(vendorio.String(body, "userPrincipalName")); ev.UserID == "" {
		return evidence.ProblemAt(0, "userPrincipalName", "found no user principal name; want the signed-in user's UPN"), ""
	}
	if ev.App = firstString(body, []string{"appDisplayName"}, []string{"appId"}); ev.App == "" {
		return evidence.ProblemAt(0, "appDisplayName", "found no application; want appDisplayName or appId"), ""
	}
	ev.DeviceID = firstString(body, []string{"deviceDetail", "deviceId"})
	ev.SessionID = firstString(body, []string{"sessionId"})
	// The signIn's id (Graph id, Log Analytics Id): a sign-in exported twice
	// is counted once.
	ev.EventID = firstString(body, []string{"id"})
	return evidence.Item{Record: ev}, note
}

// jsonMethod picks the method of a sign-in from its authentication steps: the
// strongest step that succeeded (a step that does not say counts as
// succeeded), or for a failed sign-in the strongest step attempted. Without
// steps it falls back to authenticationMethodsUsed and mfaDetail (older and
// v1.0 shapes); a successful sign-in with none of them cannot be mapped.
func jsonMethod(body map[string]any, success bool) (meth vocab.Method, skip string, it evidence.Item, note string) {
	steps, present := objects(body, "authenticationDetails")
	var best, attempted vocab.Method
	var unknownName, bestName, attemptedName string
	token, other := false, false
	for _, st := range steps {
		name := strings.TrimSpace(vendorio.String(st, "authenticationMethod"))
		native, v := classify(name)
		switch v {
		case method:
			if native.Stronger(attempted) {
				attempted, attemptedName = native, name
			}
			if ok, known := vendorio.Bool(st, "succeeded"); (ok || !known) && native.Stronger(best) {
				best, bestName = native, name
			}
		case notAMethod:
			if strings.EqualFold(name, "other") {
				other = true
			} else {
				token = true
			}
		case unknown:
			if name == "" {
				// a step without a method: a token or policy step
				token = true
			} else if unknownName == "" {
				unknownName = name
			}
		}
	}
	if !present {
		// v1.0 and older exports: authenticationMethodsUsed ("Password",
		// "FIDO", ...) or the deprecated mfaDetail.
		names := []string{}
		for _, v := range vendorio.Array(body, "authenticationMethodsUsed") {
			if s, ok := v.(string); ok {
				names = append(names, s)
			}
		}
		if s := vendorio.String(body, "mfaDetail", "authMethod"); s != "" {
			names = append(names, s)
		}
		for _, name := range names {
			switch native, v := classify(name); v {
			case method:
				if native.Stronger(best) {
					best, bestName = native, name
					attempted, attemptedName = native, name
				}
			case unknown:
				if unknownName == "" {
					unknownName = name
				}
			}
		}
	}
	pick, pickName := best, bestName
	if !success {
		pick, pickName = attempted, attemptedName
	}
	switch {
	case pick != "":
		return pick, "", evidence.Item{}, noteFor(pickName, pick)
	case unknownName != "":
		return "", "", evidence.ProblemAt(0, "authenticationDetails.authenticationMethod", fmt.Sprintf("found method %q, which is not in the mapping; want a known Entra method name (see docs/adapters/entra.md)", label(unknownName))), ""
	case token:
		return "", skipToken, evidence.Item{}, ""
	case other:
		return "", skipOther, evidence.Item{}, ""
	case !success:
		return "", skipNoMethod, evidence.Item{}, ""
	case present:
		return "", skipToken, evidence.Item{}, ""
	}
	return "", "", evidence.ProblemAt(0, "authenticationDetails", "found no authenticationDetails; want sign-ins from the beta API, diagnostic settings or Log Analytics, which record the method (v1.0 does not)"), ""
}

// The portal CSV's columns, as headers are compared (case and spacing ignored).
var (
	colDate        = []string{"Date (UTC)", "Date", "CreatedDateTime"}
	colUser        = []string{"Username", "UserPrincipalName", "User principal name"}
	colStatus      = []string{"Status", "Sign-in error code"}
	colApp         = []string{"Application", "AppDisplayName", "Application ID"}
	colMFAMethod   = []string{"Multifactor authentication auth method", "MFA auth method"}
	colRequirement = []string{"Authentication requirement"}
)

func checkSignInHeader(h vendorio.Header) error {
	for _, cols := range [][]string{colDate, colUser, colStatus, colApp} {
		if !h.Has(cols...) {
			return vendorio.MissingColumn(cols[0], cols[1:]...)
		}
	}
	if !h.Has(colMFAMethod...) && !h.Has(colRequirement...) {
		return vendorio.MissingColumn(colMFAMethod[0], colRequirement...)
	}
	return nil
}

func signInFromRow(row *vendorio.Row) (evidence.Item, string) {
	if strings.EqualFold(row.Get("User type", "UserType"), "guest") {
		return evidence.Item{Skip: skipGuest}, ""
	}
	var success bool
	status := strings.ToLower(row.Get("Status"))
	codeText := row.Get("Sign-in error code", "Error code")
	code, codeErr := strconv.Atoi(codeText)
	switch {
	case status == "interrupted" || (codeErr == nil && interrupts[code] != ""):
		why := "portal status"
		if codeErr == nil && interrupts[code] != "" {
			why = fmt.Sprintf("error %d: %s", code, interrupts[code])
		}
		return evidence.Item{Skip: fmt.Sprintf("%s (%s)", skipInterrupted, why), NotOfKind: true}, ""
	case status == "success":
		success = true
	case status == "failure":
	case codeErr == nil:
		success = code == 0
	default:
		return evidence.ProblemAt(0, "Status", fmt.Sprintf("found %q; want Success, Failure or Interrupted", label(row.Get("Status")))), ""
	}

	mfaName := row.Get(colMFAMethod...)
	native, v := classify(mfaName)
	tokenIn := false
	for _, t := range row.All("Incoming token type") {
		t = strings.ToLower(t)
		tokenIn = tokenIn || (t != "none" && strings.Contains(t, "token"))
	}
	multi := strings.Contains(strings.ToLower(row.Get(colRequirement...)), "multi")
	var meth vocab.Method
	var note string
	switch {
	case v == method:
		meth, note = native, noteFor(mfaName, native)
	case v == unknown && mfaName != "":
		return evidence.ProblemAt(0, colMFAMethod[0], fmt.Sprintf("found %q, which is not in the mapping; want a known Entra method name (see docs/adapters/entra.md)", label(mfaName))), ""
	case v == notAMethod || tokenIn || (success && multi):
		// MFA satisfied by a token claim, a sign-in carried by an incoming
		// token, or MFA required and passed without a method shown: the
		// authentication happened earlier (as in the JSON shapes, where such a
		// sign-in has only "Previously satisfied" steps).
		return evidence.Item{Skip: skipToken}, ""
	case !success && codeErr == nil && code == 50126:
		// "Invalid username or password": the password was what failed
		meth = vocab.Password
	default:
		// No multifactor method: a password, or a passwordless first factor
		// where MFA was not required; the export cannot tell which.
		meth = vocab.MethodUnknown
	}
	ev := evidence.AuthEvent{Method: meth, Success: success}
	stamp := row.Get(colDate...)
	t, ok := vendorio.ParseTime(stamp, timeLayouts)
	if !ok {
		return evidence.ProblemAt(0, colDate[0], fmt.Sprintf("found %q; want an ISO 8601 date and time", label(stamp))), ""
	}
	ev.Time = t
	if ev.UserID = row.Get(colUser...); ev.UserID == "" {
		return evidence.ProblemAt(0, colUser[0], "found no user principal name; want the signed-in user's UPN"), ""
	}
	if ev.App = row.Get(colApp...); ev.App == "" {
		return evidence.ProblemAt(0, colApp[0], "found no application; want the application's name or ID"), ""
	}
	ev.DeviceID = row.Get("Device ID")
	ev.SessionID = row.Get("Session ID")
	// The portal's Request ID is the signIn's id; with the time it came
	// with, so that a row is a repeat only of an identical row.
	if id := row.Get("Request ID"); id != "" {
		ev.EventID = id + "@" + stamp
	}
	return evidence.Item{Record: ev}, note
}
