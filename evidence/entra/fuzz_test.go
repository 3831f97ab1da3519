package entra

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/vocab"
)

// seed adds the fixtures whose names start with prefix, and a few shapes that
// are not in them, to a fuzz corpus (go test runs the seeds).
func seed(f *testing.F, prefix string, extra ...string) {
	names, err := filepath.Glob(filepath.Join("testdata", prefix+"*"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures %s*: %v", prefix, err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, e := range append(extra, "", "[]", "{}", "\ufeff\n", "[{\"value\":[1]}]", "{\"records\":[null]}", "a,b\n\"x") {
		f.Add([]byte(e))
	}
}

// fuzzRead checks what every adapter promises whatever the input: no panic, a
// stream error located by vendorio, records of the kind that meet the native
// vocabularies, problems that name a field, and short one-line skip labels.
func fuzzRead(t *testing.T, a evidence.Adapter, k evidence.Kind, data []byte) {
	err := a.Read(bytes.NewReader(data), k, func(it evidence.Item) bool {
		switch {
		case it.Problem != "":
			if it.Field == "" {
				t.Errorf("problem without a field: %+v", it)
			}
		case it.Skip != "":
			if len(it.Skip) > 200 || strings.ContainsAny(it.Skip, "\n\r") {
				t.Errorf("skip label %q is not one short line", it.Skip)
			}
		case it.Note != "", it.Lacks != "":
		default:
			if msg := invalid(k, it.Record); msg != "" {
				t.Errorf("line %d: %s: %+v", it.Line, msg, it.Record)
			}
		}
		return true
	})
	var ve *problem.Problem
	if err != nil && !errors.As(err, &ve) {
		t.Errorf("error %v (%T) is not located", err, err)
	}
}

// invalid restates the native rules a mapped record must meet.
func invalid(k evidence.Kind, rec any) string {
	switch r := rec.(type) {
	case evidence.AuthEvent:
		switch {
		case k != evidence.AuthEvents:
			return "an auth event for " + string(k)
		case r.Time.IsZero() || r.UserID == "" || r.App == "":
			return "incomplete auth event"
		case !slices.Contains(vocab.Methods(), r.Method) && r.Method != vocab.MethodUnknown:
			return "method outside the vocabulary"
		}
	case evidence.AccountEvent:
		switch {
		case k != evidence.AccountEvents:
			return "an account event for " + string(k)
		case r.Time.IsZero() || r.UserID == "":
			return "incomplete account event"
		case r.Channel != "self_service" && r.Channel != "helpdesk":
			return "channel outside the vocabulary"
		case !slices.Contains(evidence.Actions, r.Action):
			return "action outside the vocabulary"
		case r.Action == "password_reset" && r.Method != "":
			return "a password reset with a method"
		case strings.HasPrefix(r.Action, "authenticator_") && !slices.Contains(vocab.Methods(), vocab.Method(r.Method)):
			return "method outside the vocabulary"
		case strings.HasPrefix(r.Action, "recovery_") && !slices.Contains(vocab.RecoveryMethods(), vocab.RecoveryMethod(r.Method)):
			return "recovery method outside the vocabulary"
		}
	case evidence.Authenticator:
		switch {
		case k != evidence.Authenticators:
			return "an authenticator for " + string(k)
		case r.UserID == "" || r.ID == "" || !r.DatesUnknown || !r.RegisteredAt.IsZero():
			return "not an undated snapshot authenticator"
		case !slices.Contains(vocab.Methods(), r.Type):
			return "type outside the vocabulary"
		}
	default:
		return "unexpected record type"
	}
	return ""
}

func FuzzSignIns(f *testing.F) {
	seed(f, "signins-",
		`{"category":"SignInLogs","resultType":"0","properties":"{\"userPrincipalName\":\"a@x\",\"appId\":\"1\",\"createdDateTime\":\"2026-08-01T00:00:00Z\",\"authenticationDetails\":\"[{\\\"authenticationMethod\\\":\\\"Passkey (synced)\\\"}]\"}"}`,
		"Date (UTC),Username,Status,Application,Authentication requirement,Incoming token type,Incoming token type\n2026-08-01,a@x,Success,P,,None,Refresh token\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, NewSignIns(), evidence.AuthEvents, data) })
}

func FuzzAudit(f *testing.F) {
	seed(f, "audit-",
		`{"activityDisplayName":"Reset password","activityDateTime":"2026-08-01T00:00:00Z","result":"success","targetResources":"[{\"type\":\"User\",\"userPrincipalName\":\"a@x\"}]"}`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, NewAudit(), evidence.AccountEvents, data) })
}

func FuzzRegistrationDetails(f *testing.F) {
	seed(f, "registration-",
		`{"userPrincipalName":"a@x","methodsRegistered":"[\"fido2\",\"securityQuestion\"]"}`,
		"userPrincipalName,methodsRegistered,userType\na@x,fido2;passKeySynced,member\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, NewRegistrationDetails(), evidence.Authenticators, data) })
}
