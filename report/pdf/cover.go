package pdf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
)

// verdictStyle: "reached" is a light fill with a heavy border, "not
// reached" a dark fill with white type, "not assessable" a mid-tone amber
// with dark type, so the three differ in greyscale too.
func verdictStyle(state string) (fill, ink, border rgb, label string) {
	switch state {
	case report.VerdictReached:
		return rgb{200, 230, 201}, rgb{27, 94, 32}, rgb{27, 94, 32}, "Usable assurance: reached"
	case report.VerdictNotAssessable:
		return rgb{255, 213, 128}, rgb{70, 45, 0}, rgb{150, 95, 0}, "Usable assurance: not assessable"
	}
	return rgb{183, 28, 28}, colWhite, rgb{120, 10, 10}, "Usable assurance: not reached"
}

// shortVerdict drops the parenthesis of a statement too long for width w at
// the current font ("… under tailoring (2 controls tailored: …)"): the
// tailoring line under the verdict names them in full.
func (d *doc) shortVerdict(label string, w float64) string {
	if d.strW(label) <= w {
		return label
	}
	if i := strings.Index(label, " ("); i > 0 {
		return label[:i]
	}
	return label
}

// tailoringLine names the must-pass controls the verdict rests on the
// profile's tailoring of, or "".
func (d *doc) tailoringLine() string {
	t := d.r.Verdict.Tailored
	if len(t) == 0 {
		return ""
	}
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = x.Words()
	}
	return "Tailored must-pass controls: " + strings.Join(parts, "; ") + "."
}

// verdictText is the verdict as the report states it ("Usable assurance:
// reached with 1 waiver"), or the plain label when it states none.
func (d *doc) verdictText() string {
	if s := strings.TrimSpace(d.r.Verdict.Statement); s != "" {
		return s
	}
	_, _, _, label := verdictStyle(d.r.Verdict.StateOf())
	return label
}

