// Package schemas embeds the JSON Schemas of the evidence kinds, the manifest, the
// control catalogue, the profile and the report, compiles them once, and turns
// validation failures into JSON Pointer + message pairs a user can act on.
package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/assure-dev/assure/internal/redact"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed json/*.schema.json
var files embed.FS

const baseURL = "https://assure.dev/schemas/v1/"

// Names lists the published schemas, in the order `assure schema` shows them.
var names = []string{
	"manifest", "population", "devices", "authenticators", "auth_events",
	"account_events", "tickets", "policies", "governance", "attestations", "ticket_rules",
	"identities", "catalogue", "profile", "waivers", "report", "validation", "vocab",
}

// Names returns the names of the published schemas.
func Names() []string { return slices.Clone(names) }

// Raw returns the JSON text of the named schema.
func Raw(name string) ([]byte, error) {
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("unknown schema %q (want one of: %s)", name, strings.Join(names, ", "))
	}
	return files.ReadFile("json/" + name + ".schema.json")
}

// Set holds every schema compiled. It is safe for concurrent use.
type Set struct {
	byName map[string]*jsonschema.Schema
}

var (
	compileOnce sync.Once
	compiled    *Set
	compileErr  error
)

// Compiled returns the schemas compiled; compilation happens on first use only.
func Compiled() (*Set, error) {
	compileOnce.Do(func() { compiled, compileErr = compile() })
	return compiled, compileErr
}

func compile() (*Set, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "date-time-or-date", Validate: validateTime})
	for _, n := range names {
		raw, err := Raw(n)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", n, err)
		}
		if err := c.AddResource(baseURL+n+".schema.json", doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", n, err)
		}
	}
	s := &Set{byName: make(map[string]*jsonschema.Schema, len(names))}
	for _, n := range names {
		sch, err := c.Compile(baseURL + n + ".schema.json")
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", n, err)
		}
		s.byName[n] = sch
	}
	return s, nil
}

// Violation is one way an instance breaks its schema.
type Violation struct {
	// Pointer is the JSON Pointer of the offending value ("" for the whole instance).
	Pointer string
	// Tokens is Pointer split into its reference tokens.
	Tokens []string
	// Message says what was found and what was expected.
	Message string
}

// Validate checks v (a value as decoded by encoding/json with UseNumber, or built
// from CSV and TOML the same way) against the named schema and returns every leaf
// violation, sorted by pointer.
func (s *Set) Validate(name string, v any) ([]Violation, error) {
	sch, ok := s.byName[name]
	if !ok {
		return nil, fmt.Errorf("unknown schema %q", name)
	}
	err := sch.Validate(v)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	var out []Violation
	collect(ve, &out)
	for i, v := range out {
		if strings.HasPrefix(v.Message, "unknown field ") && len(v.Tokens) > 0 {
			if keys := allowedKeys(name, v.Tokens[:len(v.Tokens)-1]); len(keys) > 0 {
				out[i].Message += " (want one of: " + strings.Join(keys, ", ") + ")"
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Violation) int { return strings.Compare(a.Pointer, b.Pointer) })
	return slices.CompactFunc(out, func(a, b Violation) bool { return a.Pointer == b.Pointer && a.Message == b.Message }), nil
}

var printer = message.NewPrinter(language.English)

func collect(e *jsonschema.ValidationError, out *[]Violation) {
	if len(e.Causes) > 0 {
		// "if/then" and "allOf" wrap the real cause; anyOf/oneOf failures are
		// reported as one message because their branches are alternatives.
		switch e.ErrorKind.(type) {
		case *kind.AnyOf, *kind.OneOf:
			*out = append(*out, violation(e, "does not match any allowed form"))
			return
		}
		for _, c := range e.Causes {
			collect(c, out)
		}
		return
	}
	if a, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		// Point at each unknown member, so a TOML key or JSON field is located
		// on its own line.
		for _, name := range a.Properties {
			v := violation(e, fmt.Sprintf("unknown field %q", name))
			v.Tokens = append(v.Tokens, name)
			v.Pointer = Pointer(v.Tokens)
			*out = append(*out, v)
		}
		return
	}
	if r, ok := e.ErrorKind.(*kind.Required); ok {
		// Point at each missing member, so messages name the field (or CSV column).
		for _, name := range r.Missing {
			v := violation(e, "missing required field")
			v.Tokens = append(v.Tokens, name)
			v.Pointer = Pointer(v.Tokens)
			*out = append(*out, v)
		}
		return
	}
	*out = append(*out, violation(e, describe(e.ErrorKind)))
}

