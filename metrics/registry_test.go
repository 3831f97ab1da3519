package metrics_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/metrics"
)

// specMetrics is every metric named in metrics.md, with its unit.
var specMetrics = map[string]metrics.Unit{
	"population.in_scope_users":                    metrics.Count,
	"devices.active":                               metrics.Count,
	"devices.ready_share":                          metrics.Share,
	"devices.min_segment_ready_share":              metrics.Share,
	"enrolment.pr_share":                           metrics.Share,
	"enrolment.privileged_pr_share":                metrics.Share,
	"enrolment.redundant_share":                    metrics.Share,
	"auth.events":                                  metrics.Count,
	"auth.success_pr_share":                        metrics.Share,
	"auth.fallback_share":                          metrics.Share,
	"auth.fallback_trend":                          metrics.Points,
	"auth.failure_share":                           metrics.Share,
	"helpdesk.auth_tickets":                        metrics.Count,
	"helpdesk.tickets_per_1000_users_month":        metrics.Per1000,
	"helpdesk.max_stage_share":                     metrics.Share,
	"helpdesk.demand_change":                       metrics.Change,
	"helpdesk.recovery_change":                     metrics.Change,
	"credential_reset.change":                      metrics.Change,
	"helpdesk.practical_test":                      metrics.Boolean,
	"recovery.median_hours":                        metrics.Hours,
	"recovery.p90_hours":                           metrics.Hours,
	"recovery.completed":                           metrics.Count,
	"recovery.self_service_share":                  metrics.Share,
	"recovery.weak_method_share":                   metrics.Share,
	"recovery.rate_per_100_users_month":            metrics.Per100,
	"policy.aal2_apps":                             metrics.Count,
	"policy.session_noncompliant_apps":             metrics.Count,
	"policy.phishable_only_apps":                   metrics.Count,
	"policy.weak_fallback_apps":                    metrics.Count,
	"policy.inconsistent_apps":                     metrics.Count,
	"policy.shared_workstation_idle_minutes":       metrics.Minutes,
	"policy.lockout_threshold":                     metrics.Attempts,
	"policy.recovery_methods_weak":                 metrics.Count,
	"policy.notify_on_recovery":                    metrics.Boolean,
	"governance.owner_assigned":                    metrics.Boolean,
	"governance.metrics_review_age_days":           metrics.Days,
	"governance.support_matrix_lead_days":          metrics.Days,
	"governance.expired_exceptions":                metrics.Count,
	"governance.exceptions_without_owner":          metrics.Count,
	"governance.ai_systems":                        metrics.Count,
	"governance.ai_systems_unreviewed":             metrics.Count,
	"helpdesk.stage_share.enrolment":               metrics.Share,
	"helpdesk.stage_share.device_readiness":        metrics.Share,
	"helpdesk.stage_share.authenticator_migration": metrics.Share,
	"helpdesk.stage_share.lost_device_recovery":    metrics.Share,
	"helpdesk.stage_share.reauthentication":        metrics.Share,
	"helpdesk.stage_share.password_reset":          metrics.Share,
	"helpdesk.stage_share.other_auth":              metrics.Share,
}

func TestRegistryCoversSpec(t *testing.T) {
	reg := metrics.NewRegistry()
	for name, unit := range specMetrics {
		d, ok := reg.Lookup(name)
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
	if _, ok := reg.Lookup("helpdesk.stage_share.unrelated"); ok {
		t.Error("unrelated is not an authentication stage")
	}
	if _, ok := reg.Lookup("no.such.metric"); ok {
		t.Error("Lookup of an unknown metric succeeded")
	}
	all := reg.All()
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
	if reg.All()[0].Name == "mutated" {
		t.Error("All() exposes the registry's own slice")
	}
}

func TestSampled(t *testing.T) {
	reg := metrics.NewRegistry()
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
		{"helpdesk.demand_change", false},
		{"helpdesk.tickets_per_1000_users_month", false},
		{"helpdesk.practical_test", false},
		{"policy.session_noncompliant_apps", false},
		{"policy.max_session_hours_like", false},
		{"governance.metrics_review_age_days", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := reg.Lookup(tc.name)
			if !ok {
				d = metrics.Def{Name: tc.name, Unit: metrics.Hours}
			}
			if got := d.Sampled(); got != tc.want {
				t.Errorf("Sampled(%s) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestStagesAndSegments(t *testing.T) {
	if want := []string{"enrolment", "device_readiness", "authenticator_migration", "lost_device_recovery", "reauthentication", "password_reset", "other_auth"}; !slices.Equal(metrics.Stages, want) {
		t.Errorf("Stages = %v, want %v", metrics.Stages, want)
	}
	if want := []string{"personal", "shared", "frontline", "contractor", "acquired"}; !slices.Equal(metrics.Segments, want) {
		t.Errorf("Segments = %v, want %v", metrics.Segments, want)
	}
}
