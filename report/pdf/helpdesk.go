package pdf

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/vocab"
)

// helpdeskPage is the helpdesk signal page: the tickets by month and stage,
// the share of each stage, and the demand with the change metrics behind
// the practical test.
var helpdeskPage = []block{
	prose{text: "Each authentication ticket is a person who got stuck signing in, enrolling or recovering. The chart counts them per month, by the stage where they got stuck, over the baseline and the assessment period."},
	ticketMonths{title: "Authentication tickets per month, by stage", axis: "tickets per month"},
	stageShares{
		title: "Stage shares in the assessment period", prefix: "helpdesk.stage_share.",
		total: "helpdesk.auth_tickets", limit: "helpdesk.max_stage_share",
		axis: "share of the %sauthentication tickets opened in the assessment period (%%)",
	},
	facts{
		title: "Demand and change against the baseline",
		names: []string{"helpdesk.auth_tickets", "helpdesk.tickets_per_1000_users_month",
			"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change", "helpdesk.practical_test"},
		missing:   "No change against the baseline could be computed (n/a), so the practical test could not be evaluated.",
		missingOf: []string{"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change", "helpdesk.practical_test"},
	},
}

// ticketMonths charts the helpdesk's monthly ticket counts by stage, from
// the report's helpdesk months; axis says what the bars count.
type ticketMonths struct{ title, axis string }

func (ticketMonths) metrics() []string { return nil }

func (t ticketMonths) draw(d *doc) {
	d.subheading(t.title, 85)
	d.monthChart(t.axis)
}

// stageShares charts the share of each stage in the assessment period: the
// metrics prefix + stage, the stages in journey order and then any other
// the report holds. axis is the axis title, with the count of total and a
// space in place of its %s; the threshold of limit is drawn across the
// bars.
type stageShares struct {
	title, prefix string
	total, limit  string
	axis          string
}

func (s stageShares) metrics() []string {
	out := []string{s.total, s.limit}
	for _, st := range vocab.Stages() {
		out = append(out, s.prefix+string(st))
	}
	return out
}

func (s stageShares) draw(d *doc) {
	d.subheading(s.title, 60)
	d.stageShares(s)
}

