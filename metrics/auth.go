package metrics

import (
	"fmt"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

var authDefs = []Def{
	{
		Name: "auth.events", Unit: present.Count, Label: "Sign-ins",
		Definition: "sign-in events in the period",
		Kinds:      kinds(evidence.AuthEvents), Needs: "sign-in events",
		compute: func(a *Accumulator) (Value, bool) { return count(a.auth.events) },
	},
	{
		Name: "auth.success_pr_share", Unit: present.Share, Label: "Phishing-resistant sign-ins", Sampled: true,
		Definition: "successful sign-ins with a phishing-resistant method, over successful sign-ins",
		Kinds:      kinds(evidence.AuthEvents), Needs: "successful sign-ins in the period",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.auth
			return knownShare(c.successPR, c.successes-c.successUnknown, c.successUnknown, unknownMethods(c.successUnknown, c.successes))
		},
		monthly: func(a *Accumulator) ([]Point, bool) {
			return a.monthly.shares(a.monthly.successPR, a.monthly.success), true
		},
	},
	{
		Name: "auth.fallback_share", Unit: present.Share, Label: "Fallback sign-ins", Sampled: true,
		Definition: "successful sign-ins with a method that is not phishing-resistant, among those by users who held a phishing-resistant authenticator at the time",
		Kinds:      kinds(evidence.AuthEvents, evidence.Authenticators),
		Needs:      "authenticator records and successful sign-ins by users holding a phishing-resistant authenticator",
		lacks:      evidence.LacksRegistrationDates,
		compute: func(a *Accumulator) (Value, bool) {
			if a.datesUnknown {
				return Value{}, false
			}
			c := a.auth
			return knownShare(c.fbNum, c.fbDen, c.fbUnknown, unknownMethods(c.fbUnknown, c.fbDen+c.fbUnknown))
		},
		monthly: func(a *Accumulator) ([]Point, bool) {
			if a.datesUnknown {
				return nil, false
			}
			return a.monthly.shares(a.monthly.fallbackNum, a.monthly.fallbackDen), true
		},
	},
	{
		Name: "auth.fallback_trend", Unit: present.Points, Label: "Change of fallback sign-ins", Sampled: true,
		Definition: "fallback share over the last 30 days of the period minus the fallback share over its first 30 days",
		Kinds:      kinds(evidence.AuthEvents, evidence.Authenticators),
		Needs:      "such sign-ins in both the first and the last 30 days of the period",
		lacks:      evidence.LacksRegistrationDates,
		compute: func(a *Accumulator) (Value, bool) {
			c := a.auth
			if a.datesUnknown || c.fbFirstDen == 0 || c.fbLastDen == 0 {
				return Value{}, false
			}
			v := float64(c.fbLastNum)/float64(c.fbLastDen) - float64(c.fbFirstNum)/float64(c.fbFirstDen)
			out := Value{Num: v, N: min(c.fbFirstDen, c.fbLastDen)}
			if u := c.fbFirstUnknown + c.fbLastUnknown; u > 0 {
				out.Unknown = u
				out.Cause = unknownMethods(u, c.fbFirstDen+c.fbLastDen+u)
			}
			return out, true
		},
	},
	{
		Name: "auth.failure_share", Unit: present.Share, Label: "Failed sign-ins", Sampled: true,
		Definition: "failed sign-ins over sign-ins",
		Kinds:      kinds(evidence.AuthEvents), Needs: "sign-ins in the period",
		compute: func(a *Accumulator) (Value, bool) { return share(a.auth.failures, a.auth.events) },
	},
	{
		Name: "auth.abandoned_challenges", Unit: present.Count, Label: "Sign-ins abandoned at a factor challenge",
		Definition: "sign-in flows in the period that stopped at a factor challenge nobody answered, counted among the failed sign-ins",
		Kinds:      kinds(evidence.AuthEvents), Needs: "sign-in events",
		compute: func(a *Accumulator) (Value, bool) { return count(a.auth.abandoned) },
	},
}

