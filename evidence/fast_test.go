package evidence

import (
	"reflect"
	"testing"

	"github.com/assure-dev/assure/schemas"
)

var authSeeds = []string{
	`{"time":"2026-07-03T08:14:09Z","user_id":"u-0042","app":"payroll","method":"passkey_device_bound","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u-0042","app":"payroll","method":"otp_app","outcome":"failure","device_id":"d-1","session_id":"s-1"}`,
	`{"time":"2026-07-03","user_id":"u","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09.5+02:00","user_id":"u","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-02-30T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T24:00:00Z","user_id":"u","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"carrier","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"ok"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","user_id":"v","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u\u00e9","app":"a","method":"sms","outcome":"success"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success","extra":"x"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":42,"app":"a","method":"sms","outcome":"success"}`,
	` { "time" : "2026-07-03T08:14:09Z" , "user_id":"u","app":"a","method":"sms","outcome":"success" } `,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success"} x`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success","device_id":"d","session_id":"s","event_id":"3aeede38-4f67-11ea-abd3-1f5d113f2546"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"unknown","outcome":"abandoned","event_id":""}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success","event_id":"e","event_id":"f"}`,
	`{"time":"2026-07-03T08:14:09Z","user_id":"u","app":"a","method":"sms","outcome":"success","event_id":7}`,
	`[]`, `{}`, `null`, `{"time":`,
}

var accountSeeds = []string{
	`{"time":"2026-08-11T10:02:00Z","user_id":"u-0042","action":"recovery_completed","method":"recovery_code","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"password_reset","channel":"helpdesk","ticket_id":"T-1"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"password_reset","method":"","channel":"helpdesk"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"password_reset","method":"sms","channel":"helpdesk"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"authenticator_registered","method":"security_key","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"authenticator_registered","method":"recovery_code","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"recovery_started","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"recovery_failed","method":"security_key","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"logout","channel":"self_service"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"recovery_completed","method":"unknown","channel":"helpdesk","event_id":"b2b3e2f0-9e81-11f1-9a63-1d4f7b2e8c05"}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"password_reset","channel":"helpdesk","ticket_id":"T-1","event_id":""}`,
	`{"time":"2026-08-11T10:02:00Z","user_id":"u","action":"password_reset","channel":"helpdesk","event_id":"a","event_id":"b"}`,
}

func slowAuth(t *testing.T, set *schemas.Set, line []byte) (AuthEvent, bool) {
	m, probs := decodeJSONLine(line, set, AuthEvents)
	if probs != nil {
		return AuthEvent{}, false
	}
	return authEventFrom(m), true
}

// FuzzAuthEventDecoders checks that the fast path accepts only lines the JSON
// Schema accepts, and decodes them to the same record.
func FuzzAuthEventDecoders(f *testing.F) {
	for _, s := range authSeeds {
		f.Add([]byte(s))
	}
	set, err := schemas.Compiled()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fast, ok := fastAuthEvent(line, &decodeState{intern: map[string]string{}})
		slow, valid := slowAuth(t, set, line)
		if ok && !valid {
			t.Fatalf("fast path accepted %q, the schema rejects it", line)
		}
		if ok && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: fast %+v, schema path %+v", line, fast, slow)
		}
	})
}

// FuzzAccountEventDecoders is the same check for account events.
func FuzzAccountEventDecoders(f *testing.F) {
	for _, s := range accountSeeds {
		f.Add([]byte(s))
	}
	set, err := schemas.Compiled()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fast, ok := fastAccountEvent(line, &decodeState{intern: map[string]string{}})
		m, probs := decodeJSONLine(line, set, AccountEvents)
		if ok && probs != nil {
			t.Fatalf("fast path accepted %q, the schema rejects it: %v", line, probs[0].Msg)
		}
		if ok && !reflect.DeepEqual(fast, accountEventFrom(m)) {
			t.Fatalf("%q: fast %+v, schema path %+v", line, fast, accountEventFrom(m))
		}
	})
}

// TestFastPathTakesTheCommonShape makes sure the equivalence above is not won by
// a fast path that never accepts anything.
func TestFastPathTakesTheCommonShape(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		line string
		want bool
	}{
		{"canonical sign-in", authSeeds[0], true},
		{"optional fields", authSeeds[1], true},
		{"bare date", authSeeds[2], true},
		{"offset time", authSeeds[3], true},
		{"escaped text goes to the schema path", authSeeds[11], false},
		{"duplicate key goes to the schema path", authSeeds[10], false},
		{"unknown key goes to the schema path", authSeeds[12], false},
		{"every field, with an event id", authSeeds[16], true},
		{"unknown method, abandoned, empty event id", authSeeds[17], true},
		{"event id twice goes to the schema path", authSeeds[18], false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ok := fastAuthEvent([]byte(c.line), &decodeState{intern: map[string]string{}})
			if ok != c.want {
				t.Errorf("fast path accepted = %v, want %v", ok, c.want)
			}
		})
	}
	for _, s := range append(accountSeeds[:3:3], accountSeeds[9], accountSeeds[10]) {
		if _, ok := fastAccountEvent([]byte(s), &decodeState{intern: map[string]string{}}); !ok {
			t.Errorf("fast path rejected %s", s)
		}
	}
}
