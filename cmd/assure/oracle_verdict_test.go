package main

// The verdict of templates/rule.txt, decided on the oracle's control statuses
// (oracle_catalogue_test.go), and checked against the tool's report.json.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// oracleVerdictAreas are the areas rule 4 holds to the pass rate on their own:
// devices people can use, recovery without the helpdesk, one policy across
// applications.
var oracleVerdictAreas = []string{"device_readiness", "recovery", "policy_consistency"}

// oracleMinPassRate is the pass rate of rules 3 and 4.
const oracleMinPassRate = 0.80

// oracleVerdict is the decision on usable assurance and the rules that
// stand in its way, one line each.
type oracleVerdict struct {
	state   string // reached, not_reached or not_assessable
	reasons []string
}

// oracleTally counts statuses; assessed are pass, fail and insufficient
// evidence, the denominator of the pass rate.
type oracleTally struct{ pass, fail, insufficient int }

func (c *oracleTally) add(status string) {
	switch status {
	case oraclePass:
		c.pass++
	case oracleFail:
		c.fail++
	case oracleInsufficient:
		c.insufficient++
	}
}

func (c oracleTally) assessed() int { return c.pass + c.fail + c.insufficient }

// reaches says whether the pass rate is at least the rule's; nothing
// assessed does not reach it.
func (c oracleTally) reaches() bool {
	return c.assessed() > 0 && float64(c.pass)/float64(c.assessed()) >= oracleMinPassRate
}

// oracleDecide applies the four rules of templates/rule.txt to the statuses
// of every control; it is not assessable without a baseline period or when
// more than half the assessed controls lack evidence.
func oracleDecide(t testing.TB, f oracleFolder) oracleVerdict {
	t.Helper()
	var v oracleVerdict
	_, status := oracleStatuses(t, f)
	var all oracleTally
	areas := map[string]*oracleTally{}
	for _, a := range oracleVerdictAreas {
		areas[a] = &oracleTally{}
	}
	for _, c := range oracleControls(t) {
		s := status[c.id]
		all.add(s)
		if a := areas[c.area]; a != nil {
			a.add(s)
		}
		if (c.severity == "critical" || c.severity == "high") && (s == oracleFail || s == oracleInsufficient) {
			v.reasons = append(v.reasons, fmt.Sprintf("rule 1: %s (%s) is %s", c.id, c.severity, s))
		}
	}
	for _, id := range []string{"HD-01", "HD-02"} {
		if status[id] != oraclePass {
			v.reasons = append(v.reasons, fmt.Sprintf("rule 2: %s is %q", id, status[id]))
		}
	}
	if !all.reaches() {
		v.reasons = append(v.reasons, fmt.Sprintf("rule 3: %d of %d assessed controls pass", all.pass, all.assessed()))
	}
	for _, a := range oracleVerdictAreas {
		if c := areas[a]; !c.reaches() {
			v.reasons = append(v.reasons, fmt.Sprintf("rule 4: %s passes %d of %d assessed controls", a, c.pass, c.assessed()))
		}
	}
	switch {
	// The helpdesk signal cannot be decided without a baseline, or when HD-01
	// or HD-02 lacks evidence; nor the verdict when most controls lack it.
	case !f.baseline, status["HD-01"] == oracleInsufficient, status["HD-02"] == oracleInsufficient, 2*all.insufficient > all.assessed():
		v.state = "not_assessable"
	case len(v.reasons) == 0:
		v.state = "reached"
	default:
		v.state = "not_reached"
	}
	return v
}

// oracleScenarios are the native evidence folders the tool's verdicts and
// control statuses are checked on, with the verdict each was made to reach.
var oracleScenarios = []struct{ dir, state string }{
	{"sample", "not_reached"},
	{"reached", "reached"},
	{"small", "reached"},
	{"thin", "not_assessable"},
	{"quarters/q2", ""}, // "": whatever the oracle decides
	{"quarters/q3", ""},
	// The native twins of the vendor scenarios hold what exports cannot
	// tell: sign-ins of unknown method, recoveries of unknown verification,
	// devices whose key store cannot be judged.
	{"vendors/okta-intune-servicenow/native", ""},
	{"vendors/entra-jamf-jira/native", ""},
	{"vendors/ocsf-siem/native", ""},
}

