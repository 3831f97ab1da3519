package metrics

import (
	"fmt"
	"slices"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

var recoveryDefs = []Def{
	{
		Name: "recovery.median_hours", Unit: present.Hours, Label: "Median time to recover", Sampled: true,
		Definition: "median hours from opening to resolution of lost-device recovery tickets opened in the period (nearest rank)",
		Kinds:      kinds(evidence.Tickets), Needs: "resolved lost-device recovery tickets opened in the period",
		compute: func(a *Accumulator) (Value, bool) { return a.recoveryHours(1, 2) },
	},
	{
		Name: "recovery.p90_hours", Unit: present.Hours, Label: "Time to recover, 90th percentile", Sampled: true,
		Definition: "90th percentile of the same (nearest rank)",
		Kinds:      kinds(evidence.Tickets), Needs: "resolved lost-device recovery tickets opened in the period",
		compute: func(a *Accumulator) (Value, bool) { return a.recoveryHours(9, 10) },
	},
	{
		Name: "recovery.completed", Unit: present.Count, Label: "Completed recoveries",
		Definition: "completed account recoveries in the period",
		Kinds:      kinds(evidence.AccountEvents),
		Needs:      "account events from a source that records completed recoveries (not every vendor log does)",
		lacks:      evidence.LacksRecoveryCompleted,
		compute: func(a *Accumulator) (Value, bool) {
			if a.streamed.NoRecoveryCompleted {
				return Value{}, false
			}
			return count(a.recovery.completed)
		},
	},
	{
		Name: "recovery.self_service_share", Unit: present.Share, Label: "Self-service recoveries", Sampled: true,
		Definition: "completed recoveries through self-service, over completed recoveries",
		Kinds:      kinds(evidence.AccountEvents), Needs: "completed recoveries in the period, from a source that records them",
		lacks: evidence.LacksRecoveryCompleted,
		compute: func(a *Accumulator) (Value, bool) {
			if a.streamed.NoRecoveryCompleted {
				return Value{}, false
			}
			return share(a.recovery.selfService, a.recovery.completed)
		},
		monthly: func(a *Accumulator) ([]Point, bool) {
			if a.streamed.NoRecoveryCompleted {
				return nil, false // zeros would be read as measured
			}
			return a.monthly.shares(a.monthly.recoverySelfService, a.monthly.recoveryCompleted), true
		},
	},
	{
		Name: "recovery.weak_method_share", Unit: present.Share, Label: "Recoveries by a weak method", Sampled: true,
		Definition: "completed recoveries by SMS, e-mail, security questions or unverified helpdesk (and under SP 800-63B-4 by help desk or temporary pass without a documented risk analysis), over completed recoveries of known verification",
		Kinds:      kinds(evidence.AccountEvents), Needs: "completed recoveries in the period, from a source that records them",
		lacks: evidence.LacksRecoveryCompleted,
		compute: func(a *Accumulator) (Value, bool) {
			if a.streamed.NoRecoveryCompleted {
				return Value{}, false
			}
			c := a.recovery
			return knownShare(c.weak, c.completed-c.unverifiable, c.unverifiable, unknownVerification(c.unverifiable, c.completed))
		},
	},
	{
		Name: "recovery.rate_per_100_users_month", Unit: present.Per100, Label: "Recoveries per 100 users per month",
		Definition: "recoveries started per 100 in-scope users per month",
		Kinds:      kinds(evidence.AccountEvents, evidence.Population),
		Needs:      "account events from a source that records recoveries started, and in-scope population records",
		lacks:      evidence.LacksRecoveryStarted,
		compute: func(a *Accumulator) (Value, bool) {
			if a.n == 0 || a.streamed.NoRecoveryStarted {
				return Value{}, false
			}
			return Value{Num: float64(a.recovery.started) / float64(a.n) * 100 / months(a.in.Period), N: a.recovery.started}, true
		},
	},
	{
		Name: "recovery.started", Unit: present.Count, Label: "Recoveries started",
		Definition: "account recoveries started, month by month",
		Kinds:      kinds(evidence.AccountEvents), Needs: "account events",
		monthly: func(a *Accumulator) ([]Point, bool) {
			if a.streamed.NoRecoveryStarted {
				return nil, false // zeros would be read as measured
			}
			return a.monthly.counts(a.monthly.recoveryStarted), true
		},
	},
}

// recoveryCounts count the account recoveries of the period.
type recoveryCounts struct {
	started, completed, selfService, weak int
	unverifiable                          int // completed, of verification the export cannot show
}

// weakRecovery says whether one completed recovery fell short of the
// revision's recovery rules. A single SMS or e-mail code is weak under both
// (SP 800-63B-4 §4.2.2.2 wants two codes by different methods, or a code
// with a bound authenticator, which one code alone is not), and under rev 4
// help-desk and temporary-pass recoveries are weak too unless their risk
// analysis is documented, as RC-01 holds the configuration to.
func weakRecovery(m vocab.RecoveryMethod, rev string, riskAnalysed bool) bool {
	return m.Weak() || rev != "rev3" && !riskAnalysed && (m == vocab.RecoveryTAP || m == vocab.HelpdeskVerified)
}

// unknownVerification words the recoveries whose verification is unknown.
func unknownVerification(unknown, of int) string {
	return fmt.Sprintf("%s of %s completed recoveries are of a verification their source does not show (its notes in the evidence table say which), so they are neither verified nor weak and are left out of the share; a ticket export with a verification field, or native account events, would count them",
		present.Thousands(unknown), present.Thousands(of))
}

// recoveryHours is the num/den quantile (nearest rank) of the hours from
// opening to resolution of the resolved lost-device recovery tickets opened
// in the period.
func (a *Accumulator) recoveryHours(num, den int) (Value, bool) {
	var hours []float64
	for _, t := range a.in.Tickets {
		if t.Stage == string(vocab.LostDeviceRecovery) && !t.ResolvedAt.IsZero() && a.in.Period.Contains(t.OpenedAt) {
			hours = append(hours, t.ResolvedAt.Sub(t.OpenedAt).Hours())
		}
	}
	if len(hours) == 0 {
		return Value{}, false
	}
	slices.Sort(hours)
	return Value{Num: nearestRank(hours, num, den), N: len(hours)}, true
}

// nearestRank is the q-quantile of sorted values, q = num/den: the value at rank
// ceil(q·n). The rank is computed in integers so that no floating-point rounding
// of q·n can ever move it to the next rank.
func nearestRank(sorted []float64, num, den int) float64 {
	rank := (num*len(sorted) + den - 1) / den
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// foldRecovery counts a recovery started or completed in either period.
func (a *Accumulator) foldRecovery(e *evidence.AccountEvent) {
	inP := a.in.Period.Contains(e.Time)
	m := &a.monthly
	i := m.slot(e.Time)
	selfService := e.Channel == "self_service"
	switch e.Action {
	case "recovery_started":
		add(m.recoveryStarted, i)
		if inP {
			a.recovery.started++
		}
	case "recovery_completed":
		add(m.recoveryCompleted, i)
		if selfService {
			add(m.recoverySelfService, i)
		}
		if inP {
			a.recovery.completed++
			if selfService {
				a.recovery.selfService++
			}
			switch m := vocab.RecoveryMethod(e.Method); {
			case m == vocab.VerificationUnknown:
				a.recovery.unverifiable++
			case weakRecovery(m, a.in.SP80063B, a.riskAnalysed()):
				a.recovery.weak++
			}
		}
	}
}
