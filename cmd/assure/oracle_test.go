package main

// An independent, deliberately plain implementation of metrics.md used by the
// end-to-end tests to check the numbers the tool reports. It reads the evidence folder
// with the standard library only (and BurntSushi/toml for the TOML files) and imports
// nothing from this module, so a bug in the evidence, metrics or controls packages
// cannot hide itself by being repeated here. The thresholds and the ticket
// classification rules are not restated either: the oracle decodes controls/*.toml
// and evidence/classification.toml itself.
//
// The files, in the order of metrics.md:
//
//	oracle_test.go            this driver: conventions (periods, change) and the cache
//	oracle_input_test.go      reading the evidence folder into plain records
//	oracle_population_test.go Population and devices
//	oracle_enrolment_test.go  Enrolment
//	oracle_auth_test.go       Authentication
//	oracle_helpdesk_test.go   Helpdesk, and the classification of tickets
//	oracle_recovery_test.go   Recovery
//	oracle_policy_test.go     Policy
//	oracle_governance_test.go Governance and attestations
//	oracle_catalogue_test.go  the checks of controls/*.toml, evaluated on the oracle's metrics
//	oracle_verdict_test.go    the verdict of templates/rule.txt, and the comparison with report.json
//	oracle_fixtures_test.go   what the oracle says about each fixture
//	oracle_variants_test.go   fixtures rewritten to hold what none of them does, compared with the tool

