package report

import "testing"

func TestSeverityOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sev  Severity
		rank int
	}{{Critical, 0}, {High, 1}, {Medium, 2}, {Low, 3}, {"urgent", -1}, {"", -1}} {
		if got := tc.sev.Rank(); got != tc.rank {
			t.Errorf("%q.Rank() = %d, want %d", tc.sev, got, tc.rank)
		}
	}
	for _, tc := range []struct {
		s, o Severity
		want bool
	}{
		{Critical, High, true}, {High, High, true}, {Medium, High, false}, {Low, Critical, false},
		{"urgent", Low, false}, {Critical, "urgent", false},
	} {
		if got := tc.s.AtLeast(tc.o); got != tc.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tc.s, tc.o, got, tc.want)
		}
	}
}

func TestStatusClasses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s                 Status
		assessed, failing bool
		title             string
	}{
		{Pass, true, false, "Pass"},
		{Fail, true, true, "Fail"},
		{InsufficientEvidence, true, true, "Insufficient evidence"},
		{NotApplicable, false, false, "Not applicable"},
		{Waived, false, false, "Waived"},
	} {
		if tc.s.Assessed() != tc.assessed || tc.s.Failing() != tc.failing || tc.s.Title() != tc.title {
			t.Errorf("%s: assessed %v failing %v title %q", tc.s, tc.s.Assessed(), tc.s.Failing(), tc.s.Title())
		}
	}
	if len(Statuses()) != 5 {
		t.Errorf("Statuses() = %v", Statuses())
	}
}

func TestHolds(t *testing.T) {
	t.Parallel()
	nan := 0.0
	nan = nan / nan
	for _, tc := range []struct {
		m    any
		op   string
		th   any
		want bool
	}{
		{0.95, ">=", 0.95, true}, {0.949, ">=", 0.95, false}, {0.05, "<=", 0.05, true}, {0.06, "<=", 0.05, false},
		{1.0, "<", 1.0, false}, {2.0, ">", 1.0, true}, {3.0, "==", 3.0, true}, {3.0, "!=", 3.0, false},
		{true, "==", true, true}, {false, "==", true, false}, {false, "!=", true, true},
		{nan, ">=", 0.0, false}, {nan, "!=", 0.0, false},
		{1.0, "==", true, false}, {true, "==", 1.0, false}, {nil, ">=", 0.0, false}, {1.0, "~", 1.0, false},
		{true, ">", false, false},
	} {
		if got := Holds(tc.m, tc.op, tc.th); got != tc.want {
			t.Errorf("Holds(%v %s %v) = %v, want %v", tc.m, tc.op, tc.th, got, tc.want)
		}
	}
}
