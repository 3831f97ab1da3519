package entra

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/vocab"
)

// read runs an adapter over a fixture (or inline text) and describes every
// item it emitted, notes apart.
func read(t *testing.T, a evidence.Adapter, k evidence.Kind, text string) (items, notes []string, err error) {
	t.Helper()
	err = a.Read(strings.NewReader(text), k, func(it evidence.Item) bool {
		if it.Note != "" {
			notes = append(notes, it.Note)
			return true
		}
		if it.Lacks != "" {
			return true // TestAuditLacksCompletedRecoveries checks these
		}
		items = append(items, describe(it))
		return true
	})
	return items, notes, err
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// describe writes an item as "line: what", compact enough to list a
// fixture's expected outcome in a table.
func describe(it evidence.Item) string {
	var what string
	switch {
	case it.Problem != "":
		what = fmt.Sprintf("problem %s: %s", it.Field, it.Problem)
	case it.Skip != "":
		what = "skip " + it.Skip
	default:
		switch r := it.Record.(type) {
		case evidence.AuthEvent:
			outcome := "failure"
			if r.Success {
				outcome = "success"
			}
			what = fmt.Sprintf("auth %s %s %q %s %s", r.Time.Format(time.RFC3339Nano), r.UserID, r.App, r.Method, outcome)
			if r.DeviceID != "" || r.SessionID != "" {
				what += fmt.Sprintf(" device=%s session=%s", r.DeviceID, r.SessionID)
			}
		case evidence.AccountEvent:
			what = fmt.Sprintf("account %s %s %s %s %s", r.Time.Format(time.RFC3339Nano), r.UserID, r.Action, r.Method, r.Channel)
		case evidence.Authenticator:
			what = fmt.Sprintf("authenticator %s %s %s dates-unknown=%v", r.UserID, r.ID, r.Type, r.DatesUnknown)
		default:
			what = fmt.Sprintf("%T", it.Record)
		}
	}
	return fmt.Sprintf("%d: %s", it.Line, what)
}

func TestSignIns(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fixture string
		want    []string
		notes   []string // a substring of each note expected, the format's own first
	}{
		{"signins-graph-beta.json", []string{
			`2: auth 2026-08-03T07:58:12Z ana.ruiz@northwind.example "Office 365 SharePoint Online" security_key success device=d-win-0142 session=s-7a51`,
			`3: auth 2026-08-03T09:14:45Z Ben.Okafor@northwind.example "Azure Portal" password success`,
			`4: auth 2026-08-04T08:05:00.1234567Z chen.li@northwind.example "Payroll" passkey_device_bound success`,
			`5: auth 2026-08-04T11:20:31Z dara.nolan@northwind.example "Azure Portal" push failure`,
			`6: skip interrupted (error 50074: strong authentication required)`,
			`7: skip satisfied by token (no fresh authentication)`,
			`8: skip signInEventTypes servicePrincipal`,
			`9: skip guest`,
			`10: auth 2026-08-06T08:01:17Z chen.li@northwind.example "Windows Sign In" windows_hello success`,
			`11: auth 2026-08-06T08:30:00Z ben.okafor@northwind.example "Microsoft Teams" push success`,
		}, []string{"strongest authentication step", "phone sign-in is counted as push"}},
		{"signins-diagnostic.jsonl", []string{
			`1: auth 2026-08-10T09:45:48.0729893Z ana.ruiz@northwind.example "Payroll" platform_sso success device=d-mac-0031 session=s-9c02`,
			`2: skip satisfied by token (no fresh authentication)`,
			`3: skip category ServicePrincipalSignInLogs`,
			`4: skip interrupted (error 50140: keep me signed in)`,
			`5: auth 2026-08-10T10:12:30Z ben.okafor@northwind.example "Office 365 Exchange Online" password failure`,
			`6: auth 2026-08-10T10:20:00Z erin.shaw@northwind.example "Payroll" sms success`,
		}, []string{"strongest authentication step"}},
		{"signins-eventhub.json", []string{
			`2: auth 2026-08-11T08:00:00Z chen.li@northwind.example "Payroll" passkey_device_bound success`,
			`3: skip category AuditLogs`,
		}, []string{"strongest authentication step"}},
		{"signins-loganalytics.json", []string{
			`2: auth 2026-08-12T13:01:08Z dara.nolan@northwind.example "Payroll" smart_card success device=d-win-0207 session=s-11f4`,
			`3: skip satisfied by token (no fresh authentication)`,
			`4: skip category AADManagedIdentitySignInLogs`,
			`5: auth 2026-08-12T15:44:59.5Z erin.shaw@northwind.example "Payroll" otp_app success`,
		}, []string{"strongest authentication step", "counted as smart_card"}},
		{"signins-portal.csv", []string{
			`2: auth 2026-08-13T08:02:41Z ana.ruiz@northwind.example "Payroll" passkey_device_bound success device=d-win-0142 session=s-7a51`,
			`3: auth 2026-08-13T08:15:00Z ben.okafor@northwind.example "Office 365 Exchange Online" unknown success`,
			`4: auth 2026-08-13T08:16:00Z ben.okafor@northwind.example "Office 365 Exchange Online" password failure`,
			`5: skip interrupted (error 50074: strong authentication required)`,
			`6: skip satisfied by token (no fresh authentication)`,
			`7: skip guest`,
			`8: auth 2026-08-13T08:40:00Z erin.shaw@northwind.example "Payroll" push success`,
		}, []string{"not the first factor. A sign-in without one is of unknown method"}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			items, notes, err := read(t, NewSignIns(), evidence.AuthEvents, fixture(t, c.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(items, c.want) {
				t.Errorf("items:\n%s\nwant:\n%s", strings.Join(items, "\n"), strings.Join(c.want, "\n"))
			}
			wantNotes(t, notes, len(c.notes), c.notes)
		})
	}
}

func wantNotes(t *testing.T, notes []string, n int, contains []string) {
	t.Helper()
	if len(notes) != n {
		t.Errorf("%d notes, want %d: %q", len(notes), n, notes)
	}
	for _, want := range contains {
		if !slices.ContainsFunc(notes, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("no note says %q: %q", want, notes)
		}
	}
}

func TestSignInProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want string
	}{
		{"v1.0 record without steps",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":0}}`,
			"1: problem authenticationDetails: found no authenticationDetails; want sign-ins from the beta API"},
		{"v1.0 record with authenticationMethodsUsed",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":0},"authenticationMethodsUsed":["Password","FIDO"]}`,
			`1: auth 2026-08-03T07:58:12Z a@x.example "Payroll" security_key success`},
		{"unknown method",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":0},"authenticationDetails":[{"authenticationMethod":"Carrier pigeon","succeeded":true}]}`,
			`1: problem authenticationDetails.authenticationMethod: found method "Carrier pigeon", which is not in the mapping`},
		{"no error code",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{}}`,
			`1: problem status.errorCode: found ""; want the sign-in's error code`},
		{"bad time",
			`{"createdDateTime":"yesterday","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":0},"authenticationDetails":[{"authenticationMethod":"Password","succeeded":true}]}`,
			`1: problem createdDateTime: found "yesterday"; want an ISO 8601 date and time`},
		{"no user",
			`{"createdDateTime":"2026-08-03T07:58:12Z","appDisplayName":"Payroll","status":{"errorCode":0},"authenticationDetails":[{"authenticationMethod":"Password","succeeded":true}]}`,
			`1: problem userPrincipalName: found no user principal name`},
		{"application by id",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appId":"app-1","status":{"errorCode":0},"authenticationDetails":[{"authenticationMethod":"Password","succeeded":true}]}`,
			`1: auth 2026-08-03T07:58:12Z a@x.example "app-1" password success`},
		{"failure before any method",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":50034},"authenticationDetails":[]}`,
			`1: skip failed before an authentication method was recorded`},
		{"only Other",
			`{"createdDateTime":"2026-08-03T07:58:12Z","userPrincipalName":"a@x.example","appDisplayName":"Payroll","status":{"errorCode":0},"authenticationDetails":[{"authenticationMethod":"Other","succeeded":true}]}`,
			`1: skip method "Other" (not recorded)`},
		{"CSV with an unknown status",
			"Date (UTC),Username,Status,Application,Authentication requirement\n2026-08-03T07:58:12Z,a@x.example,Pending,Payroll,Single-factor authentication\n",
			`2: problem Status: found "Pending"; want Success, Failure or Interrupted`},
		{"CSV with an unknown MFA method",
			"Date (UTC),Username,Status,Application,Multifactor authentication auth method\n2026-08-03T07:58:12Z,a@x.example,Success,Payroll,Carrier pigeon\n",
			`2: problem Multifactor authentication auth method: found "Carrier pigeon", which is not in the mapping`},
		{"CSV with a zone-less date",
			"Date (UTC),Username,Status,Application,Multifactor authentication auth method\n2026-08-03 07:58:12,a@x.example,Success,Payroll,FIDO2 security key\n",
			`2: auth 2026-08-03T07:58:12Z a@x.example "Payroll" security_key success`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, _, err := read(t, NewSignIns(), evidence.AuthEvents, c.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || !strings.HasPrefix(items[0], c.want) {
				t.Errorf("items %q, want one starting %q", items, c.want)
			}
		})
	}
}

