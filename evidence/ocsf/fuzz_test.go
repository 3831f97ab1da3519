package ocsf

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

// FuzzRead feeds arbitrary input to the adapter in each of its kinds: it must
// not panic, every item must be exactly one thing, located when it comes from
// a line, and every record must hold to the native vocabularies.
func FuzzRead(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json*"))
	if err != nil || len(files) == 0 {
		f.Fatal("no seeds in testdata", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range New().Kinds {
			last := 0
			New().Read(bytes.NewReader(data), k, func(it evidence.Item) bool {
				n := 0
				for _, set := range []bool{it.Record != nil, it.Skip != "", it.Problem != "", it.Note != "", it.Lacks != ""} {
					if set {
						n++
					}
				}
				if n != 1 {
					t.Fatalf("%s: item is %d things: %+v", k, n, it)
				}
				if it.Note != "" || it.Lacks != "" {
					return true
				}
				if it.Line < 1 || it.Line < last {
					t.Fatalf("%s: line %d after %d: %+v", k, it.Line, last, it)
				}
				last = it.Line
				if it.Record != nil {
					if msg := checkNative(it.Record, k); msg != "" {
						t.Fatalf("%s line %d: %s: %+v", k, it.Line, msg, it.Record)
					}
				}
				return true
			})
		}
	})
}

var (
	actions   = []string{"authenticator_registered", "authenticator_removed", "password_reset"}
	platforms = []string{"windows", "macos", "ios", "android", "linux", "chromeos"}
)

func utc(t time.Time) bool { return !t.IsZero() && t.Location() == time.UTC }

// checkNative says what is wrong with a mapped record of kind k.
func checkNative(rec any, k evidence.Kind) string {
	switch r := rec.(type) {
	case evidence.AuthEvent:
		known := r.Method.Stronger("")
		switch {
		case k != evidence.AuthEvents:
			return "a sign-in in another kind"
		case !utc(r.Time) || r.UserID == "" || r.App == "" || (!known && r.Method != vocab.MethodUnknown):
			return "incomplete sign-in"
		}
	case evidence.AccountEvent:
		known := vocab.Method(r.Method).Stronger("")
		switch {
		case k != evidence.AccountEvents:
			return "an account event in another kind"
		case !utc(r.Time) || r.UserID == "" || !slices.Contains(actions, r.Action):
			return "incomplete account event"
		case r.Channel != "self_service" && r.Channel != "helpdesk":
			return "bad channel"
		case (r.Action == "password_reset") != (r.Method == ""), r.Method != "" && !known:
			return "bad method"
		}
	case evidence.Device:
		switch {
		case k != evidence.Devices:
			return "a device in another kind"
		case !utc(r.LastSeen) || r.DeviceID == "" || !slices.Contains(platforms, r.Platform):
			return "incomplete device"
		case r.Ownership != "corporate" && r.Ownership != "personal":
			return "bad ownership"
		case r.OSVersion == "" || strings.Trim(r.OSVersion, "0123456789.") != "" || strings.Contains(r.OSVersion, "..") ||
			strings.HasPrefix(r.OSVersion, ".") || strings.HasSuffix(r.OSVersion, "."):
			return "bad version"
		}
	default:
		return "unexpected record type"
	}
	return ""
}
