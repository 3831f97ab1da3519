package okta

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/vocab"
)

// result is everything an adapter emitted for one reading.
type result struct {
	records  []string
	skips    map[string]int
	problems []string // "line field: message"
	notes    []string
	err      error
}

func read(t testing.TB, a evidence.Adapter, data []byte, k evidence.Kind) result {
	t.Helper()
	res := result{skips: map[string]int{}}
	res.err = a.Read(bytes.NewReader(data), k, func(it evidence.Item) bool {
		switch {
		case it.Problem != "":
			res.problems = append(res.problems, fmt.Sprintf("%d %s: %s", it.Line, it.Field, it.Problem))
		case it.Skip != "":
			res.skips[it.Skip]++
		case it.Note != "":
			res.notes = append(res.notes, it.Note)
		default:
			res.records = append(res.records, describe(it))
		}
		return true
	})
	return res
}

func describe(it evidence.Item) string {
	switch r := it.Record.(type) {
	case evidence.AuthEvent:
		outcome := "failure"
		if r.Success {
			outcome = "success"
		}
		s := fmt.Sprintf("%d %s %s %s %s %s", it.Line, r.Time.Format(time.RFC3339Nano), r.UserID, r.App, r.Method, outcome)
		if r.DeviceID != "" {
			s += " device=" + r.DeviceID
		}
		return s
	case evidence.AccountEvent:
		return fmt.Sprintf("%d %s %s %s %s %s", it.Line, r.Time.Format(time.RFC3339Nano), r.UserID, r.Action, r.Method, r.Channel)
	}
	return fmt.Sprintf("%d %T", it.Line, it.Record)
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	amara = "amara.osei@northwind.example"
	ravi  = "ravi.menon@northwind.example"
	mei   = "Mei.Chen@Northwind.example"
	omar  = "omar.haddad@northwind.example"
	lena  = "lena.vogt@northwind.example"
)

