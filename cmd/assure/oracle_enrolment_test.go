package main

// metrics.md, "Enrolment": who holds a phishing-resistant authenticator at as_of.

func oracleEnrolment(in *oracleInput, out *oracleResult) {
	if !in.has("authenticators") || !in.has("population") {
		return
	}
	asOf := in.period.asOf()
	withPR, redundant := 0, 0
	for _, u := range in.inScope {
		all, pr := in.held(u, asOf)
		if pr > 0 {
			withPR++
			if all >= 2 {
				redundant++
			}
		}
	}
	out.share("enrolment.pr_share", withPR, len(in.inScope))
	privPR := 0
	for _, u := range in.privileged {
		if _, pr := in.held(u, asOf); pr > 0 {
			privPR++
		}
	}
	out.share("enrolment.privileged_pr_share", privPR, len(in.privileged))
	out.share("enrolment.redundant_share", redundant, withPR)
}
