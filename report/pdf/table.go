package pdf

import "github.com/assure-dev/assure/report"

// span is one run of text in a table cell; each span starts on a new line
// and wraps within the cell.
type span struct {
	text  string
	mono  bool
	bold  bool
	size  float64 // points; 0 means the table's size
	color rgb     // zero value means colInk
}

// cell is the content of one table cell: spans, or a status badge with,
// under it, an attestation label.
type cell struct {
	spans  []span
	badge  report.Status
	attest string // labelAttested, labelNotAttested or empty
}

func txt(s string) cell  { return cell{spans: []span{{text: s}}} }
func mono(s string) cell { return cell{spans: []span{{text: s, mono: true}}} }
func bold(s string) cell { return cell{spans: []span{{text: s, bold: true}}} }
func badgeCell(status report.Status) cell {
	return cell{badge: status}
}

// statusCell is a control's status badge with its attestation label.
func (d *doc) statusCell(c *report.Control) cell {
	return cell{badge: c.Status, attest: d.attestLabel(c)}
}

// column is a table column; a zero width shares the width left over.
type column struct {
	title string
	w     float64
	right bool // right-align, for numbers
}

// row is a table row. When the row is the first on a continuation page and
// cont is set, cont is drawn instead of cells (to repeat a group label).
type row struct {
	cells      []cell
	cont       []cell
	groupStart bool
}

type table struct {
	cols []column
	size float64 // default font size in points
}

const cellPadX = 1.4

// padY is the space above and below the text of a table cell, less in a
// section set tight.
func (d *doc) padY() float64 {
	if d.tight {
		return 0.3
	}
	return 0.8
}

// space is h mm of vertical space, two thirds of it in a section set tight.
func (d *doc) space(h float64) float64 {
	if d.tight {
		return h * 2 / 3
	}
	return h
}

// widths resolves the column widths to the content width.
func (d *doc) widths(t table) []float64 {
	ws := make([]float64, len(t.cols))
	fixed, flex := 0.0, 0
	for i, c := range t.cols {
		ws[i] = c.w
		fixed += c.w
		if c.w == 0 {
			flex++
		}
	}
	if flex > 0 {
		each := (d.cw - fixed) / float64(flex)
		for i := range ws {
			if ws[i] == 0 {
				ws[i] = each
			}
		}
	}
	return ws
}

func (d *doc) spanFont(s span, t table) float64 {
	size := s.size
	if size == 0 {
		size = t.size
	}
	family, style := fontSans, ""
	if s.mono {
		family = fontMono
	} else if s.bold {
		style = "B"
	}
	d.setFont(family, style, size)
	return size
}

// layout wraps the cells of one row and returns lines per span and the row height.
func (d *doc) layout(t table, ws []float64, cells []cell) ([][][]string, float64) {
	lines := make([][][]string, len(cells))
	h := 0.0
	for i, c := range cells {
		if i >= len(ws) {
			break
		}
		ch := 0.0
		if c.badge != "" {
			ch = badgeH
		}
		if c.attest != "" {
			ch += attestGap + attestH
		}
		for _, s := range c.spans {
			size := d.spanFont(s, t)
			ls := d.split(s.text, ws[i]-2*cellPadX)
			lines[i] = append(lines[i], ls)
			ch += float64(len(ls)) * lineH(size)
		}
		h = max(h, ch)
	}
	return lines, h + 2*d.padY()
}

// table draws a table with a header row that repeats on every page the
// table runs over. lead draws what must stay with the table's first row
// (a heading, say) and is leadH high.
func (d *doc) table(t table, rows []row, leadH float64, lead func()) {
	if t.size == 0 {
		t.size = 8
	}
	ws := d.widths(t)
	head := headCells(t)
	headLines, headH := d.layout(t, ws, head)
	firstH := 0.0
	if len(rows) > 0 {
		_, firstH = d.layout(t, ws, rows[0].cells)
	}
	d.ensure(leadH + headH + firstH)
	if lead != nil {
		lead()
	}
	drawHead := func() {
		y := d.f.GetY()
		d.setFill(colHeadBG)
		d.f.Rect(d.left, y, d.cw, headH, "F")
		d.drawCells(t, ws, head, headLines, y)
		d.f.SetY(y + headH)
	}
	drawHead()
	grouped := false
	for _, r := range rows {
		grouped = grouped || r.groupStart
	}
	band := true
	for i, r := range rows {
		// shade alternate rows, or alternate groups when rows are grouped
		if !grouped || r.groupStart {
			band = !band
		}
		cells := r.cells
		lines, h := d.layout(t, ws, cells)
		if d.f.GetY()+h > d.bottom {
			d.f.AddPage()
			drawHead()
			if r.cont != nil {
				cells = r.cont
				lines, h = d.layout(t, ws, cells)
			}
		}
		y := d.f.GetY()
		if band {
			d.setFill(colZebra)
			d.f.Rect(d.left, y, d.cw, h, "F")
		}
		if r.groupStart && i > 0 {
			d.setDraw(colFaint)
			d.f.SetLineWidth(0.35)
			d.f.Line(d.left, y, d.left+d.cw, y)
		}
		d.drawCells(t, ws, cells, lines, y)
		d.setDraw(colRule)
		d.f.SetLineWidth(0.15)
		d.f.Line(d.left, y+h, d.left+d.cw, y+h)
		d.f.SetY(y + h)
	}
	d.f.SetY(d.f.GetY() + d.space(2))
}

func (d *doc) drawCells(t table, ws []float64, cells []cell, lines [][][]string, y float64) {
	x := d.left
	for i, c := range cells {
		if i >= len(ws) {
			break
		}
		cy := y + d.padY()
		if c.badge != "" {
			d.badge(x+cellPadX, cy, c.badge)
			cy += badgeH
		}
		if c.attest != "" {
			d.attestPill(x+cellPadX, cy+attestGap, badgeW, c.attest)
			cy += attestGap + attestH
		}
		for j, s := range c.spans {
			size := d.spanFont(s, t)
			col := s.color
			if col == (rgb{}) {
				col = colInk
			}
			d.setColor(col)
			for _, l := range lines[i][j] {
				tx := x + cellPadX
				if t.cols[i].right {
					tx = x + ws[i] - cellPadX - d.f.GetStringWidth(l)
				}
				d.f.Text(tx, cy+lineH(size)*0.76, l)
				cy += lineH(size)
			}
		}
		x += ws[i]
	}
}

// tableHeight is the height table would use for rows on one page.
func (d *doc) tableHeight(t table, rows []row) float64 {
	if t.size == 0 {
		t.size = 8
	}
	ws := d.widths(t)
	head := headCells(t)
	_, h := d.layout(t, ws, head)
	for _, r := range rows {
		_, rh := d.layout(t, ws, r.cells)
		h += rh
	}
	return h + 2
}

// headCells is the header row of t.
func headCells(t table) []cell {
	head := make([]cell, len(t.cols))
	for i, c := range t.cols {
		head[i] = cell{spans: []span{{text: c.title, bold: true, size: t.size - 0.5}}}
	}
	return head
}
