package controls

import "strings"

// Anchor is one of the three references the product promises coverage of:
// CSF 2.0 PR.AA-01, the AAL2 requirements of SP 800-63B, AI RMF GOVERN.
type Anchor struct {
	Name  string
	match func(FrameworkRef) bool
}

// Maps says whether a framework reference is to the anchor.
func (a Anchor) Maps(f FrameworkRef) bool { return a.match(f) }

// Anchors are the three anchors, in the order reports list them. The SP
// 800-63B anchor holds only the AAL2 requirements (rev 4 §2.2, rev 3 §4.2),
// not every section of the document a control cites.
var Anchors = []Anchor{
	{"NIST CSF 2.0 PR.AA-01", func(f FrameworkRef) bool { return f.Framework == CSF && f.Reference == "PR.AA-01" }},
	{"NIST SP 800-63B AAL2", func(f FrameworkRef) bool {
		return f.Framework == SP80063B4 && underSection(f.Reference, "§2.2") || f.Framework == SP80063B3 && underSection(f.Reference, "§4.2")
	}},
	{"NIST AI RMF 1.0 GOVERN", func(f FrameworkRef) bool { return f.Framework == AIRMF && strings.HasPrefix(f.Reference, "GOVERN") }},
}

// underSection says whether ref is section sec or one of its subsections.
func underSection(ref, sec string) bool {
	rest, ok := strings.CutPrefix(ref, sec)
	return ok && (rest == "" || rest[0] == '.')
}

// CountsToward says whether a mapping of this strength counts towards a coverage
// figure: full and partial do; a supporting mapping adds evidence without
// covering the reference, so it is listed apart and never raises a figure.
func CountsToward(strength string) bool { return strength == "full" || strength == "partial" }
