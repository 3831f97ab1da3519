// Package metrics turns evidence records into the named metrics of the
// specification, each with its sample size. It does no I/O: callers feed it
// records, streamed or whole, and read the results.
package metrics

import (
	"slices"
	"strings"

	"github.com/assure-dev/assure/vocab"
)

// Unit says how a metric's value is read and formatted.
type Unit string

// The units of the metrics.
const (
	Count    Unit = "count"
	Share    Unit = "share"       // a fraction in [0, 1]
	Points   Unit = "share_delta" // a difference of two shares
	Change   Unit = "change"      // relative change of a daily rate; 0.38 = +38 %
	Per1000  Unit = "per_1000_users_month"
	Per100   Unit = "per_100_users_month"
	Hours    Unit = "hours"
	Minutes  Unit = "minutes"
	Days     Unit = "days"
	Attempts Unit = "attempts"
	Boolean  Unit = "boolean"
)

// Def describes one metric.
type Def struct {
	Name       string
	Unit       Unit
	Definition string
	// Needs says what evidence the metric cannot be computed without, for
	// insufficient-evidence findings.
	Needs string
}

// Sampled reports whether a check on the metric is subject to a minimum sample
// size: shares and percentiles are, counts and settings are not.
func (d Def) Sampled() bool {
	return d.Unit == Share || d.Unit == Points || strings.HasSuffix(d.Name, "_hours") && strings.HasPrefix(d.Name, "recovery.")
}

// Stages are the seven authentication ticket stages, in the order reports use.
var Stages = func() []string {
	var out []string
	for _, s := range vocab.Stages() {
		out = append(out, string(s))
	}
	return out
}()

// Segments are the device segments, in the order reports use.
var Segments = []string{"personal", "shared", "frontline", "contractor", "acquired"}

// Registry is the list of every metric this package computes.
type Registry struct {
	defs   []Def
	byName map[string]int
}

