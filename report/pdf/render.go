package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/assure-dev/assure/report"
)

// Options tune the rendering; the zero value renders A4.
type Options struct {
	// Paper is "a4" (the default when empty) or "letter".
	Paper string
	// JSONSHA256 is the hex SHA-256 of the report.json bytes the PDF was
	// rendered from, printed on the cover so a reader can match the twins.
	JSONSHA256 string
	// JSON, when set, is embedded in the PDF as the attachment report.json,
	// so the risk register holds the machine-readable twin too, with the
	// options the pages were rendered with (see Twin).
	JSON []byte
	// SigningKey is the fingerprint of the key that signed report.json, shown
	// on the cover; empty when the report is not signed.
	SigningKey string
}

// Papers returns the accepted values of Options.Paper, the default first.
func Papers() []string { return []string{"a4", "letter"} }

const (
	fontSans = "go"
	fontMono = "gomono"
)

// section is one numbered part of the document; each starts on a new page.
type section struct {
	title string
	draw  func(*doc)
}

// Section titles that other sections point to.
const (
	titleSummary    = "Executive summary"
	titleComparison = "Since last quarter"
	titleHelpdesk   = "Helpdesk signal"
	titleReadiness  = "Readiness and adoption"
	titleTrends     = "Monthly trends"
	titleResults    = "Results by area"
	titleFindings   = "Findings"
	titleFrameworks = "Framework alignment"
	titleMethod     = "Appendix B: Method"
)

// sections are the parts of the document for r: "Since last quarter" only
// when the report holds a comparison, "Monthly trends" only when it holds
// monthly series.
func sections(r *report.Report) []section {
	out := []section{{titleSummary, (*doc).summary}}
	if r.Comparison != nil {
		out = append(out, section{titleComparison, (*doc).comparison})
	}
	out = append(out,
		section{titleHelpdesk, page(layoutPages[titleHelpdesk])},
		section{titleReadiness, page(layoutPages[titleReadiness])})
	if len(r.Series) > 0 {
		out = append(out, section{titleTrends, page(layoutPages[titleTrends])})
	}
	return append(out,
		section{titleResults, (*doc).results},
		section{titleFindings, (*doc).findings},
		section{titleFrameworks, (*doc).frameworks},
		section{"Appendix A: Evidence", (*doc).evidence},
		section{titleMethod, (*doc).method},
	)
}

// Render returns the PDF of r. The output depends only on r and opts; r is
// not modified.
func Render(r *report.Report, opts Options) (out []byte, err error) {
	// fpdf panics on some inputs it was not written for; a report that
	// trips one is an error for the caller, not a crash.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("render pdf: internal error: %v", p)
		}
	}()
	if r == nil {
		return nil, errors.New("render pdf: nil report")
	}
	size, err := paperSize(opts.Paper)
	if err != nil {
		return nil, err
	}
	date, err := time.Parse(time.RFC3339, r.GeneratedAt)
	if err != nil {
		return nil, fmt.Errorf("render pdf: generated_at %q is not an RFC 3339 time", r.GeneratedAt)
	}
	// The first pass lays the document out. A section whose last page
	// would hold only a few lines is set tight (less padding) in a second
	// layout pass, kept where that saves the page. The last pass prints
	// "page X of Y" and the contents list with the page numbers of the
	// layout pass; layout never depends on those numbers, so both break
	// pages identically.
	layout, err := build(r, opts, size, date, nil, nil)
	if err != nil {
		return nil, err
	}
	var tight map[int]bool
	if sparse := layout.sparseSections(); len(sparse) > 0 {
		t, err := build(r, opts, size, date, nil, sparse)
		if err != nil {
			return nil, err
		}
		tight = map[int]bool{}
		for i := range sparse {
			if t.sectionPages(i) < layout.sectionPages(i) {
				tight[i] = true
			}
		}
		switch {
		case len(tight) == len(sparse):
			layout = t
		case len(tight) > 0:
			if layout, err = build(r, opts, size, date, nil, tight); err != nil {
				return nil, err
			}
		}
	}
	final, err := build(r, opts, size, date, layout, tight)
	if err != nil {
		return nil, err
	}
	if final.f.PageCount() != layout.f.PageCount() {
		return nil, fmt.Errorf("render pdf: page count changed between passes (%d, %d)", layout.f.PageCount(), final.f.PageCount())
	}
	var buf bytes.Buffer
	if err := final.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func paperSize(p string) (string, error) {
	switch p {
	case "", "a4":
		return "A4", nil
	case "letter":
		return "Letter", nil
	}
	return "", fmt.Errorf("render pdf: unknown paper %q (want \"a4\" or \"letter\")", p)
}

// doc is one rendering pass.
type doc struct {
	f    *fpdf.Fpdf
	r    *report.Report
	opts Options
	date time.Time

	pageW, pageH float64
	left, top    float64
	bottom       float64 // y below which content must not go
	cw           float64 // content width

	prev  *doc      // the layout pass, nil while in it
	secs  []section // the sections of this report, in order
	marks []int     // page where each section starts, in this pass
	ends  []end     // where each section ends, in this pass
	ctl   map[string]*report.Control

	tight bool // the section being drawn is set tight
}

// end is where a section's content ends: page and y in mm.
type end struct {
	page int
	y    float64
}

// sectionPages is how many pages section i takes.
func (d *doc) sectionPages(i int) int {
	if i >= len(d.marks) || i >= len(d.ends) {
		return 0
	}
	return d.ends[i].page - d.marks[i] + 1
}