func TestSystemLog(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file string
		kind       evidence.Kind
		records    []string
		skips      map[string]int
	}{
		{
			name: "API array as sign-ins", file: "systemlog.json", kind: evidence.AuthEvents,
			records: []string{
				// password then push then session start: one sign-in, the push
				"5 2026-07-06T07:58:21.377Z " + amara + " okta push success",
				// FastPass with PHISHING_RESISTANT, then session start
				"7 2026-07-06T08:03:41.102Z " + ravi + " okta passkey_device_bound success device=guo3mbp0ravi8k1d7e5f",
				// WebAuthn without DEVICE_BOUND: possibly synced
				"10 2026-07-06T09:12:05.611Z " + mei + " okta passkey_synced success",
				// WebAuthn step-up for an application, no new session
				"11 2026-07-06T10:30:12.018Z " + omar + " Payroll passkey_device_bound success",
				// push rejected (OIE: auth_via_mfa FAILURE INVALID_CREDENTIALS)
				"12 2026-07-06T11:45:33.7Z " + amara + " okta push failure",
				// Classic session start naming no factor
				"14 2026-07-06T13:20:44.09Z " + lena + " okta unknown success",
			},
			skips: map[string]int{
				"policy.evaluate_sign_on:ALLOW": 1, "policy.evaluate_sign_on:CHALLENGE": 1, "user.authentication.sso": 1,
				"user.mfa.factor.activate": 1, "system.mfa.factor.activate": 1, "user.mfa.factor.deactivate": 1,
				"user.mfa.factor.reset_all": 1, "system.email.password_reset.sent_message": 1,
				"user.account.reset_password": 2, "user.session.end": 1,
			},
		},
		{
			name: "API array as account events", file: "systemlog.json", kind: evidence.AccountEvents,
			records: []string{
				"15 2026-07-07T08:15:00.25Z " + mei + " authenticator_registered passkey_synced self_service",
				"17 2026-07-08T14:02:10.4Z " + omar + " authenticator_removed push helpdesk",
				"18 2026-07-09T10:11:12.131Z " + amara + " recovery_started unknown helpdesk",
				"18 2026-07-09T10:11:12.131Z " + amara + " recovery_completed unknown helpdesk",
				"19 2026-07-10T16:40:00.5Z " + lena + " recovery_started email self_service",
				"20 2026-07-10T16:47:31.9Z " + lena + " password_reset  self_service",
				"20 2026-07-10T16:47:31.9Z " + lena + " recovery_completed email self_service",
				"21 2026-07-11T09:05:00Z " + ravi + " password_reset  helpdesk",
			},
			skips: map[string]int{
				"policy.evaluate_sign_on:ALLOW": 1, "policy.evaluate_sign_on:CHALLENGE": 1,
				"user.authentication.auth_via_mfa": 6, "user.session.start": 4, "user.authentication.sso": 1,
				"system.mfa.factor.activate": 1, "user.session.end": 1,
			},
		},
		{
			name: "JSON Lines as sign-ins", file: "systemlog.jsonl", kind: evidence.AuthEvents,
			records: []string{
				"8 2026-08-04T12:00:00Z " + ravi + " okta push failure",
				"10 2026-08-04T13:00:00Z " + lena + " okta unknown failure",
				"11 2026-08-04T14:00:00Z " + omar + " okta passkey_device_bound success",
				"13 2026-08-04T16:00:00Z " + lena + " okta sms success",
				"14 2026-08-04T16:30:00Z " + amara + " okta unknown success",
			},
			skips: map[string]int{
				"user.mfa.factor.activate": 1, "system.sms.send_password_reset_message": 1, "system.voice.send_password_reset_call": 1,
				"user.account.use_token": 1, "user.account.update_password": 1, "user.mfa.factor.reset_all": 1,
				"user.authentication.auth_via_mfa:CREDENTIAL_ENROLLMENT": 1, "user.session.start:UNKNOWN": 1,
				"user.session.start:UNKNOWN_USER": 1, // a login Okta found no user for
			},
		},
		{
			name: "JSON Lines as account events", file: "systemlog.jsonl", kind: evidence.AccountEvents,
			records: []string{
				"1 2026-08-03T08:00:00Z " + ravi + " authenticator_registered push self_service",
				"2 2026-08-03T09:00:00Z " + omar + " recovery_failed sms self_service",
				"3 2026-08-03T09:05:00Z " + omar + " recovery_started sms self_service",
				"4 2026-08-03T09:20:00Z " + omar + " recovery_failed email self_service",
			},
			skips: map[string]int{
				"user.account.update_password:SELF": 1, "user.mfa.factor.reset_all:NOT_BY_ADMIN": 1,
				"user.mfa.okta_verify.deny_push": 1, "user.authentication.auth_via_mfa": 3,
				"user.session.start": 3, "user.authentication.verify": 1,
			},
		},
		{
			name: "Panther: lowercase keys, rewritten times, objects as strings", file: "panther.jsonl", kind: evidence.AuthEvents,
			records: []string{
				"2 2026-09-01T07:00:00.456Z " + ravi + " okta passkey_device_bound success",
				"3 2026-09-01T07:10:00Z " + mei + " okta push success",
			},
			skips: map[string]int{"user.mfa.factor.deactivate": 1},
		},
		{
			name: "Panther as account events", file: "panther.jsonl", kind: evidence.AccountEvents,
			records: []string{"4 2026-09-01T08:00:00Z " + mei + " authenticator_removed push self_service"},
			skips:   map[string]int{"user.authentication.auth_via_mfa": 2, "user.session.start": 1},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, NewSystemLog(), fixture(t, c.file), c.kind)
			if res.err != nil || res.problems != nil {
				t.Fatalf("error %v, problems %q", res.err, res.problems)
			}
			slices.Sort(res.records)
			want := slices.Clone(c.records)
			slices.Sort(want)
			if !slices.Equal(res.records, want) {
				t.Errorf("records\n%s\nwant\n%s", strings.Join(res.records, "\n"), strings.Join(want, "\n"))
			}
			if fmt.Sprint(res.skips) != fmt.Sprint(c.skips) {
				t.Errorf("skips %v, want %v", res.skips, c.skips)
			}
			if len(res.notes) == 0 {
				t.Error("no note about what the format cannot tell")
			}
		})
	}
}

