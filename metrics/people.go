package metrics

import (
	"time"
)

func (a *Accumulator) enrolment(r *Results) {
	in := a.in
	asOf := in.Period.EndExclusive().Add(-time.Millisecond)
	held, pr := map[string]int{}, map[string]int{}
	for i := range in.Authenticators {
		au := &in.Authenticators[i]
		if !a.inScope[au.UserID] || !au.HeldAt(asOf) {
			continue
		}
		held[au.UserID]++
		if PR(string(au.Type)) {
			pr[au.UserID]++
		}
	}
	var withPR, privileged, privilegedPR, redundant int
	for _, p := range in.People {
		if !p.InScope {
			continue
		}
		has := pr[p.UserID] > 0
		if has {
			withPR++
			if held[p.UserID] >= 2 {
				redundant++
			}
		}
		if p.Privileged {
			privileged++
			if has {
				privilegedPR++
			}
		}
	}
	r.share("enrolment.pr_share", withPR, a.n)
	r.share("enrolment.privileged_pr_share", privilegedPR, privileged)
	r.share("enrolment.redundant_share", redundant, withPR)
}

func (a *Accumulator) authMetrics(r *Results) {
	c := a.auth
	r.count("auth.events", c.events)
	r.share("auth.success_pr_share", c.successPR, c.successes)
	r.share("auth.failure_share", c.failures, c.events)
	if a.in.Authenticators == nil || a.datesUnknown {
		// Fallback is defined by who held a phishing-resistant authenticator at
		// the time of each sign-in: without registration dates it is unknowable.
		return
	}
	r.share("auth.fallback_share", c.fbNum, c.fbDen)
	if c.fbFirstDen > 0 && c.fbLastDen > 0 {
		v := float64(c.fbLastNum)/float64(c.fbLastDen) - float64(c.fbFirstNum)/float64(c.fbFirstDen)
		r.Values["auth.fallback_trend"] = Value{Num: v, N: min(c.fbFirstDen, c.fbLastDen)}
	}
}