// TestOracleVerdicts decides each scenario's controls and verdict on the
// oracle's metrics and compares them, and the metrics, with report.json.
func TestOracleVerdicts(t *testing.T) {
	t.Parallel()
	for _, sc := range oracleScenarios {
		t.Run(strings.ReplaceAll(sc.dir, "/", "-"), func(t *testing.T) {
			t.Parallel()
			dir := oracleFixture(sc.dir)
			if want := oracleDecide(t, oracleAssess(t, dir)); sc.state != "" && want.state != sc.state {
				t.Errorf("oracle: verdict %s, the scenario was made to be %s:\n%s", want.state, sc.state, strings.Join(want.reasons, "\n"))
			}
			_, rep, _ := assessShared(t, dir)
			compareWithOracle(t, dir, rep)
			oracleCompareDecisions(t, dir, rep)
		})
	}
}

// oracleCompareDecisions compares what report.json decided on the folder dir
// with the oracle: every control's status, verdict.state and
// verdict.usable_assurance, and every check (oracleCompareChecks).
func oracleCompareDecisions(t *testing.T, dir string, rep map[string]any) {
	t.Helper()
	f := oracleAssess(t, dir)
	want := oracleDecide(t, f)
	got := controlStatuses(rep)
	ids, status := oracleStatuses(t, f)
	for _, id := range ids {
		if got[id] != status[id] {
			t.Errorf("%s: report %s, oracle %s", id, got[id], status[id])
		}
	}
	for id := range got {
		if !slices.Contains(ids, id) {
			t.Errorf("%s: in the report, not in controls/*.toml", id)
		}
	}
	verdict, _ := rep["verdict"].(map[string]any)
	if verdict["state"] != want.state {
		t.Errorf("verdict.state = %v, oracle %s:\n%s", verdict["state"], want.state, strings.Join(want.reasons, "\n"))
	}
	if verdict["usable_assurance"] != (want.state == "reached") {
		t.Errorf("verdict.usable_assurance = %v, oracle's verdict %s", verdict["usable_assurance"], want.state)
	}
	oracleCompareChecks(t, f, rep)
}

// oracleCompareChecks compares every check of report.json with the oracle's:
// its threshold under the folder's revision, its minimum sample, its status
// and whether it passed on a small sample (a zero-tolerance check below its
// minimum sample with nothing breaching it, and only such a check).
func oracleCompareChecks(t *testing.T, f oracleFolder, rep map[string]any) {
	t.Helper()
	reported := map[string]map[string]any{} // "id metric op" ->
	for _, c := range rep["controls"].([]any) {
		m := c.(map[string]any)
		checks, _ := m["checks"].([]any)
		for _, ch := range checks {
			cm := ch.(map[string]any)
			reported[fmt.Sprint(m["id"], " ", cm["metric"], " ", cm["op"])] = cm
		}
	}
	for _, c := range oracleControls(t) {
		// A control without the evidence it needs decides none of its checks.
		missing := slices.ContainsFunc(c.evidence, func(k string) bool { return !f.kinds[k] })
		for _, ch := range c.checks {
			key := c.id + " " + ch.metric + " " + ch.op
			got, ok := reported[key]
			if !ok {
				t.Errorf("%s: no such check in the report", key)
				continue
			}
			status, why, small := oracleCheckStatus(f, ch)
			if missing {
				status, why, small = oracleInsufficient, "missing evidence", false
			}
			th := got["threshold"]
			if b, isBool := th.(bool); isBool {
				th = map[bool]float64{true: 1, false: 0}[b]
			}
			if th != ch.thresholdUnder(f.rev) {
				t.Errorf("%s: threshold %v, oracle %v under %s", key, got["threshold"], ch.thresholdUnder(f.rev), f.rev)
			}
			if ms, _ := got["min_sample"].(float64); ch.minSample > 0 && int(ms) != ch.minSample {
				t.Errorf("%s: min_sample %v, oracle %d", key, got["min_sample"], ch.minSample)
			}
			if got["status"] != status {
				t.Errorf("%s: status %v (%v), oracle %s (%s)", key, got["status"], got["reason"], status, why)
			}
			if s, _ := got["small_sample"].(bool); s != small {
				t.Errorf("%s: small_sample %v, oracle %v", key, s, small)
			}
		}
	}
}
