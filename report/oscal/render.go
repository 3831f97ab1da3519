package oscal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// OSCALVersion is the OSCAL version of the documents Render writes.
const OSCALVersion = "1.1.3"

// FileName is the name the document is written under.
const FileName = "assessment-results.json"

// Render writes the report as an OSCAL 1.1.3 assessment-results document:
// indented JSON ending in a newline. See the package documentation for the
// mapping.
func Render(r *report.Report) ([]byte, error) {
	if r == nil {
		return nil, errors.New("oscal: no report")
	}
	start, end, err := period(r.Period)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(time.RFC3339, r.GeneratedAt); err != nil {
		return nil, fmt.Errorf("oscal: generated_at %q is not an RFC 3339 date-time: %w", r.GeneratedAt, err)
	}
	b := &builder{r: r, ids: newIDer(r.Organization, r.Period.Start, r.Period.End), start: start, end: end}
	doc := b.document()
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("oscal: encode: %w", err)
	}
	return out.Bytes(), nil
}

// period turns the report's inclusive date range into OSCAL date-times.
func period(p report.Period) (string, string, error) {
	s, err := time.Parse(time.DateOnly, p.Start)
	if err != nil {
		return "", "", fmt.Errorf("oscal: period start %q: %w", p.Start, err)
	}
	e, err := time.Parse(time.DateOnly, p.End)
	if err != nil {
		return "", "", fmt.Errorf("oscal: period end %q: %w", p.End, err)
	}
	if e.Before(s) {
		return "", "", fmt.Errorf("oscal: period ends (%s) before it starts (%s)", p.End, p.Start)
	}
	return s.Format("2006-01-02") + "T00:00:00Z", e.Format("2006-01-02") + "T23:59:59Z", nil
}

type builder struct {
	r          *report.Report
	ids        ider
	start, end string

	toolUUID   string
	planUUID   string
	waiverUUID string
	// sources are the evidence resources by kind, in report order.
	sources map[string][]source
}

// source is the back-matter resource of one evidence file.
type source struct {
	uuid string
	ev   report.Evidence
}

func (b *builder) document() document {
	r := b.r
	b.toolUUID = b.ids.id("component", "tool")
	b.planUUID = b.ids.id("resource", "assessment-plan")
	bm := &backMatter{Resources: []resource{b.planResource()}}
	if r.Waivers != nil {
		b.waiverUUID = b.ids.id("resource", "waivers")
		bm.Resources = append(bm.Resources, b.waiverResource())
	}
	b.sources = map[string][]source{}
	for _, ev := range r.Evidence {
		// One resource per manifest source: a file that feeds several kinds (an
		// Okta System Log, an OCSF stream) is one source per kind.
		s := source{uuid: b.ids.id("resource", "evidence", ev.Kind, ev.Path, ev.SHA256), ev: ev}
		b.sources[ev.Kind] = append(b.sources[ev.Kind], s)
		bm.Resources = append(bm.Resources, evidenceResource(s))
	}
	return document{AssessmentResults: assessmentResults{
		UUID:     b.ids.id("assessment-results"),
		Metadata: b.metadata(),
		ImportAP: importAP{
			Href: "#" + b.planUUID,
			Remarks: "assure publishes no separate OSCAL assessment plan: the plan is the control catalogue, with the " +
				"profile, waivers, evidence manifest and ticket classification rules in force. This reference points at the " +
				"back-matter resource that identifies them by SHA-256.",
		},
		Results:    []result{b.result()},
		BackMatter: bm,
	}}
}