// TestStreamErrors: a file that cannot be read as a whole is an error located
// at its line, naming what is missing.
func TestStreamErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		a       evidence.Adapter
		k       evidence.Kind
		text    string
		line    int
		contain string
	}{
		{"sign-in CSV without Username", NewSignIns(), evidence.AuthEvents, fixture(t, "signins-missing-column.csv"), 1, `missing column "Username"`},
		{"sign-in CSV without a method column", NewSignIns(), evidence.AuthEvents, "Date (UTC),Username,Status,Application\n", 1, `missing column "Multifactor authentication auth method" (or "Authentication requirement")`},
		{"registration CSV without its user column", NewRegistrationDetails(), evidence.Authenticators, fixture(t, "registration-missing-column.csv"), 1, `missing column "User principal name"`},
		{"truncated sign-in array", NewSignIns(), evidence.AuthEvents, fixture(t, "signins-truncated.json"), 3, "truncated"},
		// a Graph page is decoded whole, so its truncation is located at the page
		{"truncated audit page", NewAudit(), evidence.AccountEvents, "{\"value\":[\n{\"activityDisplayName\":\"Reset password (self-service)\",", 2, "truncated"},
		{"truncated registration array", NewRegistrationDetails(), evidence.Authenticators, "[\n{\"userPrincipalName\":\"a@x.example\",\"methodsRegistered\":[\"fido2\"]},\n{\"userPrincipalName\":", 3, "truncated"},
		{"audit export as CSV", NewAudit(), evidence.AccountEvents, "Date,Activity\n", 1, "want a JSON array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := read(t, c.a, c.k, c.text)
			var ve *problem.Problem
			if !errors.As(err, &ve) {
				t.Fatalf("error %v, want a located problem.Problem", err)
			}
			if ve.Line != c.line || !strings.Contains(ve.Msg, c.contain) {
				t.Errorf("error at line %d %q, want line %d containing %q", ve.Line, ve.Msg, c.line, c.contain)
			}
		})
	}
}

