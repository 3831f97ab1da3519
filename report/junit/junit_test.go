package junit

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report/reporttest"

	"github.com/assure-dev/assure/report"
)

// The parsed shape of junit.xml, declared here rather than reusing the
// renderer's types so the test reads the file as a CI system would.
type xSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name       string  `xml:"name,attr"`
	Tests      int     `xml:"tests,attr"`
	Failures   int     `xml:"failures,attr"`
	Errors     int     `xml:"errors,attr"`
	Skipped    int     `xml:"skipped,attr"`
	Time       string  `xml:"time,attr"`
	Timestamp  string  `xml:"timestamp,attr"`
	Properties []xProp `xml:"properties>property"`
	Cases      []xCase `xml:"testcase"`
}

type xProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xCase struct {
	Name      string    `xml:"name,attr"`
	Classname string    `xml:"classname,attr"`
	Time      string    `xml:"time,attr"`
	Failure   *xOutcome `xml:"failure"`
	Error     *xOutcome `xml:"error"`
	Skipped   *xOutcome `xml:"skipped"`
}

type xOutcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func parse(t *testing.T, b []byte) xSuites {
	t.Helper()
	var s xSuites
	if err := xml.Unmarshal(b, &s); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	return s
}

func props(ps []xProp) map[string]string {
	m := map[string]string{}
	for _, p := range ps {
		m[p.Name] = p.Value
	}
	return m
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, sc := range reporttest.Scenarios {
		name := sc.Name
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := reporttest.Report(t, name)
			out, err := Render(r)
			if err != nil {
				t.Fatal(err)
			}
			reporttest.Golden(t, name+".xml", out)
			if again, _ := Render(r); !bytes.Equal(out, again) {
				t.Error("two renders of the same report differ")
			}
			if !bytes.HasPrefix(out, []byte(xml.Header)) {
				t.Error("no XML declaration")
			}

			doc := parse(t, out)
			s := r.Summary
			if doc.Tests != s.Controls || doc.Failures != s.Fail || doc.Errors != s.InsufficientEvidence || doc.Skipped != s.NotApplicable+s.Waived {
				t.Errorf("root counts tests=%d failures=%d errors=%d skipped=%d, summary %+v",
					doc.Tests, doc.Failures, doc.Errors, doc.Skipped, s)
			}
			if doc.Time != "0" {
				t.Errorf("root time %q", doc.Time)
			}
			status := map[string]string{}
			for _, c := range r.Controls {
				status[c.ID+" "+c.Title] = string(c.Status)
			}
			var tests, failures, errs, skipped int
			seen := map[string]bool{}
			for _, su := range doc.Suites {
				var f, e, sk int
				for _, tc := range su.Cases {
					if tc.Classname != su.Name {
						t.Errorf("%s: classname %q in suite %q", tc.Name, tc.Classname, su.Name)
					}
					if tc.Time != "0" {
						t.Errorf("%s: time %q", tc.Name, tc.Time)
					}
					want, ok := status[tc.Name]
					if !ok || seen[tc.Name] {
						t.Errorf("testcase %q is not a control of the report, or is there twice", tc.Name)
					}
					seen[tc.Name] = true
					got := "pass"
					switch {
					case tc.Failure != nil:
						got = "fail"
						f++
					case tc.Error != nil:
						got = "insufficient_evidence"
						e++
					case tc.Skipped != nil:
						got = "skipped"
						sk++
					}
					if want == "waived" || want == "not_applicable" {
						want = "skipped"
					}
					if got != want {
						t.Errorf("%s: %s, want %s", tc.Name, got, want)
					}
				}
				if su.Tests != len(su.Cases) || su.Failures != f || su.Errors != e || su.Skipped != sk {
					t.Errorf("suite %s: counts %d/%d/%d/%d, its testcases give %d/%d/%d/%d",
						su.Name, su.Tests, su.Failures, su.Errors, su.Skipped, len(su.Cases), f, e, sk)
				}
				if su.Timestamp != r.GeneratedAt || su.Time != "0" {
					t.Errorf("suite %s: timestamp %q time %q", su.Name, su.Timestamp, su.Time)
				}
				p := props(su.Properties)
				if p["catalogue_version"] != r.Catalogue.Version || p["verdict_statement"] != r.Verdict.Statement || p["pass_rate"] == "" {
					t.Errorf("suite %s: properties %v", su.Name, p)
				}
				tests += su.Tests
				failures += su.Failures
				errs += su.Errors
				skipped += su.Skipped
			}
			if len(seen) != len(r.Controls) || tests != doc.Tests || failures != doc.Failures || errs != doc.Errors || skipped != doc.Skipped {
				t.Errorf("suites add up to %d/%d/%d/%d over %d controls, root says %d/%d/%d/%d",
					tests, failures, errs, skipped, len(seen), doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
			}
		})
	}
}