func (b *builder) metadata() metadata {
	r := b.r
	m := metadata{
		Title:        "Passwordless assurance assessment results: " + orgName(r.Organization) + ", " + r.Period.Start + " to " + r.Period.End,
		LastModified: r.GeneratedAt,
		Version:      nonEmpty(oneLine(r.Tool.Version), "0"),
		OSCALVersion: OSCALVersion,
	}
	m.Props = props(
		p("tool", r.Tool.Name, ""),
		p("tool-version", r.Tool.Version, ""),
		p("report-schema-version", r.SchemaVersion, ""),
		p("generated-at", r.GeneratedAt, ""),
		p("sp800-63b-profile", r.SP80063B, ""),
	)
	if org := oneLine(r.Organization); org != "" {
		pu := b.ids.id("party", "organization")
		m.Roles = []role{{ID: "prepared-for", Title: "Prepared For"}}
		m.Parties = []party{{UUID: pu, Type: "organization", Name: org}}
		m.ResponsibleParties = []responsibleParty{{RoleID: "prepared-for", PartyUUIDs: []string{pu}}}
	}
	return m
}

func (b *builder) planResource() resource {
	r := b.r
	in := r.Inputs
	res := resource{
		UUID:  b.planUUID,
		Title: "Assessment plan: " + nonEmpty(oneLine(r.Catalogue.Name), "control catalogue") + " " + oneLine(r.Catalogue.Version),
		Description: "The catalogue controls, thresholds and verdict rule assure evaluated, with the tailoring, waivers, " +
			"evidence manifest and ticket classification rules in force. It stands in for an OSCAL assessment plan.",
		Props: props(
			p("catalogue-name", r.Catalogue.Name, ""),
			p("catalogue-version", r.Catalogue.Version, ""),
			p("catalogue-sha256", nonEmpty(r.Catalogue.SHA256, in.Catalogue.SHA256), ""),
			p("manifest-path", in.Manifest.Path, ""),
			p("manifest-sha256", in.Manifest.SHA256, ""),
			p("ticket-rules-path", in.TicketRules.Path, ""),
			p("ticket-rules-sha256", in.TicketRules.SHA256, ""),
			p("sp800-63b-profile", r.SP80063B, ""),
		),
	}
	prof := r.Profile
	if prof != nil {
		res.Props = append(res.Props, props(p("profile-path", prof.Path, ""), p("profile-sha256", prof.SHA256, ""))...)
		for _, o := range prof.Overrides {
			res.Props = append(res.Props, props(prop{Name: "profile-override", Value: o.Control + ": " + o.Change,
				Class: classToken(o.Control), Remarks: o.Justification})...)
		}
		if l, ok := fileLink(prof.Path, prof.SHA256); ok {
			res.Rlinks = append(res.Rlinks, l)
		}
	} else if d := in.Profile; d != nil {
		res.Props = append(res.Props, props(p("profile-path", d.Path, ""), p("profile-sha256", d.SHA256, ""))...)
	}
	if d := in.Waivers; d != nil && r.Waivers == nil {
		res.Props = append(res.Props, props(p("waivers-path", d.Path, ""), p("waivers-sha256", d.SHA256, ""))...)
	}
	return res
}

func (b *builder) waiverResource() resource {
	w := b.r.Waivers
	res := resource{
		UUID:        b.waiverUUID,
		Title:       "Accepted risks (waivers)",
		Description: "The waiver file: per control a justification, the approver's role, a risk register id and an expiry.",
		Props: props(
			p("path", w.Path, ""),
			p("sha256", w.SHA256, ""),
			p("active-waivers", strconv.Itoa(w.Active), ""),
			p("max-active-waivers", strconv.Itoa(w.MaxActive), ""),
		),
	}
	if l, ok := fileLink(w.Path, w.SHA256); ok {
		res.Rlinks = []rlink{l}
	}
	return res
}

