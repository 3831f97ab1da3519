// Package junit renders a report as JUnit XML (junit.xml), so that CI systems
// (GitLab, Jenkins, GitHub test reporters) show control results as test results.
//
// Layout:
//
//   - The root <testsuites> carries the totals: tests is the number of controls,
//     failures the controls that fail, errors those with insufficient evidence,
//     skipped those not applicable or waived; they equal report.Summary.
//   - There is one <testsuite> per control area (device_readiness, enrolment,
//     …), in the order the areas first appear in the catalogue, with the same
//     counts for its controls. Per-area suites make CI test views group the
//     controls the way the PDF does, and a failing area stands out at a glance.
//   - Each suite has <properties> with the verdict, the pass rate, the
//     catalogue and its version, the tool version and the assessment period.
//   - There is one <testcase> per control, classname = the area identifier and
//     name = "ID title". A control that fails holds <failure message=finding
//     type=severity>; insufficient evidence gives <error message=finding
//     type=severity>; not_applicable and waived give <skipped message=…>, a
//     waiver's message naming its risk register id, expiry, justification and
//     compensating control. The body of failure and error, a CDATA section so
//     its lines stay readable in the file, lists every check (measured against
//     its threshold with the metric's unit, taken from the metric's
//     definition when the report holds no details for it), the missing evidence, a waiver
//     that expired and so was not applied, the finding, the remediation and
//     the framework references. Each testcase also carries <properties>
//     (severity, status, frameworks, status before a waiver), as pytest and
//     Jenkins write them; readers that do not know them ignore them.
//   - timestamp is Report.GeneratedAt and every time is "0": the assessment
//     is not a timed run, and fixed values keep the output reproducible.
//
// Render is a pure function of the report: it reads no clock, host or
// environment and iterates no map, so the same report gives the same bytes.
// It writes nothing about people: the report holds none, and the approver of
// a waiver is left out (the waiver's risk register id leads to it).
package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// FileName is the name of the JUnit report file.
const FileName = "junit.xml"

