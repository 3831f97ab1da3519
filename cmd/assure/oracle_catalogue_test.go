package main

// The checks of the control catalogue, decoded from controls/*.toml rather than
// restated, and evaluated on the oracle's metrics.

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// oracleAreas are the catalogue's areas in the order catalogue.md lists them.
var oracleAreas = []string{"device_readiness", "enrolment", "authentication", "recovery", "policy_consistency", "helpdesk_signal", "governance"}

// oracleControl is a control as far as the oracle needs it.
type oracleControl struct {
	id, area, severity string
	evidence           []string
	any                bool // passes when any check passes, not all
	appliesWhen        *oracleCheck
	checks             []oracleCheck
}

// oracleCheck is one check of a control: metric op threshold, with the sample
// size it needs (0: none).
type oracleCheck struct {
	control, severity, metric, op string
	threshold                     float64 // true is 1, false 0
	minSample                     int
	any                           bool // the control's any
}

// attested says whether the control rests on attestations alone.
func (c oracleControl) attested() bool { return slices.Equal(c.evidence, []string{"attestations"}) }

type oracleTOMLCheck struct {
	Metric    string `toml:"metric"`
	Op        string `toml:"op"`
	Threshold any    `toml:"threshold"`
	MinSample *int   `toml:"min_sample"`
	Normative bool   `toml:"normative"` // a profile may not change it; no bearing on the numbers
}

type oracleTOMLFile struct {
	Control []struct {
		ID          string            `toml:"id"`
		Area        string            `toml:"area"`
		Severity    string            `toml:"severity"`
		Evidence    []string          `toml:"evidence"`
		Any         bool              `toml:"any"`
		AppliesWhen *oracleTOMLCheck  `toml:"applies_when"`
		Check       []oracleTOMLCheck `toml:"check"`
	} `toml:"control"`
}

// oracleIgnoredKeys are the catalogue keys that say nothing about whether a
// control passes. Any other key the oracle does not decode fails the test, so a
// new kind of condition cannot be skipped silently.
var oracleIgnoredKeys = []string{"name", "version", "control.title", "control.objective", "control.remediation", "control.finding", "control.framework"}

// oracleControls decodes every control of controls/*.toml, in the order of
// oracleAreas (files in name order within an area).
func oracleControls(t testing.TB) []oracleControl {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "controls", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("oracle: no controls/*.toml (%v)", err)
	}
	var out []oracleControl
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("oracle: %v", err)
		}
		var doc oracleTOMLFile
		md, err := toml.Decode(string(data), &doc)
		if err != nil {
			t.Fatalf("oracle: %s: %v", f, err)
		}
		for _, k := range md.Undecoded() {
			if !slices.ContainsFunc(oracleIgnoredKeys, func(p string) bool { return k.String() == p || strings.HasPrefix(k.String(), p+".") }) {
				t.Fatalf("oracle: %s: key %s is not known to the oracle", f, k)
			}
		}
		for _, c := range doc.Control {
			oc := oracleControl{id: c.ID, area: c.Area, severity: c.Severity, evidence: c.Evidence, any: c.Any}
			if !slices.Contains(oracleAreas, c.Area) {
				t.Fatalf("oracle: %s: control %s has area %q", f, c.ID, c.Area)
			}
			if c.AppliesWhen != nil {
				aw := oracleDecodeCheck(t, f, oc, *c.AppliesWhen)
				aw.minSample = 0 // a condition on the metric, whatever its sample
				oc.appliesWhen = &aw
			}
			for _, ch := range c.Check {
				oc.checks = append(oc.checks, oracleDecodeCheck(t, f, oc, ch))
			}
			if c.ID == "" || len(oc.checks) == 0 {
				t.Fatalf("oracle: %s: control %q has no id or no check", f, c.ID)
			}
			out = append(out, oc)
		}
	}
	slices.SortStableFunc(out, func(a, b oracleControl) int {
		return slices.Index(oracleAreas, a.area) - slices.Index(oracleAreas, b.area)
	})
	return out
}

func oracleDecodeCheck(t testing.TB, file string, c oracleControl, ch oracleTOMLCheck) oracleCheck {
	t.Helper()
	out := oracleCheck{control: c.id, severity: c.severity, metric: ch.Metric, op: ch.Op, any: c.any}
	switch v := ch.Threshold.(type) {
	case int64:
		out.threshold = float64(v)
	case float64:
		out.threshold = v
	case bool:
		if v {
			out.threshold = 1
		}
	default:
		t.Fatalf("oracle: %s: %s %s: threshold %v (%T) is not a number or boolean", file, c.id, ch.Metric, ch.Threshold, ch.Threshold)
	}
	if !slices.Contains([]string{"<", "<=", ">", ">=", "==", "!="}, ch.Op) || ch.Metric == "" {
		t.Fatalf("oracle: %s: %s: check %q %q", file, c.id, ch.Metric, ch.Op)
	}
	if oracleSampled(ch.Metric) {
		out.minSample = 30
		if ch.MinSample != nil {
			out.minSample = *ch.MinSample
		}
	}
	return out
}

