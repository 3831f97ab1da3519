package main

// metrics.md, "Authentication".

func oracleAuthentication(in *oracleInput, out *oracleResult) {
	if !in.has("auth_events") {
		return
	}
	p := in.period
	// The first and the last 30 days of P, for auth.fallback_trend.
	firstEnd := p.start.AddDate(0, 0, 30)
	lastStart := p.endDay.AddDate(0, 0, 1-30)
	lastEnd := p.endDay.AddDate(0, 0, 1)
	events, success, successPR, failures, abandoned := 0, 0, 0, 0, 0
	fbDen, fbNum := 0, 0
	successUnknown, fbUnknown := 0, 0
	fDen, fNum, lDen, lNum := 0, 0, 0, 0
	for _, e := range in.authEvents {
		if !p.inP(e.at) {
			continue
		}
		events++
		if e.outcome != "success" {
			failures++ // "abandoned" is a failed attempt too
			if e.outcome == "abandoned" {
				abandoned++
			}
			continue
		}
		// A sign-in whose method the source cannot tell is left out of
		// every method share, and counted beside the shares it would be in.
		if e.method == "unknown" {
			successUnknown++
			if _, pr := in.held(e.user, e.at); pr > 0 {
				fbUnknown++
			}
			continue
		}
		success++
		if oraclePR(e.method) {
			successPR++
		}
		// Fallback counts only sign-ins by users who held a PR authenticator then.
		if _, pr := in.held(e.user, e.at); pr == 0 {
			continue
		}
		fb := 0
		if !oraclePR(e.method) {
			fb = 1
		}
		fbDen++
		fbNum += fb
		if e.at.Before(firstEnd) {
			fDen++
			fNum += fb
		}
		if !e.at.Before(lastStart) && e.at.Before(lastEnd) {
			lDen++
			lNum += fb
		}
	}
	out.set("auth.events", float64(events), events)
	out.share("auth.success_pr_share", successPR, success)
	out.share("auth.fallback_share", fbNum, fbDen)
	out.unknown["auth.success_pr_share"], out.unknown["auth.fallback_share"] = successUnknown, fbUnknown
	out.share("auth.failure_share", failures, events)
	out.set("auth.abandoned_challenges", float64(abandoned), abandoned)
	if fDen > 0 && lDen > 0 {
		out.set("auth.fallback_trend", float64(lNum)/float64(lDen)-float64(fNum)/float64(fDen), min(fDen, lDen))
	}
}
