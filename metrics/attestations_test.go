package metrics

import (
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
)

func TestAttestations(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	period := evidence.Period{Start: d("2026-07-01"), End: d("2026-09-30")}
	att := func(st string, answer bool, at, expires string) evidence.Attestation {
		return evidence.Attestation{Statement: st, Answer: answer, AttestedBy: "CISO", AttestedAt: d(at), Reference: "DOC-1", Expires: d(expires)}
	}
	cases := []struct {
		name string
		list []evidence.Attestation
		want map[string]any // statement → answer; absent = metric absent
	}{
		{"current attestation counts", []evidence.Attestation{att("recovery_secrets", true, "2026-09-20", "2027-03-31")}, map[string]any{"recovery_secrets": true}},
		{"attested on the first day counts", []evidence.Attestation{att("session_cookies", false, "2026-07-01", "2026-09-30")}, map[string]any{"session_cookies": false}},
		{"older than the period does not", []evidence.Attestation{att("recovery_secrets", true, "2026-06-30", "2027-03-31")}, map[string]any{}},
		{"expired before the period ended does not", []evidence.Attestation{att("recovery_secrets", true, "2026-08-01", "2026-09-29")}, map[string]any{}},
		{"the latest current one wins", []evidence.Attestation{
			att("ai_human_override", true, "2026-07-10", "2027-01-01"), att("ai_human_override", false, "2026-09-01", "2027-01-01")},
			map[string]any{"ai_human_override": false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := New(&Input{Period: period, Attestations: c.list}).Results()
			for _, st := range Statements() {
				v, ok := r.Values["attestation."+st]
				want, wantOK := c.want[st]
				if ok != wantOK || (ok && (v.Bool != want || !v.IsBool || !v.Attested)) {
					t.Errorf("%s: got %+v (present %v), want %v (present %v)", st, v, ok, want, wantOK)
				}
			}
		})
	}
}
