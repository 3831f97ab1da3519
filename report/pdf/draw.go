package pdf

import (
	"math"
	"strings"
)

// fillStyle is a fill colour plus an optional hatch, so that neighbouring
// areas of a chart stay distinct when printed in greyscale.
type fillStyle struct {
	fill  rgb
	hatch string // "", "/", "\\", "-", "|", "x" or "+"
	ink   rgb    // hatch colour
}

// area fills a rectangle with st and outlines it.
func (d *doc) area(x, y, w, h float64, st fillStyle, outline rgb) {
	if w <= 0 || h <= 0 {
		return
	}
	f := d.f
	d.setFill(st.fill)
	d.setDraw(outline)
	f.SetLineWidth(0.15)
	f.Rect(x, y, w, h, "F")
	if st.hatch != "" {
		d.hatch(x, y, w, h, st.hatch, st.ink)
	}
	d.setDraw(outline)
	f.SetLineWidth(0.15)
	f.Rect(x, y, w, h, "D")
}

// hatch strokes a line pattern clipped to the rectangle. Nothing but lines
// is drawn inside the clip: fpdf does not know that the closing Q restores
// the graphics state, so colours are set again afterwards by the callers.
func (d *doc) hatch(x, y, w, h float64, pattern string, ink rgb) {
	f := d.f
	const step = 1.4
	f.ClipRect(x, y, w, h, false)
	d.setDraw(ink)
	f.SetLineWidth(0.25)
	for _, p := range pattern {
		switch p {
		case '/':
			for o := -h; o < w; o += step {
				f.Line(x+o, y+h, x+o+h, y)
			}
		case '\\':
			for o := -h; o < w; o += step {
				f.Line(x+o, y, x+o+h, y+h)
			}
		case '-':
			for o := step / 2; o < h; o += step {
				f.Line(x, y+o, x+w, y+o)
			}
		case '|':
			for o := step / 2; o < w; o += step {
				f.Line(x+o, y, x+o, y+h)
			}
		case 'x':
			d.hatch(x, y, w, h, "/\\", ink)
		case '+':
			d.hatch(x, y, w, h, "-|", ink)
		}
	}
	f.ClipEnd()
}

// statusStyle is how a control status looks: a word on a fill whose
// lightness differs per status, so colour is never the only cue.
type statusStyle struct {
	label  string
	fill   rgb
	text   rgb
	border rgb
	hatch  string
}

func styleOf(status string) statusStyle {
	switch status {
	case "pass":
		return statusStyle{"PASS", rgb{200, 230, 201}, rgb{27, 94, 32}, rgb{56, 142, 60}, ""}
	case "fail":
		return statusStyle{"FAIL", rgb{183, 28, 28}, colWhite, rgb{183, 28, 28}, ""}
	case "insufficient_evidence":
		return statusStyle{"INSUFFICIENT", rgb{255, 213, 79}, rgb{62, 39, 35}, rgb{191, 144, 0}, "/"}
	case "not_applicable":
		return statusStyle{"N/A", colWhite, colMuted, colFaint, ""}
	case "waived":
		return statusStyle{"WAIVED", rgb{207, 216, 220}, rgb{38, 50, 56}, rgb{96, 125, 139}, ""}
	}
	label := strings.ToUpper(status)
	if label == "" {
		label = "UNKNOWN"
	}
	return statusStyle{label, colWhite, colInk, colInk, ""}
}

// statusFill is the chart fill of a status, with the badge's hatch.
func statusFill(status string) fillStyle {
	st := styleOf(status)
	return fillStyle{fill: st.fill, hatch: st.hatch, ink: st.border}
}

const badgeW, badgeH = 25.0, 4.6

// badge draws a status badge with its top-left corner at x, y.
func (d *doc) badge(x, y float64, status string) {
	st := styleOf(status)
	f := d.f
	d.setFill(st.fill)
	d.setDraw(st.border)
	f.SetLineWidth(0.3)
	f.RoundedRect(x, y, badgeW, badgeH, 1, "1234", "FD")
	if st.hatch != "" {
		// a light hatch along the badge ends keeps the text clear
		d.hatch(x+0.5, y+0.4, 1.6, badgeH-0.8, st.hatch, st.border)
		d.hatch(x+badgeW-2.1, y+0.4, 1.6, badgeH-0.8, st.hatch, st.border)
	}
	d.setFont(fontSans, "B", 6.5)
	d.setColor(st.text)
	label := d.fit(st.label, badgeW-4.6)
	d.text(x+(badgeW-d.strW(label))/2, y+badgeH/2+0.8, label)
}

// niceStep picks an axis step of 1, 2 or 5 times a power of ten giving
// about n intervals up to max.
func niceStep(max float64, n int) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// dashed draws a dashed line and switches dashing off again.
func (d *doc) dashed(x1, y1, x2, y2 float64, c rgb, w float64) {
	d.setDraw(c)
	d.f.SetLineWidth(w)
	d.f.SetDashPattern([]float64{1.2, 0.9}, 0)
	d.f.Line(x1, y1, x2, y2)
	d.f.SetDashPattern([]float64{}, 0)
}
