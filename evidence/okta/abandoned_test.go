package okta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

// oieEvent writes one System Log event in the shape Okta Identity Engine logs
// it. The shapes follow public material: user.authentication.auth_via_mfa as
// in the real OIE event of unqork-external/tomisp examples/sample_okta.py
// (debugData factor and factorIntent, an AuthenticatorEnrollment target,
// externalSessionId "idx..."); user.session.start as in the real events of
// elastic/integrations packages/okta/data_stream/system/_dev/test/pipeline/
// test-okta-system-events.log (legacyEventType core.user_auth.login_success,
// debugData requestId and requestUri); system.push.send_factor_verify_push as
// Okta's event-type catalog describes it (okta/okta-developer-docs,
// .vuepress/public/docs/okta-event-types.csv: "fired whenever a Push is
// sent", outcome SUCCESS) and as Splunk's "Okta MFA Exhaustion Hunt"
// (splunk/security_content) joins it to the auth_via_mfa of factor
// OKTA_VERIFY_PUSH through authenticationContext.externalSessionId.
func oieEvent(uuid, at, typ, legacy, msg, result, reason, user, session, request, factor string, target string) string {
	ev := map[string]any{
		"uuid": uuid, "published": at, "eventType": typ, "version": "0", "severity": "INFO", "displayMessage": msg,
		"actor": map[string]any{"id": "00u" + strings.Repeat(user[:1], 17), "type": "User", "alternateId": user, "displayName": user, "detailEntry": nil},
		"client": map[string]any{"userAgent": map[string]any{"rawUserAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)", "os": "Mac OS X", "browser": "SAFARI"},
			"zone": "null", "device": "Computer", "id": nil, "ipAddress": "203.0.113.24"},
		"authenticationContext": map[string]any{"authenticationProvider": nil, "credentialProvider": nil, "credentialType": nil, "issuer": nil,
			"interface": nil, "authenticationStep": 0, "externalSessionId": session},
		"outcome":     map[string]any{"result": result, "reason": nil},
		"transaction": map[string]any{"type": "WEB", "id": request, "detail": map[string]any{}},
	}
	if legacy != "" {
		ev["legacyEventType"] = legacy
	} else {
		ev["legacyEventType"] = nil
	}
	if reason != "" {
		ev["outcome"].(map[string]any)["reason"] = reason
	}
	debug := map[string]any{"requestId": request, "requestUri": "/idp/idx/challenge/answer"}
	if factor != "" {
		debug["factor"], debug["factorIntent"] = factor, "AUTHENTICATION"
	}
	if typ == "system.push.send_factor_verify_push" {
		debug["requestUri"] = "/idp/idx/challenge"
	}
	ev["debugContext"] = map[string]any{"debugData": debug}
	targets := []any{map[string]any{"id": "00u" + strings.Repeat(user[:1], 17), "type": "User", "alternateId": user, "displayName": user, "detailEntry": nil}}
	if target != "" {
		targets = append(targets, map[string]any{"id": "pfd" + strings.Repeat(user[:1], 17), "type": "AuthenticatorEnrollment",
			"alternateId": "unknown", "displayName": target, "detailEntry": nil})
	}
	ev["target"] = targets
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestAbandonedChallengeIsAFailure: a login whose password was verified and
// whose push was sent but never answered, with no user.session.start, is a
// failed sign-in, abandoned at the push; approved and started, it is a
// successful push sign-in; denied, a failure that was not abandoned.
func TestAbandonedChallengeIsAFailure(t *testing.T) {
	t.Parallel()
	const (
		mfa    = "user.authentication.auth_via_mfa"
		verify = "user.authentication.verify"
		push   = "system.push.send_factor_verify_push"
		start  = "user.session.start"
	)
	var lines []string
	add := func(uuid, at, typ, result, reason, user, session, request, factor, target string) {
		legacy, msg := "", ""
		switch typ {
		case mfa:
			legacy, msg = "core.user.factor.attempt_success", "Authentication of user via MFA"
			if result != "SUCCESS" {
				legacy = "core.user.factor.attempt_fail"
			}
		case verify:
			msg = "Verify user identity"
		case push:
			msg = "Push notification sent for verification"
		case start:
			legacy, msg = "core.user_auth.login_success", "User login to Okta"
		}
		lines = append(lines, oieEvent(uuid, "2026-08-04T"+at+"Z", typ, legacy, msg, result, reason, user, session, request, factor, target))
	}
	// Ann: password, push sent, nothing after it.
	add("2c1e0a10-7248-11f1-8754-050a89ee763e", "08:01:12.402", mfa, "SUCCESS", "", "ann@example.test", "idxAnnSession0000000000001", "aL1", "PASSWORD_AS_FACTOR", "Password")
	add("2c9b3d22-7248-11f1-8754-050a89ee763e", "08:01:13.118", push, "SUCCESS", "", "ann@example.test", "idxAnnSession0000000000001", "aL2", "", "Okta Verify")
	// Ben: password verified, push sent and approved, session started.
	add("3a0f6e01-7248-11f1-8754-050a89ee763e", "08:05:01.010", verify, "SUCCESS", "", "ben@example.test", "idxBenSession0000000000001", "bL1", "PASSWORD_AS_FACTOR", "Password")
	add("3a6c1b02-7248-11f1-8754-050a89ee763e", "08:05:02.220", push, "SUCCESS", "", "ben@example.test", "idxBenSession0000000000001", "bL2", "", "Okta Verify")
	add("3c2d9a03-7248-11f1-8754-050a89ee763e", "08:05:09.731", mfa, "SUCCESS", "", "ben@example.test", "idxBenSession0000000000001", "bL3", "OKTA_VERIFY_PUSH", "Okta Verify")
	add("3c3e0b04-7248-11f1-8754-050a89ee763e", "08:05:09.902", start, "SUCCESS", "", "ben@example.test", "idxBenSession0000000000001", "bL3", "", "")
	// Cy: password, push sent and denied (OIE logs the denial as a failed
	// auth_via_mfa with reason INVALID_CREDENTIALS).
	add("4b1f2c05-7248-11f1-8754-050a89ee763e", "08:09:30.500", mfa, "SUCCESS", "", "cy@example.test", "idxCySession00000000000001", "cL1", "PASSWORD_AS_FACTOR", "Password")
	add("4b7a3d06-7248-11f1-8754-050a89ee763e", "08:09:31.060", push, "SUCCESS", "", "cy@example.test", "idxCySession00000000000001", "cL2", "", "Okta Verify")
	add("4d0e4e07-7248-11f1-8754-050a89ee763e", "08:09:44.870", mfa, "FAILURE", "INVALID_CREDENTIALS", "cy@example.test", "idxCySession00000000000001", "cL3", "OKTA_VERIFY_PUSH", "Okta Verify")
	// Dee: a password the policy found enough, no challenge.
	add("5e0a5f08-7248-11f1-8754-050a89ee763e", "08:12:00.100", mfa, "SUCCESS", "", "dee@example.test", "idxDeeSession0000000000001", "dL1", "PASSWORD_AS_FACTOR", "Password")
	add("5e1b6009-7248-11f1-8754-050a89ee763e", "08:12:00.350", start, "SUCCESS", "", "dee@example.test", "idxDeeSession0000000000001", "dL1", "", "")

	type got struct {
		success, abandoned bool
		method             vocab.Method
	}
	want := map[string]got{
		"ann@example.test": {false, true, vocab.Push},
		"ben@example.test": {true, false, vocab.Push},
		"cy@example.test":  {false, false, vocab.Push},
		"dee@example.test": {true, false, vocab.Password},
	}
	res := map[string]got{}
	var notes []string
	err := NewSystemLog().Read(strings.NewReader(strings.Join(lines, "\n")), evidence.AuthEvents, func(it evidence.Item) bool {
		switch {
		case it.Problem != "":
			t.Errorf("line %d: %s", it.Line, it.Problem)
		case it.Note != "":
			notes = append(notes, it.Note)
		case it.Record != nil:
			e := it.Record.(evidence.AuthEvent)
			if _, twice := res[e.UserID]; twice {
				t.Errorf("%s: two sign-ins", e.UserID)
			}
			res[e.UserID] = got{e.Success, e.Abandoned, e.Method}
			if len(it.Parts) == 0 {
				t.Errorf("%s: the sign-in names none of its events' uuids", e.UserID)
			}
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	for user, w := range want {
		if res[user] != w {
			t.Errorf("%s: %+v, want %+v", user, res[user], w)
		}
	}
	if text := strings.Join(notes, "\n"); !strings.Contains(text, "1 Okta logins stopped at a factor challenge nobody answered") {
		t.Errorf("no note of the abandoned login:\n%s", text)
	}
}

// TestRepeatedPagesCountOnce reads the System Log as two overlapping pulls in
// one file (the API's arrays one after the other, the second repeating the
// end of the first) and, as a second source, the whole export again: every
// sign-in and account event is counted once, as when the log is read alone.
func TestRepeatedPagesCountOnce(t *testing.T) {
	t.Parallel()
	var events []json.RawMessage
	if err := json.Unmarshal(fixture(t, "systemlog.json"), &events); err != nil {
		t.Fatal(err)
	}
	page := func(evs []json.RawMessage) string {
		parts := make([]string, len(evs))
		for i, e := range evs {
			parts[i] = string(e)
		}
		return "[\n" + strings.Join(parts, ",\n") + "\n]\n"
	}
	const overlap = 6
	cut := len(events) / 2
	pulls := page(events[:cut+overlap]) + page(events[cut:])
	load := func(files map[string]string, sources ...string) *evidence.Set {
		t.Helper()
		var m bytes.Buffer
		m.WriteString("organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n")
		for _, path := range sources {
			for _, kind := range []string{"auth_events", "account_events"} {
				fmt.Fprintf(&m, "[[source]]\nkind = %q\npath = %q\nformat = \"okta-systemlog\"\n", kind, path)
			}
		}
		fsys := fstest.MapFS{"evidence.toml": {Data: m.Bytes()}}
		for name, text := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
		}
		set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewSystemLog()))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range set.AuthEvents() {
			if p != nil {
				t.Fatal(p)
			}
		}
		for _, p := range set.AccountEvents() {
			if p != nil {
				t.Fatal(p)
			}
		}
		return set
	}
	alone := load(map[string]string{"log.json": page(events)}, "log.json")
	twice := load(map[string]string{"pulls.json": pulls, "again.json": page(events)}, "pulls.json", "again.json")
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		if a, b := alone.Records(k), twice.Records(k); a != b || a == 0 {
			t.Errorf("%s: %d records read twice over, %d read once", k, b, a)
		}
	}
	for _, st := range twice.Sources {
		t.Logf("%s %s: %d records, %d repeats", st.Path, st.Kind, st.Records, st.Repeats)
		switch {
		case st.Path == "pulls.json" && (st.Repeats == 0 || st.Repeats > overlap*2):
			t.Errorf("%s %s: %d repeats; the pulls overlap by %d events", st.Path, st.Kind, st.Repeats, overlap)
		case st.Path == "again.json" && (st.Records != 0 || st.Repeats == 0):
			t.Errorf("%s %s: %d records, %d repeats; want every record a repeat", st.Path, st.Kind, st.Records, st.Repeats)
		case !st.Keyed || st.Conflicts != 0:
			t.Errorf("%s %s: keyed %v, %d conflicts", st.Path, st.Kind, st.Keyed, st.Conflicts)
		}
		for label, n := range st.Skipped {
			if st.Path == "again.json" {
				t.Errorf("%s %s: %d records skipped as %s, all of them read before", st.Path, st.Kind, n, label)
			}
		}
	}
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		var a, b map[string]int
		for _, st := range alone.Sources {
			if st.Kind == k {
				a = st.Skipped
			}
		}
		for _, st := range twice.Sources {
			if st.Kind == k && st.Path == "pulls.json" {
				b = st.Skipped
			}
		}
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: skipped %v in overlapping pulls, %v in the log", k, b, a)
		}
	}
}