// sparseSections are the sections of more than one page whose last page
// is less than a quarter full.
func (d *doc) sparseSections() map[int]bool {
	out := map[int]bool{}
	for i, e := range d.ends {
		if d.sectionPages(i) > 1 && e.y-d.top < (d.bottom-d.top)/4 {
			out[i] = true
		}
	}
	return out
}

func build(r *report.Report, opts Options, size string, date time.Time, prev *doc, tight map[int]bool) (*doc, error) {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: size})
	d := &doc{f: f, r: r, opts: opts, date: date.UTC(), prev: prev, secs: sections(r)}
	d.pageW, d.pageH = f.GetPageSize()
	d.left, d.top = 20, 24
	d.bottom = d.pageH - 18
	d.cw = d.pageW - 2*d.left
	d.ctl = make(map[string]*report.Control, len(r.Controls))
	for i := range r.Controls {
		d.ctl[r.Controls[i].ID] = &r.Controls[i]
	}

	if len(opts.JSON) > 0 {
		f.SetAttachments([]fpdf.Attachment{
			{Content: opts.JSON, Filename: "report.json", Description: "The JSON twin of this report, the source it was rendered from"},
			{Content: recordOptions(opts), Filename: optionsFile, Description: "How these pages were rendered from report.json: assure verify renders them again with these options and compares the bytes"},
		})
	}
	f.SetCatalogSort(true)
	f.SetCreationDate(d.date)
	f.SetModificationDate(d.date)
	f.SetCompression(true)
	f.SetMargins(d.left, d.top, d.left)
	f.SetAutoPageBreak(true, d.pageH-d.bottom)
	f.SetCellMargin(0)
	// fpdf writes into the font bytes it is given when it subsets them
	// (gomono's, at least), so each pass gets its own copy: the shared
	// ones stay as they are and every render starts from the same fonts.
	f.AddUTF8FontFromBytes(fontSans, "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes(fontSans, "B", bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes(fontMono, "", bytes.Clone(gomono.TTF))
	f.SetTitle(clean("Usable assurance report: "+r.Organization), true)
	f.SetSubject("Passwordless authentication programme", true)
	f.SetCreator(clean(r.Tool.Name+" "+r.Tool.Version), true)
	f.SetLang("en")
	f.SetHeaderFuncMode(d.header, true)
	f.SetFooterFunc(d.footer)

	f.AddPage()
	d.cover()
	for i, s := range d.secs {
		d.tight = tight[i]
		d.startSection(i, s.title)
		s.draw(d)
		d.ends = append(d.ends, end{f.PageNo(), f.GetY()})
	}
	d.tight = false
	// Only the last pass is written out. A layout pass has laid out every
	// page when its sections are drawn; closing it would only compress its
	// pages and subset its fonts, about half the time of a pass.
	if prev != nil {
		f.Close()
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return d, nil
}

// startSection opens a new page with a numbered heading and a bookmark.
func (d *doc) startSection(i int, title string) {
	d.f.AddPage()
	d.marks = append(d.marks, d.f.PageNo())
	label := sectionLabel(i, title)
	d.setFont(fontSans, "B", 16)
	d.f.Bookmark(clean(label), 0, -1)
	d.setColor(colInk)
	d.text(d.left, d.f.GetY()+6, label)
	d.f.SetY(d.f.GetY() + 11)
}

func sectionLabel(i int, title string) string {
	if len(title) > 9 && title[:9] == "Appendix " {
		return title
	}
	return fmt.Sprintf("%d  %s", i+1, title)
}

// sectionIndex is the position of the section titled title, -1 when the
// report has no such section.
func (d *doc) sectionIndex(title string) int {
	for i, s := range d.secs {
		if s.title == title {
			return i
		}
	}
	return -1
}

// sectionPage is the first page of section i as known from the first pass.
func (d *doc) sectionPage(i int) string {
	if d.prev == nil || i >= len(d.prev.marks) {
		return ""
	}
	return fmt.Sprint(d.prev.marks[i])
}

func (d *doc) header() {
	f := d.f
	y := 12.0
	d.setFont(fontSans, "B", 8)
	d.setColor(colInk)
	org := d.r.Organization
	if org == "" {
		org = "Organisation not named"
	}
	period := "Assessment period " + span2(d.r.Period.Start, d.r.Period.End)
	d.setFont(fontSans, "", 8)
	pw := d.strW(period)
	d.setFont(fontSans, "B", 8)
	d.text(d.left, y, d.fit(org, d.cw-pw-6))
	d.setFont(fontSans, "", 8)
	d.setColor(colMuted)
	d.text(d.pageW-d.left-pw, y, period)
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.2)
	f.Line(d.left, y+2.5, d.pageW-d.left, y+2.5)
}

func (d *doc) footer() {
	f := d.f
	y := d.pageH - 10
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.2)
	f.Line(d.left, y-4, d.pageW-d.left, y-4)
	d.setFont(fontSans, "", 8)
	d.setColor(colMuted)
	d.text(d.left, y, "Report date "+d.date.Format("2006-01-02"))
	total := "?"
	if d.prev != nil {
		total = fmt.Sprint(d.prev.f.PageCount())
	}
	page := fmt.Sprintf("page %d of %s", f.PageNo(), total)
	d.text(d.pageW-d.left-d.strW(page), y, page)
	tool := d.r.Tool.Name + " " + d.r.Tool.Version
	d.text((d.pageW-d.strW(tool))/2, y, tool)
}
