package pdf

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/assure-dev/assure/report"
)

// -sample-out writes the rendered sample, to look at its pages:
//
//	go test ./report/pdf -run TestSampleText -sample-out /tmp/sample.pdf
var (
	sampleOut   = flag.String("sample-out", "", "write the rendered sample report PDF to this path")
	samplePaper = flag.String("sample-paper", "a4", "paper of the PDF written by -sample-out")
)

const sampleHash = "5d41402abc4b2a76b9719d911017c592aa1f1b6a04c3e3b2d5b0f4a8c9e7d6f1"

// loadSample reads testdata/sample-report.json through report.Decode, which
// validates it against the published schema and decodes it strictly, so the
// sample cannot drift from the report contract.
func loadSample(t testing.TB) *report.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sample-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Decode(b)
	if err != nil {
		t.Fatalf("testdata/sample-report.json breaks the report contract: %v", err)
	}
	return r
}

func render(t testing.TB, r *report.Report, opts Options) []byte {
	t.Helper()
	out, err := Render(r, opts)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

// extract returns the text of each page, one shown string per line.
func extract(t testing.TB, b []byte) (*pdfFile, [][]shown) {
	t.Helper()
	p, err := parsePDF(b)
	if err != nil {
		t.Fatalf("parse PDF: %v", err)
	}
	pages, err := p.pageText()
	if err != nil {
		t.Fatalf("extract text: %v", err)
	}
	return p, pages
}

// joinPage joins the strings of a page with spaces, so that a phrase
// wrapped over two lines is still found.
func joinPage(ss []shown) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.text)
		b.WriteByte(' ')
	}
	return b.String()
}

func TestSampleIsConsistent(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	n := map[report.Status]int{}
	for _, c := range r.Controls {
		n[c.Status]++
	}
	s := r.Summary
	got := [...]int{len(r.Controls), n[report.Pass], n[report.Fail], n[report.InsufficientEvidence], n[report.NotApplicable], n[report.Waived]}
	want := [...]int{s.Controls, s.Pass, s.Fail, s.InsufficientEvidence, s.NotApplicable, s.Waived}
	if got != want {
		t.Errorf("controls by status %v, summary says %v", got, want)
	}
	if len(r.Controls) < 29 || len(r.Helpdesk.Months) != 6 || r.Profile == nil || len(r.Profile.Overrides) == 0 {
		t.Errorf("sample is not complete: %d controls, %d months, profile %v", len(r.Controls), len(r.Helpdesk.Months), r.Profile)
	}
}

func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	before, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		after, err := json.Marshal(r)
		if err != nil || !bytes.Equal(before, after) {
			t.Errorf("Render modified the report")
		}
	})
	for _, paper := range Papers() {
		t.Run(paper, func(t *testing.T) {
			t.Parallel()
			opts := Options{Paper: paper, JSONSHA256: sampleHash}
			first, _ := samplePDF(t, "testdata", paper) // of another decoding of the same JSON
			// Go randomises map iteration on every range, so repeated
			// renders would expose any output that follows map order.
			for i := range 3 {
				if again := render(t, r, opts); !bytes.Equal(first, again) {
					t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+2, len(again), len(first))
				}
			}
		})
	}
}

