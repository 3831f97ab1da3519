package metrics

import (
	"fmt"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
)

func (a *Accumulator) governance(r *Results) {
	in := a.in
	g := in.Governance
	r.boolean("governance.owner_assigned", g.Owner != nil && strings.TrimSpace(*g.Owner) != "", 1)
	if !g.LastMetricsReview.IsZero() {
		d := wholeDays(g.LastMetricsReview, in.Period.End)
		r.Values["governance.metrics_review_age_days"] = Value{Num: float64(d), N: 1}
	}
	if !g.SupportedPlatformsDocumented.IsZero() && !g.RolloutStart.IsZero() {
		d := wholeDays(g.SupportedPlatformsDocumented, g.RolloutStart)
		r.Values["governance.support_matrix_lead_days"] = Value{Num: float64(d), N: 1}
	}
	var expired, unowned, unreviewed []string
	for _, e := range g.Exceptions {
		if e.Expires.Before(in.Period.End) {
			expired = append(expired, e.ID)
		}
		if strings.TrimSpace(e.Owner) == "" {
			unowned = append(unowned, e.ID)
		}
	}
	yearBefore := in.Period.End.AddDate(0, 0, -365)
	for _, s := range g.AISystems {
		if strings.TrimSpace(s.Owner) == "" || !s.HumanOverride || s.LastReview.IsZero() || s.LastReview.Before(yearBefore) {
			unreviewed = append(unreviewed, s.Name)
		}
	}
	r.Values["governance.expired_exceptions"] = Value{Num: float64(len(expired)), N: len(g.Exceptions), Detail: listNames(expired)}
	r.Values["governance.exceptions_without_owner"] = Value{Num: float64(len(unowned)), N: len(g.Exceptions), Detail: listNames(unowned)}
	r.count("governance.ai_systems", len(g.AISystems))
	r.Values["governance.ai_systems_unreviewed"] = Value{Num: float64(len(unreviewed)), N: len(g.AISystems), Detail: listNames(unreviewed)}
}

// Statements are the attestation statements, each a boolean metric
// "attestation.<statement>".
var Statements = []string{"recovery_secrets", "session_cookies", "ai_human_override", "ai_third_party"}

// attestations turns the latest current attestation of each statement into a
// boolean metric. An attestation counts when it was made on or after the first
// day of the period and does not expire before its last day; older or expired
// ones leave the metric absent, so the controls using it fail closed.
func (a *Accumulator) attestations(r *Results) {
	p := a.in.Period
	for _, st := range Statements {
		var best *evidence.Attestation
		for i := range a.in.Attestations {
			at := &a.in.Attestations[i]
			if at.Statement != st || at.AttestedAt.Before(p.Start) || at.Expires.Before(p.End) {
				continue
			}
			if best == nil || at.AttestedAt.After(best.AttestedAt) {
				best = at
			}
		}
		if best != nil {
			r.Values["attestation."+st] = Value{Bool: best.Answer, IsBool: true, N: 1, Attested: true,
				Detail: fmt.Sprintf("attested by %s on %s (%s, valid until %s)", best.AttestedBy, best.AttestedAt.Format(time.DateOnly), best.Reference, best.Expires.Format(time.DateOnly))}
		}
	}
}