// NewRegistry returns the registry of metrics.
func NewRegistry() *Registry {
	defs := []Def{
		{"population.in_scope_users", Count, "people in the population with in_scope = true (N)", "population records"},
		{"devices.active", Count, "devices last seen on or after the end of the period minus 30 days", "device records"},
		{"devices.shared_active", Count, "active devices marked as shared workstations or kiosks", "device records"},
		{"devices.ready_share", Share, "active devices whose platform has a minimum version, whose OS is at or above it, and which have a hardware key store, over active devices", "at least one device seen in the last 30 days of the period"},
		{"devices.min_segment_ready_share", Share, "the lowest ready share among device segments with at least 30 active devices", "a device segment with at least 30 active devices (segments by persona and employment also need population records)"},
		{"enrolment.pr_share", Share, "in-scope users holding a phishing-resistant authenticator at the end of the period, over N", "population and authenticator records with at least one in-scope user"},
		{"enrolment.privileged_pr_share", Share, "the same over privileged in-scope users", "at least one privileged in-scope user and authenticator records"},
		{"enrolment.redundant_share", Share, "in-scope users holding two or more authenticators including a phishing-resistant one, over in-scope users holding a phishing-resistant one", "in-scope users holding a phishing-resistant authenticator"},
		{"auth.events", Count, "sign-in events in the period", "sign-in events"},
		{"auth.success_pr_share", Share, "successful sign-ins with a phishing-resistant method, over successful sign-ins", "successful sign-ins in the period"},
		{"auth.fallback_share", Share, "successful sign-ins with a method that is not phishing-resistant, among those by users who held a phishing-resistant authenticator at the time", "authenticator records and successful sign-ins by users holding a phishing-resistant authenticator"},
		{"auth.fallback_trend", Points, "fallback share over the last 30 days of the period minus the fallback share over its first 30 days", "such sign-ins in both the first and the last 30 days of the period"},
		{"auth.failure_share", Share, "failed sign-ins over sign-ins", "sign-ins in the period"},
		{"helpdesk.auth_tickets", Count, "authentication tickets (stage not unrelated) opened in the period", "ticket records"},
		{"helpdesk.tickets_per_1000_users_month", Per1000, "authentication tickets per 1,000 in-scope users per month", "ticket records and in-scope population records"},
		{"helpdesk.max_stage_share", Share, "the largest share of authentication tickets taken by one stage", "authentication tickets opened in the period"},
		{"helpdesk.demand_change", Change, "relative change of authentication tickets per day from the baseline to the period", "a baseline period with authentication tickets"},
		{"helpdesk.recovery_change", Change, "relative change of lost-device recovery tickets per day from the baseline to the period", "a baseline period with lost-device recovery tickets"},
		{"credential_reset.change", Change, "relative change of password resets per day from the baseline to the period", "account events with password resets in the baseline period"},
		{"helpdesk.practical_test", Boolean, "false when lost-device recovery demand rose while password resets did not fall", "both the lost-device recovery ticket change and the password reset change"},
		{"recovery.median_hours", Hours, "median hours from opening to resolution of lost-device recovery tickets opened in the period (nearest rank)", "resolved lost-device recovery tickets opened in the period"},
		{"recovery.p90_hours", Hours, "90th percentile of the same (nearest rank)", "resolved lost-device recovery tickets opened in the period"},
		{"recovery.completed", Count, "completed account recoveries in the period", "account events from a source that records completed recoveries (not every vendor log does)"},
		{"recovery.self_service_share", Share, "completed recoveries through self-service, over completed recoveries", "completed recoveries in the period, from a source that records them"},
		{"recovery.weak_method_share", Share, "completed recoveries by SMS, e-mail, security questions or unverified helpdesk, over completed recoveries", "completed recoveries in the period, from a source that records them"},
		{"recovery.rate_per_100_users_month", Per100, "recoveries started per 100 in-scope users per month", "account events from a source that records recoveries started, and in-scope population records"},
		{"policy.aal2_apps", Count, "applications at AAL2 or above", "a policies export"},
		{"policy.session_noncompliant_apps", Count, "AAL2 applications whose session or idle limit is missing or above the SP 800-63B limit of the profile", "a policies export"},
		{"policy.phishable_only_apps", Count, "AAL2 applications that allow no phishing-resistant method", "a policies export"},
		{"policy.weak_fallback_apps", Count, "AAL2 applications that fall back to password, SMS, voice or e-mail", "a policies export"},
		{"policy.inconsistent_apps", Count, "AAL2 applications whose session, idle, fallback or step-up settings differ from the IdP baseline without an unexpired exception", "a policies export"},
		{"policy.shared_workstation_idle_minutes", Minutes, "idle timeout of shared workstations at the IdP", "idp.shared_workstation_idle_minutes in the policies export"},
		{"policy.lockout_threshold", Attempts, "failed attempts before the IdP locks or throttles", "idp.lockout_threshold in the policies export"},
		{"policy.recovery_methods_weak", Count, "weak recovery methods configured at the IdP", "idp.recovery_methods in the policies export"},
		{"policy.notify_on_recovery", Boolean, "whether the IdP notifies the subscriber of recovery events", "idp.notify_on_recovery in the policies export"},
		{"governance.owner_assigned", Boolean, "whether the programme has a named owner role", "a governance record"},
		{"governance.metrics_review_age_days", Days, "days from the last review of programme metrics to the end of the period", "last_metrics_review in the governance record"},
		{"governance.support_matrix_lead_days", Days, "days from documenting supported platforms to the start of the rollout", "supported_platforms_documented and rollout_start in the governance record"},
		{"governance.expired_exceptions", Count, "exceptions that expired before the end of the period", "a governance record"},
		{"governance.exceptions_without_owner", Count, "exceptions without an owner", "a governance record"},
		{"governance.ai_systems", Count, "AI systems recorded in the identity stack", "a governance record"},
		{"governance.ai_systems_unreviewed", Count, "AI systems without an owner, without human override, or not reviewed in the 365 days before the end of the period", "a governance record"},
	}
	attested := map[string]string{
		"recovery_secrets":  "attested: recovery and binding codes meet SP 800-63B-4 §4.2.1 and §4.1.2.2 (entropy, single use, hashing, validity)",
		"session_cookies":   "attested: session secrets and cookies meet SP 800-63B-4 §5.1 (random 64-bit secrets, Secure, HttpOnly, minimal scope)",
		"ai_human_override": "attested: people can override AI decisions in sign-in and recovery, and appeals are reviewed by a person",
		"ai_third_party":    "attested: third-party AI in the identity stack is documented and its failure has a tested contingency",
	}
	for _, st := range Statements {
		defs = append(defs, Def{"attestation." + st, Boolean, attested[st],
			"a current attestation of " + st + " (made during or after the period, not expiring before its end)"})
	}
	for _, st := range Stages {
		defs = append(defs, Def{"helpdesk.stage_share." + st, Share, "authentication tickets of stage " + st + " opened in the period, over authentication tickets", "authentication tickets opened in the period"})
	}
	slices.SortFunc(defs, func(a, b Def) int { return strings.Compare(a.Name, b.Name) })
	r := &Registry{defs: defs, byName: map[string]int{}}
	for i, d := range defs {
		r.byName[d.Name] = i
	}
	return r
}

// Lookup returns the definition of a metric.
func (r *Registry) Lookup(name string) (Def, bool) {
	i, ok := r.byName[name]
	if !ok {
		return Def{}, false
	}
	return r.defs[i], true
}

// All returns every definition, sorted by name.
func (r *Registry) All() []Def { return slices.Clone(r.defs) }

// Needs says what a metric cannot be computed without.
func (r *Registry) Needs(name string) string {
	d, _ := r.Lookup(name)
	return d.Needs
}
