// Package templates renders the finding templates of the catalogue (Go
// text/template with a small, fixed set of functions) and holds the declared
// verdict rule. Values are written by report/present, as everywhere else.
package templates

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/assure-dev/assure/report/present"
)

//go:embed rule.txt
var rule string

// VerdictRule is the declared rule for usable assurance, printed in every report.
func VerdictRule() string { return strings.TrimSpace(rule) }

// Lookup answers what a finding template may ask about one control's results.
type Lookup interface {
	// Metric returns a metric's value (float64 or bool) and unit.
	Metric(name string) (value any, unit present.Unit, ok bool)
	// Threshold returns the threshold of the control's check on the metric.
	Threshold(metric string) (value any, ok bool)
	// Detail names the stage, segment or items behind a metric's value.
	Detail(name string) string
	// N returns a metric's sample size.
	N(name string) (int, bool)
	// Segment returns a metric's value in one device segment.
	Segment(metric, segment string) (float64, bool)
}

// Qualifier is a Lookup that words some values itself: one the evidence only
// bounds ("at least 96.0 %"), or one that leaves records of unknown kind out.
// The m function then prints its words instead of the bare value, and the
// note that says what was left out follows the finding as a sentence of its
// own, so that the finding still reads as one sentence.
type Qualifier interface {
	Qualified(name string) (text, note string, ok bool)
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
	var notes []string
	c.Funcs(template.FuncMap{
		"m": func(name string) (string, error) {
			if q, ok := l.(Qualifier); ok {
				if text, note, ok := q.Qualified(name); ok {
					if note != "" && !slices.Contains(notes, note) {
						notes = append(notes, note)
					}
					return text, nil
				}
			}
			v, unit, ok := l.Metric(name)
			if !ok {
				return present.NotAvailable, nil
			}
			return present.Format(v, unit), nil
		},
		"th": func(name string) (string, error) {
			v, ok := l.Threshold(name)
			if !ok {
				return "", fmt.Errorf("th %q: the control has no check on this metric", name)
			}
			_, unit, _ := l.Metric(name)
			return present.Format(v, unit), nil
		},
		"detail": func(name string) string {
			if d := l.Detail(name); d != "" {
				return present.Label(d)
			}
			return present.NotAvailable
		},
		"n": func(name string) string {
			if n, ok := l.N(name); ok {
				return present.Thousands(n)
			}
			return present.NotAvailable
		},
		"seg": func(metric, segment string) string {
			if v, ok := l.Segment(metric, segment); ok {
				return present.Format(v, present.Share)
			}
			return present.NotAvailable
		},
	})
	var b strings.Builder
	if err := c.Execute(&b, nil); err != nil {
		return "", err
	}
	for _, note := range notes {
		b.WriteString(" " + sentence(note))
	}
	return b.String(), nil
}

// sentence makes a note a sentence: a capital first letter and a full stop.
func sentence(note string) string {
	r, size := utf8.DecodeRuneInString(note)
	note = string(unicode.ToUpper(r)) + note[size:]
	if !strings.HasSuffix(note, ".") {
		note += "."
	}
	return note
}
