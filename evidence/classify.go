package evidence

import (
	_ "embed"
	"slices"
	"strings"
)

// builtinRules are the classification rules used when the manifest names no
// ticket_rules source.
//
//go:embed classification.toml
var builtinRules []byte

// BuiltinRules returns the text of the built-in classification rules.
func BuiltinRules() []byte { return slices.Clone(builtinRules) }

// Rule classifies tickets whose stage is empty. Its word lists are lower case.
type Rule struct {
	Name          string
	Stage         string
	Categories    []string
	Subcategories []string
	Keywords      []string
}

// ParseRules reads ticket classification rules (TOML, schema ticket_rules).
func ParseRules(file string, text []byte) ([]Rule, []*Problem) {
	doc, probs := decodeTOML(file, text, string(TicketRules))
	if probs != nil {
		return nil, probs
	}
	var rules []Rule
	for _, raw := range doc["rule"].([]any) {
		m := raw.(map[string]any)
		r := Rule{Name: str(m, "name"), Stage: str(m, "stage")}
		r.Categories = lowerAll(m["categories"])
		r.Subcategories = lowerAll(m["subcategories"])
		r.Keywords = lowerAll(m["keywords"])
		rules = append(rules, r)
	}
	return rules, nil
}

func lowerAll(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, 0, len(raw))
	for _, w := range raw {
		out = append(out, strings.ToLower(strings.TrimSpace(w.(string))))
	}
	return out
}

func (r *Rule) matches(category, subcategory, summary string) bool {
	if len(r.Categories) > 0 && !slices.Contains(r.Categories, category) {
		return false
	}
	if len(r.Subcategories) == 0 && len(r.Keywords) == 0 {
		return true
	}
	if subcategory != "" && slices.Contains(r.Subcategories, subcategory) {
		return true
	}
	for _, k := range r.Keywords {
		if strings.Contains(summary, k) {
			return true
		}
	}
	return false
}

// Classify sets the stage of every ticket whose stage is empty from the first rule
// that matches it, recording the rule's name; a ticket no rule matches is
// "unrelated" to authentication.
func Classify(tickets []Ticket, rules []Rule) {
	for i := range tickets {
		t := &tickets[i]
		if t.StageGiven {
			continue
		}
		t.Stage = "unrelated"
		cat := strings.ToLower(strings.TrimSpace(t.Category))
		sub := strings.ToLower(strings.TrimSpace(t.Subcategory))
		sum := strings.ToLower(t.Summary)
		for j := range rules {
			if rules[j].matches(cat, sub, sum) {
				t.Stage, t.Rule = rules[j].Stage, rules[j].Name
				break
			}
		}
	}
}
