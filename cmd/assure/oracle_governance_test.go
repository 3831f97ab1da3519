package main

// metrics.md, "Governance", and the attestations.

import (
	"math"
	"strings"
	"time"
)

func oracleGovernance(in *oracleInput, out *oracleResult) {
	if !in.has("governance") {
		return
	}
	gov, end := in.governance, in.period.endDay
	days := func(from, to time.Time) float64 {
		return math.Round(oracleDate(to).Sub(oracleDate(from)).Hours() / 24)
	}
	out.set("governance.owner_assigned", strings.TrimSpace(gov.Owner) != "", 1)
	if !gov.LastMetricsReview.IsZero() {
		out.set("governance.metrics_review_age_days", days(gov.LastMetricsReview, end), 1)
	}
	if !gov.SupportedPlatformsDocumented.IsZero() && !gov.RolloutStart.IsZero() {
		out.set("governance.support_matrix_lead_days", days(gov.SupportedPlatformsDocumented, gov.RolloutStart), 1)
	}
	expired, noOwner := 0, 0
	for _, e := range gov.Exception {
		if oracleDate(e.Expires).Before(end) {
			expired++
		}
		if strings.TrimSpace(e.Owner) == "" {
			noOwner++
		}
	}
	out.set("governance.expired_exceptions", float64(expired), len(gov.Exception))
	out.set("governance.exceptions_without_owner", float64(noOwner), len(gov.Exception))
	out.set("governance.ai_systems", float64(len(gov.AISystem)), len(gov.AISystem))
	unreviewed := 0
	for _, a := range gov.AISystem {
		if strings.TrimSpace(a.Owner) == "" || !a.HumanOverride || a.LastReview.IsZero() || days(a.LastReview, end) > 365 {
			unreviewed++
		}
	}
	out.set("governance.ai_systems_unreviewed", float64(unreviewed), len(gov.AISystem))
}

// oracleAttestations keeps, per statement, the latest attestation made on or
// after the first day of the period, not after its file was collected (a
// later one was not part of the evidence collected), and not expiring before
// the period's last day.
func oracleAttestations(in *oracleInput, out *oracleResult) {
	if !in.has("attestations") {
		return
	}
	p := in.period
	latest := map[string]time.Time{}
	for _, a := range in.attestations {
		at, exp := oracleDate(a.AttestedAt), oracleDate(a.Expires)
		if at.Before(p.start) || exp.Before(p.endDay) || (!a.collectedAt.IsZero() && at.After(a.collectedAt)) {
			continue
		}
		if !latest[a.Statement].IsZero() && !at.After(latest[a.Statement]) {
			continue
		}
		latest[a.Statement] = at
		out.set("attestation."+a.Statement, a.Answer, 1)
	}
}
