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
	// mustPass and severityLocked bind profiles, which the oracle does not
	// apply; they are decoded so that the catalogue's count of them is checked.
	mustPass, severityLocked bool
	appliesWhen              *oracleCheck
	checks                   []oracleCheck
}

// oracleCheck is one check of a control: metric op threshold, with the sample
// size it needs (0: none).
type oracleCheck struct {
	control, severity, metric, op string
	threshold                     float64  // under rev 4; true is 1, false 0
	rev3                          *float64 // the threshold under rev 3, when it differs
	minSample                     int
	// zeroTolerance: one occurrence fails the check whatever the sample, and
	// none passes it however small the sample.
	zeroTolerance bool
	any           bool   // the control's any
	basis         string // normative or programme_default; no bearing on the numbers
}

// thresholdUnder is the check's threshold under an SP 800-63B revision.
func (c oracleCheck) thresholdUnder(rev string) float64 {
	if rev == "rev3" && c.rev3 != nil {
		return *c.rev3
	}
	return c.threshold
}

// attested says whether the control rests on attestations alone.
func (c oracleControl) attested() bool { return slices.Equal(c.evidence, []string{"attestations"}) }

// oracleTOMLComparison is metric op threshold: applies_when.
type oracleTOMLComparison struct {
	Metric    string `toml:"metric"`
	Op        string `toml:"op"`
	Threshold any    `toml:"threshold"`
}

// oracleTOMLBasis says where a threshold comes from: a requirement of a
// standard (normative: keyword and requirement) or the programme's choice
// (programme_default: rationale). It bears on no number, but a check without
// one, or with the keys of the other basis, is not a valid catalogue.
type oracleTOMLBasis struct {
	Basis       string `toml:"basis"`
	Keyword     string `toml:"keyword"`
	Requirement string `toml:"requirement"`
	Rationale   string `toml:"rationale"`
}

type oracleTOMLCheck struct {
	oracleTOMLComparison
	oracleTOMLBasis
	MinSample     *int `toml:"min_sample"`
	ZeroTolerance bool `toml:"zero_tolerance"`
	// Rev3 is what the check becomes under sp800_63b_profile = "rev3".
	Rev3 *struct {
		Threshold any `toml:"threshold"`
		oracleTOMLBasis
	} `toml:"rev3"`
}

