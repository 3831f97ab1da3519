package evidence

import (
	"time"

	"github.com/assure-dev/assure/schemas"
	"github.com/assure-dev/assure/vocab"
)

// The fast path decodes the common shape of an event line — one flat JSON object
// whose values are short ASCII strings without escapes — and checks the same
// constraints as the kind's schema. Anything else (escapes, non-ASCII, numbers,
// duplicate or unknown keys, a rule broken) is handed to the general path, which
// decodes with encoding/json and validates with the JSON Schema; that path alone
// words error messages. FuzzAuthEventDecoders and FuzzAccountEventDecoders check
// that the fast path never accepts what the schema rejects and decodes what it
// accepts to the same record.

type field struct{ key, val []byte }

// scanFlat splits {"k":"v",...} into at most len(dst) fields. ok is false when the
// line is not of that simple shape.
func scanFlat(b []byte, dst *[8]field) (n int, ok bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0, false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return 0, skipWS(b, i+1) == len(b)
	}
	for {
		var key, val []byte
		if key, i, ok = scanString(b, i); !ok {
			return 0, false
		}
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ':' {
			return 0, false
		}
		if val, i, ok = scanString(b, skipWS(b, i+1)); !ok {
			return 0, false
		}
		if n == len(dst) {
			return 0, false
		}
		dst[n] = field{key, val}
		n++
		i = skipWS(b, i)
		if i >= len(b) {
			return 0, false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return n, skipWS(b, i+1) == len(b)
		default:
			return 0, false
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// scanString reads a JSON string made of printable ASCII without escapes.
func scanString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	start := i + 1
	for j := start; j < len(b); j++ {
		c := b[j]
		if c == '"' {
			return b[start:j], j + 1, true
		}
		if c == '\\' || c < 0x20 || c >= 0x7f {
			return nil, i, false
		}
	}
	return nil, i, false
}

// fastTime parses the canonical "2006-01-02T15:04:05Z" layout and falls back to
// the full grammar for anything else.
func fastTime(b []byte) (time.Time, bool) {
	if len(b) == 20 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':' && b[19] == 'Z' {
		y, ok1 := digits(b[0:4])
		mo, ok2 := digits(b[5:7])
		d, ok3 := digits(b[8:10])
		h, ok4 := digits(b[11:13])
		mi, ok5 := digits(b[14:16])
		s, ok6 := digits(b[17:19])
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(mo, y) && h < 24 && mi < 60 && s < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC), true
		}
		return time.Time{}, false
	}
	return schemas.ParseTime(string(b))
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// idLen is the schema's maxLength for identifiers; the fast path only sees ASCII,
// where bytes and characters agree.
const idLen = 256

func fastAuthEvent(b []byte, st *decodeState) (AuthEvent, bool) {
	var fs [8]field
	n, ok := scanFlat(b, &fs)
	if !ok {
		return AuthEvent{}, false
	}
	var e AuthEvent
	var seen uint8
	for _, f := range fs[:n] {
		var bit uint8
		switch string(f.key) {
		case "time":
			bit = 1
			if e.Time, ok = fastTime(f.val); !ok {
				return AuthEvent{}, false
			}
		case "user_id":
			bit = 2
			if len(f.val) == 0 || len(f.val) > idLen {
				return AuthEvent{}, false
			}
			e.UserID = st.str(f.val)
		case "app":
			bit = 4
			if len(f.val) == 0 || len(f.val) > idLen {
				return AuthEvent{}, false
			}
			e.App = st.str(f.val)
		case "method":
			bit = 8
			if e.Method = vocab.MethodOf(f.val); e.Method == "" {
				return AuthEvent{}, false
			}
		case "outcome":
			bit = 16
			switch string(f.val) {
			case "success":
				e.Success = true
			case "failure":
			default:
				return AuthEvent{}, false
			}
		case "device_id":
			bit = 32
			if len(f.val) > idLen {
				return AuthEvent{}, false
			}
			e.DeviceID = string(f.val)
		case "session_id":
			bit = 64
			if len(f.val) > idLen {
				return AuthEvent{}, false
			}
			e.SessionID = string(f.val)
		default:
			return AuthEvent{}, false
		}
		if seen&bit != 0 {
			return AuthEvent{}, false
		}
		seen |= bit
	}
	return e, seen&31 == 31
}

func fastAccountEvent(b []byte, st *decodeState) (AccountEvent, bool) {
	var fs [8]field
	n, ok := scanFlat(b, &fs)
	if !ok {
		return AccountEvent{}, false
	}
	var e AccountEvent
	var seen uint8
	var rawMethod []byte
	for _, f := range fs[:n] {
		var bit uint8
		switch string(f.key) {
		case "time":
			bit = 1
			if e.Time, ok = fastTime(f.val); !ok {
				return AccountEvent{}, false
			}
		case "user_id":
			bit = 2
			if len(f.val) == 0 || len(f.val) > idLen {
				return AccountEvent{}, false
			}
			e.UserID = st.str(f.val)
		case "action":
			bit = 4
			switch string(f.val) {
			case "authenticator_registered", "authenticator_removed", "password_reset", "recovery_started", "recovery_completed", "recovery_failed":
				e.Action = st.str(f.val)
			default:
				return AccountEvent{}, false
			}
		case "channel":
			bit = 8
			switch string(f.val) {
			case "self_service":
				e.Channel = "self_service"
			case "helpdesk":
				e.Channel = "helpdesk"
			default:
				return AccountEvent{}, false
			}
		case "method":
			bit = 16
			rawMethod = f.val
		case "ticket_id":
			bit = 32
			if len(f.val) > idLen {
				return AccountEvent{}, false
			}
			e.TicketID = string(f.val)
		default:
			return AccountEvent{}, false
		}
		if seen&bit != 0 {
			return AccountEvent{}, false
		}
		seen |= bit
	}
	if seen&15 != 15 {
		return AccountEvent{}, false
	}
	hasMethod := seen&16 != 0
	switch e.Action {
	case "authenticator_registered", "authenticator_removed":
		if !hasMethod {
			return AccountEvent{}, false
		}
		e.Method = string(vocab.MethodOf(rawMethod))
	case "recovery_started", "recovery_completed", "recovery_failed":
		if !hasMethod {
			return AccountEvent{}, false
		}
		e.Method = string(vocab.RecoveryMethodOf(rawMethod))
	case "password_reset":
		if len(rawMethod) != 0 {
			return AccountEvent{}, false
		}
		return e, true
	}
	return e, e.Method != ""
}
