package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
)

var areaOrder = []string{
	"device_readiness", "enrolment", "authentication", "recovery",
	"policy_consistency", "helpdesk_signal", "governance",
}

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
	for _, a := range areaOrder {
		if _, ok := by[a]; ok {
			out = append(out, a)
		}
	}
	for _, a := range order {
		if !slices.Contains(areaOrder, a) {
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
	n := map[string]int{}
	for _, c := range cs {
		n[string(c.Status)]++
	}
	var parts []string
	for _, s := range []string{"pass", "fail", "insufficient_evidence", "not_applicable", "waived"} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(humanize(s))))
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
			orNA(w.Expires), orNA(w.RiskRegisterID), strings.ToLower(humanize(orNA(string(before))))), size: 7, color: colMuted})
	} else if e, ok := d.expiredWaivers()[c.ID]; ok {
		out.spans = append(out.spans, span{text: fmt.Sprintf("waiver %s expired %s, not applied", orNA(e.RiskRegisterID), orNA(e.Expires)), size: 7, color: colMuted})
	}
	return out
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
		line := d.versus(ch.Metric, ch.Measured, ch.Op, ch.Threshold)
		if attested {
			line = d.attestedVersus(ch)
		}
		if ch.N != nil && !attested {
			line += " · n = " + group(int64(*ch.N))
		}
		if len(c.Checks) > 1 {
			line += " · " + shortStatus(string(ch.Status))
		}
		out.spans = append(out.spans, span{text: line})
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
	items := []struct{ status, meaning string }{
		{"pass", "all checks met;"},
		{"fail", "a threshold missed;"},
		{"insufficient_evidence", "evidence missing, stale or too small a sample, never a pass;"},
		{"not_applicable", "does not apply;"},
		{"waived", "gap accepted."},
	}
	runs := []run{{text: "One table per area. Status:", family: fontSans, size: 9, color: colInk}}
	for _, it := range items {
		runs = append(runs,
			run{text: styleOf(it.status).label, family: fontSans, style: "B", size: 9, color: colInk},
			run{text: it.meaning, family: fontSans, size: 9, color: colInk})
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

// shortStatus is a status word short enough to follow a check.
func shortStatus(s string) string {
	switch s {
	case "insufficient_evidence":
		return "insufficient"
	case "not_applicable":
		return "n/a"
	}
	return strings.ToLower(humanize(s))
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
