package ocsf

import (
	"fmt"
	"time"

	"github.com/assure-dev/assure/evidence"
)

// render writes an item on one line, for comparing with a test's expectations.
func render(it evidence.Item) string {
	at := func(t time.Time) string { return t.Format(time.RFC3339Nano) }
	switch {
	case it.Problem != "":
		return fmt.Sprintf("%d problem %s: %s", it.Line, it.Field, it.Problem)
	case it.Skip != "":
		return fmt.Sprintf("%d skip %s", it.Line, it.Skip)
	case it.Note != "":
		return "note " + it.Note
	}
	switch r := it.Record.(type) {
	case evidence.AuthEvent:
		outcome := "failure"
		if r.Success {
			outcome = "success"
		}
		return fmt.Sprintf("%d auth %s %s %s %s %s device=%s session=%s", it.Line, at(r.Time), r.UserID, r.App, r.Method, outcome, r.DeviceID, r.SessionID)
	case evidence.AccountEvent:
		return fmt.Sprintf("%d account %s %s %s %s %s", it.Line, at(r.Time), r.UserID, r.Action, r.Method, r.Channel)
	case evidence.Device:
		ks := fmt.Sprint(r.HardwareKeystore)
		if r.KeystoreUnknown {
			ks = "unknown"
		}
		return fmt.Sprintf("%d device %s user=%s %s %s keystore=%s managed=%t %s shared=%t seen=%s", it.Line, r.DeviceID, r.UserID,
			r.Platform, r.OSVersion, ks, r.Managed, r.Ownership, r.Shared, at(r.LastSeen))
	}
	return fmt.Sprintf("%d record %T", it.Line, it.Record)
}
