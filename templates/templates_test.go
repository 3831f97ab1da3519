package templates_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/templates"
)

// fakeLookup answers a template from fixed maps.
type fakeLookup struct {
	values     map[string]any
	units      map[string]present.Unit
	thresholds map[string]any
	details    map[string]string
	ns         map[string]int
	segments   map[string]float64 // "metric/segment"
}

func (f fakeLookup) Metric(name string) (any, present.Unit, bool) {
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
		units: map[string]present.Unit{
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
	tpl, err := templates.Parse("reuse", `{{m "x"}}`)
	if err != nil {
		t.Fatal(err)
	}
	a := fakeLookup{values: map[string]any{"x": 0.5}, units: map[string]present.Unit{"x": "share"}}
	b := fakeLookup{values: map[string]any{"x": 0.25}, units: map[string]present.Unit{"x": "share"}}
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
	t.Parallel()
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

// exampleLookup answers every metric with 42 % and every threshold with 40 %.
type exampleLookup struct{}

func (exampleLookup) Metric(string) (any, present.Unit, bool) { return 0.42, present.Share, true }
func (exampleLookup) Threshold(string) (any, bool)            { return 0.40, true }
func (exampleLookup) Detail(string) string                    { return "lost_device_recovery" }
func (exampleLookup) N(string) (int, bool)                    { return 4210, true }
func (exampleLookup) Segment(string, string) (float64, bool)  { return 0, false }

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