func TestAudit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fixture string
		want    []string
		notes   []string // a substring of each note expected, the format's own first
	}{
		{"audit-graph.json", []string{
			`2: account 2026-08-03T07:40:12.5512374Z ana.ruiz@northwind.example authenticator_registered passkey_device_bound self_service`,
			`3: skip User registered all required security info`,
			`4: account 2026-08-04T09:00:00Z ben.okafor@northwind.example recovery_started unknown helpdesk`,
			`5: account 2026-08-04T09:02:00Z ben.okafor@northwind.example recovery_failed unknown helpdesk`,
			`6: account 2026-08-04T09:30:00Z ben.okafor@northwind.example authenticator_registered push self_service`,
			`7: account 2026-08-05T10:00:00Z ben.okafor@northwind.example authenticator_removed sms self_service`,
			`8: account 2026-08-05T10:05:00Z ana.ruiz@northwind.example authenticator_removed sms helpdesk`,
			`9: account 2026-08-06T08:00:00Z ana.ruiz@northwind.example authenticator_registered windows_hello self_service`,
			`10: skip Add FIDO2 security key`,
			`11: skip Self-service password reset flow activity progress`,
			`12: account 2026-08-07T12:01:00Z ben.okafor@northwind.example password_reset  self_service`,
			`13: skip Reset user password (same reset as another record)`,
			`14: skip Reset password (self-service): failure`,
			`15: account 2026-08-09T11:00:00Z ana.ruiz@northwind.example password_reset  helpdesk`,
			`16: skip Reset password (same reset as another record)`,
			`17: skip Change password (self-service)`,
			`18: skip User registered security info: security questions (not an authenticator)`,
			`19: account 2026-08-11T14:00:00Z ben.okafor@northwind.example authenticator_registered passkey_device_bound self_service`,
			`20: skip Authentication Methods Policy Update`,
		}, []string{"Temporary Access Pass issued", "counted as sms"}},
		{"audit-diagnostic.jsonl", []string{
			`1: account 2026-08-12T10:00:00.1234567Z ana.ruiz@northwind.example authenticator_registered security_key self_service`,
			`2: account 2026-08-12T12:00:00Z ana.ruiz@northwind.example recovery_started unknown helpdesk`,
			`3: skip category SignInLogs`,
			`4: account 2026-08-13T09:00:00Z chen.li@northwind.example authenticator_registered platform_sso self_service`,
			`5: account 2026-08-13T09:10:00Z chen.li@northwind.example authenticator_removed windows_hello helpdesk`,
		}, []string{"Temporary Access Pass issued"}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			items, notes, err := read(t, NewAudit(), evidence.AccountEvents, fixture(t, c.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(items, c.want) {
				t.Errorf("items:\n%s\nwant:\n%s", strings.Join(items, "\n"), strings.Join(c.want, "\n"))
			}
			wantNotes(t, notes, len(c.notes), c.notes)
		})
	}
}

