package pdf

import (
	"strings"

	"github.com/assure-dev/assure/report/present"

	"github.com/assure-dev/assure/report"
)

// Attested results are vouched for by a person, not measured from the
// exports. Wherever a status or a value is shown, an attested one carries
// a label saying so, and the attestation (who, when, reference, expiry)
// is printed with it.
const (
	labelAttested      = "ATTESTED"
	labelNotAttested   = "NO ATTESTATION"
	attestH            = 3.6  // height of the attestation label
	attestGap          = 0.9  // space between a status badge and the label
	attestSize         = 5.8  // its type size, points
	attestW            = 21.0 // its width beside a finding's status badge
	attestedValueLabel = "attested"
)

// attested says whether metric is an attestation that the report holds.
func (d *doc) attested(metric string) bool {
	if !d.r.MetricDetails[metric].Attested {
		return false
	}
	_, ok := d.r.Metrics[metric]
	return ok
}

// attestLabel is the label shown next to a control's status: ATTESTED
// when the control rests on an attestation the report holds, NO
// ATTESTATION when it would rest on one but none was current, empty for
// measured controls.
func (d *doc) attestLabel(c *report.Control) string {
	attestedCheck := false
	for _, ch := range c.Checks {
		if d.attested(ch.Metric) {
			return labelAttested
		}
		attestedCheck = attestedCheck || d.r.MetricDetails[ch.Metric].Attested
	}
	if c.Attested || attestedCheck {
		return labelNotAttested
	}
	return ""
}

// attestation is the attestation behind metric in words ("attested by
// the CISO on 2026-09-18 (DOC-1, valid until 2027-06-30)"), empty when
// the metric is not an attestation the report holds.
func (d *doc) attestation(metric string) string {
	if !d.attested(metric) {
		return ""
	}
	s := strings.TrimSpace(d.r.MetricDetails[metric].Detail)
	if s == "" {
		return "attested (the report does not say by whom)"
	}
	return s
}

// attestPill draws the attestation label with its top-left corner at x, y,
// w wide: an outlined label, never filled, so it cannot be taken for a
// status.
func (d *doc) attestPill(x, y, w float64, label string) {
	f := d.f
	ink := colInk
	if label != labelAttested {
		ink = colMuted
	}
	d.setFill(colWhite)
	d.setDraw(ink)
	f.SetLineWidth(0.3)
	if label != labelAttested {
		f.SetDashPattern([]float64{0.8, 0.6}, 0)
	}
	f.RoundedRect(x, y, w, attestH, 0.8, "1234", "FD")
	f.SetDashPattern([]float64{}, 0)
	d.setFont(fontSans, "B", attestSize)
	d.setColor(ink)
	l := d.fit(label, w-2)
	d.text(x+(w-d.strW(l))/2, y+attestH/2+0.75, l)
}

// yesNo prints a boolean attestation answer.
func yesNo(v any) string {
	switch b := v.(type) {
	case bool:
		if b {
			return "yes"
		}
		return "no"
	case nil:
		return "n/a"
	}
	return "n/a"
}

// attestedVersus prints an attested check: "attested yes (required = yes)",
// or, when there was no current attestation, "no current attestation
// (required = yes)".
func (d *doc) attestedVersus(ch report.Check) string {
	want := yesNo(ch.Threshold)
	if _, ok := ch.Threshold.(bool); !ok {
		want = d.value(ch.Metric, ch.Threshold)
	}
	req := " (required " + present.Operator(ch.Op) + " " + want + ")"
	if !d.attested(ch.Metric) {
		return "no current attestation" + req
	}
	got := yesNo(ch.Measured)
	if _, ok := ch.Measured.(bool); !ok {
		got = d.value(ch.Metric, ch.Measured)
	}
	return attestedValueLabel + ": " + got + req
}

// isAttestationCheck says whether a check rests on an attestation rather
// than on a measurement.
func (d *doc) isAttestationCheck(c *report.Control, ch report.Check) bool {
	if d.r.MetricDetails[ch.Metric].Attested {
		return true
	}
	// a metric the report lacks has no detail: the control says it
	_, measured := d.r.Metrics[ch.Metric]
	return c.Attested && !measured
}