func TestSystemLogNotes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		kind evidence.Kind
		want []string
	}{
		{"systemlog.json", evidence.AuthEvents, []string{"10 Okta sign-in events were merged into 6 sign-ins", "1 Okta sign-ins showed no authenticator"}},
		{"systemlog.jsonl", evidence.AuthEvents, []string{"1 Okta sign-ins verified through Duo are of unknown method", "1 failed Okta sign-ins named no authenticator"}},
		{"systemlog.jsonl", evidence.AccountEvents, []string{"1 Okta password reset calls were recorded as sms"}},
		{"systemlog.json", evidence.AccountEvents, []string{"of unknown verification (method unknown)"}},
	}
	for _, c := range cases {
		res := read(t, NewSystemLog(), fixture(t, c.file), c.kind)
		all := strings.Join(res.notes, "\n")
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s as %s: notes %q lack %q", c.file, c.kind, res.notes, w)
			}
		}
		for _, who := range []string{amara, ravi, mei, omar, lena, "northwind"} {
			if strings.Contains(strings.ToLower(all), strings.ToLower(who)) {
				t.Errorf("%s: a note names a person: %q", c.file, all)
			}
		}
	}
}

func TestSystemLogProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind evidence.Kind
		want []string
	}{
		{evidence.AuthEvents, []string{
			`1 debugContext.debugData.factor: unknown factor "CARRIER_PIGEON"`,
			`2 actor.alternateId: no user`,
			`3 published: "15/07/2026 08:10" is not a time`,
			`5 target: found a number; want an array`,
		}},
		{evidence.AccountEvents, []string{
			`4 debugContext.debugData.factor: no authenticator named`,
			`5 target: found a number; want an array`,
		}},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			res := read(t, NewSystemLog(), fixture(t, "problems.jsonl"), c.kind)
			if res.err != nil {
				t.Fatal(res.err)
			}
			if len(res.problems) != len(c.want) {
				t.Fatalf("problems %q, want %d", res.problems, len(c.want))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(res.problems[i], w) {
					t.Errorf("problem %q, want it to start %q", res.problems[i], w)
				}
			}
			if res.skips["user.session.end"] != 1 || len(res.records) != 0 {
				t.Errorf("skips %v, records %q", res.skips, res.records)
			}
		})
	}
}

func TestSystemLogStreamErrors(t *testing.T) {
	t.Parallel()
	event := `{"eventType":"user.session.end","published":"2026-07-01T00:00:00Z","actor":{"alternateId":"a@b.example"}}`
	cases := []struct {
		name string
		data []byte
		line int
		msg  string
	}{
		{"truncated API array", fixture(t, "truncated.json"), 5, "truncated"},
		{"truncated JSON Lines", []byte(event + "\n" + event[:40]), 2, "truncated"},
		{"array cut after a comma", []byte("[\n" + event + ",\n"), 3, "truncated"},
		{"broken line", []byte(event + "\n{\"eventType\": }\n" + event), 2, "invalid JSON"},
		{"not an object", []byte(event + "\n[1]\n"), 2, "want one JSON object per line"},
		{"not JSON", []byte("eventType,published\n"), 1, "want a JSON array"},
		{"trailing comma", []byte("[" + event + ",\n]"), 2, "want a JSON object in the array"},
		{"number in the array", []byte("[" + event + ",\n7]"), 2, "want a JSON object in the array"},
		{"invalid element", []byte("[\n" + event + ",\n{\"eventType\":\n tru}]"), 4, "invalid JSON"},
		{"data after the array", []byte("[" + event + "]\nx"), 2, "unexpected data after the JSON array"},
		{"no comma", []byte("[" + event + "\n" + event + "]"), 2, "want , or ]"},
		{"line over 1 MiB", []byte(event + "\n{\"eventType\":\"" + strings.Repeat("x", vendorio.MaxRecord) + "\"}\n"), 2, "longer than 1 MiB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, NewSystemLog(), c.data, evidence.AuthEvents)
			e, ok := res.err.(*problem.Problem)
			if !ok || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error %v, want line %d with %q", res.err, c.line, c.msg)
			}
		})
	}
}

