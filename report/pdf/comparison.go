package pdf

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// The "Since last quarter" section sets the report against the previous
// one (assess --baseline). Values are printed as `assure diff` prints them
// on the terminal, by present.Format with each metric's unit, so the two
// read the same.

// movedMost is how many metrics the "moved most" table lists.
const movedMost = 10

// fmtValue prints a metric value as the terminal does.
func (d *doc) fmtValue(metric string, v any) string {
	if v == nil {
		return "n/a"
	}
	f, ok := number(v)
	if !ok {
		return present.Format(v, d.unit(metric))
	}
	s := present.Format(f, d.unit(metric))
	if math.Abs(f) < 0.0005 { // a signed unit prints zero as "+0.0 %"; zero has no sign
		s = strings.TrimPrefix(s, "+")
	}
	return minus(s)
}

// minus sets a leading hyphen as the minus sign the rest of the document
// prints.
func minus(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "−" + rest
	}
	return s
}

// pointsUnit says whether a unit's differences are percentage points.
func pointsUnit(unit present.Unit) bool {
	switch unit {
	case present.Share, present.Points, present.Change:
		return true
	}
	return false
}

// fmtDelta prints the change of a metric between the two reports, with
// its sign: percentage points for shares and changes, the metric's own
// unit otherwise.
func (d *doc) fmtDelta(metric string, delta float64) string {
	unit := d.unit(metric)
	if pointsUnit(unit) {
		return minus(present.Format(delta, present.Points))
	}
	s := present.Format(delta, unit)
	if delta > 0 {
		s = "+" + s
	}
	return minus(s)
}

// verdictWord is a verdict in two words.
func verdictWord(reached bool) string {
	if reached {
		return "reached"
	}
	return "not reached"
}

func (d *doc) comparison() {
	c := d.r.Comparison
	if c == nil {
		return
	}
	prev := c.Previous
	intro := fmt.Sprintf("This quarter set against the previous report, for the period %s (generated %s, report.json SHA-256 %s). A control regressed when it passed then and fails or lacks evidence now; it improved when it failed or lacked evidence then and passes now. Values are as each report measured them.",
		span2(prev.Period.Start, prev.Period.End), orNA(dateOf(prev.GeneratedAt)), orNA(prev.SHA256))
	if prev.Organization != "" && d.r.Organization != "" && prev.Organization != d.r.Organization {
		intro += fmt.Sprintf(" The previous report is for another organisation, %s: read the comparison with care.", prev.Organization)
	}
	d.para(intro, "", 9, colInk)
	d.gap(1)
	d.thenAndNow(c)

	// each control in one group: regressed, improved, other change, unchanged
	byGroup := map[string][]report.ControlChange{}
	unchanged := map[report.Status]int{}
	nUnchanged := 0
	for _, cc := range c.Controls {
		switch cc.Change {
		case report.Unchanged:
			unchanged[cc.Current]++
			nUnchanged++
		case report.Regressed, report.Improved:
			byGroup[cc.Change] = append(byGroup[cc.Change], cc)
		default:
			byGroup["other"] = append(byGroup["other"], cc)
		}
	}
	for _, g := range []struct {
		key, title, none, note string
	}{
		{report.Regressed, "Regressed", "No control regressed.", "Passed last quarter; fails or lacks evidence now"},
		{report.Improved, "Improved", "No control improved.", "Failed or lacked evidence last quarter; passes now"},
		{"other", "Other status changes", "", "Any other change of status, and controls new to or gone from the catalogue"},
	} {
		ccs := byGroup[g.key]
		d.gap(d.space(2))
		if len(ccs) == 0 {
			if g.none != "" {
				d.subheading(g.title, 8)
				d.para(g.none, "", 9, colInk)
			}
			continue
		}
		sort.SliceStable(ccs, func(i, j int) bool {
			return severityRank(ccs[i].Severity) < severityRank(ccs[j].Severity)
		})
		d.changeTable(fmt.Sprintf("%s: %s", g.title, plural(len(ccs), "control", "controls")), g.note, ccs)
	}
	if nUnchanged > 0 {
		var parts []string
		for _, st := range report.Statuses() {
			if unchanged[st] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", unchanged[st], strings.ToLower(st.Title())))
				delete(unchanged, st)
			}
		}
		other := 0
		for _, n := range unchanged {
			other += n
		}
		if other > 0 {
			parts = append(parts, fmt.Sprintf("%d other", other))
		}
		d.para(fmt.Sprintf("%s kept their status (%s).", plural(nUnchanged, "control", "controls"), strings.Join(parts, ", ")), "", 8.5, colMuted)
	}
	d.movedMetrics(c)
}