func TestAuditProblems(t *testing.T) {
	t.Parallel()
	rec := func(fields string) string {
		return `{"activityDateTime":"2026-08-03T07:40:12Z","initiatedBy":{"user":{"userPrincipalName":"a@x.example"}},` + fields + `}`
	}
	target := `"targetResources":[{"type":"User","userPrincipalName":"a@x.example"}]`
	cases := []struct {
		name, text, want string
	}{
		{"security info without a method", rec(`"activityDisplayName":"User registered security info","result":"success","resultReason":"",` + target),
			`1: problem resultReason: found ""; want a reason that names the method`},
		{"no result", rec(`"activityDisplayName":"User deleted security info",` + target),
			`1: problem result: found no result`},
		{"no target", rec(`"activityDisplayName":"Admin registered security info","result":"success","resultReason":"Admin registered temporary access pass method for user","targetResources":[]`),
			`1: problem targetResources.userPrincipalName: found no target user`},
		{"self-service reset names its user as initiator only", rec(`"activityDisplayName":"Reset password (self-service)","result":"success","targetResources":[]`),
			`1: account 2026-08-03T07:40:12Z a@x.example password_reset  self_service`},
		{"a failed registration is skipped", rec(`"activityDisplayName":"User registered security info","result":"failure","resultReason":"User registered Fido",` + target),
			`1: skip User registered security info: failure`},
		{"a reset by an automation account is helpdesk", `{"activityDisplayName":"Reset password","activityDateTime":"2026-08-03T07:40:12Z","result":"success","initiatedBy":{"app":{"displayName":"Joiner-mover-leaver runbook"}},` + target + `}`,
			`1: account 2026-08-03T07:40:12Z a@x.example password_reset  helpdesk`},
		{"a user's own Temporary Access Pass is not a recovery", rec(`"activityDisplayName":"User registered security info","result":"success","resultReason":"User registered temporary access pass method",` + target),
			`1: account 2026-08-03T07:40:12Z a@x.example authenticator_registered temporary_access_pass self_service`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, _, err := read(t, NewAudit(), evidence.AccountEvents, c.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || !strings.HasPrefix(items[0], c.want) {
				t.Errorf("items %q, want one starting %q", items, c.want)
			}
		})
	}
}

