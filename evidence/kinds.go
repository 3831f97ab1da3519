package evidence

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/schemas"
	"github.com/assure-dev/assure/vocab"
)

// The functions below turn schema-valid JSON-shaped objects into typed records.
// They run only after validation, so type assertions cannot fail on the
// fields the schema requires.

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func when(m map[string]any, k string) time.Time {
	t, _ := schemas.ParseTime(str(m, k))
	return t
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	case int64:
		return float64(v), true
	}
	return 0, false
}

func numberPtr(m map[string]any, k string) *float64 {
	if f, ok := number(m[k]); ok {
		return &f
	}
	return nil
}

func stringList(m map[string]any, k string) ([]string, bool) {
	raw, ok := m[k].([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		out = append(out, v.(string))
	}
	return out, true
}

func personFrom(m map[string]any) Person {
	_, known := m["privileged"]
	return Person{UserID: str(m, "user_id"), Persona: str(m, "persona"), Employment: str(m, "employment"),
		Privileged: boolean(m, "privileged"), PrivilegedKnown: known, InScope: boolean(m, "in_scope"),
		InScopeFrom: when(m, "in_scope_from")}
}

func deviceFrom(m map[string]any) Device {
	return Device{DeviceID: str(m, "device_id"), UserID: str(m, "user_id"), Platform: str(m, "platform"),
		OSVersion: str(m, "os_version"), HardwareKeystore: boolean(m, "hardware_keystore"), Managed: boolean(m, "managed"),
		Ownership: str(m, "ownership"), Shared: boolean(m, "shared"), LastSeen: when(m, "last_seen"),
		KeystoreUnknown: m["hardware_keystore"] == nil}
}

func authenticatorFrom(m map[string]any) Authenticator {
	return Authenticator{UserID: str(m, "user_id"), ID: str(m, "authenticator_id"), Type: vocab.Method(str(m, "type")),
		RegisteredAt: when(m, "registered_at"), RevokedAt: when(m, "revoked_at")}
}

func policiesFrom(doc map[string]any) PolicySet {
	var p PolicySet
	idp, _ := doc["idp"].(map[string]any)
	p.IdP.MaxSessionHours = numberPtr(idp, "max_session_hours")
	p.IdP.IdleTimeoutMinutes = numberPtr(idp, "idle_timeout_minutes")
	p.IdP.LockoutThreshold = numberPtr(idp, "lockout_threshold")
	p.IdP.RecoveryMethods, _ = stringList(idp, "recovery_methods")
	if b, ok := idp["notify_on_recovery"].(bool); ok {
		p.IdP.NotifyOnRecovery = &b
	}
	p.IdP.AllowedMethods, p.IdP.HasAllowed = stringList(idp, "allowed_methods")
	p.IdP.FallbackMethods, p.IdP.HasFallback = stringList(idp, "fallback_methods")
	p.IdP.StepUp = str(idp, "step_up")
	p.IdP.SharedWorkstationIdleMinutes = numberPtr(idp, "shared_workstation_idle_minutes")
	apps, _ := doc["apps"].([]any)
	for _, raw := range apps {
		a := raw.(map[string]any)
		aal, _ := number(a["aal"])
		app := AppPolicy{App: str(a, "app"), AAL: int(aal), MaxSessionHours: numberPtr(a, "max_session_hours"),
			IdleTimeoutMinutes: numberPtr(a, "idle_timeout_minutes"), StepUp: str(a, "step_up")}
		app.AllowedMethods, app.HasAllowed = stringList(a, "allowed_methods")
		app.FallbackMethods, app.HasFallback = stringList(a, "fallback_methods")
		p.Apps = append(p.Apps, app)
	}
	return p
}

func governanceFrom(doc map[string]any) GovernanceRecord {
	var g GovernanceRecord
	if o, ok := doc["owner"].(string); ok {
		g.Owner = &o
	}
	g.RolloutStart = when(doc, "rollout_start")
	g.SupportedPlatformsDocumented = when(doc, "supported_platforms_documented")
	g.LastMetricsReview = when(doc, "last_metrics_review")
	g.RecoveryRiskAnalysis = when(doc, "recovery_risk_analysis")
	if sp, ok := doc["supported_platforms"].(map[string]any); ok {
		g.SupportedPlatforms = map[string]string{}
		for k, v := range sp {
			g.SupportedPlatforms[k] = v.(string)
		}
	}
	exc, _ := doc["exception"].([]any)
	for _, raw := range exc {
		e := raw.(map[string]any)
		g.Exceptions = append(g.Exceptions, Exception{ID: str(e, "id"), Scope: str(e, "scope"), Owner: str(e, "owner"),
			Justification: str(e, "justification"), Expires: when(e, "expires")})
	}
	ais, _ := doc["ai_system"].([]any)
	for _, raw := range ais {
		a := raw.(map[string]any)
		sys := AISystem{Name: str(a, "name"), Owner: str(a, "owner"), LastReview: when(a, "last_review")}
		sys.HumanOverride, sys.HasOverride = a["human_override"].(bool)
		g.AISystems = append(g.AISystems, sys)
	}
	return g
}

// decodeJSONLine is the general path for one JSON Lines record: parse, validate
// against the kind's schema, and report problems with their JSON Pointer.
func decodeJSONLine(b []byte, set *schemas.Set, k Kind) (map[string]any, []*problem.Problem) {
	v, err := schemas.DecodeJSON(b)
	if err != nil {
		return nil, []*problem.Problem{{Msg: "invalid JSON: " + jsonErrorText(err) + "; want one complete JSON object per line"}}
	}
	vs, err := set.Validate(string(k), v)
	if err != nil {
		return nil, []*problem.Problem{{Msg: err.Error()}}
	}
	if len(vs) > 0 {
		out := make([]*problem.Problem, len(vs))
		for i, x := range vs {
			out[i] = &problem.Problem{Where: x.Pointer, Msg: x.Message}
			if x.Pointer == "" {
				out[i].Where = "/"
			}
		}
		return nil, out
	}
	return v.(map[string]any), nil
}

// jsonErrorText words a JSON syntax error without Go's package prefixes.
func jsonErrorText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d of the line)", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the JSON value ends before it is complete"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// eventDecoder decodes one line of an event kind: through the fast path when
// the line has the common shape, else through the schema, which alone words
// the problems.
func eventDecoder[T any](set *schemas.Set, k Kind, fast func([]byte, *decodeState) (T, bool), from func(map[string]any) T) lineDecoder[T] {
	return func(b []byte, st *decodeState) (T, []*problem.Problem) {
		if e, ok := fast(b, st); ok {
			return e, nil
		}
		m, probs := decodeJSONLine(b, set, k)
		if probs != nil {
			var zero T
			return zero, probs
		}
		return from(m), nil
	}
}
