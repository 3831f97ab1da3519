package templates_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/assure-dev/assure/templates"
)

func TestFormat(t *testing.T) {
	cases := []struct {
		name string
		v    any
		unit string
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
			if got := templates.Format(tc.v, tc.unit); got != tc.want {
				t.Errorf("Format(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
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
			if got := templates.Thousands(tc.n); got != tc.want {
				t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
			}
		})
	}
}

func TestLabel(t *testing.T) {
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
			if got := templates.Label(tc.id); got != tc.want {
				t.Errorf("Label(%q) = %q, want %q", tc.id, got, tc.want)
			}
		})
	}
}

// fakeLookup answers a template from fixed maps.
type fakeLookup struct {
	values     map[string]any
	units      map[string]string
	thresholds map[string]any
	details    map[string]string
	ns         map[string]int
	segments   map[string]float64 // "metric/segment"
}

func (f fakeLookup) Metric(name string) (any, string, bool) {
	v, ok := f.values[name]
	return v, f.units[name], ok
}

func (f fakeLookup) Threshold(metric string) (any, bool) {
	v, ok := f.thresholds[metric]
	return v, ok
}

func (f fakeLookup) Detail(name string) string { return f.details[name] }

func (f fakeLookup) N(name string) (int, bool) {
	n, ok := f.ns[name]
	return n, ok
}

func (f fakeLookup) Segment(metric, segment string) (float64, bool) {
	v, ok := f.segments[metric+"/"+segment]
	return v, ok
}

func newFake() fakeLookup {
	return fakeLookup{
		values: map[string]any{
			"helpdesk.max_stage_share":           0.4234,
			"helpdesk.recovery_change":           0.38,
			"helpdesk.practical_test":            false,
			"helpdesk.auth_tickets":              12345.0,
			"governance.metrics_review_age_days": 1.0,
		},
		units: map[string]string{
			"helpdesk.max_stage_share":           "share",
			"helpdesk.recovery_change":           "change",
			"helpdesk.practical_test":            "boolean",
			"helpdesk.auth_tickets":              "count",
			"governance.metrics_review_age_days": "days",
			"recovery.median_hours":              "hours",
		},
		thresholds: map[string]any{
			"helpdesk.max_stage_share": 0.40,
			"helpdesk.practical_test":  true,
			"recovery.median_hours":    8.0,
		},
		details:  map[string]string{"helpdesk.max_stage_share": "lost_device_recovery"},
		ns:       map[string]int{"helpdesk.auth_tickets": 12345},
		segments: map[string]float64{"devices.ready_share/frontline": 0.71},
	}
}

