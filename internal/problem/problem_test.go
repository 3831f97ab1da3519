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
