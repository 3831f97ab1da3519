package metrics

import (
	"fmt"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

// statements are the attestation statements, each the boolean metric
// "attestation.<statement>", with what is vouched for.
var statements = []struct{ name, label, vouched string }{
	{"recovery_secrets", "Attested: recovery and binding codes",
		"attested: recovery and binding codes meet SP 800-63B-4 §4.2.1 and §4.1.2.2 (entropy, single use, hashing, validity)"},
	{"session_cookies", "Attested: session secrets",
		"attested: session secrets and cookies meet SP 800-63B-4 §5.1 (random 64-bit secrets, Secure, HttpOnly, minimal scope)"},
	{"ai_human_override", "Attested: human override of AI",
		"attested: people can override AI decisions in sign-in and recovery, and appeals are reviewed by a person"},
	{"ai_third_party", "Attested: third-party AI contingency",
		"attested: third-party AI in the identity stack is documented and its failure has a tested contingency"},
}

// Statements lists the attestation statements.
func Statements() []string {
	out := make([]string, len(statements))
	for i, s := range statements {
		out[i] = s.name
	}
	return out
}

func attestationDefs() []Def {
	var defs []Def
	for _, st := range statements {
		defs = append(defs, Def{
			Name: "attestation." + st.name, Unit: present.Boolean, Label: st.label, Definition: st.vouched,
			Kinds: kinds(evidence.Attestations),
			Needs: "a current attestation of " + st.name + " (made during or after the period, not expiring before its end)",
			compute: func(a *Accumulator) (Value, bool) {
				return a.attestation(st.name)
			},
			absent: func(a *Accumulator) string { return a.attestationDropped(st.name) },
		})
	}
	return defs
}

// attestation turns the latest current attestation of a statement into a
// boolean. An attestation counts when it was made on or after the first day
// of the period, no later than its file was collected, and does not expire
// before the period's last day; others leave the metric absent, so the
// controls using it fail closed.
func (a *Accumulator) attestation(statement string) (Value, bool) {
	p := a.in.Period
	var best *evidence.Attestation
	for i := range a.in.Attestations {
		at := &a.in.Attestations[i]
		if at.Statement != statement || at.AttestedAt.Before(p.Start) || at.Expires.Before(p.End) {
			continue
		}
		// Dated after the attestations were collected: it was not part of
		// the evidence the report rests on.
		if !at.CollectedAt.IsZero() && at.AttestedAt.After(at.CollectedAt) {
			continue
		}
		if best == nil || at.AttestedAt.After(best.AttestedAt) {
			best = at
		}
	}
	if best == nil {
		return Value{}, false
	}
	return Value{Bool: best.Answer, IsBool: true, N: 1, Attested: true,
		Detail: fmt.Sprintf("attested by %s on %s (%s, valid until %s)", best.AttestedBy, best.AttestedAt.Format(time.DateOnly), best.Reference, best.Expires.Format(time.DateOnly))}, true
}

// attestationDropped says why the attestations of a statement the evidence
// holds do not count, or "" when it holds none.
func (a *Accumulator) attestationDropped(statement string) string {
	p := a.in.Period
	var why []string
	for _, at := range a.in.Attestations {
		if at.Statement != statement {
			continue
		}
		on := at.AttestedAt.Format(time.DateOnly)
		switch {
		case at.AttestedAt.Before(p.Start):
			why = append(why, fmt.Sprintf("the attestation of %s was made before the period began", on))
		case at.Expires.Before(p.End):
			why = append(why, fmt.Sprintf("the attestation of %s expires on %s, before the period ends", on, at.Expires.Format(time.DateOnly)))
		case !at.CollectedAt.IsZero() && at.AttestedAt.After(at.CollectedAt):
			why = append(why, fmt.Sprintf("the attestation of %s is dated after its file was collected (%s), so it is not part of the evidence", on, at.CollectedAt.Format(time.DateOnly)))
		}
	}
	if len(why) == 0 {
		return ""
	}
	return strings.Join(why, "; ") + "; attest again within the period and collect the file after"
}