func violation(e *jsonschema.ValidationError, msg string) Violation {
	toks := slices.Clone(e.InstanceLocation)
	return Violation{Pointer: Pointer(toks), Tokens: toks, Message: msg}
}

// Pointer joins reference tokens into a JSON Pointer (RFC 6901).
func Pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

func describe(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Enum:
		want := make([]string, 0, len(k.Want))
		for _, w := range k.Want {
			want = append(want, show(w))
		}
		return fmt.Sprintf("%s is not one of %s", show(k.Got), strings.Join(want, ", "))
	case *kind.Const:
		return fmt.Sprintf("%s is not allowed here (want %s)", show(k.Got), show(k.Want))
	case *kind.Type:
		return fmt.Sprintf("got %s, want %s", k.Got, strings.Join(k.Want, " or "))
	case *kind.Required:
		return fmt.Sprintf("missing required field %s", quoteAll(k.Missing))
	case *kind.Format:
		switch k.Want {
		case "date-time-or-date":
			return fmt.Sprintf("%s is not a date-time (want RFC 3339, e.g. 2026-07-01T09:30:00Z, or a date 2026-07-01)", show(k.Got))
		case "date":
			return fmt.Sprintf("%s is not a date (want YYYY-MM-DD, e.g. 2026-07-01)", show(k.Got))
		}
		return fmt.Sprintf("%s is not a valid %s", show(k.Got), k.Want)
	case *kind.Pattern:
		switch k.Want {
		case `\S`:
			return "must not be blank"
		case `^[^@]*[^@\s][^@]*$`:
			// The value is not echoed: it may be a person's e-mail address.
			return "is not a role (want a role such as \"Head of IAM\", not blank and never an e-mail address)"
		}
		return fmt.Sprintf("%s does not match the pattern %s", show(k.Got), k.Want)
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
	case *kind.FalseSchema:
		return "unknown field"
	}
	return k.LocalizedString(printer)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// show renders an instance value for a message, cut short so a huge value cannot
// flood the terminal (an object or array too long to show is named by its
// size). A string that looks like personal data or free text (an
// e-mail address in an enum column, a ticket summary in a date column) is
// described by its length and kind rather than quoted (redact.Value); a long
// string is cut inside its quotes, so the message stays balanced.
func show(v any) string {
	const limit = 60
	if s, ok := v.(string); ok {
		if d := redact.Value(s); d != "" {
			return d
		}
		if r := []rune(s); len(r) > limit {
			v = string(r[:limit]) + "…"
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // show "=>" as typed, not as "=\u003e"
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if _, ok := v.(string); !ok && len(b) > limit {
		// cut, an object or array would leave a quote open
		what := "value"
		switch v.(type) {
		case map[string]any:
			what = "object"
		case []any:
			what = "array"
		}
		return fmt.Sprintf("a JSON %s of %d bytes", what, len(b))
	}
	return string(b)
}

func validateTime(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	if _, ok := ParseTime(s); !ok {
		return errors.New("not an RFC 3339 date-time or date")
	}
	return nil
}

// ParseTime reads the time grammar of the evidence formats: an RFC 3339 date-time,
// or a full date meaning 00:00:00Z of that day. The result is in UTC.
func ParseTime(s string) (time.Time, bool) {
	if len(s) == 10 {
		t, err := time.Parse(time.DateOnly, s)
		return t, err == nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// DecodeJSON parses one JSON document the way validation expects it (numbers
// kept as json.Number), rejecting trailing data.
func DecodeJSON(b []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// allowedKeys returns the property names the named schema allows in the object
// at the instance location tokens, following local $refs; nil when unknown.
func allowedKeys(name string, tokens []string) []string {
	raw, err := Raw(name)
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
			if s, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any); s == nil {
				return nil
			}
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
		} else if extra, ok := s["additionalProperties"].(map[string]any); ok {
			s = extra
		} else {
			return nil
		}
		s = deref(s)
	}
	if s == nil {
		return nil
	}
	props, _ := s["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k, v := range props {
		if v != false {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
