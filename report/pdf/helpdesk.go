package pdf

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
)

func (d *doc) helpdesk() {
	d.para("Each authentication ticket is a person who got stuck signing in, enrolling or recovering. The chart counts them per month, by the stage where they got stuck, over the baseline and the assessment period.", "", 9, colInk)
	d.subheading("Authentication tickets per month, by stage", 85)
	d.monthChart()

	d.subheading("Stage shares in the assessment period", 60)
	d.stageShares()

	d.subheading("Change against the baseline", 16)
	d.para(d.changeSentence(), "", 9.5, colInk)
	d.gap(2)
	d.labelValues(d.helpdeskFacts(), 52, 8.5)
}

// stages returns the stages present in the monthly data, journey order
// first, then unknown ones sorted; "unrelated" is not an auth stage.
func stagesOf(months []report.MonthStages) []string {
	seen := map[string]bool{}
	for _, m := range months {
		for s := range m.Stages {
			seen[s] = true
		}
	}
	var out []string
	for _, s := range stageOrder {
		if seen[s] {
			out = append(out, s)
			delete(seen, s)
		}
	}
	delete(seen, "unrelated")
	var extra []string
	for s := range seen {
		extra = append(extra, s)
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func periodLabel(p string) string {
	switch p {
	case "baseline":
		return "Baseline"
	case "assessment":
		return "Assessment period"
	}
	return humanize(p)
}

// monthChart draws stacked bars of tickets per month by stage.
func (d *doc) monthChart() {
	f := d.f
	months := slices.Clone(d.r.Helpdesk.Months)
	sort.SliceStable(months, func(i, j int) bool { return months[i].Month < months[j].Month })
	if len(months) == 0 {
		d.para("n/a: the report holds no monthly helpdesk counts.", "", 9, colMuted)
		return
	}
	stages := stagesOf(months)
	styles := map[string]fillStyle{}
	extra := 0
	for _, s := range stages {
		styles[s] = stageStyle(s, extra)
		if _, ok := stageStyles[s]; !ok {
			extra++
		}
	}
	totals := make([]int, len(months))
	maxTotal := 0
	for i, m := range months {
		for _, s := range stages {
			totals[i] += max(0, m.Stages[s])
		}
		maxTotal = max(maxTotal, totals[i])
	}
	step := niceStep(float64(maxTotal), 5)
	top := math.Max(step, math.Ceil(float64(maxTotal)*1.08/step)*step)

	const axisW, plotH = 14.0, 52.0
	y0 := f.GetY() + 7
	x0 := d.left + axisW
	pw := d.cw - axisW - 2
	sy := func(v float64) float64 { return y0 + plotH - plotH*v/top }

	d.setFont(fontSans, "B", 7.5)
	d.setColor(colMuted)
	d.text(d.left, y0-3.5, "tickets per month")
	d.setFont(fontSans, "", 7)
	for v := 0.0; v <= top+1e-9; v += step {
		y := sy(v)
		d.setDraw(colRule)
		f.SetLineWidth(0.15)
		f.Line(x0, y, x0+pw, y)
		l := plain(v)
		d.setColor(colMuted)
		d.text(x0-1.5-d.strW(l), y+1.1, l)
	}

	slot := pw / float64(len(months))
	bw := math.Min(slot*0.58, 22)
	for i, m := range months {
		x := x0 + slot*float64(i) + (slot-bw)/2
		base := 0.0
		for _, s := range stages {
			n := max(0, m.Stages[s])
			if n == 0 {
				continue
			}
			yt, yb := sy(base+float64(n)), sy(base)
			st := styles[s]
			d.area(x, yt, bw, yb-yt, st, colInk)
			if yb-yt >= 3.4 {
				d.setFont(fontSans, "", 6.5)
				l := fmt.Sprint(n)
				tw := d.strW(l)
				tx, ty := x+(bw-tw)/2, (yt+yb)/2+1.1
				if st.hatch != "" {
					d.setFill(colWhite)
					f.Rect(tx-0.6, ty-2.6, tw+1.2, 3.3, "F")
					d.setColor(colInk)
				} else if st.fill.luminance() < 0.5 {
					d.setColor(colWhite)
				} else {
					d.setColor(colInk)
				}
				d.text(tx, ty, l)
			}
			base += float64(n)
		}
		d.setFont(fontSans, "B", 7)
		d.setColor(colInk)
		l := fmt.Sprint(totals[i])
		d.text(x+(bw-d.strW(l))/2, sy(float64(totals[i]))-1.2, l)
		d.setFont(fontSans, "", 7.5)
		ml := monthLabel(m.Month)
		d.text(x0+slot*float64(i)+(slot-d.strW(ml))/2, y0+plotH+4, ml)
	}
	d.setDraw(colInk)
	f.SetLineWidth(0.3)
	f.Line(x0, y0, x0, y0+plotH)
	f.Line(x0, y0+plotH, x0+pw, y0+plotH)

	// Brackets under runs of months of the same period, and a dashed
	// divider where the period changes.
	yb := y0 + plotH + 7
	for i := 0; i < len(months); {
		j := i
		for j < len(months) && months[j].Period == months[i].Period {
			j++
		}
		xa, xb := x0+slot*float64(i)+2, x0+slot*float64(j)-2
		d.setDraw(colMuted)
		f.SetLineWidth(0.3)
		f.Line(xa, yb, xb, yb)
		f.Line(xa, yb-1, xa, yb)
		f.Line(xb, yb-1, xb, yb)
		label := periodLabel(months[i].Period)
		d.setFont(fontSans, "B", 7.5)
		d.setColor(colInk)
		d.text((xa+xb-d.strW(label))/2, yb+3.6, label)
		if i > 0 {
			xd := x0 + slot*float64(i)
			d.dashed(xd, y0-2, xd, y0+plotH+2, colMuted, 0.35)
		}
		i = j
	}
	f.SetY(yb + 7)
	items := make([]legendItem, len(stages))
	for i, s := range stages {
		items[i] = legendItem{humanize(s), styles[s]}
	}
	d.legend(items, 4)

	// An empty run of months reads as "no demand" unless it is said.
	var base, assess, nBase, nAssess int
	for i, m := range months {
		switch m.Period {
		case "baseline":
			base += totals[i]
			nBase++
		case "assessment":
			assess += totals[i]
			nAssess++
		}
	}
	var notes []string
	if nBase > 0 && base == 0 {
		notes = append(notes, "The evidence holds no authentication tickets in the baseline months, so no change against the baseline can be computed.")
	}
	if nAssess > 0 && assess == 0 {
		notes = append(notes, "The evidence holds no authentication tickets in the assessment period.")
	}
	if len(notes) > 0 {
		d.para(strings.Join(notes, " "), "", 8.5, colMuted)
	}
}

// stageShares draws the share of each stage in the assessment period.
func (d *doc) stageShares() {
	const prefix = "helpdesk.stage_share."
	seen := map[string]bool{}
	var names []string
	for _, s := range stageOrder {
		names = append(names, s)
		seen[s] = true
	}
	var extra []string
	for k := range d.r.Metrics {
		if s, ok := strings.CutPrefix(k, prefix); ok && !seen[s] {
			extra = append(extra, s)
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)

	found := false
	top := 0.0
	var bars []bar
	for i, s := range names {
		v, ok := d.metricFloat(prefix + s)
		found = found || ok
		top = math.Max(top, v)
		bars = append(bars, bar{label: humanize(s), v: v, ok: ok, style: stageStyle(s, i-len(stageOrder)), value: pct(v)})
	}
	if !found {
		d.para("n/a: no stage shares were computed.", "", 9, colMuted)
		return
	}
	axis := "share of the authentication tickets opened in the assessment period (%)"
	if n, ok := d.metricFloat("helpdesk.auth_tickets"); ok {
		axis = fmt.Sprintf("share of the %s authentication tickets opened in the assessment period (%%)", plain(n))
	}
	c := hbarChart{bars: bars, axis: axis, labelW: 44, rowH: 6.5}
	if l, ok := d.limit("helpdesk.max_stage_share", ""); ok {
		c.line = &mark{l.thr, fmt.Sprintf("%s: no stage above %s", l.control, pct(l.thr))}
		top = math.Max(top, l.thr)
	}
	step := niceStep(top, 5)
	c.max = math.Min(1, math.Ceil(top*1.05/step)*step)
	d.hbars(c)
}

// change describes a relative change metric in words.
func (d *doc) change(name string) string {
	v, ok := d.metricFloat(name)
	switch {
	case !ok:
		return "could not be compared (n/a)"
	case math.Abs(v) < 0.0005:
		return "did not change (0.0%)"
	case v > 0:
		return "rose " + pct(v)
	}
	return "fell " + pct(-v)
}

// changeMetrics are the metrics behind the practical test.
var changeMetrics = []string{"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change", "helpdesk.practical_test"}

// changeSentence states the practical test in one sentence.
func (d *doc) changeSentence() string {
	test := "the practical test could not be evaluated (n/a)"
	if v, ok := d.r.Metrics["helpdesk.practical_test"].(bool); ok {
		if v {
			test = "so the practical test holds"
		} else {
			test = "so the practical test fails: recovery demand rose while credential resets did not fall"
		}
	}
	found := false
	for _, m := range changeMetrics {
		_, ok := d.r.Metrics[m]
		found = found || ok
	}
	if !found {
		s := "No change against the baseline could be computed (n/a), so the practical test could not be evaluated."
		if why := d.whyMissing(changeMetrics...); why != "" {
			s += " The checks say: " + why + "."
		}
		return s
	}
	return fmt.Sprintf("Per day and against the baseline, authentication tickets %s, lost-device recovery tickets %s and credential resets %s; %s.",
		d.change("helpdesk.demand_change"), d.change("helpdesk.recovery_change"), d.change("credential_reset.change"), test)
}

// whyMissing joins the distinct reasons the checks give for metrics that
// are not in the report.
func (d *doc) whyMissing(metrics ...string) string {
	var out []string
	for _, m := range metrics {
		if _, ok := d.r.Metrics[m]; ok {
			continue
		}
		if w := d.checkReason(m); w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, "; ")
}

// checkReason is the reason the first check of metric gives for its
// status, empty when no check gives one.
func (d *doc) checkReason(metric string) string {
	for _, c := range d.r.Controls {
		for _, ch := range c.Checks {
			if ch.Metric == metric && ch.Reason != "" {
				return ch.Reason
			}
		}
	}
	return ""
}

func (d *doc) helpdeskFacts() [][2]string {
	largest := d.metric("helpdesk.max_stage_share")
	if s := d.r.MetricDetails["helpdesk.max_stage_share"].Detail; s != "" && largest != "n/a" {
		largest = humanize(s) + ", " + largest + " of the tickets"
	}
	return [][2]string{
		{"Authentication tickets in the period", d.metric("helpdesk.auth_tickets")},
		{"Tickets per 1,000 users per month", d.bareMetric("helpdesk.tickets_per_1000_users_month")},
		{"Largest stage", largest},
	}
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}
