package pdf

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
)

// The executive summary is one page whatever the report holds: every block
// is measured before it is drawn, and when the reasons would push the rest
// off the page, the list ends with a line naming the reasons left out
// (each is in full in the Findings section).
const (
	sumSize     = 8.5  // body text of the summary, points
	sumHeadSize = 10.5 // its subheadings
	sumIDW      = 15.0 // width of the control id column of the reasons
)

func (d *doc) summary() {
	r := d.r
	f := d.f

	// The verdict, repeated in a band so the page stands alone when copied.
	fill, ink, border, _ := verdictStyle(r.Verdict.StateOf())
	y := f.GetY()
	d.setFill(fill)
	d.setDraw(border)
	f.SetLineWidth(0.8)
	f.Rect(d.left, y, d.cw, 10, "FD")
	d.setFont(fontSans, "", 9)
	d.setColor(ink)
	pr := "pass rate " + pct(r.Summary.PassRate)
	prW := d.strW(pr)
	d.text(d.left+d.cw-4-prW, y+6.9, pr)
	d.setFont(fontSans, "B", 12.5)
	d.text(d.left+4, y+6.9, d.fit(d.shortVerdict(d.verdictText(), d.cw-12-prW), d.cw-12-prW))
	f.SetY(y + 12)
	if bw := d.beforeWaivers(false); bw != "" {
		d.para(bw, "", sumSize, colInk)
	}
	if tl := d.tailoringLine(); tl != "" {
		d.para(tl+" The verdict rests on this tailoring by the profile, which Appendix B lists.", "B", sumSize, colInk)
	}
	if lead, since := d.sinceLine(); since != "" {
		lines := d.wrapRuns([]run{
			{text: lead, family: fontSans, style: "B", size: sumSize, color: colInk},
			{text: since, family: fontSans, size: sumSize, color: colInk},
		}, d.cw)
		y := f.GetY()
		d.drawRuns(lines, d.left, y+lineH(sumSize)*0.76, lineH(sumSize))
		f.SetY(y + float64(len(lines))*lineH(sumSize))
	}

	d.sumHeading("How the verdict is decided")
	rule := r.Verdict.Rule
	if rule == "" {
		rule = "The report does not state its verdict rule."
	}
	d.para(rule, "", sumSize, colInk)

	switch r.Verdict.StateOf() {
	case report.VerdictReached:
		d.sumHeading("Why it is reached")
	case report.VerdictNotAssessable:
		d.sumHeading("Why it cannot be assessed")
	default:
		d.sumHeading("Why it is not reached")
	}
	entries := d.reasonEntries(reasonSizes[0])
	if len(entries) == 0 {
		if r.Verdict.UsableAssurance {
			d.para("Every condition of the rule holds.", "", sumSize, colInk)
		} else {
			d.para("The report gives no reasons.", "", sumSize, colInk)
		}
	}

	// Keep as many reasons as leave room for the rest of the page and for
	// the note under the list; when they do not all fit, set them smaller
	// and closer before leaving any out.
	room := d.bottom - f.GetY() - d.statusHeight() - d.anchorsHeight() - d.gateHeight()
	shown := d.reasonsFitting(entries, room)
	for _, size := range reasonSizes[1:] {
		if shown == len(entries) {
			break
		}
		entries = d.reasonEntries(size)
		shown = d.reasonsFitting(entries, room)
	}
	for _, e := range entries[:shown] {
		d.drawReason(e)
	}
	if len(entries) > 0 {
		// The note is measured with a placeholder page number so that both
		// passes lay the page out alike.
		y := f.GetY()
		d.setFont(fontSans, "", noteSize)
		d.setColor(colMuted)
		for i, l := range d.split(d.reasonsNote(entries, shown, d.sectionPage(d.sectionIndex(titleFindings))), d.cw) {
			d.text(d.left, y+lineH(noteSize)*(float64(i)+0.76), l)
		}
		f.SetY(y + d.noteHeight(entries, shown))
	}

	d.sumHeading("Controls by status")
	d.statusBar()
	d.areaLine()

	d.sumHeading("Coverage of the three anchors")
	d.anchorTable()

	d.gateLine()
}

// sumHeading is a subheading of the summary, smaller than elsewhere.
func (d *doc) sumHeading(s string) {
	d.setFont(fontSans, "B", sumHeadSize)
	d.setColor(colInk)
	y := d.f.GetY() + 4.6
	d.text(d.left, y, s)
	d.f.SetY(y + 2.2)
}

const (
	sumHeadH = 6.8 // the height sumHeading uses
	noteSize = 7.5 // the note under the reasons
)

