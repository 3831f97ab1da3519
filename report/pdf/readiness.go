package pdf

import (
	"fmt"
	"sort"

	"github.com/assure-dev/assure/report"
)

// readinessPage is the readiness and adoption page: devices ready by
// segment, the adoption of phishing-resistant methods and the fallback
// month by month.
var readinessPage = []block{
	prose{after: 2, text: "Passwordless sign-in only works for people whose devices can hold a passkey and who have enrolled one. This page shows how ready devices are in each population segment and how far phishing-resistant methods have replaced the old ones."},
	segments{
		title: "Device readiness by segment", metric: "devices.ready_share", limit: "devices.min_segment_ready_share",
		axis: "share of the segment's active devices that are ready for passkeys (%)", one: "active device", many: "active devices",
	},
	shareBars{
		title: "Phishing-resistant adoption",
		names: []string{"enrolment.pr_share", "auth.success_pr_share", "auth.fallback_share"},
		axis:  "share (%); PR = phishing-resistant; the tick on each bar is its control's threshold",
	},
	monthly{
		title: "Fallback by month", untitled: "Fallback over the period",
		metric: "auth.fallback_share", facts: []string{"auth.fallback_trend"},
		comment: func(d *doc) string {
			if v, ok := d.metricFloat("auth.fallback_trend"); ok && v > 0 {
				return "Fallback that grows is becoming a habit rather than an exception."
			}
			return ""
		},
	},
}

// limit is a numeric threshold of a control check.
type limit struct {
	control string
	op      string
	thr     float64
}

// limit finds the first check on metric with a numeric threshold.
func (d *doc) limit(metric string) (limit, bool) {
	for _, c := range d.r.Controls {
		for _, ch := range c.Checks {
			if ch.Metric != metric {
				continue
			}
			if t, ok := number(ch.Threshold); ok {
				return limit{c.ID, ch.Op, t}, true
			}
		}
	}
	return limit{}, false
}

// limitLabel names a threshold on a chart of metric: "DR-02 ≥ 85.0%".
func (d *doc) limitLabel(metric string, l limit) string {
	return l.control + " " + d.wants(metric, l.op, l.thr)
}

var (
	styleMeets = fillStyle{fill: rgb{66, 146, 198}}
	styleShort = fillStyle{fill: rgb{252, 205, 200}, hatch: "/", ink: rgb{165, 15, 21}}
)

// segments charts a share metric by population segment, worst first, with
// the threshold of the limit metric across the bars; above the chart the
// metric over the whole population, under it both metrics' definitions.
// one and many name what a segment's size counts.
type segments struct {
	title, metric, limit string
	axis                 string
	one, many            string
}

func (s segments) metrics() []string { return []string{s.metric, s.limit} }

