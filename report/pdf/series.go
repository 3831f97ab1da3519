package pdf

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/assure-dev/assure/report/present"

	"github.com/assure-dev/assure/report"
)

// trendsPage is the monthly trends page: every series of the report as a
// small chart, in this order: demand on the helpdesk, then recovery, then
// adoption. A series the report holds that is not listed is drawn after
// them; a listed one the report lacks is named under the charts.
var trendsPage = []block{
	prose{after: 1.5, size: 8.5, text: "Each chart follows one metric month by month over the baseline (shaded, left of the dashed line) and the assessment period. Counts are bars and shares are lines; a month without a value is a gap marked \"no data\", never a zero. A dashed horizontal line is the threshold of the control that checks the metric; the control applies it to the whole period, not to single months. Under each month of a share, n is the count the share was taken over."},
	seriesGrid{charts: seriesCharts},
}

// seriesCharts are the charts of the trends page, each with what its
// vertical axis counts.
var seriesCharts = []seriesChart{
	{"helpdesk.auth_tickets", "tickets opened per month"},
	{"helpdesk.lost_device_recovery_tickets", "tickets opened per month"},
	{"credential_reset.events", "resets per month"},
	{"recovery.started", "recoveries started per month"},
	{"recovery.self_service_share", "% of completed recoveries"},
	{"enrolment.pr_share", "% of in-scope users"},
	{"auth.success_pr_share", "% of successful sign-ins"},
	{"auth.fallback_share", "% of passkey holders' sign-ins"},
}

// seriesChart is one chart of a monthly series: the metric and what the
// vertical axis counts.
type seriesChart struct{ metric, axis string }

// seriesSpec says how a monthly series is drawn: counts as bars, shares as
// a line. The title and unit are the report's label and unit of the metric.
type seriesSpec struct {
	title string       // chart title
	unit  present.Unit // the report's unit of the metric
	axis  string       // what the vertical axis counts, with its unit
	order int
}

// specOf is how the series of a metric is drawn: as the layout lists it,
// or, for a series it does not list, by its unit after the listed ones.
func (d *doc) specOf(name string) seriesSpec {
	def := d.r.Definition(name)
	s := seriesSpec{title: def.Label, unit: def.Unit, order: len(seriesCharts)}
	for i, c := range seriesCharts {
		if c.metric == name {
			s.order, s.axis = i, c.axis
			return s
		}
	}
	switch s.unit {
	case present.Share:
		s.axis = "%"
	case "", present.Count:
		s.axis = "per month"
	default:
		s.axis = unitLabel(s.unit)
	}
	return s
}

// seriesNames are the series of the report in chart order.
func (d *doc) seriesNames() []string {
	names := make([]string, 0, len(d.r.Series))
	for n := range d.r.Series {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := d.specOf(names[i]).order, d.specOf(names[j]).order
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	return names
}

var (
	styleBaselineBar   = fillStyle{fill: rgb{198, 219, 239}}
	styleAssessmentBar = fillStyle{fill: rgb{33, 102, 172}}
	colBaselineShade   = rgb{236, 236, 236}
	colLine            = rgb{33, 102, 172}
)

// seriesGrid draws every monthly series of the report as a small chart, two
// to a row, in the order of charts, and names the charts the report has no
// series for.
type seriesGrid struct{ charts []seriesChart }

func (g seriesGrid) metrics() []string {
	out := make([]string, len(g.charts))
	for i, c := range g.charts {
		out[i] = c.metric
	}
	return out
}

func (g seriesGrid) draw(d *doc) {
	d.seriesLegend()
	d.gap(2)

	names := d.seriesNames()
	const cols, gapX, gapY = 2, 8.0, 4.0
	w := (d.cw - gapX*(cols-1)) / cols
	// as tall as lets every row share the page, within limits
	rows := (len(names) + cols - 1) / cols
	cellH := 56.0
	if rows > 0 {
		cellH = math.Max(46, math.Min(cellH, (d.bottom-d.f.GetY()-gapY*float64(rows-1))/float64(rows)))
	}
	for i := 0; i < len(names); i += cols {
		d.ensure(cellH)
		y := d.f.GetY()
		for j := 0; j < cols && i+j < len(names); j++ {
			d.seriesChart(d.left+float64(j)*(w+gapX), y, w, cellH, names[i+j])
		}
		d.f.SetY(y + cellH + gapY)
	}

	var missing []string
	for _, c := range g.charts {
		if _, ok := d.r.Series[c.metric]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", d.specOf(c.metric).title, c.metric))
		}
	}
	if len(missing) > 0 {
		d.para("The report holds no monthly values for "+present.Join(missing, "and")+": the evidence they are counted from is missing or did not cover the months.", "", 8.5, colMuted)
	}
}

