package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/assure-dev/assure/report/reporttest"

	"github.com/assure-dev/assure/report"
)

// cells splits a Markdown table row into its cells, honouring \| escapes.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	if !strings.HasPrefix(row, "|") || !strings.HasSuffix(row, "|") {
		return nil
	}
	var out []string
	var cur strings.Builder
	for i := 1; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row):
			cur.WriteByte(row[i])
			cur.WriteByte(row[i+1])
			i++
		case row[i] == '|':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return out
}

// tableRows returns the body rows of the table of controls that do not pass.
func tableRows(md string) [][]string {
	_, rest, ok := strings.Cut(md, "### Controls that do not pass")
	if !ok {
		return nil
	}
	var rows [][]string
	for _, line := range strings.Split(rest, "\n")[4:] { // heading, blank, header, delimiter
		if !strings.HasPrefix(line, "|") {
			break
		}
		rows = append(rows, cells(line))
	}
	return rows
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
			reporttest.Golden(t, name+".md", out)
			if again, _ := Render(r); !bytes.Equal(out, again) {
				t.Error("two renders of the same report differ")
			}
			if len(out) > 64<<10 || !utf8.Valid(out) {
				t.Errorf("%d bytes, valid UTF-8 %v: want well under GitHub's 1 MiB step-summary limit", len(out), utf8.Valid(out))
			}
			md := string(out)
			if !strings.HasPrefix(md, "## ") || !strings.Contains(strings.SplitN(md, "\n", 2)[0], r.Verdict.Statement) {
				t.Errorf("the first line is not the verdict %q", r.Verdict.Statement)
			}
			for _, rs := range r.Verdict.Reasons {
				if rs.Control != "" && !strings.Contains(md, "- **"+rs.Control+"** ") {
					t.Errorf("no reason for %s", rs.Control)
				}
			}
			rows := tableRows(md)
			ids := map[string]bool{}
			for _, row := range rows {
				if len(row) != 5 {
					t.Errorf("row with %d cells: %q", len(row), row)
					continue
				}
				ids[row[0]] = true
			}
			notPassing := 0
			for _, c := range r.Controls {
				if c.Status == "pass" {
					if ids[c.ID] {
						t.Errorf("passing control %s is in the table", c.ID)
					}
					continue
				}
				notPassing++
				if !ids[c.ID] {
					t.Errorf("control %s (%s) is not in the table", c.ID, c.Status)
				}
			}
			if len(rows) != notPassing {
				t.Errorf("%d table rows, %d controls do not pass", len(rows), notPassing)
			}
			s := r.Summary
			counts := fmt.Sprintf("| %d | %d | %d | %d | %d | %d | ", s.Controls, s.Pass, s.Fail, s.InsufficientEvidence, s.NotApplicable, s.Waived)
			if !strings.Contains(md, counts) {
				t.Errorf("no counts row %q", counts)
			}
			if (r.Verdict.BeforeWaivers != nil) != strings.Contains(md, "Before waivers: usable assurance ") {
				t.Error("the before-waivers line is missing or out of place")
			}
			if c := r.Comparison; c != nil {
				for _, id := range append(append([]string{}, c.Regressed...), c.Improved...) {
					if !strings.Contains(md, "**"+id+"**") {
						t.Errorf("comparison does not name %s", id)
					}
				}
			} else if strings.Contains(md, "Since the previous report") {
				t.Error("a comparison section without a comparison")
			}
			if w := r.Waivers; w != nil {
				for _, e := range w.Entries {
					if strings.Contains(md, e.ApprovedBy) {
						t.Errorf("the approver %q of a waiver is written", e.ApprovedBy)
					}
				}
			}
			if !strings.Contains(md, "`report.json`") {
				t.Error("no line naming the report files")
			}
		})
	}
}