// reasonEntry is one reason of the verdict prepared for the summary;
// controls whose reasons read the same share one entry.
type reasonEntry struct {
	labels []string // control ids, or "Rule"
	mono   bool
	lead   string // "high-severity device readiness control fails:"
	body   string // the first sentence of the finding
	size   float64
	lines  [][]piece
}

// reasonEntries splits each reason into the producer's lead-in (severity,
// area, status) and the finding, and keeps the finding's first sentence:
// the number against its threshold. The Findings section has the rest.
// The rule reasons (the pass rate) come first, then the controls by
// severity, failures before missing evidence.
func (d *doc) reasonEntries(size float64) []reasonEntry {
	rs := append([]report.Reason(nil), d.r.Verdict.Reasons...)
	key := func(rs report.Reason) (int, int) {
		c := d.ctl[rs.Control]
		if rs.Control == "" {
			return -1, 0
		}
		if c == nil {
			return len(report.Severities()), 0
		}
		return severityRank(c.Severity), attention(c.Status)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		si, ti := key(rs[i])
		sj, tj := key(rs[j])
		if si != sj {
			return si < sj
		}
		return ti < tj
	})
	w := d.cw - sumIDW
	var out []reasonEntry
	for _, rs := range rs {
		e := reasonEntry{labels: []string{rs.Control}, mono: true, body: strings.TrimSpace(rs.Text), size: size}
		if rs.Control == "" {
			e.labels, e.mono = []string{"Rule"}, false
		}
		if c := d.ctl[rs.Control]; c != nil {
			e.lead, e.body = splitReason(e.body, c.Finding)
		}
		e.body = firstSentence(e.body)
		if n := len(out); n > 0 && e.mono && out[n-1].mono && out[n-1].lead == e.lead && out[n-1].body == e.body {
			out[n-1].labels = append(out[n-1].labels, e.labels...)
			continue
		}
		var runs []run
		if e.lead != "" {
			runs = append(runs, run{text: e.lead, family: fontSans, style: "B", size: size, color: colInk})
		}
		runs = append(runs, run{text: e.body, family: fontSans, size: size, color: colInk})
		e.lines = d.wrapRuns(runs, w)
		out = append(out, e)
	}
	return out
}

// splitReason splits a reason into the lead-in the verdict puts before
// the control's finding ("high-severity enrolment control lacks sufficient
// evidence:") and the finding. The finding may have lost its own label
// ("Insufficient evidence: ") on the way, and a lead-in that repeats it
// is dropped from the finding. A reason that does not end with the
// finding has no lead-in.
func splitReason(text, finding string) (lead, body string) {
	finding = strings.TrimSpace(finding)
	if finding == "" {
		return "", text
	}
	candidates := []string{finding}
	if label, rest, ok := strings.Cut(finding, ": "); ok && len(label) < 40 {
		candidates = append(candidates, rest)
	}
	for _, f := range candidates {
		if lead, ok := strings.CutSuffix(text, f); ok && f != "" {
			lead = strings.TrimSpace(lead)
			// "lacks sufficient evidence: Insufficient evidence: no ..." says it twice
			if rest, ok := strings.CutPrefix(f, "Insufficient evidence: "); ok && strings.Contains(lead, "evidence") {
				f = rest
			}
			return lead, f
		}
	}
	return "", text
}

// reasonsFitting is how many of es, from the first, fit in room mm
// together with the note under them.
func (d *doc) reasonsFitting(es []reasonEntry, room float64) int {
	used := 0.0
	for _, e := range es {
		used += d.reasonHeight(e)
	}
	for k := len(es); k > 0; k-- {
		if used+d.noteHeight(es, k) <= room {
			return k
		}
		used -= d.reasonHeight(es[k-1])
	}
	return 0
}

// noteHeight is the height of the note under the first shown of es.
func (d *doc) noteHeight(es []reasonEntry, shown int) float64 {
	if len(es) == 0 {
		return 0
	}
	note := d.reasonsNote(es, shown, "999")
	if note == "" {
		return 0
	}
	d.setFont(fontSans, "", noteSize)
	return float64(len(d.split(note, d.cw)))*lineH(noteSize) + 0.8
}

// reasonSizes are the type sizes the reasons are tried in, largest first.
var reasonSizes = []float64{sumSize, 7.8, 7.2}

func (d *doc) reasonHeight(e reasonEntry) float64 {
	gap := 1.3 * e.size / sumSize * e.size / sumSize // closer as the type gets smaller
	return float64(max(1, len(e.lines), len(e.labels)))*lineH(e.size) + gap
}

