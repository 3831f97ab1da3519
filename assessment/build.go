package assessment

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/templates"
	"github.com/assure-dev/assure/vocab"
)

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
		Verdict: report.Verdict{UsableAssurance: in.Verdict.Reached, Rule: templates.VerdictRule(), Reasons: reasons(in.Verdict),
			Statement: controls.Statement(in.Verdict, controls.ActiveWaivers(in.WaiverOutcomes))},
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
		r.Profile = &report.Profile{Path: p.Path, SHA256: p.SHA256, Overrides: []report.Override{}}
		for _, o := range p.Overrides {
			r.Profile.Overrides = append(r.Profile.Overrides, report.Override{Control: o.Control, Change: o.Change, Justification: o.Justification})
		}
	}
	c := controls.Count(in.Results)
	r.Summary = report.Summary{Controls: c.Controls, Pass: c.Pass, Fail: c.Fail, InsufficientEvidence: c.Insufficient,
		NotApplicable: c.NotApplicable, Waived: c.Waived, PassRate: c.PassRate()}
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
		r.MetricDetails[name] = report.MetricDetail{N: v.N, Detail: v.Detail, Unit: d.Unit, Definition: d.Definition, Attested: v.Attested}
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
	return r
}

func period(p evidence.Period) report.Period {
	return report.Period{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly)}
}

func control(res controls.Result) report.Control {
	c := res.Control
	out := report.Control{ID: c.ID, Title: c.Title, Area: c.Area, Severity: c.Severity, Status: res.Status, Objective: c.Objective,
		Any: c.Any, Evidence: slices.Clone(c.Evidence), Missing: slices.Clone(res.Missing), Finding: res.Finding, Remediation: c.Remediation}
	for _, f := range c.Frameworks {
		out.Frameworks = append(out.Frameworks, report.FrameworkRef{Framework: f.Framework, Reference: f.Reference, Strength: f.Strength})
	}
	for _, cr := range res.Checks {
		ch := report.Check{Metric: cr.Metric, Op: cr.Op, Threshold: cr.Threshold, Measured: cr.Measured, Status: cr.Status, Reason: cr.Reason}
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

// anchor is one of the three references the product promises coverage of.
type anchor struct {
	name      string
	framework string
	matches   func(ref string) bool
}

var anchors = []anchor{
	{"NIST CSF 2.0 PR.AA-01", "NIST CSF 2.0", func(ref string) bool { return ref == "PR.AA-01" }},
	{"NIST SP 800-63B AAL2", "NIST SP 800-63B", func(ref string) bool { return strings.HasPrefix(ref, "AAL2") }},
	{"NIST AI RMF 1.0 GOVERN", "NIST AI RMF 1.0", func(ref string) bool { return strings.HasPrefix(ref, "GOVERN") }},
}

// coverage groups results by framework reference and by anchor. Controls that are
// not applicable are listed but not counted in the totals.
func coverage(results []controls.Result) ([]report.FrameworkCoverage, []report.Anchor) {
	type key struct{ framework, reference string }
	groups := map[key]*report.FrameworkCoverage{}
	for _, res := range results {
		for _, f := range res.Control.Frameworks {
			k := key{f.Framework, f.Reference}
			g := groups[k]
			if g == nil {
				g = &report.FrameworkCoverage{Framework: f.Framework, Reference: f.Reference, Strengths: map[string]string{}}
				groups[k] = g
			}
			if _, dup := g.Strengths[res.Control.ID]; dup {
				continue
			}
			g.Controls = append(g.Controls, res.Control.ID)
			g.Strengths[res.Control.ID] = f.Strength
			tally(&g.Pass, &g.Total, res.Status)
		}
	}
	var fw []report.FrameworkCoverage
	for _, g := range groups {
		sort.Strings(g.Controls)
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
	for _, a := range anchors {
		out := report.Anchor{Name: a.name, Controls: []string{}}
		for _, res := range results {
			if slices.ContainsFunc(res.Control.Frameworks, func(f controls.FrameworkRef) bool {
				return f.Framework == a.framework && a.matches(f.Reference)
			}) {
				out.Controls = append(out.Controls, res.Control.ID)
				tally(&out.Pass, &out.Total, res.Status)
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
	c.Rules["unrelated"] = 0
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
		case t.Stage == "unrelated" && t.Rule == "" && !t.StageGiven:
			c.Rules["unrelated"]++
		default:
			c.Given++
		}
		c.Stages[t.Stage]++
		if t.Stage != "unrelated" {
			auth++
		}
		if t.Stage == "other_auth" {
			c.OtherAuth++
		}
	}
	if auth > 0 {
		c.OtherAuthShare = float64(c.OtherAuth) / float64(auth)
	}
	return c
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
