package okta

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
)

func f(v float64) *float64 { return &v }

// readPolicies returns the one policy set an export maps to, with the rest.
func readPolicies(t *testing.T, data []byte) (*evidence.PolicySet, result) {
	t.Helper()
	var ps *evidence.PolicySet
	res := result{skips: map[string]int{}}
	res.err = NewPolicies().Read(bytes.NewReader(data), evidence.Policies, func(it evidence.Item) bool {
		switch {
		case it.Problem != "":
			res.problems = append(res.problems, fmt.Sprintf("%d %s: %s", it.Line, it.Field, it.Problem))
		case it.Skip != "":
			res.skips[it.Skip]++
		case it.Note != "":
			res.notes = append(res.notes, it.Note)
		default:
			if ps != nil {
				t.Error("a second policy set")
			}
			ps = it.Record.(*evidence.PolicySet)
		}
		return true
	})
	return ps, res
}

func TestPolicies(t *testing.T) {
	t.Parallel()
	// The values below are read off the fixtures by hand (see the comments),
	// not produced by the code under test.
	baseline := []string{"passkey_device_bound", "passkey_synced", "security_key", "push", "otp_app", "email"} // MFA_ENROLL: okta_verify, webauthn, okta_email
	phishable := []string{"push", "otp_app", "email"}
	finance := []string{"passkey_device_bound", "security_key", "smart_card"} // phishing-resistant and hardware-protected: no synced passkey
	cases := []struct {
		name, file string
		want       evidence.PolicySet
		skips      map[string]int
		notes      []string
	}{
		{
			name: "API array", file: "policies.json",
			want: evidence.PolicySet{
				IdP: evidence.IdPPolicy{
					MaxSessionHours:    f(12), // the weaker active sign-on rule: 720 minutes; the inactive kiosk rule does not count
					IdleTimeoutMinutes: f(60),
					LockoutThreshold:   f(10),                                          // the larger of 10 and 5 attempts
					RecoveryMethods:    []string{"sms", "email", "security_questions"}, // okta_call as sms; contractors have no self-service reset
					AllowedMethods:     baseline, FallbackMethods: phishable, HasAllowed: true, HasFallback: true,
					StepUp: "any_mfa", // the default authentication policy requires two factors
				},
				Apps: []evidence.AppPolicy{
					{App: "Okta Dashboard", AAL: 2, MaxSessionHours: f(12), IdleTimeoutMinutes: f(60), AllowedMethods: baseline,
						FallbackMethods: phishable, HasAllowed: true, HasFallback: true, StepUp: "any_mfa"},
					{App: "Workday", AAL: 2, MaxSessionHours: f(4), IdleTimeoutMinutes: f(30), AllowedMethods: finance,
						FallbackMethods: []string{}, HasAllowed: true, HasFallback: true, StepUp: "phishing_resistant"},
					{App: "Payroll", AAL: 2, MaxSessionHours: f(4), IdleTimeoutMinutes: f(30), AllowedMethods: finance,
						FallbackMethods: []string{}, HasAllowed: true, HasFallback: true, StepUp: "phishing_resistant"},
					// A password-only rule (reauthenticate every 24 h, capped by the 12 h session)
					// and a FastPass rule requiring two factors: AAL 2, password as fallback.
					{App: "Intranet", AAL: 2, MaxSessionHours: f(12), IdleTimeoutMinutes: f(60), AllowedMethods: []string{"passkey_device_bound", "password"},
						FallbackMethods: []string{"password"}, HasAllowed: true, HasFallback: true, StepUp: "none"},
				},
			},
			skips: map[string]int{"PROFILE_ENROLLMENT": 1, "ACCESS_POLICY:INACTIVE": 1},
			notes: []string{"voice-call password recovery is recorded as sms", "1 authentication policies list no applications", "notify_on_recovery"},
		},
		{
			name: "wrapped, Identity Engine password policy, method chains", file: "policies-wrapped.json",
			want: evidence.PolicySet{
				IdP: evidence.IdPPolicy{
					RecoveryMethods: []string{"email", "security_questions"}, // push recovery has no native method
					AllowedMethods:  []string{"push", "otp_app", "otp_hardware", "sms", "voice", "email", "password"},
					FallbackMethods: []string{"push", "otp_app", "otp_hardware", "sms", "voice", "email", "password"},
					HasAllowed:      true, HasFallback: true, StepUp: "none",
				},
				Apps: []evidence.AppPolicy{
					// password, then push or WebAuthn; re-authenticate every 8 h; no session policy to cap it
					{App: "GlobalProtect VPN", AAL: 2, MaxSessionHours: f(8), AllowedMethods: []string{"passkey_device_bound", "passkey_synced", "security_key", "push"},
						FallbackMethods: []string{"push"}, HasAllowed: true, HasFallback: true, StepUp: "any_mfa"},
					{App: "Default Policy", AAL: 1, AllowedMethods: []string{"push", "otp_app", "otp_hardware", "sms", "voice", "email", "password"},
						FallbackMethods: []string{"push", "otp_app", "otp_hardware", "sms", "voice", "email", "password"}, HasAllowed: true, HasFallback: true, StepUp: "none"},
				},
			},
			skips: map[string]int{},
			notes: []string{"no global session policy", "no lockout", "Okta Verify password recovery", "no authenticator enrolment policy", "1 identity-proofing rules"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, res := readPolicies(t, fixture(t, c.file))
			if res.err != nil || res.problems != nil {
				t.Fatal(res.err, res.problems)
			}
			if ps == nil {
				t.Fatal("no policy set")
			}
			if !reflect.DeepEqual(ps.IdP, c.want.IdP) {
				t.Errorf("idp\n%s\nwant\n%s", show(ps.IdP), show(c.want.IdP))
			}
			if len(ps.Apps) != len(c.want.Apps) {
				t.Fatalf("%d apps, want %d", len(ps.Apps), len(c.want.Apps))
			}
			for i := range ps.Apps {
				if !reflect.DeepEqual(ps.Apps[i], c.want.Apps[i]) {
					t.Errorf("app\n%s\nwant\n%s", show(ps.Apps[i]), show(c.want.Apps[i]))
				}
			}
			if fmt.Sprint(res.skips) != fmt.Sprint(c.skips) {
				t.Errorf("skips %v, want %v", res.skips, c.skips)
			}
			all := strings.Join(res.notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(all, n) {
					t.Errorf("notes lack %q:\n%s", n, all)
				}
			}
			if ps.IdP.NotifyOnRecovery != nil {
				t.Error("notify_on_recovery set, but no Okta policy says it")
			}
		})
	}
}

