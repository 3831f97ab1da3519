package okta

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

func seeds(f *testing.F, patterns ...string) {
	var files []string
	for _, p := range patterns {
		more, err := filepath.Glob(filepath.Join("testdata", p))
		if err != nil || len(more) == 0 {
			f.Fatalf("no seeds for %s: %v", p, err)
		}
		files = append(files, more...)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkItem holds every item to what the loader expects of an adapter.
func checkItem(t *testing.T, it evidence.Item) {
	t.Helper()
	set := 0
	for _, s := range []string{it.Skip, it.Problem, it.Note} {
		if s != "" {
			set++
		}
	}
	if it.Record != nil {
		set++
	}
	if set != 1 {
		t.Fatalf("item %+v is not exactly one of record, skip, problem, note", it)
	}
	if strings.ContainsAny(it.Skip, "@ \"'") {
		t.Fatalf("skip label %q may carry data from the record", it.Skip)
	}
	if (it.Skip != "" || it.Problem != "") && it.Line < 1 {
		t.Fatalf("item %+v has no line", it)
	}
	switch r := it.Record.(type) {
	case nil:
	case evidence.AuthEvent:
		if r.Time.IsZero() || r.UserID == "" || r.App == "" || (!slices.Contains(vocab.Methods(), r.Method) && r.Method != vocab.MethodUnknown) || r.Time.Location().String() != "UTC" {
			t.Fatalf("sign-in %+v", r)
		}
	case evidence.AccountEvent:
		if r.Time.IsZero() || r.UserID == "" || (r.Channel != "self_service" && r.Channel != "helpdesk") || !slices.Contains(evidence.Actions, r.Action) {
			t.Fatalf("account event %+v", r)
		}
		ok := r.Method == ""
		switch r.Action {
		case "authenticator_registered", "authenticator_removed":
			ok = slices.Contains(vocab.Methods(), vocab.Method(r.Method))
		case "recovery_started", "recovery_completed", "recovery_failed":
			ok = slices.Contains(vocab.RecoveryMethods(), vocab.RecoveryMethod(r.Method))
		}
		if !ok {
			t.Fatalf("account event %+v", r)
		}
	case *evidence.PolicySet:
		for _, a := range r.Apps {
			if a.App == "" || a.AAL < 1 || a.AAL > 3 {
				t.Fatalf("app %+v", a)
			}
		}
	default:
		t.Fatalf("record %T", r)
	}
}

func FuzzSystemLog(f *testing.F) {
	seeds(f, "systemlog*", "panther*", "problems*", "truncated*")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents} {
			NewSystemLog().Read(bytes.NewReader(data), k, func(it evidence.Item) bool {
				checkItem(t, it)
				return true
			})
		}
	})
}

func FuzzPolicies(f *testing.F) {
	seeds(f, "policies*")
	f.Fuzz(func(t *testing.T, data []byte) {
		sets := 0
		NewPolicies().Read(bytes.NewReader(data), evidence.Policies, func(it evidence.Item) bool {
			checkItem(t, it)
			if it.Record != nil {
				sets++
			}
			return true
		})
		if sets > 1 {
			t.Fatalf("%d policy sets", sets)
		}
	})
}

// FuzzScanEvent checks the single-pass decoder against encoding/json: whenever
// scanEvent accepts a record, encoding/json must accept it too and decode the
// same event.
func FuzzScanEvent(f *testing.F) {
	for _, name := range []string{"systemlog.jsonl", "panther.jsonl", "problems.jsonl", "systemlog.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			f.Add(bytes.TrimSuffix(line, []byte(",")))
		}
	}
	f.Add([]byte(`{"EVENTTYPE":"x","target":[],"Target":null,"actor":null,"outcome":{"result":"\u0041"},"published":"caf\u00e9 é"}`))
	f.Add([]byte(`{"target":[null,{"detailEntry":{"methodUsedVerifiedProperties":null}}],"device":{"id":"d","ID":"e"},"x":[1,-2.5e3,{"a":[true,false,null]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast, std logEvent
		if !scanEvent(data, &fast) {
			return
		}
		if err := json.Unmarshal(data, &std); err != nil {
			t.Fatalf("scanEvent accepted what encoding/json refuses (%v): %q", err, data)
		}
		if !reflect.DeepEqual(fast, std) {
			t.Fatalf("scanEvent %+v\nencoding/json %+v\ninput %q", fast, std, data)
		}
	})
}
