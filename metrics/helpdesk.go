package metrics

import (
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

// helpdeskDefs are the metrics of the helpdesk signal, the Helpdesk section of
// metrics.md: how much authentication work the helpdesk gets, where in the
// journey it comes from, how it changed against the baseline, and the
// practical test. The password resets it weighs recovery demand against are
// at the end of the file.
func helpdeskDefs() []Def {
	defs := []Def{
		{
			Name: "helpdesk.auth_tickets", Unit: present.Count, Label: "Authentication tickets",
			Definition: "authentication tickets (stage not unrelated) opened in the period",
			Kinds:      kinds(evidence.Tickets), Needs: "ticket records",
			compute: func(a *Accumulator) (Value, bool) { return count(a.tickets().authP) },
			monthly: func(a *Accumulator) ([]Point, bool) {
				return a.monthly.counts(a.ticketsByMonth(func(evidence.Ticket) bool { return true })), true
			},
		},
		{
			Name: "helpdesk.lost_device_recovery_tickets", Unit: present.Count, Label: "Lost-device recovery tickets",
			Definition: "lost-device recovery tickets opened, month by month",
			Kinds:      kinds(evidence.Tickets), Needs: "ticket records",
			monthly: func(a *Accumulator) ([]Point, bool) {
				return a.monthly.counts(a.ticketsByMonth(func(t evidence.Ticket) bool { return t.Stage == string(vocab.LostDeviceRecovery) })), true
			},
		},
		{
			Name: "helpdesk.tickets_per_1000_users_month", Unit: present.Per1000, Label: "Tickets per 1,000 users per month",
			Definition: "authentication tickets per 1,000 in-scope users per month",
			Kinds:      kinds(evidence.Tickets, evidence.Population), Needs: "ticket records and in-scope population records",
			compute: func(a *Accumulator) (Value, bool) {
				if a.n == 0 {
					return Value{}, false
				}
				t := a.tickets()
				return Value{Num: float64(t.authP) / float64(a.n) * 1000 / months(a.in.Period), N: t.authP}, true
			},
		},
		{
			Name: "helpdesk.max_stage_share", Unit: present.Share, Label: "Largest stage", Sampled: true,
			Definition: "the largest share of authentication tickets taken by one stage",
			Kinds:      kinds(evidence.Tickets), Needs: "authentication tickets opened in the period",
			compute: func(a *Accumulator) (Value, bool) {
				t := a.tickets()
				if t.authP == 0 {
					return Value{}, false
				}
				best, n := vocab.Stage(""), -1
				for _, st := range vocab.Stages() {
					if t.byStage[st] > n {
						best, n = st, t.byStage[st]
					}
				}
				return Value{Num: float64(n) / float64(t.authP), N: t.authP, Detail: string(best)}, true
			},
		},
		{
			Name: "helpdesk.demand_change", Unit: present.Change, Label: "Change of authentication tickets per day",
			Definition: "relative change of authentication tickets per day from the baseline to the period",
			Kinds:      kinds(evidence.Tickets), Needs: "a baseline period with authentication tickets",
			compute: func(a *Accumulator) (Value, bool) {
				t := a.tickets()
				v, ok := change(t.authP, a.in.Period, t.authB, a.in.Baseline)
				return Value{Num: v, N: t.authP + t.authB}, ok
			},
		},
		{
			Name: "helpdesk.recovery_change", Unit: present.Change, Label: "Change of lost-device recovery tickets per day",
			Definition: "relative change of lost-device recovery tickets per day from the baseline to the period",
			Kinds:      kinds(evidence.Tickets), Needs: "a baseline period with lost-device recovery tickets",
			compute: (*Accumulator).recoveryChange,
		},
		{
			Name: "helpdesk.practical_test", Unit: present.Boolean, Label: "Practical test",
			Definition: "false when lost-device recovery demand rose while password resets did not fall",
			Kinds:      kinds(evidence.Tickets, evidence.AccountEvents),
			Needs:      "both the lost-device recovery ticket change and the password reset change",
			compute: func(a *Accumulator) (Value, bool) {
				rec, okR := a.recoveryChange()
				res, okC := a.resetChange()
				if !okR || !okC {
					return Value{}, false
				}
				return boolean(!(rec.Num > 0 && res.Num >= 0), rec.N+res.N)
			},
		},
	}
	for _, st := range vocab.Stages() {
		defs = append(defs, Def{
			Name: "helpdesk.stage_share." + string(st), Unit: present.Share, Label: "Tickets of stage " + vocab.Label(string(st)), Sampled: true,
			Definition: "authentication tickets of stage " + string(st) + " opened in the period, over authentication tickets",
			Kinds:      kinds(evidence.Tickets), Needs: "authentication tickets opened in the period",
			compute: func(a *Accumulator) (Value, bool) {
				t := a.tickets()
				return share(t.byStage[st], t.authP)
			},
		})
	}
	return defs
}

// ticketCounts count authentication tickets (stage not unrelated) opened in
// the period, by stage, and in the baseline.
type ticketCounts struct {
	authP, authB, ldrB int
	byStage            map[vocab.Stage]int
}

func (a *Accumulator) tickets() ticketCounts {
	c := ticketCounts{byStage: map[vocab.Stage]int{}}
	for _, t := range a.in.Tickets {
		st := vocab.Stage(t.Stage)
		switch {
		case st == vocab.Unrelated:
		case a.in.Period.Contains(t.OpenedAt):
			c.authP++
			c.byStage[st]++
		case a.inBaseline(t.OpenedAt):
			c.authB++
			if st == vocab.LostDeviceRecovery {
				c.ldrB++
			}
		}
	}
	return c
}

func (a *Accumulator) recoveryChange() (Value, bool) {
	t := a.tickets()
	p := t.byStage[vocab.LostDeviceRecovery]
	v, ok := change(p, a.in.Period, t.ldrB, a.in.Baseline)
	return Value{Num: v, N: p + t.ldrB}, ok
}

// ticketsByMonth counts, month by month, the authentication tickets of either
// period that match.
func (a *Accumulator) ticketsByMonth(match func(evidence.Ticket) bool) []int {
	m := &a.monthly
	out := make([]int, len(m.months))
	for _, t := range a.in.Tickets {
		if i := m.slot(t.OpenedAt); i >= 0 && t.Stage != string(vocab.Unrelated) && a.inEither(t.OpenedAt) && match(t) {
			out[i]++
		}
	}
	return out
}

// MonthStages counts the authentication tickets opened in one calendar month.
type MonthStages struct {
	Month    string // YYYY-MM
	Baseline bool
	Stages   map[string]int
}

// monthStages lists every calendar month of the baseline and the period with
// its authentication tickets by stage.
func (a *Accumulator) monthStages() []MonthStages {
	m := &a.monthly
	counts := make([]map[string]int, len(m.months))
	for i := range counts {
		counts[i] = map[string]int{}
		for _, st := range vocab.Stages() {
			counts[i][string(st)] = 0
		}
	}
	for _, t := range a.in.Tickets {
		if i := m.slot(t.OpenedAt); i >= 0 && t.Stage != string(vocab.Unrelated) && a.inEither(t.OpenedAt) {
			counts[i][t.Stage]++
		}
	}
	out := make([]MonthStages, len(m.months))
	for i := range m.months {
		out[i] = MonthStages{Month: m.months[i], Baseline: m.baseline[i], Stages: counts[i]}
	}
	return out
}

// credentialResetDefs are the password resets the practical test weighs
// recovery demand against (metrics.md lists them under the helpdesk).
var credentialResetDefs = []Def{
	{
		Name: "credential_reset.change", Unit: present.Change, Label: "Change of password resets per day",
		Definition: "relative change of password resets per day from the baseline to the period",
		Kinds:      kinds(evidence.AccountEvents), Needs: "account events with password resets in the baseline period",
		compute: (*Accumulator).resetChange,
	},
	{
		Name: "credential_reset.events", Unit: present.Count, Label: "Credential resets",
		Definition: "password resets, month by month",
		Kinds:      kinds(evidence.AccountEvents), Needs: "account events",
		monthly: func(a *Accumulator) ([]Point, bool) { return a.monthly.counts(a.monthly.resets), true },
	},
}

// resetCounts count password resets in the period and in the baseline.
type resetCounts struct{ period, baseline int }

func (a *Accumulator) foldReset(e *evidence.AccountEvent) {
	add(a.monthly.resets, a.monthly.slot(e.Time))
	switch {
	case a.in.Period.Contains(e.Time):
		a.resets.period++
	case a.inBaseline(e.Time):
		a.resets.baseline++
	}
}

func (a *Accumulator) resetChange() (Value, bool) {
	c := a.resets
	v, ok := change(c.period, a.in.Period, c.baseline, a.in.Baseline)
	return Value{Num: v, N: c.period + c.baseline}, ok
}

// change is the relative change of a daily rate between the baseline and the
// period; false without a baseline or with nothing in it.
func change(xP int, p evidence.Period, xB int, b *evidence.Period) (float64, bool) {
	if b == nil || xB == 0 {
		return 0, false
	}
	rb := float64(xB) / float64(b.Days())
	return (float64(xP)/float64(p.Days()) - rb) / rb, true
}

// AccountEvent folds one account-lifecycle event of either period: password
// resets into the counts the practical test weighs, recoveries into the
// recovery counts (recovery.go).
func (a *Accumulator) AccountEvent(e *evidence.AccountEvent) {
	if !a.inEither(e.Time) {
		return
	}
	switch e.Action {
	case "password_reset":
		a.foldReset(e)
	case "recovery_started", "recovery_completed":
		a.foldRecovery(e)
	}
}
