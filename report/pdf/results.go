package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/vocab"
)

// areas groups the controls by area: catalogue areas first, in journey
// order, then any other area in order of first appearance.
func areas(cs []report.Control) ([]string, map[string][]*report.Control) {
	by := map[string][]*report.Control{}
	var order []string
	for i := range cs {
		a := cs[i].Area
		if _, ok := by[a]; !ok {
			order = append(order, a)
		}
		by[a] = append(by[a], &cs[i])
	}
	var out []string
	known := vocab.Areas()
	for _, a := range known {
		if _, ok := by[a]; ok {
			out = append(out, a)
		}
	}
	for _, a := range order {
		if !slices.Contains(known, a) {
			out = append(out, a)
		}
	}
	return out, by
}

func (d *doc) results() {
	d.statusLegend()
	if len(d.r.Controls) == 0 {
		d.para("The report holds no controls.", "", 9.5, colInk)
		return
	}
	order, by := areas(d.r.Controls)
	cols := []column{
		{title: "ID", w: 15}, {title: "Control"}, {title: "Severity", w: 16},
		{title: "Status", w: badgeW + 2*cellPadX}, {title: "Measured vs threshold", w: 62},
	}
	for _, a := range order {
		cs := by[a]
		rows := make([]row, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, row{cells: []cell{
				{spans: []span{{text: c.ID, mono: true}}},
				d.titleCell(c),
				txt(string(c.Severity)),
				d.statusCell(c),
				d.checksCell(c),
			}})
		}
		name := humanize(a)
		if name == "" {
			name = "No area"
		}
		counts := countStatuses(cs)
		d.gap(d.space(1.5))
		d.table(table{size: 8, cols: cols}, rows, 9, func() {
			d.setFont(fontSans, "B", 11.5)
			d.setColor(colInk)
			y := d.f.GetY() + 5
			d.text(d.left, y, name)
			nw := d.strW(name)
			d.setFont(fontSans, "", 8.5)
			d.setColor(colMuted)
			d.text(d.left+nw+4, y, counts)
			d.f.SetY(y + 3)
		})
	}
}

// countStatuses summarises a group of controls as "3 controls: 2 pass, 1 fail".
func countStatuses(cs []*report.Control) string {
	n := map[report.Status]int{}
	for _, c := range cs {
		n[c.Status]++
	}
	var parts []string
	for _, s := range report.Statuses() {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(s.Title())))
			delete(n, s)
		}
	}
	if len(n) > 0 {
		other := 0
		for _, v := range n {
			other += v
		}
		parts = append(parts, fmt.Sprintf("%d other", other))
	}
	return plural(len(cs), "control", "controls") + ": " + strings.Join(parts, ", ")
}

func (d *doc) titleCell(c *report.Control) cell {
	out := cell{spans: []span{{text: c.Title, bold: true}}}
	if c.Overridden {
		out.spans = append(out.spans, span{text: "tailored by the profile (see Appendix B)", size: 7, color: colMuted})
	}
	if w := c.Waiver; w != nil {
		before := c.StatusBeforeWaiver
		if before == "" {
			before = w.StatusBefore
		}
		out.spans = append(out.spans, span{text: fmt.Sprintf("waived until %s, risk register %s; %s without the waiver",
			orNA(w.Expires), orNA(w.RiskRegisterID), strings.ToLower(orNA(before.Title()))), size: 7, color: colMuted})
	} else if e, ok := d.expiredWaivers()[c.ID]; ok {
		out.spans = append(out.spans, span{text: fmt.Sprintf("waiver %s expired %s, not applied", orNA(e.RiskRegisterID), orNA(e.Expires)), size: 7, color: colMuted})
	}
	return out
}

// basisShort says where a check's threshold comes from in a few words: "a
// SHALL of SP 800-63B-4 §3.2.2" or "programme default"; "" for a report
// written before checks carried a basis.
func basisShort(ch report.Check) string {
	b := ch.Basis
	switch {
	case b == nil:
		return ""
	case b.IsProgrammeDefault():
		return "threshold: programme default"
	}
	ref, _, _ := strings.Cut(b.Requirement, ":")
	return "threshold: a " + b.Keyword + " of " + ref
}

