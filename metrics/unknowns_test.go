package metrics_test

import (
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/vocab"
)

func signIn(day string, user string, m vocab.Method, outcome string) evidence.AuthEvent {
	return evidence.AuthEvent{Time: mustTime(day), UserID: user, App: "mail", Method: m,
		Success: outcome == "success", Abandoned: outcome == "abandoned"}
}

// A sign-in whose method the source cannot tell is left out of the method
// shares and counted beside them; an abandoned flow is a failure, counted.
func TestUnknownMethodsAndAbandonedFlows(t *testing.T) {
	t.Parallel()
	people := inScope(2)
	auths := []evidence.Authenticator{{UserID: uid(0), ID: "a", Type: vocab.PasskeySynced, RegisteredAt: mustTime("2026-01-01")}}
	ev := []evidence.AuthEvent{
		signIn("2026-07-02", uid(0), vocab.PasskeySynced, "success"),
		signIn("2026-07-03", uid(0), vocab.Password, "success"),
		signIn("2026-07-04", uid(0), vocab.MethodUnknown, "success"),
		signIn("2026-07-05", uid(1), vocab.MethodUnknown, "success"),
		signIn("2026-07-06", uid(1), vocab.Password, "abandoned"),
		signIn("2026-07-07", uid(1), vocab.Push, "failure"),
	}
	r := run(&metrics.Input{Period: q3(), People: people, Authenticators: auths}, ev, true, nil, false)
	wantNum(t, r, "auth.events", 6, 6)
	wantNum(t, r, "auth.failure_share", 2.0/6, 6)
	wantNum(t, r, "auth.abandoned_challenges", 1, 1)
	// 2 successes of a known method, one phishing-resistant; 2 unknown
	wantNum(t, r, "auth.success_pr_share", 0.5, 2)
	if v := r.Values["auth.success_pr_share"]; v.Unknown != 2 || !strings.Contains(v.Cause, "2 of 4 sign-ins") {
		t.Errorf("success share unknown %d cause %q", v.Unknown, v.Cause)
	}
	// u-0000 held a passkey: 2 known sign-ins (1 fallback), 1 unknown
	wantNum(t, r, "auth.fallback_share", 0.5, 2)
	if v := r.Values["auth.fallback_share"]; v.Unknown != 1 {
		t.Errorf("fallback unknown = %d, want 1", v.Unknown)
	}
	// the monthly series leaves the unknown ones out too
	if p := r.Series["auth.success_pr_share"]; len(p) == 0 || p[0].N != 2 {
		t.Errorf("July series = %+v, want n 2", p)
	}
}

// A device at its platform floor whose key store the export cannot show is
// neither ready nor not ready: the ready share becomes a lower bound.
func TestUnjudgedDevicesBoundTheReadyShare(t *testing.T) {
	t.Parallel()
	seen := "2026-09-29"
	dev := func(id, platform, version string, keystore, unknown bool) evidence.Device {
		return evidence.Device{DeviceID: id, Platform: platform, OSVersion: version, HardwareKeystore: keystore,
			KeystoreUnknown: unknown, Ownership: "corporate", LastSeen: mustTime(seen)}
	}
	var ds []evidence.Device
	for i := range 30 {
		ds = append(ds, dev(uid(i), "windows", "10.0.22631", true, false))
	}
	ds = append(ds,
		dev("w-unknown-1", "windows", "10.0.22631", false, true),
		dev("w-unknown-2", "windows", "10.0.22631", false, true),
		dev("w-old-unknown", "windows", "10.0.17763", false, true), // below the floor: not ready whatever its key store
		dev("a-not", "android", "14", false, false),
	)
	r := run(&metrics.Input{Period: q3(), Devices: ds}, nil, false, nil, false)
	wantNum(t, r, "devices.ready_share", 30.0/34, 34)
	v := r.Values["devices.ready_share"]
	if v.Bound != metrics.LowerBound || v.Unknown != 2 || v.Upper != 32.0/34 {
		t.Errorf("bound %q unknown %d upper %v", v.Bound, v.Unknown, v.Upper)
	}
	if !strings.Contains(v.Cause, "2 of 34 active devices could not be judged") {
		t.Errorf("cause %q", v.Cause)
	}
	// without unjudged devices the share is exact
	r = run(&metrics.Input{Period: q3(), Devices: ds[:30]}, nil, false, nil, false)
	if v := r.Values["devices.ready_share"]; v.Bound != "" || v.Unknown != 0 {
		t.Errorf("an exact share carries a bound: %+v", v)
	}
}

