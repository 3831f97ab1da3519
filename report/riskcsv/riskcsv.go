// Package riskcsv renders the controls of a report that do not pass as
// risk-register rows (risk-register.csv), in a layout that imports into a
// spreadsheet or a GRC tool.
//
// Encoding and layout:
//
//   - UTF-8 with a byte order mark (EF BB BF) at the start, so that Excel
//     opens umlauts and other non-ASCII letters ("Zürich Städtische Werke",
//     "≥") correctly instead of guessing a legacy code page. Most CSV readers
//     skip the mark; one that does not sees it at the start of the first
//     header name.
//   - Lines end in CRLF, as RFC 4180 specifies and spreadsheets expect; fields
//     are quoted per RFC 4180 by encoding/csv (a field holding a comma, a quote
//     or a line break is quoted, quotes are doubled).
//   - One header row, then one row per control whose status is not pass (fail,
//     insufficient_evidence, waived, not_applicable), in catalogue order. A
//     report where every control passes gives the header row only.
//   - A cell that would start with =, +, -, @, a tab or a carriage return gets
//     a leading apostrophe, the usual defence against spreadsheet formula
//     injection; a cell that is a plain number is left alone. This matters
//     for measured changes such as "+8.8 %", which Excel would otherwise read
//     as a formula.
//
// Columns (Columns lists the header): control id, title, area, severity,
// status, then measured and threshold formatted for people with
// present.Format and the metric's unit (from the report's metric details,
// or from the metric's definition for a metric that could not be computed) ("81.5 %", "≥ 95.0 %"; an equality check shows the required value
// alone, "yes" or "0", since "= yes" would read as a formula), finding, remediation, framework references
// ("NIST CSF 2.0 PR.AA-01 (partial); …"), missing evidence, the status before
// a waiver, and the waiver's risk register id, state, expiry, justification
// and compensating control. A waived control shows its active waiver; a
// control whose waiver expired shows that waiver with state "expired", so the
// register shows why it was not applied. The approver of a waiver is left
// out: it may name a person, and the risk register id leads to it.
//
// Raw columns follow for analysts who compute with the values: the metric
// names, their units, the measured and threshold values in full precision
// (shares as fractions, 0.815 rather than 81.5 %) and the sample sizes. A
// control with several checks lists them in check order separated by "; " in
// every measured, threshold and raw column, the people columns prefixed with
// the metric name.
//
// Render is a pure function of the report: it reads no clock or environment
// and iterates no map, so the same report gives the same bytes.
package riskcsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// FileName is the name of the risk-register file.
const FileName = "risk-register.csv"

// BOM is the UTF-8 byte order mark the file starts with.
const BOM = "\uFEFF"

// Columns is the header row.
var Columns = []string{
	"Control ID", "Title", "Area", "Severity", "Status",
	"Measured", "Threshold", "Finding", "Remediation", "Framework references", "Missing evidence",
	"Status before waiver", "Risk register ID", "Waiver state", "Waiver expires", "Waiver justification", "Compensating control",
	"Metric", "Unit", "Measured (raw)", "Threshold (raw)", "Sample size",
}

// Render writes the risk register of the report.
func Render(r *report.Report) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(BOM)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(Columns); err != nil {
		return nil, err
	}
	for _, c := range r.Controls {
		switch c.Status {
		case report.Pass:
			continue
		case report.Fail, report.InsufficientEvidence, report.Waived, report.NotApplicable:
		default:
			return nil, fmt.Errorf("riskcsv: control %s has unknown status %q", c.ID, c.Status)
		}
		rec := row(r, c)
		for i := range rec {
			rec[i] = defuse(rec[i])
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func row(r *report.Report, c report.Control) []string {
	var measured, threshold, metric, unit, measuredRaw, thresholdRaw, n []string
	for _, ch := range c.Checks {
		u := r.Definition(ch.Metric).Unit
		m := present.Measured(ch.Measured, u, ch.Bound, ch.Upper)
		th := strings.TrimSpace(op(ch.Op) + " " + present.Format(present.Number(ch.Threshold), u))
		if len(c.Checks) > 1 {
			m, th = ch.Metric+": "+m, ch.Metric+": "+th
		}
		measured = append(measured, m)
		threshold = append(threshold, th)
		metric = append(metric, ch.Metric)
		unit = append(unit, string(u))
		measuredRaw = append(measuredRaw, raw(ch.Measured))
		thresholdRaw = append(thresholdRaw, raw(ch.Threshold))
		if ch.N != nil {
			n = append(n, strconv.Itoa(*ch.N))
		} else {
			n = append(n, "")
		}
	}
	refs := make([]string, len(c.Frameworks))
	for i, f := range c.Frameworks {
		refs[i] = f.Framework + " " + f.Reference
		if f.Strength != "" {
			refs[i] += " (" + f.Strength + ")"
		}
	}
	var wv report.WaiverEntry
	switch {
	case c.Waiver != nil:
		wv = *c.Waiver
	case r.Waivers != nil:
		for _, e := range r.Waivers.Entries {
			if e.Control == c.ID && e.State != "active" && e.State != "unused" {
				wv = e
			}
		}
	}
	return []string{
		c.ID, c.Title, present.Label(c.Area), string(c.Severity), string(c.Status),
		join(measured), join(threshold), c.Finding, c.Remediation, join(refs), strings.Join(c.Missing, ", "),
		string(c.StatusBeforeWaiver), wv.RiskRegisterID, wv.State, wv.Expires, wv.Justification, wv.CompensatingControl,
		join(metric), join(unit), join(measuredRaw), join(thresholdRaw), join(n),
	}
}

// join joins the values of several checks; a cell of nothing but separators
// (no check had a value) is left empty.
func join(ss []string) string {
	s := strings.Join(ss, "; ")
	if strings.Trim(s, "; ") == "" {
		return ""
	}
	return s
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// op writes a check's comparison operator for people.
func op(o string) string {
	switch o {
	case ">=":
		return "≥"
	case "<=":
		return "≤"
	case "==":
		return "" // "= yes" would start a formula; the required value says it
	case "!=":
		return "≠"
	}
	return o
}

// raw writes a value in full precision: numbers without an exponent, booleans
// as true or false, an absent value as nothing.
func raw(v any) string {
	switch v := present.Number(v).(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
