package controls

import "strings"

// Basis says where a check's threshold comes from: a requirement of a
// standard (normative, with the document, revision, section and its SHALL or
// SHOULD) or a value the programme chose, with one line of why.
type Basis struct {
	Kind        string // Normative or ProgrammeDefault
	Requirement string // normative: "SP 800-63B-4 §2.2.3: the overall timeout SHOULD be no more than 24 hours at AAL2"
	Keyword     string // normative: SHALL, SHALL NOT, SHOULD or SHOULD NOT
	Rationale   string // programme default: why this value
}

// The kinds of basis.
const (
	Normative        = "normative"
	ProgrammeDefault = "programme_default"
)

// Locked reports whether the threshold is a SHALL (or SHALL NOT) of the
// standard, which no profile may change: a SHOULD may be tailored with a
// justification, and so may a programme default.
func (b Basis) Locked() bool { return b.Kind == Normative && strings.HasPrefix(b.Keyword, "SHALL") }

// Revision3 is what a check becomes under sp800_63b_profile = "rev3": its
// threshold and basis there, where they differ.
type Revision3 struct {
	Threshold any    // nil: the same threshold
	Basis     *Basis // nil: the same basis
}

// Revisions of SP 800-63B a manifest may name.
const (
	Rev4 = "rev4"
	Rev3 = "rev3"
)

// rev3Sections maps SP 800-63B-4 sections onto SP 800-63B (rev 3), longest
// prefix first; an empty target is a rev 4 section rev 3 has no counterpart
// of. Rev 4 moved the AAL requirements from §4 to §2, the authenticator and
// verifier requirements from §5 to §3, the lifecycle from §6 to §4, session
// management from §7 to §5 and usability from §10 to §8.
var rev3Sections = []struct{ rev4, rev3 string }{
	{"§4.1.2.1", "§6.1.2.1"},
	{"§4.1.2.2", ""},
	{"§4.6", ""},
	{"§4.2", "§6.1.2.3"},
	{"§4.3", "§6.2"},
	{"§2.1", "§4.1"},
	{"§2.2", "§4.2"},
	{"§2.3", "§4.3"},
	{"§3.2", "§5.2"},
	{"§5.1", "§7.1"},
	{"§5.2", "§7.2"},
	{"§8", "§10"},
}

// The documents as references name them.
const (
	CSF       = "NIST CSF 2.0"
	SP80063B4 = "NIST SP 800-63B-4"
	SP80063B3 = "NIST SP 800-63B (rev 3)"
	SP800634  = "NIST SP 800-63-4" // the base volume
	AIRMF     = "NIST AI RMF 1.0"
)

// ForRevision returns the reference as the given revision numbers it: under
// rev 3 an SP 800-63B-4 reference becomes its SP 800-63B (rev 3)
// counterpart, or says it has none; every other reference is unchanged.
func (f FrameworkRef) ForRevision(rev string) FrameworkRef {
	if rev != Rev3 || f.Framework != SP80063B4 {
		return f
	}
	if f.rev3Strength != "" {
		f.Strength = f.rev3Strength
	}
	for _, m := range rev3Sections {
		rest, ok := strings.CutPrefix(f.Reference, m.rev4)
		if !ok || rest != "" && rest[0] != '.' {
			continue
		}
		if m.rev3 == "" {
			return f.withoutCounterpart()
		}
		f.Framework, f.Reference = SP80063B3, m.rev3+rest
		if m.rev4 == "§4.2" || m.rev4 == "§4.3" {
			f.Reference = m.rev3 // recovery and loss are one section each in rev 3
		}
		return f
	}
	return f.withoutCounterpart()
}

// withoutCounterpart marks a rev 4 reference rev 3 has no section for: it
// stays cited, but covers nothing of the revision in force.
func (f FrameworkRef) withoutCounterpart() FrameworkRef {
	f.Reference += " (no rev 3 counterpart)"
	f.Strength = "supporting"
	return f
}

// ForRevision returns a copy of the catalogue as it applies under an SP
// 800-63B revision: each check's threshold and basis for that revision, and
// the references in its numbering. The result can be tailored by a profile
// without changing the catalogue it came from.
func (cat *Catalogue) ForRevision(rev string) *Catalogue {
	out := *cat
	out.Revision = rev
	out.Controls = make([]*Control, len(cat.Controls))
	for i, c := range cat.Controls {
		cp := *c
		cp.Checks = make([]Check, len(c.Checks))
		for j, ch := range c.Checks {
			if rev == Rev3 && ch.Rev3 != nil {
				if ch.Rev3.Threshold != nil {
					ch.Threshold = ch.Rev3.Threshold
				}
				if ch.Rev3.Basis != nil {
					ch.Basis = *ch.Rev3.Basis
				}
			}
			cp.Checks[j] = ch
		}
		cp.Frameworks = make([]FrameworkRef, len(c.Frameworks))
		for j, f := range c.Frameworks {
			cp.Frameworks[j] = f.ForRevision(rev)
		}
		out.Controls[i] = &cp
	}
	return &out
}

// MustPass reports whether the verdict cannot rest on the control being
// tailored away: it is marked must_pass, or one of its checks is a SHALL of
// the standard under the catalogue's revision.
func (c *Control) MustPass() bool {
	if c.mustPass {
		return true
	}
	for _, ch := range c.Checks {
		if ch.Basis.Locked() {
			return true
		}
	}
	return false
}
