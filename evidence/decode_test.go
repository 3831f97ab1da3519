package evidence

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/schemas"
)

func compiled(t testing.TB) *schemas.Set {
	t.Helper()
	set, err := schemas.Compiled()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestReadCSV(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		kind     Kind
		text     string
		rows     int
		problems []string // substrings, in order
	}{
		{"valid with BOM and spaces", Population, "\ufeffuser_id, persona,employment,privileged,in_scope\nu-1,frontline,employee,YES,1\n", 1, nil},
		// Windows PowerShell 5.1: Export-Csv -Encoding UTF8 writes a mark and quotes every field.
		{"mark before a quoted header", Population, "\ufeff\"user_id\",\"persona\",\"employment\",\"privileged\",\"in_scope\"\r\n\"u-1\",\"frontline\",\"employee\",\"False\",\"True\"\r\n", 1, nil},
		{"semicolon-delimited (declared in the manifest)", Population, "\ufeffuser_id;persona;employment;privileged;in_scope\r\nu-1;frontline;employee;false;true\r\n", 1, nil},
		{"columns in any order", Population, "in_scope,privileged,employment,persona,user_id\ntrue,false,employee,frontline,u-1\n", 1, nil},
		{"empty file", Population, "", 0, nil},
		{"bad boolean", Population, "user_id,persona,employment,privileged,in_scope\nu-1,frontline,employee,maybe,true\n",
			0, []string{`p.csv:2: column "privileged": "maybe" is not a boolean (want true or false`}},
		{"bad enum", Population, "user_id,persona,employment,privileged,in_scope\nu-1,manager,employee,false,true\n",
			0, []string{`p.csv:2: column "persona": "manager" is not one of "knowledge_worker", "frontline", "it_admin"`}},
		{"missing required value", Population, "user_id,persona,employment,privileged,in_scope\n,frontline,employee,false,true\n",
			0, []string{`p.csv:2: column "user_id": missing required field`}},
		{"unknown column", Population, "user_id,persona,employment,privileged,in_scope,email\n",
			0, []string{`p.csv:1: column 6: unknown column "email" (want: user_id`}},
		{"missing column", Devices, "device_id,user_id,platform,os_version,hardware_keystore,managed,ownership,last_seen\n",
			0, []string{`p.csv:1: missing column "shared"`}},
		{"bad date", Tickets, "ticket_id,opened_at,resolved_at,category,subcategory,summary,stage\nT-1,2026-13-01,,,,x,\n",
			0, []string{`p.csv:2: column "opened_at": "2026-13-01" is not a date-time (want RFC 3339`}},
		{"bad quoting", Tickets, "ticket_id,opened_at,resolved_at,category,subcategory,summary,stage\nT-1,2026-07-01,,,,say \"hi\",\n",
			0, []string{`p.csv:2: byte 23: bad CSV: bare " in non-quoted-field`}},
		{"quoted newline keeps row numbers", Tickets, "ticket_id,opened_at,resolved_at,category,subcategory,summary,stage\nT-1,2026-07-01,,,,\"two\nlines\",\nT-2,2026-07-32,,,,x,\n",
			1, []string{`p.csv:4: column "opened_at"`}},
		{"wrong field count", Population, "user_id,persona,employment,privileged,in_scope\nu-1,frontline\n",
			0, []string{`p.csv:2: row has a different number of fields`}},
	}
	set := compiled(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ps problem.List
			rows := 0
			if err := readCSV(strings.NewReader(c.text), "p.csv", c.kind, set, &ps, func(int, map[string]any) { rows++ }); err != nil {
				t.Fatal(err)
			}
			if rows != c.rows {
				t.Errorf("%d rows, want %d", rows, c.rows)
			}
			if len(ps.Items) != len(c.problems) {
				t.Fatalf("problems %v, want %d", ps.Items, len(c.problems))
			}
			for i, want := range c.problems {
				if got := ps.Items[i].Error(); !strings.Contains(got, want) {
					t.Errorf("problem %q, want it to contain %q", got, want)
				}
			}
		})
	}
}

