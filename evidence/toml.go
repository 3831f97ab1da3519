package evidence

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/schemas"
)

// decodeTOML parses a TOML document, validates it against the named schema and
// returns it as JSON-shaped data (maps, slices, strings, numbers, booleans; dates as
// "YYYY-MM-DD" strings). Every problem names the file and line.
func decodeTOML(file string, text []byte, schema string) (map[string]any, []*Problem) {
	var doc map[string]any
	if _, err := toml.Decode(string(text), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, []*Problem{{File: file, Line: pe.Position.Line, Msg: "invalid TOML: " + pe.Message}}
		}
		return nil, []*Problem{{File: file, Msg: "invalid TOML: " + err.Error()}}
	}
	data, _ := tomlToJSON(doc).(map[string]any)
	set, err := schemas.Compiled()
	if err != nil {
		return nil, []*Problem{{File: file, Msg: err.Error()}}
	}
	vs, err := set.Validate(schema, data)
	if err != nil {
		return nil, []*Problem{{File: file, Msg: err.Error()}}
	}
	if len(vs) == 0 {
		return data, nil
	}
	ix := tomlpos.New(string(text))
	out := make([]*Problem, 0, len(vs))
	for _, v := range vs {
		p := &Problem{File: file, Line: ix.Line(v.Tokens), Where: keyPath(v.Tokens), Msg: v.Message}
		// An unknown key: point at its own line and list the keys allowed there.
		if rest, ok := strings.CutPrefix(v.Message, "unknown field "); ok {
			if key, err := strconv.Unquote(strings.SplitN(rest, ", ", 2)[0]); err == nil {
				if n := ix.Line(append(slices.Clone(v.Tokens), key)); n > 0 {
					p.Line = n
				}
			}
			if keys := schemaKeys(schema, v.Tokens); len(keys) > 0 {
				p.Msg += " (want one of: " + strings.Join(keys, ", ") + ")"
			}
		}
		out = append(out, p)
	}
	return nil, out
}

// schemaKeys returns the property names the named schema allows in the object
// at tokens, following local $refs; nil when they cannot be found.
func schemaKeys(schema string, tokens []string) []string {
	raw, err := schemas.Raw(schema)
	if err != nil {
		return nil
	}
	var root map[string]any
	if json.Unmarshal(raw, &root) != nil {
		return nil
	}
	deref := func(s map[string]any) map[string]any {
		for range 8 {
			ref, ok := s["$ref"].(string)
			if !ok || !strings.HasPrefix(ref, "#/$defs/") {
				return s
			}
			defs, _ := root["$defs"].(map[string]any)
			next, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
			if next == nil {
				return nil
			}
			s = next
		}
		return s
	}
	s := deref(root)
	for _, t := range tokens {
		if s == nil {
			return nil
		}
		if props, ok := s["properties"].(map[string]any); ok && props[t] != nil {
			s, _ = props[t].(map[string]any)
		} else if items, ok := s["items"].(map[string]any); ok {
			s = items
		} else {
			return nil
		}
		s = deref(s)
	}
	props, _ := s["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// keyPath renders pointer tokens the way a TOML author reads them: source[2].kind.
func keyPath(tokens []string) string {
	s := ""
	for _, t := range tokens {
		if _, err := fmt.Sscanf(t, "%d", new(int)); err == nil && s != "" {
			s += "[" + t + "]"
			continue
		}
		if s != "" {
			s += "."
		}
		s += t
	}
	return s
}

// tomlToJSON converts decoded TOML into the shapes JSON Schema validation expects.
func tomlToJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = tomlToJSON(x)
		}
		return m
	case []map[string]any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = tomlToJSON(x)
		}
		return s
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = tomlToJSON(x)
		}
		return s
	case time.Time:
		// BurntSushi/toml marks local dates and times with named fixed zones.
		switch v.Location().String() {
		case "date-local":
			return v.Format(time.DateOnly)
		case "datetime-local", "time-local":
			// A local date-time has no offset: keep it so validation rejects it.
			return v.Format("2006-01-02T15:04:05.999999999")
		}
		return v.UTC().Format(time.RFC3339Nano)
	}
	return v
}
