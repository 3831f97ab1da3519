package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
)

var areaOrder = []string{
	"device_readiness", "enrolment", "authentication", "recovery",
	"policy_consistency", "helpdesk_signal", "governance",
}

// areas groups the controls by area: catalogue areas first, in journey
// order, then any other area in order of first appearance.
func areas(cs []report.Control) ([]string, map[string][]*report.Control) {
	by := map[string][]*report.Control{}
	var order []string
	for i := range cs {
		a := cs[i].Area
		if _, ok := by[a]; !ok {
			order = append(order, a)
		}
		by[a] = append(by[a], &cs[i])
	}
	var out []string
	for _, a := range areaOrder {
		if _, ok := by[a]; ok {
			out = append(out, a)
		}
	}
	for _, a := range order {
		if !slices.Contains(areaOrder, a) {
			out = append(out, a)
		}
	}
	return out, by
}

func (d *doc) results() {
	d.para("One table per area. Evidence that is missing or too small a sample makes a control insufficient, never a pass; Appendix B defines each status.", "", 9, colInk)
	d.gap(1)
	d.statusLegend()
	if len(d.r.Controls) == 0 {
		d.para("The report holds no controls.", "", 9.5, colInk)
		return
	}
	order, by := areas(d.r.Controls)
	cols := []column{
		{title: "ID", w: 15}, {title: "Control"}, {title: "Severity", w: 16},
		{title: "Status", w: badgeW + 2*cellPadX}, {title: "Measured vs threshold", w: 62},
	}
	for _, a := range order {
		cs := by[a]
		rows := make([]row, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, row{cells: []cell{
				{spans: []span{{text: c.ID, mono: true}}},
				d.titleCell(c),
				txt(c.Severity),
				badgeCell(c.Status),
				d.checksCell(c),
			}})
		}
		name := humanize(a)
		if name == "" {
			name = "No area"
		}
		counts := countStatuses(cs)
		d.gap(2)
		d.table(table{size: 8, cols: cols}, rows, 9, func() {
			d.setFont(fontSans, "B", 11.5)
			d.setColor(colInk)
			y := d.f.GetY() + 5
			d.text(d.left, y, name)
			nw := d.strW(name)
			d.setFont(fontSans, "", 8.5)
			d.setColor(colMuted)
			d.text(d.left+nw+4, y, counts)
			d.f.SetY(y + 3)
		})
	}
}

// countStatuses summarises a group of controls as "3 controls: 2 pass, 1 fail".
func countStatuses(cs []*report.Control) string {
	n := map[string]int{}
	for _, c := range cs {
		n[c.Status]++
	}
	var parts []string
	for _, s := range []string{"pass", "fail", "insufficient_evidence", "not_applicable", "waived"} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(humanize(s))))
			delete(n, s)
		}
	}
	if len(n) > 0 {
		other := 0
		for _, v := range n {
			other += v
		}
		parts = append(parts, fmt.Sprintf("%d other", other))
	}
	return plural(len(cs), "control", "controls") + ": " + strings.Join(parts, ", ")
}

func (d *doc) titleCell(c *report.Control) cell {
	out := cell{spans: []span{{text: c.Title, bold: true}}}
	if c.Overridden {
		out.spans = append(out.spans, span{text: "tailored by the profile (see Appendix B)", size: 7, color: colMuted})
	}
	return out
}

// checksCell prints each check as its metric, then measured vs threshold.
func (d *doc) checksCell(c *report.Control) cell {
	var out cell
	if len(c.Checks) == 0 {
		return txt("no checks")
	}
	if c.Any && len(c.Checks) > 1 {
		out.spans = append(out.spans, span{text: "passes when any one check passes", size: 7, color: colMuted})
	}
	for _, ch := range c.Checks {
		out.spans = append(out.spans, span{text: ch.Metric, mono: true, size: 6.5, color: colMuted})
		line := d.versus(ch.Metric, ch.Measured, ch.Op, ch.Threshold)
		if ch.N != nil {
			line += " · n = " + group(int64(*ch.N))
		}
		if len(c.Checks) > 1 {
			line += " · " + strings.ToLower(humanize(ch.Status))
		}
		out.spans = append(out.spans, span{text: line})
		if ch.Reason != "" {
			out.spans = append(out.spans, span{text: ch.Reason, size: 7, color: colMuted})
		}
	}
	return out
}

// statusLegend shows every status badge with what it means.
func (d *doc) statusLegend() {
	items := []struct{ status, meaning string }{
		{"pass", "all checks met"},
		{"fail", "a threshold missed"},
		{"insufficient_evidence", "evidence falls short"},
		{"not_applicable", "does not apply"},
		{"waived", "gap accepted"},
	}
	const cols, rowH = 3, 5.8
	rows := (len(items) + cols - 1) / cols
	d.ensure(rowH * float64(rows))
	y := d.f.GetY()
	colW := d.cw / cols
	for i, it := range items {
		x := d.left + colW*float64(i%cols)
		yy := y + rowH*float64(i/cols)
		d.badge(x, yy, it.status)
		d.setFont(fontSans, "", 7.5)
		d.setColor(colMuted)
		d.text(x+badgeW+2, yy+3.4, d.fit(it.meaning, colW-badgeW-3))
	}
	d.f.SetY(y + rowH*float64(rows))
}