// TestResetTwins: the two services' records of one reset are counted once, in
// either order; two resets of the same service are both counted.
func TestResetTwins(t *testing.T) {
	t.Parallel()
	r := func(act, at string) string {
		return `{"activityDisplayName":"` + act + `","activityDateTime":"` + at + `","result":"success","initiatedBy":{"user":{"userPrincipalName":"hd@x.example"}},"targetResources":[{"type":"User","userPrincipalName":"a@x.example"}]}` + "\n"
	}
	text := r("Reset password", "2026-08-03T10:00:00Z") + r("Reset password (by admin)", "2026-08-03T09:59:30Z") +
		r("Reset password (by admin)", "2026-08-03T10:00:30Z") + r("Reset password (by admin)", "2026-08-04T10:00:00Z")
	items, _, err := read(t, NewAudit(), evidence.AccountEvents, text)
	if err != nil {
		t.Fatal(err)
	}
	resets := 0
	for _, it := range items {
		if strings.Contains(it, "password_reset") {
			resets++
		}
	}
	if resets != 3 {
		t.Errorf("%d resets counted, want 3: %q", resets, items)
	}
}

func TestRegistrationDetails(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fixture string
		want    []string
		notes   []string
	}{
		{"registration-graph.json", []string{
			`2: authenticator ana.ruiz@northwind.example entra:ana.ruiz@northwind.example:fido2 security_key dates-unknown=true`,
			`2: authenticator ana.ruiz@northwind.example entra:ana.ruiz@northwind.example:mobilephone sms dates-unknown=true`,
			`3: authenticator Ben.Okafor@northwind.example entra:ben.okafor@northwind.example:passkeydevicebound passkey_device_bound dates-unknown=true`,
			`3: authenticator Ben.Okafor@northwind.example entra:ben.okafor@northwind.example:windowshelloforbusiness windows_hello dates-unknown=true`,
			`3: authenticator Ben.Okafor@northwind.example entra:ben.okafor@northwind.example:microsoftauthenticatorpush push dates-unknown=true`,
			`3: authenticator Ben.Okafor@northwind.example entra:ben.okafor@northwind.example:softwareonetimepasscode otp_app dates-unknown=true`,
			`4: authenticator chen.li@northwind.example entra:chen.li@northwind.example:passkeydeviceboundauthenticator passkey_device_bound dates-unknown=true`,
			`4: authenticator chen.li@northwind.example entra:chen.li@northwind.example:macossecureenclavekey platform_sso dates-unknown=true`,
			`4: authenticator chen.li@northwind.example entra:chen.li@northwind.example:email email dates-unknown=true`,
			`4: skip temporaryAccessPass (temporary, not a held authenticator)`,
			`4: skip securityQuestion (recovery only, not an authenticator)`,
			`5: skip guest`,
			`6: skip no method registered`,
			`7: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:passkeysynced passkey_synced dates-unknown=true`,
			`7: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:hardwareonetimepasscode otp_hardware dates-unknown=true`,
			`7: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:officephone voice dates-unknown=true`,
			`7: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:microsoftauthenticatorpasswordless push dates-unknown=true`,
			`7: skip unrecognised method "qrCode" (not counted)`,
		}, []string{"registration dates are unknown", "counted as sms", "phone sign-in is counted as push"}},
		{"registration-portal.csv", []string{
			`2: authenticator ana.ruiz@northwind.example entra:ana.ruiz@northwind.example:fido2securitykey security_key dates-unknown=true`,
			`2: authenticator ana.ruiz@northwind.example entra:ana.ruiz@northwind.example:mobilephone sms dates-unknown=true`,
			`3: authenticator ben.okafor@northwind.example entra:ben.okafor@northwind.example:windowshelloforbusiness windows_hello dates-unknown=true`,
			`3: authenticator ben.okafor@northwind.example entra:ben.okafor@northwind.example:microsoftauthenticatorapp push dates-unknown=true`,
			`3: authenticator ben.okafor@northwind.example entra:ben.okafor@northwind.example:softwareoathtoken otp_app dates-unknown=true`,
			`4: authenticator chen.li@northwind.example entra:chen.li@northwind.example:certificatebasedauthentication smart_card dates-unknown=true`,
			`4: authenticator chen.li@northwind.example entra:chen.li@northwind.example:email email dates-unknown=true`,
			`4: skip securityQuestion (recovery only, not an authenticator)`,
			`4: skip temporaryAccessPass (temporary, not a held authenticator)`,
			`5: skip no method registered`,
			`6: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:microsoftpasswordlessphonesignin push dates-unknown=true`,
			`6: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:officephone voice dates-unknown=true`,
			`6: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:alternatemobilephone sms dates-unknown=true`,
			`6: authenticator erin.shaw@northwind.example entra:erin.shaw@northwind.example:hardwareoathtoken otp_hardware dates-unknown=true`,
		}, []string{"registration dates are unknown", "counted as sms", "counted as smart_card", "phone sign-in is counted as push"}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			items, notes, err := read(t, NewRegistrationDetails(), evidence.Authenticators, fixture(t, c.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(items, c.want) {
				t.Errorf("items:\n%s\nwant:\n%s", strings.Join(items, "\n"), strings.Join(c.want, "\n"))
			}
			wantNotes(t, notes, len(c.notes), c.notes)
			if !strings.Contains(notes[0], "registration dates are unknown") || !strings.Contains(notes[0], "auth.fallback_share") {
				t.Errorf("first note %q does not explain the snapshot", notes[0])
			}
		})
	}
}