// oracleSampled says whether min_sample applies to a metric: metrics.md applies
// it to shares (the *_share fractions, and auth.fallback_trend, a difference
// of two of them) and percentiles (the recovery hours).
func oracleSampled(metric string) bool {
	return strings.HasSuffix(metric, "_share") || strings.HasSuffix(metric, "_trend") ||
		metric == "recovery.median_hours" || metric == "recovery.p90_hours"
}

// oracleMeasured are the controls decided by metrics computed from evidence,
// not by attestations.
func oracleMeasured(t testing.TB) []oracleControl {
	t.Helper()
	var out []oracleControl
	for _, c := range oracleControls(t) {
		if !c.attested() {
			out = append(out, c)
		}
	}
	return out
}

// oracleChecks are the checks of the measured controls.
func oracleChecks(t testing.TB) []oracleCheck {
	t.Helper()
	var out []oracleCheck
	for _, c := range oracleMeasured(t) {
		out = append(out, c.checks...)
	}
	return out
}

// oracleCheckPasses evaluates one check: measured present, sample large enough, threshold met.
func oracleCheckPasses(m map[string]any, ns map[string]int, c oracleCheck) (bool, string) {
	v, ok := m[c.metric]
	if !ok {
		return false, "absent"
	}
	var x float64
	switch v := v.(type) {
	case bool:
		if v {
			x = 1
		}
	case float64:
		x = v
	}
	if c.minSample > 0 && ns[c.metric] < c.minSample {
		return false, "n=" + strconv.Itoa(ns[c.metric])
	}
	var pass bool
	switch c.op {
	case ">=":
		pass = x >= c.threshold
	case "<=":
		pass = x <= c.threshold
	case ">":
		pass = x > c.threshold
	case "<":
		pass = x < c.threshold
	case "==":
		pass = x == c.threshold
	case "!=":
		pass = x != c.threshold
	}
	return pass, strconv.FormatFloat(x, 'g', 6, 64)
}

// oracleControlStatus folds the checks of the measured controls into pass or
// not per control: all checks, or any with any = true. A control whose
// applies_when is false is not applicable and left out; one whose applies_when
// metric is absent cannot pass.
func oracleControlStatus(t testing.TB, m map[string]any, ns map[string]int) (ids []string, pass map[string]bool) {
	t.Helper()
	pass = map[string]bool{}
	for _, c := range oracleMeasured(t) {
		known, applies := true, true
		if aw := c.appliesWhen; aw != nil {
			_, known = m[aw.metric]
			applies, _ = oracleCheckPasses(m, ns, *aw)
		}
		if known && !applies {
			continue // not applicable
		}
		ok := !c.any
		for _, ch := range c.checks {
			p, _ := oracleCheckPasses(m, ns, ch)
			if c.any {
				ok = ok || p
			} else {
				ok = ok && p
			}
		}
		ids = append(ids, c.id)
		pass[c.id] = known && ok // unknown whether it applies: it cannot pass
	}
	return ids, pass
}

// TestOracleReadsTheCatalogue makes sure the decoding above found what is
// there, so that a decode that silently yields nothing cannot pass.
func TestOracleReadsTheCatalogue(t *testing.T) {
	t.Parallel()
	all, measured, checks := oracleControls(t), oracleMeasured(t), oracleChecks(t)
	count := func(f func(oracleCheck) bool) int {
		n := 0
		for _, c := range checks {
			if f(c) {
				n++
			}
		}
		return n
	}
	applies, anyOf := 0, 0
	for _, c := range measured {
		if c.appliesWhen != nil {
			applies++
		}
		if c.any {
			anyOf++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"controls", len(all), 33},
		{"measured controls", len(measured), 29},
		{"checks of the measured controls", len(checks), 32},
		{"checks with a minimum sample", count(func(c oracleCheck) bool { return c.minSample > 0 }), 14},
		{"measured controls with applies_when", applies, 2},
		{"measured controls with any = true", anyOf, 1},
	} {
		if c.got != c.want {
			t.Errorf("decoded %d %s from controls/*.toml, want %d", c.got, c.what, c.want)
		}
	}
	rules := oracleBuiltinRules(t)
	var stages []string
	for _, r := range rules {
		stages = append(stages, r.Stage)
	}
	if len(rules) != 7 || !slices.Equal(slices.Sorted(slices.Values(stages)), slices.Sorted(slices.Values(oracleAuthStages))) {
		t.Errorf("decoded %d classification rules for the stages %v, want 7, one per authentication stage", len(rules), stages)
	}
}
