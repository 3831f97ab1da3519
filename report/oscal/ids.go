package oscal

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"unicode"
)

// NamespaceUUID is the namespace of every UUID this package derives: the
// version-5 UUID of the URL "https://assure.dev/ns/oscal" in the RFC 9562 URL
// namespace.
var NamespaceUUID = uuidV5(urlNamespace, Namespace)

// Namespace is the OSCAL property namespace of the project.
const Namespace = "https://assure.dev/ns/oscal"

// urlNamespace is the RFC 9562 name space ID for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuidV5 is the name-based, SHA-1 UUID of name in namespace ns (RFC 9562 §5.5).
func uuidV5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 / 9562 variant
	return u
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// ider derives the UUIDs of one document: every name is prefixed with the
// organisation and the period, so the same subject in the same assessment
// always gets the same UUID.
type ider struct{ seed string }

func newIDer(org, start, end string) ider {
	return ider{seed: strings.Join([]string{org, start, end}, "\x00")}
}

// id is the UUID of the subject named by parts.
func (d ider) id(parts ...string) string {
	return formatUUID(uuidV5(NamespaceUUID, d.seed+"\x00"+strings.Join(parts, "\x00")))
}

// ControlID maps a framework reference to an OSCAL token (the type of
// control-id and target-id, ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$): letters are
// lower-cased, letters, digits, ".", "-" and "_" are kept, every run of other
// characters becomes one "-", and dashes at either end are dropped. A result
// that does not start with a letter or "_" is prefixed with "ref-".
//
//	PR.AA-01     → pr.aa-01
//	AAL2 §4.2.1  → aal2-4.2.1
//	GOVERN 1.3   → govern-1.3
func ControlID(ref string) string {
	return mapToken(ref)
}

// ReferenceID is the control-id of a framework reference: the reference
// itself for CSF and AI RMF, whose references name their framework
// (pr.aa-01, govern-3.2), and the document with the section for SP 800-63,
// whose section numbers repeat across its volumes and revisions
// (sp-800-63b-4-2.2.1, sp-800-63-4-3.5, sp-800-63b-rev-3-4.2.3).
func ReferenceID(framework, ref string) string {
	if doc, ok := strings.CutPrefix(framework, "NIST SP "); ok {
		return ControlID("SP " + doc + " " + ref)
	}
	return ControlID(ref)
}

func mapToken(ref string) string {
	var b strings.Builder
	dash := false
	for _, r := range ref {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '.' || r == '_' || r == '-':
			if dash {
				b.WriteByte('-')
				dash = false
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = b.Len() > 0
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if s == "" {
		return "ref"
	}
	if r := []rune(s)[0]; !unicode.IsLetter(r) && r != '_' {
		s = "ref-" + s
	}
	return s
}

// isToken reports whether s is an OSCAL token as it stands.
func isToken(s string) bool {
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || r == '_':
		case i > 0 && (unicode.IsNumber(r) || r == '.' || r == '-'):
		default:
			return false
		}
	}
	return s != ""
}

// token returns s if it is a token, and its ControlID mapping otherwise.
func token(s string) string {
	if isToken(s) {
		return s
	}
	return ControlID(s)
}
