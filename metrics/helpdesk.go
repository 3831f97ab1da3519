package metrics

import (
	"slices"
)

func (a *Accumulator) helpdesk(r *Results) {
	in := a.in
	byStage := map[string]int{}
	var authP, authB, ldrB int
	var hours []float64
	monthly := map[string]map[string]int{}
	for _, t := range in.Tickets {
		if t.Stage == "unrelated" {
			continue
		}
		inP := in.Period.Contains(t.OpenedAt)
		inB := in.Baseline != nil && in.Baseline.Contains(t.OpenedAt)
		if inP || inB {
			m := t.OpenedAt.Format("2006-01")
			if monthly[m] == nil {
				monthly[m] = map[string]int{}
			}
			monthly[m][t.Stage]++
		}
		switch {
		case inP:
			authP++
			byStage[t.Stage]++
			if t.Stage == "lost_device_recovery" && !t.ResolvedAt.IsZero() {
				hours = append(hours, t.ResolvedAt.Sub(t.OpenedAt).Hours())
			}
		case inB:
			authB++
			if t.Stage == "lost_device_recovery" {
				ldrB++
			}
		}
	}
	r.count("helpdesk.auth_tickets", authP)
	if in.People != nil && a.n > 0 {
		r.Values["helpdesk.tickets_per_1000_users_month"] = Value{Num: float64(authP) / float64(a.n) * 1000 / months(in.Period), N: authP}
	}
	if authP > 0 {
		bestStage, best := "", -1
		for _, st := range Stages {
			r.share("helpdesk.stage_share."+st, byStage[st], authP)
			if byStage[st] > best {
				bestStage, best = st, byStage[st]
			}
		}
		r.Values["helpdesk.max_stage_share"] = Value{Num: float64(best) / float64(authP), N: authP, Detail: bestStage}
	}
	if v, ok := change(authP, in.Period, authB, in.Baseline); ok {
		r.Values["helpdesk.demand_change"] = Value{Num: v, N: authP + authB}
	}
	if v, ok := change(byStage["lost_device_recovery"], in.Period, ldrB, in.Baseline); ok {
		r.Values["helpdesk.recovery_change"] = Value{Num: v, N: byStage["lost_device_recovery"] + ldrB}
	}
	if len(hours) > 0 {
		slices.Sort(hours)
		r.Values["recovery.median_hours"] = Value{Num: nearestRank(hours, 1, 2), N: len(hours)}
		r.Values["recovery.p90_hours"] = Value{Num: nearestRank(hours, 9, 10), N: len(hours)}
	}
	r.Months = monthSeries(in, monthly)
}

// nearestRank is the q-quantile of sorted values, q = num/den: the value at rank
// ceil(q·n). The rank is computed in integers so that no floating-point rounding
// of q·n can ever move it to the next rank.
func nearestRank(sorted []float64, num, den int) float64 {
	rank := (num*len(sorted) + den - 1) / den
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func (a *Accumulator) recovery(r *Results) {
	in, c := a.in, a.account
	if v, ok := change(c.resetsP, in.Period, c.resetsB, in.Baseline); ok {
		r.Values["credential_reset.change"] = Value{Num: v, N: c.resetsP + c.resetsB}
	}
	rec, okR := r.Values["helpdesk.recovery_change"]
	res, okC := r.Values["credential_reset.change"]
	if okR && okC {
		r.boolean("helpdesk.practical_test", !(rec.Num > 0 && res.Num >= 0), rec.N+res.N)
	}
	if !in.NoRecoveryCompleted {
		r.count("recovery.completed", c.completed)
		r.share("recovery.self_service_share", c.selfService, c.completed)
		r.share("recovery.weak_method_share", c.weak, c.completed)
	}
	if in.People != nil && a.n > 0 && !in.NoRecoveryStarted {
		r.Values["recovery.rate_per_100_users_month"] = Value{Num: float64(c.started) / float64(a.n) * 100 / months(in.Period), N: c.started}
	}
}