func evidenceResource(s source) resource {
	ev := s.ev
	desc := "Evidence source of kind " + ev.Kind
	if ev.System != "" {
		desc += ", exported from " + ev.System
	}
	desc += fmt.Sprintf(" (format %s, %d records, %d of them outside the assessment and baseline periods).", ev.Format, ev.Records, ev.RecordsOutsidePeriod)
	res := resource{
		UUID:        s.uuid,
		Title:       ev.Kind + ": " + ev.Path,
		Description: desc,
		Props: props(
			p("evidence-kind", ev.Kind, ""),
			p("path", ev.Path, ""),
			p("format", ev.Format, ""),
			p("system", ev.System, ""),
			p("sha256", ev.SHA256, ""),
			p("bytes", strconv.FormatInt(ev.Bytes, 10), ""),
			p("records", strconv.Itoa(ev.Records), ""),
			p("records-outside-period", strconv.Itoa(ev.RecordsOutsidePeriod), ""),
			p("collected-at", ev.CollectedAt, ""),
			p("stale", ev.Stale, ""),
		),
	}
	for _, k := range sortedKeys(ev.Skipped) {
		res.Props = append(res.Props, props(prop{Name: "skipped-records", Value: strconv.Itoa(ev.Skipped[k]), Class: classToken(k)})...)
	}
	if len(ev.Notes) > 0 {
		res.Remarks = bullets(ev.Notes)
	}
	if l, ok := fileLink(ev.Path, ev.SHA256); ok {
		res.Rlinks = []rlink{l}
	}
	return res
}

func (b *builder) result() result {
	r := b.r
	s := r.Summary
	res := result{
		UUID:        b.ids.id("result"),
		Title:       r.Verdict.Statement + " (" + orgName(r.Organization) + ", " + r.Period.Start + " to " + r.Period.End + ")",
		Description: b.verdictText(),
		Start:       b.start,
		End:         b.end,
		Props: props(
			p("usable-assurance", strconv.FormatBool(r.Verdict.UsableAssurance), ""),
			p("verdict-state", classToken(r.Verdict.StateOf()), ""),
			p("pass-rate", number(s.PassRate), ""),
			p("controls", strconv.Itoa(s.Controls), ""),
			p("controls-pass", strconv.Itoa(s.Pass), ""),
			p("controls-fail", strconv.Itoa(s.Fail), ""),
			p("controls-insufficient-evidence", strconv.Itoa(s.InsufficientEvidence), ""),
			p("controls-not-applicable", strconv.Itoa(s.NotApplicable), ""),
			p("controls-waived", strconv.Itoa(s.Waived), ""),
		),
		LocalDefinitions: &localDefinitions{AssessmentAssets: &assessmentAssets{
			Components: []component{{
				UUID:        b.toolUUID,
				Type:        "software",
				Title:       nonEmpty(oneLine(r.Tool.Name), "assure"),
				Description: "The assure command-line tool: it read and hashed the evidence, computed the metrics and evaluated the catalogue controls.",
				Props:       props(p("version", r.Tool.Version, "")),
				Status:      componentStatus{State: "operational"},
			}},
			AssessmentPlatforms: []platform{{
				UUID:           b.ids.id("assessment-platform"),
				Title:          strings.TrimSpace(nonEmpty(oneLine(r.Tool.Name), "assure") + " " + oneLine(r.Tool.Version)),
				UsesComponents: []usesComponent{{ComponentUUID: b.toolUUID}},
			}},
		}},
		ReviewedControls: b.reviewedControls(),
	}
	if s.PassRateBeforeWaivers != nil {
		res.Props = append(res.Props, p("pass-rate-before-waivers", number(*s.PassRateBeforeWaivers), ""))
	}
	if g := r.Gate; len(g.Rules) > 0 || len(g.Reasons) > 0 || g.Passed {
		res.Props = append(res.Props, p("gate-passed", strconv.FormatBool(g.Passed), ""))
		var rm strings.Builder
		if g.Passed {
			rm.WriteString("The CI gate passed.")
		} else {
			rm.WriteString("The CI gate failed.")
		}
		if len(g.Rules) > 0 {
			rm.WriteString("\n\nGate rules:\n\n" + bullets(g.Rules))
		}
		if len(g.Reasons) > 0 {
			rm.WriteString("\n\nGate reasons:\n\n" + bullets(g.Reasons))
		}
		res.Remarks = rm.String()
	}
	for _, c := range r.Controls {
		if c.Status == report.NotApplicable {
			res.Props = append(res.Props, props(prop{Name: "not-applicable-control", Value: c.ID, Remarks: c.Finding})...)
		}
	}
	obs, byMetric := b.observations()
	res.Observations = obs
	for _, c := range r.Controls {
		if c.Status == report.NotApplicable {
			continue
		}
		f := b.finding(c, byMetric)
		if c.Status == report.Waived && c.Waiver != nil {
			rk := b.risk(c, f.RelatedObservations)
			f.RelatedRisks = []relatedRisk{{RiskUUID: rk.UUID}}
			res.Risks = append(res.Risks, rk)
		}
		res.Findings = append(res.Findings, f)
	}
	return res
}

