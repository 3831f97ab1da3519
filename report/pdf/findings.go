package pdf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/assure-dev/assure/report"
)

func (d *doc) findings() {
	var open []*report.Control
	for i := range d.r.Controls {
		if d.r.Controls[i].Status != report.Pass {
			open = append(open, &d.r.Controls[i])
		}
	}
	// Failures first and the most severe first, so the page a reader
	// stops at holds what matters.
	sort.SliceStable(open, func(i, j int) bool {
		a, b := open[i], open[j]
		if ra, rb := attention(a.Status), attention(b.Status); ra != rb {
			return ra < rb
		}
		return severityRank(a.Severity) < severityRank(b.Severity)
	})
	if len(open) == 0 {
		d.para("Every control passed: there are no findings.", "", 9.5, colInk)
		return
	}
	d.para(fmt.Sprintf("%s did not pass. They are ordered by status (fail first), then by severity. Each names what was measured, the evidence it rests on and what to do next.",
		plural(len(open), "control", "controls")), "", 9, colInk)
	d.gap(2)
	for _, c := range open {
		d.finding(c)
	}
}

// finding draws one control's finding as a block kept on one page when it fits.
func (d *doc) finding(c *report.Control) {
	const labelW, size = 30.0, 8.5
	pad := 4.0
	w := d.cw - pad - labelW
	var measured, attested []string
	for _, ch := range c.Checks {
		if d.isAttestationCheck(c, ch) {
			s := ch.Metric + ": " + d.attestedVersus(ch)
			if a := d.attestation(ch.Metric); a != "" {
				s += "; " + a
			} else if r := checkReasonText(ch); r != "" {
				s += " (" + r + ")"
			}
			attested = append(attested, s)
			continue
		}
		s := ch.Metric + ": " + d.versusCheck(ch)
		if r := checkReasonText(ch); r != "" {
			s += " (" + r + ")"
		}
		measured = append(measured, s)
	}
	fields := [][2]string{{"Finding", orNA(c.Finding)}}
	if len(measured) > 0 || len(attested) == 0 {
		fields = append(fields, [2]string{"Measured", orNA(strings.Join(measured, "\n"))})
	}
	if len(attested) > 0 { // vouched for by a person: never called measured
		label := "Attestation"
		if d.attestLabel(c) == labelAttested {
			label = "Attested"
		}
		fields = append(fields, [2]string{label, strings.Join(attested, "\n")})
	}
	var bases []string
	for _, ch := range c.Checks {
		if b := basisLong(ch); b != "" {
			bases = append(bases, ch.Metric+": "+b)
		}
	}
	if len(bases) > 0 {
		fields = append(fields, [2]string{"Threshold basis", strings.Join(bases, "\n")})
	}
	fields = append(fields, [2]string{"Evidence used", orNA(joinHuman(c.Evidence))})
	if len(c.Missing) > 0 { // said only when some is missing
		fields = append(fields, [2]string{"Missing evidence", joinHuman(c.Missing)})
	}
	fields = append(fields, [2]string{"Remediation", orNA(c.Remediation)})
	if w := waiverText(c); w != "" {
		fields = append(fields, [2]string{"Waiver", w})
	} else if w := d.expiredWaiverText(c.ID); w != "" {
		fields = append(fields, [2]string{"Expired waiver", w})
	}
	d.setFont(fontSans, "", size)
	wrapped := make([][]string, len(fields))
	bodyH := 0.0
	for i, fl := range fields {
		wrapped[i] = d.split(fl[1], w)
		bodyH += float64(len(wrapped[i]))*lineH(size) + d.space(1)
	}
	headH := 12.0
	d.ensure(headH + bodyH + 4)

	f := d.f
	y := f.GetY()
	st := styleOf(c.Status)
	d.setFill(colZebra)
	f.Rect(d.left, y, d.cw, headH, "F")
	d.area(d.left, y, 1.6, headH, statusFill(c.Status), st.border)
	d.setFont(fontMono, "", 9.5)
	d.setColor(colInk)
	d.text(d.left+pad, y+5, c.ID)
	idW := d.strW(c.ID)
	label := d.attestLabel(c)
	right := badgeW + 4 // room kept for the badge, and the attestation label
	if label != "" {
		right += attestW + 2
	}
	d.setFont(fontSans, "B", 9.5)
	d.text(d.left+pad+idW+3, y+5, d.fit(c.Title, d.cw-pad-idW-3-right))
	d.setFont(fontSans, "", 7.5)
	d.setColor(colMuted)
	d.text(d.left+pad+idW+3, y+9.5, fmt.Sprintf("Severity %s · %s", orNA(string(c.Severity)), humanize(c.Area)))
	d.badge(d.left+d.cw-badgeW-2, y+(headH-badgeH)/2, c.Status)
	if label != "" {
		d.attestPill(d.left+d.cw-badgeW-4-attestW, y+(headH-attestH)/2, attestW, label)
	}
	y += headH + 1.5

	for i, fl := range fields {
		for j, l := range wrapped[i] {
			if y+lineH(size) > d.bottom {
				f.AddPage()
				y = f.GetY()
			}
			if j == 0 {
				d.setFont(fontSans, "B", size)
				d.setColor(colMuted)
				d.text(d.left+pad, y+lineH(size)*0.76, fl[0])
			}
			d.setFont(fontSans, "", size)
			d.setColor(colInk)
			d.text(d.left+pad+labelW, y+lineH(size)*0.76, l)
			y += lineH(size)
		}
		y += d.space(1)
	}
	d.setDraw(colRule)
	f.SetLineWidth(0.2)
	f.Line(d.left, y+1, d.left+d.cw, y+1)
	f.SetY(y + d.space(4))
}

// joinHuman lists vocabulary words as text, "none" when empty.
func joinHuman(ws []string) string {
	if len(ws) == 0 {
		return "none"
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ReplaceAll(w, "_", " ")
	}
	return strings.Join(out, ", ")
}

// waiverText describes the active waiver of a control, empty when none.
func waiverText(c *report.Control) string {
	w := c.Waiver
	if w == nil {
		return ""
	}
	s := strings.TrimSpace(w.Justification)
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	s += fmt.Sprintf(" Approved by %s; risk register %s; expires %s.", orNA(w.ApprovedBy), orNA(w.RiskRegisterID), orNA(w.Expires))
	if w.CompensatingControl != "" {
		s += " Compensating control: " + w.CompensatingControl + "."
	}
	before := c.StatusBeforeWaiver
	if before == "" {
		before = w.StatusBefore
	}
	if before != "" {
		s += " Status without the waiver: " + strings.ToLower(before.Title()) + "."
	}
	return strings.TrimSpace(s)
}

// expiredWaivers are the waivers of the waiver file that expired and were
// not applied, by control.
func (d *doc) expiredWaivers() map[string]report.WaiverEntry {
	out := map[string]report.WaiverEntry{}
	if w := d.r.Waivers; w != nil {
		for _, e := range w.Entries {
			if e.State == "expired" {
				out[e.Control] = e
			}
		}
	}
	return out
}

// expiredWaiverText describes an expired waiver of a control, empty when
// it has none.
func (d *doc) expiredWaiverText(id string) string {
	e, ok := d.expiredWaivers()[id]
	if !ok {
		return ""
	}
	s := fmt.Sprintf("Expired on %s and not applied, so the control keeps its status. Risk register %s; approved by %s.",
		orNA(e.Expires), orNA(e.RiskRegisterID), orNA(e.ApprovedBy))
	if j := strings.TrimSpace(e.Justification); j != "" {
		s += " Its justification was: " + strings.TrimSuffix(j, ".") + "."
	}
	return s
}
