package vendorio

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/internal/problem"
)

func collect(t *testing.T, text string) ([]Object, error) {
	t.Helper()
	var out []Object
	err := JSONRecords(strings.NewReader(text), func(o Object) bool {
		out = append(out, o)
		return true
	})
	return out, err
}

func TestJSONRecordsShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		text  string
		lines []int
	}{
		{"pretty array", "[\n  {\"a\": 1},\n  {\n    \"a\": 2\n  }\n]\n", []int{2, 3}},
		{"compact array", `[{"a":1},{"a":2}]`, []int{1, 1}},
		{"json lines", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}", []int{1, 3, 4}},
		{"graph page", "{\"@odata.context\": \"x\", \"value\": [{\"a\":1},{\"a\":2}]}", []int{2, 3}},
		{"graph pages one per line", "{\"value\": [{\"a\":1}]}\n{\"value\": [{\"a\":2},{\"a\":3}]}\n", []int{2, 3, 4}},
		{"single object", "{\"a\": 1, \"b\": {\"c\": 2}}", []int{1}},
		{"byte-order mark", "\ufeff[{\"a\":1}]", []int{1}},
		{"empty", "  \n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			objs, err := collect(t, c.text)
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, o := range objs {
				lines = append(lines, o.Line)
			}
			if len(lines) != len(c.lines) {
				t.Fatalf("lines %v, want %v", lines, c.lines)
			}
			for i := range lines {
				if lines[i] != c.lines[i] {
					t.Errorf("lines %v, want %v", lines, c.lines)
					break
				}
			}
		})
	}
}

func TestJSONRecordsErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"truncated array", "[\n{\"a\":1},\n{\"a\":", 3, "ends before it is complete"},
		{"only an opening bracket", "[", 1, "ends before it is complete"},
		{"bad line in JSON Lines", "{\"a\":1}\n{\"a\":}\n", 2, "invalid JSON"},
		{"array of numbers", "[\n1\n]", 2, "want a JSON object"},
		{"not JSON", "hello", 1, "want a JSON array"},
		{"data after the array", "[{\"a\":1}]\n[2]", 2, "unexpected data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := collect(t, c.text)
			e, ok := err.(*problem.Problem)
			if !ok || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error %#v, want line %d with %q", err, c.line, c.msg)
			}
		})
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	objs, err := collect(t, `{"Properties": {"AuthenticationDetails": "[{\"authenticationMethod\":\"FIDO2 security key\"}]", "status": "{\"errorCode\": 0}"}, "Flag": "TRUE"}`)
	if err != nil {
		t.Fatal(err)
	}
	m := objs[0].Map
	if got := Array(m, "properties", "authenticationDetails"); len(got) != 1 {
		t.Errorf("Array through a JSON-encoded string: %v", got)
	}
	if got := String(m, "PROPERTIES", "status", "ErrorCode"); got != "0" {
		t.Errorf("String = %q", got)
	}
	if v, ok := Bool(m, "flag"); !v || !ok {
		t.Errorf("Bool = %v %v", v, ok)
	}
	if _, ok := Bool(m, "missing"); ok {
		t.Error("absent value reported as a boolean")
	}
}

func FuzzJSONRecords(f *testing.F) {
	f.Add("[\n{\"a\":1},\n{\"b\":[1,2]}\n]")
	f.Add("{\"value\":[{\"a\":1}]}")
	f.Add("{\"a\":1}\n{\"a\":2}")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		err := JSONRecords(strings.NewReader(text), func(o Object) bool {
			if o.Map == nil || o.Line < 1 {
				t.Fatalf("object %+v", o)
			}
			return true
		})
		if e, ok := err.(*problem.Problem); ok && (e.Line < 0 || e.Line > lines+1) {
			t.Fatalf("error line %d of %d: %v", e.Line, lines, e)
		}
	})
}

func TestCSVRows(t *testing.T) {
	t.Parallel()
	text := "Issue key,Summary,Labels,Labels, Application ID ,Autonomous system  number\nSD-1,Lost phone,passkey,mobile,app-1,123\nSD-2,\"Quoted, comma\",,,app-2,\n"
	var rows []*Row
	err := CSVRows(strings.NewReader(text), func(h Header) error {
		if !h.Has("issue key") {
			return MissingColumn("Issue key")
		}
		return nil
	}, func(r *Row) bool { rows = append(rows, r); return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].Line != 3 {
		t.Fatalf("rows %d, second at line %d", len(rows), rows[1].Line)
	}
	if got := rows[0].All("labels"); strings.Join(got, "|") != "passkey|mobile" {
		t.Errorf("repeated header values %v", got)
	}
	if rows[0].Get("application id") != "app-1" || rows[0].Get("Autonomous System Number") != "123" {
		t.Error("headers with stray spaces not matched")
	}
	err = CSVRows(strings.NewReader("Summary\nx\n"), func(h Header) error {
		if !h.Has("issue key") {
			return MissingColumn("Issue key", "Key")
		}
		return nil
	}, func(*Row) bool { return true })
	if e, ok := err.(*problem.Problem); !ok || e.Line != 1 || !strings.Contains(e.Msg, `missing column "Issue key"`) {
		t.Errorf("missing key column: %v", err)
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	layouts := []string{time.RFC3339Nano, "2006-01-02 15:04:05", "1/2/2006 3:04 PM"}
	want := time.Date(2026, 6, 3, 7, 41, 0, 0, time.UTC)
	for _, s := range []string{"2026-06-03T07:41:00Z", " 2026-06-03T09:41:00+02:00 ", "2026-06-03 07:41:00", "6/3/2026 7:41 AM"} {
		got, ok := ParseTime(s, layouts)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v in UTC", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "3 June 2026", "2026-06-03"} {
		if _, ok := ParseTime(s, layouts); ok {
			t.Errorf("ParseTime(%q) accepted", s)
		}
	}
}

func TestLineIndex(t *testing.T) {
	t.Parallel()
	x := NewLineIndex([]byte("a\nbc\n\nd"))
	for _, c := range []struct{ off, line int }{{0, 1}, {1, 1}, {2, 2}, {5, 3}, {6, 4}, {99, 4}, {3, 2}, {-1, 1}} {
		if got := x.Line(c.off); got != c.line {
			t.Errorf("Line(%d) = %d, want %d", c.off, got, c.line)
		}
	}
}

func TestVersions(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"14.5 (23F79)": "14.5", "17.5.1 21F90": "17.5.1", " 10.0.22631.3593": "10.0.22631.3593", "14.5b": "", ".1": "", "1..2": "", "": ""} {
		if got, ok := LeadingVersion(in); got != want || ok != (want != "") {
			t.Errorf("LeadingVersion(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if MajorVersion("26.0.1") != 26 || MajorVersion("x") != 0 {
		t.Error("MajorVersion")
	}
}