// drawReason writes one reason: the control ids, then the lead-in in bold
// and the finding's first sentence.
func (d *doc) drawReason(e reasonEntry) {
	y := d.f.GetY()
	lh := lineH(e.size)
	base := y + lh*0.76
	if e.mono {
		d.setFont(fontMono, "", e.size)
	} else {
		d.setFont(fontSans, "B", e.size)
	}
	d.setColor(colInk)
	for i, l := range e.labels {
		d.text(d.left, base+lh*float64(i), l)
	}
	d.drawRuns(e.lines, d.left+sumIDW, base, lh)
	d.f.SetY(y + d.reasonHeight(e))
}

// reasonsNote points to the full findings, their section on page, and
// names any reason left out.
func (d *doc) reasonsNote(es []reasonEntry, shown int, page string) string {
	where := fmt.Sprintf("section %d, Findings", d.sectionIndex(titleFindings)+1)
	if page != "" {
		where += " (page " + page + ")"
	}
	if shown < len(es) {
		var ids []string
		for _, e := range es[shown:] {
			ids = append(ids, e.labels...)
		}
		return fmt.Sprintf("%s not listed here for room: %s. Every finding is in full in %s.",
			plural(len(ids), "more reason", "more reasons"), strings.Join(ids, ", "), where)
	}
	for _, e := range es {
		if e.lead != "" {
			return "Each reason shows the first sentence of its finding; " + where + " gives it in full, with evidence and remediation."
		}
	}
	return ""
}

// statusHeight is the height of the "Controls by status" block.
func (d *doc) statusHeight() float64 {
	h := sumHeadH + 1 + 7 + 2.5 + 5 + lineH(8)
	if t := d.areaText(); t != "" {
		h += d.paraHeight(t, "", sumSize, d.cw)
	}
	return h
}

// statusBar draws the controls as one bar split by status, with a legend.
func (d *doc) statusBar() {
	s := d.r.Summary
	parts := statusCounts(s)
	total := 0
	for _, p := range parts {
		total += p.n
	}
	y := d.f.GetY() + 1
	const barH = 7.0
	if total == 0 {
		d.area(d.left, y, d.cw, barH, fillStyle{fill: colWhite}, colRule)
		d.setFont(fontSans, "", 8.5)
		d.setColor(colMuted)
		d.text(d.left+2, y+4.8, "The report holds no controls.")
	} else {
		x := d.left
		for _, p := range parts {
			if p.n == 0 {
				continue
			}
			w := d.cw * float64(p.n) / float64(total)
			st := styleOf(p.status)
			d.area(x, y, w, barH, statusFill(p.status), st.border)
			d.setFont(fontSans, "B", 8)
			n := fmt.Sprint(p.n)
			if w > d.strW(n)+2 {
				tw := d.strW(n)
				if st.hatch != "" {
					d.setFill(colWhite)
					d.f.Rect(x+(w-tw)/2-0.8, y+1.4, tw+1.6, barH-2.8, "F")
					d.setColor(colInk)
				} else {
					d.setColor(st.text)
				}
				d.text(x+(w-tw)/2, y+4.9, n)
			}
			x += w
		}
	}
	y += barH + 2.5
	// legend: swatch, word and count, so the bar needs no colour to read
	x := d.left
	for _, p := range parts {
		st := styleOf(p.status)
		label := fmt.Sprintf("%s %d", p.status.Title(), p.n)
		d.setFont(fontSans, "", 8)
		w := 5 + d.strW(label) + 6
		d.area(x, y, 3.5, 3.5, statusFill(p.status), st.border)
		d.setColor(colInk)
		d.setFont(fontSans, "", 8)
		d.text(x+5, y+3, label)
		x += w
	}
	y += 5
	d.setFont(fontSans, "", 8)
	d.setColor(colMuted)
	note := fmt.Sprintf("%d controls. Pass rate %s = pass / (pass + fail + insufficient evidence) = %d / %d; not applicable and waived controls do not count.",
		s.Controls, pct(s.PassRate), s.Pass, s.Pass+s.Fail+s.InsufficientEvidence)
	d.text(d.left, y+lineH(8)*0.76, d.fit(note, d.cw))
	d.f.SetY(y + lineH(8))
}

// anchorRows and anchorCols are the anchor table; the controls of each
// anchor are grouped by status, problems first.
// areaLine gives the pass rate of each area rule 4 of the verdict holds to
// the pass rate on its own.
func (d *doc) areaLine() {
	if t := d.areaText(); t != "" {
		d.para(t, "", sumSize, colInk)
	}
}

