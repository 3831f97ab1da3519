package metrics_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report/present"
)

// specMetrics is every metric named in metrics.md, with its unit.
var specMetrics = map[string]present.Unit{
	"population.in_scope_users":                    present.Count,
	"devices.active":                               present.Count,
	"devices.ready_share":                          present.Share,
	"devices.min_segment_ready_share":              present.Share,
	"enrolment.pr_share":                           present.Share,
	"enrolment.privileged_pr_share":                present.Share,
	"enrolment.redundant_share":                    present.Share,
	"auth.events":                                  present.Count,
	"auth.success_pr_share":                        present.Share,
	"auth.fallback_share":                          present.Share,
	"auth.fallback_trend":                          present.Points,
	"auth.failure_share":                           present.Share,
	"helpdesk.auth_tickets":                        present.Count,
	"helpdesk.tickets_per_1000_users_month":        present.Per1000,
	"helpdesk.max_stage_share":                     present.Share,
	"helpdesk.demand_change":                       present.Change,
	"helpdesk.recovery_change":                     present.Change,
	"credential_reset.change":                      present.Change,
	"helpdesk.practical_test":                      present.Boolean,
	"recovery.median_hours":                        present.Hours,
	"recovery.p90_hours":                           present.Hours,
	"recovery.completed":                           present.Count,
	"recovery.self_service_share":                  present.Share,
	"recovery.weak_method_share":                   present.Share,
	"recovery.rate_per_100_users_month":            present.Per100,
	"policy.aal2_apps":                             present.Count,
	"policy.apps_without_overall_timeout":          present.Count,
	"policy.aal2_max_session_hours":                present.Hours,
	"policy.aal2_max_idle_minutes":                 present.Minutes,
	"policy.phishable_only_apps":                   present.Count,
	"policy.weak_fallback_apps":                    present.Count,
	"policy.inconsistent_apps":                     present.Count,
	"policy.shared_workstation_idle_minutes":       present.Minutes,
	"policy.lockout_threshold":                     present.Attempts,
	"policy.recovery_methods_weak":                 present.Count,
	"policy.notify_on_recovery":                    present.Boolean,
	"governance.owner_assigned":                    present.Boolean,
	"governance.metrics_review_age_days":           present.Days,
	"governance.support_matrix_lead_days":          present.Days,
	"governance.expired_exceptions":                present.Count,
	"governance.exceptions_without_owner":          present.Count,
	"governance.ai_systems":                        present.Count,
	"governance.ai_systems_unreviewed":             present.Count,
	"helpdesk.stage_share.enrolment":               present.Share,
	"helpdesk.stage_share.device_readiness":        present.Share,
	"helpdesk.stage_share.authenticator_migration": present.Share,
	"helpdesk.stage_share.lost_device_recovery":    present.Share,
	"helpdesk.stage_share.reauthentication":        present.Share,
	"helpdesk.stage_share.password_reset":          present.Share,
	"helpdesk.stage_share.other_auth":              present.Share,
}

func TestRegistryCoversSpec(t *testing.T) {
	t.Parallel()
	for name, unit := range specMetrics {
		d, ok := metrics.Lookup(name)
		if !ok {
			t.Errorf("%s is in metrics.md but not in the registry", name)
			continue
		}
		if d.Unit != unit {
			t.Errorf("%s unit = %s, want %s", name, d.Unit, unit)
		}
		if d.Name != name || d.Definition == "" {
			t.Errorf("%s: bad definition %+v", name, d)
		}
	}
	if _, ok := metrics.Lookup("helpdesk.stage_share.unrelated"); ok {
		t.Error("unrelated is not an authentication stage")
	}
	if _, ok := metrics.Lookup("no.such.metric"); ok {
		t.Error("Lookup of an unknown metric succeeded")
	}
	all := metrics.All()
	if !slices.IsSortedFunc(all, func(a, b metrics.Def) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("All() is not sorted by name")
	}
	// the registry may hold helpers beyond the spec (devices.shared_active), but
	// every name is unique
	seen := map[string]bool{}
	for _, d := range all {
		if seen[d.Name] {
			t.Errorf("duplicate %s", d.Name)
		}
		seen[d.Name] = true
	}
	all[0].Name = "mutated"
	if metrics.All()[0].Name == "mutated" {
		t.Error("All() exposes the registry's own slice")
	}
}

func TestSampled(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		want bool
	}{
		{"devices.ready_share", true},
		{"enrolment.privileged_pr_share", true},
		{"auth.fallback_trend", true},
		{"helpdesk.stage_share.enrolment", true},
		{"recovery.median_hours", true},
		{"recovery.p90_hours", true},
		{"devices.active", false},
		{"helpdesk.demand_change", true},
		{"helpdesk.tickets_per_1000_users_month", false},
		{"helpdesk.practical_test", false},
		{"policy.apps_without_overall_timeout", false},
		{"governance.metrics_review_age_days", false},
		{"attestation.recovery_secrets", false},
	}
	for _, tc := range cases {
		d, ok := metrics.Lookup(tc.name)
		if !ok {
			t.Errorf("%s is not in the registry", tc.name)
			continue
		}
		if d.Sampled != tc.want {
			t.Errorf("%s: Sampled = %v, want %v", tc.name, d.Sampled, tc.want)
		}
	}
	// The rule behind the flags: shares, differences of shares, changes (over
	// their baseline's count) and the recovery-time percentiles need a
	// sample; nothing else does.
	for _, d := range metrics.All() {
		want := d.Unit == present.Share || d.Unit == present.Points || d.Unit == present.Change || d.Name == "recovery.median_hours" || d.Name == "recovery.p90_hours"
		if d.Sampled != want {
			t.Errorf("%s (%s): Sampled = %v, want %v", d.Name, d.Unit, d.Sampled, want)
		}
	}
}

// Every definition is complete: a label and a definition to show, the kinds
// it needs, words for when it is missing, and a way to compute it.
func TestDefinitionsAreComplete(t *testing.T) {
	t.Parallel()
	for _, d := range metrics.All() {
		if d.Label == "" || d.Definition == "" || d.Needs == "" || len(d.Kinds) == 0 || !slices.Contains(present.Units(), d.Unit) {
			t.Errorf("%s: incomplete definition %+v", d.Name, d)
		}
		if !d.Scalar() && !d.Monthly() {
			t.Errorf("%s is neither computed for the period nor month by month", d.Name)
		}
	}
	for _, name := range []string{"helpdesk.lost_device_recovery_tickets", "credential_reset.events", "recovery.started"} {
		d, ok := metrics.Lookup(name)
		if !ok || d.Scalar() || !d.Monthly() {
			t.Errorf("%s: want a monthly series without a period value, got %+v (found %v)", name, d, ok)
		}
	}
}