// beforeWaivers says what the verdict and pass rate were before waivers,
// empty when no waiver file was used.
func (d *doc) beforeWaivers(short bool) string {
	b := d.r.Verdict.BeforeWaivers
	if b == nil {
		return ""
	}
	v := "not reached"
	if b.UsableAssurance {
		v = "reached"
	}
	s := fmt.Sprintf("Before waivers: usable assurance %s, pass rate %s.", v, pct(b.PassRate))
	w := d.r.Waivers
	if w == nil {
		return s
	}
	expired := d.expiredWaivers()
	ids := make([]string, 0, len(expired))
	for id := range expired {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if short {
		s += " " + plural(w.Active, "waiver", "waivers") + " active"
		if len(ids) > 0 {
			s += fmt.Sprintf(", %d expired", len(ids))
		}
		return s + "."
	}
	s += fmt.Sprintf(" %s active (at most %d allowed)", plural(w.Active, "waiver", "waivers"), w.MaxActive)
	if len(ids) > 0 {
		s += fmt.Sprintf("; %d expired and not applied (%s)", len(ids), strings.Join(ids, ", "))
	}
	return s + "; Appendix B lists them."
}

func (d *doc) cover() {
	f := d.f
	r := d.r
	y := d.top + 10

	d.setFont(fontSans, "B", 10)
	d.setColor(colAccent)
	d.text(d.left, y, "USABLE ASSURANCE REPORT")
	y += 9
	d.setFont(fontSans, "B", 19)
	d.setColor(colInk)
	d.text(d.left, y, "Passwordless authentication programme")
	y += 12

	org := r.Organization
	if org == "" {
		org = "Organisation not named"
	}
	d.setFont(fontSans, "B", 24)
	lines := d.split(org, d.cw)
	if len(lines) > 3 { // keep the cover on one page whatever the name
		lines = lines[:3]
		lines[2] = d.fit(lines[2]+" …", d.cw)
	}
	for _, l := range lines {
		d.text(d.left, y, l)
		y += 10
	}
	d.setFont(fontSans, "", 11)
	d.setColor(colInk)
	d.text(d.left, y, "Assessment period "+span2(longDate(r.Period.Start), longDate(r.Period.End)))
	y += 6
	d.setFont(fontSans, "", 9.5)
	d.setColor(colMuted)
	if b := r.BaselinePeriod; b != nil {
		d.text(d.left, y, "Baseline period "+span2(longDate(b.Start), longDate(b.End)))
	} else {
		d.text(d.left, y, "No baseline period: change metrics could not be computed")
	}
	y += 8

	// The verdict box.
	fill, ink, border, _ := verdictStyle(r.Verdict.StateOf())
	label := d.verdictText()
	boxH := 30.0
	d.setFill(fill)
	d.setDraw(border)
	f.SetLineWidth(1.2)
	f.Rect(d.left, y, d.cw, boxH, "FD")
	size := 22.0
	for ; size > 14; size-- { // a long statement ("… with 3 waivers") still fits the box
		d.setFont(fontSans, "B", size)
		if d.strW(label) <= d.cw-14 {
			break
		}
	}
	label = d.shortVerdict(label, d.cw-14)
	d.setColor(ink)
	d.text(d.left+7, y+13, d.fit(label, d.cw-14))
	d.setFont(fontSans, "", 10)
	s := r.Summary
	line := fmt.Sprintf("Pass rate %s · %d of %d assessed controls pass", pct(s.PassRate), s.Pass, s.Pass+s.Fail+s.InsufficientEvidence)
	if n := len(r.Verdict.Reasons); n > 0 {
		line += " · " + plural(n, "reason", "reasons") + " in the executive summary"
		if p := d.sectionPage(0); p != "" {
			line += " (page " + p + ")"
		}
	}
	d.text(d.left+7, y+22, d.fit(line, d.cw-14))
	if bw := d.beforeWaivers(true); bw != "" {
		d.setFont(fontSans, "", 8.5)
		d.text(d.left+7, y+27, d.fit(bw, d.cw-14))
	}
	y += boxH + 7
	if tl := d.tailoringLine(); tl != "" {
		d.setFont(fontSans, "B", 9)
		d.setColor(colInk)
		d.text(d.left, y-1, d.fit(tl, d.cw))
		y += 6
	}

	// Counts by status as tiles: word, number and the badge fill.
	tiles := statusCounts(s)
	gapW := 3.0
	tw := (d.cw - gapW*float64(len(tiles)-1)) / float64(len(tiles))
	for i, t := range tiles {
		x := d.left + float64(i)*(tw+gapW)
		st := styleOf(t.status)
		d.area(x, y, tw, 16, fillStyle{fill: colWhite}, colRule)
		d.area(x, y, 2.2, 16, statusFill(t.status), st.border)
		d.setFont(fontSans, "B", 15)
		d.setColor(colInk)
		d.text(x+5, y+8, fmt.Sprint(t.n))
		d.setFont(fontSans, "", 7.5)
		d.setColor(colMuted)
		d.text(x+5, y+13, d.fit(t.status.Title(), tw-6))
	}
	y += 16 + 8

	f.SetY(y)
	d.setFont(fontSans, "B", 11.5)
	d.setColor(colInk)
	d.text(d.left, y, "About this report")
	f.SetY(y + 3)
	json := d.opts.JSONSHA256
	if json == "" {
		json = "not given"
	}
	profile := "none: catalogue defaults throughout"
	profileSHA := ""
	if p := r.Profile; p != nil {
		profile = fmt.Sprintf("%s (%s)", p.Path, plural(len(p.Overrides), "override", "overrides"))
		profileSHA = p.SHA256
	}
	rows := [][2]string{
		{"Report date", d.date.Format("2 January 2006, 15:04 UTC")},
		{"Generated by", orNA(strings.TrimSpace(r.Tool.Name + " " + r.Tool.Version))},
		{"Catalogue", orNA(strings.TrimSpace(r.Catalogue.Name + " " + r.Catalogue.Version))},
		{"Catalogue SHA-256", orNA(r.Catalogue.SHA256)},
		{"Profile", profile},
	}
	if profileSHA != "" {
		rows = append(rows, [2]string{"Profile SHA-256", profileSHA})
	}
	rows = append(rows,
		[2]string{"SP 800-63B profile", orNA(r.SP80063B)},
		[2]string{"report.json SHA-256", json},
		[2]string{"report.json", attached(d.opts)},
	)
	d.labelValues(rows, 38, 8.5)

	y = f.GetY() + 5
	d.setFont(fontSans, "B", 11.5)
	d.setColor(colInk)
	d.text(d.left, y, "Contents")
	y += 6
	for i, sec := range d.secs {
		label := sectionLabel(i, sec.title)
		d.setFont(fontSans, "", 9.5)
		d.setColor(colInk)
		d.text(d.left, y, label)
		p := d.sectionPage(i)
		w := d.strW(p)
		d.text(d.left+d.cw-w, y, p)
		// dotted leader between title and page number
		d.setDraw(colFaint)
		f.SetLineWidth(0.2)
		f.SetDashPattern([]float64{0.3, 1.2}, 0)
		f.Line(d.left+d.strW(label)+2, y-0.4, d.left+d.cw-9, y-0.4)
		f.SetDashPattern([]float64{}, 0)
		y += 5.2
	}
	f.SetY(y)
}

// attached says whether the JSON twin travels inside the PDF and who signed it.
func attached(o Options) string {
	s := "not attached"
	if len(o.JSON) > 0 {
		s = "attached to this PDF"
	}
	if o.SigningKey != "" {
		return s + "; signed with key " + o.SigningKey
	}
	return s + "; not signed"
}
