package pdf

import (
	"fmt"

	"github.com/assure-dev/assure/report"
)

func (d *doc) frameworks() {
	d.para("Each framework reference lists the controls mapped to it. The strength says how much of the reference a control covers: full (it covers the reference), partial (it covers part of it) or supporting (it adds evidence without covering it), so that a weak mapping never reads as coverage.", "", 9, colInk)
	d.gap(1)
	if len(d.r.Frameworks) == 0 {
		d.para("The report maps no controls to framework references.", "", 9.5, colInk)
		return
	}
	var order []string
	by := map[string][]report.FrameworkCoverage{}
	for _, fc := range d.r.Frameworks {
		if _, ok := by[fc.Framework]; !ok {
			order = append(order, fc.Framework)
		}
		by[fc.Framework] = append(by[fc.Framework], fc)
	}
	cols := []column{
		{title: "Reference", w: 28}, {title: "ID", w: 15}, {title: "Control"},
		{title: "Strength", w: 18}, {title: "Status", w: badgeW + 2*cellPadX},
	}
	for _, name := range order {
		refs := by[name]
		var rows []row
		pass, total := 0, 0
		for _, fc := range refs {
			pass += fc.Pass
			total += fc.Total
			ref := func(suffix string) cell {
				return cell{spans: []span{
					{text: fc.Reference + suffix, bold: true},
					{text: fmt.Sprintf("%d of %d pass", fc.Pass, fc.Total), size: 7, color: colMuted},
				}}
			}
			if len(fc.Controls) == 0 {
				rows = append(rows, row{groupStart: true, cells: []cell{ref(""), txt("–"), txt("no controls mapped"), txt(""), txt("")}})
				continue
			}
			for i, id := range fc.Controls {
				title, status := "not in this report", badgeCell("unknown")
				if c := d.ctl[id]; c != nil {
					title, status = c.Title, d.statusCell(c)
				}
				rw := row{cells: []cell{txt(""), mono(id), txt(title), txt(d.strength(fc, id)), status}}
				rw.cont = []cell{ref(" (cont.)"), mono(id), txt(title), txt(d.strength(fc, id)), status}
				if i == 0 {
					rw.groupStart = true
					rw.cells[0] = ref("")
				}
				rows = append(rows, rw)
			}
		}
		d.gap(2)
		d.table(table{size: 8, cols: cols}, rows, 9, func() {
			d.setFont(fontSans, "B", 11.5)
			d.setColor(colInk)
			y := d.f.GetY() + 5
			d.text(d.left, y, name)
			nw := d.strW(name)
			d.setFont(fontSans, "", 8.5)
			d.setColor(colMuted)
			d.text(d.left+nw+4, y, fmt.Sprintf("%s · mapped controls passing: %d of %d", plural(len(refs), "reference", "references"), pass, total))
			d.f.SetY(y + 3)
		})
	}
}

// strength is the mapping strength of control id to the reference fc,
// from the coverage entry or else from the control's own mapping.
func (d *doc) strength(fc report.FrameworkCoverage, id string) string {
	if s := fc.Strengths[id]; s != "" {
		return s
	}
	if c := d.ctl[id]; c != nil {
		for _, fr := range c.Frameworks {
			if fr.Framework == fc.Framework && fr.Reference == fc.Reference && fr.Strength != "" {
				return fr.Strength
			}
		}
	}
	return "n/a"
}