// stagesOf returns the stages present in the monthly data, journey order
// first, then unknown ones sorted; "unrelated" is not an auth stage.
func stagesOf(months []report.MonthStages) []string {
	seen := map[string]bool{}
	for _, m := range months {
		for s := range m.Stages {
			seen[s] = true
		}
	}
	var out []string
	for _, st := range vocab.Stages() {
		if s := string(st); seen[s] {
			out = append(out, s)
			delete(seen, s)
		}
	}
	delete(seen, string(vocab.Unrelated))
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

// monthChart draws stacked bars of tickets per month by stage, under the
// axis title axis.
func (d *doc) monthChart(axis string) {
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
		if _, ok := stageStyles[vocab.Stage(s)]; !ok {
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
	d.text(d.left, y0-3.5, axis)
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
func (d *doc) stageShares(s stageShares) {
	stages := vocab.Stages()
	seen := map[string]bool{}
	var names []string
	for _, st := range stages {
		names = append(names, string(st))
		seen[string(st)] = true
	}
	var extra []string
	for k := range d.r.Metrics {
		if st, ok := strings.CutPrefix(k, s.prefix); ok && !seen[st] {
			extra = append(extra, st)
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)

	found := false
	top := 0.0
	var bars []bar
	for i, st := range names {
		v, ok := d.metricFloat(s.prefix + st)
		found = found || ok
		top = math.Max(top, v)
		bars = append(bars, bar{label: humanize(st), v: v, ok: ok, style: stageStyle(st, i-len(stages)), value: pct(v)})
	}
	if !found {
		d.para("n/a: no stage shares were computed.", "", 9, colMuted)
		return
	}
	count := ""
	if n, ok := d.metricFloat(s.total); ok {
		count = plain(n) + " "
	}
	c := hbarChart{bars: bars, axis: fmt.Sprintf(s.axis, count), labelW: 44, rowH: 6.5}
	if l, ok := d.limit(s.limit); ok {
		c.line = &mark{l.thr, d.limitLabel(s.limit, l)}
		top = math.Max(top, l.thr)
	}
	step := niceStep(top, 5)
	c.max = math.Min(1, math.Ceil(top*1.05/step)*step)
	d.hbars(c)
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

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

// facts is a table of metrics, one a row: the metric's label with its
// definition under it, its value (with the stage or segment it was taken
// from and its sample size) and each control that checks it, with the
// threshold and the check's status. A metric the report lacks prints n/a
// with the reason its check gives. When none of missingOf (all the
// metrics, when empty) could be computed, missing says so above the table,
// and those of them no control checks are left out.
type facts struct {
	title     string // a subheading above the table; none when empty
	names     []string
	missing   string
	missingOf []string
}

func (f facts) metrics() []string { return f.names }

var factTable = table{size: 8, cols: []column{
	{title: "Metric"}, {title: "Value", w: 34, right: true}, {title: "Checked by", w: 38},
}}

func (f facts) draw(d *doc) {
	of := f.missingOf
	if len(of) == 0 {
		of = f.names
	}
	note := f.missing
	for _, name := range of {
		if _, ok := d.r.Metrics[name]; ok {
			note = ""
		}
	}
	rows := make([]row, 0, len(f.names))
	for _, name := range f.names {
		// Under the note, a missing metric no control checks would only
		// repeat it: "n/a, no control".
		if !d.named(name) || note != "" && slices.Contains(of, name) && len(d.checks(name)) == 0 {
			continue
		}
		rows = append(rows, row{cells: []cell{d.metricCell(name), d.valueCell(name), d.checksOf(name)}})
	}
	leadH := 0.0
	if f.title != "" {
		leadH += 9
	}
	if note != "" {
		leadH += d.paraHeight(note, "", 9, d.cw) + 1
	}
	d.table(factTable, rows, leadH, func() {
		if f.title != "" {
			d.subheading(f.title, 0)
		}
		if note != "" {
			d.para(note, "", 9, colInk)
			d.gap(1)
		}
	})
}

// named says whether the report names a metric: defines it, holds its
// value or checks it. A report says nothing of a metric it does not name,
// so a page leaves it out rather than print its identifier alone.
func (d *doc) named(name string) bool {
	if _, ok := d.r.MetricDefinitions[name]; ok {
		return true
	}
	if _, ok := d.r.MetricDetails[name]; ok {
		return true
	}
	if _, ok := d.r.Metrics[name]; ok {
		return true
	}
	return len(d.checks(name)) > 0
}

// metricCell is a metric's label in bold with its definition under it and,
// when the report lacks the metric, the reason its check gives.
func (d *doc) metricCell(name string) cell {
	def := d.r.Definition(name)
	c := cell{spans: []span{{text: def.Label, bold: true}}}
	if def.Definition != "" {
		c.spans = append(c.spans, span{text: def.Definition, size: 7, color: colMuted})
	}
	if _, ok := d.r.Metrics[name]; !ok {
		if why := d.checkReason(name); why != "" {
			c.spans = append(c.spans, span{text: "n/a: " + why, size: 7, color: colMuted})
		}
	}
	return c
}

// valueCell is a metric's value, with a long unit, the stage or segment it
// was taken from and its sample size under it in small type.
func (d *doc) valueCell(name string) cell {
	v, ok := d.r.Metrics[name]
	if !ok {
		return bold("n/a")
	}
	c := cell{spans: []span{{text: d.value(name, v), bold: true}}}
	// a long unit ("per 1,000 users per month") goes under the number,
	// unless the label says it already
	if suffix := strings.TrimSpace(d.unitSuffix(name)); len(suffix) > 6 {
		c.spans[0].text = d.bare(name, v)
		if !strings.Contains(strings.ToLower(d.r.Definition(name).Label), strings.ToLower(suffix)) {
			c.spans = append(c.spans, span{text: suffix, size: 7, color: colMuted})
		}
	}
	md := d.r.MetricDetails[name]
	var under []string
	if md.Detail != "" && !md.Attested {
		under = append(under, detailLabel(md.Detail))
	}
	if md.N > 0 && d.sampled(name) {
		under = append(under, "n = "+group(int64(md.N)))
	}
	if len(under) > 0 {
		c.spans = append(c.spans, span{text: strings.Join(under, ", "), size: 7, color: colMuted})
	}
	return c
}

// sampled says whether a metric's n is worth printing beside its value: a
// count is its own n, and a yes or no has none a reader needs.
func (d *doc) sampled(name string) bool {
	switch d.kind(name) {
	case kindShare, kindChange, kindDelta:
		return true
	}
	return false
}

// controlCheck is a check with the control it belongs to.
type controlCheck struct {
	control string
	report.Check
}

// checks are the checks on a metric, in the order of the controls.
func (d *doc) checks(name string) []controlCheck {
	var out []controlCheck
	for _, c := range d.r.Controls {
		for _, ch := range c.Checks {
			if ch.Metric == name {
				out = append(out, controlCheck{c.ID, ch})
			}
		}
	}
	return out
}

// checksOf lists each control that checks a metric, with the threshold
// and the check's status: "HD-01 ≤ 0.0% · fail".
func (d *doc) checksOf(name string) cell {
	var c cell
	for _, ch := range d.checks(name) {
		c.spans = append(c.spans, span{text: ch.control + " " + d.wants(name, ch.Op, ch.Threshold) + " · " + shortStatus(ch.Status)})
	}
	if len(c.spans) == 0 {
		return cell{spans: []span{{text: "no control", color: colMuted}}}
	}
	return c
}

// factSentences write each metric as a sentence: its label in bold, its
// value with the controls that check it, and its definition: "Change of
// fallback sign-ins: +3.4 pp (AU-03 wants < 0.0 pp: fail) – fallback share
// over …".
func (d *doc) factSentences(names []string, size float64) {
	var runs []run
	for _, name := range names {
		def := d.r.Definition(name)
		text := "n/a"
		if v, ok := d.r.Metrics[name]; ok {
			text = d.value(name, v)
		} else if why := d.checkReason(name); why != "" {
			text += ", " + why
		}
		var checks []string
		for _, c := range d.checks(name) {
			checks = append(checks, c.control+" wants "+d.wants(name, c.Op, c.Threshold)+": "+shortStatus(c.Status))
		}
		if len(checks) > 0 {
			text += " (" + strings.Join(checks, "; ") + ")"
		}
		if def.Definition != "" {
			text += " – " + def.Definition
		}
		runs = append(runs,
			run{text: def.Label + ":", family: fontSans, style: "B", size: size, color: colInk},
			run{text: sentence(text), family: fontSans, size: size, color: colInk})
	}
	d.drawParagraph(runs, size)
}
