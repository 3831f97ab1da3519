package metrics

import (
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

var populationDefs = []Def{{
	Name: "population.privileged_in_scope", Unit: present.Count, Label: "Privileged people in scope",
	Definition: "in-scope people marked privileged; absent when no in-scope row says whether its person is privileged",
	Kinds:      kinds(evidence.Population), Needs: "population records with the privileged column filled in",
	compute: func(a *Accumulator) (Value, bool) {
		known, n := false, 0
		for _, p := range a.in.People {
			if p.InScope && p.PrivilegedKnown {
				known = true
				if p.Privileged {
					n++
				}
			}
		}
		return Value{Num: float64(n), N: n}, known
	},
}, {
	Name: "population.in_scope_users", Unit: present.Count, Label: "People in scope",
	Definition: "people in the population with in_scope = true (N)",
	Kinds:      kinds(evidence.Population), Needs: "population records",
	compute: func(a *Accumulator) (Value, bool) { return count(a.n) },
}}