// unknownMethods words the sign-ins whose method the source cannot tell.
func unknownMethods(unknown, of int) string {
	return fmt.Sprintf("%s of %s sign-ins are of a method their source does not show (its notes in the evidence table say which and why) and are left out of the share; a sign-in log that names each sign-in's authenticator would count them",
		present.Thousands(unknown), present.Thousands(of))
}

// authCounts fold the sign-ins of the period. Fallback is counted over the
// sign-ins of people who held a phishing-resistant authenticator at the time,
// over the whole period and over its first and last 30 days.
type authCounts struct {
	events, failures, successes, successPR int
	successUnknown, abandoned              int
	fbDen, fbNum, fbUnknown                int
	fbFirstDen, fbFirstNum, fbFirstUnknown int
	fbLastDen, fbLastNum, fbLastUnknown    int
	first30, last30                        [2]time.Time // [start, end)
}

// phishingResistant reports whether an authenticator type resists phishing.
func phishingResistant[M ~string](m M) bool { return vocab.Method(m).PhishingResistant() }

func within(t time.Time, w [2]time.Time) bool { return !t.Before(w[0]) && t.Before(w[1]) }

// AuthEvent folds one sign-in.
func (a *Accumulator) AuthEvent(e *evidence.AuthEvent) {
	inP := a.in.Period.Contains(e.Time)
	if !inP && !a.inBaseline(e.Time) {
		return
	}
	c := &a.auth
	if inP {
		c.events++
	}
	if !e.Success {
		if inP {
			c.failures++
			if e.Abandoned {
				c.abandoned++
			}
		}
		return
	}
	pr := phishingResistant(e.Method)
	held := !a.datesUnknown && a.heldPR(e.UserID, e.Time)
	if e.Method == vocab.MethodUnknown {
		// Left out of every method share, and counted beside it.
		if inP {
			c.successes++
			c.successUnknown++
			if held {
				c.fbUnknown++
				if within(e.Time, c.first30) {
					c.fbFirstUnknown++
				}
				if within(e.Time, c.last30) {
					c.fbLastUnknown++
				}
			}
		}
		return
	}
	fb := 0
	if !pr {
		fb = 1
	}
	m := &a.monthly
	i := m.slot(e.Time)
	add(m.success, i)
	if pr {
		add(m.successPR, i)
	}
	if held {
		add(m.fallbackDen, i)
		if !pr {
			add(m.fallbackNum, i)
		}
	}
	if !inP {
		return
	}
	c.successes++
	if pr {
		c.successPR++
	}
	if !held {
		return
	}
	c.fbDen++
	c.fbNum += fb
	if within(e.Time, c.first30) {
		c.fbFirstDen++
		c.fbFirstNum += fb
	}
	if within(e.Time, c.last30) {
		c.fbLastDen++
		c.fbLastNum += fb
	}
}

// interval is a span during which a phishing-resistant authenticator was held.
type interval struct{ from, to time.Time } // to is zero while held

// holdings records, per person, the spans during which they held a
// phishing-resistant authenticator: fallback is counted over the sign-ins of
// people who held one at that moment.
func (a *Accumulator) holdings() {
	for _, au := range a.in.Authenticators {
		a.datesUnknown = a.datesUnknown || au.DatesUnknown
		if phishingResistant(au.Type) {
			a.prHeld[au.UserID] = append(a.prHeld[au.UserID], interval{au.RegisteredAt, au.RevokedAt})
		}
	}
}

// heldPR reports whether user held a phishing-resistant authenticator at t.
func (a *Accumulator) heldPR(user string, t time.Time) bool {
	for _, iv := range a.prHeld[user] {
		if !iv.from.After(t) && (iv.to.IsZero() || iv.to.After(t)) {
			return true
		}
	}
	return false
}

// prHolders counts in-scope users holding a phishing-resistant authenticator at t.
func (a *Accumulator) prHolders(t time.Time) int {
	n := 0
	for user := range a.inScope {
		if a.heldPR(user, t) {
			n++
		}
	}
	return n
}
