package schemas

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEverySchemaCompilesAndIsPublished(t *testing.T) {
	t.Parallel()
	set, err := Compiled()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range Names() {
		raw, err := Raw(n)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if doc["$id"] != baseURL+n+".schema.json" {
			t.Errorf("%s: $id %v", n, doc["$id"])
		}
		if _, ok := set.byName[n]; !ok {
			t.Errorf("%s not compiled", n)
		}
	}
	if _, err := Raw("nope"); err == nil || !strings.Contains(err.Error(), "want one of") {
		t.Errorf("unknown schema: %v", err)
	}
}

func TestViolationMessages(t *testing.T) {
	t.Parallel()
	set, err := Compiled()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, schema, doc, pointer, msg string
	}{
		{"enum", "auth_events", `{"time":"2026-07-01","user_id":"u","app":"a","method":"sms","outcome":"ok"}`, "/outcome", `"ok" is not one of "success", "failure"`},
		{"date-time", "auth_events", `{"time":"2026-13-01","user_id":"u","app":"a","method":"sms","outcome":"success"}`, "/time", `"2026-13-01" is not a date-time (want RFC 3339`},
		{"required names the member", "auth_events", `{"time":"2026-07-01","user_id":"u","app":"a","method":"sms"}`, "/outcome", "missing required field"},
		{"unknown field", "population", `{"user_id":"u","persona":"frontline","employment":"employee","privileged":true,"in_scope":true,"email":"x"}`, "/email", `unknown field "email" (want one of: employment, in_scope`},
		{"type", "policies", `{"idp":{"lockout_threshold":"ten"},"apps":[]}`, "/idp/lockout_threshold", "got string, want integer"},
		{"conditional method", "account_events", `{"time":"2026-07-01","user_id":"u","action":"recovery_completed","method":"security_key","channel":"helpdesk"}`, "/method", `"security_key" is not one of "recovery_code"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := DecodeJSON([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			vs, err := set.Validate(c.schema, v)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range vs {
				if x.Pointer == c.pointer && strings.Contains(x.Message, c.msg) {
					return
				}
			}
			t.Errorf("violations %+v, want %s: %s", vs, c.pointer, c.msg)
		})
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		ok   bool
		want string
	}{
		{"2026-07-01", true, "2026-07-01T00:00:00Z"},
		{"2026-07-01T09:30:00Z", true, "2026-07-01T09:30:00Z"},
		{"2026-07-01T11:30:00+02:00", true, "2026-07-01T09:30:00Z"},
		{"2026-13-01", false, ""},
		{"2026-07-01 09:30", false, ""},
		{"", false, ""},
	}
	for _, c := range cases {
		got, ok := ParseTime(c.in)
		if ok != c.ok || (ok && got.Format("2006-01-02T15:04:05Z07:00") != c.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %s, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
