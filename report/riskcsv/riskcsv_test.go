package riskcsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/assure-dev/assure/report/reporttest"

	"github.com/assure-dev/assure/report"
)

// parse reads the file back as a spreadsheet would: the BOM stripped, then
// RFC 4180 records with a fixed number of fields.
func parse(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("no UTF-8 byte order mark")
	}
	if !utf8.Valid(b) {
		t.Fatal("not UTF-8")
	}
	body := b[3:]
	if bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
		t.Error("a line ends without CRLF")
	}
	rd := csv.NewReader(bytes.NewReader(body))
	rd.FieldsPerRecord = len(Columns)
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("risk-register.csv does not parse: %v", err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], Columns) {
		t.Fatalf("header %q, want %q", recs[0], Columns)
	}
	return recs
}

// col returns a record's field by header name.
func col(rec []string, name string) string {
	return rec[slices.Index(Columns, name)]
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
			reporttest.Golden(t, name+".csv", out)
			if again, _ := Render(r); !bytes.Equal(out, again) {
				t.Error("two renders of the same report differ")
			}
			recs := parse(t, out)[1:]
			var want []report.Control
			for _, c := range r.Controls {
				if c.Status != "pass" {
					want = append(want, c)
				}
			}
			s := r.Summary
			if len(want) != s.Fail+s.InsufficientEvidence+s.Waived+s.NotApplicable {
				t.Fatalf("the report's controls and summary disagree")
			}
			if len(recs) != len(want) {
				t.Fatalf("%d rows, %d controls do not pass", len(recs), len(want))
			}
			for i, c := range want {
				rec := recs[i]
				for name, v := range map[string]string{
					"Control ID": c.ID, "Title": c.Title, "Severity": string(c.Severity), "Status": string(c.Status),
					"Finding": c.Finding, "Remediation": c.Remediation, "Status before waiver": string(c.StatusBeforeWaiver),
				} {
					if got := col(rec, name); got != v {
						t.Errorf("%s: %s %q, want %q", c.ID, name, got, v)
					}
				}
				for _, f := range c.Frameworks {
					if !strings.Contains(col(rec, "Framework references"), f.Framework+" "+f.Reference) {
						t.Errorf("%s: no framework reference %s %s", c.ID, f.Framework, f.Reference)
					}
				}
				if len(c.Checks) > 0 && (col(rec, "Threshold") == "" || col(rec, "Metric") == "" || col(rec, "Threshold (raw)") == "") {
					t.Errorf("%s: no threshold or metric: %q", c.ID, rec)
				}
				if c.Waiver != nil && (col(rec, "Risk register ID") != c.Waiver.RiskRegisterID || col(rec, "Waiver expires") != c.Waiver.Expires || col(rec, "Waiver state") != "active") {
					t.Errorf("%s: waived without its risk register id and expiry: %q", c.ID, rec)
				}
			}
			if w := r.Waivers; w != nil {
				for _, e := range w.Entries {
					if bytes.Contains(out, []byte(e.ApprovedBy)) {
						t.Errorf("the approver %q of a waiver is written", e.ApprovedBy)
					}
				}
			}
		})
	}
}