// seriesLegend explains the marks of the series charts in one row.
func (d *doc) seriesLegend() {
	d.ensure(6)
	y := d.f.GetY()
	x := d.left
	d.setFont(fontSans, "", 7.5)
	item := func(w float64, draw func(x float64), label string) {
		draw(x)
		d.setFont(fontSans, "", 7.5)
		d.setColor(colInk)
		d.text(x+w+1.5, y+3, label)
		x += w + 1.5 + d.strW(label) + 5
	}
	item(3.5, func(x float64) {
		d.area(x, y, 3.5, 3.5, fillStyle{fill: colBaselineShade}, colRule)
	}, "baseline months")
	item(3.5, func(x float64) { d.area(x, y, 3.5, 3.5, styleBaselineBar, colInk) }, "baseline count")
	item(3.5, func(x float64) { d.area(x, y, 3.5, 3.5, styleAssessmentBar, colInk) }, "assessment count")
	item(3.5, func(x float64) { d.point(x+1.75, y+1.75, false) }, "baseline share")
	item(3.5, func(x float64) { d.point(x+1.75, y+1.75, true) }, "assessment share")
	item(6, func(x float64) { d.dashed(x, y+1.75, x+6, y+1.75, colInk, 0.4) }, "threshold")
	d.f.SetY(y + 5)
}

// point draws a series point: filled for the assessment period, hollow
// for the baseline, so the two differ without colour.
func (d *doc) point(x, y float64, filled bool) {
	d.setDraw(colLine)
	d.f.SetLineWidth(0.35)
	if filled {
		d.setFill(colLine)
	} else {
		d.setFill(colWhite)
	}
	d.f.Circle(x, y, 0.9, "FD")
}