func TestSampleText(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	if *sampleOut != "" {
		written, _ := samplePDF(t, "testdata", *samplePaper)
		if err := os.WriteFile(*sampleOut, written, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, pages := samplePDF(t, "testdata", "a4")
	if len(pages) < 10 {
		t.Fatalf("%d pages, want at least 10", len(pages))
	}
	var all strings.Builder
	for i, pg := range pages {
		text := joinPage(pg)
		all.WriteString(text)
		// every page carries the header and its own footer
		for _, want := range []string{
			r.Organization,
			"Assessment period 2026-07-01 – 2026-09-30",
			fmt.Sprintf("page %d of %d", i+1, len(pages)),
			"Report date 2026-09-30",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d: no %q", i+1, want)
			}
		}
	}
	text := all.String()
	wants := []string{
		"Usable assurance: not reached",
		"Zürich Städtische Werke",
		"Executive summary", "Helpdesk signal", "Readiness and adoption", "Results by area",
		"Findings", "Framework alignment", "Appendix A: Evidence", "Appendix B: Method",
		"PR.AA-01", "GOVERN 1.5", sampleHash,
		"71.4%",                 // pass rate, one decimal
		"threshold 0.95 → 0.90", // the profile override
		"tickets per month",     // chart axis title
		"Lost-device recovery",  // chart legend
		"DR-02 ≥ 85.0%",         // the readiness threshold line
	}
	for _, c := range r.Controls {
		wants = append(wants, c.ID)
	}
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text has no %q", w)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Error("some text did not map to Unicode")
	}
	// Every character drawn must have a glyph in the font that drew it:
	// a CID mapped to glyph 0 would print as an empty box.
	for i, pg := range pages {
		for _, s := range pg {
			if s.font == nil || s.font.cidToGID == nil {
				t.Fatalf("page %d: %q drawn without a CID font", i+1, s.text)
			}
			for _, code := range s.codes {
				m := s.font.cidToGID
				if int(code)*2+1 >= len(m) || m[code*2] == 0 && m[code*2+1] == 0 {
					t.Errorf("page %d: %q has no glyph for U+%04X", i+1, s.text, code)
				}
			}
		}
	}
}