func TestWaivers(t *testing.T) {
	t.Parallel()
	out, err := Render(reporttest.Report(t, "reached-waivers"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, rec := range parse(t, out)[1:] {
		got[col(rec, "Control ID")] = strings.Join([]string{col(rec, "Status"), col(rec, "Status before waiver"),
			col(rec, "Risk register ID"), col(rec, "Waiver state"), col(rec, "Waiver expires")}, "|")
	}
	want := map[string]string{
		"HD-03": "waived|fail|RR-2026-041|active|2026-12-31",
		"GV-02": "fail||RR-2026-017|expired|2026-08-31",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows %v, want %v", got, want)
	}
}

func base(ctls ...report.Control) *report.Report {
	return &report.Report{
		Controls:      ctls,
		MetricDetails: map[string]report.MetricDetail{"m.share": {Unit: "share"}, "m.change": {Unit: "change"}, "m.bool": {Unit: "boolean"}},
	}
}

func TestCells(t *testing.T) {
	t.Parallel()
	n := 2358
	cases := []struct {
		name string
		ctl  report.Control
		want map[string]string
	}{
		{"share with raw values",
			report.Control{ID: "A-01", Title: "t", Area: "device_readiness", Status: "fail",
				Checks: []report.Check{{Metric: "m.share", Op: ">=", Threshold: 0.95, Measured: 0.8146734520780322, N: &n}}},
			map[string]string{"Area": "device readiness", "Measured": "81.5 %", "Threshold": "≥ 95.0 %", "Metric": "m.share", "Unit": "share",
				"Measured (raw)": "0.8146734520780322", "Threshold (raw)": "0.95", "Sample size": "2358"}},
		{"a change would read as a formula",
			report.Control{ID: "A-02", Title: "t", Status: "fail",
				Checks: []report.Check{{Metric: "m.change", Op: "<=", Threshold: 0, Measured: 0.088}}},
			map[string]string{"Measured": "'+8.8 %", "Threshold": "≤ +0.0 %", "Measured (raw)": "0.088", "Threshold (raw)": "0"}},
		{"equality shows the required value",
			report.Control{ID: "A-03", Title: "t", Status: "insufficient_evidence", Missing: []string{"attestations"},
				Checks: []report.Check{{Metric: "m.bool", Op: "==", Threshold: true}}},
			map[string]string{"Measured": "n/a", "Threshold": "yes", "Measured (raw)": "", "Threshold (raw)": "true", "Sample size": "", "Missing evidence": "attestations"}},
		{"negative raw numbers stay numbers",
			report.Control{ID: "A-04", Title: "t", Status: "fail",
				Checks: []report.Check{{Metric: "m.change", Op: "<", Threshold: 0, Measured: -0.0196}}},
			map[string]string{"Measured": "'-2.0 %", "Measured (raw)": "-0.0196"}},
		{"two checks",
			report.Control{ID: "A-05", Title: "t", Status: "fail",
				Checks: []report.Check{{Metric: "m.share", Op: "<=", Threshold: 0.01, Measured: 0.08}, {Metric: "m.bool", Op: "==", Threshold: true, Measured: false}}},
			map[string]string{"Measured": "m.share: 8.0 %; m.bool: no", "Threshold": "m.share: ≤ 1.0 %; m.bool: yes",
				"Metric": "m.share; m.bool", "Measured (raw)": "0.08; false", "Threshold (raw)": "0.01; true", "Sample size": ""}},
		{"quoting and injection",
			report.Control{ID: "A-06", Title: "=HYPERLINK(\"x\")", Status: "not_applicable", Finding: "a, \"b\"\nc", Remediation: "@SUM(1)",
				Frameworks: []report.FrameworkRef{{Framework: "F", Reference: "R-1", Strength: "full"}, {Framework: "G", Reference: "R 2"}}},
			map[string]string{"Title": "'=HYPERLINK(\"x\")", "Finding": "a, \"b\"\nc", "Remediation": "'@SUM(1)", "Framework references": "F R-1 (full); G R 2", "Measured": ""}},
		{"umlauts", report.Control{ID: "A-07", Title: "Zürich Städtische Werke", Status: "waived", StatusBeforeWaiver: "insufficient_evidence",
			Waiver: &report.WaiverEntry{State: "active", RiskRegisterID: "RR-1", Expires: "2026-12-31", Justification: "j", CompensatingControl: "cc", ApprovedBy: "Jane Roe"}},
			map[string]string{"Title": "Zürich Städtische Werke", "Status before waiver": "insufficient_evidence", "Risk register ID": "RR-1",
				"Waiver state": "active", "Waiver expires": "2026-12-31", "Waiver justification": "j", "Compensating control": "cc"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Render(base(c.ctl))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(out, []byte("Jane Roe")) {
				t.Error("the approver of a waiver is written")
			}
			recs := parse(t, out)
			if len(recs) != 2 {
				t.Fatalf("%d records", len(recs))
			}
			for name, want := range c.want {
				if got := col(recs[1], name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestHeaderOnly(t *testing.T) {
	t.Parallel()
	out, err := Render(base(report.Control{ID: "A-01", Status: "pass"}))
	if err != nil {
		t.Fatal(err)
	}
	if recs := parse(t, out); len(recs) != 1 {
		t.Errorf("%d records, want the header only", len(recs))
	}
}

func TestUnknownStatus(t *testing.T) {
	t.Parallel()
	if _, err := Render(base(report.Control{ID: "A-01", Status: "maybe"})); err == nil || !strings.Contains(err.Error(), "A-01") {
		t.Errorf("err = %v, want an error naming A-01", err)
	}
}