// TestStreamLineNumbers checks that problems carry the right line across chunk
// boundaries and that results do not depend on the number of workers.
func TestStreamLineNumbers(t *testing.T) {
	set := compiled(t)
	var b bytes.Buffer
	bad := map[int]bool{}
	for i := 1; i <= 40000; i++ {
		switch {
		case i%9973 == 0:
			b.WriteString("{not json}\n")
			bad[i] = true
		case i == 20000:
			b.WriteString("\n") // blank lines are skipped, but counted
		default:
			fmt.Fprintf(&b, `{"time":"2026-07-03T08:14:09Z","user_id":"u-%05d","app":"payroll","method":"passkey_synced","outcome":"success"}`+"\n", i)
		}
	}
	run := func(procs int) (int, []int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		n := 0
		var lines []int
		for e, p := range streamJSONL(bytes.NewReader(b.Bytes()), "a.jsonl", authEventDecoder(set)) {
			if p != nil {
				lines = append(lines, p.Line)
				continue
			}
			if e.UserID == "" {
				t.Fatal("empty record")
			}
			n++
		}
		return n, lines
	}
	n1, l1 := run(1)
	n4, l4 := run(4)
	if n1 != 40000-len(bad)-1 || n1 != n4 {
		t.Errorf("records: %d with 1 worker, %d with 4, want %d", n1, n4, 40000-len(bad)-1)
	}
	if fmt.Sprint(l1) != fmt.Sprint(l4) {
		t.Errorf("problem lines differ: %v vs %v", l1, l4)
	}
	for _, l := range l1 {
		if !bad[l] {
			t.Errorf("problem reported at line %d, which is valid", l)
		}
	}
	if len(l1) != len(bad) {
		t.Errorf("%d problems, want %d", len(l1), len(bad))
	}
}

func TestLongLineAndCorruptGzip(t *testing.T) {
	t.Parallel()
	set := compiled(t)
	long := "{\"x\":\"" + strings.Repeat("a", 3<<20) + "\"}\n"
	var probs []string
	for _, p := range streamJSONL(strings.NewReader("{}\n"+long), "a.jsonl", authEventDecoder(set)) {
		if p != nil {
			probs = append(probs, p.Error())
		}
	}
	if len(probs) < 2 || !strings.HasPrefix(probs[0], "a.jsonl:1: ") || !strings.Contains(probs[len(probs)-1], "a.jsonl:2: line is longer than 1 MiB") {
		t.Errorf("problems %q, want line 1 invalid and line 2 too long", probs)
	}

	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(w, `{"time":"2026-07-03T08:14:09Z","user_id":"u-%d","app":"a","method":"sms","outcome":"success"}`+"\n", i)
	}
	w.Close()
	flipped := bytes.Clone(gz.Bytes())
	flipped[len(flipped)/2] ^= 0xff
	for name, data := range map[string][]byte{"flipped byte": flipped, "truncated": gz.Bytes()[:gz.Len()-12]} {
		f := NewFolder(fstest.MapFS{"a.jsonl.gz": {Data: data}}, "ev")
		hf, err := f.openSource("a.jsonl.gz")
		if err != nil {
			t.Fatal(err)
		}
		var last *problem.Problem
		for _, p := range streamJSONL(hf, "ev/a.jsonl.gz", authEventDecoder(set)) {
			if p != nil {
				last = p
			}
		}
		if last == nil || !strings.Contains(last.Error(), "corrupt gzip data") || last.Line == 0 {
			t.Errorf("%s: problem %v, want corrupt gzip data with a line", name, last)
		}
	}
}

