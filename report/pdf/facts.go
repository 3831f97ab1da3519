package pdf

import (
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
)

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
