package pdf

import (
	"math"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
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

// statusStyle is how a control status looks: a short word on a fill whose
// lightness differs per status, so colour is never the only cue.
type statusStyle struct {
	label  string // the badge's word, short enough for it
	fill   rgb
	text   rgb
	border rgb
	hatch  string
}

var statusStyles = map[report.Status]statusStyle{
	report.Pass:                 {"PASS", rgb{200, 230, 201}, rgb{27, 94, 32}, rgb{56, 142, 60}, ""},
	report.Fail:                 {"FAIL", rgb{183, 28, 28}, colWhite, rgb{183, 28, 28}, ""},
	report.InsufficientEvidence: {"INSUFFICIENT", rgb{255, 213, 79}, rgb{62, 39, 35}, rgb{191, 144, 0}, "/"},
	report.NotApplicable:        {"N/A", colWhite, colMuted, colFaint, ""},
	report.Waived:               {"WAIVED", rgb{207, 216, 220}, rgb{38, 50, 56}, rgb{96, 125, 139}, ""},
}

// statusMeanings say what each status means: in a few words for the
// legend of the results, in full for Appendix B.
var statusMeanings = map[report.Status]struct{ short, full string }{
	report.Pass:                 {"all checks met", "every check of the control met its threshold (any one check, for controls marked so)"},
	report.Fail:                 {"a threshold missed", "a check was measured and missed its threshold"},
	report.InsufficientEvidence: {"evidence missing, stale or too small a sample, never a pass", "evidence was missing, stale, outside the period or below the control's minimum sample; never counted as a pass"},
	report.NotApplicable:        {"does not apply", "the control's condition for applying did not hold, or the profile switched it off"},
	report.Waived:               {"gap accepted", "a recorded waiver accepts the gap"},
}

func styleOf(status report.Status) statusStyle {
	if st, ok := statusStyles[status]; ok {
		return st
	}
	label := strings.ToUpper(string(status))
	if label == "" {
		label = "UNKNOWN"
	}
	return statusStyle{label, colWhite, colInk, colInk, ""}
}

// statusFill is the chart fill of a status, with the badge's hatch.
func statusFill(status report.Status) fillStyle {
	st := styleOf(status)
	return fillStyle{fill: st.fill, hatch: st.hatch, ink: st.border}
}

// shortStatus is a status word short enough to follow a check: the
// badge's word in lower case ("insufficient", "n/a").
func shortStatus(s report.Status) string { return strings.ToLower(styleOf(s).label) }

// attention orders statuses by what they ask of a reader: the failing ones
// first (fail, then insufficient evidence), then a gap a waiver accepts,
// then a control that does not apply, pass last and anything else after.
func attention(s report.Status) int {
	switch {
	case s.Failing():
		return slices.Index(report.Statuses(), s) // fail and insufficient evidence, in the report's order
	case s == report.Waived:
		return len(report.Statuses())
	case s == report.NotApplicable:
		return len(report.Statuses()) + 1
	case s == report.Pass:
		return len(report.Statuses()) + 2
	}
	return len(report.Statuses()) + 3
}

// severityRank orders severities, most severe first and an unknown one
// last.
func severityRank(s report.Severity) int {
	if r := s.Rank(); r >= 0 {
		return r
	}
	return len(report.Severities())
}

const badgeW, badgeH = 25.0, 4.6

// badge draws a status badge with its top-left corner at x, y.
func (d *doc) badge(x, y float64, status report.Status) {
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
