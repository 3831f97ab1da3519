// Package assessment runs one assessment end to end: it reads and validates the
// evidence, folds it into metrics, evaluates the catalogue and builds the report
// model. It is the single call the command line makes into the domain.
package assessment

import (
	"slices"
	"sort"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendors"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/templates"
	"github.com/assure-dev/assure/vocab"
)

// Options are the inputs of an assessment.
type Options struct {
	Folder *evidence.Folder
	// Catalogue is the catalogue as loaded; Run takes it for the manifest's
	// SP 800-63B revision and tailors that copy with Profile.
	Catalogue *controls.Catalogue
	// Profile tailors the assessment; nil means the defaults.
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
	// The catalogue as it applies under the manifest's SP 800-63B revision,
	// tailored by the profile: whether a threshold is a SHALL, and so
	// whether a profile may change it, depends on the revision.
	cat := o.Catalogue.ForRevision(set.Manifest.SP80063B)
	prof := o.Profile
	if prof == nil {
		prof = controls.DefaultProfile()
	} else if err := prof.Apply(cat); err != nil {
		return nil, err
	}
	fit := fitness(set, prof)
	res := acc.Results()
	results, err := controls.Evaluate(cat, res, fit)
	if err != nil {
		return nil, err
	}
	ctx := controls.Context{Baseline: set.Manifest.Baseline != nil}
	before := controls.Decide(controls.WithoutWaivers(results), ctx)
	outcomes := controls.ApplyWaivers(results, o.Waivers, set.Manifest.Period.End)
	at := o.GeneratedAt
	if at.IsZero() {
		at = set.Manifest.Period.EndExclusive().Add(-time.Second)
	}
	return build(buildInput{
		Evidence: set, Catalogue: cat, Profile: o.Profile, ProfileSettings: prof, Metrics: res, Results: results,
		Verdict: controls.Decide(results, ctx), VerdictBefore: before, Waivers: o.Waivers, WaiverOutcomes: outcomes,
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
		if why := set.CoverageShortfall(k); why != "" {
			fit.Unfit[string(k)] = why
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
			Lacks:               lacks(set),
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

// lacks gathers, for each fact some format cannot carry, why and how to
// supply it, when every source of the kind that would carry it lacks it.
func lacks(s *evidence.Set) map[string]string {
	out := map[string]string{}
	for _, l := range []struct {
		k    evidence.Kind
		fact string
	}{
		{evidence.AccountEvents, evidence.LacksRecoveryStarted},
		{evidence.AccountEvents, evidence.LacksRecoveryCompleted},
		{evidence.Authenticators, evidence.LacksRegistrationDates},
	} {
		if why := s.LackWhy(l.k, l.fact); why != "" {
			out[l.fact] = why
		}
	}
	return out
}

// buildInput is everything a report is built from.
type buildInput struct {
	Evidence        *evidence.Set
	Catalogue       *controls.Catalogue
	Profile         *controls.Profile // nil when none was used
	ProfileSettings *controls.Profile // the settings in force (defaults without a profile)
	Metrics         *metrics.Results
	Results         []controls.Result
	Verdict         controls.Verdict
	VerdictBefore   controls.Verdict // before waivers
	Waivers         *controls.Waivers
	WaiverOutcomes  []controls.WaiverOutcome
	Fitness         controls.Fitness
	GeneratedAt     time.Time
}

// build assembles the report model from the results of one assessment. The
// gate is left empty; report.ApplyGate fills it.
func build(in buildInput) *report.Report {
	m := in.Evidence.Manifest
	r := &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: report.Name, Version: report.Version},
		Organization:  m.Organization,
		Period:        period(m.Period),
		GeneratedAt:   in.GeneratedAt.UTC().Format(time.RFC3339),
		SP80063B:      m.SP80063B,
		Catalogue:     report.Catalogue{Name: in.Catalogue.Name, Version: in.Catalogue.Version, SHA256: in.Catalogue.SHA256},
		Verdict: report.Verdict{UsableAssurance: in.Verdict.Reached, State: in.Verdict.State, Rule: templates.VerdictRule(), Reasons: reasons(in.Verdict),
			Statement: controls.Statement(in.Verdict, controls.ActiveWaivers(in.WaiverOutcomes)), Tailored: tailored(in.Verdict)},
		Metrics:       map[string]any{},
		MetricDetails: map[string]report.MetricDetail{},
		Segments:      map[string]map[string]float64{},
		SegmentSizes:  map[string]map[string]int{},
		Missing:       []string{},
		Gate:          report.Gate{Rules: []string{}, Reasons: []string{}},
	}
	r.Inputs = report.Inputs{
		Manifest:    report.Digest{Path: evidence.ManifestName, SHA256: in.Evidence.ManifestSHA256},
		Catalogue:   report.Digest{Path: in.Catalogue.Name, SHA256: in.Catalogue.SHA256},
		TicketRules: report.Digest{Path: in.Evidence.RulesSource, SHA256: in.Evidence.RulesSHA256},
	}
	if p := in.Profile; p != nil {
		r.Inputs.Profile = &report.Digest{Path: p.Path, SHA256: p.SHA256}
	}
	if w := in.Waivers; w != nil {
		r.Inputs.Waivers = &report.Digest{Path: w.Path, SHA256: w.SHA256}
	}
	if m.Baseline != nil {
		b := period(*m.Baseline)
		r.BaselinePeriod = &b
	}
	if p := in.Profile; p != nil {
		r.Profile = &report.Profile{Path: p.Path, SHA256: p.SHA256, Overrides: []report.Override{}, MaxTailored: p.MaxTailored}
		for _, o := range p.Overrides {
			r.Profile.Overrides = append(r.Profile.Overrides, report.Override{Control: o.Control, Change: o.Change, Justification: o.Justification})
		}
	}
	c := controls.Count(in.Results)
	r.Summary = report.Summary{Controls: c.Controls, Pass: c.Pass, Fail: c.Fail, InsufficientEvidence: c.Insufficient,
		NotApplicable: c.NotApplicable, Waived: c.Waived, PassRate: c.PassRate()}
	for _, area := range controls.VerdictAreas {
		ac := controls.CountArea(in.Results, area)
		r.Summary.Areas = append(r.Summary.Areas, report.AreaRate{Area: area, Pass: ac.Pass, Assessed: ac.Pass + ac.Fail + ac.Insufficient, PassRate: ac.PassRate()})
	}
	for _, res := range in.Results {
		c := control(res)
		c.Attested = slices.Contains(res.Control.Evidence, string(evidence.Attestations))
		r.Controls = append(r.Controls, c)
	}
	if in.Waivers != nil {
		addWaivers(r, in)
	}
	if r.Controls == nil {
		r.Controls = []report.Control{}
	}
	r.Frameworks, r.Anchors = coverage(in.Results)
	for name, v := range in.Metrics.Values {
		if v.IsBool {
			r.Metrics[name] = v.Bool
		} else {
			r.Metrics[name] = v.Num
		}
		d, _ := metrics.Lookup(name)
		md := report.MetricDetail{N: v.N, Detail: v.Detail, Unit: d.Unit, Definition: d.Definition, Attested: v.Attested,
			Unknown: v.Unknown, UnknownCause: v.Cause, Bound: v.Bound}
		if v.Bound != "" {
			up := v.Upper
			md.Upper = &up
		}
		r.MetricDetails[name] = md
	}
	if len(in.Metrics.Segments) > 0 {
		r.Segments["devices.ready_share"] = in.Metrics.Segments
		r.SegmentSizes["devices.ready_share"] = in.Metrics.SegmentSizes
	}
	r.Helpdesk = helpdesk(in.Metrics)
	r.Series = series(in.Metrics)
	r.MetricDefinitions = definitions()
	r.Classification = classification(in.Evidence)
	for _, st := range in.Evidence.Sources {
		e := report.Evidence{Kind: string(st.Kind), Path: st.Path, Format: st.Format, System: st.System, SHA256: st.SHA256,
			Bytes: st.Bytes, Records: st.Records, RecordsOutsidePeriod: st.Outside}
		if st.CollectedAt != nil {
			e.CollectedAt = st.CollectedAt.UTC().Format(time.RFC3339)
		}
		e.Skipped, e.Notes = st.Skipped, st.Notes
		if st.Keyed {
			n := st.Repeats
			e.RepeatsDropped = &n
		}
		if in.Fitness.Present[string(st.Kind)] && in.ProfileSettings != nil {
			e.Stale = in.Evidence.Stale(st, in.ProfileSettings.MaxEvidenceAgeDays)
		}
		r.Evidence = append(r.Evidence, e)
	}
	if r.Evidence == nil {
		r.Evidence = []report.Evidence{}
	}
	r.Coverage = []report.Coverage{}
	for _, k := range evidence.LogKinds {
		if in.Fitness.Present[string(k)] {
			ev := in.Evidence
			r.Coverage = append(r.Coverage, report.Coverage{Kind: string(k), DaysCovered: ev.CoveredDays(k), Days: ev.Manifest.Period.Days(), Share: ev.Coverage(k)})
		}
	}
	r.IdentityJoin = []report.Join{}
	for _, k := range evidence.Kinds {
		if j := in.Evidence.Join[k]; j != nil && j.Records > 0 {
			r.IdentityJoin = append(r.IdentityJoin, report.Join{Kind: string(k), Records: j.Records, Joined: j.Joined, Share: j.Share()})
		}
	}
	for _, k := range evidence.EvidenceKinds {
		if !in.Fitness.Present[string(k)] {
			r.Missing = append(r.Missing, string(k))
		}
	}
	report.Clean(r) // names from the user's files carry no control characters into any output
	return r
}

func period(p evidence.Period) report.Period {
	return report.Period{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly)}
}

func control(res controls.Result) report.Control {
	c := res.Control
	out := report.Control{ID: c.ID, Title: c.Title, Area: c.Area, Severity: c.Severity, Status: res.Status, Objective: c.Objective,
		Any: c.Any, Evidence: slices.Clone(c.Evidence), Missing: slices.Clone(res.Missing), Finding: res.Finding, Remediation: c.Remediation,
		MustPass: c.MustPass()}
	for _, f := range c.Frameworks {
		out.Frameworks = append(out.Frameworks, report.FrameworkRef{Framework: f.Framework, Reference: f.Reference, Strength: f.Strength})
	}
	for _, cr := range res.Checks {
		ch := report.Check{Metric: cr.Metric, Op: cr.Op, Threshold: cr.Threshold, Measured: cr.Measured, Status: cr.Status, Reason: cr.Reason,
			Bound: cr.Bound, Unknown: cr.Unknown, SmallSample: cr.SmallSample,
			Basis: &report.Basis{Kind: cr.Basis.Kind, Requirement: cr.Basis.Requirement, Keyword: cr.Basis.Keyword, Rationale: cr.Basis.Rationale}}
		if cr.Bound != "" {
			up := cr.Upper
			ch.Upper = &up
		}
		if cr.HasN {
			n := cr.N
			ch.N = &n
		}
		if cr.Sampled {
			ch.MinSample = cr.MinSample
		}
		out.Checks = append(out.Checks, ch)
	}
	return out
}

// coverage groups results by framework reference and by anchor. Controls that are
// not applicable are listed but not counted in the totals, and neither are
// supporting mappings: they are listed apart (controls.CountsToward).
func coverage(results []controls.Result) ([]report.FrameworkCoverage, []report.Anchor) {
	type key struct{ framework, reference string }
	groups := map[key]*report.FrameworkCoverage{}
	for _, res := range results {
		for _, f := range res.Control.Frameworks {
			k := key{f.Framework, f.Reference}
			g := groups[k]
			if g == nil {
				g = &report.FrameworkCoverage{Framework: f.Framework, Reference: f.Reference, Strengths: map[string]string{}, Supporting: []string{}}
				groups[k] = g
			}
			if _, dup := g.Strengths[res.Control.ID]; dup {
				continue
			}
			g.Controls = append(g.Controls, res.Control.ID)
			g.Strengths[res.Control.ID] = f.Strength
			if controls.CountsToward(f.Strength) {
				tally(&g.Pass, &g.Total, res.Status)
			} else {
				g.Supporting = append(g.Supporting, res.Control.ID)
			}
		}
	}
	var fw []report.FrameworkCoverage
	for _, g := range groups {
		sort.Strings(g.Controls)
		sort.Strings(g.Supporting)
		fw = append(fw, *g)
	}
	sort.Slice(fw, func(i, j int) bool {
		if fw[i].Framework != fw[j].Framework {
			return fw[i].Framework < fw[j].Framework
		}
		return fw[i].Reference < fw[j].Reference
	})
	if fw == nil {
		fw = []report.FrameworkCoverage{}
	}
	var an []report.Anchor
	for _, a := range controls.Anchors {
		out := report.Anchor{Name: a.Name, Controls: []string{}, Supporting: []string{}}
		for _, res := range results {
			counted, supporting := false, false
			for _, f := range res.Control.Frameworks {
				if a.Maps(f) {
					counted = counted || controls.CountsToward(f.Strength)
					supporting = supporting || !controls.CountsToward(f.Strength)
				}
			}
			switch {
			case counted:
				out.Controls = append(out.Controls, res.Control.ID)
				tally(&out.Pass, &out.Total, res.Status)
			case supporting:
				out.Supporting = append(out.Supporting, res.Control.ID)
			}
		}
		if out.Total > 0 {
			out.PassRate = float64(out.Pass) / float64(out.Total)
		}
		an = append(an, out)
	}
	return fw, an
}

func tally(pass, total *int, status report.Status) {
	switch status {
	case report.Pass:
		*pass++
		*total++
	case report.Fail, report.InsufficientEvidence:
		*total++
	}
}

func helpdesk(m *metrics.Results) report.Helpdesk {
	h := report.Helpdesk{Months: []report.MonthStages{}}
	for _, ms := range m.Months {
		p := "assessment"
		if ms.Baseline {
			p = "baseline"
		}
		h.Months = append(h.Months, report.MonthStages{Month: ms.Month, Period: p, Stages: ms.Stages})
	}
	return h
}

// classification counts, over tickets opened in the baseline or the period, how
// the stage of each ticket was decided.
func classification(s *evidence.Set) report.Classification {
	c := report.Classification{Source: s.RulesSource, Rules: map[string]int{}, Stages: map[string]int{}}
	for _, st := range vocab.TicketStages() {
		c.Stages[string(st)] = 0
	}
	for _, r := range s.Rules {
		c.Rules[r.Name] = 0
	}
	c.Rules[string(vocab.Unrelated)] = 0
	m := s.Manifest
	auth := 0
	for _, t := range s.Tickets {
		if !m.Period.Contains(t.OpenedAt) && (m.Baseline == nil || !m.Baseline.Contains(t.OpenedAt)) {
			continue
		}
		switch {
		case t.Rule != "":
			c.Classified++
			c.Rules[t.Rule]++
		case t.Stage == string(vocab.Unrelated) && t.Rule == "" && !t.StageGiven:
			c.Rules[string(vocab.Unrelated)]++
		default:
			c.Given++
		}
		c.Stages[t.Stage]++
		if t.Stage != string(vocab.Unrelated) {
			auth++
		}
		if t.Stage == string(vocab.OtherAuth) {
			c.OtherAuth++
		}
	}
	if auth > 0 {
		c.OtherAuthShare = float64(c.OtherAuth) / float64(auth)
	}
	return c
}

func tailored(v controls.Verdict) []report.Tailoring {
	var out []report.Tailoring
	for _, t := range v.Tailored {
		out = append(out, report.Tailoring{Control: t.Control, Change: t.Change, Status: t.Status})
	}
	return out
}

func reasons(v controls.Verdict) []report.Reason {
	out := []report.Reason{}
	for _, reason := range v.Reasons {
		out = append(out, report.Reason{Control: reason.Control, Text: reason.Text})
	}
	return out
}

// addWaivers records the waivers, what became of each, and the verdict and pass
// rate as they would be without them.
func addWaivers(r *report.Report, in buildInput) {
	w := &report.Waivers{Path: in.Waivers.Path, SHA256: in.Waivers.SHA256, Active: controls.ActiveWaivers(in.WaiverOutcomes), Entries: []report.WaiverEntry{}}
	if in.ProfileSettings != nil {
		w.MaxActive = in.ProfileSettings.MaxActiveWaivers
	}
	byID := map[string]int{}
	for i, c := range r.Controls {
		byID[c.ID] = i
	}
	for _, o := range in.WaiverOutcomes {
		e := report.WaiverEntry{Control: o.Control, State: o.State, StatusBefore: o.StatusBefore, Justification: o.Justification,
			ApprovedBy: o.ApprovedBy, RiskRegisterID: o.RiskRegisterID, Expires: o.Expires.Format(time.DateOnly), CompensatingControl: o.CompensatingControl}
		w.Entries = append(w.Entries, e)
		if o.State == controls.WaiverActive {
			c := &r.Controls[byID[o.Control]]
			c.StatusBeforeWaiver, c.Waiver = o.StatusBefore, &e
		}
	}
	r.Waivers = w
	before := controls.Count(controls.WithoutWaivers(in.Results)).PassRate()
	r.Summary.PassRateBeforeWaivers = &before
	r.Verdict.BeforeWaivers = &report.VerdictBeforeWaivers{UsableAssurance: in.VerdictBefore.Reached, PassRate: before, Reasons: reasons(in.VerdictBefore)}
}

func series(m *metrics.Results) map[string][]report.SeriesPoint {
	out := map[string][]report.SeriesPoint{}
	for name, pts := range m.Series {
		list := make([]report.SeriesPoint, len(pts))
		for i, p := range pts {
			list[i] = report.SeriesPoint{Month: p.Month, Period: "assessment", N: p.N}
			if p.Baseline {
				list[i].Period = "baseline"
			}
			if p.Has {
				v := p.Value
				list[i].Value = &v
			}
		}
		out[name] = list
	}
	return out
}

// definitions describes every metric the tool defines, computed or not, so
// that a renderer can name and format any metric — a check's, a series', or
// one a page shows as missing — from the report alone.
func definitions() map[string]report.MetricDefinition {
	out := map[string]report.MetricDefinition{}
	for _, d := range metrics.All() {
		out[d.Name] = report.MetricDefinition{Unit: d.Unit, Label: d.Label, Definition: d.Definition}
	}
	return out
}
