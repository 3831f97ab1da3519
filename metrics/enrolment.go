package metrics

import (
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

var enrolmentDefs = []Def{
	{
		Name: "enrolment.pr_share", Unit: present.Share, Label: "Users holding a PR authenticator", Sampled: true,
		Definition: "in-scope users holding a phishing-resistant authenticator at the end of the period, over N",
		Kinds:      kinds(evidence.Population, evidence.Authenticators),
		Needs:      "population and authenticator records with at least one in-scope user",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.enrolment()
			return share(c.withPR, a.n)
		},
		monthly: func(a *Accumulator) ([]Point, bool) {
			if a.n == 0 || a.datesUnknown {
				return nil, false
			}
			return a.monthly.each(func(i int, month string) Point {
				t, _ := time.Parse("2006-01", month)
				end := t.AddDate(0, 1, 0).Add(-time.Millisecond)
				if end.After(a.in.Period.EndExclusive()) {
					end = a.in.Period.EndExclusive().Add(-time.Millisecond)
				}
				return Point{Value: float64(a.prHolders(end)) / float64(a.n), N: a.n, Has: true}
			}), true
		},
	},
	{
		Name: "enrolment.privileged_pr_share", Unit: present.Share, Label: "Privileged users holding a PR authenticator", Sampled: true,
		Definition: "the same over privileged in-scope users",
		Kinds:      kinds(evidence.Population, evidence.Authenticators),
		Needs:      "at least one privileged in-scope user and authenticator records",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.enrolment()
			return share(c.privilegedPR, c.privileged)
		},
	},
	{
		Name: "enrolment.redundant_share", Unit: present.Share, Label: "PR holders with a second authenticator", Sampled: true,
		Definition: "in-scope users holding two or more authenticators including a phishing-resistant one, over in-scope users holding a phishing-resistant one",
		Kinds:      kinds(evidence.Population, evidence.Authenticators),
		Needs:      "in-scope users holding a phishing-resistant authenticator",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.enrolment()
			return share(c.redundant, c.withPR)
		},
	},
}

// enrolmentCounts count in-scope people by what they hold at the end of the
// period.
type enrolmentCounts struct {
	withPR, privileged, privilegedPR, redundant int
}

func (a *Accumulator) enrolment() enrolmentCounts {
	in := a.in
	asOf := in.Period.EndExclusive().Add(-time.Millisecond)
	held, pr := map[string]int{}, map[string]int{}
	for i := range in.Authenticators {
		au := &in.Authenticators[i]
		if !a.inScope[au.UserID] || !au.HeldAt(asOf) {
			continue
		}
		held[au.UserID]++
		if phishingResistant(au.Type) {
			pr[au.UserID]++
		}
	}
	var c enrolmentCounts
	for _, p := range in.People {
		if !p.InScope {
			continue
		}
		has := pr[p.UserID] > 0
		if has {
			c.withPR++
			if held[p.UserID] >= 2 {
				c.redundant++
			}
		}
		if p.Privileged {
			c.privileged++
			if has {
				c.privilegedPR++
			}
		}
	}
	return c
}