func TestPathConfinement(t *testing.T) {
	t.Parallel()
	f := NewFolder(fstest.MapFS{"ok.csv": {Data: []byte("x")}, "sub": {Mode: 0o755 | 1<<31}}, "ev")
	cases := []struct{ path, want string }{
		{"ok.csv", ""},
		{"../ok.csv", "leads outside the evidence folder"},
		{"sub/../../ok.csv", "leads outside the evidence folder"},
		{"/etc/passwd", "is absolute"},
		{"missing.csv", "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			file, err := f.open(c.path)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				file.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("open(%q) = %v, want %q", c.path, err, c.want)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(uint8(0), "user_id,persona,employment,privileged,in_scope\nu-1,frontline,employee,true,true\n")
	f.Add(uint8(1), "device_id,user_id,platform,os_version,hardware_keystore,managed,ownership,shared,last_seen\nd,u,ios,17.1,true,true,personal,false,2026-09-01\n")
	f.Add(uint8(2), "user_id,authenticator_id,type,registered_at,revoked_at\nu,a,sms,2026-01-01,\n")
	f.Add(uint8(3), "ticket_id,opened_at,resolved_at,category,subcategory,summary,stage\nT,2026-07-01,,\"a\"\"b\",,x,\n")
	f.Add(uint8(3), "\"unterminated\n")
	kinds := []Kind{Population, Devices, Authenticators, Tickets}
	set := compiled(f)
	f.Fuzz(func(t *testing.T, k uint8, text string) {
		var ps problem.List
		err := readCSV(strings.NewReader(text), "f.csv", kinds[int(k)%len(kinds)], set, &ps, func(int, map[string]any) {})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps.Items {
			if p.File != "f.csv" || p.Line < 1 {
				t.Fatalf("problem without a location: %v", p)
			}
		}
	})
}

func FuzzStreamJSONL(f *testing.F) {
	for _, s := range append(authSeeds, "a\nb\r\n\n{\"x\":1}") {
		f.Add(s)
	}
	set := compiled(f)
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		for _, p := range streamJSONL(strings.NewReader(text), "f.jsonl", authEventDecoder(set)) {
			if p != nil && (p.Line < 1 || p.Line > lines) {
				t.Fatalf("problem at line %d of a %d-line input: %v", p.Line, lines, p)
			}
		}
		for _, p := range streamJSONL(strings.NewReader(text), "f.jsonl", accountEventDecoder(set)) {
			if p != nil && p.Line < 1 {
				t.Fatalf("problem without a line: %v", p)
			}
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	f.Add(`organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "tickets"
path = "t.csv"
`)
	f.Add(`organization = "X"
period = { start = 2026-07-01, end = 2026-06-30 }
baseline_period = { start = 2026-04-01, end = 2026-07-30 }
[[source]]
kind = "nope"
path = "../t.csv"
format = "xml"
collected_at = 2026-10-01T00:00:00
`)
	f.Fuzz(func(t *testing.T, text string) {
		m, probs := ParseManifest("evidence.toml", []byte(text), nil)
		if (m == nil) == (probs == nil) {
			t.Fatalf("manifest %v and problems %v", m, probs)
		}
		for _, p := range probs {
			if p.File != "evidence.toml" || p.Msg == "" {
				t.Fatalf("problem without file or message: %v", p)
			}
		}
	})
}

func FuzzParseRules(f *testing.F) {
	f.Add(string(builtinRules))
	f.Add("[[rule]]\nname = \"x\"\nstage = \"enrolment\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		rules, probs := ParseRules("rules.toml", []byte(text))
		if rules != nil && probs != nil {
			t.Fatal("both rules and problems")
		}
		for _, r := range rules {
			if r.Name == "" || r.Stage == "" {
				t.Fatalf("rule without name or stage: %+v", r)
			}
		}
	})
}

func TestClassifyPrecedence(t *testing.T) {
	t.Parallel()
	rules, probs := ParseRules("built-in", builtinRules)
	if probs != nil {
		t.Fatal(probs)
	}
	cases := []struct {
		name, category, subcategory, summary, given string
		stage, rule                                 string
	}{
		{"given stage wins", "Identity", "", "lost phone", "enrolment", "enrolment", ""},
		{"lost device before readiness", "", "", "Lost phone, and the new one is unsupported", "", "lost_device_recovery", "lost-device"},
		{"readiness before enrolment", "", "", "cannot enrol: TPM missing", "", "device_readiness", "device-readiness"},
		{"migration before enrolment", "", "", "Migrate passkey to new laptop, enrol again", "", "authenticator_migration", "migration"},
		{"subcategory match", "Identity", "Password Reset", "please help", "", "password_reset", "password-reset"},
		{"auth category alone", "SSO", "", "cannot reach app", "", "other_auth", "auth-category"},
		{"unrelated", "Hardware", "Printer", "paper jam", "", "unrelated", ""},
		{"jira tag", "", "", "help please", "tag:Lost or Stolen Device", "lost_device_recovery", "lost-device"},
		{"servicenow close code", "Inquiry", "", "help please", "close:Account Unlocked", "password_reset", "password-reset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := Ticket{Category: c.category, Subcategory: c.subcategory, Summary: c.summary, Stage: c.given, StageGiven: c.given != ""}
			if tag, ok := strings.CutPrefix(c.given, "tag:"); ok {
				tk.Stage, tk.StageGiven, tk.Tags = "", false, []string{"other", tag}
			}
			if code, ok := strings.CutPrefix(c.given, "close:"); ok {
				tk.Stage, tk.StageGiven, tk.CloseCode = "", false, code
			}
			ts := []Ticket{tk}
			Classify(ts, rules)
			if ts[0].Stage != c.stage || ts[0].Rule != c.rule {
				t.Errorf("stage %q rule %q, want %q %q", ts[0].Stage, ts[0].Rule, c.stage, c.rule)
			}
		})
	}
}