func TestNoPersonalData(t *testing.T) {
	t.Parallel()
	_, pages := samplePDF(t, "testdata", "a4")
	var all strings.Builder
	for _, pg := range pages {
		all.WriteString(joinPage(pg))
	}
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`),   // e-mail addresses
		regexp.MustCompile(`\bu-\d{2,}\b`),              // user ids of the evidence formats
		regexp.MustCompile(`\b(dev|tkt|INC)-?\d{3,}\b`), // device and ticket ids
	} {
		if m := re.FindString(all.String()); m != "" {
			t.Errorf("PDF text holds %q, which looks like personal data", m)
		}
	}
}

func TestQPDFCheck(t *testing.T) {
	t.Parallel()
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skip("qpdf not on PATH (Debian package qpdf)")
	}
	sources := []string{"testdata", "empty"}
	for _, fc := range fixtureCases {
		sources = append(sources, fc.name)
	}
	for _, source := range sources {
		for _, paper := range Papers() {
			t.Run(source+"/"+paper, func(t *testing.T) {
				t.Parallel()
				var b []byte
				if source == "empty" {
					b = render(t, emptyReport(), Options{Paper: paper})
				} else {
					b, _ = samplePDF(t, source, paper)
				}
				path := filepath.Join(t.TempDir(), "report.pdf")
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(qpdf, "--check", path).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
					t.Fatalf("qpdf --check: %v\n%s", err, out)
				}
			})
		}
	}
}

func TestPaper(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	tests := []struct {
		paper    string
		mediaBox string
		wantErr  bool
	}{
		{paper: "", mediaBox: "/MediaBox [0 0 595.28 841.89]"},
		{paper: "a4", mediaBox: "/MediaBox [0 0 595.28 841.89]"},
		{paper: "letter", mediaBox: "/MediaBox [0 0 612.00 792.00]"},
		{paper: "A4", wantErr: true},
		{paper: "a3", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.paper, func(t *testing.T) {
			t.Parallel()
			out, err := Render(r, Options{Paper: tt.paper})
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error for an unknown paper")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(tt.mediaBox)) {
				t.Errorf("no %s in the output", tt.mediaBox)
			}
			_, pages := extract(t, out)
			if got := joinPage(pages[0]); !strings.Contains(got, "Usable assurance: not reached") {
				t.Errorf("cover has no verdict:\n%s", got)
			}
		})
	}
}

func emptyReport() *report.Report {
	return &report.Report{GeneratedAt: "2026-09-30T23:59:59Z"}
}

func TestRenderEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(r *report.Report) *report.Report
		want    []string
		wantErr bool
	}{
		{name: "nil report", edit: func(*report.Report) *report.Report { return nil }, wantErr: true},
		{name: "bad date", edit: func(r *report.Report) *report.Report { r.GeneratedAt = "yesterday"; return r }, wantErr: true},
		{name: "empty report", edit: func(*report.Report) *report.Report { return emptyReport() },
			want: []string{"Usable assurance: not reached", "The report holds no controls.", "n/a"}},
		{name: "no controls, no metrics", edit: func(r *report.Report) *report.Report {
			r.Controls, r.Metrics, r.MetricDetails, r.Segments, r.SegmentSizes = nil, map[string]any{}, nil, nil, nil
			r.Helpdesk.Months = nil
			return r
		}, want: []string{"The report holds no controls.", "No change against the baseline could be computed (n/a)"}},
		{name: "reached, no reasons, no profile, no baseline", edit: func(r *report.Report) *report.Report {
			r.Verdict.UsableAssurance, r.Verdict.Reasons, r.Verdict.Statement = true, nil, ""
			r.Profile, r.BaselinePeriod = nil, nil
			return r
		}, want: []string{"Usable assurance: reached", "Every condition of the rule holds.", "No profile was applied"}},
		{name: "every status and odd values", edit: func(r *report.Report) *report.Report {
			r.Controls[0].Status = "waived"
			r.Controls[1].Status = "mystery"
			r.Metrics["devices.ready_share"] = 1     // an int, as a Go caller might set
			r.Metrics["helpdesk.practical_test"] = 1 // not a bool: "n/a" in the sentence
			r.Controls[2].Checks = nil
			r.Helpdesk.Months[0].Stages["printer_jam"] = 3
			r.Helpdesk.Months[1].Stages["enrolment"] = -4
			return r
		}, want: []string{"WAIVED", "MYSTERY", "Printer jam", "no checks"}},
		{name: "text the fonts cannot show", edit: func(r *report.Report) *report.Report {
			r.Organization = "Café Ωmega 🚀 Werke\x00\tAG " + strings.Repeat("sehr lange Namen ", 12)
			r.Controls[0].Finding = "emoji 😀 and a control\x07char"
			r.Controls[0].Status = "fail"
			r.Verdict.Reasons = append(r.Verdict.Reasons, report.Reason{Control: "ZZ-99", Text: strings.Repeat("long reason ", 80)})
			return r
		}, want: []string{"Café Ωmega ? Werke AG", "emoji ? and a controlchar", "ZZ-99"}},
		{name: "waivers, stale and skipped evidence", edit: func(r *report.Report) *report.Report {
			w := report.WaiverEntry{Control: "HD-01", State: "active", StatusBefore: "fail", Justification: "Ticket load settles after wave 2",
				ApprovedBy: "Chief Information Security Officer", RiskRegisterID: "RR-2026-041", Expires: "2026-12-31",
				CompensatingControl: "Weekly triage of authentication tickets"}
			for i := range r.Controls {
				if c := &r.Controls[i]; c.ID == "HD-01" {
					c.Status, c.StatusBeforeWaiver, c.Waiver = "waived", "fail", &w
				}
			}
			expired := report.WaiverEntry{Control: "GV-02", State: "expired", StatusBefore: "fail", Justification: "Board met late",
				ApprovedBy: "Identity Programme Board", RiskRegisterID: "RR-2026-017", Expires: "2026-08-31"}
			r.Waivers = &report.Waivers{Path: "waivers.toml", SHA256: sampleHash, Active: 1, MaxActive: 5, Entries: []report.WaiverEntry{w, expired}}
			r.Verdict.Statement = "Usable assurance: not reached with 1 waiver"
			r.Verdict.BeforeWaivers = &report.VerdictBeforeWaivers{PassRate: 0.6785714285714286}
			r.Evidence[3].Stale = "collected 45 days after the period ended, more than the 30 allowed"
			r.Evidence[3].Skipped = map[string]int{"serviceprincipal_signin": 12, "managedidentity_signin": 3}
			r.Evidence[3].Notes = []string{"the export does not say which authenticator a sign-in used"}
			return r
		}, want: []string{"Usable assurance: not reached with 1 waiver", "Before waivers: usable assurance not reached, pass rate 67.9%.",
			"1 waiver active (at most 5 allowed)", "RR-2026-041", "RR-2026-017", "expired", "Weekly triage of authentication tickets",
			"Status without the waiver: fail.", "Stale: collected 45 days after the period ended", "15 records skipped as out of scope",
			"managedidentity_signin 3, serviceprincipal_signin 12", "which authenticator a sign-in used", "Log coverage", "97.8%"}},
		{name: "comparison with every kind of change", edit: func(r *report.Report) *report.Report {
			d := func(f float64) *float64 { return &f }
			r.Comparison = &report.Comparison{
				Previous: report.PreviousReport{Organization: "Another Org", Period: report.Period{Start: "2026-04-01", End: "2026-06-30"}, GeneratedAt: "2026-06-30T23:59:59Z", SHA256: sampleHash},
				Verdict:  report.VerdictChange{Previous: true, Current: false, Changed: true},
				PassRate: report.RateChange{Previous: 0.8, Current: 0.714, Change: -0.086},
				Controls: []report.ControlChange{
					{ID: "DR-02", Title: "No population segment is left behind", Severity: "medium", Previous: "pass", Current: "fail", Change: "regressed",
						Checks: []report.CheckChange{{Metric: "devices.min_segment_ready_share", Previous: 0.9, Current: 0.75}}},
					{ID: "GV-04", Title: "AI in the identity stack", Severity: "high", Previous: "fail", Current: "not_applicable", Change: "changed", Checks: []report.CheckChange{}},
					{ID: "ZZ-01", Title: "A new control", Severity: "low", Current: "pass", Change: "new", Checks: []report.CheckChange{{Metric: "zz.metric", Current: 3.0}}},
					{ID: "YY-01", Title: "A retired control", Severity: "low", Previous: "pass", Change: "removed", Checks: []report.CheckChange{}},
				},
				Metrics: []report.MetricChange{
					{Metric: "helpdesk.practical_test", Previous: true, Current: false},
					{Metric: "auth.events", Previous: 1000.0, Current: 1284712.0, Delta: d(1283712)},
					{Metric: "devices.ready_share", Previous: 0.85, Current: 0.815, Delta: d(-0.035)},
					{Metric: "zz.metric", Current: 3.0},
					{Metric: "old.metric", Previous: 1.0},
				},
				Regressed: []string{"DR-02"}, Improved: []string{},
			}
			return r
		}, want: []string{"Since last quarter", "Regressed: 1 control", "No control improved.", "Other status changes: 3 controls",
			"new this quarter", "no longer assessed", "not in the previous report", "not in this report", "another organisation, Another Org",
			"no longer reached", "Computed this quarter only: zz.metric.", "Computed last quarter only: old.metric.", "yes", "−3.5 percentage points",
			"none improved"}},
		{name: "many controls", edit: func(r *report.Report) *report.Report {
			base := r.Controls
			for i := range 8 {
				for _, c := range base {
					c.ID = fmt.Sprintf("%s-%d", c.ID, i)
					c.Status = "fail"
					r.Controls = append(r.Controls, c)
				}
			}
			return r
		}, want: []string{"HD-04-7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.edit(loadSample(t))
			out, err := Render(r, Options{})
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, pages := extract(t, out)
			var all strings.Builder
			for i, pg := range pages {
				text := joinPage(pg)
				all.WriteString(text)
				if !strings.Contains(text, fmt.Sprintf("page %d of %d", i+1, len(pages))) {
					t.Errorf("page %d has no footer", i+1)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("no %q in the text", w)
				}
			}
		})
	}
}

// BenchmarkRender renders the report of the sample organisation, as the
// pipeline makes it from fixtures/sample, on each paper, and the third
// quarter's report with its comparison. Besides wall-clock time it reports
// the process's CPU time per render (cpu-ms/op), which stays put when the
// machine is shared; run it with GOMAXPROCS=1 so that it is one core's.
func BenchmarkRender(b *testing.B) {
	for _, c := range []struct{ name, scenario, paper string }{
		{"a4", "sample", "a4"}, {"letter", "sample", "letter"}, {"quarters-q3/a4", "quarters-q3", "a4"},
	} {
		r := pipelineReport(b, c.scenario)
		b.Run(c.name, func(b *testing.B) {
			var size int
			start, cpuOK := cpuTime()
			n := 0
			for b.Loop() {
				out, err := Render(r, Options{Paper: c.paper, JSONSHA256: sampleHash})
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
				n++
			}
			if end, ok := cpuTime(); ok && cpuOK && n > 0 {
				b.ReportMetric(float64(end-start)/float64(n)/1e6, "cpu-ms/op")
			}
			b.ReportMetric(float64(size), "pdf-bytes")
		})
	}
}

func TestSplitReason(t *testing.T) {
	t.Parallel()
	const lead = "high-severity enrolment control lacks sufficient evidence:"
	tests := []struct {
		text, finding, lead, body string
	}{
		{text: lead + " Insufficient evidence: no records.", finding: "Insufficient evidence: no records.", lead: lead, body: "no records."},
		{text: lead + " no records.", finding: "Insufficient evidence: no records.", lead: lead, body: "no records."},
		{text: "high-severity device readiness control fails: Only 81.5 % are ready.", finding: "Only 81.5 % are ready.",
			lead: "high-severity device readiness control fails:", body: "Only 81.5 % are ready."},
		{text: "Something else entirely.", finding: "Only 81.5 % are ready.", body: "Something else entirely."},
		{text: "No finding to match.", body: "No finding to match."},
	}
	for _, tt := range tests {
		l, b := splitReason(tt.text, tt.finding)
		if l != tt.lead || b != tt.body {
			t.Errorf("splitReason(%q, %q) = %q, %q; want %q, %q", tt.text, tt.finding, l, b, tt.lead, tt.body)
		}
	}
}

func TestFirstSentence(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Only 81.5 % of devices are ready; by segment: shared 64.1 %. Users stall.": "Only 81.5 % of devices are ready; by segment: shared 64.1 %.",
		"Use a key, e.g. the one on file. Then enrol.":                              "Use a key, e.g. the one on file.",
		"One sentence only.":                        "One sentence only.",
		"Rose 24.1 % on the baseline. 3 of 9 apps.": "Rose 24.1 % on the baseline.",
		"  padded  ":                                "padded",
	} {
		if got := firstSentence(in); got != want {
			t.Errorf("firstSentence(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSummaryOnePage gives the summary far more reasons than fit: it must
// stay one page, set the reasons smaller, and name the ones left out.
func TestSummaryOnePage(t *testing.T) {
	t.Parallel()
	for _, paper := range Papers() {
		t.Run(paper, func(t *testing.T) {
			t.Parallel()
			r := loadSample(t)
			for i := range 30 {
				c := r.Controls[i%len(r.Controls)]
				r.Verdict.Reasons = append(r.Verdict.Reasons, report.Reason{Control: c.ID,
					Text: fmt.Sprintf("high-severity test control fails: reason %d is long enough to wrap onto a second line of the summary page, which it does here. More text.", i)})
			}
			_, pages := extract(t, render(t, r, Options{Paper: paper}))
			checkSummaryOnePage(t, pages)
			left := leftOut(pages[1])
			if len(left) == 0 {
				t.Fatal("no reason was named as left out")
			}
			if !strings.Contains(joinPage(pages[1]), "Findings (page ") {
				t.Error("the note does not point to the findings page")
			}
		})
	}
}

// TestFontsUntouched: fpdf writes into the font bytes it subsets, so
// Render must hand it copies. Were the shared fonts changed, the first
// PDF a process renders would differ from the next ones.
func TestFontsUntouched(t *testing.T) {
	t.Parallel()
	fonts := map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF, "gomono": gomono.TTF}
	before := map[string][]byte{}
	for name, b := range fonts {
		before[name] = bytes.Clone(b)
	}
	render(t, loadSample(t), Options{})
	for name, b := range fonts {
		if !bytes.Equal(before[name], b) {
			t.Errorf("rendering changed the bytes of %s", name)
		}
	}
}
