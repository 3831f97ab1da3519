package okta

import (
	"encoding/json"
	"unicode/utf8"
)

// scanEvent decodes one JSON Lines record into ev in a single pass, reading
// the fields logEvent holds and stepping over the rest (a LogEvent is mostly
// client, security and request context the adapter does not need), while
// checking the whole record is valid JSON. It gives up, returning false, on
// anything it does not decode exactly as encoding/json would: invalid JSON,
// a value of another type than the field's (a JSON-encoded object, a number
// where text is expected), keys with escapes or non-ASCII letters, a repeated
// target list. The caller then decodes the record with encoding/json, which
// reports the error or takes the slow path; FuzzScanEvent checks that both
// agree whenever scanEvent succeeds.
func scanEvent(b []byte, ev *logEvent) bool {
	s := scanner{b: b}
	s.ws()
	ok := s.object(func(key []byte) bool {
		switch {
		case fold(key, "eventType"):
			return s.text(&ev.EventType)
		case fold(key, "published"):
			return s.text(&ev.Published)
		case fold(key, "uuid"):
			return s.text(&ev.UUID)
		case fold(key, "actor"):
			a := &ev.Actor
			return s.fields(func(k []byte) bool {
				switch {
				case fold(k, "id"):
					return s.text(&a.ID)
				case fold(k, "type"):
					return s.text(&a.Type)
				case fold(k, "alternateId"):
					return s.text(&a.AlternateID)
				}
				return s.skip()
			})
		case fold(key, "authenticationContext"):
			c := &ev.AuthContext
			return s.fields(func(k []byte) bool {
				switch {
				case fold(k, "externalSessionId"):
					return s.text(&c.ExternalSessionID)
				case fold(k, "rootSessionId"):
					return s.text(&c.RootSessionID)
				}
				return s.skip()
			})
		case fold(key, "outcome"):
			o := &ev.Outcome
			return s.fields(func(k []byte) bool {
				switch {
				case fold(k, "result"):
					return s.text(&o.Result)
				case fold(k, "reason"):
					return s.text(&o.Reason)
				}
				return s.skip()
			})
		case fold(key, "debugContext"):
			return s.fields(func(k []byte) bool {
				if !fold(k, "debugData") {
					return s.skip()
				}
				d := &ev.Debug.Data
				return s.fields(func(k []byte) bool {
					switch {
					case fold(k, "factor"):
						return s.text(&d.Factor)
					case fold(k, "factorIntent"):
						return s.text(&d.FactorIntent)
					case fold(k, "authnRequestId"):
						return s.text(&d.AuthnRequestID)
					case fold(k, "requestId"):
						return s.text(&d.RequestID)
					}
					return s.skip()
				})
			})
		case fold(key, "target"):
			if ev.Target != nil {
				return false // a second list: leave the merging rules to encoding/json
			}
			return s.targets(&ev.Target)
		case fold(key, "device"):
			return s.fields(func(k []byte) bool {
				if fold(k, "id") {
					return s.text(&ev.Device.ID)
				}
				return s.skip()
			})
		case fold(key, "transaction"):
			return s.fields(func(k []byte) bool {
				if fold(k, "id") {
					return s.text(&ev.Transaction.ID)
				}
				return s.skip()
			})
		}
		return s.skip()
	})
	if !ok {
		return false
	}
	s.ws()
	return s.i == len(s.b)
}

func (s *scanner) targets(dst *[]logTarget) bool {
	if s.null() {
		*dst = nil
		return true
	}
	if s.i >= len(s.b) || s.b[s.i] != '[' {
		return false
	}
	s.i++
	list := []logTarget{}
	s.ws()
	if s.peek() == ']' {
		s.i++
		*dst = list
		return true
	}
	for {
		list = append(list, logTarget{})
		t := &list[len(list)-1]
		s.ws()
		ok := s.fields(func(k []byte) bool {
			switch {
			case fold(k, "id"):
				return s.text(&t.ID)
			case fold(k, "type"):
				return s.text(&t.Type)
			case fold(k, "alternateId"):
				return s.text(&t.AlternateID)
			case fold(k, "displayName"):
				return s.text(&t.DisplayName)
			case fold(k, "detailEntry"):
				d := &t.DetailEntry
				return s.fields(func(k []byte) bool {
					switch {
					case fold(k, "methodTypeUsed"):
						return s.text(&d.MethodTypeUsed)
					case fold(k, "authenticatorKey"):
						return s.text(&d.AuthenticatorKey)
					case fold(k, "methodUsedVerifiedProperties"):
						if s.null() {
							d.Verified = nil
							return true
						}
						var v string
						if s.peek() != '"' || !s.text(&v) {
							return false
						}
						d.Verified = splitList(v)
						return true
					}
					return s.skip()
				})
			}
			return s.skip()
		})
		if !ok {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			*dst = list
			return true
		default:
			return false
		}
	}
}