// dateOf is the date of an RFC 3339 time, or the text as given.
func dateOf(s string) string {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return s
}

// thenAndNow is the verdict, the pass rate and the controls by status in
// both reports.
func (d *doc) thenAndNow(c *report.Comparison) {
	then, now := map[report.Status]int{}, map[report.Status]int{}
	for _, cc := range c.Controls {
		if cc.Previous != "" {
			then[cc.Previous]++
		}
		if cc.Current != "" {
			now[cc.Current]++
		}
	}
	verdictChange := "unchanged"
	switch {
	case c.Verdict.Changed && c.Verdict.Current:
		verdictChange = "now reached"
	case c.Verdict.Changed:
		verdictChange = "no longer reached"
	}
	rateChange := minus(present.Format(c.PassRate.Change, present.Points))
	if math.Abs(c.PassRate.Change) < 0.0005 {
		rateChange = "unchanged"
	}
	rows := []row{
		{cells: []cell{bold("Usable assurance"), txt(verdictWord(c.Verdict.Previous)), bold(verdictWord(c.Verdict.Current)), txt(verdictChange)}},
		{cells: []cell{bold("Pass rate"), txt(present.Format(c.PassRate.Previous, present.Share)), bold(present.Format(c.PassRate.Current, present.Share)), txt(rateChange)}},
	}
	for _, st := range report.Statuses() {
		if then[st] == 0 && now[st] == 0 {
			continue
		}
		diff := "unchanged"
		if n := now[st] - then[st]; n != 0 {
			diff = minus(fmt.Sprintf("%+d", n))
		}
		rows = append(rows, row{cells: []cell{
			{spans: []span{{text: "Controls " + strings.ToLower(st.Title())}}},
			txt(fmt.Sprint(then[st])), txt(fmt.Sprint(now[st])), txt(diff),
		}})
	}
	prev := "Previous report\n" + span2(c.Previous.Period.Start, c.Previous.Period.End)
	cur := "This report\n" + span2(d.r.Period.Start, d.r.Period.End)
	d.table(table{size: 8.5, cols: []column{
		{title: ""}, {title: prev, w: 42}, {title: cur, w: 42}, {title: "Change", w: 40},
	}}, rows, 0, nil)
}

// changeTable lists controls whose status changed, with the measured
// values then and now.
func (d *doc) changeTable(title, note string, ccs []report.ControlChange) {
	rows := make([]row, 0, len(ccs))
	for _, cc := range ccs {
		ctl := d.ctl[cc.ID]
		name := cell{spans: []span{{text: cc.Title, bold: true}}}
		meta := orNA(string(cc.Severity)) + " severity"
		if ctl != nil && ctl.Area != "" {
			meta += " · " + strings.ToLower(humanize(ctl.Area))
		}
		switch cc.Change {
		case report.Added:
			meta += " · new this quarter"
		case report.Removed:
			meta += " · no longer assessed"
		}
		name.spans = append(name.spans, span{text: meta, size: 7, color: colMuted})
		then := badgeCell(cc.Previous)
		if cc.Previous == "" {
			then = cell{spans: []span{{text: "not in the previous report", size: 7, color: colMuted}}}
		}
		now := badgeCell(cc.Current)
		switch {
		case cc.Current == "":
			now = cell{spans: []span{{text: "not in this report", size: 7, color: colMuted}}}
		case ctl != nil:
			now = d.statusCell(ctl)
		}
		rows = append(rows, row{cells: []cell{mono(cc.ID), name, then, now, d.checkChanges(cc, ctl)}})
	}
	d.table(table{size: 8, cols: []column{
		{title: "ID", w: 15}, {title: "Control"}, {title: "Previous", w: badgeW + 2*cellPadX},
		{title: "Now", w: badgeW + 2*cellPadX}, {title: "Measured: previous → now", w: 58},
	}}, rows, 14, func() {
		d.subheading(title, 0)
		d.para(note+".", "", 8.5, colMuted)
		d.gap(0.5)
	})
}

