// Package templates renders the words of a report: the finding templates of the
// catalogue (Go text/template with a small, fixed set of functions), the
// formatting of measured values by unit, and the declared verdict rule.
package templates

import (
	_ "embed"
	"fmt"
	"math"
	"strings"
	"text/template"
)

//go:embed rule.txt
var rule string

// VerdictRule is the declared rule for usable assurance, printed in every report.
func VerdictRule() string { return strings.TrimSpace(rule) }

// Lookup answers what a finding template may ask about one control's results.
type Lookup interface {
	// Metric returns a metric's value (float64 or bool) and unit.
	Metric(name string) (value any, unit string, ok bool)
	// Threshold returns the threshold of the control's check on the metric.
	Threshold(metric string) (value any, ok bool)
	// Detail names the stage, segment or items behind a metric's value.
	Detail(name string) string
	// N returns a metric's sample size.
	N(name string) (int, bool)
	// Segment returns a metric's value in one device segment.
	Segment(metric, segment string) (float64, bool)
}

// placeholders let templates parse before a Lookup exists; Bind replaces them.
var placeholders = template.FuncMap{
	"m": func(string) string { return "" }, "th": func(string) string { return "" },
	"detail": func(string) string { return "" }, "n": func(string) string { return "" },
	"seg": func(string, string) string { return "" },
}

// Parse parses a finding template.
func Parse(name, text string) (*template.Template, error) {
	return template.New(name).Option("missingkey=error").Funcs(placeholders).Parse(text)
}

// Execute renders a parsed finding template against a lookup.
func Execute(t *template.Template, l Lookup) (string, error) {
	c, err := t.Clone()
	if err != nil {
		return "", err
	}
	c.Funcs(template.FuncMap{
		"m": func(name string) (string, error) {
			v, unit, ok := l.Metric(name)
			if !ok {
				return NotAvailable, nil
			}
			return Format(v, unit), nil
		},
		"th": func(name string) (string, error) {
			v, ok := l.Threshold(name)
			if !ok {
				return "", fmt.Errorf("th %q: the control has no check on this metric", name)
			}
			_, unit, _ := l.Metric(name)
			return Format(v, unit), nil
		},
		"detail": func(name string) string {
			if d := l.Detail(name); d != "" {
				return Label(d)
			}
			return NotAvailable
		},
		"n": func(name string) string {
			if n, ok := l.N(name); ok {
				return Thousands(n)
			}
			return NotAvailable
		},
		"seg": func(metric, segment string) string {
			if v, ok := l.Segment(metric, segment); ok {
				return Format(v, "share")
			}
			return NotAvailable
		},
	})
	var b strings.Builder
	if err := c.Execute(&b, nil); err != nil {
		return "", err
	}
	return b.String(), nil
}

// NotAvailable stands for a value that could not be computed.
const NotAvailable = "n/a"

// Format renders a value for people, by unit. JSON keeps full precision; this
// is for findings, the terminal and the PDF.
func Format(v any, unit string) string {
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
		case "share":
			return fmt.Sprintf("%.1f %%", v*100)
		case "share_delta":
			return fmt.Sprintf("%+.1f percentage points", v*100)
		case "change":
			return fmt.Sprintf("%+.1f %%", v*100)
		case "per_1000_users_month", "per_100_users_month":
			return fmt.Sprintf("%.1f", v)
		case "hours":
			return fmt.Sprintf("%.1f h", v)
		case "minutes":
			return trimFloat(v) + " min"
		case "days":
			if math.Abs(v) == 1 {
				return trimFloat(v) + " day"
			}
			return trimFloat(v) + " days"
		case "count":
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

var labels = map[string]string{
	"enrolment": "enrolment", "device_readiness": "device readiness", "authenticator_migration": "authenticator migration",
	"lost_device_recovery": "lost-device recovery", "reauthentication": "reauthentication", "password_reset": "password reset",
	"other_auth": "other authentication", "personal": "personal (BYOD)", "shared": "shared-workstation",
	"frontline": "frontline", "contractor": "contractor", "acquired": "acquired-company",
	"policy_consistency": "policy consistency", "helpdesk_signal": "helpdesk signal",
}

// Label turns a stage or segment identifier into words; other text is returned as is.
func Label(id string) string {
	if l, ok := labels[id]; ok {
		return l
	}
	return id
}

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
