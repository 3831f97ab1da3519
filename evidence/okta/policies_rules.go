package okta

// Authentication policies: each rule's verification method (assurance
// constraints or method chains) as the native types it allows.

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// accessPolicy reads an authentication policy: each active rule that allows
// access, and the applications it protects.
func (b *builder) accessPolicy(p policyAt) {
	ap := accessPolicy{line: p.line, name: strings.TrimSpace(vendorio.String(p.m, "name"))}
	ap.system, _ = vendorio.Bool(p.m, "system")
	rules, under := rulesOf(p.m)
	for i, raw := range rules {
		rule, _ := raw.(map[string]any)
		if rule == nil || !active(rule) || upper(rule, "actions", "appSignOn", "access") == "DENY" {
			continue
		}
		ev, field, msg := b.accessRule(rule)
		if msg != "" {
			b.problem(p, fmt.Sprintf("%s[%d].%s", under, i, field), msg)
			return
		}
		if ev != nil {
			ap.rules = append(ap.rules, *ev)
		}
	}
	if len(ap.rules) == 0 {
		b.send(evidence.Item{Line: p.line, Skip: "ACCESS_POLICY:NO_ALLOW_RULE"})
		return
	}
	for _, path := range [][]string{{"_embedded", "apps"}, {"_embedded", "applications"}, {"apps"}, {"applications"}} {
		for _, v := range vendorio.Array(p.m, path...) {
			switch a := v.(type) {
			case string:
				if a = strings.TrimSpace(a); a != "" {
					ap.apps = append(ap.apps, a)
				}
			case map[string]any:
				for _, k := range []string{"label", "name", "id"} {
					if s := strings.TrimSpace(vendorio.String(a, k)); s != "" {
						ap.apps = append(ap.apps, s)
						break
					}
				}
			}
		}
	}
	if len(ap.apps) == 0 {
		b.unnamedApps++
		name := ap.name
		if name == "" {
			name = vendorio.String(p.m, "id")
		}
		if name == "" {
			name = fmt.Sprintf("access-policy-line-%d", p.line)
		}
		ap.apps = []string{name}
	}
	b.access = append(b.access, ap)
}

