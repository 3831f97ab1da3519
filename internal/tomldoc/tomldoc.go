// Package tomldoc reads a TOML document the way this project validates every
// input: it is parsed, turned into JSON-shaped values, checked against a JSON
// Schema, and every problem is located by line so that messages can say
// file:line.
package tomldoc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/schemas"
)

// Decode parses text and validates it against the named schema; file names the
// document in its problems. The result holds maps, slices, strings, float64
// numbers (TOML integers included, so callers compare one type), booleans, and
// dates as "YYYY-MM-DD" strings; it is nil when there is any problem.
func Decode(file string, text []byte, schema string) (map[string]any, []*problem.Problem) {
	return DecodeExcept(file, text, schema, nil)
}

// DecodeExcept is Decode leaving out the schema's complaints about the keys
// skip accepts (given as JSON Pointer reference tokens: control, A-01,
// threshold), for a caller that reports those keys in its own words. The
// document is still nil when any complaint was left out.
func DecodeExcept(file string, text []byte, schema string, skip func(tokens []string) bool) (map[string]any, []*problem.Problem) {
	var doc map[string]any
	if _, err := toml.Decode(string(text), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, []*problem.Problem{{File: file, Line: pe.Position.Line, Msg: "invalid TOML: " + pe.Message}}
		}
		return nil, []*problem.Problem{{File: file, Msg: "invalid TOML: " + err.Error()}}
	}
	data, _ := jsonShape(doc).(map[string]any)
	set, err := schemas.Compiled()
	if err != nil {
		return nil, []*problem.Problem{{File: file, Msg: err.Error()}}
	}
	vs, err := set.Validate(schema, data)
	if err != nil {
		return nil, []*problem.Problem{{File: file, Msg: err.Error()}}
	}
	if len(vs) == 0 {
		return data, nil
	}
	ix := tomlpos.New(string(text))
	out := []*problem.Problem{}
	for _, v := range vs {
		if skip != nil && skip(v.Tokens) {
			continue
		}
		p := &problem.Problem{File: file, Line: ix.Line(v.Tokens), Where: KeyPath(v.Tokens), Msg: v.Message}
		if t, ok := at(doc, v.Tokens).(time.Time); ok {
			localTime(p, t, string(text), v)
		}
		out = append(out, p)
	}
	return nil, out
}

// localTime words the problem of a TOML date-time without an offset
// (`collected_at = 2026-10-01 08:00`) or a bare time of day where a
// date-time or a date is wanted, quoting the value as the user wrote it (the
// decoder's value is re-formatted) and showing the fix.
func localTime(p *problem.Problem, t time.Time, text string, v schemas.Violation) {
	zone := t.Location().String()
	if zone != "datetime-local" && zone != "time-local" {
		return
	}
	p.Found = tomlpos.Raw(text, p.Line, v.Tokens[len(v.Tokens)-1])
	if p.Found == "" {
		p.Found = t.Format("2006-01-02T15:04:05.999999999")
	}
	wantsDate := strings.Contains(v.Message, "is not a date (")
	day := t.Format(time.DateOnly)
	if zone == "time-local" {
		day = "2026-10-01"
	}
	fixed := day + "T" + t.Format("15:04:05.999999999") + "Z"
	switch {
	case wantsDate:
		p.Msg = fmt.Sprintf("has a time of day; want a date alone, e.g. %s", day)
	case zone == "time-local":
		p.Msg = fmt.Sprintf("is a time of day without a date; want a date-time with a time zone, e.g. %s", fixed)
	default:
		p.Msg = fmt.Sprintf("has no time zone; add one, e.g. %s", fixed)
	}
}

// at returns the decoded TOML value at a JSON Pointer's tokens, or nil.
func at(v any, tokens []string) any {
	for _, tok := range tokens {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []map[string]any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// KeyPath renders pointer tokens the way a TOML author reads them: source[2].kind.
func KeyPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil && b.Len() > 0 {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// jsonShape converts decoded TOML into the shapes JSON Schema validation expects.
func jsonShape(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = jsonShape(x)
		}
		return m
	case []map[string]any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = jsonShape(x)
		}
		return s
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = jsonShape(x)
		}
		return s
	case int64:
		return float64(v)
	case time.Time:
		// BurntSushi/toml marks local dates and times with named fixed zones.
		switch v.Location().String() {
		case "date-local":
			return v.Format(time.DateOnly)
		case "datetime-local", "time-local":
			// No offset: kept in a form that date-time validation rejects.
			return v.Format("2006-01-02T15:04:05.999999999")
		}
		return v.UTC().Format(time.RFC3339Nano)
	}
	return v
}