func TestRegistrationLists(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want string
	}{
		{"PowerShell-flattened list", "userPrincipalName,methodsRegistered\na@x.example,System.String[]\n",
			`2: problem Methods registered: found "System.String[]", a list flattened to its type name`},
		{"JSON list in a CSV cell", "userPrincipalName,methodsRegistered\na@x.example,\"[\"\"fido2\"\"]\"\n",
			`2: authenticator a@x.example entra:a@x.example:fido2 security_key dates-unknown=true`},
		{"list as a string in JSON", `{"userPrincipalName":"a@x.example","methodsRegistered":"windowsHelloForBusiness"}`,
			`1: authenticator a@x.example entra:a@x.example:windowshelloforbusiness windows_hello dates-unknown=true`},
		{"no list", `{"userPrincipalName":"a@x.example"}`,
			`1: problem methodsRegistered: found no methodsRegistered`},
		{"no user", `{"methodsRegistered":["fido2"]}`,
			`1: problem userPrincipalName: found no user principal name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, _, err := read(t, NewRegistrationDetails(), evidence.Authenticators, c.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || !strings.HasPrefix(items[0], c.want) {
				t.Errorf("items %q, want one starting %q", items, c.want)
			}
		})
	}
}

// TestClassify pins the method names the sign-in logs, audit reasons and
// portal exports use to native methods.
func TestClassify(t *testing.T) {
	t.Parallel()
	cases := map[string]vocab.Method{
		"Passkey (device-bound)":                       "passkey_device_bound",
		"Passkey (Microsoft Authenticator)":            "passkey_device_bound",
		"Passkey (synced)":                             "passkey_synced",
		"FIDO2 security key":                           "security_key",
		"Windows Hello for Business":                   "windows_hello",
		"Platform Credential for macOS":                "platform_sso",
		"Certificate-based authentication":             "smart_card",
		"X.509 Certificate":                            "smart_card",
		"Microsoft Authenticator (push notification)":  "push",
		"Mobile app notification":                      "push",
		"Passwordless Microsoft Authenticator":         "push",
		"OATH verification code":                       "otp_app",
		"Software OATH token":                          "otp_app",
		"Hardware OATH token":                          "otp_hardware",
		"Authenticator App with Code":                  "otp_app",
		"Authenticator App with Notification and Code": "push",
		"Text message":                                 "sms",
		"Phone call approval (Authentication phone)":   "voice",
		"Phone call":                                   "voice",
		"Mobile Phone Call and SMS":                    "sms",
		"Password":                                     "password",
		"Temporary Access Pass":                        "temporary_access_pass",
		"Email verification code":                      "email",
		"Email":                                        "email",
		"fido2":                                        "security_key",
		"passKeyDeviceBound":                           "passkey_device_bound",
		"mobilePhone":                                  "sms",
	}
	for name, want := range cases {
		if got, v := classify(name); v != method || got != want {
			t.Errorf("classify(%q) = %q, %v; want %q", name, got, v, want)
		}
	}
	for _, name := range []string{"Previously satisfied", "Satisfied by token", "Other", "MFA requirement satisfied by claim in the token"} {
		if _, v := classify(name); v != notAMethod {
			t.Errorf("classify(%q) = %v, want notAMethod", name, v)
		}
	}
	for _, m := range vocab.Methods() {
		if !m.Stronger("") {
			t.Errorf("native method %q has no strength", m)
		}
	}
}

func TestWrongKind(t *testing.T) {
	t.Parallel()
	for _, a := range []evidence.Adapter{NewSignIns(), NewAudit(), NewRegistrationDetails()} {
		if err := a.Read(strings.NewReader("[]"), evidence.Tickets, func(evidence.Item) bool { return true }); err == nil {
			t.Errorf("%s read tickets", a.Format)
		}
	}
}

// TestStopEarly: an adapter stops as soon as emit says so.
func TestStopEarly(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a       evidence.Adapter
		k       evidence.Kind
		fixture string
	}{
		{NewSignIns(), evidence.AuthEvents, "signins-graph-beta.json"},
		{NewSignIns(), evidence.AuthEvents, "signins-portal.csv"},
		{NewAudit(), evidence.AccountEvents, "audit-graph.json"},
		{NewRegistrationDetails(), evidence.Authenticators, "registration-graph.json"},
	} {
		for limit := 1; limit <= 3; limit++ {
			n := 0
			err := c.a.Read(strings.NewReader(fixture(t, c.fixture)), c.k, func(evidence.Item) bool {
				n++
				return n < limit
			})
			if err != nil || n != limit {
				t.Errorf("%s: %d items after asking to stop at %d (%v)", c.fixture, n, limit, err)
			}
		}
	}
}

// TestAuditLacksCompletedRecoveries: the audit log has no completed recovery, so
// the adapter says so and the recovery shares stay unknown instead of zero.
func TestAuditLacksCompletedRecoveries(t *testing.T) {
	t.Parallel()
	var lacks []string
	err := NewAudit().Read(strings.NewReader(fixture(t, "audit-graph.json")), evidence.AccountEvents, func(it evidence.Item) bool {
		if it.Lacks != "" {
			lacks = append(lacks, it.Lacks)
		}
		return true
	})
	if err != nil || !slices.Equal(lacks, []string{evidence.LacksRecoveryCompleted}) {
		t.Errorf("lacks %v (%v), want only %s", lacks, err, evidence.LacksRecoveryCompleted)
	}
}
