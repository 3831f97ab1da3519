// Package assessment runs one assessment end to end: it reads and validates the
// evidence, folds it into metrics, evaluates the catalogue and builds the report
// model. It is the single call the command line makes into the domain.
package assessment

import (
	"fmt"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendors"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// Options are the inputs of an assessment.
type Options struct {
	Folder    *evidence.Folder
	Catalogue *controls.Catalogue
	// Profile tailors the assessment; it is already applied to Catalogue. Nil
	// means the defaults.
	Profile *controls.Profile
	// Waivers are accepted risks; nil means none.
	Waivers *controls.Waivers
	// Formats lists the vendor formats sources may use; nil means all of them.
	Formats *evidence.Formats
	// GeneratedAt dates the report; zero means the end of the assessment period,
	// so that reports are reproducible without a clock.
	GeneratedAt time.Time
}

// Run assesses the evidence folder. Invalid evidence gives a
// *problem.Invalid listing every problem found.
func Run(o Options) (*report.Report, error) {
	set, acc, err := read(o.Folder, o.Formats, true)
	if err != nil {
		return nil, err
	}
	prof := o.Profile
	if prof == nil {
		prof = controls.DefaultProfile()
	}
	fit := fitness(set, prof)
	res := acc.Results()
	results, err := controls.Evaluate(o.Catalogue, res, fit)
	if err != nil {
		return nil, err
	}
	before := controls.Decide(results)
	outcomes := controls.ApplyWaivers(results, o.Waivers, set.Manifest.Period.End)
	at := o.GeneratedAt
	if at.IsZero() {
		at = set.Manifest.Period.EndExclusive().Add(-time.Second)
	}
	return build(buildInput{
		Evidence: set, Catalogue: o.Catalogue, Profile: o.Profile, ProfileSettings: prof, Metrics: res, Results: results,
		Verdict: controls.Decide(results), VerdictBefore: before, Waivers: o.Waivers, WaiverOutcomes: outcomes,
		Fitness: fit, GeneratedAt: at,
	}), nil
}

// fitness gathers what controls may rely on: kinds with records, how well each
// joined to the population, and kinds that are stale or cover too few days.
func fitness(set *evidence.Set, prof *controls.Profile) controls.Fitness {
	fit := controls.Fitness{Present: controls.Present{}, Joins: controls.Joins{}, Unfit: map[string]string{}}
	for _, k := range evidence.Kinds {
		fit.Present[string(k)] = set.Records(k) > 0
	}
	for k, j := range set.Join {
		if j.Records > 0 {
			fit.Joins[string(k)] = j.Share()
		}
	}
	for _, st := range set.Sources {
		if !fit.Present[string(st.Kind)] {
			continue
		}
		if why := set.Stale(st, prof.MaxEvidenceAgeDays); why != "" {
			if _, seen := fit.Unfit[string(st.Kind)]; !seen {
				fit.Unfit[string(st.Kind)] = "is stale: " + why
			}
		}
	}
	for _, k := range evidence.LogKinds {
		if !fit.Present[string(k)] {
			continue
		}
		if _, stale := fit.Unfit[string(k)]; stale {
			continue
		}
		if c := set.Coverage(k); c < evidence.MinCoverage {
			fit.Unfit[string(k)] = fmt.Sprintf("covers only %s of the period's days (%d of %d); at least %s are needed",
				present.Format(c, present.Share), set.CoveredDays(k), set.Manifest.Period.Days(), present.Format(evidence.MinCoverage, present.Share))
		}
	}
	return fit
}

// read loads the folder and streams the event kinds, folding them into an
// accumulator when fold is set. Problems from every source are gathered so that
// one run lists them all.
func read(f *evidence.Folder, formats *evidence.Formats, fold bool) (*evidence.Set, *metrics.Accumulator, error) {
	if formats == nil {
		formats = vendors.Formats()
	}
	set, err := evidence.Load(f, formats)
	if set == nil {
		return nil, nil, err
	}
	probs := problem.List{Input: evidence.What}
	if ie, ok := err.(*problem.Invalid); ok {
		for _, p := range ie.Problems {
			probs.Add(p)
		}
		probs.Omitted += ie.Omitted
	} else if err != nil {
		return nil, nil, err
	}
	var acc *metrics.Accumulator
	if fold && err == nil {
		acc = metrics.New(input(set))
	}
	for e, p := range set.AuthEvents() {
		if p != nil {
			probs.Add(p)
			continue
		}
		if acc != nil {
			acc.AuthEvent(&e)
		}
	}
	for e, p := range set.AccountEvents() {
		if p != nil {
			probs.Add(p)
			continue
		}
		if acc != nil {
			acc.AccountEvent(&e)
		}
	}
	if err := probs.Err(); err != nil {
		return nil, nil, err
	}
	if acc != nil {
		acc.Streamed(metrics.Streamed{
			AuthEvents:          set.Records(evidence.AuthEvents) > 0,
			AccountEvents:       set.Records(evidence.AccountEvents) > 0,
			NoRecoveryStarted:   set.Lacks(evidence.AccountEvents, evidence.LacksRecoveryStarted),
			NoRecoveryCompleted: set.Lacks(evidence.AccountEvents, evidence.LacksRecoveryCompleted),
		})
	}
	return set, acc, nil
}

// input hands the loaded kinds to the metrics; a kind without records is nil so
// that its metrics are absent rather than zero.
func input(s *evidence.Set) *metrics.Input {
	m := s.Manifest
	in := &metrics.Input{Period: m.Period, Baseline: m.Baseline, SP80063B: m.SP80063B, Policies: s.Policies, Governance: s.Governance}
	if len(s.People) > 0 {
		in.People = s.People
	}
	if len(s.Devices) > 0 {
		in.Devices = s.Devices
	}
	if len(s.Authenticators) > 0 {
		in.Authenticators = s.Authenticators
	}
	if len(s.Tickets) > 0 {
		in.Tickets = s.Tickets
	}
	if len(s.Attestations) > 0 {
		in.Attestations = s.Attestations
	}
	return in
}
