package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/reporttest"
)

// The tests below cover what the quarter-over-quarter work added to the
// PDF: the "Since last quarter" page, the monthly series, attested results
// marked as attested and the waivers, each on the report the pipeline
// makes from the fixtures.

// allTitles are the titles any section can have.
var allTitles = []string{titleSummary, titleComparison, titleHelpdesk, titleReadiness, titleTrends,
	titleResults, titleFindings, titleFrameworks, "Appendix A: Evidence", titleMethod}

// sectionStrings returns the strings shown in the section titled title,
// from its heading to the next section's heading, page by page; nil when
// the document has no such section. The cover, which lists the sections,
// is skipped.
func sectionStrings(pages [][]shown, title string) []string {
	labels := map[string]bool{}
	for i := range len(allTitles) {
		for _, t := range allTitles {
			labels[sectionLabel(i, t)] = true
		}
	}
	var out []string
	in := false
	for _, pg := range pages[1:] {
		for _, s := range pg {
			if labels[s.text] {
				_, rest, _ := strings.Cut(s.text, "  ")
				if in {
					return out
				}
				in = s.text == title || rest == title
			}
			if in {
				out = append(out, s.text)
			}
		}
	}
	return out
}

// reportOf is the report samplePDF renders for source.
func reportOf(t testing.TB, source string) *report.Report {
	t.Helper()
	if source == "testdata" {
		return loadSample(t)
	}
	return pipelineReport(t, source)
}

// renderPages renders r and returns its pages' text.
func renderPages(t *testing.T, r *report.Report, paper string) [][]shown {
	t.Helper()
	_, pages := extract(t, render(t, r, Options{Paper: paper}))
	return pages
}

// stretch returns the strings from the first one equal to start up to, not
// including, the next one for which stop holds.
func stretch(ss []string, start string, stop func(string) bool) []string {
	i := slices.Index(ss, start)
	if i < 0 {
		return nil
	}
	j := i + 1
	for j < len(ss) && !stop(ss[j]) {
		j++
	}
	return ss[i:j]
}

func TestComparisonPage(t *testing.T) {
	t.Parallel()
	r := pipelineReport(t, "quarters-q3")
	c := r.Comparison
	if c == nil || len(c.Regressed) == 0 || len(c.Improved) == 0 {
		t.Fatalf("the quarters fixture should name a regression and an improvement: %+v", c)
	}
	for _, paper := range Papers() {
		t.Run(paper, func(t *testing.T) {
			t.Parallel()
			out, pages := samplePDF(t, "quarters-q3", paper)
			if again := render(t, r, Options{Paper: paper, JSONSHA256: sampleHash}); !bytes.Equal(out, again) {
				t.Error("two renders of the comparison report differ")
			}
			if !strings.Contains(joinPage(pages[0]), sectionLabel(1, titleComparison)) {
				t.Errorf("the contents do not list %q", sectionLabel(1, titleComparison))
			}
			since := sectionStrings(pages, titleComparison)
			if len(since) == 0 {
				t.Fatal("no \"Since last quarter\" section")
			}
			text := strings.Join(since, " ")
			for _, want := range []string{
				"Since last quarter", "Usable assurance", "Pass rate", "Previous report", "This report",
				fmt.Sprintf("Regressed: %s", plural(len(c.Regressed), "control", "controls")),
				fmt.Sprintf("Improved: %s", plural(len(c.Improved), "control", "controls")),
				"Metrics that moved", c.Previous.Period.Start,
			} {
				if !strings.Contains(text, want) {
					t.Errorf("the comparison section has no %q", want)
				}
			}
			// each regressed and improved control is named with its status
			// then and now and its measured values then → now
			ids := map[string]bool{}
			for _, cc := range c.Controls {
				ids[cc.ID] = true
			}
			for _, id := range append(slices.Clone(c.Regressed), c.Improved...) {
				row := stretch(since, id, func(s string) bool {
					return ids[s] || strings.HasPrefix(s, "Improved:") || strings.HasPrefix(s, "Metrics that moved")
				})
				if row == nil {
					t.Errorf("%s is not in the comparison section", id)
					continue
				}
				var cc report.ControlChange
				for _, x := range c.Controls {
					if x.ID == id {
						cc = x
					}
				}
				joined := strings.Join(row, " ")
				for _, want := range []string{styleOf(cc.Previous).label, styleOf(cc.Current).label, "→", cc.Checks[0].Metric} {
					if !strings.Contains(joined, want) {
						t.Errorf("%s: the row has no %q: %q", id, want, joined)
					}
				}
			}
			// the executive summary says it in one line
			summary := strings.Join(sectionStrings(pages, titleSummary), " ")
			for _, want := range append([]string{"Since last quarter"}, append(slices.Clone(c.Regressed), c.Improved...)...) {
				if !strings.Contains(summary, want) {
					t.Errorf("the summary has no %q", want)
				}
			}
		})
	}
}