// scanner walks JSON text; every method reports false on anything it does not
// accept, leaving the record to encoding/json.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// fold compares a key with a field name without regard to ASCII case.
func fold(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := 0; i < len(key); i++ {
		a, b := key[i], name[i]
		if a|0x20 != b|0x20 || (a|0x20) < 'a' || (a|0x20) > 'z' {
			if a != b {
				return false
			}
		}
	}
	return true
}

// null consumes a literal null.
func (s *scanner) null() bool {
	s.ws()
	if len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// str consumes a string and returns its raw contents (between the quotes);
// simple is false when it holds escapes or bytes outside ASCII.
func (s *scanner) str() (raw []byte, simple, ok bool) {
	if s.peek() != '"' {
		return nil, false, false
	}
	s.i++
	start := s.i
	simple = true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw = s.b[start:s.i]
			s.i++
			return raw, simple, true
		case c == '\\':
			simple = false
			if s.i+1 >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return nil, false, false
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return nil, false, false
					}
				}
				s.i += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		default:
			if c >= 0x80 {
				simple = false
			}
			s.i++
		}
	}
	return nil, false, false
}

// text reads a string into dst; null leaves dst as it is, as encoding/json
// does. Escapes and non-ASCII text are decoded by encoding/json.
func (s *scanner) text(dst *string) bool {
	if s.null() {
		return true
	}
	start := s.i
	raw, simple, ok := s.str()
	switch {
	case !ok:
		return false
	case simple:
		*dst = string(raw)
	case !hasEscape(raw) && utf8.Valid(raw):
		*dst = string(raw)
	default:
		return json.Unmarshal(s.b[start:s.i], dst) == nil
	}
	return true
}

func hasEscape(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

// fields reads an object, or null (which leaves the struct as it is).
func (s *scanner) fields(fn func(key []byte) bool) bool {
	if s.null() {
		return true
	}
	return s.object(fn)
}

// object reads an object, calling fn with each key and the scanner at its
// value, which fn consumes.
func (s *scanner) object(fn func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	s.ws()
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		s.ws()
		key, simple, ok := s.str()
		if !ok || !simple {
			return false
		}
		s.ws()
		if s.peek() != ':' {
			return false
		}
		s.i++
		s.ws()
		if !fn(key) {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// maxDepth bounds nesting below encoding/json's limit of 10000; deeper
// records are left to encoding/json.
const maxDepth = 9000

// skip consumes any one value, checking it.
func (s *scanner) skip() bool {
	var arr [32]byte
	stack := arr[:0] // the open containers, '{' or '['
	for {
		s.ws()
		switch c := s.peek(); {
		case c == '{' || c == '[':
			s.i++
			s.ws()
			if end := s.peek(); c == '{' && end == '}' || c == '[' && end == ']' {
				s.i++
				break // an empty container is a whole value
			}
			if len(stack) >= maxDepth {
				return false
			}
			stack = append(stack, c)
			if c == '{' && !s.key() {
				return false
			}
			continue
		case c == '"':
			if _, _, ok := s.str(); !ok {
				return false
			}
		case c == 't':
			if !s.lit("true") {
				return false
			}
		case c == 'f':
			if !s.lit("false") {
				return false
			}
		case c == 'n':
			if !s.lit("null") {
				return false
			}
		case c == '-' || c >= '0' && c <= '9':
			if !s.number() {
				return false
			}
		default:
			return false
		}
		// After a value: close containers, or move on to the next member.
		for next := false; !next; {
			if len(stack) == 0 {
				return true
			}
			s.ws()
			top := stack[len(stack)-1]
			switch c := s.peek(); {
			case c == ',':
				s.i++
				if top == '{' && !s.key() {
					return false
				}
				next = true
			case c == '}' && top == '{', c == ']' && top == '[':
				s.i++
				stack = stack[:len(stack)-1]
			default:
				return false
			}
		}
	}
}

// key consumes `"key":` inside an object being skipped.
func (s *scanner) key() bool {
	s.ws()
	if _, _, ok := s.str(); !ok {
		return false
	}
	s.ws()
	if s.peek() != ':' {
		return false
	}
	s.i++
	return true
}

func (s *scanner) lit(word string) bool {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// number consumes a JSON number.
func (s *scanner) number() bool {
	digits := func() int {
		n := 0
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.peek() == '-' {
		s.i++
	}
	switch {
	case s.peek() == '0':
		s.i++
	case digits() == 0:
		return false
	}
	if s.peek() == '.' {
		s.i++
		if digits() == 0 {
			return false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
