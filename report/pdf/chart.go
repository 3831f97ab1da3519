package pdf

import (
	"fmt"
	"math"

	"github.com/assure-dev/assure/vocab"
)

// mark is a threshold drawn on a bar chart.
type mark struct {
	v     float64
	label string
}

// bar is one horizontal bar.
type bar struct {
	label string
	note  string // small text under the label, e.g. the sample size
	v     float64
	ok    bool // false: the value is missing and "n/a" is printed
	style fillStyle
	value string // printed after the bar end
	mark  *mark  // a threshold for this bar alone
}

// hbarChart is a horizontal bar chart of shares on a 0..max axis.
type hbarChart struct {
	bars   []bar
	max    float64
	line   *mark // a threshold across every bar
	axis   string
	labelW float64
	valueW float64 // room right of the plot for the values; 0 means 30 mm
	rowH   float64 // row pitch in mm; 0 picks one that leaves room for marks
	// wrapNotes wraps each note under its label instead of cutting it to
	// one line; the rows grow to hold the longest.
	wrapNotes bool
	// key explains the bars' fills, one item a line under the labels,
	// beside the axis (two items at most).
	key []legendItem
}

// barNoteSize is the type size of a bar's note.
const barNoteSize = 6.5

// hbars draws c at the current position across the content width.
func (d *doc) hbars(c hbarChart) {
	f := d.f
	if c.labelW == 0 {
		c.labelW = 50
	}
	valueW := c.valueW
	if valueW == 0 {
		valueW = 30
	}
	rowH, barH := c.rowH, 5.0
	hasMarks := false
	for _, b := range c.bars {
		hasMarks = hasMarks || b.mark != nil
	}
	if rowH == 0 {
		rowH = 9
		if hasMarks {
			rowH = 12 // the mark's label sits under its bar
		}
	}
	notes := make([][]string, len(c.bars))
	for i, b := range c.bars {
		d.setFont(fontSans, "", barNoteSize)
		switch {
		case b.note == "":
		case c.wrapNotes:
			notes[i] = d.split(b.note, c.labelW-2)
			rowH = max(rowH, lineH(8.5)+float64(len(notes[i]))*lineH(barNoteSize)+1.2)
		default:
			notes[i] = []string{d.fit(b.note, c.labelW-2)}
		}
	}
	barH = math.Min(barH, rowH*0.6)
	top := 2.0
	if c.line != nil {
		top = 7 // room for the threshold label
	}
	height := top + rowH*float64(len(c.bars)) + 12
	d.ensure(height)
	y0 := f.GetY() + top
	x0 := d.left + c.labelW
	pw := d.cw - c.labelW - valueW
	if c.max <= 0 {
		c.max = 1
	}
	sx := func(v float64) float64 { return x0 + pw*math.Max(0, math.Min(v, c.max))/c.max }
	plotH := rowH * float64(len(c.bars))

	// grid and axis
	step := niceStep(c.max, 5)
	d.setFont(fontSans, "", 7)
	for v := 0.0; v <= c.max+1e-9; v += step {
		x := sx(v)
		d.setDraw(colRule)
		f.SetLineWidth(0.15)
		f.Line(x, y0, x, y0+plotH)
		l := fmt.Sprintf("%.0f%%", v*100)
		d.setColor(colMuted)
		d.text(x-d.strW(l)/2, y0+plotH+3.5, l)
	}
	d.setDraw(colInk)
	f.SetLineWidth(0.3)
	f.Line(x0, y0, x0, y0+plotH)
	f.Line(x0, y0+plotH, x0+pw, y0+plotH)
	d.setFont(fontSans, "", 7.5)
	d.setColor(colMuted)
	d.text(x0+(pw-d.strW(c.axis))/2, y0+plotH+8, c.axis)
	for i, it := range c.key {
		y := y0 + plotH + 1 + 4.5*float64(i)
		d.area(d.left, y, 5, 3.5, it.style, colInk)
		d.setFont(fontSans, "", 7.5)
		d.setColor(colInk)
		d.text(d.left+6.5, y+3, d.fit(it.label, c.labelW-10))
	}

	for i, b := range c.bars {
		y := y0 + rowH*float64(i) + (rowH-barH)/2
		if hasMarks {
			y = y0 + rowH*float64(i) + 2 // leaves the mark's label clear of the axis
		}
		d.setFont(fontSans, "B", 8.5)
		d.setColor(colInk)
		ly := y + barH/2 + 1
		switch {
		case len(notes[i]) > 1:
			ly = y0 + rowH*float64(i) + 3.2 // from the row's top down
		case len(notes[i]) == 1:
			ly -= 1.3
		}
		d.text(d.left, ly, d.fit(b.label, c.labelW-2))
		d.setFont(fontSans, "", barNoteSize)
		d.setColor(colMuted)
		for j, l := range notes[i] {
			d.text(d.left, ly+3+lineH(barNoteSize)*float64(j), l)
		}
		end := x0
		if b.ok {
			end = sx(b.v)
			d.area(x0, y, end-x0, barH, b.style, colInk)
		}
		v := b.value
		if !b.ok && v == "" {
			v = "n/a"
		}
		d.setFont(fontSans, "B", 8)
		d.setColor(colInk)
		// The value goes after the bar end, but never across a threshold:
		// past the threshold when it fits there, else cut short of it.
		lx, right := end+1.5, x0+pw+valueW
		for _, m := range []*mark{c.line, b.mark} {
			if m == nil {
				continue
			}
			mx := sx(m.v)
			switch vw := d.strW(v); {
			case mx <= lx-1 || mx >= lx+vw+1:
			case mx+1.5+vw <= right:
				lx = mx + 1.5
			default:
				right = math.Min(right, mx-1.5)
			}
		}
		v = d.fit(v, right-lx)
		// a white ground keeps the grid lines out of the value
		d.setFill(colWhite)
		f.Rect(lx-0.6, y+0.3, d.strW(v)+1.2, barH-0.6, "F")
		d.setColor(colInk)
		d.text(lx, y+barH/2+1.1, v)
		if m := b.mark; m != nil {
			x := sx(m.v)
			d.setDraw(colInk)
			f.SetLineWidth(0.6)
			f.Line(x, y-1, x, y+barH+1)
			d.setFont(fontSans, "", 6.5)
			d.setColor(colInk)
			d.text(math.Max(x0, x-d.strW(m.label)/2), y+barH+3.4, m.label)
		}
	}
	if m := c.line; m != nil {
		x := sx(m.v)
		d.dashed(x, y0-1.5, x, y0+plotH, colInk, 0.45)
		d.setFont(fontSans, "B", 7)
		d.setColor(colInk)
		lx := math.Min(x-d.strW(m.label)/2, x0+pw+valueW-d.strW(m.label))
		d.text(lx, y0-2.5, m.label)
	}
	f.SetY(y0 + plotH + 11)
}