func TestNoComparisonPage(t *testing.T) {
	t.Parallel()
	sources := []string{"testdata"}
	for _, fc := range fixtureCases {
		if !fc.baseline {
			sources = append(sources, fc.name)
		}
	}
	for _, source := range sources {
		t.Run(source, func(t *testing.T) {
			t.Parallel()
			_, pages := samplePDF(t, source, "a4")
			if r := reportOf(t, source); r.Comparison != nil {
				t.Fatal("the report has a comparison")
			}
			for i, pg := range pages {
				if text := joinPage(pg); strings.Contains(text, titleComparison) || strings.Contains(text, "Since last quarter") {
					t.Errorf("page %d mentions the comparison the report does not have", i+1)
				}
			}
		})
	}
}

func TestSeriesCharts(t *testing.T) {
	t.Parallel()
	for _, source := range []string{"testdata", "reached", "quarters-q3", "thin"} {
		t.Run(source, func(t *testing.T) {
			t.Parallel()
			r := reportOf(t, source)
			if len(r.Series) == 0 {
				t.Fatal("the report has no series")
			}
			_, pages := samplePDF(t, source, "a4")
			trends := sectionStrings(pages, titleTrends)
			if len(trends) == 0 {
				t.Fatal("no monthly trends section")
			}
			text := strings.Join(trends, " ")
			gaps := false
			d := &doc{r: r}
			for metric, pts := range r.Series {
				if !slices.ContainsFunc(seriesCharts, func(c seriesChart) bool { return c.metric == metric }) {
					continue
				}
				spec := d.specOf(metric)
				for _, want := range []string{spec.title, metric, spec.axis, "Baseline"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s: the trends have no %q", metric, want)
					}
				}
				for _, p := range pts {
					gaps = gaps || p.Value == nil
				}
			}
			if gaps && !slices.Contains(trends, "no data") { // a label of its own, not the intro's words
				t.Error("a month without a value is not marked \"no data\"")
			}
			for _, c := range seriesCharts {
				metric, spec := c.metric, d.specOf(c.metric)
				if _, ok := r.Series[metric]; !ok && !strings.Contains(text, spec.title+" ("+metric+")") {
					t.Errorf("the trends do not say that %s is missing", metric)
				}
			}
			readiness := strings.Join(sectionStrings(pages, titleReadiness), " ")
			if _, ok := r.Series["auth.fallback_share"]; ok && !strings.Contains(readiness, "Fallback by month") {
				t.Error("the readiness page does not chart the fallback share by month")
			}
		})
	}
	t.Run("no series", func(t *testing.T) {
		t.Parallel()
		r := loadSample(t)
		r.Series = nil
		pages := renderPages(t, r, "a4")
		if sectionStrings(pages, titleTrends) != nil {
			t.Error("a report without series has a monthly trends section")
		}
		if readiness := strings.Join(sectionStrings(pages, titleReadiness), " "); !strings.Contains(readiness, "Fallback over the period") {
			t.Error("without the series the readiness page does not put the fallback in words")
		}
	})
}

