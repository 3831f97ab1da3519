package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestProblemText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "tickets.csv", Line: 4, Where: `column "opened_at"`, Found: "2026-13-01", Msg: "is not a date-time", Want: "RFC 3339, e.g. 2026-07-01T09:30:00Z"},
			`tickets.csv:4: column "opened_at": "2026-13-01" is not a date-time (want RFC 3339, e.g. 2026-07-01T09:30:00Z)`},
		{Problem{File: "evidence.toml", Msg: "no source of kind population"}, "evidence.toml: no source of kind population"},
		{Problem{Line: 7, Msg: "want a JSON object"}, "line 7: want a JSON object"},
		{Problem{Msg: "bare"}, "bare"},
		{Problem{File: "a.json", Line: 2, Where: "/apps/0", Msg: "missing property"}, "a.json:2: /apps/0: missing property"},
	} {
		if got := tc.p.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestListCapsAndCounts(t *testing.T) {
	t.Parallel()
	var l List
	if l.Err() != nil {
		t.Fatal("an empty list is no error")
	}
	for i := range Max + 7 {
		l.Add(At("f.csv", i+1, "row %d is bad", i+1))
	}
	if len(l.Items) != Max || l.Omitted != 7 || l.Len() != Max+7 || !l.Full() {
		t.Fatalf("items %d omitted %d", len(l.Items), l.Omitted)
	}
	err := l.Err()
	var inv *Invalid
	if !errors.As(fmt.Errorf("wrapped: %w", err), &inv) || inv.Count() != Max+7 {
		t.Fatalf("Err() = %v", err)
	}
	if got := inv.Error(); len(got) == 0 || got[len(got)-len("... and 7 more problems"):] != "... and 7 more problems" {
		t.Errorf("Error() ends %q", got[max(0, len(got)-40):])
	}
}

func TestInvalidSummary(t *testing.T) {
	t.Parallel()
	one := &Invalid{Input: "the evidence", Problems: []*Problem{At("a.csv", 2, "bad")}}
	if got := one.Summary(); got != "the evidence is invalid (1 problem)" {
		t.Errorf("Summary() = %q", got)
	}
	l := List{Input: "the catalogue"}
	l.Add(At("c.toml", 1, "x"))
	l.Add(At("c.toml", 2, "y"))
	inv := l.Err().(*Invalid)
	if got := inv.Summary(); got != "the catalogue is invalid (2 problems)" {
		t.Errorf("Summary() = %q", got)
	}
	if got := (&Invalid{Problems: inv.Problems, Omitted: 3}).Summary(); got != "the input is invalid (5 problems)" {
		t.Errorf("Summary() = %q", got)
	}
}

// TestListGroupsRepeats: a ServiceNow export made by a user whose date
// format is dd.MM.yyyy has one bad date on every row; the list names it once
// with its row count and first lines, and the cap counts distinct problems.
func TestListGroupsRepeats(t *testing.T) {
	t.Parallel()
	l := List{Input: "the evidence"}
	for i := range 466 {
		l.Add(&Problem{File: "servicenow.csv", Line: i + 2, Where: "opened_at",
			Msg: fmt.Sprintf("%q is a date in an unknown format; want yyyy-MM-dd HH:mm:ss", fmt.Sprintf("%02d.07.2026 09:%02d:00", i%28+1, i%60))})
	}
	for i := range Max + 5 { // distinct problems: each its own line
		l.Add(At("population.csv", i+2, "row %d is bad", i))
	}
	if len(l.Items) != Max || l.Omitted != 6 || l.Len() != 466+Max+5 {
		t.Fatalf("items %d, omitted %d, len %d", len(l.Items), l.Omitted, l.Len())
	}
	want := `servicenow.csv: 466 rows: opened_at: "01.07.2026 09:00:00" is a date in an unknown format; want yyyy-MM-dd HH:mm:ss; first at lines 2, 3, 4`
	if got := l.Items[0].Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	inv := l.Err().(*Invalid)
	if inv.Count() != 466+Max+5 || inv.Summary() != "the evidence is invalid (521 problems)" {
		t.Errorf("count %d, summary %q", inv.Count(), inv.Summary())
	}

	two := List{}
	a := &Problem{File: "t.csv", Line: 3, Where: `column "stage"`, Msg: `"x" is not one of "a", "b"`}
	two.Add(a)
	two.Add(&Problem{File: "t.csv", Line: 9, Where: `column "stage"`, Msg: `"y" is not one of "a", "b"`})
	two.Add(&Problem{File: "t.csv", Line: 9, Where: `column "other"`, Msg: `"y" is not one of "a", "b"`})
	two.Add(&Problem{File: "t.csv", Msg: "file-level"})
	two.Add(&Problem{File: "t.csv", Msg: "file-level"})
	if len(two.Items) != 4 || two.Items[0].Error() != `t.csv: 2 rows: column "stage": "x" is not one of "a", "b"; at lines 3, 9` {
		t.Errorf("items %v", two.Items)
	}
	if a.Rows != 0 || a.Lines != nil {
		t.Errorf("the problem added first was changed: %+v", a)
	}
	// A list built from another's problems keeps their rows.
	again := List{}
	for _, p := range two.Items {
		again.Add(p)
	}
	again.Add(&Problem{File: "t.csv", Line: 12, Where: `column "stage"`, Msg: `"z" is not one of "a", "b"`})
	if again.Items[0].Rows != 3 || fmt.Sprint(again.Items[0].Lines) != "[3 9 12]" {
		t.Errorf("regrouped %+v", again.Items[0])
	}
}

func TestWithoutQuoted(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`"a\"b" is bad`:         `"" is bad`,
		`no quotes`:             `no quotes`,
		`x "y" z "w`:            `x "" z ""`,
		`column "a" and "b"`:    `column "" and ""`,
		`ends with backslash \`: `ends with backslash \`,
	} {
		if got := withoutQuoted(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// FuzzList: whatever the problems, grouping never panics, lists at most Max,
// counts every one added and names at most three lines for a group.
func FuzzList(f *testing.F) {
	f.Add("a.csv", "column \"x\"", `"1" is bad`, `"2" is bad`, 3, 7)
	f.Add("", "", `"`, `\"`, 0, 0)
	f.Add("f", "w", `"a\`, `"b`, -1, 1)
	f.Fuzz(func(t *testing.T, file, where, msg1, msg2 string, line1, line2 int) {
		var l List
		n := 0
		for i := range 120 {
			msg, line := msg1, line1+i
			if i%3 == 0 {
				msg, line = msg2, line2+i
			}
			l.Add(&Problem{File: file, Line: line, Where: where, Msg: msg})
			n++
		}
		if l.Len() != n || len(l.Items) > Max {
			t.Fatalf("len %d of %d added, %d items", l.Len(), n, len(l.Items))
		}
		for _, p := range l.Items {
			if len(p.Lines) > shownLines || (p.Rows > 1) != (len(p.Lines) > 0) {
				t.Fatalf("group %+v", p)
			}
			_ = p.Error()
		}
	})
}

// TestPersonalValuesAreDescribed: a message quotes enum values, dates and
// the program's own hints, but describes a value that looks like an e-mail
// address, a phone number or free text, wherever the problem carries it,
// and no control character of a file name or value reaches the terminal.
func TestPersonalValuesAreDescribed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		p    Problem
		want string
	}{
		{"enum in Found", Problem{File: "population.csv", Line: 5, Where: `column "persona"`, Found: "manager", Msg: "is not a persona"},
			`population.csv:5: column "persona": "manager" is not a persona`},
		{"e-mail in Found", Problem{File: "population.csv", Line: 3, Where: `column "persona"`, Found: "jane.doe@example.test", Msg: "is not a persona"},
			`population.csv:3: column "persona": a 21-character e-mail address is not a persona`},
		{"free text in Found", Problem{File: "tickets.csv", Line: 2, Where: `column "stage"`, Found: "Lost phone and cannot sign in", Msg: "is not a stage"},
			`tickets.csv:2: column "stage": a 29-character text is not a stage`},
		{"phone in Found", Problem{File: "p.csv", Line: 2, Found: "+44 20 7946 0958", Msg: "is not a role"},
			`p.csv:2: a 16-character phone number is not a role`},
		{"e-mail quoted in Msg", Problem{File: "a.json", Line: 4, Where: "/user", Msg: `found "jane.doe@example.test"; want a user id`},
			`a.json:4: /user: found a 21-character e-mail address; want a user id`},
		{"date quoted in Msg", Problem{File: "t.csv", Line: 4, Where: `column "opened_at"`, Msg: `"2026-13-01" is not a date-time`},
			`t.csv:4: column "opened_at": "2026-13-01" is not a date-time`},
		{"hint quoted in Msg", Problem{File: "p.csv", Line: 1, Msg: `save it as "CSV UTF-8 (Comma delimited)"`},
			`p.csv:1: save it as "CSV UTF-8 (Comma delimited)"`},
		{"cut value in Msg", Problem{File: "p.csv", Line: 2, Msg: `"Please reset my phone, it was stolen at th…" is not one of "a", "b"`},
			`p.csv:2: a text of more than 42 characters is not one of "a", "b"`},
		{"escaped quote", Problem{File: "p.csv", Line: 2, Msg: `"say \"hi\"" is odd; "jo@x.example"`},
			`p.csv:2: "say \"hi\"" is odd; a 12-character e-mail address`},
		{"unbalanced quote", Problem{File: "p.csv", Line: 2, Msg: `a lone " in a message`}, `p.csv:2: a lone " in a message`},
		{"control characters", Problem{File: "ev\x1b[2J.csv", Line: 2, Where: "col\r", Found: "x\x1by", Msg: "bad\u202e value"},
			`ev[2J.csv:2: col : "x\x1by" bad value`},
	} {
		if got := tc.p.Error(); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
	pub := (&Problem{File: "p.csv", Line: 3, Found: "jane.doe@example.test", Msg: `or "jo@x.example"`}).Public()
	if pub.Found != "a 21-character e-mail address" || pub.Msg != "or a 12-character e-mail address" {
		t.Errorf("Public() = %+v", pub)
	}
}

// TestDescribedValuesGroup: rows whose values are described rather than
// quoted (e-mail addresses of different lengths in an enum column) are one
// problem of several rows, as quoted values are.
func TestDescribedValuesGroup(t *testing.T) {
	t.Parallel()
	var l List
	for i, v := range []string{"a 21-character e-mail address", "a 9-character e-mail address", "a text of more than 60 characters", `"manager"`} {
		l.Add(At("population.csv", i+2, "%s is not one of \"frontline\", \"it_admin\"", v))
	}
	if len(l.Items) != 1 || l.Items[0].Rows != 4 {
		t.Fatalf("%d problems (%v), want one of 4 rows", len(l.Items), l.Err())
	}
	if got := l.Items[0].Error(); got != `population.csv: 4 rows: a 21-character e-mail address is not one of "frontline", "it_admin"; first at lines 2, 3, 4` {
		t.Errorf("Error() = %s", got)
	}
}
