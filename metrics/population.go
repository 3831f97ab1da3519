package metrics

import (
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

var populationDefs = []Def{{
	Name: "population.in_scope_users", Unit: present.Count, Label: "People in scope",
	Definition: "people in the population with in_scope = true (N)",
	Kinds:      kinds(evidence.Population), Needs: "population records",
	compute: func(a *Accumulator) (Value, bool) { return count(a.n) },
}}