func (b *builder) verdictText() string {
	v := b.r.Verdict
	var t strings.Builder
	t.WriteString(strings.TrimSuffix(v.Statement, "."))
	t.WriteString(".")
	if v.Rule != "" {
		t.WriteString("\n\nRule: " + v.Rule)
	}
	if len(v.Reasons) > 0 {
		var rs []string
		for _, x := range v.Reasons {
			if x.Control != "" {
				rs = append(rs, x.Control+": "+x.Text)
			} else {
				rs = append(rs, x.Text)
			}
		}
		t.WriteString("\n\nReasons:\n\n" + bullets(rs))
	}
	if bw := v.BeforeWaivers; bw != nil {
		state := "not reached"
		if bw.UsableAssurance {
			state = "reached"
		}
		fmt.Fprintf(&t, "\n\nBefore waivers: usable assurance %s, pass rate %s.", state, number(bw.PassRate))
	}
	return t.String()
}

// reviewedControls names the framework references the catalogue controls map
// to, one control selection per reference.
func (b *builder) reviewedControls() reviewedControls {
	rc := reviewedControls{
		Description: "The framework references (NIST CSF 2.0, SP 800-63B, AI RMF 1.0) the catalogue controls map to. " +
			"Control ids are the references as OSCAL tokens: lower case, other characters replaced by \"-\".",
	}
	for _, fw := range b.r.Frameworks {
		cs := controlSelection{
			Description: fw.Framework + " " + fw.Reference,
			Props: props(
				p("framework", fw.Framework, ""),
				p("reference", fw.Reference, ""),
				p("controls", strings.Join(fw.Controls, ", "), ""),
				p("controls-pass", strconv.Itoa(fw.Pass), ""),
				p("controls-assessed", strconv.Itoa(fw.Total), ""),
			),
			IncludeControls: []selectControl{{ControlID: ReferenceID(fw.Framework, fw.Reference)}},
		}
		rc.ControlSelections = append(rc.ControlSelections, cs)
	}
	if len(rc.ControlSelections) == 0 {
		rc.ControlSelections = []controlSelection{{Description: "The catalogue maps no control to a framework reference."}}
	}
	return rc
}

// metricUse is what the controls say about one metric.
type metricUse struct {
	kinds    []string // evidence kinds of the controls checking it
	missing  []string // of those, kinds no source was supplied for
	reasons  []string // why checks could not use it
	measured any      // from a check, when the metrics map lacks it
	n        *int
	attested bool
}

