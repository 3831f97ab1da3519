package okta

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// NewPolicies returns the okta-policies adapter, which reads Okta policies
// with their rules as the policies kind.
func NewPolicies() evidence.Adapter {
	return evidence.Adapter{Format: PoliciesFormat, Kinds: []evidence.Kind{evidence.Policies}, Decode: decodePolicies}
}

// policyAt is one policy object and where it is.
type policyAt struct {
	line int
	at   string // field path prefix, e.g. "policies[2]."
	m    map[string]any
}

// decodePolicies collects every policy (a JSON array as GET /api/v1/policies
// returns, one policy per line, or {"policies": [...]}), then maps them
// together: the authentication policies depend on the enrolment policies
// wherever they are in the file.
func decodePolicies(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	var pols []policyAt
	err := vendorio.JSONRecords(r, func(o vendorio.Object) bool {
		if list, ok := vendorio.Get(o.Map, "policies").([]any); ok && vendorio.Get(o.Map, "type") == nil {
			for i, v := range list {
				m, ok := v.(map[string]any)
				if !ok {
					pols = append(pols, policyAt{line: o.Line, at: fmt.Sprintf("policies[%d]", i)})
					continue
				}
				pols = append(pols, policyAt{line: o.Line, at: fmt.Sprintf("policies[%d].", i), m: m})
			}
			return true
		}
		pols = append(pols, policyAt{line: o.Line, m: o.Map})
		return true
	})
	if err != nil {
		return err
	}
	if len(pols) == 0 {
		return nil // an empty export: the controls that need policies lack evidence
	}
	b := &builder{emit: emit}
	b.build(pols)
	return nil
}

// builder accumulates what the policies say about the IdP and the apps.
type builder struct {
	emit    func(evidence.Item) bool
	stopped bool

	sawSignOn, sessionUnlimited, idleUnlimited bool
	sessionMinutes, idleMinutes                *float64

	sawPassword, lockoutDisabled bool
	lockout                      *float64
	recovery                     []string
	voiceRecovery, strongRecover bool

	universe  []string // possession methods users may enrol (MFA_ENROLL); nil when no such policy
	sawEnroll bool

	access              []accessPolicy
	unnamedApps, proofs int
}

// ruleEval is what one authentication policy rule allows.
type ruleEval struct {
	allowed   []string
	twoFactor bool
	prOnly    bool
	reauthH   *float64 // reauthenticateIn in hours
	idleM     *float64 // inactivityPeriod in minutes
}

type accessPolicy struct {
	line   int
	name   string
	apps   []string
	system bool
	rules  []ruleEval
}

func (b *builder) send(it evidence.Item) bool {
	if !b.stopped && !b.emit(it) {
		b.stopped = true
	}
	return !b.stopped
}

func (b *builder) problem(p policyAt, field, msg string) {
	b.send(evidence.ProblemAt(p.line, p.at+field, msg))
}

func upper(m map[string]any, path ...string) string {
	return strings.ToUpper(strings.TrimSpace(vendorio.String(m, path...)))
}

func active(m map[string]any) bool {
	s := upper(m, "status")
	return s == "" || s == "ACTIVE"
}

// rulesOf returns a policy's rules and the path they are under.
func rulesOf(m map[string]any) ([]any, string) {
	if r := vendorio.Array(m, "_embedded", "rules"); r != nil {
		return r, "_embedded.rules"
	}
	return vendorio.Array(m, "rules"), "rules"
}

// number reads a number (or a numeric string) at path.
func number(m map[string]any, path ...string) (v float64, present, ok bool) {
	raw := vendorio.Get(m, path...)
	switch x := raw.(type) {
	case nil:
		return 0, false, true
	case json.Number:
		f, err := x.Float64()
		return f, true, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, true, err == nil
	}
	return 0, true, false
}

func (b *builder) build(pols []policyAt) {
	// Enrolment policies first: they say which authenticators exist.
	for _, p := range pols {
		if p.m != nil && upper(p.m, "type") == "MFA_ENROLL" && active(p.m) {
			b.enrolment(p)
		}
	}
	first := pols[0].line
	for _, p := range pols {
		if b.stopped {
			return
		}
		if p.m == nil {
			b.problem(p, "", "not an object; want one policy object per element")
			continue
		}
		typ := upper(p.m, "type")
		switch {
		case vendorio.Get(p.m, "actions") != nil:
			b.problem(p, "actions", "a policy rule outside its policy; want each policy with its rules under _embedded.rules (GET /api/v1/policies?expand=rules) or a rules array")
			continue
		case typ == "":
			b.problem(p, "type", "no policy type; want an Okta policy (OKTA_SIGN_ON, ACCESS_POLICY, PASSWORD, MFA_ENROLL, ...)")
			continue
		case !active(p.m):
			b.send(evidence.Item{Line: p.line, Skip: token(typ) + ":INACTIVE"})
			continue
		}
		switch typ {
		case "OKTA_SIGN_ON":
			b.signOn(p)
		case "ACCESS_POLICY":
			b.accessPolicy(p)
		case "PASSWORD":
			b.password(p)
		case "MFA_ENROLL":
			// read above
		default:
			b.send(evidence.Item{Line: p.line, Skip: token(typ)})
		}
	}
	if !b.stopped {
		b.finish(first)
	}
}
