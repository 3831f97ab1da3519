package okta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
)

// testdata/eventbridge.jsonl is testdata/systemlog.jsonl as Okta Log Streaming
// delivers it through Amazon EventBridge: each LogEvent under "detail" of the
// envelope every EventBridge event has (version, id, detail-type, source,
// account, time, region, resources, detail: AWS EventBridge User Guide, "AWS
// service event metadata", docs.aws.amazon.com/eventbridge/latest/userguide/
// eb-events-structure.html), from the partner event source Okta creates,
// aws.partner/okta.com/<org>/<name> (Okta Help Center, "Add an AWS
// EventBridge log stream"), with detail-type "SystemLog" as public receivers
// of Okta's stream check for it (open-sspm's Okta EventBridge handler); the
// Okta developer blog's "Visualize your Okta logs with log streaming, AWS
// EventBridge and Log Insights" queries the same events as detail.eventType and
// detail.outcome.result. One envelope per line is how an EventBridge rule's
// CloudWatch Logs or Firehose-to-S3 target keeps them.
func TestEventBridgeEnvelopes(t *testing.T) {
	t.Parallel()
	plain, wrapped := fixture(t, "systemlog.jsonl"), fixture(t, "eventbridge.jsonl")
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		want, got := read(t, NewSystemLog(), plain, k), read(t, NewSystemLog(), wrapped, k)
		if got.err != nil || got.problems != nil {
			t.Fatalf("%s: error %v, problems %q", k, got.err, got.problems)
		}
		if len(got.records) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s through EventBridge:\n%+v\nwant what the LogEvents give:\n%+v", k, got, want)
		}
	}
}

// TestEventBridgeShapes: the envelopes as an array (a page of a CloudWatch
// Logs export), pretty-printed, and with the detail kept as text by a
// pipeline, read like the envelopes one per line.
func TestEventBridgeShapes(t *testing.T) {
	t.Parallel()
	wrapped := fixture(t, "eventbridge.jsonl")
	var lines [][]byte
	for _, l := range bytes.Split(wrapped, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			lines = append(lines, l)
		}
	}
	array := append(append([]byte("[\n"), bytes.Join(lines, []byte(",\n"))...), "\n]"...)
	var pretty, text bytes.Buffer
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal(l, &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(v, "", "  ")
		pretty.Write(append(b, '\n'))
		detail, _ := json.Marshal(v["detail"])
		v["detail"] = string(detail)
		b, _ = json.Marshal(v)
		text.Write(append(b, '\n'))
	}
	noLines := func(records []string) []string {
		out := make([]string, len(records))
		for i, r := range records {
			out[i] = r[strings.IndexByte(r, ' ')+1:]
		}
		slices.Sort(out)
		return out
	}
	for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
		want := read(t, NewSystemLog(), wrapped, k)
		for name, data := range map[string][]byte{"array": array, "pretty": pretty.Bytes(), "detail as text": text.Bytes()} {
			got := read(t, NewSystemLog(), data, k)
			if got.err != nil || got.problems != nil || !slices.Equal(noLines(got.records), noLines(want.records)) || fmt.Sprint(got.skips) != fmt.Sprint(want.skips) {
				t.Errorf("%s as %s: %v %q\n%q %v\nwant\n%q %v", name, k, got.err, got.problems, got.records, got.skips, want.records, want.skips)
			}
		}
	}
}

// TestNotAnEnvelope: a detail key alone does not make an envelope, and an
// envelope whose detail is not a LogEvent is an event without an eventType.
func TestNotAnEnvelope(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		`{"detail":{"eventType":"user.session.start","published":"2026-08-04T12:00:00Z"}}`,
		`{"detail-type":"SystemLog","source":"aws.partner/okta.com/x/y","detail":[1]}`,
		`{"detail-type":"SystemLog","detail":"not json"}`,
	} {
		res := read(t, NewSystemLog(), []byte(line+"\n"), evidence.AuthEvents)
		if len(res.problems) != 1 || !strings.Contains(res.problems[0], "eventType: no eventType") {
			t.Errorf("%s: problems %q, want no eventType", line, res.problems)
		}
	}
}

// FuzzEventBridge: whatever the bytes, unwrapping never panics, gives only a
// JSON object, and decoding an envelope gives what decoding its detail gives.
func FuzzEventBridge(f *testing.F) {
	for _, l := range bytes.Split(fixture(f, "eventbridge.jsonl"), []byte("\n")) {
		f.Add(l)
	}
	for _, s := range []string{"", "{}", `{"detail-type":1,"detail":{}}`, `{"detail-type":"x","detail":"{\"eventType\":\"a\"}"}`,
		`{"detail-type":"x","detail":"{"}`, `{"detail-type":"x","detail":{"eventType":null}}`, `{"d\u0065tail-type":"x","detail":{"eventType":"a"}}`,
		`{"detail-type":"x","detail":{"detail-type":"y","detail":{"eventType":"nested"}}}`, `{"detail-type":"x","detail":` + strings.Repeat("[", 50)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		detail, ok := eventBridgeDetail(body)
		if !ok {
			return
		}
		if len(detail) == 0 || detail[0] != '{' || !json.Valid(detail) {
			t.Fatalf("detail %q is not a JSON object", detail)
		}
		var a, b logEvent
		aderr, aserr := decode(body, &a)
		bderr, bserr := decodeEvent(detail, &b)
		if fmt.Sprint(aderr, aserr) != fmt.Sprint(bderr, bserr) || !reflect.DeepEqual(a, b) {
			t.Fatalf("envelope decodes to %+v (%v %v), its detail to %+v (%v %v)", a, aderr, aserr, b, bderr, bserr)
		}
	})
}
