package metrics

import (
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

// governanceDefs are the metrics of the programme's governance record.
var governanceDefs = []Def{
	{
		Name: "governance.owner_assigned", Unit: present.Boolean, Label: "Programme owner",
		Definition: "whether the programme has a named owner role",
		Kinds:      kinds(evidence.Governance), Needs: "a governance record",
		compute: func(a *Accumulator) (Value, bool) {
			o := a.in.Governance.Owner
			return boolean(o != nil && strings.TrimSpace(*o) != "", 1)
		},
	},
	{
		Name: "governance.metrics_review_age_days", Unit: present.Days, Label: "Age of the last metrics review",
		Definition: "days from the last review of programme metrics to the end of the period",
		Kinds:      kinds(evidence.Governance), Needs: "last_metrics_review in the governance record",
		compute: func(a *Accumulator) (Value, bool) {
			g := a.in.Governance
			if g.LastMetricsReview.IsZero() {
				return Value{}, false
			}
			return Value{Num: float64(wholeDays(g.LastMetricsReview, a.in.Period.End)), N: 1}, true
		},
	},
	{
		Name: "governance.support_matrix_lead_days", Unit: present.Days, Label: "Support matrix lead time",
		Definition: "days from documenting supported platforms to the start of the rollout",
		Kinds:      kinds(evidence.Governance), Needs: "supported_platforms_documented and rollout_start in the governance record",
		compute: func(a *Accumulator) (Value, bool) {
			g := a.in.Governance
			if g.SupportedPlatformsDocumented.IsZero() || g.RolloutStart.IsZero() {
				return Value{}, false
			}
			return Value{Num: float64(wholeDays(g.SupportedPlatformsDocumented, g.RolloutStart)), N: 1}, true
		},
	},
	{
		Name: "governance.expired_exceptions", Unit: present.Count, Label: "Expired exceptions",
		Definition: "exceptions that expired before the end of the period",
		Kinds:      kinds(evidence.Governance), Needs: "a governance record",
		compute: func(a *Accumulator) (Value, bool) {
			return exceptions(a, func(e evidence.Exception) bool { return e.Expires.Before(a.in.Period.End) })
		},
	},
	{
		Name: "governance.exceptions_without_owner", Unit: present.Count, Label: "Exceptions without an owner",
		Definition: "exceptions without an owner",
		Kinds:      kinds(evidence.Governance), Needs: "a governance record",
		compute: func(a *Accumulator) (Value, bool) {
			return exceptions(a, func(e evidence.Exception) bool { return strings.TrimSpace(e.Owner) == "" })
		},
	},
	{
		Name: "governance.ai_systems", Unit: present.Count, Label: "AI systems",
		Definition: "AI systems recorded in the identity stack",
		Kinds:      kinds(evidence.Governance), Needs: "a governance record",
		compute: func(a *Accumulator) (Value, bool) { return count(len(a.in.Governance.AISystems)) },
	},
	{
		Name: "governance.ai_systems_unreviewed", Unit: present.Count, Label: "AI systems not reviewed",
		Definition: "AI systems without an owner, without human override, or not reviewed in the 365 days before the end of the period",
		Kinds:      kinds(evidence.Governance), Needs: "a governance record",
		compute: func(a *Accumulator) (Value, bool) {
			systems := a.in.Governance.AISystems
			yearBefore := a.in.Period.End.AddDate(0, 0, -365)
			var unreviewed []string
			for _, s := range systems {
				if strings.TrimSpace(s.Owner) == "" || !s.HumanOverride || s.LastReview.IsZero() || s.LastReview.Before(yearBefore) {
					unreviewed = append(unreviewed, s.Name)
				}
			}
			return Value{Num: float64(len(unreviewed)), N: len(systems), Detail: listNames(unreviewed)}, true
		},
	},
}

// exceptions counts the exceptions that match, naming them.
func exceptions(a *Accumulator, match func(evidence.Exception) bool) (Value, bool) {
	all := a.in.Governance.Exceptions
	var ids []string
	for _, e := range all {
		if match(e) {
			ids = append(ids, e.ID)
		}
	}
	return Value{Num: float64(len(ids)), N: len(all), Detail: listNames(ids)}, true
}
