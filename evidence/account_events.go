package evidence

// The account_events kind: one account-lifecycle event per JSON line
// (authenticators registered and removed, password resets, recoveries),
// streamed. This file holds the record, how a line becomes one and the
// stream over every source.

import (
	"iter"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/schemas"
	"github.com/assure-dev/assure/vocab"
)

// AccountEvent is one account-lifecycle event.
type AccountEvent struct {
	Time   time.Time
	UserID string
	Action string
	// Method is a vocab.Method for the authenticator actions and a
	// vocab.RecoveryMethod for the recovery ones; a password reset has none.
	Method   string
	Channel  string
	TicketID string
	// EventID is the source's id of the event (event_id; Okta uuid, Graph
	// id, OCSF metadata.uid): an event is counted once per id, action and
	// method.
	EventID string
}

// AccountEvents streams every account_events source in manifest order.
func (s *Set) AccountEvents() iter.Seq2[AccountEvent, *problem.Problem] {
	return streamKind(s, AccountEvents, accountEventDecoder(s.schemas), func(e *AccountEvent) (time.Time, *string) { return e.Time, &e.UserID })
}

func accountEventDecoder(set *schemas.Set) lineDecoder[AccountEvent] {
	return eventDecoder(set, AccountEvents, fastAccountEvent, accountEventFrom)
}

func accountEventFrom(m map[string]any) AccountEvent {
	return AccountEvent{Time: when(m, "time"), UserID: str(m, "user_id"), Action: str(m, "action"), Method: str(m, "method"),
		Channel: str(m, "channel"), TicketID: str(m, "ticket_id"), EventID: str(m, "event_id")}
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
		case "event_id":
			bit = 64
			if len(f.val) > idLen {
				return AccountEvent{}, false
			}
			e.EventID = string(f.val)
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
