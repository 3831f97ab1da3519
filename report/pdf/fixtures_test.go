package pdf

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/reporttest"
)

// The tests below render the golden reports of the scenarios (reporttest:
// the reports `assure assess` makes of the fixture folders, read back from
// report.json as `assure render` reads them) and read the PDF back, so the
// renderer is checked on the reports users actually get.

// fixtureCase is one scenario of reporttest. Which verdict each reaches is
// the pipeline's business (the assessment and cmd/assure tests); here the
// PDF must show whichever verdict the report holds.
type fixtureCase struct {
	name     string // the scenario's name
	sc       reporttest.Scenario
	org      string // the organisation the header must name
	thin     bool   // many controls lack evidence and many metrics are missing
	baseline bool   // the report holds a comparison with the previous quarter
}

// -fixtures-out writes the PDFs of the fixture reports, to look at them:
//
//	go test ./report/pdf -run TestFixtureReports -fixtures-out /tmp/pdfs
var fixturesOut = flag.String("fixtures-out", "", "write the PDFs of the fixture reports to this folder")

// fixtureOrgs are the organisations of the evidence folders.
var fixtureOrgs = map[string]string{
	"sample": "Northwind Health", "reached": "Zürich Städtische Werke", "thin": "Thinly Evidenced Ltd",
	"quarters/q3": "Harbourview Logistics",
}

// pdfScenarios are the scenarios the PDF is read back on: the sample,
// reached and thin organisations, reached with its waivers and the third
// quarter compared with the second.
var pdfScenarios = []string{"sample", "reached", "thin", "reached-waivers", "quarters-q3"}

var fixtureCases = func() []fixtureCase {
	var out []fixtureCase
	for _, sc := range reporttest.Scenarios {
		if slices.Contains(pdfScenarios, sc.Name) {
			out = append(out, fixtureCase{name: sc.Name, sc: sc, org: fixtureOrgs[sc.Folder], thin: sc.Folder == "thin", baseline: sc.Name == "quarters-q3"})
		}
	}
	return out
}()

var (
	pipelineMu      sync.Mutex
	pipelineReports = map[string]*report.Report{}
)

// pipelineReport is the golden report of the scenario, decoded once per test
// binary.
func pipelineReport(t testing.TB, name string) *report.Report {
	t.Helper()
	pipelineMu.Lock()
	defer pipelineMu.Unlock()
	if r, ok := pipelineReports[name]; ok {
		return r
	}
	r := reporttest.Report(t, name)
	pipelineReports[name] = r
	return r
}

// cachedPDF is a PDF rendered, and read back, once per test binary.
type cachedPDF struct {
	once  sync.Once
	pdf   []byte
	pages [][]shown
	err   error
}

var pdfCache sync.Map // "source/paper" → *cachedPDF

// samplePDF is the PDF of a report on paper with the sample hash, and its
// pages' text: the golden report of the scenario source, or
// testdata/sample-report.json when source is "testdata". Each is rendered
// once per test binary, which several tests read; none may change it.
func samplePDF(t testing.TB, source, paper string) ([]byte, [][]shown) {
	t.Helper()
	v, _ := pdfCache.LoadOrStore(source+"/"+paper, &cachedPDF{})
	c := v.(*cachedPDF)
	c.once.Do(func() {
		var r *report.Report
		if source == "testdata" {
			r = loadSample(t)
		} else {
			r = pipelineReport(t, source)
		}
		if c.pdf, c.err = Render(r, Options{Paper: paper, JSONSHA256: sampleHash}); c.err != nil {
			return
		}
		var p *pdfFile
		if p, c.err = parsePDF(c.pdf); c.err == nil {
			c.pages, c.err = p.pageText()
		}
	})
	switch {
	case c.err != nil:
		t.Fatalf("%s on %s: %v", source, paper, c.err)
	case c.pages == nil:
		t.Fatalf("%s on %s: no PDF (the test that rendered it failed)", source, paper)
	}
	return c.pdf, c.pages
}

