package metrics

import (
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

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