// TestAttested checks that results vouched for by a person are labelled
// ATTESTED, with who attested them, when and on what reference, and are
// never printed as measured.
func TestAttested(t *testing.T) {
	t.Parallel()
	r := pipelineReport(t, "reached")
	var attested []report.Control
	for _, c := range r.Controls {
		if c.Attested {
			attested = append(attested, c)
		}
	}
	if len(attested) == 0 {
		t.Fatal("the reached fixture has no attested controls")
	}
	// one attested control fails, so that it has a finding
	failing := reporttest.Report(t, "reached")
	for i := range failing.Controls {
		if failing.Controls[i].ID == attested[0].ID {
			failing.Controls[i].Status = "fail"
		}
	}
	ids := map[string]bool{}
	for _, c := range r.Controls {
		ids[c.ID] = true
	}
	isID := func(s string) bool { return ids[s] }
	pages := renderPages(t, failing, "a4")
	results := sectionStrings(pages, titleResults)
	for _, c := range attested {
		row := stretch(results, c.ID, isID)
		joined := strings.Join(row, " ")
		if !slices.Contains(row, labelAttested) {
			t.Errorf("%s: the results row has no %s label: %q", c.ID, labelAttested, joined)
		}
		for _, ch := range c.Checks {
			md := r.MetricDetails[ch.Metric]
			if !md.Attested {
				t.Fatalf("%s: metric %s is not marked attested in the report", c.ID, ch.Metric)
			}
			if !strings.Contains(joined, md.Detail) {
				t.Errorf("%s: the results row does not say who attested it (%q)", c.ID, md.Detail)
			}
			if strings.Contains(joined, "(threshold") {
				t.Errorf("%s: an attestation is printed as a measurement: %q", c.ID, joined)
			}
		}
	}
	finding := stretch(sectionStrings(pages, titleFindings), attested[0].ID, isID)
	joined := strings.Join(finding, " ")
	md := r.MetricDetails[attested[0].Checks[0].Metric]
	for _, want := range []string{labelAttested, "Attested", md.Detail} {
		if !strings.Contains(joined, want) {
			t.Errorf("the finding of %s has no %q: %q", attested[0].ID, want, joined)
		}
	}
	if slices.Contains(finding, "Measured") {
		t.Errorf("the finding of %s calls an attestation measured: %q", attested[0].ID, joined)
	}
	// the metric table labels the value
	method := sectionStrings(pages, titleMethod)
	for _, c := range attested {
		m := c.Checks[0].Metric
		row := stretch(method, m, func(s string) bool { _, ok := r.MetricDetails[s]; return ok })
		if !slices.Contains(row, labelAttested) || !strings.Contains(strings.Join(row, " "), r.MetricDetails[m].Detail) {
			t.Errorf("the metric table does not mark %s as attested: %q", m, strings.Join(row, " "))
		}
	}

	// In the sample fixture one attestation has expired: its control says
	// that no current attestation was supplied.
	sample := pipelineReport(t, "sample")
	_, samplePages := samplePDF(t, "sample", "a4")
	results = sectionStrings(samplePages, titleResults)
	none := false
	for _, c := range sample.Controls {
		if c.Attested && c.Status == "insufficient_evidence" {
			none = true
			if row := stretch(results, c.ID, isID); !slices.Contains(row, labelNotAttested) {
				t.Errorf("%s: no %s label: %q", c.ID, labelNotAttested, strings.Join(row, " "))
			}
		}
	}
	if !none {
		t.Error("the sample fixture has no attested control without a current attestation")
	}
}

// TestWaiversRead checks the waivers of the reached fixture: the active
// and the expired one listed with risk register id, approver, expiry and
// compensating control, and the verdict before waivers on the summary.
func TestWaiversRead(t *testing.T) {
	t.Parallel()
	r := pipelineReport(t, "reached-waivers")
	w := r.Waivers
	if w == nil || len(w.Entries) < 2 || r.Verdict.BeforeWaivers == nil {
		t.Fatal("the waiver scenario has no active and expired waivers")
	}
	_, pages := samplePDF(t, "reached-waivers", "a4")
	summary := strings.Join(sectionStrings(pages, titleSummary), " ")
	if !strings.Contains(summary, fmt.Sprintf("pass rate %s", pct(r.Verdict.BeforeWaivers.PassRate))) || !strings.Contains(summary, "Before waivers") {
		t.Errorf("the summary does not give the verdict and pass rate before waivers: %q", summary)
	}
	method := strings.Join(sectionStrings(pages, titleMethod), " ")
	findings := strings.Join(sectionStrings(pages, titleFindings), " ")
	for _, e := range w.Entries {
		for _, want := range []string{e.Control, e.RiskRegisterID, e.ApprovedBy, e.Expires, e.CompensatingControl, waiverState(e.State)} {
			if !strings.Contains(method, want) {
				t.Errorf("waiver of %s: Appendix B has no %q", e.Control, want)
			}
		}
		if e.State == "expired" {
			if !strings.Contains(summary, "expired and not applied ("+e.Control) {
				t.Errorf("the summary does not name the expired waiver of %s", e.Control)
			}
			if !strings.Contains(findings, "Expired waiver") || !strings.Contains(findings, e.RiskRegisterID) {
				t.Errorf("the finding of %s does not mention its expired waiver", e.Control)
			}
		}
	}
}
