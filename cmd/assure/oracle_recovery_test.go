package main

// metrics.md, "Recovery".

import "sort"

func oracleRecovery(in *oracleInput, out *oracleResult) {
	p := in.period
	if in.has("tickets") {
		// Hours to resolve the lost-device recovery tickets opened in P and resolved.
		var hours []float64
		for _, tk := range in.tickets {
			if tk.stage == "lost_device_recovery" && p.inP(tk.opened) && !tk.resolved.IsZero() {
				hours = append(hours, tk.resolved.Sub(tk.opened).Hours())
			}
		}
		if len(hours) > 0 {
			sort.Float64s(hours)
			out.set("recovery.median_hours", oracleRank(hours, 1, 2), len(hours))
			out.set("recovery.p90_hours", oracleRank(hours, 9, 10), len(hours))
		}
	}
	if !in.has("account_events") {
		return
	}
	completed, self, weak, started, unknown := 0, 0, 0, 0, 0
	for _, e := range in.accountEvents {
		if !p.inP(e.at) || !in.counts(e) {
			continue
		}
		switch e.action {
		case "recovery_started":
			started++
		case "recovery_completed":
			completed++
			if e.channel == "self_service" {
				self++
			}
			// a recovery whose verification is unknown is neither weak nor
			// verified: left out of the weak share
			if e.method == "unknown" {
				unknown++
			}
			// one SMS or e-mail code, questions or an unverified helpdesk are
			// weak in either revision; under rev 4 a verified helpdesk or a
			// temporary access pass too, unless the risk analysis of those
			// routes was documented by the end of the period
			if oracleWeakRecovery(e.method) || in.rev != "rev3" && !in.riskAnalysed(p) && (e.method == "helpdesk_verified" || e.method == "temporary_access_pass") {
				weak++
			}
		}
	}
	out.set("recovery.completed", float64(completed), completed)
	out.share("recovery.self_service_share", self, completed)
	out.share("recovery.weak_method_share", weak, completed-unknown)
	out.unknown["recovery.weak_method_share"] = unknown
	if n := len(in.inScope); n > 0 {
		out.set("recovery.rate_per_100_users_month", float64(started)/float64(n)*100/p.months(), started)
	}
}
