// Package okta reads Okta exports: the System Log ("okta-systemlog": the JSON
// array GET /api/v1/logs returns, or one LogEvent per line as Log Streaming and
// SIEM pipelines keep it) as auth_events and account_events, and the policies
// ("okta-policies": GET /api/v1/policies with their rules embedded) as
// policies.
//
// One System Log file feeds both event kinds: the manifest names it twice, once
// per kind, and each reading keeps the event types of its kind and counts the
// others as skipped, by event type. docs/adapters/okta.md describes the
// mapping, what it approximates and what it loses.
package okta

import (
	"strings"
	"time"
)

const (
	// SystemLogFormat is the manifest format of the System Log.
	SystemLogFormat = "okta-systemlog"
	// PoliciesFormat is the manifest format of the policies export.
	PoliciesFormat = "okta-policies"
)

// timeLayouts are Okta's published (RFC 3339 with milliseconds) and the
// spellings pipelines rewrite it to (Panther: "2024-06-03 14:21:07.512000000",
// UTC without a zone). A time without a zone is UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"}

// known reports whether an Okta identifier is set: Okta writes "unknown" (and
// some pipelines "null") where it has none.
func known(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.EqualFold(s, "unknown") && !strings.EqualFold(s, "null")
}