// checkChanges prints each check's measured value then and now, with the
// threshold it is held to now.
func (d *doc) checkChanges(cc report.ControlChange, ctl *report.Control) cell {
	if len(cc.Checks) == 0 {
		return cell{spans: []span{{text: "no checks", size: 7, color: colMuted}}}
	}
	var out cell
	for _, ch := range cc.Checks {
		out.spans = append(out.spans, span{text: ch.Metric, mono: true, size: 6.5, color: colMuted})
		line := d.fmtValue(ch.Metric, ch.Previous) + " → " + d.fmtValue(ch.Metric, ch.Current)
		if d.r.MetricDetails[ch.Metric].Attested {
			line += " (" + attestedValueLabel + ")"
		}
		out.spans = append(out.spans, span{text: line})
		if ctl == nil {
			continue
		}
		for _, now := range ctl.Checks {
			if now.Metric == ch.Metric && now.Threshold != nil {
				out.spans = append(out.spans, span{text: "threshold " + present.Operator(now.Op) + " " + d.fmtValue(ch.Metric, now.Threshold), size: 7, color: colMuted})
				break
			}
		}
	}
	return out
}

// moved is a metric change with a score for how far it moved.
type moved struct {
	report.MetricChange
	score float64
}

// movedMetrics lists the metrics that moved most. Distances in different
// units are made comparable: percentage points for shares and changes,
// per cent of the previous value for everything else; a yes/no metric
// that flipped comes first.
func (d *doc) movedMetrics(c *report.Comparison) {
	d.gap(d.space(2))
	var ms []moved
	var appeared, gone []string
	for _, m := range c.Metrics {
		switch {
		case m.Previous == nil && m.Current != nil:
			appeared = append(appeared, m.Metric)
			continue
		case m.Previous != nil && m.Current == nil:
			gone = append(gone, m.Metric)
			continue
		}
		if pb, ok := m.Previous.(bool); ok {
			if cb, ok := m.Current.(bool); ok && pb != cb {
				ms = append(ms, moved{m, math.Inf(1)})
			}
			continue
		}
		if m.Delta == nil || *m.Delta == 0 {
			continue
		}
		score := math.Abs(*m.Delta) * 100
		if !pointsUnit(d.unit(m.Metric)) {
			score = 100
			if p, ok := number(m.Previous); ok && p != 0 {
				score = math.Abs(*m.Delta / p * 100)
			}
		}
		ms = append(ms, moved{m, score})
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].score != ms[j].score {
			return ms[i].score > ms[j].score
		}
		return ms[i].Metric < ms[j].Metric
	})
	total := len(ms)
	if len(ms) > movedMost {
		ms = ms[:movedMost]
	}
	users := d.checkedBy()
	rows := make([]row, 0, len(ms))
	for _, m := range ms {
		name := cell{spans: []span{{text: m.Metric, mono: true, size: 6.5}}}
		if def := d.r.Definition(m.Metric).Definition; def != "" {
			name.spans = append(name.spans, span{text: def, size: 6.5, color: colMuted})
		}
		change := "changed"
		if m.Delta != nil {
			change = d.fmtDelta(m.Metric, *m.Delta)
		}
		rows = append(rows, row{cells: []cell{
			name,
			txt(d.fmtValue(m.Metric, m.Previous)),
			bold(d.fmtValue(m.Metric, m.Current)),
			txt(change),
			{spans: []span{{text: strings.Join(users[m.Metric], ", "), mono: true, size: 7}}},
		}})
	}
	t := table{size: 8, cols: []column{
		{title: "Metric"}, {title: "Previous", w: 22, right: true}, {title: "Now", w: 22, right: true},
		{title: "Change", w: 36, right: true}, {title: "Checked by", w: 18},
	}}
	note := func(k int) (string, string) {
		if k == total {
			return "Metrics that moved", fmt.Sprintf("The %d of %s that changed, furthest first: in percentage points for shares and changes, otherwise in per cent of the previous value.",
				total, plural(len(c.Metrics), "metric", "metrics"))
		}
		return "Metrics that moved most", fmt.Sprintf("%d of %s changed; the %d that moved furthest, in percentage points for shares and changes, otherwise in per cent of the previous value. report.json holds every delta.",
			total, plural(len(c.Metrics), "metric", "metrics"), k)
	}
	// Keep the section's last page from holding a few rows only: list
	// fewer, five at least, when that keeps the table on this page.
	fits := func(k int) bool {
		_, n := note(k)
		leadH := d.space(5) + d.space(3) + d.paraHeight(n, "", 8.5, d.cw) + 0.5
		return d.f.GetY()+leadH+d.tableHeight(t, rows[:k]) <= d.bottom
	}
	if !fits(len(rows)) {
		for k := len(rows) - 1; k >= 5; k-- {
			if fits(k) {
				rows, ms = rows[:k], ms[:k]
				break
			}
		}
	}
	if len(ms) == 0 {
		d.subheading("Metrics that moved", 8)
		d.para("No metric changed between the two reports.", "", 9, colInk)
	} else {
		head, n := note(len(rows))
		d.table(t, rows, 20, func() {
			d.subheading(head, 0)
			d.para(n, "", 8.5, colMuted)
			d.gap(0.5)
		})
	}
	var notes []string
	if len(appeared) > 0 {
		notes = append(notes, "Computed this quarter only: "+strings.Join(appeared, ", ")+".")
	}
	if len(gone) > 0 {
		notes = append(notes, "Computed last quarter only: "+strings.Join(gone, ", ")+".")
	}
	if len(notes) > 0 {
		d.para(strings.Join(notes, " "), "", 8, colMuted)
	}
}

