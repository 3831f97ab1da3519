package tomldoc

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	doc, probs := Decode("g.toml", []byte(`owner = "Office"
rollout_start = 2026-05-15

[[ai_system]]
name = "risk engine"
human_override = true
`), "governance")
	if probs != nil {
		t.Fatal(probs)
	}
	if doc["rollout_start"] != "2026-05-15" {
		t.Errorf("date = %#v, want a YYYY-MM-DD string", doc["rollout_start"])
	}
	if ai := doc["ai_system"].([]any)[0].(map[string]any); ai["name"] != "risk engine" {
		t.Errorf("array of tables: %#v", ai)
	}
}

func TestProblemsAreLocated(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, schema string
		line               int
		where, msg         string
	}{
		{"unknown key on its own line", "owner = \"x\"\n\n[[exception]]\nid = \"E\"\nscope = \"s\"\nexpires = 2026-01-01\nownr = \"y\"\n", "governance",
			7, "exception[0].ownr", `unknown field "ownr" (want one of: expires, id, justification, owner, scope)`},
		{"bad date type", "rollout_start = \"soon\"\n", "governance", 1, "rollout_start", `"soon" is not a date`},
		{"syntax error", "owner = \n", "governance", 1, "", "invalid TOML"},
		{"integers become numbers", "[control.A-01]\nthreshold = 1\njustification = \" \"\n", "profile", 3, "control.A-01.justification", "must not be blank"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Decode("t.toml", []byte(c.text), c.schema)
			if len(probs) != 1 {
				t.Fatalf("problems %+v, want one", probs)
			}
			p := probs[0]
			if p.File != "t.toml" || p.Line != c.line || p.Where != c.where || !strings.Contains(p.Msg, c.msg) {
				t.Errorf("got line %d %q %q, want line %d %q containing %q", p.Line, p.Where, p.Msg, c.line, c.where, c.msg)
			}
		})
	}
}

func TestDecodeExcept(t *testing.T) {
	t.Parallel()
	text := []byte("[control.A-01]\njustification = \" \"\n[control.B-02]\njustification = \" \"\n")
	skip := func(tokens []string) bool { return len(tokens) >= 2 && tokens[1] == "A-01" }
	doc, probs := DecodeExcept("p.toml", text, "profile", skip)
	if doc != nil || len(probs) == 0 {
		t.Fatalf("doc %v, problems %v; want B-02's problems", doc, probs)
	}
	for _, p := range probs {
		if !strings.HasPrefix(p.Where, "control.B-02") {
			t.Errorf("problem %v; want only B-02's", p)
		}
	}
	doc, probs = DecodeExcept("p.toml", text, "profile", func([]string) bool { return true })
	if doc != nil || len(probs) != 0 {
		t.Errorf("doc %v, problems %v; want no document and no problem", doc, probs)
	}
}

func TestKeyPath(t *testing.T) {
	t.Parallel()
	if got := KeyPath([]string{"source", "2", "kind"}); got != "source[2].kind" {
		t.Errorf("KeyPath = %q", got)
	}
}

// TestLocalTimes: a date-time without a time zone is quoted as written, with
// the fix, not as the decoder re-formats it.
func TestLocalTimes(t *testing.T) {
	manifest := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"population\"\npath = \"p.csv\"\ncollected_at = %s   # when\n"
	cases := []struct{ value, want string }{
		{"2026-10-01 08:00", `t.toml:6: source[0].collected_at: "2026-10-01 08:00" has no time zone; add one, e.g. 2026-10-01T08:00:00Z`},
		{"2026-10-01T08:00:00.5", `t.toml:6: source[0].collected_at: "2026-10-01T08:00:00.5" has no time zone; add one, e.g. 2026-10-01T08:00:00.5Z`},
		{"08:00:00", `t.toml:6: source[0].collected_at: "08:00:00" is a time of day without a date; want a date-time with a time zone, e.g. 2026-10-01T08:00:00Z`},
	}
	for _, c := range cases {
		_, probs := Decode("t.toml", []byte(strings.Replace(manifest, "%s", c.value, 1)), "manifest")
		if len(probs) != 1 || probs[0].Error() != c.want {
			t.Errorf("%s: %v\nwant %s", c.value, probs, c.want)
		}
	}
	_, probs := Decode("w.toml", []byte("[waiver.AU-01]\njustification = \"j\"\napproved_by = \"CISO\"\nrisk_register_id = \"R\"\nexpires = 2026-12-31 17:00\n"), "waivers")
	if len(probs) != 1 || probs[0].Error() != `w.toml:5: waiver.AU-01.expires: "2026-12-31 17:00" has a time of day; want a date alone, e.g. 2026-12-31` {
		t.Errorf("waiver expiry: %v", probs)
	}
}
