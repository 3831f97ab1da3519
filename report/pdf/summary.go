package pdf

import (
	"fmt"
	"strings"
)

func (d *doc) summary() {
	r := d.r
	f := d.f

	// The verdict, repeated in a band so the page stands alone when copied.
	fill, ink, border, label := verdictStyle(r.Verdict.UsableAssurance)
	y := f.GetY()
	d.setFill(fill)
	d.setDraw(border)
	f.SetLineWidth(0.8)
	f.Rect(d.left, y, d.cw, 11, "FD")
	d.setFont(fontSans, "B", 13)
	d.setColor(ink)
	d.text(d.left+4, y+7.3, label)
	d.setFont(fontSans, "", 9)
	pr := "pass rate " + pct(r.Summary.PassRate)
	d.text(d.left+d.cw-4-d.strW(pr), y+7.3, pr)
	f.SetY(y + 14)

	d.subheading("How the verdict is decided", 10)
	rule := r.Verdict.Rule
	if rule == "" {
		rule = "The report does not state its verdict rule."
	}
	d.para(rule, "", 9.5, colInk)

	if r.Verdict.UsableAssurance {
		d.subheading("Why it is reached", 10)
	} else {
		d.subheading("Why it is not reached", 10)
	}
	if len(r.Verdict.Reasons) == 0 {
		if r.Verdict.UsableAssurance {
			d.para("Every condition of the rule holds.", "", 9.5, colInk)
		} else {
			d.para("The report gives no reasons.", "", 9.5, colInk)
		}
	}
	for _, rs := range r.Verdict.Reasons {
		d.reason(rs.Control, rs.Text)
	}

	d.subheading("Controls by status", 22)
	d.statusBar()

	d.subheading("Coverage of the three anchors", 20)
	d.para("Each anchor lists the controls mapped to it; the pass rate leaves out controls that are not applicable or waived.", "", 8.5, colMuted)
	f.SetY(f.GetY() + 1)
	rows := make([]row, 0, len(r.Anchors))
	for _, a := range r.Anchors {
		rows = append(rows, row{cells: []cell{
			bold(a.Name),
			d.controlList(a.Controls),
			{spans: []span{{text: fmt.Sprintf("%d of %d", a.Pass, a.Total)}}},
			txt(pct(a.PassRate)),
		}})
	}
	if len(rows) == 0 {
		d.para("The report maps no controls to the anchors.", "", 9, colInk)
	} else {
		d.table(table{size: 8.5, cols: []column{
			{title: "Anchor", w: 44}, {title: "Controls mapped (status)"}, {title: "Passed", w: 20, right: true}, {title: "Pass rate", w: 20, right: true},
		}}, rows, 0, nil)
	}

	g := r.Gate
	if len(g.Rules) > 0 || len(g.Reasons) > 0 {
		d.subheading("CI gate", 8)
		res := "passed"
		if !g.Passed {
			res = "failed"
		}
		text := "The gate " + res + "."
		if len(g.Rules) > 0 {
			text += " Rules applied: " + strings.Join(g.Rules, "; ") + "."
		}
		if len(g.Reasons) > 0 && !g.Passed {
			text += " Why: " + strings.Join(g.Reasons, "; ") + "."
		}
		d.para(text, "", 9, colInk)
	}
}

// reason writes one verdict reason: the control id, then the text, then
// the control's title, severity and status.
func (d *doc) reason(id, text string) {
	idW := 17.0
	w := d.cw - idW
	h := d.paraHeight(text, "", 9.5, w)
	var meta string
	if c := d.ctl[id]; c != nil {
		meta = fmt.Sprintf("%s · severity %s · %s", c.Title, c.Severity, humanize(c.Status))
		h += lineH(8)
	}
	d.ensure(h + 2)
	y := d.f.GetY()
	label := id
	if label == "" {
		label = "Rule"
	}
	d.setFont(fontMono, "", 9)
	d.setColor(colInk)
	if id == "" {
		d.setFont(fontSans, "B", 9)
	}
	d.text(d.left, y+lineH(9.5)*0.76, label)
	d.setFont(fontSans, "", 9.5)
	d.setColor(colInk)
	for _, l := range d.split(text, w) {
		d.text(d.left+idW, y+lineH(9.5)*0.76, l)
		y += lineH(9.5)
	}
	if meta != "" {
		d.setFont(fontSans, "", 8)
		d.setColor(colMuted)
		d.text(d.left+idW, y+lineH(8)*0.76, d.fit(meta, w))
		y += lineH(8)
	}
	d.f.SetY(y + 2)
}

// controlList is a cell listing control ids with their status word.
func (d *doc) controlList(ids []string) cell {
	if len(ids) == 0 {
		return txt("none")
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		st := "unknown"
		if c := d.ctl[id]; c != nil {
			st = shortStatus(c.Status)
		}
		parts[i] = id + " " + st
	}
	return cell{spans: []span{{text: strings.Join(parts, ", "), mono: true, size: 7.5}}}
}

// shortStatus is a status word short enough for lists.
func shortStatus(s string) string {
	switch s {
	case "insufficient_evidence":
		return "insufficient"
	case "not_applicable":
		return "n/a"
	}
	return s
}

// statusBar draws the controls as one bar split by status, with a legend.
func (d *doc) statusBar() {
	s := d.r.Summary
	parts := []struct {
		status string
		n      int
	}{{"pass", s.Pass}, {"fail", s.Fail}, {"insufficient_evidence", s.InsufficientEvidence}, {"not_applicable", s.NotApplicable}, {"waived", s.Waived}}
	total := 0
	for _, p := range parts {
		total += p.n
	}
	y := d.f.GetY() + 1
	barH := 8.0
	if total == 0 {
		d.area(d.left, y, d.cw, barH, fillStyle{fill: colWhite}, colRule)
		d.setFont(fontSans, "", 8.5)
		d.setColor(colMuted)
		d.text(d.left+2, y+5.3, "The report holds no controls.")
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
					d.f.Rect(x+(w-tw)/2-0.8, y+1.6, tw+1.6, barH-3.2, "F")
					d.setColor(colInk)
				} else {
					d.setColor(st.text)
				}
				d.text(x+(w-tw)/2, y+5.4, n)
			}
			x += w
		}
	}
	y += barH + 3
	// legend: swatch, word and count, so the bar needs no colour to read
	x := d.left
	for _, p := range parts {
		st := styleOf(p.status)
		label := fmt.Sprintf("%s %d", humanize(p.status), p.n)
		d.setFont(fontSans, "", 8)
		w := 5 + d.strW(label) + 6
		d.area(x, y, 3.5, 3.5, statusFill(p.status), st.border)
		d.setColor(colInk)
		d.setFont(fontSans, "", 8)
		d.text(x+5, y+3, label)
		x += w
	}
	d.f.SetY(y + 6)
	d.para(fmt.Sprintf("%d controls in all. Pass rate %s = pass / (pass + fail + insufficient evidence) = %d / %d; not applicable and waived controls do not count.",
		s.Controls, pct(s.PassRate), s.Pass, s.Pass+s.Fail+s.InsufficientEvidence), "", 8.5, colMuted)
}
