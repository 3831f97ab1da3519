package main

// metrics.md, "Helpdesk", and the classification of tickets without a stage by
// the rules of evidence/classification.toml (or the folder's ticket_rules).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// oracleAuthStages are the seven authentication ticket stages of metrics.md.
var oracleAuthStages = []string{"enrolment", "device_readiness", "authenticator_migration", "lost_device_recovery", "reauthentication", "password_reset", "other_auth"}

func oracleHelpdesk(in *oracleInput, out *oracleResult) {
	p := in.period
	var authP, authB, lostP, lostB, resetP, resetB int // for the changes and the practical test
	if in.has("tickets") {
		for _, r := range in.rules {
			out.set("rule:"+r.Name, 0.0, 0)
		}
		out.set("rule:unrelated", 0.0, 0)
		stageP := map[string]int{}
		for _, tk := range in.tickets {
			isP, isB := p.inP(tk.opened), p.inB(tk.opened)
			if !isP && !isB {
				continue
			}
			if tk.rule != "" {
				out.m["rule:"+tk.rule] = out.m["rule:"+tk.rule].(float64) + 1
				out.ns["rule:"+tk.rule]++
			}
			if tk.stage == "unrelated" {
				continue
			}
			if isP {
				authP++
				stageP[tk.stage]++
			} else {
				authB++
			}
			if tk.stage == "lost_device_recovery" {
				if isP {
					lostP++
				} else {
					lostB++
				}
			}
		}
		out.set("helpdesk.auth_tickets", float64(authP), authP)
		if n := len(in.inScope); n > 0 {
			out.set("helpdesk.tickets_per_1000_users_month", float64(authP)/float64(n)*1000/p.months(), authP)
		}
		if authP > 0 {
			maxShare := -1.0
			for _, s := range oracleAuthStages {
				v := float64(stageP[s]) / float64(authP)
				out.set("helpdesk.stage_share."+s, v, authP)
				maxShare = max(maxShare, v)
			}
			out.set("helpdesk.max_stage_share", maxShare, authP)
		}
		out.change(in, "helpdesk.demand_change", authP, authB)
		out.change(in, "helpdesk.recovery_change", lostP, lostB)
	}
	if in.has("account_events") {
		for _, e := range in.accountEvents {
			if e.action != "password_reset" || !in.counts(e) {
				continue
			}
			if p.inP(e.at) {
				resetP++
			} else if p.inB(e.at) {
				resetB++
			}
		}
		out.change(in, "credential_reset.change", resetP, resetB)
	}
	if in.has("tickets") && in.has("account_events") && p.hasB {
		oraclePracticalTest(in, out, oraclePractical{lostP, lostB, resetP, resetB})
	}
}

// oraclePractical are the counts the practical test weighs: lost-device recovery
// tickets and password resets, in P and in B.
type oraclePractical struct{ lostP, lostB, resetP, resetB int }

// oracleMinChangeBaseline is how many records B must hold before a change
// against it decides anything (the default min_sample of a change).
const oracleMinChangeBaseline = 20

// oraclePracticalTest is false when lost-device recovery demand rose while
// password resets did not fall. Either side can decide that it holds: resets
// that fell, or recovery that did not rise. Each side decides only over a
// baseline of at least oracleMinChangeBaseline records, except that a period
// without any recovery ticket cannot be a rise. The rates compared are those
// of the changes (per day, per person when the population changed).
func oraclePracticalTest(in *oracleInput, out *oracleResult, c oraclePractical) {
	compare := func(xP, xB int) (fell, rose bool) {
		rP, okP := in.rate(xP, false)
		rB, okB := in.rate(xB, true)
		return okP && okB && rP < rB, okP && okB && rP > rB
	}
	resetsKnown := c.resetB >= oracleMinChangeBaseline
	resetsFell, _ := compare(c.resetP, c.resetB)
	resetsFell = resetsKnown && resetsFell
	recoveryKnown := c.lostB >= oracleMinChangeBaseline || c.lostP == 0
	_, recoveryRose := compare(c.lostP, c.lostB)
	recoveryRose = recoveryKnown && c.lostP > 0 && recoveryRose
	n := c.lostB + c.resetB
	switch {
	case resetsFell || (recoveryKnown && !recoveryRose):
		out.set("helpdesk.practical_test", true, n)
	case recoveryRose && resetsKnown:
		out.set("helpdesk.practical_test", false, n)
	}
}

// oracleRule is one ticket classification rule.
type oracleRule struct {
	Name          string   `toml:"name"`
	Stage         string   `toml:"stage"`
	Categories    []string `toml:"categories"`
	Subcategories []string `toml:"subcategories"`
	Keywords      []string `toml:"keywords"`
	// Tags and CloseCodes match Jira and ServiceNow fields, which the native
	// tickets the oracle reads do not have.
	Tags       []string `toml:"tags"`
	CloseCodes []string `toml:"close_codes"`
}

// oracleBuiltinRules decodes evidence/classification.toml.
func oracleBuiltinRules(t testing.TB) []oracleRule {
	t.Helper()
	path := filepath.Join("..", "..", "evidence", "classification.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	return oracleDecodeRules(t, path, data)
}

// oracleDecodeRules decodes a rules file. Matching ignores case, so the words
// are lower-cased here. A key the oracle does not know, or a rule that
// combines categories with other lists (which the rules' own description does
// not define), fails the test rather than being guessed at.
func oracleDecodeRules(t testing.TB, name string, data []byte) []oracleRule {
	t.Helper()
	var doc struct {
		Rule []oracleRule `toml:"rule"`
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		t.Fatalf("oracle: %s: %v", name, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		t.Fatalf("oracle: %s: keys the oracle does not know: %v", name, keys)
	}
	if len(doc.Rule) == 0 {
		t.Fatalf("oracle: %s: no [[rule]]", name)
	}
	for i := range doc.Rule {
		r := &doc.Rule[i]
		if r.Name == "" || r.Stage == "" {
			t.Fatalf("oracle: %s: rule %d has no name or stage", name, i+1)
		}
		if len(r.Categories) > 0 && len(r.Subcategories)+len(r.Keywords)+len(r.Tags)+len(r.CloseCodes) > 0 {
			t.Fatalf("oracle: %s: rule %s combines categories with other lists", name, r.Name)
		}
		for _, list := range [][]string{r.Categories, r.Subcategories, r.Keywords, r.Tags, r.CloseCodes} {
			for j := range list {
				list[j] = strings.ToLower(strings.TrimSpace(list[j]))
			}
		}
	}
	return doc.Rule
}

// oracleClassify returns the rule name and stage for a ticket without a stage:
// the first rule whose subcategories list the ticket's subcategory or whose
// keywords occur in its summary, or, for a rule of categories only, whose
// categories list its category.
func oracleClassify(rules []oracleRule, category, subcategory, summary string) (string, string) {
	cat := strings.ToLower(strings.TrimSpace(category))
	sub := strings.ToLower(strings.TrimSpace(subcategory))
	sum := strings.ToLower(summary)
	for _, r := range rules {
		for _, s := range r.Subcategories {
			if sub == s {
				return r.Name, r.Stage
			}
		}
		for _, k := range r.Keywords {
			if strings.Contains(sum, k) {
				return r.Name, r.Stage
			}
		}
		for _, c := range r.Categories {
			if cat == c {
				return r.Name, r.Stage
			}
		}
	}
	return "unrelated", "unrelated"
}