// A metric that could not be computed has no details in the report; its
// threshold still reads with the metric's unit.
func TestUnitWithoutDetails(t *testing.T) {
	t.Parallel()
	out, err := Render(reporttest.Report(t, "thin"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range tableRows(string(out)) {
		if row[0] == "EN-01" {
			if want := "n/a vs ≥ 95.0 %"; row[4] != want {
				t.Errorf("EN-01: %q, want %q", row[4], want)
			}
			return
		}
	}
	t.Error("no EN-01 row")
}

func TestWaivedRow(t *testing.T) {
	t.Parallel()
	out, err := Render(reporttest.Report(t, "reached-waivers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range tableRows(string(out)) {
		if row[0] == "GV-02" {
			if want := "fail (waiver RR-2026-017 expired 2026-08-31)"; row[3] != want {
				t.Errorf("GV-02 status %q, want %q", row[3], want)
			}
		}
		if row[0] == "HD-03" {
			if want := "waived (RR-2026-041, until 2026-12-31)"; row[3] != want {
				t.Errorf("status %q, want %q", row[3], want)
			}
			if want := "51.1 vs ≤ 30.0"; row[4] != want {
				t.Errorf("measured vs threshold %q, want %q", row[4], want)
			}
			return
		}
	}
	t.Error("no HD-03 row")
}

func base(ctls ...report.Control) *report.Report {
	r := &report.Report{
		Tool: report.Tool{Name: "assure", Version: "0.1.0"}, Organization: "Org", GeneratedAt: "2026-09-30T23:59:59Z",
		Verdict:       report.Verdict{Statement: "Usable assurance: not reached"},
		Controls:      ctls,
		MetricDetails: map[string]report.MetricDetail{"m.share": {Unit: "share"}, "m.days": {Unit: "days"}},
		Gate:          report.Gate{Passed: true},
	}
	for _, c := range ctls {
		r.Summary.Controls++
		if c.Status == "fail" {
			r.Summary.Fail++
		}
	}
	return r
}

func TestCells(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		ctl  report.Control
		want []string // the row's cells as written
	}{
		{"single check with unit",
			report.Control{ID: "A-01", Title: "Plain", Severity: "high", Status: "fail",
				Checks: []report.Check{{Metric: "m.share", Op: ">=", Threshold: 0.95, Measured: 0.8146}}},
			[]string{"A-01", "Plain", "high", "fail", "81.5 % vs ≥ 95.0 %"}},
		{"two checks name their metrics",
			report.Control{ID: "A-02", Title: "Two", Severity: "low", Status: "insufficient_evidence",
				Checks: []report.Check{{Metric: "m.days", Op: "<=", Threshold: 92}, {Metric: "m.share", Op: "<", Threshold: 0, Measured: 0.5}}},
			[]string{"A-02", "Two", "low", "insufficient evidence", "`m.days`: n/a vs ≤ 92 days<br>`m.share`: 50.0 % vs &lt; 0.0 %"}},
		{"pipes and markup are escaped",
			report.Control{ID: "A-03", Title: "a | b <img src=x> *c* [l](u) `d`\nnext", Severity: "medium", Status: "fail",
				Checks: []report.Check{{Metric: "x", Op: "==", Threshold: true, Measured: false}}},
			[]string{"A-03", "a \\| b &lt;img src=x&gt; \\*c\\* \\[l\\](u) \\`d\\` next", "medium", "fail", "no vs = yes"}},
		{"not applicable without checks",
			report.Control{ID: "A-04", Title: "NA", Severity: "low", Status: "not_applicable"},
			[]string{"A-04", "NA", "low", "not applicable", "n/a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Render(base(c.ctl))
			if err != nil {
				t.Fatal(err)
			}
			rows := tableRows(string(out))
			if len(rows) != 1 {
				t.Fatalf("%d rows in\n%s", len(rows), out)
			}
			if fmt.Sprint(rows[0]) != fmt.Sprint(c.want) {
				t.Errorf("row\n %q\nwant\n %q", rows[0], c.want)
			}
		})
	}
}

func TestOrder(t *testing.T) {
	t.Parallel()
	r := base(
		report.Control{ID: "W-1", Status: "waived", Severity: "critical"},
		report.Control{ID: "L-1", Status: "fail", Severity: "low"},
		report.Control{ID: "P-1", Status: "pass", Severity: "critical"},
		report.Control{ID: "N-1", Status: "not_applicable", Severity: "high"},
		report.Control{ID: "C-1", Status: "insufficient_evidence", Severity: "critical"},
		report.Control{ID: "L-2", Status: "fail", Severity: "low"},
	)
	out, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, row := range tableRows(string(out)) {
		ids = append(ids, row[0])
	}
	if got, want := strings.Join(ids, " "), "C-1 L-1 L-2 W-1 N-1"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestAllPass(t *testing.T) {
	t.Parallel()
	r := base(report.Control{ID: "A-01", Status: "pass"})
	r.Verdict = report.Verdict{UsableAssurance: true, Statement: "Usable assurance: reached"}
	out, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	md := string(out)
	if !strings.HasPrefix(md, "## ✅ Usable assurance: reached\n") || !strings.Contains(md, "Every control passes.") || strings.Contains(md, "### Why") {
		t.Errorf("unexpected summary:\n%s", md)
	}
}

func TestUnknownStatus(t *testing.T) {
	t.Parallel()
	if _, err := Render(base(report.Control{ID: "A-01", Status: "maybe"})); err == nil || !strings.Contains(err.Error(), "A-01") {
		t.Errorf("err = %v, want an error naming A-01", err)
	}
}

// A huge catalogue where everything fails stays far below GitHub's 1 MiB
// step-summary limit.
func TestSizeBound(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("long | text ", 40)
	var ctls []report.Control
	var reasons []report.Reason
	for i := range 5000 {
		id := fmt.Sprintf("X-%04d", i)
		ctls = append(ctls, report.Control{ID: id, Title: long, Severity: "high", Status: "fail",
			Checks: []report.Check{{Metric: "m.share", Op: ">=", Threshold: 0.9, Measured: 0.1}}})
		reasons = append(reasons, report.Reason{Control: id, Text: long})
	}
	r := base(ctls...)
	r.Verdict.Reasons = reasons
	out, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 512<<10 {
		t.Errorf("%d bytes", len(out))
	}
	md := string(out)
	for _, want := range []string{"and 4950 more reasons", "and 4800 more controls that do not pass"} {
		if !strings.Contains(md, want) {
			t.Errorf("no note %q", want)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^\| X-`).FindAllString(md, -1)); n != maxRows {
		t.Errorf("%d rows, want %d", n, maxRows)
	}
}

// TestNamesCannotActOnTheReader reproduces issue 12 in miniature: an
// organisation name holding an ESC sequence, a carriage return and a
// right-to-left override, a bare URL, an @mention and an e-mail address, and
// a control title holding the same. The summary keeps the words but no
// control character, and GitHub would neither link nor notify.
func TestNamesCannotActOnTheReader(t *testing.T) {
	t.Parallel()
	r := base(report.Control{ID: "A-01", Title: "see www.evil.example @team", Severity: "high", Status: "fail"})
	r.Organization = "Acme\x1b[2J\rHealth\u202e https://evil.example/x @security-team jane@acme.example"
	out, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	md := string(out)
	for _, bad := range []string{"\x1b", "\r", "\u202e", "https://", "www.evil", "@security-team", "@team", "jane@acme"} {
		if strings.Contains(md, bad) {
			t.Errorf("summary holds %q", bad)
		}
	}
	want := "**Acme\\[2J Health https:\u2060//evil.example/x @\u2060security-team jane@\u2060acme.example**"
	if !strings.Contains(md, want) {
		t.Errorf("organisation line is not %q:\n%s", want, md)
	}
	if rows := tableRows(md); len(rows) != 1 || rows[0][1] != "see www\u2060.evil.example @\u2060team" {
		t.Errorf("rows %q", rows)
	}
	if got := esc("owww.x wwwy WWW.Z"); got != "owww.x wwwy WWW\u2060.Z" {
		t.Errorf("esc = %q: www. is neutralised only where a host name starts", got)
	}
}