// basisLong is basisShort with the requirement's text or the rationale.
func basisLong(ch report.Check) string {
	b := ch.Basis
	switch {
	case b == nil:
		return ""
	case b.IsProgrammeDefault():
		return "programme default: " + strings.TrimPrefix(b.Rationale, "a programme default: ")
	}
	return b.Keyword + ", " + b.Requirement
}

// checksCell prints each check as its metric, then measured vs threshold.
func (d *doc) checksCell(c *report.Control) cell {
	var out cell
	if len(c.Checks) == 0 {
		return txt("no checks")
	}
	if c.Any && len(c.Checks) > 1 {
		out.spans = append(out.spans, span{text: "passes when any one check passes", size: 7, color: colMuted})
	}
	// A reason every check shares (missing evidence, say) is said once.
	shared := checkReasonText(c.Checks[0])
	for _, ch := range c.Checks[1:] {
		if checkReasonText(ch) != shared {
			shared = ""
		}
	}
	for _, ch := range c.Checks {
		out.spans = append(out.spans, span{text: ch.Metric, mono: true, size: 6.5, color: colMuted})
		attested := d.isAttestationCheck(c, ch)
		line := d.versusCheck(ch)
		if attested {
			line = d.attestedVersus(ch)
		}
		if ch.N != nil && !attested {
			line += " · n = " + group(int64(*ch.N))
		}
		if len(c.Checks) > 1 {
			line += " · " + shortStatus(ch.Status)
		}
		out.spans = append(out.spans, span{text: line})
		if b := basisShort(ch); b != "" {
			out.spans = append(out.spans, span{text: b, size: 6.5, color: colMuted})
		}
		if a := d.attestation(ch.Metric); a != "" {
			out.spans = append(out.spans, span{text: a, size: 7, color: colMuted})
		}
		if r := checkReasonText(ch); r != "" && shared == "" {
			out.spans = append(out.spans, span{text: r, size: 7, color: colMuted})
		}
	}
	if shared != "" {
		if len(c.Checks) > 1 {
			shared = "each check: " + shared
		}
		out.spans = append(out.spans, span{text: shared, size: 7, color: colMuted})
	}
	return out
}

// statusLegend says in words what each status badge means.
func (d *doc) statusLegend() {
	runs := []run{{text: "One table per area. Status:", family: fontSans, size: 9, color: colInk}}
	for i, st := range report.Statuses() {
		end := ";"
		if i == len(report.Statuses())-1 {
			end = "."
		}
		runs = append(runs,
			run{text: styleOf(st).label, family: fontSans, style: "B", size: 9, color: colInk},
			run{text: statusMeanings[st].short + end, family: fontSans, size: 9, color: colInk})
	}
	for i := range d.r.Controls {
		if d.attestLabel(&d.r.Controls[i]) != "" {
			runs = append(runs,
				run{text: "Under a status,", family: fontSans, size: 9, color: colInk},
				run{text: labelAttested, family: fontSans, style: "B", size: 9, color: colInk},
				run{text: "means vouched for by a person, not measured;", family: fontSans, size: 9, color: colInk},
				run{text: labelNotAttested, family: fontSans, style: "B", size: 9, color: colInk},
				run{text: "that no current attestation was supplied.", family: fontSans, size: 9, color: colInk})
			break
		}
	}
	runs = append(runs, run{text: "Appendix B defines each status.", family: fontSans, size: 9, color: colInk})
	lines := d.wrapRuns(runs, d.cw)
	d.ensure(float64(len(lines)) * lineH(9))
	y := d.f.GetY()
	d.drawRuns(lines, d.left, y+lineH(9)*0.76, lineH(9))
	d.f.SetY(y + float64(len(lines))*lineH(9))
}

// checkReasonText is a check's reason without the metric name it often
// starts with, which the line above already shows.
func checkReasonText(ch report.Check) string {
	r := strings.TrimSpace(ch.Reason)
	if rest, ok := strings.CutPrefix(r, ch.Metric+" "); ok && ch.Metric != "" {
		return rest
	}
	return r
}
