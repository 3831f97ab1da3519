package okta

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
)

// The types below are the parts of an Okta LogEvent the adapter reads. Decoding
// into them with encoding/json skips every other attribute without building it
// and matches keys without regard to case, so the camelCase of the API, the
// lowercase of Panther (eventtype, debugcontext) and the capitalised keys of
// the Admin Console (Factor) all land in the same fields.
type logEvent struct {
	UUID        string      `json:"uuid"` // the event's id: an event is counted once by it
	EventType   string      `json:"eventType"`
	Published   string      `json:"published"`
	Actor       logActor    `json:"actor"`
	AuthContext authContext `json:"authenticationContext"`
	Outcome     outcome     `json:"outcome"`
	Debug       struct {
		Data debugData `json:"debugData"`
	} `json:"debugContext"`
	Target      []logTarget         `json:"target"`
	Device      struct{ ID string } `json:"device"`
	Transaction struct{ ID string } `json:"transaction"`
}

type logActor struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
}

type authContext struct {
	ExternalSessionID string `json:"externalSessionId"`
	RootSessionID     string `json:"rootSessionId"`
}

type outcome struct {
	Result string `json:"result"`
	Reason string `json:"reason"`
}

type debugData struct {
	Factor         string `json:"factor"`
	FactorIntent   string `json:"factorIntent"`
	AuthnRequestID string `json:"authnRequestId"`
	RequestID      string `json:"requestId"`
}

type logTarget struct {
	ID          string      `json:"id"`
	Type        string      `json:"type"`
	AlternateID string      `json:"alternateId"`
	DisplayName string      `json:"displayName"`
	DetailEntry detailEntry `json:"detailEntry"`
}

type detailEntry struct {
	MethodTypeUsed   string `json:"methodTypeUsed"`
	AuthenticatorKey string `json:"authenticatorKey"`
	// Verified is "[DEVICE_BOUND, PHISHING_RESISTANT]" as Okta writes it, or
	// a JSON array where a pipeline has parsed it.
	Verified textList `json:"methodUsedVerifiedProperties"`
}

// textList is a list of words written as a bracketed string ("[A, B]") or as a
// JSON array of strings.
type textList []string

func (l *textList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || b[0] == 'n':
		*l = nil
		return nil
	case b[0] == '[':
		var words []string
		if err := json.Unmarshal(b, &words); err != nil {
			return err
		}
		*l = words
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*l = splitList(s)
	return nil
}

