package evidence

import (
	"time"

	"github.com/assure-dev/assure/schemas"
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