func TestSystemLogShapes(t *testing.T) {
	t.Parallel()
	start := func(user, at string) string {
		return `{"eventType":"user.session.start","published":"` + at + `","actor":{"type":"User","alternateId":"` + user + `"},` +
			`"outcome":{"result":"SUCCESS"},"debugContext":{"debugData":{"factor":"OKTA_VERIFY_PUSH"}}}`
	}
	one, two := start("a@x.example", "2026-07-01T08:00:00Z"), start("b@x.example", "2026-07-01T09:00:00Z")
	cases := []struct {
		name  string
		data  string
		lines []int
	}{
		{"byte-order mark and CRLF", "\ufeff" + one + "\r\n" + two + "\r\n", []int{1, 2}},
		{"blank lines", "\n\n" + one + "\n\n" + two, []int{3, 5}},
		{"pretty array", "[\n  " + one + ",\n\n  " + two + "\n]\n", []int{2, 4}},
		{"one-line array", "[" + one + "," + two + "]", []int{1, 1}},
		{"pages one after another", "[" + one + "]\n[]\n[\n" + two + "]", []int{1, 4}},
		{"byte-order mark and array", "\ufeff[" + one + ",\n" + two + "]", []int{1, 2}},
		{"pretty objects one after another", strings.Replace(one, ",", ",\n", -1) + "\n" + two, []int{1, 7}},
		{"empty", " \n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var lines []int
			err := NewSystemLog().Read(strings.NewReader(c.data), evidence.AuthEvents, func(it evidence.Item) bool {
				if it.Problem != "" {
					t.Errorf("problem %q", it.Problem)
				}
				if it.Record != nil {
					lines = append(lines, it.Line)
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(lines)
			if !slices.Equal(lines, c.lines) {
				t.Errorf("lines %v, want %v", lines, c.lines)
			}
		})
	}
}

// The three readers (JSON Lines, the API array, pretty-printed objects) map
// the same events alike.
func TestSystemLogReadersAgree(t *testing.T) {
	t.Parallel()
	jsonl := fixture(t, "systemlog.jsonl")
	var events [][]byte
	for _, l := range bytes.Split(bytes.TrimSpace(jsonl), []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			events = append(events, l)
		}
	}
	oneLine := append(append([]byte("["), bytes.Join(events, []byte(","))...), ']')
	var pretty []byte
	for _, e := range events {
		pretty = append(pretty, bytes.ReplaceAll(e, []byte(`,"`), []byte(",\n  \""))...)
		pretty = append(pretty, '\n')
	}
	strip := func(records []string) []string {
		out := make([]string, len(records))
		for i, r := range records {
			out[i] = r[strings.IndexByte(r, ' ')+1:] // without the line
		}
		slices.Sort(out)
		return out
	}
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		want := read(t, NewSystemLog(), jsonl, k)
		for name, data := range map[string][]byte{"one-line array": oneLine, "pretty objects": pretty} {
			got := read(t, NewSystemLog(), data, k)
			if got.err != nil || !slices.Equal(strip(got.records), strip(want.records)) || fmt.Sprint(got.skips) != fmt.Sprint(want.skips) {
				t.Errorf("%s as %s: %v\n%q\n%v\nwant\n%q\n%v", name, k, got.err, got.records, got.skips, want.records, want.skips)
			}
		}
	}
}