func TestWaivedControlNamesTheRisk(t *testing.T) {
	t.Parallel()
	r := reporttest.Report(t, "reached-waivers")
	out, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	doc := parse(t, out)
	var found bool
	for _, su := range doc.Suites {
		for _, tc := range su.Cases {
			if strings.HasPrefix(tc.Name, "HD-03 ") {
				found = true
				if tc.Skipped == nil || !strings.Contains(tc.Skipped.Message, "RR-2026-041") || !strings.Contains(tc.Skipped.Message, "2026-12-31") {
					t.Errorf("HD-03 is not skipped with its waiver: %+v", tc.Skipped)
				}
			}
		}
	}
	if !found {
		t.Error("no HD-03 testcase")
	}
}

// control builds a one-control report around c.
func control(c report.Control) *report.Report {
	if c.Area == "" {
		c.Area = "enrolment"
	}
	return &report.Report{
		Tool: report.Tool{Name: "assure", Version: "0.1.0"}, Organization: "Org", GeneratedAt: "2026-09-30T23:59:59Z",
		Controls:      []report.Control{c},
		MetricDetails: map[string]report.MetricDetail{"m.share": {Unit: "share"}},
	}
}

func TestStatuses(t *testing.T) {
	t.Parallel()
	n := 120
	cases := []struct {
		name    string
		ctl     report.Control
		element string // failure, error, skipped or "" for a pass
		message string // part of the message
		body    string // part of the body
	}{
		{"pass", report.Control{ID: "A-01", Title: "t", Status: "pass"}, "", "", ""},
		{"fail", report.Control{ID: "A-02", Title: "t", Severity: "high", Status: "fail", Finding: "Only 50.0 %.", Remediation: "Fix it.",
			Checks:     []report.Check{{Metric: "m.share", Op: ">=", Threshold: 0.95, Measured: 0.5, N: &n, Status: "fail"}},
			Frameworks: []report.FrameworkRef{{Framework: "NIST CSF 2.0", Reference: "PR.AA-01", Strength: "partial"}}},
			"failure", "Only 50.0 %.", "Check m.share: measured 50.0 % (n = 120), threshold ≥ 95.0 %: fail"},
		{"insufficient evidence", report.Control{ID: "A-03", Title: "t", Severity: "low", Status: "insufficient_evidence", Finding: "n/a", Missing: []string{"auth_events"},
			Checks: []report.Check{{Metric: "m.share", Op: "<=", Threshold: 0.05, Status: "insufficient_evidence", Reason: "missing evidence: auth_events"}}},
			"error", "n/a", "Missing evidence: auth_events"},
		{"not applicable", report.Control{ID: "A-04", Title: "t", Status: "not_applicable", Finding: "no privileged users"}, "skipped", "not applicable: no privileged users", ""},
		{"waived", report.Control{ID: "A-05", Title: "t", Status: "waived", StatusBeforeWaiver: "fail",
			Waiver: &report.WaiverEntry{RiskRegisterID: "RR-1", Expires: "2026-12-31", Justification: "j", ApprovedBy: "Jane Roe"}},
			"skipped", "waived as risk RR-1 until 2026-12-31 (status before the waiver: fail): j", ""},
		{"markup and control characters", report.Control{ID: "A-06", Title: `<b>&"'`, Status: "fail", Finding: "a < b & c\x01 ]]> d"},
			"failure", "a < b & c\uFFFD", "Finding: a < b & c\uFFFD ]]> d"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Render(control(c.ctl))
			if err != nil {
				t.Fatal(err)
			}
			doc := parse(t, out)
			tc := doc.Suites[0].Cases[0]
			if tc.Name != c.ctl.ID+" "+c.ctl.Title {
				t.Errorf("name %q", tc.Name)
			}
			var got *xOutcome
			element := ""
			switch {
			case tc.Failure != nil:
				got, element = tc.Failure, "failure"
			case tc.Error != nil:
				got, element = tc.Error, "error"
			case tc.Skipped != nil:
				got, element = tc.Skipped, "skipped"
			}
			if element != c.element {
				t.Fatalf("element %q, want %q", element, c.element)
			}
			if got == nil {
				return
			}
			if !strings.Contains(got.Message, c.message) || !strings.Contains(got.Text, c.body) {
				t.Errorf("message %q body %q, want %q and %q", got.Message, got.Text, c.message, c.body)
			}
			if element != "skipped" && got.Type != string(c.ctl.Severity) {
				t.Errorf("type %q, want the severity %q", got.Type, c.ctl.Severity)
			}
			if bytes.Contains(out, []byte("Jane Roe")) {
				t.Error("the approver of a waiver is written")
			}
		})
	}
}

func TestUnknownStatus(t *testing.T) {
	t.Parallel()
	if _, err := Render(control(report.Control{ID: "A-01", Status: "maybe"})); err == nil || !strings.Contains(err.Error(), "A-01") {
		t.Errorf("err = %v, want an error naming A-01", err)
	}
}

func TestEmptyReport(t *testing.T) {
	t.Parallel()
	out, err := Render(&report.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if doc := parse(t, out); doc.Tests != 0 || len(doc.Suites) != 0 {
		t.Errorf("%+v", doc)
	}
}