import (
	"maps"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// oraclePeriod holds the conventions of metrics.md: P and B run from the start
// day 00:00:00Z to the end day 23:59:59.999Z.
type oraclePeriod struct {
	start, endDay, end time.Time
	days               float64 // days(P)
	hasB               bool
	bStart, bEnd       time.Time
	bDays              float64 // days(B)
}

func newOraclePeriod(m oracleManifest) oraclePeriod {
	p := oraclePeriod{start: oracleDate(m.Period.Start), endDay: oracleDate(m.Period.End)}
	p.end = p.endDay.Add(24*time.Hour - time.Millisecond)
	p.days = p.endDay.Sub(p.start).Hours()/24 + 1
	if m.Baseline != nil {
		p.hasB = true
		p.bStart = oracleDate(m.Baseline.Start)
		bEndDay := oracleDate(m.Baseline.End)
		p.bEnd = bEndDay.Add(24*time.Hour - time.Millisecond)
		p.bDays = bEndDay.Sub(p.bStart).Hours()/24 + 1
	}
	return p
}

func (p oraclePeriod) inP(x time.Time) bool { return !x.Before(p.start) && !x.After(p.end) }

func (p oraclePeriod) inB(x time.Time) bool {
	return p.hasB && !x.Before(p.bStart) && !x.After(p.bEnd)
}

// months is months(P) = days(P) / 30.436875.
func (p oraclePeriod) months() float64 { return p.days / 30.436875 }

// asOf is the end of P.
func (p oraclePeriod) asOf() time.Time { return p.end }

// oracleResult collects the metrics and the sample size n behind each.
type oracleResult struct {
	m  map[string]any
	ns map[string]int
	// unknown counts, for a share, the records of a kind the evidence
	// cannot tell, left out of it; upper is the most a share that is a lower
	// bound could be (devices whose key store cannot be judged).
	unknown map[string]int
	upper   map[string]float64
}

// oracleFolder is what the checks of the catalogue are decided on: the
// oracle's metrics of one evidence folder with their samples, the folder's
// SP 800-63B revision, the kinds its manifest names and whether it names a
// baseline period.
type oracleFolder struct {
	m        map[string]any
	ns       map[string]int
	unknown  map[string]int
	upper    map[string]float64
	rev      string
	kinds    map[string]bool
	baseline bool
}

func (r *oracleResult) set(name string, v any, n int) {
	r.m[name] = v
	r.ns[name] = n
}

// share sets num/den; a share of nothing is absent.
func (r *oracleResult) share(name string, num, den int) {
	if den > 0 {
		r.set(name, float64(num)/float64(den), den)
	}
}

// change sets change(x_P, x_B) = (r_P - r_B) / r_B of the rates of
// oracleInput.rate; absent without B or when x_B = 0. Its sample is x_B.
func (r *oracleResult) change(in *oracleInput, name string, xP, xB int) {
	if !in.period.hasB || xB == 0 {
		return
	}
	rP, okP := in.rate(xP, false)
	rB, okB := in.rate(xB, true)
	if okP && okB {
		r.set(name, (rP-rB)/rB, xB)
	}
}

// rate is a count of P (or of B) per day, and per in-scope person as well
// when people came into scope between B and P, so that a merger does not
// move demand by itself. It is false when the count cannot be taken per
// person: nobody was in scope during B.
func (in *oracleInput) rate(x int, baseline bool) (float64, bool) {
	days, people := in.period.days, len(in.inScope)
	if baseline {
		days, people = in.period.bDays, in.baselinePeople()
	}
	v := float64(x) / days
	if !in.populationChanged() {
		return v, true
	}
	if people == 0 {
		return 0, false
	}
	return v / float64(people), true
}

// baselinePeople counts the people of U who were in scope during B: in scope
// throughout, or since a day no later than B's last.
func (in *oracleInput) baselinePeople() int {
	n := 0
	for _, u := range in.inScope {
		if from, ok := in.inScopeFrom[u]; !ok || !oracleDate(from).After(in.period.bEnd) {
			n++
		}
	}
	return n
}

// populationChanged says whether U during B differs from U now.
func (in *oracleInput) populationChanged() bool {
	return in.period.hasB && len(in.inScope) > 0 && in.baselinePeople() != len(in.inScope)
}

// oracleMetrics computes every metric of metrics.md for the evidence folder dir
// from first principles. Values are float64, or bool for helpdesk.practical_test,
// policy.notify_on_recovery, governance.owner_assigned and the attestations.
// Metrics that cannot be computed are absent.
func oracleMetrics(t testing.TB, dir string) map[string]any {
	t.Helper()
	m, _ := oracleCompute(t, dir)
	return m
}

// oracleCache keeps one computation per folder: several tests ask about the
// same fixture. A computation that fails is not kept, so every test asking
// after it fails with the same message.
var oracleCache struct {
	sync.Mutex
	dirs map[string]*oracleCached
}

type oracleCached struct {
	sync.Mutex
	done bool
	res  oracleFolder
}

// oracleCompute returns the metrics and the sample size n behind each of them.
// The maps are the caller's own.
func oracleCompute(t testing.TB, dir string) (map[string]any, map[string]int) {
	t.Helper()
	f := oracleAssess(t, dir)
	return f.m, f.ns
}

// oracleAssess returns the folder as the checks see it. The maps are the
// caller's own.
func oracleAssess(t testing.TB, dir string) oracleFolder {
	t.Helper()
	key, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	oracleCache.Lock()
	if oracleCache.dirs == nil {
		oracleCache.dirs = map[string]*oracleCached{}
	}
	c := oracleCache.dirs[key]
	if c == nil {
		c = &oracleCached{}
		oracleCache.dirs[key] = c
	}
	oracleCache.Unlock()

	c.Lock()
	defer c.Unlock() // also when computing fails the test (runtime.Goexit)
	if !c.done {
		c.res = oracleComputeFolder(t, dir)
		c.done = true
	}
	f := c.res
	f.m, f.ns, f.kinds = maps.Clone(f.m), maps.Clone(f.ns), maps.Clone(f.kinds)
	f.unknown, f.upper = maps.Clone(f.unknown), maps.Clone(f.upper)
	return f
}

// oracleComputeFolder reads the folder and computes each section of metrics.md.
func oracleComputeFolder(t testing.TB, dir string) oracleFolder {
	t.Helper()
	in := oracleReadFolder(t, dir)
	out := oracleResult{m: map[string]any{}, ns: map[string]int{}, unknown: map[string]int{}, upper: map[string]float64{}}
	oraclePopulationAndDevices(in, &out)
	oracleEnrolment(in, &out)
	oracleAuthentication(in, &out)
	oracleHelpdesk(in, &out)
	oracleRecovery(in, &out)
	oraclePolicy(t, in, &out)
	oracleGovernance(in, &out)
	oracleAttestations(in, &out)
	f := oracleFolder{m: out.m, ns: out.ns, unknown: out.unknown, upper: out.upper, rev: in.rev, kinds: map[string]bool{}, baseline: in.period.hasB}
	for k := range in.paths {
		f.kinds[k] = true
	}
	return f
}

func oracleFixture(name string) string { return filepath.Join("..", "..", "fixtures", name) }
