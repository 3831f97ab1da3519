package okta

import (
	"testing"
	"testing/fstest"

	"github.com/assure-dev/assure/evidence"
)

// One System Log export feeds two kinds: the manifest names the file twice.
const manifest = `organization = "Northwind"
period = { start = 2026-07-01, end = 2026-09-30 }

[[source]]
kind = "population"
path = "population.csv"

[[source]]
kind = "auth_events"
path = "okta/systemlog.json"
format = "okta-systemlog"
system = "Okta"

[[source]]
kind = "account_events"
path = "okta/systemlog.json"
format = "okta-systemlog"
system = "Okta"

[[source]]
kind = "policies"
path = "okta/policies.json"
format = "okta-policies"
system = "Okta"
`

func TestOneFileTwoKinds(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"evidence.toml":       {Data: []byte(manifest)},
		"population.csv":      {Data: []byte("user_id,persona,employment,privileged,in_scope\nmei.chen@northwind.example,knowledge_worker,employee,false,true\n")},
		"okta/systemlog.json": {Data: fixture(t, "systemlog.json")},
		"okta/policies.json":  {Data: fixture(t, "policies.json")},
	}
	set, err := evidence.Load(evidence.NewFolder(fsys, "ev"), evidence.NewFormats(NewSystemLog(), NewPolicies()))
	if err != nil {
		t.Fatal(err)
	}
	var signIns, mei int
	for e, p := range set.AuthEvents() {
		if p != nil {
			t.Fatal(p)
		}
		signIns++
		if e.UserID == "mei.chen@northwind.example" { // normalised from Mei.Chen@Northwind.example
			mei++
		}
	}
	var account int
	for _, p := range set.AccountEvents() {
		if p != nil {
			t.Fatal(p)
		}
		account++
	}
	if signIns != 6 || mei != 1 || account != 8 {
		t.Errorf("%d sign-ins (%d of them Mei's), %d account events; want 6, 1, 8", signIns, mei, account)
	}
	auth, acct := set.Sources[1], set.Sources[2]
	if auth.SHA256 != acct.SHA256 || auth.Records != 6 || acct.Records != 8 {
		t.Errorf("sources %+v / %+v", auth, acct)
	}
	if auth.Skipped["user.account.reset_password"] != 2 || acct.Skipped["user.session.start"] != 4 || acct.Skipped["system.mfa.factor.activate"] != 1 {
		t.Errorf("skips %v / %v", auth.Skipped, acct.Skipped)
	}
	if len(auth.Notes) == 0 || len(acct.Notes) == 0 {
		t.Error("no notes")
	}
	if set.Policies == nil || len(set.Policies.Apps) != 4 || set.Sources[3].Records == 0 {
		t.Errorf("policies %+v, source %+v", set.Policies, set.Sources[3])
	}
}