// splitList splits "[A, B, C]" (or "A,B") into its words, in upper case.
func splitList(s string) []string {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.ToUpper(strings.Trim(strings.TrimSpace(w), `"'`)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// readEvents calls fn with every LogEvent of an export and the line it starts
// on. JSON Lines (the shape of Log Streaming, SIEM and S3 exports) are read one
// line at a time, and the API's JSON array one element at a time (pages of it
// one after the other); each record is decoded by scanEvent, or by
// encoding/json when scanEvent leaves it. Anything else (events pretty-printed
// one after another) goes through vendorio, which locates each object. A
// record whose fields have types the event cannot hold after decoding
// JSON-encoded strings is passed to fn with a *fieldError; fn returning false
// stops the reading.
func readEvents(r io.Reader, fn func(line int, ev *logEvent, err error) bool) error {
	br := bufio.NewReaderSize(r, 256<<10)
	shape, err := sniff(br)
	switch {
	case err != nil:
		return err
	case shape == '[':
		return readArray(br, fn)
	case shape != 'L':
		return vendorio.JSONRecords(br, func(o vendorio.Object) bool {
			var ev logEvent
			err := fromMap(o.Map, &ev)
			return fn(o.Line, &ev, err)
		})
	}
	first := true
	var long []byte // a line longer than the buffer, gathered
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long[:0], text...)
			for err == bufio.ErrBufferFull && len(long) <= vendorio.MaxRecord {
				text, err = br.ReadSlice('\n')
				long = append(long, text...)
			}
			text = long
		}
		if len(text) > vendorio.MaxRecord {
			return &problem.Problem{Line: line, Msg: "line is longer than 1 MiB; want records of at most 1 MiB"}
		}
		if err != nil && err != io.EOF {
			return err
		}
		if first {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
			first = false
		}
		if body := bytes.TrimSpace(text); len(body) > 0 {
			if body[0] != '{' {
				return &problem.Problem{Line: line, Msg: fmt.Sprintf("want one JSON object per line, found %q", body[0])}
			}
			var ev logEvent
			derr, serr := decode(body, &ev)
			if serr != nil {
				return syntaxError(line, body, serr, err == io.EOF)
			}
			if !fn(line, &ev, derr) {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// decode decodes one record, the LogEvent itself or an Amazon EventBridge
// envelope holding it: derr is a record that cannot be held (passed on as a
// problem), serr invalid JSON (an error for the file).
func decode(body []byte, ev *logEvent) (derr, serr error) {
	derr, serr = decodeEvent(body, ev)
	if serr == nil && ev.EventType == "" {
		if detail, ok := eventBridgeDetail(body); ok {
			*ev = logEvent{}
			return decodeEvent(detail, ev)
		}
	}
	return derr, serr
}

func decodeEvent(body []byte, ev *logEvent) (derr, serr error) {
	if scanEvent(body, ev) {
		return nil, nil
	}
	*ev = logEvent{}
	err := json.Unmarshal(body, ev)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		*ev = logEvent{}
		return slowDecode(body, ev), nil
	case err != nil:
		return nil, err
	}
	return nil, nil
}

// syntaxError locates invalid JSON in a record that starts on line.
func syntaxError(line int, body []byte, err error, last bool) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line += bytes.Count(body[:min(int(se.Offset), len(body))], []byte("\n"))
		if last && strings.Contains(se.Error(), "unexpected end") {
			return truncated(line)
		}
	}
	return &problem.Problem{Line: line, Msg: "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
}

func truncated(line int) error {
	return &problem.Problem{Line: line, Msg: "the JSON ends before it is complete (a truncated export?); want a complete document"}
}

// sniff returns the shape of an export without consuming it: '[' for a JSON
// array, 'L' for JSON Lines (the first non-blank line holds one complete
// object), 0 for anything else, including an empty file.
func sniff(br *bufio.Reader) (byte, error) {
	for n := 64; ; n *= 2 {
		n = min(n, br.Size())
		buf, err := br.Peek(n)
		eof := err == io.EOF
		if err != nil && !eof {
			return 0, err
		}
		text := bytes.TrimPrefix(buf, []byte("\ufeff"))
		start := bytes.IndexFunc(text, func(r rune) bool { return r != ' ' && r != '\t' && r != '\r' && r != '\n' })
		switch {
		case start >= 0 && text[start] == '[':
			return '[', nil
		case start >= 0 && text[start] != '{':
			return 0, nil
		case start >= 0:
			if end := bytes.IndexByte(text[start:], '\n'); end >= 0 {
				return lines(json.Valid(text[start : start+end])), nil
			}
		}
		if eof { // the whole input is in buf
			return lines(start >= 0 && json.Valid(text[start:])), nil
		}
		if n == br.Size() {
			return 0, nil // no line end within the buffer: not JSON Lines as written by a pipeline
		}
	}
}

func lines(ok bool) byte {
	if ok {
		return 'L'
	}
	return 0
}

// readArray reads a JSON array of events, as GET /api/v1/logs returns it
// (often all on one line), or several such pages one after the other. Each
// element is cut out by matching brackets outside strings, then decoded; an
// element may be at most 1 MiB, a line any length.
func readArray(br *bufio.Reader, fn func(line int, ev *logEvent, err error) bool) error {
	sp := splitter{r: br, line: 1}
	if c, _ := sp.next(); c == 0xEF { // byte-order mark
		sp.i += 3
	}
	c, ok := sp.next()
	if !ok || c != '[' {
		return sp.fail()
	}
	sp.i++
	for afterComma := false; ; {
		c, ok := sp.next()
		switch {
		case !ok:
			return sp.fail()
		case c == ']' && !afterComma:
			sp.i++
			c, ok := sp.next()
			if !ok {
				if sp.err == io.EOF {
					return nil
				}
				return sp.err
			}
			if c != '[' { // another page may follow
				return &problem.Problem{Line: sp.line, Msg: "unexpected data after the JSON array; want one array, several arrays one after another, or one object per line"}
			}
			sp.i++
			continue
		case c != '{':
			return &problem.Problem{Line: sp.line, Msg: fmt.Sprintf("want a JSON object in the array, found %q", c)}
		}
		line := sp.line
		body, err := sp.element()
		if err != nil {
			return err
		}
		var ev logEvent
		derr, serr := decode(body, &ev)
		if serr != nil {
			return syntaxError(line, body, serr, false)
		}
		if !fn(line, &ev, derr) {
			return nil
		}
		c, ok = sp.next()
		switch {
		case !ok:
			return sp.fail()
		case c == ',':
			sp.i++
			afterComma = true
		case c == ']':
			afterComma = false
		default:
			return &problem.Problem{Line: sp.line, Msg: fmt.Sprintf("invalid JSON: found %q after an array element; want , or ]", c)}
		}
	}
}

// splitter reads a JSON array from a stream, keeping the bytes of the element
// being cut out.
type splitter struct {
	r    io.Reader
	buf  []byte
	i    int   // the next byte to look at
	line int   // the line of buf[i]
	err  error // why no more bytes come
}

// fill reads more input, dropping the bytes before keep; it reports false
// when there is none.
func (sp *splitter) fill(keep int) bool {
	if sp.err != nil {
		return false
	}
	n := copy(sp.buf, sp.buf[keep:])
	sp.buf = sp.buf[:n]
	sp.i -= keep
	if cap(sp.buf)-n < 64<<10 {
		sp.buf = append(sp.buf, make([]byte, 256<<10)...)[:n]
	}
	m, err := sp.r.Read(sp.buf[n:cap(sp.buf)])
	sp.buf = sp.buf[:n+m]
	if err != nil {
		sp.err = err
	}
	return m > 0 || sp.err == nil
}

// next skips white space and returns the next byte without consuming it.
func (sp *splitter) next() (byte, bool) {
	for {
		for sp.i < len(sp.buf) {
			switch c := sp.buf[sp.i]; c {
			case '\n':
				sp.line++
				fallthrough
			case ' ', '\t', '\r':
				sp.i++
			default:
				return c, true
			}
		}
		if !sp.fill(sp.i) {
			return 0, false
		}
	}
}

// fail is the error for input that ended, or could not be read, where more
// was needed.
func (sp *splitter) fail() error {
	if sp.err != nil && sp.err != io.EOF {
		return sp.err
	}
	if len(sp.buf) > sp.i {
		return &problem.Problem{Line: sp.line, Msg: fmt.Sprintf("want a JSON array, found %q", sp.buf[sp.i])}
	}
	return truncated(sp.line)
}

// element cuts out the object starting at sp.i.
func (sp *splitter) element() ([]byte, error) {
	start, j, depth := sp.i, sp.i, 0
	inString, escaped := false, false
	for {
		for ; j < len(sp.buf); j++ {
			c := sp.buf[j]
			if c == '\n' {
				sp.line++
			}
			switch {
			case inString:
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				if depth--; depth == 0 {
					sp.i = j + 1
					return sp.buf[start : j+1], nil
				}
			}
		}
		if j-start > vendorio.MaxRecord {
			return nil, &problem.Problem{Line: sp.line, Msg: "an event longer than 1 MiB; want records of at most 1 MiB"}
		}
		sp.i = j
		if !sp.fill(start) {
			if sp.err != io.EOF {
				return nil, sp.err
			}
			return nil, truncated(sp.line)
		}
		j, start = sp.i, 0
	}
}

// fieldError is a record whose field holds a value of the wrong type.
type fieldError struct{ field, found string }

func (e *fieldError) Error() string { return e.field + ": " + e.found }

// slowDecode decodes one record generically, decodes JSON-encoded strings and
// spells numbers and booleans as text, then decodes the result into ev.
func slowDecode(body []byte, ev *logEvent) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	return fromMap(m, ev)
}