func (d *doc) areaText() string {
	areas := d.r.Summary.Areas
	if len(areas) == 0 {
		return ""
	}
	parts := make([]string, len(areas))
	for i, a := range areas {
		rate := "none assessed"
		if a.Assessed > 0 {
			rate = fmt.Sprintf("%s (%d of %d)", pct(a.PassRate), a.Pass, a.Assessed)
		}
		parts[i] = humanize(a.Area) + " " + rate
	}
	return "Areas held to the pass rate on their own (rule 4): " + strings.Join(parts, " · ") + "."
}

func (d *doc) anchorTable() {
	rows := d.anchorRows()
	if len(rows) == 0 {
		d.para("The report maps no controls to the anchors.", "", sumSize, colInk)
		return
	}
	d.table(anchorTableDef(), rows, 0, nil)
}

func anchorTableDef() table {
	return table{size: 8, cols: []column{
		{title: "Anchor", w: 40}, {title: "Controls mapped, by status"}, {title: "Passed", w: 17, right: true}, {title: "Pass rate", w: 17, right: true},
	}}
}

func (d *doc) anchorRows() []row {
	rows := make([]row, 0, len(d.r.Anchors))
	for _, a := range d.r.Anchors {
		list := d.controlList(a.Controls)
		if len(a.Supporting) > 0 {
			list.spans = append(list.spans, span{text: "Supporting only, not counted: " + strings.Join(a.Supporting, ", "), size: 7, color: colMuted})
		}
		rate := "n/a"
		if a.Total > 0 {
			rate = pct(a.PassRate)
		}
		rows = append(rows, row{cells: []cell{
			bold(a.Name),
			list,
			txt(fmt.Sprintf("%d of %d", a.Pass, a.Total)),
			txt(rate),
		}})
	}
	return rows
}

func (d *doc) anchorsHeight() float64 {
	rows := d.anchorRows()
	if len(rows) == 0 {
		return sumHeadH + lineH(sumSize)
	}
	return sumHeadH + d.tableHeight(anchorTableDef(), rows)
}

// controlList is a cell listing control ids grouped by status, the
// statuses that need attention first.
func (d *doc) controlList(ids []string) cell {
	if len(ids) == 0 {
		return txt("none")
	}
	by := map[report.Status][]string{}
	var order []report.Status
	for _, id := range ids {
		st := report.Status("")
		if c := d.ctl[id]; c != nil && slices.Contains(report.Statuses(), c.Status) {
			st = c.Status
		}
		if _, ok := by[st]; !ok {
			order = append(order, st)
		}
		by[st] = append(by[st], id)
	}
	sort.Slice(order, func(i, j int) bool { return attention(order[i]) < attention(order[j]) })
	var out cell
	for _, st := range order {
		label := "Unknown"
		if st != "" {
			label = st.Title()
		}
		out.spans = append(out.spans, span{text: fmt.Sprintf("%s (%d): %s", label, len(by[st]), strings.Join(by[st], ", ")), size: 7.5})
	}
	return out
}

// statusCount is how many controls have a status.
type statusCount struct {
	status report.Status
	n      int
}

// statusCounts are the summary's counts by status, in the report's order.
func statusCounts(s report.Summary) []statusCount {
	n := map[report.Status]int{
		report.Pass: s.Pass, report.Fail: s.Fail, report.InsufficientEvidence: s.InsufficientEvidence,
		report.NotApplicable: s.NotApplicable, report.Waived: s.Waived,
	}
	out := make([]statusCount, 0, len(n))
	for _, st := range report.Statuses() {
		out = append(out, statusCount{st, n[st]})
	}
	return out
}

// gateText is the CI gate in one sentence, empty when the report has no gate.
func (d *doc) gateText() string {
	g := d.r.Gate
	if len(g.Rules) == 0 && len(g.Reasons) == 0 {
		return ""
	}
	text := "passed"
	if !g.Passed {
		text = "failed"
	}
	if len(g.Reasons) > 0 && !g.Passed {
		text += ": " + strings.Join(g.Reasons, "; ")
	}
	text += "."
	if len(g.Rules) > 0 {
		text += " Rules applied: " + strings.Join(g.Rules, "; ") + "."
	}
	return text
}

const gateLabelW = 18.0

func (d *doc) gateHeight() float64 {
	t := d.gateText()
	if t == "" {
		return 0
	}
	return 2 + d.paraHeight(t, "", sumSize, d.cw-gateLabelW) + 1 // labelValues keeps 1 mm below
}

// gateLine writes the CI gate decision as one labelled line.
func (d *doc) gateLine() {
	t := d.gateText()
	if t == "" {
		return
	}
	d.f.SetY(d.f.GetY() + 2)
	d.labelValues([][2]string{{"CI gate", t}}, gateLabelW, sumSize)
}
