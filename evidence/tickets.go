package evidence

// The tickets kind: one helpdesk ticket per CSV row. This file holds the
// record, how a row becomes one, and how a ticket without a stage gets one
// from the classification rules.

import (
	_ "embed"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/vocab"
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
	CloseCodes    []string // ServiceNow close_code values
	Tags          []string // Jira request types, components and labels
}

// ParseRules reads ticket classification rules (TOML, schema ticket_rules).
func ParseRules(file string, text []byte) ([]Rule, []*problem.Problem) {
	doc, probs := tomldoc.Decode(file, text, string(TicketRules))
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
		r.CloseCodes = lowerAll(m["close_codes"])
		r.Tags = lowerAll(m["tags"])
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

// matches applies the rule to a ticket's lower-cased fields: the category filter
// first, then any of subcategory, close code, tag or summary keyword. A rule
// with only categories matches on the category alone.
func (r *Rule) matches(t *ticketText) bool {
	if len(r.Categories) > 0 && !slices.Contains(r.Categories, t.category) {
		return false
	}
	if len(r.Subcategories)+len(r.Keywords)+len(r.CloseCodes)+len(r.Tags) == 0 {
		return true
	}
	if t.subcategory != "" && slices.Contains(r.Subcategories, t.subcategory) {
		return true
	}
	if t.closeCode != "" && slices.Contains(r.CloseCodes, t.closeCode) {
		return true
	}
	for _, tag := range t.tags {
		if slices.Contains(r.Tags, tag) {
			return true
		}
	}
	for _, k := range r.Keywords {
		if strings.Contains(t.summary, k) {
			return true
		}
	}
	return false
}

// ticketText is a ticket's classifiable fields, lower-cased once.
type ticketText struct {
	category, subcategory, closeCode, summary string
	tags                                      []string
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
		t.Stage = string(vocab.Unrelated)
		text := &ticketText{
			category:    strings.ToLower(strings.TrimSpace(t.Category)),
			subcategory: strings.ToLower(strings.TrimSpace(t.Subcategory)),
			closeCode:   strings.ToLower(strings.TrimSpace(t.CloseCode)),
			summary:     strings.ToLower(t.Summary),
		}
		for _, tag := range t.Tags {
			text.tags = append(text.tags, strings.ToLower(strings.TrimSpace(tag)))
		}
		for j := range rules {
			if rules[j].matches(text) {
				t.Stage, t.Rule = rules[j].Stage, rules[j].Name
				break
			}
		}
	}
}

// Ticket is one helpdesk ticket. Stage is the given stage or, when the row left
// it empty, the stage the classification rules chose; Rule names that rule.
type Ticket struct {
	ID          string
	OpenedAt    time.Time
	ResolvedAt  time.Time // zero while open
	Category    string
	Subcategory string
	Summary     string
	Stage       string
	StageGiven  bool   // the row named its stage
	Rule        string // the classification rule that chose the stage, if one did
	// Vendor exports carry more to classify by: a close code, and tags (Jira
	// request type, components and labels). UserID is the caller, when known.
	CloseCode string
	Tags      []string
	UserID    string
}

func ticketFrom(m map[string]any) Ticket {
	return Ticket{ID: str(m, "ticket_id"), OpenedAt: when(m, "opened_at"), ResolvedAt: when(m, "resolved_at"),
		Category: str(m, "category"), Subcategory: str(m, "subcategory"), Summary: str(m, "summary"), Stage: str(m, "stage"), StageGiven: str(m, "stage") != ""}
}