// fromMap decodes an object decoded generically into ev; an EventBridge
// envelope gives its detail.
func fromMap(m map[string]any, ev *logEvent) error {
	m = eventBridgeMap(m)
	b, err := json.Marshal(normalise(m))
	if err != nil {
		return err
	}
	err = json.Unmarshal(b, ev)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &fieldError{field: te.Field, found: fmt.Sprintf("found %s; want %s", typeAt(m, te.Field), kindOf(te.Type.Kind().String()))}
	}
	return err
}

func kindOf(k string) string {
	switch k {
	case "slice":
		return "an array"
	case "struct":
		return "an object"
	}
	return "a " + k
}

// typeAt names the JSON type of the value at a dotted path of the record as
// exported, looking into the first element of arrays.
func typeAt(m map[string]any, path string) string {
	var cur any = m
	for _, key := range strings.Split(path, ".") {
		if a, ok := cur.([]any); ok && len(a) > 0 {
			cur = a[0]
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			break
		}
		cur = vendorio.Get(obj, key)
	}
	switch cur.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}

// normalise returns a copy of a decoded value with strings that hold a JSON
// object or array decoded, "null" strings as null, and numbers and booleans
// spelled as strings, since every scalar the adapter reads is text.
func normalise(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalise(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalise(x)
		}
		return out
	case string:
		s := strings.TrimSpace(v)
		if s == "null" {
			return nil
		}
		if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var inner any
			if dec.Decode(&inner) == nil && !dec.More() {
				if list, isList := inner.([]any); !isList || listOfObjects(list) {
					return normalise(inner)
				}
			}
		}
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return v
}

// listOfObjects reports whether a decoded array holds only objects (a target
// list stored as a string); an array of words stays a string for textList.
func listOfObjects(a []any) bool {
	for _, x := range a {
		if _, ok := x.(map[string]any); !ok {
			return false
		}
	}
	return true
}
