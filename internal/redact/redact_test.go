package redact

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, line, lines string }{
		{"Northwind Health", "Northwind Health", "Northwind Health"},
		{"North\x1b[2Jwind\rHealth", "North[2Jwind Health", "North[2Jwind Health"},
		{"a\nb\tc", "a b c", "a\nb c"},
		{"a\r\nb\r", "a  b ", "a\nb "},
		{"evil\u202egnp.exe", "evilgnp.exe", "evilgnp.exe"},               // right-to-left override
		{"x\u2066y\u2069z\u200bw\ufeff", "xyzw", "xyzw"},                  // isolates, zero width, BOM
		{"C1\u009bcontrol\u0085next", "C1control next", "C1control next"}, // CSI, NEL
		{"Zürich ≥ 95 %", "Zürich ≥ 95 %", "Zürich ≥ 95 %"},
		{"bad \xff byte", "bad \ufffd byte", "bad \ufffd byte"},
		{"line\u2028sep", "line sep", "line sep"},
	} {
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := Lines(tc.in); got != tc.lines {
			t.Errorf("Lines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		// the vocabularies of the vendor formats are shown as they are
		{"user.authentication.auth_via_mfa:ENROLLMENT", "user.authentication.auth_via_mfa:ENROLLMENT", true},
		{"Update  user", "Update user", true},
		{" Update user ", "Update user", true},
		{"Update\tuser\n", "Update user", true},
		{"Update user ", "Update user", true},
		{"Add FIDO2 security key", "Add FIDO2 security key", true},
		{"3002:activity 2", "3002:activity 2", true},
		{"interrupted (error 50074: strong authentication required)", "interrupted (error 50074: strong authentication required)", true},
		{"temporaryAccessPass (temporary, not a held authenticator)", "temporaryAccessPass (temporary, not a held authenticator)", true},
		{`unrecognised method "hardwareOath" (not counted)`, `unrecognised method "hardwareOath" (not counted)`, true},
		{"OS ios/ipados", "OS ios/ipados", true},
		{"OS windows 10.0.19044", "OS windows 10.0.19044", true},
		{"Custom activity 2026-07-01", "Custom activity 2026-07-01", true},
		{"Réinitialiser le mot de passe", "Réinitialiser le mot de passe", true},
		{"class 3001", "class 3001", true},
		// personal data, free text and control characters are not
		{"jane.doe@harrowgate.example", "", false},
		{"Update user jane.doe@harrowgate.example", "", false},
		{"Sync DESKTOP-4F2K9QJ", "", false},
		{"LAPTOP-ABCDEFG", "", false},
		{"host ws-0042", "", false},
		{"PC042", "", false},
		{"device 00:1A:2B:3C:4D:5E", "", false},
		{"object b2e17df4-c672-42a4-9ac6-14de82a96a11", "", false},
		{"call +44 20 7946 0958", "", false},
		{"call (555) 123-4567", "", false},
		{"Update \x1b[31muser", "", false},
		{"Update user\u202e", "", false},
		{"Jane's iPhone", "", false},
		{strings.Repeat("A", MaxLabelLength+1), "", false},
		{strings.Repeat("A", 300_000), "", false},
		{"   ", "", false},
	} {
		got, ok := Label(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Label(%.60q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		// quoted as they are: enum values, dates, numbers, versions, ids
		{"carrier_pigeon", ""},
		{"2026-13-01", ""},
		{"05.03.2026 12:57:36", ""},
		{"2026-07-01T09:30:00+02:00", ""},
		{"10.0.22631.3007", ""},
		{"1234567", ""},
		{"u-0042", ""},
		{"Knowledge Worker", ""},
		{"Jul 3, 2026 09:30", ""},
		// described
		{"jane.doe@harrowgate.example", "a 27-character e-mail address"},
		{"+44 20 7946 0958", "a 16-character phone number"},
		{"555-123-4567", "a 12-character phone number"},
		{"07700900123", "an 11-character phone number"},
		{"Lost phone and cannot sign in", "a 29-character text"},
		{strings.Repeat("x", 300_000), "a 300000-character text"},
		{strings.Repeat("x", 80), ""},
		{strings.Repeat("x", 180), "a 180-character text"},
		{strings.Repeat("y", 81) + "…", "a text of more than 81 characters"},
		{"jane.doe@harrowgate.exa…", "an e-mail address of more than 23 characters"},
	} {
		if got := Value(tc.in); got != tc.want {
			t.Errorf("Value(%.60q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestArticle(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{1: "a", 8: "an", 11: "an", 18: "an", 23: "a", 80: "an", 111: "a", 800: "an", 11_000: "an", 18_500: "an", 110: "a"} {
		if got := article(n); got != want {
			t.Errorf("article(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"12 devices without a primary user counted as shared", 100, "12 devices without a primary user counted as shared"},
		{"timestamps below 1e11 were read as epoch seconds (SP 800-63B)", 100, "timestamps below 1e11 were read as epoch seconds (SP 800-63B)"},
		{"read via @odata.nextLink", 100, "read via @odata.nextLink"},
		{"owner jane@x.example set\x1b[0m it", 100, "owner [withheld] set[0m it"},
		{"device b2e17df4-c672-42a4-9ac6-14de82a96a11 seen", 100, "device [withheld] seen"},
		{strings.Repeat("a", 50), 10, "aaaaaaaaa…"},
	} {
		if got := Sentence(tc.in, tc.max); got != tc.want {
			t.Errorf("Sentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzLabel: no input panics, and whatever Label lets through is bounded,
// free of control characters and stable under a second pass.
func FuzzLabel(f *testing.F) {
	for _, s := range []string{"Update user", "jane@x.example", "DESKTOP-4F2K9QJ", "\x1b[31m", "a\u202eb", "+1 (555) 123-4567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Label(s)
		if !ok {
			return
		}
		if len([]rune(got)) > MaxLabelLength || Line(got) != got || Classify(got) != "" {
			t.Fatalf("Label(%q) = %q", s, got)
		}
		if again, ok := Label(got); !ok || again != got {
			t.Fatalf("Label(Label(%q)) = %q, %v", s, again, ok)
		}
		_ = Value(s)
		_ = Sentence(s, 20)
	})
}

func TestWithoutValues(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"jane@x.example", "+44 20 7946 0958", "Lost phone and cannot sign in", strings.Repeat("z", 70) + "…"} {
		if got := WithoutValues(Value(v)+" is bad", `""`); got != `"" is bad` {
			t.Errorf("WithoutValues(Value(%q)) = %q", v, got)
		}
	}
	if got := WithoutValues("a 5-character code", "X"); got != "a 5-character code" {
		t.Errorf("a description of another kind changed: %q", got)
	}
}
