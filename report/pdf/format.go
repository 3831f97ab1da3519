package pdf

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

// valueKind says how a metric value is printed, by the unit the report
// gives the metric.
type valueKind int

const (
	kindNumber valueKind = iota
	kindShare            // a fraction in [0, 1], printed as a percentage
	kindChange           // a relative change, printed as a signed percentage
	kindDelta            // a difference of two shares, in percentage points
)

// unit is the unit the report gives a metric.
func (d *doc) unit(metric string) present.Unit { return d.r.Definition(metric).Unit }

func (d *doc) kind(metric string) valueKind {
	switch d.unit(metric) {
	case present.Share:
		return kindShare
	case present.Change:
		return kindChange
	case present.Points:
		return kindDelta
	}
	return kindNumber
}

// unitSuffix is the unit printed after a plain number.
func (d *doc) unitSuffix(metric string) string {
	switch u := d.unit(metric); u {
	case "", present.Count, present.Boolean, present.Share, present.Change, present.Points:
		return ""
	case present.Hours:
		return " h"
	case present.Minutes:
		return " min"
	default:
		return " " + unitLabel(u)
	}
}

// unitLabel names a unit of the report schema in words.
func unitLabel(unit present.Unit) string {
	switch unit {
	case present.Points:
		return "percentage points"
	case present.Change:
		return "relative change"
	case present.Per1000:
		return "per 1,000 users per month"
	case present.Per100:
		return "per 100 users per month"
	}
	return strings.ReplaceAll(string(unit), "_", " ")
}

// detailLabel prints the stage, segment or item an extremum metric was
// taken from: vocabulary words as headings, names (an application, an
// exception id) as given.
func detailLabel(s string) string {
	if t, ok := vocab.Title(s); ok {
		return t
	}
	return strings.ReplaceAll(s, "_", " ")
}

// number extracts a float from the dynamic values the model allows.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case float32:
		return number(float64(x))
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// value prints v the way metric is measured; nil prints "n/a".
func (d *doc) value(metric string, v any) string {
	if v == nil {
		return "n/a"
	}
	if b, ok := v.(bool); ok {
		return strconv.FormatBool(b)
	}
	f, ok := number(v)
	if !ok {
		if s, ok := v.(string); ok {
			return s
		}
		return "n/a"
	}
	switch d.kind(metric) {
	case kindShare:
		return pct(f)
	case kindChange:
		return signedPct(f)
	case kindDelta:
		return signed(f*100, 1) + " pp"
	}
	return plain(f) + d.unitSuffix(metric)
}

// versus prints a measured value against its threshold, the unit once
// when it is long: "2.1 recoveries per 100 users per month (threshold ≤ 3)".
func (d *doc) versus(metric string, measured any, op string, threshold any) string {
	return d.value(metric, measured) + " (threshold " + d.wants(metric, op, threshold) + ")"
}

// versusCheck is versus for a check, which the evidence may only bound:
// "at least 81.5% (at most 96.0%) (threshold ≥ 95.0%)".
func (d *doc) versusCheck(ch report.Check) string {
	if ch.Bound == "lower" && ch.Upper != nil {
		return "at least " + d.value(ch.Metric, ch.Measured) + " (at most " + d.value(ch.Metric, *ch.Upper) + ") (threshold " + d.wants(ch.Metric, ch.Op, ch.Threshold) + ")"
	}
	return d.versus(ch.Metric, ch.Measured, ch.Op, ch.Threshold)
}

// wants prints a threshold with its operator, without a long unit, which
// the value it is set against carries: "≤ 5.0%", "≤ 3".
func (d *doc) wants(metric, op string, threshold any) string {
	t := d.value(metric, threshold)
	if suffix := d.unitSuffix(metric); len(suffix) > 6 {
		t = strings.TrimSuffix(t, suffix)
	}
	return present.Operator(op) + " " + t
}

// bare prints a value without its unit, for tables with a unit column.
func (d *doc) bare(metric string, v any) string {
	return strings.TrimSuffix(d.value(metric, v), d.unitSuffix(metric))
}

// metric prints the measured value of a metric, "n/a" when absent.
func (d *doc) metric(name string) string {
	v, ok := d.r.Metrics[name]
	if !ok {
		return "n/a"
	}
	return d.value(name, v)
}

// bareMetric is metric without the unit.
func (d *doc) bareMetric(name string) string {
	v, ok := d.r.Metrics[name]
	if !ok {
		return "n/a"
	}
	return d.bare(name, v)
}

// metricFloat returns a numeric metric.
func (d *doc) metricFloat(name string) (float64, bool) {
	v, ok := d.r.Metrics[name]
	if !ok {
		return 0, false
	}
	return number(v)
}

// pct prints a share as a percentage with one decimal.
func pct(f float64) string {
	return trimNegZero(strconv.FormatFloat(f*100, 'f', 1, 64)) + "%"
}

// signedPct prints a relative change with its sign.
func signedPct(f float64) string {
	return signed(f*100, 1) + "%"
}

func signed(f float64, prec int) string {
	s := trimNegZero(strconv.FormatFloat(f, 'f', prec, 64))
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}

func trimNegZero(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// plain prints a count with thousands separators and anything else with a
// precision that suits its size.
func plain(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return group(int64(f))
	}
	switch a := math.Abs(f); {
	case a >= 100:
		return group(int64(math.Round(f)))
	case a >= 1:
		return trimNegZero(strconv.FormatFloat(f, 'f', 1, 64))
	}
	return trimNegZero(strconv.FormatFloat(f, 'f', 2, 64))
}

// group prints n with comma thousands separators and a typographic minus.
func group(n int64) string {
	return strings.Replace(present.Thousands(int(n)), "-", "−", 1)
}

// longDate prints a YYYY-MM-DD date as "1 July 2026"; anything else as given.
func longDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// span2 prints a date range, "not given" when both ends are empty.
func span2(start, end string) string {
	if start == "" && end == "" {
		return "not given"
	}
	return orNA(start) + " – " + orNA(end)
}

// monthLabel prints "2026-07" as "Jul 2026".
func monthLabel(s string) string {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return s
	}
	return t.Format("Jan 2006")
}

// humanize writes a stage, segment or area identifier as a heading
// ("Lost-device recovery"); any other identifier with spaces for its
// underscores and a capital first letter.
func humanize(s string) string {
	if t, ok := vocab.Title(s); ok {
		return t
	}
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence ends s with a full stop unless it ends with one already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// plural writes a count with its noun.
func plural(n int, one, many string) string { return present.Plural(n, one, many) }

// upperFirst capitalises the first letter of a sentence.
func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}
