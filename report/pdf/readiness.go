package pdf

import (
	"fmt"
	"math"
	"sort"

	"github.com/assure-dev/assure/report/present"
)

// limit is a numeric threshold of a control check.
type limit struct {
	control string
	op      string
	thr     float64
}

// limit finds the first check on metric with a numeric threshold, in
// control when control is set (any metric of it when metric is empty).
func (d *doc) limit(metric, control string) (limit, bool) {
	for _, c := range d.r.Controls {
		if control != "" && c.ID != control {
			continue
		}
		for _, ch := range c.Checks {
			if metric != "" && ch.Metric != metric {
				continue
			}
			if t, ok := number(ch.Threshold); ok {
				return limit{c.ID, ch.Op, t}, true
			}
		}
	}
	return limit{}, false
}

// meets evaluates v op thr, for drawing only: statuses come from the report.
func meets(v float64, op string, thr float64) bool {
	switch op {
	case ">=":
		return v >= thr
	case ">":
		return v > thr
	case "<=":
		return v <= thr
	case "<":
		return v < thr
	case "==":
		return v == thr
	case "!=":
		return v != thr
	}
	return true
}

var (
	styleMeets = fillStyle{fill: rgb{66, 146, 198}}
	styleShort = fillStyle{fill: rgb{252, 205, 200}, hatch: "/", ink: rgb{165, 15, 21}}
)

func (d *doc) readiness() {
	d.para("Passwordless sign-in only works for people whose devices can hold a passkey and who have enrolled one. This page shows how ready devices are in each population segment and how far phishing-resistant methods have replaced the old ones.", "", 9, colInk)
	d.gap(2)
	d.subheading("Device readiness by segment", 40)
	overall := fmt.Sprintf("All active devices: %s ready", d.metric("devices.ready_share"))
	if n := d.r.MetricDetails["devices.ready_share"].N; n > 0 {
		overall = fmt.Sprintf("All %s active devices: %s ready", group(int64(n)), d.metric("devices.ready_share"))
	}
	if l, ok := d.limit("devices.ready_share", ""); ok {
		overall += fmt.Sprintf(" (%s wants %s %s).", l.control, present.Operator(l.op), pct(l.thr))
	} else {
		overall += "."
	}
	d.para(overall, "", 9, colInk)
	d.gap(1)

	seg := d.r.Segments["devices.ready_share"]
	names := make([]string, 0, len(seg))
	for s := range seg {
		names = append(names, s)
	}
	// worst segment first: that is where people get stuck
	sort.Slice(names, func(i, j int) bool {
		if seg[names[i]] != seg[names[j]] {
			return seg[names[i]] < seg[names[j]]
		}
		return names[i] < names[j]
	})
	l, hasLimit := d.limit("", "DR-02")
	if len(names) == 0 {
		d.para("n/a: the report holds no readiness figures per segment.", "", 9, colMuted)
	} else {
		var bars []bar
		for _, s := range names {
			v := seg[s]
			b := bar{label: humanize(s), v: v, ok: true, style: styleMeets, value: pct(v)}
			if n, ok := d.r.SegmentSizes["devices.ready_share"][s]; ok {
				b.note = plural(n, "active device", "active devices")
			}
			if hasLimit && !meets(v, l.op, l.thr) {
				b.style = styleShort
				b.value += " – below"
			}
			bars = append(bars, b)
		}
		c := hbarChart{bars: bars, max: 1, axis: "share of the segment's active devices that are ready for passkeys (%)"}
		if hasLimit {
			c.line = &mark{l.thr, fmt.Sprintf("%s threshold %s", l.control, pct(l.thr))}
		}
		d.hbars(c)
		d.legend([]legendItem{
			{"meets the threshold", styleMeets},
			{"below the threshold", styleShort},
		}, 3)
	}

	d.subheading("Phishing-resistant adoption", 50)
	metrics := []struct{ name, label, note string }{
		{"enrolment.pr_share", "Enrolment", "users holding a PR authenticator"},
		{"auth.success_pr_share", "Sign-ins", "successful sign-ins with a PR method"},
		{"auth.fallback_share", "Fallback", "passkey holders' sign-ins without one"},
	}
	var bars []bar
	for _, m := range metrics {
		v, ok := d.metricFloat(m.name)
		b := bar{label: m.label, note: m.note, v: v, ok: ok, style: styleMeets, value: pct(v)}
		if l, found := d.limit(m.name, ""); found {
			b.mark = &mark{l.thr, fmt.Sprintf("%s %s %s", l.control, present.Operator(l.op), pct(l.thr))}
			if ok && !meets(v, l.op, l.thr) {
				b.style = styleShort
				b.value += " – misses"
			}
		}
		if n := d.r.MetricDetails[m.name].N; n > 0 && ok {
			b.value += "  (n = " + group(int64(n)) + ")"
		}
		if !ok {
			b.value = "n/a"
			if why := d.checkReason(m.name); why != "" {
				b.value += ": " + why
			}
		}
		bars = append(bars, b)
	}
	d.hbars(hbarChart{bars: bars, max: 1, valueW: 46, axis: "share (%); PR = phishing-resistant; the tick on each bar is its control's threshold"})

	if _, ok := d.r.Series["auth.fallback_share"]; ok {
		// the series says month by month what the sentence sums up
		const h = 50.0
		d.subheading("Fallback by month", h+lineH(8.5)*2)
		y := d.f.GetY()
		d.seriesChartTitled(d.left, y, d.cw, h, "auth.fallback_share", "Share of passkey holders' sign-ins that used a weaker fallback method")
		d.f.SetY(y + h + 1)
		d.para(d.fallbackSentence(), "", 8.5, colInk)
		return
	}
	d.subheading("Fallback over the period", 14)
	d.para(d.fallbackSentence(), "", 9.5, colInk)
}

// fallbackSentence puts the fallback share and its trend in words.
func (d *doc) fallbackSentence() string {
	share := d.metric("auth.fallback_share")
	trend, ok := d.metricFloat("auth.fallback_trend")
	var move string
	switch {
	case !ok:
		move = "the trend could not be computed (n/a)"
	case math.Abs(trend) < 0.00005:
		move = "it was flat from the first to the last 30 days of the period"
	case trend > 0:
		move = fmt.Sprintf("it rose by %s percentage points from the first to the last 30 days of the period", fmt.Sprintf("%.1f", trend*100))
	default:
		move = fmt.Sprintf("it fell by %s percentage points from the first to the last 30 days of the period", fmt.Sprintf("%.1f", -trend*100))
	}
	s := fmt.Sprintf("Over the assessment period %s of sign-ins by people who hold a passkey used a weaker fallback method; %s.", share, move)
	if share == "n/a" {
		s = fmt.Sprintf("The fallback share could not be computed (n/a); %s.", move)
		if !ok {
			s = "Neither the fallback share nor its trend could be computed (n/a)."
		}
		if why := d.whyMissing("auth.fallback_share", "auth.fallback_trend"); why != "" {
			s += " The checks say: " + why + "."
		}
	}
	if ok && trend > 0 {
		s += " Fallback that grows is becoming a habit rather than an exception."
	}
	return s
}