func TestSystemLogMerging(t *testing.T) {
	t.Parallel()
	ev := func(typ, user, at, result, session, factor string) string {
		return fmt.Sprintf(`{"eventType":%q,"published":%q,"actor":{"type":"User","alternateId":%q},"outcome":{"result":%q},`+
			`"authenticationContext":{"externalSessionId":%q},"debugContext":{"debugData":{"factor":%q}}}`, typ, at, user, result, session, factor)
	}
	mfa, start := "user.authentication.auth_via_mfa", "user.session.start"
	cases := []struct {
		name   string
		events []string
		want   []string
	}{
		{"failure then success in one login is one success", []string{
			ev(mfa, "a@x", "2026-07-01T08:00:00Z", "FAILURE", "idx1", "OKTA_VERIFY_PUSH"),
			ev(mfa, "a@x", "2026-07-01T08:01:00Z", "SUCCESS", "idx1", "OKTA_VERIFY_PUSH"),
			ev(start, "a@x", "2026-07-01T08:01:01Z", "SUCCESS", "idx1", ""),
		}, []string{"3 2026-07-01T08:01:01Z a@x okta push success"}},
		{"the strongest factor wins", []string{
			ev(mfa, "a@x", "2026-07-01T08:00:00Z", "SUCCESS", "idx1", "PASSWORD_AS_FACTOR"),
			ev(mfa, "a@x", "2026-07-01T08:00:05Z", "SUCCESS", "idx1", "FIDO_WEBAUTHN"),
			ev(mfa, "a@x", "2026-07-01T08:00:09Z", "SUCCESS", "idx1", "SMS"),
		}, []string{"3 2026-07-01T08:00:09Z a@x okta passkey_synced success"}},
		{"the same session after the window is a new sign-in", []string{
			ev(mfa, "a@x", "2026-07-01T08:00:00Z", "SUCCESS", "102s", "PASSWORD_AS_FACTOR"),
			ev(mfa, "a@x", "2026-07-01T10:00:00Z", "SUCCESS", "102s", "OKTA_VERIFY_PUSH"),
		}, []string{"1 2026-07-01T08:00:00Z a@x okta password success", "2 2026-07-01T10:00:00Z a@x okta push success"}},
		{"two users never merge", []string{
			ev(mfa, "a@x", "2026-07-01T08:00:00Z", "SUCCESS", "same", "OKTA_VERIFY_PUSH"),
			ev(mfa, "b@x", "2026-07-01T08:00:01Z", "SUCCESS", "same", "SMS"),
		}, []string{"1 2026-07-01T08:00:00Z a@x okta push success", "2 2026-07-01T08:00:01Z b@x okta sms success"}},
		{"unlinked failures stay apart", []string{
			ev(start, "a@x", "2026-07-01T08:00:00Z", "FAILURE", "unknown", ""),
			ev(start, "a@x", "2026-07-01T08:00:10Z", "FAILURE", "", ""),
		}, []string{"1 2026-07-01T08:00:00Z a@x okta unknown failure", "2 2026-07-01T08:00:10Z a@x okta unknown failure"}},
		{"FastPass without phishing resistance is push", []string{
			ev(mfa, "a@x", "2026-07-01T08:00:00Z", "SUCCESS", "idx9", "SIGNED_NONCE"),
		}, []string{"1 2026-07-01T08:00:00Z a@x okta push success"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, NewSystemLog(), []byte(strings.Join(c.events, "\n")), evidence.AuthEvents)
			if res.err != nil || res.problems != nil {
				t.Fatal(res.err, res.problems)
			}
			if !slices.Equal(res.records, c.want) {
				t.Errorf("records %q, want %q", res.records, c.want)
			}
		})
	}
}

func TestSweepKeepsMemoryBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	const n = 3 * sweepEvery
	for i := range n {
		fmt.Fprintf(&b, `{"eventType":"user.authentication.auth_via_mfa","published":%q,"actor":{"alternateId":"u%d@x"},"outcome":{"result":"SUCCESS"},`+
			`"authenticationContext":{"externalSessionId":"s%d"},"debugContext":{"debugData":{"factor":"SIGNED_NONCE"}},`+
			`"target":[{"type":"AuthenticatorEnrollment","detailEntry":{"methodUsedVerifiedProperties":"[DEVICE_BOUND, PHISHING_RESISTANT]"}}]}`+"\n",
			at.Add(time.Duration(i)*time.Second).Format(time.RFC3339), i%50, i)
	}
	s := newSignIns(func(evidence.Item) bool { return true })
	maxOpen := 0
	err := readEvents(strings.NewReader(b.String()), func(line int, ev *logEvent, err error) bool {
		cont := s.event(line, ev, err)
		maxOpen = max(maxOpen, len(s.open))
		return cont
	})
	s.finish()
	if err != nil || s.emitted != n {
		t.Fatalf("err %v, emitted %d of %d", err, s.emitted, n)
	}
	if limit := sweepEvery + int(window/time.Second) + 1; maxOpen > limit {
		t.Errorf("%d logins open at once, want at most %d", maxOpen, limit)
	}
}

func TestStopEarly(t *testing.T) {
	t.Parallel()
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		n := 0
		err := NewSystemLog().Read(bytes.NewReader(fixture(t, "systemlog.json")), k, func(it evidence.Item) bool {
			n++
			return n < 3
		})
		if err != nil || n != 3 {
			t.Errorf("%s: err %v after %d items, want to stop at 3", k, err, n)
		}
	}
	if err := NewSystemLog().Read(strings.NewReader(""), evidence.Devices, func(evidence.Item) bool { return true }); err == nil {
		t.Error("reading as devices: no error")
	}
}

func TestFactorMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		factor, methodType, key, display, props, reason string
		want                                            string
	}{
		{factor: "SIGNED_NONCE", props: "[DEVICE_BOUND, PHISHING_RESISTANT, HARDWARE_PROTECTED]", want: "passkey_device_bound"},
		{factor: "signed_nonce", props: "[USER_PRESENCE]", want: "push"},
		{factor: "FIDO_WEBAUTHN", props: "[DEVICE_BOUND, PHISHING_RESISTANT]", want: "passkey_device_bound"},
		{factor: "FIDO_WEBAUTHN", want: "passkey_synced"},
		{factor: "FIDO_U2F", want: "security_key"},
		{factor: "OKTA_VERIFY_PUSH", want: "push"},
		{factor: "PASSWORD_AS_FACTOR", want: "password"},
		{factor: "SECURITY_QUESTION", want: "password"},
		{factor: "SMS_FACTOR", want: "sms"},
		{factor: "CALL", want: "voice"},
		{factor: "EMAIL", want: "email"},
		{factor: "TOTP", want: "otp_app"},
		{factor: "token:software:totp", want: "otp_app"},
		{factor: "token:hardware", want: "otp_hardware"},
		{factor: "SMART_CARD_IDP", want: "smart_card"},
		{factor: "TAC", want: "temporary_access_pass"},
		{methodType: "Use Okta FastPass", props: `["PHISHING_RESISTANT","DEVICE_BOUND"]`, want: "passkey_device_bound"},
		{methodType: "Get a push notification", want: "push"},
		{methodType: "Enter a code", want: "otp_app"},
		{key: "webauthn", props: "[DEVICE_BOUND]", want: "passkey_device_bound"},
		{display: "Google Authenticator", want: "otp_app"},
		{display: "Okta Verify", want: "push"},
		{reason: "User reset FIDO_WEBAUTHN factor", want: "passkey_synced"},
		{display: "Northwind hardware token", want: "problem"},
		{factor: "CARRIER_PIGEON", want: "problem"},
		{want: ""},
	}
	for _, c := range cases {
		ev := logEvent{Outcome: outcome{Reason: c.reason}}
		ev.Debug.Data.Factor = c.factor
		if c.methodType+c.key+c.display+c.props != "" {
			tg := logTarget{Type: "AuthenticatorEnrollment", DisplayName: c.display,
				DetailEntry: detailEntry{MethodTypeUsed: c.methodType, AuthenticatorKey: c.key}}
			if c.props != "" {
				if err := tg.DetailEntry.Verified.UnmarshalJSON([]byte(quoteJSON(c.props))); err != nil {
					t.Fatal(err)
				}
			}
			ev.Target = []logTarget{tg}
		}
		r := eventMethod(&ev, true)
		got := string(r.method)
		if r.problem != "" {
			got = "problem"
		}
		if got != c.want {
			t.Errorf("%+v: %q, want %q", c, got, c.want)
		}
	}
}

