package main

// What the oracle (oracle_test.go) says about the fixtures, checked against
// the story each scenario was generated to tell (fixtures/gen).

import (
	"sort"
	"strings"
	"testing"
)

func TestOracleFixturesSane(t *testing.T) {
	t.Parallel()
	num := func(t *testing.T, m map[string]any, k string) float64 {
		t.Helper()
		v, ok := m[k].(float64)
		if !ok {
			t.Fatalf("%s: absent or not a number (%v)", k, m[k])
		}
		return v
	}

	t.Run("sample", func(t *testing.T) {
		t.Parallel()
		m, ns := oracleCompute(t, oracleFixture("sample"))
		if v := num(t, m, "population.in_scope_users"); v < 1900 || v > 2000 {
			t.Errorf("in-scope users = %v, want about 1950", v)
		}
		if m["helpdesk.practical_test"] != false {
			t.Errorf("practical_test = %v, want false", m["helpdesk.practical_test"])
		}
		if v := num(t, m, "helpdesk.recovery_change"); v < 0.35 || v > 0.45 {
			t.Errorf("recovery_change = %v, want +35..45 %%", v)
		}
		if v := num(t, m, "credential_reset.change"); v < 0 || v > 0.1 {
			t.Errorf("credential_reset.change = %v, want flat or slightly up", v)
		}
		if v := num(t, m, "helpdesk.demand_change"); v <= 0 {
			t.Errorf("demand_change = %v, want a rise", v)
		}
		if v := num(t, m, "devices.ready_share"); v >= 0.95 {
			t.Errorf("ready_share = %v, want < 0.95", v)
		}
		if v := num(t, m, "devices.min_segment_ready_share"); v >= 0.85 {
			t.Errorf("min segment = %v, want < 0.85", v)
		}
		for seg, want := range map[string][2]float64{"frontline": {0.65, 0.75}, "shared": {0.60, 0.70}} {
			v := num(t, m, "segment:devices.ready_share:"+seg)
			if v < want[0] || v > want[1] || ns["segment:devices.ready_share:"+seg] < 30 {
				t.Errorf("%s ready share = %v (n=%d), want %v..%v with n >= 30", seg, v, ns["segment:devices.ready_share:"+seg], want[0], want[1])
			}
		}
		if v := num(t, m, "auth.fallback_trend"); v <= 0 {
			t.Errorf("fallback_trend = %v, want > 0", v)
		}
		if v := num(t, m, "auth.fallback_share"); v <= 0.01 {
			t.Errorf("fallback_share = %v, want > 0.01", v)
		}
		if v := num(t, m, "auth.events"); v < 40000 || v > 70000 {
			t.Errorf("auth.events = %v, want 40,000..70,000", v)
		}
		f := oracleAssess(t, oracleFixture("sample"))
		ids, status := oracleStatuses(t, f)
		byStatus := oracleByStatus(ids, status)
		if len(ids) != 34 {
			t.Fatalf("%d controls decided, want 34", len(ids))
		}
		passed, assessed := len(byStatus[oraclePass]), len(ids)-len(byStatus[oracleNA])
		if rate := float64(passed) / float64(assessed); rate < 0.60 || rate > 0.75 {
			t.Errorf("pass rate %d/%d = %.3f, want 0.60..0.75", passed, assessed, rate)
		}
		for _, id := range []string{"EN-02", "RC-01", "PC-03", "PC-06", "GV-01"} {
			if status[id] != oraclePass {
				t.Errorf("%s is %s, should pass", id, status[id])
			}
		}
		// RC-02: one weak recovery in the period, which zero tolerance fails
		// whatever the sample; PC-07: the AAL3 admin portal inherits the
		// IdP's 30-minute idle timeout, twice what AAL3 allows.
		want := "DR-01 DR-02 EN-03 AU-01 AU-02 AU-03 RC-02 PC-07 HD-01 HD-02 HD-03 GV-03"
		if got := strings.Join(byStatus[oracleFail], " "); got != want {
			t.Errorf("failing controls = %s, want %s", got, want)
		}
		// AT-04's only attestation expired during the period.
		if got := strings.Join(byStatus[oracleInsufficient], " "); got != "AT-04" {
			t.Errorf("controls without sufficient evidence = %s, want AT-04", got)
		}
		if v := oracleDecide(t, f); v.state != "not_reached" {
			t.Errorf("verdict %s, want not_reached", v.state)
		}
		other := num(t, m, "rule:auth-category")
		unrelated := num(t, m, "rule:unrelated")
		if other < 1 || unrelated < 1 {
			t.Errorf("classification: auth-category %v, unrelated %v; want both used", other, unrelated)
		}
	})

	t.Run("reached", func(t *testing.T) {
		t.Parallel()
		m, ns := oracleCompute(t, oracleFixture("reached"))
		if v := num(t, m, "population.in_scope_users"); v < 580 || v > 620 {
			t.Errorf("in-scope users = %v, want about 600", v)
		}
		f := oracleAssess(t, oracleFixture("reached"))
		for _, c := range oracleChecks(t) {
			s, got, _ := oracleCheckStatus(f, c)
			if (c.severity == "critical" || c.severity == "high") && s != oraclePass {
				t.Errorf("%s %s %s %v: %s, got %s", c.control, c.metric, c.op, c.threshold, s, got)
			}
			if c.minSample >= 30 && ns[c.metric] < 30 && !c.any {
				t.Errorf("%s: n = %d, want >= 30", c.metric, ns[c.metric])
			}
		}
		for _, k := range []string{"auth.fallback_trend", "auth.fallback_share", "helpdesk.max_stage_share", "recovery.median_hours", "recovery.completed"} {
			if ns[k] < 30 {
				t.Errorf("%s: n = %d, want >= 30", k, ns[k])
			}
		}
		if v := num(t, m, "helpdesk.demand_change"); v >= 0 {
			t.Errorf("demand_change = %v, want a fall", v)
		}
		if v := num(t, m, "helpdesk.recovery_change"); v >= 0 {
			t.Errorf("recovery_change = %v, want a fall", v)
		}
		if m["helpdesk.practical_test"] != true {
			t.Errorf("practical_test = %v, want true", m["helpdesk.practical_test"])
		}
		if num(t, m, "devices.shared_active") == 0 {
			t.Error("no active shared device: PC-05 would not apply")
		}
		if num(t, m, "governance.ai_systems") == 0 {
			t.Error("no AI system: GV-04 would not apply")
		}
		if len(ns) == 0 || ns["enrolment.privileged_pr_share"] < 1 {
			t.Error("no privileged users in scope")
		}
		ids, status := oracleStatuses(t, f)
		byStatus := oracleByStatus(ids, status)
		if got := strings.Join(byStatus[oracleFail], " "); got != "HD-03 GV-02" {
			t.Errorf("failing controls = %v, want HD-03 GV-02", got)
		}
		if len(byStatus[oracleInsufficient])+len(byStatus[oracleNA]) > 0 {
			t.Errorf("insufficient evidence: %v; not applicable: %v; want every control decided", byStatus[oracleInsufficient], byStatus[oracleNA])
		}
		if v := oracleDecide(t, f); v.state != "reached" {
			t.Errorf("verdict %s, want reached:\n%s", v.state, strings.Join(v.reasons, "\n"))
		}
	})

	t.Run("small", func(t *testing.T) {
		t.Parallel()
		f := oracleAssess(t, oracleFixture("small"))
		m, ns := f.m, f.ns
		if v := num(t, m, "population.in_scope_users"); v < 270 || v > 290 {
			t.Errorf("in-scope users = %v, want about 280", v)
		}
		// No AI system, no shared workstation, no AAL3 application.
		for _, k := range []string{"governance.ai_systems", "devices.shared_active", "policy.aal3_apps"} {
			if v := num(t, m, k); v != 0 {
				t.Errorf("%s = %v, want 0", k, v)
			}
		}
		// RC-02 passes on a small sample: no weak recovery among fewer
		// completed recoveries than the minimum sample.
		for _, c := range oracleChecks(t) {
			if c.control != "RC-02" {
				continue
			}
			if s, got, small := oracleCheckStatus(f, c); s != oraclePass || !small {
				t.Errorf("RC-02 %s: %s (%s, n=%d, small sample %v), want a pass on a small sample", c.metric, s, got, ns[c.metric], small)
			}
		}
		// Too few lost-device recovery tickets in the baseline for the
		// recovery side: the password resets, which fell, decide the test.
		if ns["helpdesk.recovery_change"] >= oracleMinChangeBaseline || m["helpdesk.practical_test"] != true {
			t.Errorf("recovery baseline n = %d, practical test %v; want fewer than %d and true", ns["helpdesk.recovery_change"], m["helpdesk.practical_test"], oracleMinChangeBaseline)
		}
		if v := num(t, m, "credential_reset.change"); v >= 0 {
			t.Errorf("credential_reset.change = %v, want a fall", v)
		}
		ids, status := oracleStatuses(t, f)
		byStatus := oracleByStatus(ids, status)
		for s, want := range map[string]string{
			oracleFail:         "",
			oracleNA:           "PC-05 PC-07 AT-03 AT-04 GV-04",
			oracleInsufficient: "RC-04 HD-04", // few recovery tickets: below the minimum samples
		} {
			if got := strings.Join(byStatus[s], " "); got != want {
				t.Errorf("%s controls = %q, want %q", s, got, want)
			}
		}
		if v := oracleDecide(t, f); v.state != "reached" {
			t.Errorf("verdict %s, want reached:\n%s", v.state, strings.Join(v.reasons, "\n"))
		}
	})

	t.Run("thin", func(t *testing.T) {
		t.Parallel()
		m, _ := oracleCompute(t, oracleFixture("thin"))
		for k := range m {
			for _, p := range []string{"auth.", "enrolment.", "recovery.completed", "recovery.self_service_share", "recovery.weak_method_share", "recovery.rate_per_100", "credential_reset.", "governance.", "helpdesk.demand_change", "helpdesk.recovery_change", "helpdesk.practical_test"} {
				if strings.HasPrefix(k, p) {
					t.Errorf("%s present (%v), want absent", k, m[k])
				}
			}
		}
		if v := num(t, m, "helpdesk.auth_tickets"); v < 1 || v > 12 {
			t.Errorf("auth tickets = %v", v)
		}
		if _, ok := m["devices.ready_share"]; !ok {
			t.Error("devices.ready_share absent")
		}
		f := oracleAssess(t, oracleFixture("thin"))
		insufficient := 0
		for _, c := range oracleChecks(t) {
			if s, _, _ := oracleCheckStatus(f, c); s == oracleInsufficient {
				insufficient++
			}
		}
		_, status := oracleStatuses(t, f)
		if insufficient < 10 || status["HD-01"] == oraclePass || status["HD-02"] == oraclePass || status["EN-01"] == oraclePass {
			t.Errorf("thin: %d insufficient checks, HD-01 %s, HD-02 %s, EN-01 %s", insufficient, status["HD-01"], status["HD-02"], status["EN-01"])
		}
		if f.rev != "rev3" {
			t.Errorf("thin is assessed under %s, want rev3", f.rev)
		}
		if v := oracleDecide(t, f); v.state != "not_assessable" {
			t.Errorf("verdict %s, want not_assessable: more than half the assessed controls lack evidence", v.state)
		}
	})
}

// oracleByStatus lists the ids of each status, in catalogue order.
func oracleByStatus(ids []string, status map[string]string) map[string][]string {
	out := map[string][]string{}
	for _, id := range ids {
		out[status[id]] = append(out[status[id]], id)
	}
	return out
}

// TestOracleMetricTable prints the oracle's metrics for the fixtures (go test -v), for
// checking by hand or against a spreadsheet.
func TestOracleMetricTable(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sample", "reached", "small", "thin"} {
		m, ns := oracleCompute(t, oracleFixture(name))
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s\t%s\t%v\tn=%d", name, k, m[k], ns[k])
		}
	}
}
