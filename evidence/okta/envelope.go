package okta

import (
	"encoding/json"
	"strings"

	"github.com/assure-dev/assure/evidence/vendorio"
)

// Okta Log Streaming to Amazon EventBridge delivers each LogEvent inside the
// envelope every EventBridge event has (AWS EventBridge User Guide, "AWS
// service event metadata"), from a partner event source named
// aws.partner/okta.com/<org>/<stream> (Okta Help Center, "Add an AWS
// EventBridge log stream"):
//
//	{"version": "0", "id": "…", "detail-type": "SystemLog",
//	 "source": "aws.partner/okta.com/acme/systemlog", "account": "…",
//	 "time": "…", "region": "…", "resources": [], "detail": {LogEvent}}
//
// Targets that keep the events (a CloudWatch log group, S3 through Firehose)
// write one envelope per line. The adapter reads the LogEvent under detail;
// the envelope says nothing the assessment needs (its time is the delivery's).

// eventBridgeDetail returns the LogEvent of an EventBridge envelope: the
// value of its detail key, an object or a JSON-encoded object, when the
// record also has a detail-type key. It reports false for anything else. It
// is only asked about records without an eventType, so an ordinary LogEvent
// costs nothing.
func eventBridgeDetail(body []byte) ([]byte, bool) {
	s := scanner{b: body}
	s.ws()
	var detail []byte
	marked := false
	ok := s.object(func(key []byte) bool {
		switch {
		case fold(key, "detail-type"):
			marked = true
		case fold(key, "detail"):
			s.ws()
			start := s.i
			if !s.skip() {
				return false
			}
			detail = body[start:s.i]
			return true
		}
		return s.skip()
	})
	if ok {
		s.ws()
		ok = s.i == len(s.b)
	}
	if !ok {
		// Keys the scanner leaves to encoding/json (escapes, non-ASCII).
		var env struct {
			DetailType *string         `json:"detail-type"`
			Detail     json.RawMessage `json:"detail"`
		}
		if json.Unmarshal(body, &env) != nil {
			return nil, false
		}
		detail, marked = env.Detail, env.DetailType != nil
	}
	if !marked || len(detail) == 0 {
		return nil, false
	}
	if detail[0] == '"' { // a pipeline that kept the detail as text
		var text string
		if json.Unmarshal(detail, &text) != nil {
			return nil, false
		}
		detail = []byte(strings.TrimSpace(text))
	}
	if len(detail) == 0 || detail[0] != '{' || !json.Valid(detail) {
		return nil, false
	}
	return detail, true
}

// eventBridgeMap is eventBridgeDetail for a record decoded generically (the
// pretty-printed reader): the detail object of an envelope, or m itself.
func eventBridgeMap(m map[string]any) map[string]any {
	if vendorio.Get(m, "eventType") != nil || vendorio.Get(m, "detail-type") == nil {
		return m
	}
	switch d := vendorio.Get(m, "detail").(type) {
	case map[string]any:
		return d
	case string:
		var inner map[string]any
		dec := json.NewDecoder(strings.NewReader(d))
		dec.UseNumber()
		if dec.Decode(&inner) == nil && inner != nil && !dec.More() {
			return inner
		}
	}
	return m
}