// quoteJSON writes props as Okta does (a string) unless it is a JSON array.
func quoteJSON(props string) string {
	if strings.HasPrefix(props, `["`) {
		return props
	}
	return fmt.Sprintf("%q", props)
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	want := time.Date(2024, 6, 3, 14, 21, 7, 512e6, time.UTC)
	for _, s := range []string{"2024-06-03T14:21:07.512Z", "2024-06-03T16:21:07.512+02:00", "2024-06-03 14:21:07.512000000", "2024-06-03T14:21:07.512"} {
		if got, ok := vendorio.ParseTime(s, timeLayouts); !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%q: %v %v", s, got, ok)
		}
	}
	if _, ok := vendorio.ParseTime("03/06/2024 14:21", timeLayouts); ok {
		t.Error("a locale date parsed")
	}
}

// TestDeniedSecondFactorFailsTheLogin: a password accepted and then a push
// denied, with no session started, is one failed sign-in; the same with the
// push approved afterwards is one successful one.
func TestDeniedSecondFactorFailsTheLogin(t *testing.T) {
	t.Parallel()
	ev := func(at, factor, result string) string {
		return `{"uuid":"u-` + at + `","published":"2026-07-06T07:58:` + at + `.000Z","eventType":"user.authentication.auth_via_mfa",` +
			`"actor":{"id":"00u1","type":"User","alternateId":"ann@example.test"},` +
			`"authenticationContext":{"externalSessionId":"idxSESSION1"},"outcome":{"result":"` + result + `"},` +
			`"debugContext":{"debugData":{"factor":"` + factor + `","factorIntent":"AUTHENTICATION","requestId":"req1"}},` +
			`"target":[{"id":"00u1","type":"User","alternateId":"ann@example.test"}]}`
	}
	cases := []struct {
		name    string
		events  []string
		success bool
		method  vocab.Method
	}{
		{"password then push denied", []string{ev("09", "PASSWORD_AS_FACTOR", "SUCCESS"), ev("15", "OKTA_VERIFY_PUSH", "FAILURE")}, false, "push"},
		{"push denied then approved", []string{ev("09", "PASSWORD_AS_FACTOR", "SUCCESS"), ev("15", "OKTA_VERIFY_PUSH", "FAILURE"), ev("30", "OKTA_VERIFY_PUSH", "SUCCESS")}, true, "push"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var events []evidence.AuthEvent
			err := NewSystemLog().Read(strings.NewReader(strings.Join(c.events, "\n")), evidence.AuthEvents, func(it evidence.Item) bool {
				if e, ok := it.Record.(evidence.AuthEvent); ok {
					events = append(events, e)
				}
				return true
			})
			if err != nil || len(events) != 1 || events[0].Success != c.success || events[0].Method != c.method {
				t.Errorf("events %+v (%v), want one with success %v and method %s", events, err, c.success, c.method)
			}
		})
	}
}
