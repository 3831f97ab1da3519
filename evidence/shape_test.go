package evidence

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestFileShapes: a file in the shape Windows tools save it is read, or
// refused with a message at its line 1 saying what it is and how to fix it;
// never a quoting error.
func TestFileShapes(t *testing.T) {
	t.Parallel()
	const header = "user_id,persona,employment,privileged,in_scope"
	rows := []string{header, "u-1,frontline,employee,false,true", "u-2,it_admin,employee,true,true"}
	joined := func(sep, eol string) string {
		return strings.ReplaceAll(strings.Join(rows, eol)+eol, ",", sep)
	}
	zipOf := func(name, body string) string {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create(name)
		w.Write([]byte(body))
		zw.Close()
		return b.String()
	}
	utf16le := func(s string) string {
		var b bytes.Buffer
		for _, u := range utf16.Encode([]rune("\ufeff" + s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.String()
	}
	gzipOf := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	quoted := "\ufeff\"" + strings.ReplaceAll(strings.Join(rows, "\"\r\n\""), ",", "\",\"") + "\"\r\n"
	cases := []struct {
		name, source, file string
		records            int
		want               string // the one problem; "" for none
	}{
		{"mark before a quoted header (Export-Csv -Encoding UTF8)", "", quoted, 2, ""},
		{"ZIP", "", zipOf("HR-export.csv", joined(",", "\n")), 0, `ev/population.csv:1: this file is a ZIP archive holding "HR-export.csv"; unzip it and name the CSV inside`},
		{"gzip of UTF-16", "", gzipOf(utf16le(joined("\t", "\r\n"))), 0, "ev/population.csv:1: this file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8"},
		{"semicolons, undeclared", "", "\ufeff" + joined(";", "\r\n"), 0, `ev/population.csv:1: this file looks semicolon-delimited (its first line has 4 ";" and no ","); want commas: save it as "CSV UTF-8 (Comma delimited)", or declare delimiter = ";"`},
		{"tabs, undeclared", "", joined("\t", "\n"), 0, `ev/population.csv:1: this file looks tab-delimited (its first line has 4 tabs and no ","); want commas: save it as "CSV UTF-8 (Comma delimited)", or declare delimiter = "\t"`},
		{"semicolons, declared", `delimiter = ";"`, "\ufeff" + joined(";", "\r\n"), 2, ""},
		{"tabs, declared", `delimiter = "\t"`, joined("\t", "\n"), 2, ""},
		{"commas, declared as semicolons", `delimiter = ";"`, joined(",", "\n"), 0, `ev/population.csv:1: this file looks comma-delimited (its first line has 4 "," and no ";"), but its [[source]] in evidence.toml declares delimiter = ";"; want the delimiter the file uses: remove the delimiter key`},
		{"an unknown delimiter", `delimiter = "|"`, joined(",", "\n"), 0, `ev/evidence.toml:6: source[0].delimiter: "|" is not one of`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := fakeFolder(map[string]string{
				"evidence.toml":  "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"population\"\npath = \"population.csv\"\n" + c.source + "\n",
				"population.csv": c.file,
			})
			s, err := Load(f, nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") {
				t.Fatalf("problems:\n%s\nwant one: %s", got, c.want)
			}
			if c.want == "" && len(s.People) != c.records {
				t.Errorf("%d records, want %d", len(s.People), c.records)
			}
		})
	}
}

// TestStreamedFileShapes: a streamed source is checked when the folder is
// loaded, and a CSV delimiter on a JSON Lines source is a manifest problem.
func TestStreamedFileShapes(t *testing.T) {
	t.Parallel()
	manifest := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"auth_events\"\npath = \"auth_events.jsonl\"\n"
	f := fakeFolder(map[string]string{"evidence.toml": manifest, "auth_events.jsonl": "\xff\xfe{\x00}\x00"})
	if _, err := Load(f, nil); err == nil || !strings.HasPrefix(err.Error(), "ev/auth_events.jsonl:1: this file is UTF-16") {
		t.Errorf("error %v, want UTF-16 at auth_events.jsonl:1", err)
	}
	f = fakeFolder(map[string]string{"evidence.toml": manifest + "delimiter = \";\"\n", "auth_events.jsonl": ""})
	if _, err := Load(f, nil); err == nil || !strings.Contains(err.Error(), "ev/evidence.toml:6: source[0].delimiter: a jsonl source has no delimiter; want the key only on CSV sources") {
		t.Errorf("error %v, want the delimiter refused at evidence.toml:6", err)
	}
}

// TestByteOrderMarkAnyFormat: Windows PowerShell 5.1 writes a UTF-8 mark
// before any text it saves with -Encoding UTF8 ("In Windows PowerShell, any
// Unicode encoding, except UTF7, always creates a BOM": Microsoft Learn,
// about_Character_Encoding); native JSON Lines and JSON were refused with
// "invalid character 'ï'". The mark is dropped for every format; the digest
// still covers it.
func TestByteOrderMarkAnyFormat(t *testing.T) {
	t.Parallel()
	const bom = "\ufeff"
	events := `{"time":"2026-07-03T08:14:09Z","user_id":"u-1","app":"payroll","method":"windows_hello","outcome":"success"}` + "\r\n"
	f := fakeFolder(map[string]string{
		"evidence.toml": bom + "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n[[source]]\nkind = \"auth_events\"\npath = \"a.jsonl\"\n[[source]]\nkind = \"policies\"\npath = \"p.json\"\n[[source]]\nkind = \"governance\"\npath = \"g.toml\"\n",
		"a.jsonl":       bom + events,
		"p.json":        bom + `{"idp": {"max_session_hours": 12}, "apps": []}`,
		"g.toml":        bom + "owner = \"Identity team\"\n",
	})
	s, err := Load(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range s.AuthEvents() {
		if p != nil {
			t.Fatal(p)
		}
		n++
	}
	if n != 1 || s.Policies == nil || s.Governance == nil {
		t.Errorf("%d sign-ins, policies %v, governance %v", n, s.Policies, s.Governance)
	}
	if st := s.Sources[0]; st.Bytes != int64(len(bom+events)) {
		t.Errorf("%d bytes hashed, want %d (the mark included)", st.Bytes, len(bom+events))
	}
}