// observations writes one observation per metric, sorted by name, and returns
// their UUIDs by metric.
func (b *builder) observations() ([]observation, map[string]string) {
	r := b.r
	uses := map[string]*metricUse{}
	use := func(m string) *metricUse {
		if uses[m] == nil {
			uses[m] = &metricUse{}
		}
		return uses[m]
	}
	for m := range r.Metrics {
		use(m)
	}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			u := use(ch.Metric)
			for _, k := range c.Evidence {
				if !slices.Contains(u.kinds, k) {
					u.kinds = append(u.kinds, k)
				}
			}
			for _, k := range c.Missing {
				if !slices.Contains(u.missing, k) {
					u.missing = append(u.missing, k)
				}
			}
			if ch.Reason != "" && !slices.Contains(u.reasons, ch.Reason) {
				u.reasons = append(u.reasons, ch.Reason)
			}
			if u.measured == nil && ch.Measured != nil {
				u.measured = ch.Measured
			}
			if u.n == nil && ch.N != nil {
				u.n = ch.N
			}
			u.attested = u.attested || c.Attested
		}
	}
	names := sortedKeys(uses)
	byMetric := make(map[string]string, len(names))
	var out []observation
	for _, m := range names {
		u := uses[m]
		id := b.ids.id("observation", m)
		byMetric[m] = id
		det, hasDet := r.MetricDetails[m]
		def := r.Definition(m)
		v, measured := r.Metrics[m]
		if !measured && u.measured != nil {
			v, measured = u.measured, true
		}
		raw, ok := rawValue(v)
		measured = measured && ok
		o := observation{
			UUID:      id,
			Title:     m,
			Methods:   []string{"TEST"},
			Origins:   b.toolOrigin(),
			Collected: r.GeneratedAt,
		}
		if det.Attested || (!hasDet && u.attested) {
			o.Methods = []string{"EXAMINE"}
		}
		var d strings.Builder
		if def.Definition != "" {
			d.WriteString(upperFirst(def.Definition) + ".\n\n")
		}
		o.Props = props(p("metric", m, ""), p("unit", string(def.Unit), ""))
		if measured {
			fmt.Fprintf(&d, "Measured: %s", present.Format(v, def.Unit))
			o.Props = append(o.Props, p("measured-value", raw, ""))
			n, hasN := det.N, hasDet
			if !hasN && u.n != nil {
				n, hasN = *u.n, true
			}
			if hasN {
				fmt.Fprintf(&d, " (n = %s)", present.Thousands(n))
				o.Props = append(o.Props, p("sample-size", strconv.Itoa(n), ""))
			}
			d.WriteString(".")
			if det.Detail != "" {
				d.WriteString(" " + upperFirst(det.Detail) + ".")
				o.Props = append(o.Props, props(p("detail", det.Detail, ""))...)
			}
		} else {
			d.WriteString("Not measured: the metric could not be computed from the evidence supplied.")
			o.Props = append(o.Props, p("measurement", "not-measured", ""))
		}
		o.Description = d.String()
		var rm []string
		if len(u.missing) > 0 {
			rm = append(rm, "Missing evidence: "+strings.Join(u.missing, ", ")+".")
		}
		for _, x := range u.reasons {
			x = upperFirst(x) + "."
			if !slices.ContainsFunc(rm, func(y string) bool { return strings.EqualFold(x, y) }) {
				rm = append(rm, x)
			}
		}
		if len(u.kinds) == 0 {
			rm = append(rm, "No control checks this metric; it is reported for context.")
		}
		o.Remarks = strings.Join(rm, "\n\n")
		for _, k := range u.kinds {
			for _, s := range b.sources[k] {
				ev := s.ev
				o.Subjects = append(o.Subjects, subject{SubjectUUID: s.uuid, Type: "resource", Title: ev.Kind + ": " + ev.Path})
				desc := "Evidence source " + ev.Path + " (" + ev.Kind
				if ev.System != "" {
					desc += ", from " + ev.System
				}
				o.RelevantEvidence = append(o.RelevantEvidence, relevantEvidence{
					Href:        "#" + s.uuid,
					Description: desc + ").",
					Props: props(
						p("evidence-kind", ev.Kind, ""),
						p("path", ev.Path, ""),
						p("system", ev.System, ""),
						p("sha256", ev.SHA256, ""),
					),
				})
			}
		}
		out = append(out, o)
	}
	return out, byMetric
}

func (b *builder) toolOrigin() []origin {
	return []origin{{Actors: []actor{{Type: "tool", ActorUUID: b.toolUUID}}}}
}

// objectiveStatus maps an assure status to the OSCAL objective status.
func objectiveStatus(c report.Control) status {
	switch c.Status {
	case report.Pass:
		return status{State: "satisfied", Reason: "pass"}
	case report.Fail:
		return status{State: "not-satisfied", Reason: "fail"}
	case report.InsufficientEvidence:
		return status{State: "not-satisfied", Reason: "other", Remarks: "Insufficient evidence: the control could not be assessed."}
	case report.Waived:
		s := status{State: "not-satisfied", Reason: "fail", Remarks: "Waived: the control does not meet its objective; the risk is accepted."}
		if c.StatusBeforeWaiver == report.InsufficientEvidence {
			s.Reason = "other"
			s.Remarks = "Waived: the control could not be assessed; the risk is accepted."
		}
		return s
	}
	return status{State: "not-satisfied", Reason: "other", Remarks: "Status " + string(c.Status) + "."}
}

