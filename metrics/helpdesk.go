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
			Sampled: true,
			compute: func(a *Accumulator) (Value, bool) {
				t := a.tickets()
				v, ok := a.change(t.authP, t.authB)
				return Value{Num: v, N: t.authB}, ok
			},
		},
		{
			Name: "helpdesk.recovery_change", Unit: present.Change, Label: "Change of lost-device recovery tickets per day",
			Definition: "relative change of lost-device recovery tickets per day from the baseline to the period",
			Kinds:      kinds(evidence.Tickets), Needs: "a baseline period with lost-device recovery tickets",
			Sampled: true,
			compute: (*Accumulator).recoveryChange,
		},
		{
			Name: "helpdesk.practical_test", Unit: present.Boolean, Label: "Practical test",
			Definition: "false when lost-device recovery demand rose while password resets did not fall",
			Kinds:      kinds(evidence.Tickets, evidence.AccountEvents),
			Needs:      "a baseline with at least 20 password resets, or with at least 20 lost-device recovery tickets, or no lost-device recovery ticket in the period",
			compute:    (*Accumulator).practicalTest,
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
	v, ok := a.change(t.byStage[vocab.LostDeviceRecovery], t.ldrB)
	return Value{Num: v, N: t.ldrB}, ok
}

// MinChangeBaseline is how many records the baseline must hold before a
// change against it can decide anything: a programme default, so that two
// tickets becoming three cannot fail a control. Checks on change metrics
// default to it as their minimum sample, the sample being the baseline's
// count.
const MinChangeBaseline = 20

// practicalTest is the article's test of the helpdesk signal: it fails when
// lost-device recovery demand rose while password resets did not fall. It is
// decided whenever the evidence allows: resets that fell decide it holds
// whatever recovery did; recovery that did not rise decides it holds whatever
// resets did; only recovery that rose with resets that did not fall fails
// it. A change decides only over a baseline of at least MinChangeBaseline
// records, except that no recovery ticket in the period cannot be a rise.
func (a *Accumulator) practicalTest() (Value, bool) {
	if a.in.Baseline == nil {
		return Value{}, false
	}
	t, r := a.tickets(), a.resets
	ldrP := t.byStage[vocab.LostDeviceRecovery]
	n := t.ldrB + r.baseline
	resetsKnown := r.baseline >= MinChangeBaseline
	resetsFell := resetsKnown && a.perDay(r.period, a.n, a.in.Period) < a.perDay(r.baseline, a.baselinePeople(), *a.in.Baseline)
	recoveryKnown := t.ldrB >= MinChangeBaseline || ldrP == 0
	recoveryRose := recoveryKnown && ldrP > 0 && a.perDay(ldrP, a.n, a.in.Period) > a.perDay(t.ldrB, a.baselinePeople(), *a.in.Baseline)
	switch {
	case resetsFell, recoveryKnown && !recoveryRose:
		return boolean(true, n)
	case recoveryRose && resetsKnown:
		return boolean(false, n)
	}
	return Value{}, false
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
		Sampled: true,
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
	v, ok := a.change(c.period, c.baseline)
	return Value{Num: v, N: c.baseline}, ok
}

// change is the relative change of a daily rate from the baseline to the
// period — per in-scope person and day when people came into scope between
// the two, so that a merger does not move demand by itself; false without a
// baseline or with nothing in it.
func (a *Accumulator) change(xP, xB int) (float64, bool) {
	b := a.in.Baseline
	if b == nil || xB == 0 {
		return 0, false
	}
	rb := a.perDay(xB, a.baselinePeople(), *b)
	return (a.perDay(xP, a.n, a.in.Period) - rb) / rb, true
}

// perDay is a count per day of p, and per person when the population grew
// between the baseline and the period (people = 0 leaves it per day).
func (a *Accumulator) perDay(x, people int, p evidence.Period) float64 {
	v := float64(x) / float64(p.Days())
	if a.populationChanged() && people > 0 {
		v /= float64(people)
	}
	return v
}

// baselinePeople counts the people in scope during the baseline: in scope
// now, and in scope since before the baseline ended.
func (a *Accumulator) baselinePeople() int {
	if a.in.Baseline == nil {
		return a.n
	}
	n := 0
	for _, p := range a.in.People {
		if p.InScope && (p.InScopeFrom.IsZero() || !p.InScopeFrom.After(a.in.Baseline.End)) {
			n++
		}
	}
	return n
}

// populationChanged reports whether people came into scope between the
// baseline and the period.
func (a *Accumulator) populationChanged() bool {
	return a.in.Baseline != nil && a.n > 0 && a.baselinePeople() != a.n
}

// AccountEvent folds one account-lifecycle event of either period: password
// resets into the counts the practical test weighs, recoveries into the
// recovery counts (recovery.go).
func (a *Accumulator) AccountEvent(e *evidence.AccountEvent) {
	if !a.inEither(e.Time) {
		return
	}
	// The programme's account events are its people's: with a population,
	// events of people out of its scope are not counted.
	if a.in.People != nil && !a.inScope[e.UserID] {
		return
	}
	switch e.Action {
	case "password_reset":
		a.foldReset(e)
	case "recovery_started", "recovery_completed":
		a.foldRecovery(e)
	}
}
