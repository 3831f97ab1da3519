package tomlpos

import (
	"strings"
	"testing"
)

const doc = `name = "x"   # comment
period = { start = 2026-07-01, end = 2026-09-30 }

[[control]]
id = "A-01"
remediation = """
not = a key
"""
[control.finding]
pass = "p"
[[control.check]]
metric = "m"
[[control.check]]
metric = "m2"
op = ">="

[[control]]
id = "B-02"
evidence = [
  "devices",
]
[[control.check]]
op = "<"
`

func TestLine(t *testing.T) {
	t.Parallel()
	ix := New(doc)
	cases := []struct {
		name string
		path []string
		want int
	}{
		{"top key", []string{"name"}, 1},
		{"inline table falls back to its key", []string{"period", "end"}, 2},
		{"array table", []string{"control", "0"}, 4},
		{"key in first table", []string{"control", "0", "id"}, 5},
		{"sub table", []string{"control", "0", "finding", "pass"}, 10},
		{"second nested array table", []string{"control", "0", "check", "1", "op"}, 15},
		{"second control", []string{"control", "1", "id"}, 18},
		{"key after multi-line array", []string{"control", "1", "check", "0", "op"}, 23},
		{"nested index resets per parent", []string{"control", "1", "check", "0"}, 22},
		{"unknown falls back to prefix", []string{"control", "1", "nope"}, 17},
		{"not in multi-line string", []string{"control", "0", "not"}, 4},
		{"unknown", []string{"zzz"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ix.Line(c.path); got != c.want {
				t.Errorf("Line(%v) = %d, want %d", c.path, got, c.want)
			}
		})
	}
}

func FuzzNew(f *testing.F) {
	f.Add(doc)
	f.Add("[[a.b]]\n[a\n= 1\n\"\"\"")
	f.Fuzz(func(t *testing.T, s string) {
		New(s).Line([]string{"a", "0", "b"})
	})
}

func TestRaw(t *testing.T) {
	text := "collected_at = 2026-10-01 08:00   # local\n" +
		"period = { start = 2026-07-01, end = 2026-09-30 }\n" +
		"\"quoted\" = 2026-10-01T08:00:00\n" +
		"note = \"collected_at = x\"\n" +
		"old_collected_at = 1\n"
	cases := []struct {
		line      int
		key, want string
	}{
		{1, "collected_at", "2026-10-01 08:00"},
		{2, "end", "2026-09-30"},
		{2, "start", "2026-07-01"},
		{3, "quoted", "2026-10-01T08:00:00"},
		{4, "collected_at", ""},
		{5, "collected_at", ""},
		{9, "x", ""},
	}
	for _, c := range cases {
		if got := Raw(text, c.line, c.key); got != c.want {
			t.Errorf("line %d %s: %q, want %q", c.line, c.key, got, c.want)
		}
	}
}

// FuzzRaw: whatever the text, line and key, Raw never panics and returns
// part of that line.
func FuzzRaw(f *testing.F) {
	f.Add("collected_at = 2026-10-01 08:00 # x\n", 1, "collected_at")
	f.Add("p = { start = 2026-07-01, end = 2026-09-30 }", 1, "end")
	f.Add("\"k\" = '1'\nk=", 2, "k")
	f.Add("a = \"=\" k = 1", 1, "k")
	f.Add("", 0, "")
	f.Fuzz(func(t *testing.T, text string, line int, key string) {
		got := Raw(text, line, key)
		if got == "" {
			return
		}
		lines := strings.Split(text, "\n")
		if line < 1 || line > len(lines) || !strings.Contains(lines[line-1], got) {
			t.Fatalf("Raw(%q, %d, %q) = %q, not part of the line", text, line, key, got)
		}
	})
}