func TestExecute(t *testing.T) {
	cases := []struct {
		name string
		text string
		want string
	}{
		{"plain text", "nothing to fill", "nothing to fill"},
		{"share metric", `{{m "helpdesk.max_stage_share"}}`, "42.3 %"},
		{"change metric", `{{m "helpdesk.recovery_change"}}`, "+38.0 %"},
		{"boolean metric", `{{m "helpdesk.practical_test"}}`, "no"},
		{"count metric", `{{m "helpdesk.auth_tickets"}}`, "12,345"},
		{"days metric singular", `{{m "governance.metrics_review_age_days"}}`, "1 day"},
		{"missing metric is n/a", `{{m "recovery.median_hours"}}`, "n/a"},
		{"threshold in the metric's unit", `{{th "helpdesk.max_stage_share"}}`, "40.0 %"},
		{"boolean threshold", `{{th "helpdesk.practical_test"}}`, "yes"},
		{"threshold of an absent metric keeps its unit", `{{th "recovery.median_hours"}}`, "8.0 h"},
		{"detail is labelled", `{{detail "helpdesk.max_stage_share"}}`, "lost-device recovery"},
		{"missing detail is n/a", `{{detail "helpdesk.recovery_change"}}`, "n/a"},
		{"n with separators", `{{n "helpdesk.auth_tickets"}}`, "12,345"},
		{"missing n is n/a", `{{n "recovery.median_hours"}}`, "n/a"},
		{"segment share", `{{seg "devices.ready_share" "frontline"}}`, "71.0 %"},
		{"missing segment is n/a", `{{seg "devices.ready_share" "acquired"}}`, "n/a"},
		{"a whole finding",
			`{{m "helpdesk.max_stage_share"}} of tickets are {{detail "helpdesk.max_stage_share"}} (limit {{th "helpdesk.max_stage_share"}}); recovery rose {{m "helpdesk.recovery_change"}}.`,
			"42.3 % of tickets are lost-device recovery (limit 40.0 %); recovery rose +38.0 %."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := templates.Parse(tc.name, tc.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := templates.Execute(tpl, newFake())
			if err != nil {
				t.Fatalf("Execute: %v", err)
			}
			if got != tc.want {
				t.Errorf("Execute = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	cases := []struct {
		name, text, wantErr string
	}{
		{"th on a metric the control does not check", `{{th "helpdesk.demand_change"}}`, "the control has no check on this metric"},
		{"th names the metric", `{{th "auth.fallback_share"}}`, `"auth.fallback_share"`},
		{"unknown function", `{{nope "x"}}`, "nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := templates.Parse(tc.name, tc.text)
			if err == nil {
				_, err = templates.Execute(tpl, newFake())
			}
			if err == nil {
				t.Fatalf("want an error containing %q, got none", tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not contain %q", err, tc.wantErr)
			}
		})
	}
}

// Execute must not bind the lookup into the parsed template: a second run with
// another lookup sees the new values.
func TestExecuteReusesParsedTemplate(t *testing.T) {
	tpl, err := templates.Parse("reuse", `{{m "x"}}`)
	if err != nil {
		t.Fatal(err)
	}
	a := fakeLookup{values: map[string]any{"x": 0.5}, units: map[string]string{"x": "share"}}
	b := fakeLookup{values: map[string]any{"x": 0.25}, units: map[string]string{"x": "share"}}
	for _, c := range []struct {
		l    fakeLookup
		want string
	}{{a, "50.0 %"}, {b, "25.0 %"}, {a, "50.0 %"}} {
		got, err := templates.Execute(tpl, c.l)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestVerdictRule(t *testing.T) {
	rule := templates.VerdictRule()
	for _, want := range []string{"critical or high", "HD-01", "HD-02", "0.80", "insufficient_evidence"} {
		if !strings.Contains(rule, want) {
			t.Errorf("VerdictRule() does not mention %q: %s", want, rule)
		}
	}
	if rule != strings.TrimSpace(rule) {
		t.Error("VerdictRule() has surrounding white space")
	}
}

func ExampleFormat() {
	fmt.Println(templates.Format(0.4234, "share"))
	fmt.Println(templates.Format(0.38, "change"))
	fmt.Println(templates.Format(-0.015, "share_delta"))
	fmt.Println(templates.Format(7.25, "hours"))
	fmt.Println(templates.Format(1.0, "days"))
	fmt.Println(templates.Format(-17.0, "days"))
	fmt.Println(templates.Format(12345.0, "count"))
	fmt.Println(templates.Format(true, "boolean"))
	fmt.Println(templates.Format(nil, "share"))
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
	fmt.Println(templates.Thousands(4210))
	fmt.Println(templates.Thousands(-1234567))
	// Output:
	// 4,210
	// -1,234,567
}

func ExampleLabel() {
	fmt.Println(templates.Label("lost_device_recovery"))
	fmt.Println(templates.Label("acquired"))
	fmt.Println(templates.Label("payroll"))
	// Output:
	// lost-device recovery
	// acquired-company
	// payroll
}

// exampleLookup answers every metric with 42 % and every threshold with 40 %.
type exampleLookup struct{}

func (exampleLookup) Metric(string) (any, string, bool)      { return 0.42, "share", true }
func (exampleLookup) Threshold(string) (any, bool)           { return 0.40, true }
func (exampleLookup) Detail(string) string                   { return "lost_device_recovery" }
func (exampleLookup) N(string) (int, bool)                   { return 4210, true }
func (exampleLookup) Segment(string, string) (float64, bool) { return 0, false }

func ExampleExecute() {
	t, err := templates.Parse("HD-04/fail", `{{m "helpdesk.max_stage_share"}} of {{n "helpdesk.auth_tickets"}} tickets are {{detail "helpdesk.max_stage_share"}} (limit {{th "helpdesk.max_stage_share"}}).`)
	if err != nil {
		panic(err)
	}
	s, err := templates.Execute(t, exampleLookup{})
	if err != nil {
		panic(err)
	}
	fmt.Println(s)
	// Output:
	// 42.0 % of 4,210 tickets are lost-device recovery (limit 40.0 %).
}
