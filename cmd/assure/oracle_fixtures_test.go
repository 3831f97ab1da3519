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
		ids, pass := oracleControlStatus(t, m, ns)
		passed := 0
		for _, id := range ids {
			if pass[id] {
				passed++
			}
		}
		if len(ids) != 29 {
			t.Fatalf("%d measured controls decoded, want 29", len(ids))
		}
		if rate := float64(passed) / 29; rate < 0.60 || rate > 0.70 {
			t.Errorf("pass rate %d/29 = %.3f, want 0.60..0.70", passed, rate)
		}
		for _, id := range []string{"EN-02", "RC-01", "PC-03", "PC-06", "GV-01"} {
			if !pass[id] {
				t.Errorf("%s should pass", id)
			}
		}
		for _, id := range []string{"DR-01", "DR-02", "AU-03", "HD-01", "HD-02"} {
			if pass[id] {
				t.Errorf("%s should fail", id)
			}
		}
		var got []string
		for _, id := range ids {
			if !pass[id] {
				got = append(got, id)
			}
		}
		want := "DR-01 DR-02 EN-03 AU-01 AU-02 AU-03 HD-01 HD-02 HD-03 GV-03"
		if strings.Join(got, " ") != want {
			t.Errorf("failing controls = %s, want %s", strings.Join(got, " "), want)
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
		ids, pass := oracleControlStatus(t, m, ns)
		for _, c := range oracleChecks(t) {
			ok, got := oracleCheckPasses(m, ns, c)
			if (c.severity == "critical" || c.severity == "high") && !ok {
				t.Errorf("%s %s %s %v: got %s", c.control, c.metric, c.op, c.threshold, got)
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
		passed := 0
		var failed []string
		for _, id := range ids {
			if pass[id] {
				passed++
			} else {
				failed = append(failed, id)
			}
		}
		if rate := float64(passed) / float64(len(ids)); rate < 0.80 {
			t.Errorf("pass rate %.3f < 0.80 (failed %v)", rate, failed)
		}
		if strings.Join(failed, " ") != "HD-03 GV-02" {
			t.Errorf("failing controls = %v, want HD-03 GV-02", failed)
		}
	})

	t.Run("thin", func(t *testing.T) {
		t.Parallel()
		m, ns := oracleCompute(t, oracleFixture("thin"))
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
		ids, pass := oracleControlStatus(t, m, ns)
		insufficient := 0
		for _, c := range oracleChecks(t) {
			if _, why := oracleCheckPasses(m, ns, c); why == "absent" || strings.HasPrefix(why, "n=") {
				insufficient++
			}
		}
		if insufficient < 10 || pass["HD-01"] || pass["HD-02"] || pass["EN-01"] || len(ids) != 29 {
			t.Errorf("thin: %d insufficient checks, HD-01 %v, HD-02 %v, EN-01 %v", insufficient, pass["HD-01"], pass["HD-02"], pass["EN-01"])
		}
	})
}

// TestOracleMetricTable prints the oracle's metrics for the fixtures (go test -v), for
// checking by hand or against a spreadsheet.
func TestOracleMetricTable(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sample", "reached", "thin"} {
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
