// Package present writes the report's values for people: a measured value by
// its unit, counts with thousands separators, comparison operators as symbols
// and vocabulary identifiers in words. The finding templates, the terminal
// summary and the text renderers use it, so a value reads the same in each;
// the PDF sets numbers with its own typography (no space before %, a true
// minus sign) from the same units.
package present

import (
	"fmt"
	"math"
	"strings"

	"github.com/assure-dev/assure/vocab"
)

// Unit says how a metric's value is read and written.
type Unit string

// The units of the metrics, as report.json spells them.
const (
	Count    Unit = "count"
	Share    Unit = "share"       // a fraction in [0, 1]
	Points   Unit = "share_delta" // a difference of two shares
	Change   Unit = "change"      // relative change of a daily rate; 0.38 = +38 %
	Per1000  Unit = "per_1000_users_month"
	Per100   Unit = "per_100_users_month"
	Hours    Unit = "hours"
	Minutes  Unit = "minutes"
	Days     Unit = "days"
	Attempts Unit = "attempts"
	Boolean  Unit = "boolean"
)

// Units lists every unit, in the order the report schema does.
func Units() []Unit {
	return []Unit{Count, Share, Points, Change, Per1000, Per100, Hours, Minutes, Days, Attempts, Boolean}
}

// NotAvailable stands for a value that could not be computed.
const NotAvailable = "n/a"

// Format writes a value for people, by unit. report.json keeps full
// precision; this is for findings, the terminal and the rendered formats.
func Format(v any, unit Unit) string {
	switch v := v.(type) {
	case nil:
		return NotAvailable
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case int:
		return Format(float64(v), unit)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return NotAvailable
		}
		switch unit {
		case Share:
			return fmt.Sprintf("%.1f %%", v*100)
		case Points:
			return fmt.Sprintf("%+.1f percentage points", v*100)
		case Change:
			return fmt.Sprintf("%+.1f %%", v*100)
		case Per1000, Per100:
			return fmt.Sprintf("%.1f", v)
		case Hours:
			return fmt.Sprintf("%.1f h", v)
		case Minutes:
			return trimFloat(v) + " min"
		case Days:
			if math.Abs(v) == 1 {
				return trimFloat(v) + " day"
			}
			return trimFloat(v) + " days"
		case Count:
			if v == math.Trunc(v) && math.Abs(v) < 1e15 {
				return Thousands(int(v))
			}
		}
		return trimFloat(v)
	}
	return fmt.Sprint(v)
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// Plural writes a count with its noun: "1 record", "12,345 records".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}

// Noun picks the singular or the plural form for n.
func Noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Thousands writes an integer with comma separators: 12,345.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Label writes a stage, segment or area identifier in words; other text is
// returned as it is.
func Label(id string) string { return vocab.Label(id) }

// Operator writes a check's comparison operator for people: ≥ ≤ = ≠ < >.
func Operator(op string) string {
	switch op {
	case ">=":
		return "≥"
	case "<=":
		return "≤"
	case "==":
		return "="
	case "!=":
		return "≠"
	}
	return op
}

// Number turns the integer types a report built in memory may hold into
// float64, as report.json decodes them, so both render the same text.
func Number(v any) any {
	switch v := v.(type) {
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case float32:
		return float64(v)
	}
	return v
}

// Join lists items for a sentence: "a", "a and b", "a, b and c", with the
// conjunction given ("and", "or").
func Join(items []string, conjunction string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conjunction + " " + items[len(items)-1]
}

// Measured writes a check's measured value: the value by its unit or, when
// the evidence only bounds it (bound "lower"), "at least X (at most Y)".
func Measured(v any, unit Unit, bound string, upper *float64) string {
	if bound == "lower" && upper != nil {
		return "at least " + Format(Number(v), unit) + " (at most " + Format(*upper, unit) + ")"
	}
	return Format(Number(v), unit)
}