// A recovery whose verification the export cannot show is neither weak nor
// verified: it is left out of the weak share and counted.
func TestUnknownVerification(t *testing.T) {
	t.Parallel()
	rec := func(m vocab.RecoveryMethod) evidence.AccountEvent {
		return evidence.AccountEvent{Time: mustTime("2026-08-01"), UserID: uid(0), Action: "recovery_completed", Method: string(m), Channel: "helpdesk"}
	}
	acc := []evidence.AccountEvent{rec(vocab.HelpdeskVerified), rec(vocab.HelpdeskUnverified), rec(vocab.VerificationUnknown), rec(vocab.VerificationUnknown)}
	analysed := &evidence.GovernanceRecord{RecoveryRiskAnalysis: mustTime("2026-01-15")}
	r := run(&metrics.Input{Period: q3(), People: inScope(1), Governance: analysed}, nil, false, acc, true)
	wantNum(t, r, "recovery.completed", 4, 4)
	wantNum(t, r, "recovery.weak_method_share", 0.5, 2)
	if v := r.Values["recovery.weak_method_share"]; v.Unknown != 2 || !strings.Contains(v.Cause, "2 of 4 completed recoveries are of a verification their source does not show") {
		t.Errorf("unknown %d cause %q", v.Unknown, v.Cause)
	}
}

// Where an export cannot carry what a metric needs, the metric is absent and
// the results say why, in the adapter's words.
func TestAbsentMetricsSayWhy(t *testing.T) {
	t.Parallel()
	auths := []evidence.Authenticator{{UserID: uid(0), ID: "a", Type: vocab.PasskeySynced, DatesUnknown: true}}
	in := &metrics.Input{Period: q3(), People: inScope(1), Authenticators: auths}
	a := metrics.New(in)
	e := signIn("2026-07-02", uid(0), vocab.Password, "success")
	a.AuthEvent(&e)
	why := "the Entra registration-details export has no registration dates; add the Entra audit log"
	a.Streamed(metrics.Streamed{AuthEvents: true, AccountEvents: true, NoRecoveryStarted: true, NoRecoveryCompleted: true,
		Lacks: map[string]string{evidence.LacksRegistrationDates: why, evidence.LacksRecoveryCompleted: "no completions"}})
	r := a.Results()
	wantAbsent(t, r, "auth.fallback_share", "auth.fallback_trend", "recovery.completed", "recovery.self_service_share")
	if r.Absent["auth.fallback_share"] != why || r.Absent["recovery.completed"] != "no completions" {
		t.Errorf("absent = %v", r.Absent)
	}
	// and a format that cannot record recoveries gives no monthly zeros
	for _, name := range []string{"recovery.started", "recovery.self_service_share"} {
		if _, ok := r.Series[name]; ok {
			t.Errorf("%s has a monthly series although the format cannot record it", name)
		}
	}
}

// A completed recovery is weak by the revision's rules: one SMS or e-mail
// code always; under SP 800-63B-4 a help-desk or temporary-pass recovery too
// unless the risk analysis of those routes was documented by the end of the
// period.
func TestWeakRecoveryPerRevision(t *testing.T) {
	t.Parallel()
	methods := []vocab.RecoveryMethod{vocab.HelpdeskVerified, vocab.RecoveryTAP, "sms", vocab.HelpdeskUnverified, "recovery_code", "identity_proofing"}
	cases := []struct {
		name     string
		rev      string
		analysis string // "": none
		weak     int    // of the six methods above
	}{
		{"rev 4 without a risk analysis", "rev4", "", 4},
		{"rev 4 with one", "rev4", "2026-03-01", 2},
		{"rev 4 with one dated after the period", "rev4", "2026-11-01", 4},
		{"rev 3, whatever the analysis", "rev3", "", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var acc []evidence.AccountEvent
			for _, m := range methods {
				acc = append(acc, evidence.AccountEvent{Time: mustTime("2026-08-01"), UserID: uid(0), Action: "recovery_completed", Method: string(m), Channel: "helpdesk"})
			}
			in := &metrics.Input{Period: q3(), People: inScope(1), SP80063B: tc.rev}
			if tc.analysis != "" {
				in.Governance = &evidence.GovernanceRecord{RecoveryRiskAnalysis: mustTime(tc.analysis)}
			}
			r := run(in, nil, false, acc, true)
			wantNum(t, r, "recovery.weak_method_share", float64(tc.weak)/6, 6)
		})
	}
}

// An attestation that does not count says why, so that the control's finding
// is not a bare "needs a current attestation".
func TestDroppedAttestationSaysWhy(t *testing.T) {
	t.Parallel()
	at := func(on, expires string) evidence.Attestation {
		return evidence.Attestation{Statement: "recovery_secrets", Answer: true, AttestedAt: mustTime(on), Expires: mustTime(expires), CollectedAt: mustTime("2026-10-01")}
	}
	for _, tc := range []struct {
		name string
		a    evidence.Attestation
		want string
	}{
		{"after collection", at("2026-10-05", "2027-03-31"), "the attestation of 2026-10-05 is dated after its file was collected (2026-10-01)"},
		{"before the period", at("2026-06-01", "2027-03-31"), "the attestation of 2026-06-01 was made before the period began"},
		{"expiring within it", at("2026-07-15", "2026-09-01"), "expires on 2026-09-01, before the period ends"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &metrics.Input{Period: q3(), Attestations: []evidence.Attestation{tc.a}}
			r := run(in, nil, false, nil, false)
			wantAbsent(t, r, "attestation.recovery_secrets")
			if !strings.Contains(r.Absent["attestation.recovery_secrets"], tc.want) {
				t.Errorf("absent because %q, want %q", r.Absent["attestation.recovery_secrets"], tc.want)
			}
		})
	}
}