// seriesChart draws the series name in the box x, y, w, h: the metric's
// label as the title, the axis title with the unit, the plot, month labels,
// sample sizes under the months of a share and brackets naming the two
// periods.
func (d *doc) seriesChart(x, y, w, h float64, name string) {
	f := d.f
	spec := d.specOf(name)
	title := spec.title
	pts := slices.Clone(d.r.Series[name])
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Month < pts[j].Month })
	share := spec.unit == present.Share

	// title and threshold, then the axis title and the metric name
	lim, hasLimit := d.limit(name)
	label := func(v float64) string {
		if share {
			return pct(v)
		}
		return plain(v)
	}
	thrW := 0.0
	if hasLimit {
		l := d.limitLabel(name, lim)
		d.setFont(fontSans, "", 6.5)
		thrW = d.strW(l) + 7
		d.setColor(colInk)
		d.text(x+w-d.strW(l), y+3.2, l)
		d.dashed(x+w-thrW, y+2.2, x+w-thrW+5.5, y+2.2, colInk, 0.4)
	}
	d.setFont(fontSans, "B", 8.5)
	d.setColor(colInk)
	d.text(x, y+3.2, d.fit(title, w-thrW-2))
	d.setFont(fontSans, "", 6.5)
	axis := d.fit(spec.axis, w*0.6)
	aw := d.strW(axis)
	d.setColor(colMuted)
	d.text(x, y+7.2, axis)
	d.setFont(fontMono, "", 6)
	mn := d.fit(name, w-aw-3)
	d.text(x+w-d.strW(mn), y+7.2, mn)

	const axisW, headroom = 9.0, 3.5
	x0, pw := x+axisW, w-axisW-1
	top, bottom := y+10.5, y+h-10.5
	if share {
		bottom = y + h - 13
	}
	ph := bottom - top - headroom // the scale's top is headroom below the frame's
	if len(pts) == 0 {
		d.area(x0, top, pw, bottom-top, fillStyle{fill: colWhite}, colRule)
		d.setFont(fontSans, "", 7)
		d.text(x0+2, top+(bottom-top)/2, "no monthly values")
		return
	}

	// scale: from zero, with room above the highest value and the threshold
	vmax := 0.0
	for _, p := range pts {
		if p.Value != nil && !math.IsNaN(*p.Value) && !math.IsInf(*p.Value, 0) {
			vmax = math.Max(vmax, *p.Value)
		}
	}
	if hasLimit {
		vmax = math.Max(vmax, lim.thr)
	}
	step := niceStep(vmax*1.05, 4)
	if vmax <= 0 {
		step = 1
		if share {
			step = 0.25
		}
	}
	if !share && step < 1 {
		step = 1 // whole counts
	}
	ymax := math.Max(step, math.Ceil(vmax*1.05/step)*step)
	if share && ymax > 1 {
		ymax = 1
		step = math.Max(step, 0.2)
	}
	sy := func(v float64) float64 { return bottom - ph*math.Max(0, math.Min(v, ymax))/ymax }
	slot := pw / float64(len(pts))
	sx := func(i int) float64 { return x0 + slot*(float64(i)+0.5) }

	// baseline months shaded
	for i, p := range pts {
		if p.Period == "baseline" {
			d.setFill(colBaselineShade)
			f.Rect(x0+slot*float64(i), top, slot, bottom-top, "F")
		}
	}
	// grid and tick labels
	d.setFont(fontSans, "", 6)
	for v := 0.0; v <= ymax+1e-9; v += step {
		yy := sy(v)
		d.setDraw(colRule)
		f.SetLineWidth(0.15)
		f.Line(x0, yy, x0+pw, yy)
		l := plain(v)
		if share {
			l = fmt.Sprintf("%.0f%%", v*100)
		}
		d.setColor(colMuted)
		d.text(x0-1.2-d.strW(l), yy+1, l)
	}

	// threshold, under the values
	if hasLimit {
		ty := sy(lim.thr)
		d.dashed(x0, ty, x0+pw, ty, colInk, 0.4)
	}

	// values
	has := func(p report.SeriesPoint) bool {
		return p.Value != nil && !math.IsNaN(*p.Value) && !math.IsInf(*p.Value, 0)
	}
	if share {
		d.setDraw(colLine)
		f.SetLineWidth(0.55)
		for i := 1; i < len(pts); i++ {
			if has(pts[i-1]) && has(pts[i]) {
				f.Line(sx(i-1), sy(*pts[i-1].Value), sx(i), sy(*pts[i].Value))
			}
		}
	}
	for i, p := range pts {
		cx := sx(i)
		if !has(p) {
			d.setFont(fontSans, "", 6)
			d.setColor(colMuted)
			l := d.fit("no data", slot-0.6)
			ny := top + (bottom-top)/2
			if hasLimit { // keep clear of the threshold line
				if ty := sy(lim.thr); math.Abs(ty-ny) < 4 {
					ny = ty + 5
					if ty > top+(bottom-top)/2 {
						ny = ty - 3.5
					}
				}
			}
			d.setFill(colWhite)
			f.Rect(cx-d.strW(l)/2-0.6, ny-2.4, d.strW(l)+1.2, 3.2, "F")
			d.text(cx-d.strW(l)/2, ny, l)
			continue
		}
		v := *p.Value
		var ly float64
		if share {
			d.point(cx, sy(v), p.Period != "baseline")
			// above the point where the line comes up to it, below where
			// it comes down, so the label keeps off the line
			var nb []float64
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(pts) && has(pts[j]) {
					nb = append(nb, *pts[j].Value)
				}
			}
			mean := v
			if len(nb) > 0 {
				mean = 0
				for _, n := range nb {
					mean += n
				}
				mean /= float64(len(nb))
			}
			up, down := sy(v)-1.8, sy(v)+3.8
			fitsDown, fitsUp := down <= bottom-0.5, up-2.2 >= top
			ly = up
			if v < mean && fitsDown || !fitsUp {
				ly = down
			}
			// Nor across the threshold: where the line runs straight
			// through the point, the other side keeps as clear of it.
			crosses := func(y float64) bool { return hasLimit && math.Abs(sy(lim.thr)-(y-0.85)) < 2 }
			straight := math.Abs(sy(mean)-sy(v)) < 2.5
			if other := up + down - ly; crosses(ly) && straight && !crosses(other) && (other == up && fitsUp || other == down && fitsDown) {
				ly = other
			}
		} else {
			bw := math.Min(slot*0.56, 12)
			st := styleAssessmentBar
			if p.Period == "baseline" {
				st = styleBaselineBar
			}
			d.area(cx-bw/2, sy(v), bw, bottom-sy(v), st, colInk)
			ly = sy(v) - 1.2
		}
		d.setFont(fontSans, "B", 6)
		l := label(v)
		if share {
			// a ground in the month's own shade keeps lines out of the label
			ground := colWhite
			if p.Period == "baseline" {
				ground = colBaselineShade
			}
			d.setFill(ground)
			f.Rect(cx-d.strW(l)/2-0.4, ly-2.2, d.strW(l)+0.8, 2.7, "F")
		}
		d.setColor(colInk)
		d.text(cx-d.strW(l)/2, ly, l)
	}

	// axes
	d.setDraw(colInk)
	f.SetLineWidth(0.3)
	f.Line(x0, top, x0, bottom)
	f.Line(x0, bottom, x0+pw, bottom)

	// months, sample sizes, periods
	for i, p := range pts {
		d.setFont(fontSans, "", 6)
		d.setColor(colInk)
		ml := d.fit(monthLabel(p.Month), slot-0.5)
		d.text(sx(i)-d.strW(ml)/2, bottom+2.8, ml)
		if share {
			d.setFont(fontSans, "", 5.3)
			d.setColor(colMuted)
			nl := d.fit("n "+group(int64(p.N)), slot-0.5)
			d.text(sx(i)-d.strW(nl)/2, bottom+5.3, nl)
		}
	}
	yb := bottom + 4.8
	if share {
		yb = bottom + 7.3
	}
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && pts[j].Period == pts[i].Period {
			j++
		}
		xa, xb := x0+slot*float64(i)+1, x0+slot*float64(j)-1
		d.setDraw(colMuted)
		f.SetLineWidth(0.25)
		f.Line(xa, yb, xb, yb)
		f.Line(xa, yb-0.8, xa, yb)
		f.Line(xb, yb-0.8, xb, yb)
		pl := periodLabel(pts[i].Period)
		if pl == "Assessment period" && xb-xa < 24 {
			pl = "Assessment"
		}
		d.setFont(fontSans, "B", 6.3)
		d.setColor(colInk)
		pl = d.fit(pl, xb-xa)
		d.text((xa+xb-d.strW(pl))/2, yb+2.9, pl)
		if i > 0 {
			xd := x0 + slot*float64(i)
			d.dashed(xd, top-1, xd, bottom+1, colMuted, 0.35)
		}
		i = j
	}
}