func (b *builder) finding(c report.Control, byMetric map[string]string) finding {
	f := finding{
		UUID:        b.ids.id("finding", c.ID),
		Title:       c.ID + ": " + c.Title,
		Description: nonEmpty(c.Finding, c.Title+"."),
		Origins:     b.toolOrigin(),
		Target: target{
			Type:        "objective-id",
			TargetID:    token(c.ID),
			Title:       c.Title,
			Description: c.Objective,
			Status:      objectiveStatus(c),
		},
	}
	f.Props = props(
		p("status", string(c.Status), ""),
		p("severity", string(c.Severity), ""),
		p("area", c.Area, ""),
	)
	if c.StatusBeforeWaiver != "" {
		f.Props = append(f.Props, p("status-before-waiver", string(c.StatusBeforeWaiver), ""))
	}
	if c.Overridden {
		f.Props = append(f.Props, p("overridden-by-profile", "true", ""))
	}
	if c.Attested {
		f.Props = append(f.Props, p("attested", "true", ""))
	}
	for _, fw := range c.Frameworks {
		f.Props = append(f.Props, props(prop{Name: "framework-reference", Value: fw.Framework + " " + fw.Reference,
			Class: classToken(fw.Strength), Remarks: "control-id " + ReferenceID(fw.Framework, fw.Reference)})...)
	}
	for _, ch := range c.Checks {
		th, _ := rawValue(ch.Threshold)
		cp := prop{Name: "check", Value: ch.Metric + " " + ch.Op + " " + th, Class: classToken(string(ch.Status))}
		var rm []string
		if mv, ok := rawValue(ch.Measured); ok {
			m := "measured " + mv
			if ch.N != nil {
				m += ", n " + strconv.Itoa(*ch.N)
			}
			if ch.MinSample > 0 {
				m += ", minimum sample " + strconv.Itoa(ch.MinSample)
			}
			rm = append(rm, m)
		}
		if ch.Reason != "" {
			rm = append(rm, ch.Reason)
		}
		cp.Remarks = strings.Join(rm, "; ")
		f.Props = append(f.Props, props(cp)...)
		if bs := ch.Basis; bs != nil {
			// The basis of the threshold: a requirement's keyword and text, or
			// the programme's rationale.
			bp := prop{Name: "check-basis", Value: classToken(bs.Kind), Class: classToken(ch.Metric)}
			// The remarks name the check, for a control that checks a metric twice.
			if bs.Kind == "normative" {
				bp.Remarks = cp.Value + ": " + bs.Keyword + ", " + bs.Requirement
			} else {
				bp.Remarks = cp.Value + ": " + bs.Rationale
			}
			f.Props = append(f.Props, props(bp)...)
		}
		if id, ok := byMetric[ch.Metric]; ok && !slices.ContainsFunc(f.RelatedObservations, func(x relatedObservation) bool { return x.ObservationUUID == id }) {
			f.RelatedObservations = append(f.RelatedObservations, relatedObservation{ObservationUUID: id})
		}
	}
	var rm []string
	if c.Status == report.InsufficientEvidence && len(c.Missing) > 0 {
		rm = append(rm, "Missing evidence: "+strings.Join(c.Missing, ", ")+".")
	}
	if w := c.Waiver; w != nil && c.Status == report.Waived {
		rm = append(rm, fmt.Sprintf("Waived until %s under risk register entry %s: %s", w.Expires, w.RiskRegisterID, w.Justification))
	}
	if b.r.Waivers != nil {
		for _, w := range b.r.Waivers.Entries {
			if w.Control == c.ID && w.State == "expired" {
				rm = append(rm, fmt.Sprintf("A waiver under risk register entry %s expired on %s and was not applied.", w.RiskRegisterID, w.Expires))
			}
		}
	}
	if c.Status != report.Pass && c.Remediation != "" {
		rm = append(rm, "Remediation: "+c.Remediation)
	}
	f.Remarks = strings.Join(rm, "\n\n")
	return f
}

