package entra

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// NewRegistrationDetails returns the entra-registration-details adapter:
// userRegistrationDetails objects (GET /reports/authenticationMethods/
// userRegistrationDetails as a page, an array or one per line) or a CSV of the
// same report, either the admin centre's download ("User principal name",
// "Methods registered" with display names) or Graph property names as headers.
func NewRegistrationDetails() evidence.Adapter {
	return evidence.Adapter{Format: "entra-registration-details", Kinds: []evidence.Kind{evidence.Authenticators},
		Note: noteRegistration, Decode: readRegistrationDetails}
}

const noteRegistration = "Entra registration details are a snapshot: registration dates are unknown, so each method counts as held for the whole period " +
	"and enrolment shares reflect the snapshot date. auth.fallback_share and auth.fallback_trend cannot be computed, " +
	"as they need who held a phishing-resistant authenticator at each sign-in."

var (
	colRegUser    = []string{"User principal name", "userPrincipalName", "UPN"}
	colRegMethods = []string{"Methods registered", "methodsRegistered"}
	colRegType    = []string{"User type", "userType"}
)

// whyNoDates is what the registration report cannot show, and how to
// supply it.
const whyNoDates = "the Entra registration-details export has no registration dates, so who held a phishing-resistant " +
	"authenticator at each sign-in cannot be decided; add the Entra audit log or a native authenticators file"

func readRegistrationDetails(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	if !emit(evidence.Item{Lacks: evidence.LacksRegistrationDates, Why: whyNoDates}) {
		return nil
	}
	br, isJSON := sniff(r)
	n := &notes{emit: emit}
	out := func(line int, items []evidence.Item, notes []string) bool {
		for _, t := range notes {
			if !n.add(t) {
				return false
			}
		}
		for _, it := range items {
			it.Line = line
			if !emit(it) {
				return false
			}
		}
		return true
	}
	if isJSON {
		return vendorio.JSONRecords(br, func(o vendorio.Object) bool {
			return each(o, emit, func(line int, m map[string]any) bool {
				user := strings.TrimSpace(vendorio.String(m, "userPrincipalName"))
				if strings.EqualFold(vendorio.String(m, "userType"), "guest") {
					return out(line, []evidence.Item{{Skip: skipGuest}}, nil)
				}
				v := vendorio.Get(m, "methodsRegistered")
				var names []string
				switch v := v.(type) {
				case nil:
					return out(line, []evidence.Item{evidence.ProblemAt(0, "methodsRegistered", "found no methodsRegistered; want the list of registered methods")}, nil)
				case string:
					var ok bool
					if names, ok = splitMethods(v); !ok {
						return out(line, []evidence.Item{flattened("methodsRegistered", v)}, nil)
					}
				default:
					for _, x := range vendorio.Array(m, "methodsRegistered") {
						if s, ok := x.(string); ok {
							names = append(names, s)
						}
					}
				}
				items, notes := authenticators(user, "userPrincipalName", false, names)
				return out(line, items, notes)
			})
		})
	}
	check := func(h vendorio.Header) error {
		if !h.Has(colRegUser...) {
			return vendorio.MissingColumn(colRegUser[0], colRegUser[1:]...)
		}
		if !h.Has(colRegMethods...) {
			return vendorio.MissingColumn(colRegMethods[0], colRegMethods[1:]...)
		}
		return nil
	}
	return vendorio.CSVRows(br, check, func(row *vendorio.Row) bool {
		cell := row.Get(colRegMethods...)
		names, ok := splitMethods(cell)
		if !ok {
			return out(row.Line, []evidence.Item{flattened(colRegMethods[0], cell)}, nil)
		}
		guest := strings.EqualFold(row.Get(colRegType...), "guest")
		items, notes := authenticators(row.Get(colRegUser...), colRegUser[0], guest, names)
		return out(row.Line, items, notes)
	})
}

// splitMethods reads a list of methods held in one text value: a JSON array,
// or names separated by commas, semicolons, bars or line breaks. A list that
// PowerShell's Export-Csv flattened to its type name cannot be read.
func splitMethods(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "System.") && strings.HasSuffix(s, "[]") {
		return nil, false
	}
	if strings.HasPrefix(s, "[") {
		var list []string
		if json.Unmarshal([]byte(s), &list) == nil {
			return list, true
		}
	}
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out, true
}

func flattened(field, value string) evidence.Item {
	return evidence.ProblemAt(0, field, fmt.Sprintf("found %q, a list flattened to its type name; want the method names (for PowerShell, join them before Export-Csv)", label(value)))
}

// authenticators maps one user's registered methods: one Authenticator per
// method, with an id derived from the user and the method's vendor name, and
// no dates. Values that hold nothing a sign-in can use are skipped under a
// label: security questions, a Temporary Access Pass (temporary; it is not a
// backup authenticator) and names the mapping does not know (never guessed, so
// they can only lower enrolment shares).
func authenticators(user, userField string, guest bool, names []string) ([]evidence.Item, []string) {
	if guest {
		return []evidence.Item{{Skip: skipGuest}}, nil
	}
	if user == "" {
		return []evidence.Item{evidence.ProblemAt(0, userField, "found no user principal name; want the user's UPN")}, nil
	}
	if len(names) == 0 {
		return []evidence.Item{{Skip: "no method registered"}}, nil
	}
	var items []evidence.Item
	var notes []string
	seen := map[string]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		native, v := classify(name)
		switch {
		case v == method && native == "temporary_access_pass":
			items = append(items, evidence.Item{Skip: "temporaryAccessPass (temporary, not a held authenticator)"})
		case v == method:
			id := "entra:" + evidence.NormaliseID(user) + ":" + methodKey(name)
			if seen[id] {
				continue
			}
			seen[id] = true
			items = append(items, evidence.Item{Record: evidence.Authenticator{UserID: user, ID: id, Type: native, DatesUnknown: true}})
			if t := noteFor(name, native); t != "" {
				notes = append(notes, t)
			}
		case v == recoveryOnly:
			items = append(items, evidence.Item{Skip: "securityQuestion (recovery only, not an authenticator)"})
		default:
			items = append(items, evidence.Item{Skip: fmt.Sprintf("unrecognised method %q (not counted)", name)})
		}
	}
	return items, notes
}

// methodKey is a method's vendor name reduced to lower-case letters and
// digits, so "Windows Hello for Business" and "windowsHelloForBusiness" give
// the same authenticator id.
func methodKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
