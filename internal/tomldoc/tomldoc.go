// Package tomldoc reads a TOML document the way this project validates every
// input: it is parsed, turned into JSON-shaped values, checked against a JSON
// Schema, and every problem is located by line so that messages can say
// file:line.
package tomldoc

import (
	"errors"
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
		out = append(out, &problem.Problem{File: file, Line: ix.Line(v.Tokens), Where: KeyPath(v.Tokens), Msg: v.Message})
	}
	return nil, out
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
