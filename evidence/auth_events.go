package evidence

// The auth_events kind: one sign-in per JSON line, streamed. This file holds
// the record, how a line becomes one (the fast path for the common shape,
// the schema path for everything else) and the stream over every source.

import (
	"iter"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/schemas"
	"github.com/assure-dev/assure/vocab"
)

// AuthEvent is one sign-in.
type AuthEvent struct {
	Time    time.Time
	UserID  string
	App     string
	Method  vocab.Method // vocab.MethodUnknown when the source cannot tell
	Success bool
	// Abandoned: the flow stopped at a factor challenge nobody answered. Such
	// a sign-in is a failure (Success is false).
	Abandoned bool
	DeviceID  string
	SessionID string
	// EventID is the source's id of the sign-in (event_id; Okta uuid,
	// Graph id, OCSF metadata.uid): a sign-in is counted once per id.
	EventID string
}

// AuthEvents streams every auth_events source in manifest order. A yielded
// problem does not stop the stream; the caller decides.
func (s *Set) AuthEvents() iter.Seq2[AuthEvent, *problem.Problem] {
	return streamKind(s, AuthEvents, authEventDecoder(s.schemas), func(e *AuthEvent) (time.Time, *string) { return e.Time, &e.UserID })
}

func authEventDecoder(set *schemas.Set) lineDecoder[AuthEvent] {
	return eventDecoder(set, AuthEvents, fastAuthEvent, authEventFrom)
}

func authEventFrom(m map[string]any) AuthEvent {
	return AuthEvent{Time: when(m, "time"), UserID: str(m, "user_id"), App: str(m, "app"), Method: vocab.Method(str(m, "method")),
		Success: str(m, "outcome") == "success", Abandoned: str(m, "outcome") == "abandoned", DeviceID: str(m, "device_id"), SessionID: str(m, "session_id"),
		EventID: str(m, "event_id")}
}

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
				if string(f.val) != string(vocab.MethodUnknown) {
					return AuthEvent{}, false
				}
				e.Method = vocab.MethodUnknown
			}
		case "outcome":
			bit = 16
			switch string(f.val) {
			case "success":
				e.Success = true
			case "failure":
			case "abandoned":
				e.Abandoned = true
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
		case "event_id":
			bit = 128
			if len(f.val) > idLen {
				return AuthEvent{}, false
			}
			e.EventID = string(f.val)
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
