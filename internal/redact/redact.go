// Package redact decides what text read from a user's files may be shown in
// a report, a message or on a terminal. It recognises what looks like
// personal data — an e-mail address or UPN, a phone number, a device or host
// name, a hardware address, a GUID-like id, free text — and it removes the
// characters that act on a terminal or a renderer instead of reading as text:
// ESC and the other C0 and C1 controls, bidirectional overrides, zero-width
// and other invisible format characters.
//
// It imports nothing of the project, so that the problem type, the evidence
// reader, the report and every renderer share one notion of what may be
// shown (docs/decisions.md, "Personal data in labels and messages").
package redact

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsControl reports whether r acts on a display rather than reading as text:
// a C0 or C1 control character or DEL (ESC starts terminal sequences, CR
// overwrites a line), a line or paragraph separator, or a Unicode format
// character (bidirectional embeddings, overrides and isolates, which reorder
// what follows them; zero-width spaces and joiners; the byte-order mark; tag
// characters).
func IsControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029:
		return true
	}
	return r > 0xa0 && unicode.Is(unicode.Cf, r)
}

// Line makes s safe to print as one line: tabs, line breaks and the other
// separators become spaces, every other control character (IsControl) is
// removed, and bytes that are not UTF-8 become U+FFFD.
func Line(s string) string { return clean(s, false) }

// Lines is Line but keeps line feeds, for text of several lines (the
// problems of a run, a paragraph); a CRLF line end becomes a line feed.
func Lines(s string) string { return clean(s, true) }

func clean(s string, keepNewlines bool) string {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && !(keepNewlines && c == '\n') || c >= 0x7f {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\r' && keepNewlines && strings.HasPrefix(s[i+1:], "\n"):
			// a CRLF line end is a line feed
		case r == '\t', r == '\n', r == '\r', r == '\v', r == '\f', r == 0x85, r == 0x2028, r == 0x2029:
			b.WriteByte(' ')
		case IsControl(r):
		default:
			b.WriteRune(r) // utf8.RuneError for a byte that is not UTF-8
		}
	}
	return b.String()
}

// Kind is what a value looks like when it may not be shown as it is.
type Kind string

// The kinds of values that are not shown. Their words are how a message
// names them: "a 23-character e-mail address".
const (
	Email  Kind = "e-mail address" // also a UPN: name@domain
	Phone  Kind = "phone number"
	Device Kind = "device name or id" // DESKTOP-4F2K9QJ, ws-0042, a MAC address, a GUID
	Text   Kind = "text"              // free text: a sentence, a summary, anything long
)

// MaxLabelLength is the most runes a label from an input may have to be
// shown; longer ones are not a vendor's vocabulary (an event type, an
// activity name, an OS name) but free text.
const MaxLabelLength = 100

// MaxValueLength is the most runes a value quoted in a message may have;
// a longer one is described by its length instead.
const MaxValueLength = 100

// Label returns a label from an input (a vendor's event type, activity or
// category name, an OS cell) as it may be shown, with its runs of white
// space made one space, and true; or "" and false when it may not be shown:
// it is empty, longer than MaxLabelLength, holds a character outside
// letters, digits, spaces and ._:-()/," — or looks like personal data
// (Classify).
func Label(s string) (string, bool) {
	if len(s) > 4*MaxLabelLength { // more bytes than MaxLabelLength runes can take
		return "", false
	}
	s = oneSpaced(s)
	if s == "" || utf8.RuneCountInString(s) > MaxLabelLength {
		return "", false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" ._:-()/,\"", r) {
			return "", false
		}
	}
	if Classify(s) != "" {
		return "", false
	}
	return s, true
}

// oneSpaced makes each run of white space in s one space and trims it,
// allocating only when there is something to change.
func oneSpaced(s string) string {
	prevSpace := true // a leading space is a change
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (prevSpace || r != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = space
	}
	if prevSpace && s != "" {
		return strings.TrimRight(s, " ")
	}
	return s
}

// Classify says what personal data s looks like, or "" when it looks like
// none: an e-mail address or UPN (an @ between two characters), a phone
// number (7 to 15 digits grouped as phone numbers are written, not a date
// or a version), or a device name or id (a MAC address, a GUID, Windows'
// generated DESKTOP-/LAPTOP-/WIN- names, a word mixing letters with three
// or more digits such as PC042 or 4F2K9QJ, or a hyphenated name ending in
// three or more digits such as ws-0042).
func Classify(s string) Kind {
	switch {
	case hasEmail(s):
		return Email
	case hasPhone(s):
		return Phone
	case hasDevice(s):
		return Device
	}
	return ""
}

// hasEmail: a word with an @ that has a character on each side.
func hasEmail(s string) bool {
	for i := strings.IndexByte(s, '@'); i >= 0; {
		if i > 0 && i+1 < len(s) && !isSpace(s[i-1]) && !isSpace(s[i+1]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '@')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// hasPhone looks at every run of digits and the characters phone numbers
// are written with.
func hasPhone(s string) bool {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && strings.IndexByte(phoneCharacters, s[i]) >= 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && phoneLike(strings.Trim(s[start:i], " .-")) {
			return true
		}
		start = -1
	}
	return false
}

func onlyPhoneCharacters(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(phoneCharacters, s[i]) < 0 {
			return false
		}
	}
	return true
}

// phoneCharacters are what phone numbers are written with.
const phoneCharacters = "0123456789+()-. "

var (
	dateLike    = regexp.MustCompile(`^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$`)
	versionLike = regexp.MustCompile(`^\d+(\.\d+)+$`)
)