// stageStyles differ in lightness and pattern, not only in hue.
var stageStyles = map[vocab.Stage]fillStyle{
	vocab.Enrolment:              {fill: rgb{107, 174, 214}},
	vocab.DeviceReadiness:        {fill: rgb{222, 235, 247}, hatch: "\\", ink: rgb{49, 130, 189}},
	vocab.AuthenticatorMigration: {fill: rgb{253, 174, 107}, hatch: "|", ink: rgb{217, 95, 14}},
	vocab.LostDeviceRecovery:     {fill: rgb{165, 15, 21}},
	vocab.Reauthentication:       {fill: rgb{117, 107, 177}},
	vocab.PasswordReset:          {fill: colWhite, hatch: "x", ink: rgb{99, 99, 99}},
	vocab.OtherAuth:              {fill: rgb{217, 217, 217}, hatch: "-", ink: rgb{120, 120, 120}},
}

// extraStyles are used in turn for stages outside the known vocabulary.
var extraStyles = []fillStyle{
	{fill: rgb{255, 255, 255}, hatch: "/", ink: rgb{60, 60, 60}},
	{fill: rgb{255, 255, 255}, hatch: "|", ink: rgb{60, 60, 60}},
	{fill: rgb{160, 160, 160}, hatch: "+", ink: rgb{255, 255, 255}},
}

func stageStyle(stage string, extra int) fillStyle {
	if st, ok := stageStyles[vocab.Stage(stage)]; ok {
		return st
	}
	return extraStyles[extra%len(extraStyles)]
}

// legendItem is one swatch and its label.
type legendItem struct {
	label string
	style fillStyle
}

// legend lays swatches out in columns across the content width.
func (d *doc) legend(items []legendItem, cols int) {
	colW := d.cw / float64(cols)
	rows := (len(items) + cols - 1) / cols
	d.ensure(float64(rows) * 5)
	y := d.f.GetY()
	for i, it := range items {
		x := d.left + colW*float64(i%cols)
		yy := y + 5*float64(i/cols)
		d.area(x, yy, 5, 3.5, it.style, colInk)
		d.setFont(fontSans, "", 7.5)
		d.setColor(colInk)
		d.text(x+6.5, yy+3, d.fit(it.label, colW-8))
	}
	d.f.SetY(y + 5*float64(rows) + 1)
}