func TestFixtureReports(t *testing.T) {
	t.Parallel()
	for _, fc := range fixtureCases {
		r := pipelineReport(t, fc.name)
		pii := personalData(t, reporttest.FixtureDir(fc.sc))
		for _, paper := range Papers() {
			t.Run(fc.name+"/"+paper, func(t *testing.T) {
				t.Parallel()
				out, pages := samplePDF(t, fc.name, paper)
				if again := render(t, r, Options{Paper: paper, JSONSHA256: sampleHash}); !bytes.Equal(out, again) {
					t.Error("two renders of the same report differ")
				}
				if *fixturesOut != "" {
					if err := os.MkdirAll(*fixturesOut, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(*fixturesOut, fc.name+"-"+paper+".pdf"), out, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				texts := make([]string, len(pages))
				var all strings.Builder
				for i, pg := range pages {
					texts[i] = joinPage(pg)
					all.WriteString(texts[i])
					if want := fmt.Sprintf("page %d of %d", i+1, len(pages)); !strings.Contains(texts[i], want) {
						t.Errorf("page %d: no %q", i+1, want)
					}
					if !strings.Contains(texts[i], r.Organization) {
						t.Errorf("page %d: no organisation %q in the header", i+1, r.Organization)
					}
				}
				text := all.String()
				verdict := "Usable assurance: " + report.StateWords(r.Verdict.StateOf())
				for _, p := range []int{0, 1} { // the cover and the summary
					for _, want := range []string{verdict, r.Verdict.Statement} {
						if !strings.Contains(texts[p], want) {
							t.Errorf("page %d has no verdict %q", p+1, want)
						}
					}
				}
				if fc.org != "" && r.Organization != fc.org {
					t.Errorf("organisation %q, want %q", r.Organization, fc.org)
				}
				for _, c := range r.Controls {
					if !strings.Contains(text, c.ID) {
						t.Errorf("no control %s in the text", c.ID)
					}
				}
				if strings.ContainsRune(text, '\uFFFD') {
					t.Error("some text did not map to Unicode")
				}
				if fc.thin {
					for _, w := range []string{"n/a: missing evidence: authenticators", "No change against the baseline could be computed (n/a)", "not computed: missing evidence: account_events"} {
						if !strings.Contains(text, w) {
							t.Errorf("no %q in the text", w)
						}
					}
				}
				// Appendix B prints each metric's definition.
				for name, md := range r.MetricDetails {
					if md.Definition != "" && !strings.Contains(text, md.Definition) {
						t.Errorf("no definition of %s (%q)", name, md.Definition)
					}
				}
				checkSummaryOnePage(t, pages)
				// The summary shows each reason as its lead-in and the first
				// sentence of the finding; that needs the reason to end with
				// the control's finding.
				ctl := map[string]report.Control{}
				for _, c := range r.Controls {
					ctl[c.ID] = c
				}
				for _, rs := range r.Verdict.Reasons {
					if rs.Control == "" {
						continue
					}
					lead, body := splitReason(rs.Text, ctl[rs.Control].Finding)
					if lead == "" {
						t.Errorf("reason of %s does not end with its finding: %q", rs.Control, rs.Text)
					}
					// shown, or named in the note on the reasons left out for room
					shown := strings.Contains(texts[1], lead) && strings.Contains(texts[1], firstSentence(body))
					if left := leftOut(pages[1]); !shown && !slices.Contains(left, rs.Control) {
						t.Errorf("reason of %s is neither in the summary as %q + %q nor named as left out (%v)", rs.Control, lead, firstSentence(body), left)
					}
				}
				for _, v := range pii.in(text) {
					t.Errorf("the PDF holds %q from the evidence, which is personal data", v)
				}
				t.Logf("%d pages, %d bytes", len(pages), len(out))
			})
		}
	}
}

// leftOut returns the control ids the summary names as left out for room.
func leftOut(page []shown) []string {
	for _, s := range page {
		if _, ids, ok := strings.Cut(s.text, "not listed here for room: "); ok {
			ids, _, _ = strings.Cut(ids, ".")
			return strings.Split(ids, ", ")
		}
	}
	return nil
}

// checkSummaryOnePage asserts that the executive summary, from its heading
// to its last block, is on one page and that section 2 starts on the next.
func checkSummaryOnePage(t *testing.T, pages [][]shown) {
	t.Helper()
	find := func(s string) int {
		for i := 1; i < len(pages); i++ { // page 1 is the cover and its contents list
			for _, sh := range pages[i] {
				if sh.text == s {
					return i
				}
			}
		}
		return -1
	}
	// section 2 is "Since last quarter" when the report has a comparison,
	// else "Helpdesk signal"
	next := find(sectionLabel(1, titleComparison))
	if next < 0 {
		next = find(sectionLabel(1, titleHelpdesk))
	}
	start := find(sectionLabel(0, titleSummary))
	if start < 0 || next < 0 {
		t.Fatalf("section headings not found (summary on page %d, section 2 on page %d)", start+1, next+1)
	}
	if next != start+1 {
		t.Errorf("the executive summary runs from page %d to page %d, want one page", start+1, next)
	}
	for _, s := range []string{"How the verdict is decided", "Controls by status", "Coverage of the three anchors", "CI gate"} {
		if p := find(s); p != start {
			t.Errorf("%q is on page %d, not on the summary page %d", s, p+1, start+1)
		}
	}
}

// needles finds many strings in a text in one pass: each is at least
// needleKey bytes long and filed under its first needleKey bytes.
type needles map[string][]string

const needleKey = 5

// in returns the needles that occur in text, each once, sorted.
func (n needles) in(text string) []string {
	found := map[string]bool{}
	for i := 0; i+needleKey <= len(text); i++ {
		for _, v := range n[text[i:i+needleKey]] {
			if strings.HasPrefix(text[i:], v) {
				found[v] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for v := range found {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// personalData collects the identifiers and free text of people in an
// evidence folder: user, device, authenticator and ticket ids and ticket
// summaries from every CSV file, and user ids from account_events.jsonl.
// Values shorter than 5 characters (needleKey) are left out: they would
// match ordinary text.
func personalData(t testing.TB, dir string) needles {
	t.Helper()
	seen := map[string]bool{}
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= needleKey {
			seen[v] = true
		}
	}
	columns := map[string]bool{"user_id": true, "device_id": true, "authenticator_id": true, "ticket_id": true, "summary": true}
	var files []string
	for _, pattern := range []string{"*.csv", "*.csv.gz"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no CSV files in %s", dir)
	}
	for _, name := range files {
		rc := openMaybeGzip(t, name)
		rd := csv.NewReader(rc)
		rd.FieldsPerRecord = -1
		head, err := rd.Read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for {
			rec, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for i, col := range head {
				if columns[col] && i < len(rec) {
					add(rec[i])
				}
			}
		}
		rc.Close()
	}
	for _, name := range []string{"account_events.jsonl", "account_events.jsonl.gz"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		rc := openMaybeGzip(t, path)
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var ev struct {
				UserID string `json:"user_id"`
			}
			if json.Unmarshal(sc.Bytes(), &ev) == nil {
				add(ev.UserID)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if len(seen) == 0 {
		t.Fatalf("no personal data found in %s: the test would prove nothing", dir)
	}
	out := needles{}
	for v := range seen {
		out[v[:needleKey]] = append(out[v[:needleKey]], v)
	}
	return out
}

// openMaybeGzip opens a file, inflating it when its name ends in .gz.
func openMaybeGzip(t testing.TB, path string) io.ReadCloser {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}
}

// TestNeedles: the one-pass search finds every value wherever it stands,
// as strings.Contains would, so the personal data check misses nothing.
func TestNeedles(t *testing.T) {
	t.Parallel()
	n := needles{}
	for _, v := range []string{"u-00123", "u-00123-b", "dev-4711", "Lost my key again"} {
		n[v[:needleKey]] = append(n[v[:needleKey]], v)
	}
	got := n.in("x u-00123-b, and Lost my key again… dev-471")
	want := []string{"Lost my key again", "u-00123", "u-00123-b"}
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}
