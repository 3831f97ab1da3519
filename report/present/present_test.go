package present_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/assure-dev/assure/report/present"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		v    any
		unit present.Unit
		want string
	}{
		{"nil is n/a", nil, "share", "n/a"},
		{"nil without unit", nil, "", "n/a"},
		{"NaN is n/a", math.NaN(), "share", "n/a"},
		{"+Inf is n/a", math.Inf(1), "change", "n/a"},
		{"-Inf is n/a", math.Inf(-1), "count", "n/a"},
		{"bool true", true, "boolean", "yes"},
		{"bool false", false, "boolean", "no"},

		{"share rounds to one decimal", 0.4234, "share", "42.3 %"},
		{"share rounds half up", 0.42351, "share", "42.4 %"},
		{"share zero", 0.0, "share", "0.0 %"},
		{"share one", 1.0, "share", "100.0 %"},
		{"share of the pass-rate floor", 0.8, "share", "80.0 %"},

		{"change positive carries a plus", 0.38, "change", "+38.0 %"},
		{"change negative", -0.125, "change", "-12.5 %"},
		{"change zero carries a plus", 0.0, "change", "+0.0 %"},

		{"share_delta positive", 0.015, "share_delta", "+1.5 percentage points"},
		{"share_delta negative", -0.2, "share_delta", "-20.0 percentage points"},

		{"per 1000", 18.19596, "per_1000_users_month", "18.2"},
		{"per 100", 0.6617, "per_100_users_month", "0.7"},

		{"hours one decimal", 7.25, "hours", "7.2 h"},
		{"hours whole", 72.0, "hours", "72.0 h"},

		{"minutes whole", 15.0, "minutes", "15 min"},
		{"minutes fraction", 7.5, "minutes", "7.5 min"},

		{"days plural", 18.0, "days", "18 days"},
		{"days singular", 1.0, "days", "1 day"},
		{"days negative singular", -1.0, "days", "-1 day"},
		{"days negative plural", -17.0, "days", "-17 days"},
		{"days zero is plural", 0.0, "days", "0 days"},

		{"count small", 42.0, "count", "42"},
		{"count thousands", 12345.0, "count", "12,345"},
		{"count millions", 1234567.0, "count", "1,234,567"},
		{"count negative", -1234.0, "count", "-1,234"},
		{"count non-integer falls back to trimmed float", 2.5, "count", "2.5"},
		{"int is formatted like float64", 1234, "count", "1,234"},
		{"int share", 1, "share", "100.0 %"},

		{"unknown unit trims zeros", 2.50, "attempts", "2.5"},
		{"unknown unit whole", 100.0, "attempts", "100"},
		{"empty unit two decimals", 3.14159, "", "3.14"},
		{"string passes through", "frontline", "", "frontline"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := present.Format(tc.v, tc.unit); got != tc.want {
				t.Errorf("Format(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		n    int
		want string
	}{
		{"zero", 0, "0"},
		{"one digit", 7, "7"},
		{"three digits", 999, "999"},
		{"four digits", 1000, "1,000"},
		{"five digits", 12345, "12,345"},
		{"six digits", 123456, "123,456"},
		{"seven digits", 1234567, "1,234,567"},
		{"negative three digits", -999, "-999"},
		{"negative four digits", -1000, "-1,000"},
		{"negative seven digits", -1234567, "-1,234,567"},
		{"min int", math.MinInt64, "-9,223,372,036,854,775,808"},
		{"max int", math.MaxInt64, "9,223,372,036,854,775,807"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := present.Thousands(tc.n); got != tc.want {
				t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
			}
		})
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id, want string
	}{
		{"enrolment", "enrolment"},
		{"device_readiness", "device readiness"},
		{"authenticator_migration", "authenticator migration"},
		{"lost_device_recovery", "lost-device recovery"},
		{"reauthentication", "reauthentication"},
		{"password_reset", "password reset"},
		{"other_auth", "other authentication"},
		{"personal", "personal (BYOD)"},
		{"shared", "shared-workstation"},
		{"frontline", "frontline"},
		{"contractor", "contractor"},
		{"acquired", "acquired-company"},
		{"policy_consistency", "policy consistency"},
		{"helpdesk_signal", "helpdesk signal"},
		{"payroll, hr-portal", "payroll, hr-portal"},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			if got := present.Label(tc.id); got != tc.want {
				t.Errorf("Label(%q) = %q, want %q", tc.id, got, tc.want)
			}
		})
	}
}

func ExampleFormat() {
	fmt.Println(present.Format(0.4234, "share"))
	fmt.Println(present.Format(0.38, "change"))
	fmt.Println(present.Format(-0.015, "share_delta"))
	fmt.Println(present.Format(7.25, "hours"))
	fmt.Println(present.Format(1.0, "days"))
	fmt.Println(present.Format(-17.0, "days"))
	fmt.Println(present.Format(12345.0, "count"))
	fmt.Println(present.Format(true, "boolean"))
	fmt.Println(present.Format(nil, "share"))
	// Output:
	// 42.3 %
	// +38.0 %
	// -1.5 percentage points
	// 7.2 h
	// 1 day
	// -17 days
	// 12,345
	// yes
	// n/a
}

func ExampleThousands() {
	fmt.Println(present.Thousands(4210))
	fmt.Println(present.Thousands(-1234567))
	// Output:
	// 4,210
	// -1,234,567
}

func ExampleLabel() {
	fmt.Println(present.Label("lost_device_recovery"))
	fmt.Println(present.Label("acquired"))
	fmt.Println(present.Label("payroll"))
	// Output:
	// lost-device recovery
	// acquired-company
	// payroll
}

func TestJoin(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		items []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := present.Join(tc.items, "or"); got != tc.want {
			t.Errorf("Join(%q) = %q, want %q", tc.items, got, tc.want)
		}
	}
}