// The control statuses of the report contract.
type testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Suites   []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Time       string     `xml:"time,attr"`
	Timestamp  string     `xml:"timestamp,attr"`
	Properties []property `xml:"properties>property"`
	Cases      []testcase `xml:"testcase"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type testcase struct {
	Name       string     `xml:"name,attr"`
	Classname  string     `xml:"classname,attr"`
	Time       string     `xml:"time,attr"`
	Properties []property `xml:"properties>property"`
	Failure    *outcome   `xml:"failure"`
	Error      *outcome   `xml:"error"`
	Skipped    *skipped   `xml:"skipped"`
}

type outcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type skipped struct {
	Message string `xml:"message,attr"`
}

// Render writes the report as JUnit XML. It fails on a control whose status
// is not one of the report contract's, rather than miscount it.
func Render(r *report.Report) ([]byte, error) {
	root := testsuites{Name: r.Tool.Name + ": " + r.Organization, Time: "0", Suites: []testsuite{}}
	props := suiteProperties(r)
	index := map[string]int{}
	for _, c := range r.Controls {
		i, ok := index[c.Area]
		if !ok {
			i = len(root.Suites)
			index[c.Area] = i
			root.Suites = append(root.Suites, testsuite{
				Name: c.Area, Time: "0", Timestamp: r.GeneratedAt,
				Properties: append(append([]property{}, props...), property{"area", present.Label(c.Area)}),
			})
		}
		s := &root.Suites[i]
		tc := testcase{
			Name: c.ID + " " + c.Title, Classname: c.Area, Time: "0",
			Properties: []property{{"severity", string(c.Severity)}, {"status", string(c.Status)}},
		}
		for _, f := range c.Frameworks {
			tc.Properties = append(tc.Properties, property{"framework", reference(f)})
		}
		if c.StatusBeforeWaiver != "" {
			tc.Properties = append(tc.Properties, property{"status_before_waiver", string(c.StatusBeforeWaiver)})
		}
		s.Tests++
		root.Tests++
		switch c.Status {
		case report.Pass:
		case report.Fail:
			tc.Failure = &outcome{Message: c.Finding, Type: string(c.Severity), Text: xmlText(details(r, c))}
			s.Failures++
			root.Failures++
		case report.InsufficientEvidence:
			tc.Error = &outcome{Message: c.Finding, Type: string(c.Severity), Text: xmlText(details(r, c))}
			s.Errors++
			root.Errors++
		case report.NotApplicable:
			tc.Skipped = &skipped{Message: notApplicable(c)}
			s.Skipped++
			root.Skipped++
		case report.Waived:
			tc.Skipped = &skipped{Message: waived(c)}
			s.Skipped++
			root.Skipped++
		default:
			return nil, fmt.Errorf("junit: control %s has unknown status %q", c.ID, c.Status)
		}
		s.Cases = append(s.Cases, tc)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("junit: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("junit: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// suiteProperties are the facts of the whole assessment every suite repeats.
func suiteProperties(r *report.Report) []property {
	verdict := report.StateWords(r.Verdict.StateOf())
	ps := []property{
		{"organization", r.Organization},
		{"period", r.Period.Start + "/" + r.Period.End},
		{"verdict", verdict},
		{"verdict_statement", r.Verdict.Statement},
		{"pass_rate", raw(r.Summary.PassRate)},
	}
	for _, t := range r.Verdict.Tailored {
		ps = append(ps, property{"tailored_" + t.Control, strings.TrimSuffix(strings.TrimPrefix(t.Words(), t.Control+" ("), ")")})
	}
	if b := r.Verdict.BeforeWaivers; b != nil {
		before := "not reached"
		if b.UsableAssurance {
			before = "reached"
		}
		ps = append(ps, property{"verdict_before_waivers", before}, property{"pass_rate_before_waivers", raw(b.PassRate)})
	}
	gate := "passed"
	if !r.Gate.Passed {
		gate = "failed"
	}
	return append(ps,
		property{"gate", gate},
		property{"catalogue", r.Catalogue.Name},
		property{"catalogue_version", r.Catalogue.Version},
		property{"catalogue_sha256", r.Catalogue.SHA256},
		property{"tool", r.Tool.Name + " " + r.Tool.Version},
	)
}

// details is the body of a failure or error: what was measured against what,
// what is missing, what to do and where the control maps.
func details(r *report.Report, c report.Control) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\nSeverity: %s\nStatus: %s\n", c.ID, c.Title, c.Severity, c.Status)
	for _, ch := range c.Checks {
		unit := r.Definition(ch.Metric).Unit
		fmt.Fprintf(&b, "Check %s: measured %s", ch.Metric, present.Measured(ch.Measured, unit, ch.Bound, ch.Upper))
		if ch.N != nil {
			fmt.Fprintf(&b, " (n = %s)", present.Thousands(*ch.N))
		}
		fmt.Fprintf(&b, ", threshold %s %s: %s", present.Operator(ch.Op), present.Format(present.Number(ch.Threshold), unit), ch.Status)
		if ch.Reason != "" {
			fmt.Fprintf(&b, " (%s)", ch.Reason)
		}
		b.WriteByte('\n')
	}
	if len(c.Missing) > 0 {
		fmt.Fprintf(&b, "Missing evidence: %s\n", strings.Join(c.Missing, ", "))
	}
	if w := r.Waivers; w != nil {
		for _, e := range w.Entries {
			if e.Control == c.ID && e.State != "active" && e.State != "unused" {
				fmt.Fprintf(&b, "Waiver: %s %s %s, not applied\n", e.RiskRegisterID, e.State, e.Expires)
			}
		}
	}
	fmt.Fprintf(&b, "Finding: %s\n", c.Finding)
	if c.Remediation != "" {
		fmt.Fprintf(&b, "Remediation: %s\n", c.Remediation)
	}
	if len(c.Frameworks) > 0 {
		refs := make([]string, len(c.Frameworks))
		for i, f := range c.Frameworks {
			refs[i] = reference(f)
		}
		fmt.Fprintf(&b, "Frameworks: %s\n", strings.Join(refs, "; "))
	}
	return b.String()
}

// xmlText replaces the characters XML 1.0 cannot hold with U+FFFD. Attribute
// values get this from encoding/xml; the CDATA body, kept as CDATA so its
// lines stay readable in the file, needs it done here.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// notApplicable is the skip message of a control that does not apply.
func notApplicable(c report.Control) string {
	if c.Finding != "" {
		return "not applicable: " + c.Finding
	}
	return "not applicable"
}

// waived names the accepted risk: its register id, expiry, justification and
// compensating control, and the status the control had before the waiver.
func waived(c report.Control) string {
	w := c.Waiver
	if w == nil {
		return "waived"
	}
	var b strings.Builder
	b.WriteString("waived")
	if w.RiskRegisterID != "" {
		b.WriteString(" as risk " + w.RiskRegisterID)
	}
	if w.Expires != "" {
		b.WriteString(" until " + w.Expires)
	}
	if before := firstOf(string(c.StatusBeforeWaiver), string(w.StatusBefore)); before != "" {
		b.WriteString(" (status before the waiver: " + before + ")")
	}
	if w.Justification != "" {
		b.WriteString(": " + w.Justification)
	}
	if w.CompensatingControl != "" {
		b.WriteString("; compensating control: " + w.CompensatingControl)
	}
	return b.String()
}

func reference(f report.FrameworkRef) string {
	s := f.Framework + " " + f.Reference
	if f.Strength != "" {
		s += " (" + f.Strength + ")"
	}
	return s
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// raw writes a number in full precision without an exponent.
func raw(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return present.NotAvailable
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