func (s segments) draw(d *doc) {
	d.subheading(s.title, 40)
	def := d.r.Definition(s.metric)
	md := d.r.MetricDetails[s.metric]
	value := d.metric(s.metric)
	if md.Bound == "lower" && md.Upper != nil {
		// the export could not judge some devices: the share is a bound
		value = "at least " + value + ", at most " + d.value(s.metric, *md.Upper) + ","
	}
	overall := def.Label + ": " + value
	if md.N > 0 {
		overall += " of all " + plural(md.N, s.one, s.many)
	}
	if l, ok := d.limit(s.metric); ok {
		overall += fmt.Sprintf(" (%s wants %s).", l.control, d.wants(s.metric, l.op, l.thr))
	} else {
		overall += "."
	}
	if md.UnknownCause != "" {
		overall += " " + upperFirst(md.UnknownCause) + "; the bars count them as not ready."
	}
	d.para(overall, "", 9, colInk)
	d.gap(1)

	seg := d.r.Segments[s.metric]
	names := make([]string, 0, len(seg))
	for name := range seg {
		names = append(names, name)
	}
	// worst segment first: that is where people get stuck
	sort.Slice(names, func(i, j int) bool {
		if seg[names[i]] != seg[names[j]] {
			return seg[names[i]] < seg[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) == 0 {
		d.para("n/a: the report holds no readiness figures per segment.", "", 9, colMuted)
		d.definitions(s.metric, s.limit)
		return
	}
	l, hasLimit := d.limit(s.limit)
	var bars []bar
	for _, name := range names {
		v := seg[name]
		b := bar{label: humanize(name), v: v, ok: true, style: styleMeets, value: pct(v)}
		if n, ok := d.r.SegmentSizes[s.metric][name]; ok {
			b.note = plural(n, s.one, s.many)
		}
		if hasLimit && !report.Holds(v, l.op, l.thr) {
			b.style = styleShort
			b.value += " – below"
		}
		bars = append(bars, b)
	}
	c := hbarChart{bars: bars, max: 1, axis: s.axis, rowH: 8.5, key: []legendItem{
		{"meets the threshold", styleMeets},
		{"below the threshold", styleShort},
	}}
	if hasLimit {
		c.line = &mark{l.thr, d.limitLabel(s.limit, l)}
	}
	d.hbars(c)
	d.definitions(s.metric, s.limit)
}

// shareBars charts share metrics as bars, each labelled with the metric's
// label and definition and marked with its control's threshold.
type shareBars struct {
	title string
	names []string
	axis  string
}

func (s shareBars) metrics() []string { return s.names }

func (s shareBars) draw(d *doc) {
	d.subheading(s.title, 50)
	var bars []bar
	for _, name := range s.names {
		def := d.r.Definition(name)
		v, ok := d.metricFloat(name)
		b := bar{label: def.Label, note: def.Definition, v: v, ok: ok, style: styleMeets, value: pct(v)}
		if l, found := d.limit(name); found {
			b.mark = &mark{l.thr, d.limitLabel(name, l)}
			if ok && !report.Holds(v, l.op, l.thr) {
				b.style = styleShort
				b.value += " – misses"
			}
		}
		if n := d.r.MetricDetails[name].N; n > 0 && ok {
			b.value += "  (n = " + group(int64(n)) + ")"
		}
		if !ok {
			b.value = "n/a"
			if why := d.checkReason(name); why != "" {
				b.value += ": " + why
			}
		}
		bars = append(bars, b)
	}
	d.hbars(hbarChart{bars: bars, max: 1, labelW: 62, valueW: 46, wrapNotes: true, axis: s.axis})
}

// monthly charts a metric's monthly series across the page under title,
// then a table of the facts that sum it up and the page's comment on them.
// Without the series the heading is untitled and the facts stand alone.
type monthly struct {
	title, untitled string
	metric          string
	facts           []string
	comment         func(*doc) string
}

func (m monthly) metrics() []string { return append([]string{m.metric}, m.facts...) }

func (m monthly) draw(d *doc) {
	if _, ok := d.r.Series[m.metric]; ok {
		const h = 46.0
		d.subheading(m.title, h+lineH(8.5)*2)
		y := d.f.GetY()
		d.seriesChart(d.left, y, d.cw, h, m.metric)
		d.f.SetY(y + h + 1)
	} else {
		d.subheading(m.untitled, 14)
	}
	d.factSentences(m.facts, 8.5)
	if m.comment != nil {
		if s := m.comment(d); s != "" {
			d.para(s, "", 8.5, colInk)
		}
	}
}

// definitions writes "Label: definition." for each metric, in small type.
func (d *doc) definitions(names ...string) {
	var runs []run
	for _, name := range names {
		def := d.r.Definition(name)
		if def.Definition == "" {
			continue
		}
		runs = append(runs,
			run{text: def.Label + ":", family: fontSans, style: "B", size: 7.5, color: colMuted},
			run{text: sentence(def.Definition), family: fontSans, size: 7.5, color: colMuted})
	}
	d.drawParagraph(runs, 7.5)
	d.gap(1)
}

// drawParagraph wraps runs across the content width and draws them, size
// points apart, on this page or, when they do not fit, on the next.
func (d *doc) drawParagraph(runs []run, size float64) {
	if len(runs) == 0 {
		return
	}
	lines := d.wrapRuns(runs, d.cw)
	lh := lineH(size)
	d.ensure(float64(len(lines)) * lh)
	y := d.f.GetY()
	d.drawRuns(lines, d.left, y+lh*0.76, lh)
	d.f.SetY(y + float64(len(lines))*lh)
}