func show(v any) string {
	p := func(x *float64) string {
		if x == nil {
			return "nil"
		}
		return fmt.Sprint(*x)
	}
	switch x := v.(type) {
	case evidence.IdPPolicy:
		return fmt.Sprintf("max=%s idle=%s lockout=%s recovery=%v allowed=%v(%v) fallback=%v(%v) step=%q",
			p(x.MaxSessionHours), p(x.IdleTimeoutMinutes), p(x.LockoutThreshold), x.RecoveryMethods, x.AllowedMethods, x.HasAllowed, x.FallbackMethods, x.HasFallback, x.StepUp)
	case evidence.AppPolicy:
		return fmt.Sprintf("%s aal=%d max=%s idle=%s allowed=%v fallback=%v step=%q",
			x.App, x.AAL, p(x.MaxSessionHours), p(x.IdleTimeoutMinutes), x.AllowedMethods, x.FallbackMethods, x.StepUp)
	}
	return fmt.Sprint(v)
}

func TestPolicyProblems(t *testing.T) {
	t.Parallel()
	_, res := readPolicies(t, fixture(t, "policies-bad.jsonl"))
	want := []string{
		`1 _embedded.rules[0].actions.appSignOn.verificationMethod.reauthenticateIn: "P1M" is not an ISO 8601 duration`,
		`2 actions: a policy rule outside its policy`,
		`3 type: no policy type`,
		`4 _embedded.rules[0].actions.appSignOn.verificationMethod.constraints[0].possession.methods[0]: "CARRIER_PIGEON" is not`,
	}
	if res.err != nil || len(res.problems) != len(want) {
		t.Fatalf("err %v, problems %q", res.err, res.problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(res.problems[i], w) {
			t.Errorf("problem %q, want it to start %q", res.problems[i], w)
		}
	}
}

func TestPoliciesShapes(t *testing.T) {
	t.Parallel()
	signOn := `{"type":"OKTA_SIGN_ON","name":"Default Policy","_embedded":{"rules":[{"actions":{"signon":{"session":{"maxSessionIdleMinutes":15,"maxSessionLifetimeMinutes":600}}}}]}}`
	cases := []struct {
		name, data string
		hours      float64
	}{
		{"array", "[" + signOn + "]", 10},
		{"one per line", signOn + "\n", 10},
		{"wrapper", `{"policies":[` + signOn + `]}`, 10},
		{"rules array and lower-case keys", `[{"TYPE":"okta_sign_on","RULES":[{"actions":{"signon":{"session":{"maxsessionidleminutes":15,"maxsessionlifetimeminutes":"120"}}}}]}]`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, res := readPolicies(t, []byte(c.data))
			if res.err != nil || res.problems != nil || ps == nil {
				t.Fatal(res.err, res.problems)
			}
			if ps.IdP.MaxSessionHours == nil || *ps.IdP.MaxSessionHours != c.hours || *ps.IdP.IdleTimeoutMinutes != 15 {
				t.Errorf("idp %s", show(ps.IdP))
			}
		})
	}
	if ps, res := readPolicies(t, []byte("  \n")); ps != nil || res.err != nil {
		t.Errorf("empty export: %v %v", ps, res.err)
	}
	if _, res := readPolicies(t, []byte(`[{"type":"OKTA_SIGN_ON"},`)); res.err == nil || !strings.Contains(res.err.Error(), "line 1") {
		t.Errorf("truncated export: %v", res.err)
	}
}

func TestMinutes(t *testing.T) {
	t.Parallel()
	cases := map[string]float64{"PT4H": 240, "PT30M": 30, "P1D": 1440, "PT2H30M": 150, "PT0S": 0, "P1W": 10080, "PT90S": 1.5, "pt1h": 60}
	for s, want := range cases {
		if got, ok := minutes(s); !ok || got != want {
			t.Errorf("%s: %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"P1M", "P1Y", "4h", "P", "PT", ""} {
		if _, ok := minutes(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
}

// Okta verifies no Windows Hello or platform SSO credential: a rule that
// requires phishing resistance allows the four phishing-resistant types its
// authenticators can be.
func TestVerifiablePhishingResistantTypes(t *testing.T) {
	t.Parallel()
	want := []string{"passkey_device_bound", "passkey_synced", "security_key", "smart_card"}
	if !slices.Equal(verifiablePR, want) {
		t.Errorf("verifiablePR = %v, want %v", verifiablePR, want)
	}
}