// phoneLike: 7 to 15 digits, written with a leading +, an area code in
// parentheses, three or more groups or as one run of 10 or more digits —
// and not a date or a dotted version number (10.0.19044).
func phoneLike(run string) bool {
	digits, groups, inGroup := 0, 0, false
	for i := 0; i < len(run); i++ {
		if c := run[i]; c >= '0' && c <= '9' {
			digits++
			if !inGroup {
				groups++
			}
			inGroup = true
		} else {
			inGroup = false
		}
	}
	if digits < 7 || digits > 15 || dateLike.MatchString(run) || versionLike.MatchString(run) {
		return false
	}
	return strings.HasPrefix(run, "+") || strings.Contains(run, "(") || groups >= 3 || (groups == 1 && digits >= 10)
}

var (
	macAddress = regexp.MustCompile(`(?i)(^|[^0-9a-f])[0-9a-f]{2}([:-][0-9a-f]{2}){5}($|[^0-9a-f])`)
	guid       = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

// hasDevice: a MAC address, a GUID, or a word that names a machine.
func hasDevice(s string) bool {
	if mayBeAddress(s) && (macAddress.MatchString(s) || guid.MatchString(s)) {
		return true
	}
	for i := 0; i < len(s); {
		// the words of letters, digits, - and _, found without allocating:
		// a source may hold a label per record
		r, n := utf8.DecodeRuneInString(s[i:])
		if !wordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !wordRune(r) {
				break
			}
			j += n
		}
		if machineName(s[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// mayBeAddress: s has the separators a MAC address or a GUID needs, so the
// regular expressions are worth running.
func mayBeAddress(s string) bool {
	return strings.Count(s, "-")+strings.Count(s, ":") >= 4
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' }

// machineName judges one word of letters, digits, - and _.
func machineName(w string) bool {
	for _, p := range []string{"desktop-", "laptop-", "win-"} {
		if len(w) > len(p) && strings.EqualFold(w[:len(p)], p) {
			return true
		}
	}
	parts, lettered, lastDigits := 0, false, 0
	letters, digits := 0, 0
	for i := 0; i <= len(w); i++ {
		if i < len(w) && w[i] != '-' && w[i] != '_' {
			if w[i] >= '0' && w[i] <= '9' {
				digits++
			} else {
				letters++
			}
			continue
		}
		if letters+digits == 0 {
			continue
		}
		if letters > 0 && digits >= 3 {
			return true // PC042, 4F2K9QJ, NWH1234
		}
		parts++
		lettered = lettered || letters > 0
		lastDigits = 0
		if letters == 0 {
			lastDigits = digits
		}
		letters, digits = 0, 0
	}
	return parts >= 2 && lettered && lastDigits >= 3 // ws-0042
}

// Value says how a value read from an input may appear in a message: "" when
// it may be quoted as it is (an enum value, a date, a number, a short code),
// or its description when it looks like an e-mail address, a phone number
// or free text (three or more words, two with letters, or longer than
// MaxValueLength): "a 23-character e-mail address". A value that ends in "…"
// was cut short by whoever quoted it because it was long: it is described as
// longer than what is left.
func Value(s string) string {
	k := valueKind(s)
	if k == "" {
		return ""
	}
	if cut, ok := strings.CutSuffix(s, "…"); ok {
		a := "a "
		if k == Email {
			a = "an "
		}
		return a + string(k) + " of more than " + strconv.Itoa(utf8.RuneCountInString(cut)) + " characters"
	}
	n := utf8.RuneCountInString(s)
	return article(n) + " " + strconv.Itoa(n) + "-character " + string(k)
}

func valueKind(s string) Kind {
	switch {
	case hasEmail(s):
		return Email
	case utf8.RuneCountInString(s) > MaxValueLength || strings.HasSuffix(s, "…"):
		return Text // long, or cut short because it was
	case onlyPhoneCharacters(s) && phoneLike(strings.TrimSpace(s)):
		return Phone
	}
	words, lettered := strings.Fields(s), 0
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			lettered++
		}
	}
	if len(words) >= 3 && lettered >= 2 {
		return Text
	}
	return ""
}

// article is "a" or "an" before a number written in digits: an 8, an 11, an
// 18, an 80-something, an 11,000.
func article(n int) string {
	s := strconv.Itoa(n)
	if s[0] == '8' || len(s)%3 == 2 && (s[:2] == "11" || s[:2] == "18") {
		return "an"
	}
	return "a"
}

// Withheld is what Sentence puts in place of an address or id.
const Withheld = "[withheld]"

// Sentence makes a sentence written by the program about an input (a
// source's note) safe to show whatever went into it: one line (Line), cut
// at max runes, and each word that holds an e-mail address, a GUID or a MAC
// address replaced by Withheld. The word rules of Classify that catch host
// names would also catch the program's own words (SP 800-63B, 1e11), so
// they do not apply here.
func Sentence(s string, max int) string {
	s = Line(s)
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	if !strings.Contains(s, "@") && !macAddress.MatchString(s) && !guid.MatchString(s) {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		if hasEmail(w) || macAddress.MatchString(w) || guid.MatchString(w) {
			words[i] = Withheld
		}
	}
	return strings.Join(words, " ")
}

// description matches what Value writes.
var description = regexp.MustCompile(`\ban? \d+-character (e-mail address|phone number|device name or id|text)\b|\ban? (e-mail address|phone number|device name or id|text) of more than \d+ characters\b`)

// WithoutValues replaces every description Value wrote into s with repl, so
// that two messages differing only in the values they describe compare equal
// (a problem repeated on many rows is listed once).
func WithoutValues(s, repl string) string {
	if !strings.Contains(s, "-character ") && !strings.Contains(s, " of more than ") {
		return s
	}
	return description.ReplaceAllLiteralString(s, repl)
}