// risk records the accepted risk of a waived control.
func (b *builder) risk(c report.Control, related []relatedObservation) risk {
	w := c.Waiver
	rk := risk{
		UUID:        b.ids.id("risk", c.ID, w.RiskRegisterID),
		Title:       "Accepted risk: " + c.ID + " " + c.Title,
		Description: nonEmpty(c.Finding, c.Title+"."),
		Statement:   nonEmpty(w.Justification, "Waived."),
		Props: props(
			p("control", c.ID, ""),
			p("risk-register-id", w.RiskRegisterID, ""),
			p("approved-by-role", w.ApprovedBy, ""),
			p("waiver-state", w.State, ""),
			p("waiver-expires", w.Expires, ""),
			p("status-before-waiver", nonEmpty(string(w.StatusBefore), string(c.StatusBeforeWaiver)), ""),
		),
		Status:              "deviation-approved",
		Origins:             b.toolOrigin(),
		RelatedObservations: related,
	}
	if b.waiverUUID != "" {
		rk.Links = []link{{Href: "#" + b.waiverUUID, Rel: "reference", Text: "waiver file"}}
	}
	if cc := strings.TrimSpace(w.CompensatingControl); cc != "" {
		rk.MitigatingFactors = []mitigatingFactor{{UUID: b.ids.id("mitigating-factor", c.ID, w.RiskRegisterID), Description: cc}}
	}
	if d, err := time.Parse(time.DateOnly, w.Expires); err == nil {
		rk.Deadline = d.Format("2006-01-02") + "T23:59:59Z"
	}
	return rk
}

// p is a prop in the project namespace.
func p(name, value, class string) prop {
	return prop{Name: name, NS: Namespace, Value: value, Class: class}
}

// props keeps the props with a value, as single-line strings (the OSCAL string
// type has no line breaks and no leading or trailing space).
func props(ps ...prop) []prop {
	var out []prop
	for _, x := range ps {
		x.NS = Namespace
		x.Value = oneLine(x.Value)
		x.Remarks = strings.TrimSpace(x.Remarks)
		if x.Value != "" {
			out = append(out, x)
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func nonEmpty(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

func orgName(s string) string { return nonEmpty(oneLine(s), "unnamed organisation") }

// classToken makes s usable as a prop class (a token); "" when it cannot be.
func classToken(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return token(s)
}

func upperFirst(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func bullets(xs []string) string {
	var lines []string
	for _, x := range xs {
		lines = append(lines, "- "+oneLine(x))
	}
	return strings.Join(lines, "\n")
}

// rawValue writes a measured value or threshold at full precision, the same
// for a report built in memory and one decoded from report.json.
func rawValue(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", false
		}
		return number(v), true
	case json.Number:
		return v.String(), true
	case string:
		return v, v != ""
	}
	return fmt.Sprint(v), true
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// fileLink is an rlink to a file path relative to where the report was made,
// with its SHA-256.
func fileLink(p, sha string) (rlink, bool) {
	if strings.TrimSpace(p) == "" {
		return rlink{}, false
	}
	l := rlink{Href: (&url.URL{Path: filepathToSlash(p)}).String(), MediaType: mediaType(p)}
	if sha = strings.TrimSpace(sha); sha != "" {
		l.Hashes = []hash{{Algorithm: "SHA-256", Value: sha}}
	}
	return l, true
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

func mediaType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".csv":
		return "text/csv"
	case ".json":
		return "application/json"
	case ".toml":
		return "application/toml"
	case ".gz":
		return "application/gzip"
	case ".xml":
		return "application/xml"
	}
	return ""
}