var isoDuration = regexp.MustCompile(`^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// minutes reads an ISO 8601 duration (PT4H, PT30M, P1D) as minutes; years and
// months, whose length varies, are refused.
func minutes(s string) (float64, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	g := isoDuration.FindStringSubmatch(u)
	if g == nil || strings.HasSuffix(u, "T") || strings.Join(g[1:], "") == "" { // "P", "PT": no amount at all
		return 0, false
	}
	scale := []float64{7 * 24 * 60, 24 * 60, 60, 1, 1.0 / 60}
	total := 0.0
	for i, part := range g[1:] {
		if part != "" {
			f, _ := strconv.ParseFloat(part, 64)
			total += f * scale[i]
		}
	}
	return total, true
}

// accessRule evaluates one rule's verification method. A nil result with no
// problem is a rule that contributes nothing the model can hold.
func (b *builder) accessRule(rule map[string]any) (*ruleEval, string, string) {
	vm, _ := vendorio.Get(rule, "actions", "appSignOn", "verificationMethod").(map[string]any)
	if vm == nil {
		return nil, "actions.appSignOn.verificationMethod", "an authentication policy rule without a verification method; want the rule as GET /api/v1/policies/{id}/rules returns it"
	}
	var ev ruleEval
	for _, d := range []struct {
		key  string
		into **float64
		unit float64
	}{{"reauthenticateIn", &ev.reauthH, 60}, {"inactivityPeriod", &ev.idleM, 1}} {
		s := vendorio.String(vm, d.key)
		if s == "" {
			continue
		}
		m, ok := minutes(s)
		if !ok {
			return nil, "actions.appSignOn.verificationMethod." + d.key, quote(s) + " is not an ISO 8601 duration; want e.g. PT4H or PT30M"
		}
		v := m / d.unit
		*d.into = &v
	}
	switch t := upper(vm, "type"); t {
	case "", "ASSURANCE":
		return b.assurance(vm, &ev)
	case "AUTH_METHOD_CHAIN":
		return b.chains(vm, &ev)
	case "ID_PROOFING":
		b.proofs++
		return nil, "", ""
	default:
		return nil, "actions.appSignOn.verificationMethod.type", quote(t) + " is not a verification method type; want ASSURANCE, AUTH_METHOD_CHAIN or ID_PROOFING"
	}
}

// assurance evaluates an ASSURANCE verification method: factorMode and the
// constraints, of which any one element must be satisfied.
func (b *builder) assurance(vm map[string]any, ev *ruleEval) (*ruleEval, string, string) {
	const at = "actions.appSignOn.verificationMethod."
	mode := upper(vm, "factorMode")
	if mode != "" && mode != "1FA" && mode != "2FA" {
		return nil, at + "factorMode", quote(mode) + " is not a factor mode; want 1FA or 2FA"
	}
	var cons []map[string]any
	switch c := vendorio.Get(vm, "constraints").(type) {
	case map[string]any:
		cons = append(cons, c)
	case []any:
		for _, x := range c {
			if m, ok := x.(map[string]any); ok {
				cons = append(cons, m)
			}
		}
	}
	twoFactor := mode == "2FA"
	if len(cons) == 0 {
		ev.allowed = b.possessionUniverse()
		if !twoFactor {
			ev.allowed = append(ev.allowed, "password")
		}
		ev.twoFactor = twoFactor
		return ev, "", ""
	}
	allUV, allPR := true, true
	for i, c := range cons {
		poss, _ := vendorio.Get(c, "possession").(map[string]any)
		req := func(k string) bool { return upper(poss, k) == "REQUIRED" }
		possRequired := false
		if poss != nil {
			r, _ := vendorio.Bool(poss, "required")
			possRequired = r || req("phishingResistant") || req("hardwareProtection") || req("deviceBound") || req("userPresence") || req("userVerification")
		}
		allUV = allUV && req("userVerification")
		allPR = allPR && req("phishingResistant")
		know, _ := vendorio.Get(c, "knowledge").(map[string]any)
		ks, field, msg := listed(know)
		if msg != "" {
			return nil, fmt.Sprintf("%sconstraints[%d].knowledge.%s", at, i, field), msg
		}
		if ks == nil {
			ks = []string{"password"}
		}
		var set []string
		if poss != nil || twoFactor || know == nil {
			set, field, msg = b.possessionSet(poss, req("phishingResistant"))
			if msg != "" {
				return nil, fmt.Sprintf("%sconstraints[%d].possession.%s", at, i, field), msg
			}
			if req("hardwareProtection") || req("deviceBound") {
				set = slices.DeleteFunc(set, func(m string) bool { return m == "passkey_synced" })
			}
		}
		// With one factor, a knowledge factor alone gets in unless
		// possession is required.
		if !twoFactor && !possRequired {
			set = append(set, ks...)
		}
		ev.allowed = append(ev.allowed, set...)
	}
	ev.twoFactor = twoFactor || allUV
	ev.prOnly = allPR
	return ev, "", ""
}

// possessionSet is what a possession constraint allows: the types and methods
// it names, or every possession authenticator users may enrol, narrowed to the
// phishing-resistant ones when it requires them.
func (b *builder) possessionSet(poss map[string]any, prRequired bool) ([]string, string, string) {
	set, field, msg := listed(poss)
	if msg != "" {
		return nil, field, msg
	}
	if set == nil {
		set = b.possessionUniverse()
		if prRequired {
			set = slices.Clone(verifiablePR)
		}
	}
	set = slices.DeleteFunc(set, func(m string) bool { return m == "password" })
	if prRequired {
		set = slices.DeleteFunc(set, phishable)
	}
	ex, field, msg := authMethods(vendorio.Array(poss, "excludedAuthenticationMethods"))
	if msg != "" {
		return nil, "excludedAuthenticationMethods" + field, msg
	}
	return slices.DeleteFunc(set, func(m string) bool { return slices.Contains(ex, m) }), "", ""
}

// chains evaluates an AUTH_METHOD_CHAIN verification method: each path
// through the chains is a sequence of steps, each step one of its methods.
func (b *builder) chains(vm map[string]any, ev *ruleEval) (*ruleEval, string, string) {
	type path [][]string
	var paths []path
	var walk func(list []any, prefix path, at string) (string, string)
	walk = func(list []any, prefix path, at string) (string, string) {
		for i, raw := range list {
			c, _ := raw.(map[string]any)
			step, field, msg := authMethods(vendorio.Array(c, "authenticationMethods"))
			if msg != "" {
				return fmt.Sprintf("%s[%d].authenticationMethods%s", at, i, field), msg
			}
			p := append(slices.Clone(prefix), step)
			if next := vendorio.Array(c, "next"); len(next) > 0 {
				if f, m := walk(next, p, fmt.Sprintf("%s[%d].next", at, i)); m != "" {
					return f, m
				}
				continue
			}
			paths = append(paths, p)
			if ev.reauthH == nil {
				if mins, ok := minutes(vendorio.String(c, "reauthenticateIn")); ok {
					h := mins / 60
					ev.reauthH = &h
				}
			}
		}
		return "", ""
	}
	if f, m := walk(vendorio.Array(vm, "chains"), nil, "chains"); m != "" {
		return nil, "actions.appSignOn.verificationMethod." + f, m
	}
	if len(paths) == 0 {
		return nil, "actions.appSignOn.verificationMethod.chains", "no authentication method chain; want at least one chain"
	}
	ev.twoFactor, ev.prOnly = true, true
	for _, p := range paths {
		ev.twoFactor = ev.twoFactor && len(p) >= 2
		prStep := false
		for _, step := range p {
			if len(step) > 0 && !slices.ContainsFunc(step, phishable) {
				prStep = true
			}
			for _, m := range step {
				if len(p) == 1 || m != "password" {
					ev.allowed = append(ev.allowed, m)
				}
			}
		}
		ev.prOnly = ev.prOnly && prStep
	}
	return ev, "", ""
}