type oracleTOMLFile struct {
	Control []struct {
		ID             string                `toml:"id"`
		Area           string                `toml:"area"`
		Severity       string                `toml:"severity"`
		Evidence       []string              `toml:"evidence"`
		Any            bool                  `toml:"any"`
		MustPass       bool                  `toml:"must_pass"`
		SeverityLocked bool                  `toml:"severity_locked"`
		AppliesWhen    *oracleTOMLComparison `toml:"applies_when"`
		Check          []oracleTOMLCheck     `toml:"check"`
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
			oc := oracleControl{id: c.ID, area: c.Area, severity: c.Severity, evidence: c.Evidence, any: c.Any,
				mustPass: c.MustPass, severityLocked: c.SeverityLocked}
			if !slices.Contains(oracleAreas, c.Area) {
				t.Fatalf("oracle: %s: control %s has area %q", f, c.ID, c.Area)
			}
			if c.AppliesWhen != nil {
				// a condition on the metric, whatever its sample
				aw := oracleCheck{control: c.ID, metric: c.AppliesWhen.Metric, op: c.AppliesWhen.Op,
					threshold: oracleDecodeThreshold(t, f, c.ID, c.AppliesWhen.Metric, c.AppliesWhen.Threshold)}
				oracleDecodeOp(t, f, c.ID, aw.metric, aw.op)
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
	out := oracleCheck{control: c.id, severity: c.severity, metric: ch.Metric, op: ch.Op, any: c.any,
		threshold: oracleDecodeThreshold(t, file, c.id, ch.Metric, ch.Threshold), zeroTolerance: ch.ZeroTolerance, basis: ch.Basis}
	oracleDecodeOp(t, file, c.id, ch.Metric, ch.Op)
	oracleDecodeBasis(t, file, c.id, ch.Metric, ch.oracleTOMLBasis, true)
	if r := ch.Rev3; r != nil {
		oracleDecodeBasis(t, file, c.id, ch.Metric+" rev3", r.oracleTOMLBasis, false)
		if r.Threshold != nil {
			v := oracleDecodeThreshold(t, file, c.id, ch.Metric+" rev3", r.Threshold)
			out.rev3 = &v
		}
	}
	if min, ok := oracleDefaultMinSample(ch.Metric); ok {
		out.minSample = min
		if ch.MinSample != nil {
			out.minSample = *ch.MinSample
		}
	}
	return out
}

// oracleDecodeThreshold turns a threshold into a number: true is 1, false 0.
func oracleDecodeThreshold(t testing.TB, file, id, metric string, th any) float64 {
	t.Helper()
	switch v := th.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	case bool:
		if v {
			return 1
		}
		return 0
	}
	t.Fatalf("oracle: %s: %s %s: threshold %v (%T) is not a number or boolean", file, id, metric, th, th)
	return 0
}

func oracleDecodeOp(t testing.TB, file, id, metric, op string) {
	t.Helper()
	if !slices.Contains([]string{"<", "<=", ">", ">=", "==", "!="}, op) || metric == "" {
		t.Fatalf("oracle: %s: %s: check %q %q", file, id, metric, op)
	}
}

// oracleDecodeBasis checks that a basis has the keys of its kind and none of
// the other's. A check needs a basis; its rev3 table may leave it out (the
// check's own then holds), but keys without a basis say nothing.
func oracleDecodeBasis(t testing.TB, file, id, what string, b oracleTOMLBasis, required bool) {
	t.Helper()
	var ok bool
	switch b.Basis {
	case "normative":
		ok = b.Keyword != "" && b.Requirement != "" && b.Rationale == "" &&
			slices.Contains([]string{"SHALL", "SHALL NOT", "SHOULD", "SHOULD NOT"}, b.Keyword)
	case "programme_default":
		ok = b.Rationale != "" && b.Keyword == "" && b.Requirement == ""
	case "":
		ok = !required && b == oracleTOMLBasis{}
	}
	if !ok {
		t.Fatalf("oracle: %s: %s %s: basis %q with keyword %q, requirement %q, rationale %q", file, id, what, b.Basis, b.Keyword, b.Requirement, b.Rationale)
	}
}

// oracleDefaultMinSample says whether min_sample applies to a metric, and its
// default: 30 for shares (the *_share fractions, and auth.fallback_trend, a
// difference of two of them) and percentiles (the recovery hours); 20 for
// the changes against the baseline, where the sample is the baseline's count.
func oracleDefaultMinSample(metric string) (int, bool) {
	switch {
	case strings.HasSuffix(metric, "_change") || strings.HasSuffix(metric, ".change"):
		return oracleMinChangeBaseline, true
	case strings.HasSuffix(metric, "_share") || strings.HasSuffix(metric, "_trend") ||
		metric == "recovery.median_hours" || metric == "recovery.p90_hours":
		return 30, true
	}
	return 0, false
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

// The statuses of checks and controls, as report.json words them.
const (
	oraclePass         = "pass"
	oracleFail         = "fail"
	oracleInsufficient = "insufficient_evidence"
	oracleNA           = "not_applicable"
)

// oracleCheckStatus evaluates one check under the folder's revision: the
// metric present, its sample large enough, the threshold met. A
// zero-tolerance check fails on any occurrence whatever the sample, and
// passes below its sample when nothing occurred (small is then true). why
// is the measured value, or what is missing.
func oracleCheckStatus(f oracleFolder, c oracleCheck) (status, why string, small bool) {
	v, ok := f.m[c.metric]
	if !ok {
		return oracleInsufficient, "absent", false
	}
	x := oracleNumber(v)
	why = strconv.FormatFloat(x, 'g', 6, 64)
	th := c.thresholdUnder(f.rev)
	holds := oracleHolds(x, c.op, th)
	thin := c.minSample > 0 && f.ns[c.metric] < c.minSample
	// A lower bound decides only where its upper end agrees.
	upper, bounded := f.upper[c.metric]
	bounded = bounded && upper != x
	undecided := bounded && holds != oracleHolds(upper, c.op, th)
	// More than 10 % of a share's records of an unknown kind: the share
	// is not taken over enough of what happened to decide.
	unknown := f.unknown[c.metric]
	tooManyUnknown := unknown > 0 && float64(unknown) > 0.10*float64(f.ns[c.metric]+unknown)
	switch {
	case c.zeroTolerance && !holds:
		return oracleFail, why, false
	case c.zeroTolerance && thin && !bounded && !tooManyUnknown:
		return oraclePass, why, true
	case thin:
		return oracleInsufficient, "n=" + strconv.Itoa(f.ns[c.metric]), false
	case undecided:
		return oracleInsufficient, why + ".." + strconv.FormatFloat(upper, 'g', 6, 64), false
	case tooManyUnknown:
		return oracleInsufficient, strconv.Itoa(unknown) + " unknown", false
	case holds:
		return oraclePass, why, false
	}
	return oracleFail, why, false
}

// oracleNumber is a metric's value as a number: true is 1, false 0.
func oracleNumber(v any) float64 {
	switch v := v.(type) {
	case bool:
		if v {
			return 1
		}
	case float64:
		return v
	}
	return 0
}

func oracleHolds(x float64, op string, th float64) bool {
	switch op {
	case ">=":
		return x >= th
	case "<=":
		return x <= th
	case ">":
		return x > th
	case "<":
		return x < th
	case "==":
		return x == th
	case "!=":
		return x != th
	}
	return false
}

// oracleControlStatus decides one control on the folder: insufficient
// evidence when a kind it needs is not in the manifest or when it is unknown
// whether it applies; not applicable when its applies_when is false; else
// its checks folded — all must pass, a definite failure fails it even when
// another check lacks evidence; with any = true one passing check is enough
// and it fails only when every check is decided.
func oracleControlStatus(f oracleFolder, c oracleControl) string {
	for _, k := range c.evidence {
		if !f.kinds[k] {
			return oracleInsufficient
		}
	}
	if aw := c.appliesWhen; aw != nil {
		v, ok := f.m[aw.metric]
		if !ok {
			return oracleInsufficient
		}
		if !oracleHolds(oracleNumber(v), aw.op, aw.thresholdUnder(f.rev)) {
			return oracleNA
		}
	}
	count := map[string]int{}
	for _, ch := range c.checks {
		s, _, _ := oracleCheckStatus(f, ch)
		count[s]++
	}
	switch {
	case c.any && count[oraclePass] > 0, !c.any && count[oracleFail] == 0 && count[oracleInsufficient] == 0:
		return oraclePass
	case count[oracleFail] > 0 && (!c.any || count[oracleInsufficient] == 0):
		return oracleFail
	}
	return oracleInsufficient
}

// oracleStatuses decides every control of the catalogue (attested ones
// too) on the folder, by id, and lists the ids in catalogue order.
func oracleStatuses(t testing.TB, f oracleFolder) (ids []string, status map[string]string) {
	t.Helper()
	status = map[string]string{}
	for _, c := range oracleControls(t) {
		ids = append(ids, c.id)
		status[c.id] = oracleControlStatus(f, c)
	}
	return ids, status
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
	applies, anyOf, mustPass, locked := 0, 0, 0, 0
	for _, c := range measured {
		if c.appliesWhen != nil {
			applies++
		}
		if c.any {
			anyOf++
		}
	}
	for _, c := range all {
		if c.mustPass {
			mustPass++
		}
		if c.severityLocked {
			locked++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"controls", len(all), 34},
		{"measured controls", len(measured), 30},
		{"checks of the measured controls", len(checks), 40},
		{"checks with a minimum sample", count(func(c oracleCheck) bool { return c.minSample > 0 }), 15},
		{"checks with a minimum sample of 20", count(func(c oracleCheck) bool { return c.minSample == 20 }), 4},
		{"zero-tolerance checks", count(func(c oracleCheck) bool { return c.zeroTolerance }), 1},
		{"checks with a rev3 threshold", count(func(c oracleCheck) bool { return c.rev3 != nil }), 2},
		{"normative checks", count(func(c oracleCheck) bool { return c.basis == "normative" }), 14},
		{"measured controls with applies_when", applies, 5},
		{"measured controls with any = true", anyOf, 1},
		{"must-pass controls", mustPass, 4},
		{"controls with a locked severity", locked, 1},
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