// checkedBy maps each metric to the controls that check it.
func (d *doc) checkedBy() map[string][]string {
	users := map[string][]string{}
	for _, c := range d.r.Controls {
		for _, ch := range c.Checks {
			if l := users[ch.Metric]; len(l) == 0 || l[len(l)-1] != c.ID {
				users[ch.Metric] = append(users[ch.Metric], c.ID)
			}
		}
	}
	return users
}

// sinceLine is the comparison in one sentence for the executive summary,
// as a lead-in and the rest; empty when the report holds none.
func (d *doc) sinceLine() (string, string) {
	c := d.r.Comparison
	if c == nil {
		return "", ""
	}
	lead := fmt.Sprintf("Since last quarter (%s):", span2(c.Previous.Period.Start, c.Previous.Period.End))
	s := fmt.Sprintf("usable assurance %s → %s, pass rate %s → %s; ",
		verdictWord(c.Verdict.Previous), verdictWord(c.Verdict.Current), pct(c.PassRate.Previous), pct(c.PassRate.Current))
	var parts []string
	if n := len(c.Regressed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d regressed (%s)", n, strings.Join(c.Regressed, ", ")))
	} else {
		parts = append(parts, "none regressed")
	}
	if n := len(c.Improved); n > 0 {
		parts = append(parts, fmt.Sprintf("%d improved (%s)", n, strings.Join(c.Improved, ", ")))
	} else {
		parts = append(parts, "none improved")
	}
	return lead, s + strings.Join(parts, ", ") + "; " + d.sectionRefPlain(titleComparison) + " has the details."
}

// sectionRefPlain is sectionRef without the page, so that a line measured
// in the layout pass is as long as the one drawn in the last.
func (d *doc) sectionRefPlain(title string) string {
	i := d.sectionIndex(title)
	if i < 0 {
		return title
	}
	return fmt.Sprintf("section %d", i+1)
}
