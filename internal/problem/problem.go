// Package problem is the one located-problem type of the project: something
// wrong with a file the user gave, located by file and line, and by CSV column,
// JSON Pointer or TOML key, with what was found and what was wanted. Evidence,
// the catalogue, profiles, waivers and every vendor adapter report their
// problems with it, and the command line maps it to exit code 2.
package problem

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/assure-dev/assure/internal/redact"
)

// Problem is one thing wrong with a user's file, located precisely enough to
// fix.
type Problem struct {
	File  string // as the user named it; folder-relative for evidence sources
	Line  int    // 1-based; 0 when unknown
	Where string // CSV column, JSON Pointer or TOML key; may be empty
	// Found is the offending value as written, quoted in the message unless
	// it looks like personal data or free text (Text); empty when the
	// problem is not about one value.
	Found string
	Msg   string // what is wrong
	// Want says what was expected, with an example where one helps; empty
	// when Msg already says it.
	Want string
	// Rows, when more than one, counts the rows of File that have this same
	// problem (a List groups them); Lines are the first few of them, Line
	// first.
	Rows  int
	Lines []int
}

// Error renders `file:line: where: "found" msg (want ...)`; without a file
// the location reads "line N". A problem of several rows reads
// `file: 466 rows: where: "found" msg (want ...); first at lines 2, 3, 4`,
// quoting the first row's value. It is one line without control characters
// (redact.Line): a file name or a value cannot move the cursor, clear the
// screen or reorder the text of a terminal or a CI log.
func (p *Problem) Error() string { return redact.Line(p.render()) }

func (p *Problem) render() string {
	var b strings.Builder
	if p.Rows > 1 {
		if p.File != "" {
			b.WriteString(p.File + ": ")
		}
		b.WriteString(strconv.Itoa(p.Rows) + " rows: ")
		if p.Where != "" {
			b.WriteString(p.Where + ": ")
		}
		b.WriteString(p.Text())
		b.WriteString("; ")
		if len(p.Lines) < p.Rows {
			b.WriteString("first ")
		}
		b.WriteString("at lines ")
		for i, n := range p.Lines {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(n))
		}
		return b.String()
	}
	switch {
	case p.File != "" && p.Line > 0:
		b.WriteString(p.File + ":" + strconv.Itoa(p.Line))
	case p.File != "":
		b.WriteString(p.File)
	case p.Line > 0:
		b.WriteString("line " + strconv.Itoa(p.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Where != "" {
		b.WriteString(p.Where)
		b.WriteString(": ")
	}
	b.WriteString(p.Text())
	return b.String()
}

// Text is the problem without its location. Messages go to terminals, CI
// logs and validate's JSON, so a value is quoted only when it is not
// personal data: Found is described by its length and kind instead when it
// looks like an e-mail address, a phone number or free text ("a
// 23-character e-mail address", redact.Value), and so is a value quoted in
// Msg or Want that looks like an e-mail address or a phone number or is
// long or cut short. Enum values, dates and numbers are quoted as they are.
// (The free-text rule is Found's alone: a quoted phrase in a message is
// also how the program writes its own hints, such as "CSV UTF-8 (Comma
// delimited)".)
func (p *Problem) Text() string {
	var b strings.Builder
	if p.Found != "" {
		b.WriteString(Quote(p.Found))
		b.WriteByte(' ')
	}
	b.WriteString(shown(p.Msg))
	if p.Want != "" {
		b.WriteString(" (want ")
		b.WriteString(shown(p.Want))
		b.WriteByte(')')
	}
	return redact.Line(b.String())
}

// Quote quotes a value found in an input for a message, or describes it
// when it looks like personal data or free text (redact.Value).
func Quote(v string) string {
	if d := redact.Value(v); d != "" {
		return d
	}
	return strconv.Quote(v)
}

// Public is the problem as validate's JSON shows it: Found, Msg and Want as
// Text writes them, Found described rather than given when Text would not
// quote it, and File and Where without control characters. Found is then a
// description and not the value: the JSON says so by field "found" holding
// words such as "a 23-character e-mail address".
func (p *Problem) Public() Problem {
	c := *p
	c.File, c.Where = redact.Line(p.File), redact.Line(shown(p.Where))
	if d := redact.Value(p.Found); d != "" {
		c.Found = d
	}
	c.Found = redact.Line(c.Found)
	c.Msg, c.Want = redact.Line(shown(p.Msg)), redact.Line(shown(p.Want))
	return c
}

// shown replaces each double-quoted value of a message (as %q or a JSON
// encoder writes it) that looks like an e-mail address or a phone number,
// or is longer than redact.MaxValueLength or cut short with "…", with its
// description. Quoted phrases of a few words stay: the program quotes its
// own hints that way.
func shown(s string) string {
	if !strings.Contains(s, `"`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '"' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) { // no closing quote: not a quoted value
			b.WriteString(s[i:])
			break
		}
		quoted := s[i : j+1]
		if v, err := strconv.Unquote(quoted); err == nil && hidden(v) {
			b.WriteString(redact.Value(v))
		} else {
			b.WriteString(quoted)
		}
		i = j + 1
	}
	return b.String()
}

// hidden says whether a value quoted in a message is not shown as it is.
func hidden(v string) bool {
	if redact.Value(v) == "" {
		return false
	}
	k := redact.Classify(v)
	return k == redact.Email || k == redact.Phone || utf8.RuneCountInString(v) > redact.MaxValueLength || strings.HasSuffix(v, "…")
}

// At returns a problem at file:line with a message.
func At(file string, line int, format string, args ...any) *Problem {
	return &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Max caps how many distinct problems one run lists before it only counts
// them.
const Max = 50

// shownLines is how many lines a problem of several rows names.
const shownLines = 3

// List gathers the problems of one run. A problem that repeats on many rows —
// the same file, the same column, field or key, the same message once the
// value found is taken out — is listed once with the count of its rows and
// its first lines, so one bad date column of 466 rows is one problem, not 50
// identical lines. Max caps the distinct problems listed; more are counted.
type List struct {
	// Input names what the problems are about, as Invalid.Input.
	Input   string
	Items   []*Problem
	Omitted int // problems found beyond the cap

	groups  map[string]int // grouping key → index in Items
	indexed int            // Items[:indexed] are in groups
}

// Add records a problem: as a further row of a listed problem of the same
// kind, as a new problem, or only counted once Max distinct problems are
// listed. p is not changed; a problem of several rows (Rows > 1) adds them
// all.
func (l *List) Add(p *Problem) {
	l.index()
	key := groupKey(p)
	if i, ok := l.groups[key]; ok && key != "" {
		g := l.Items[i]
		if g.Rows < 2 { // the first repeat: a copy, so the caller's problem stays as given
			c := *g
			c.Rows, c.Lines = 1, []int{g.Line}
			g = &c
			l.Items[i] = g
		}
		lines := p.Lines
		if p.Rows < 2 {
			lines = []int{p.Line}
		}
		g.Rows += max(p.Rows, 1)
		for _, n := range lines {
			if len(g.Lines) < shownLines {
				g.Lines = append(g.Lines, n)
			}
		}
		return
	}
	if len(l.Items) < Max {
		l.Items = append(l.Items, p)
		l.index()
		return
	}
	l.Omitted += max(p.Rows, 1)
}

// index adds the problems put in Items directly to the grouping.
func (l *List) index() {
	if l.groups == nil {
		l.groups = map[string]int{}
	}
	for ; l.indexed < len(l.Items); l.indexed++ {
		if key := groupKey(l.Items[l.indexed]); key != "" {
			if _, seen := l.groups[key]; !seen {
				l.groups[key] = l.indexed
			}
		}
	}
}

// groupKey is what problems of the same kind share: file, location within a
// row and message, with the quoted values, the descriptions of values not
// quoted (redact.Value) and the value found taken out; ""
// for a problem not about one row, which is never grouped.
func groupKey(p *Problem) string {
	if p.Line <= 0 || p.File == "" {
		return ""
	}
	return p.File + "\x00" + p.Where + "\x00" + redact.WithoutValues(withoutQuoted(p.Msg), `""`) + "\x00" + p.Want
}

// withoutQuoted replaces every double-quoted part of a message (a value, as
// %q writes it) with "".
func withoutQuoted(s string) string {
	if !strings.Contains(s, `"`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		b.WriteString(`""`)
		for i++; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				i++
			}
		}
	}
	return b.String()
}

// Full reports whether the list holds Max distinct problems.
func (l *List) Full() bool { return len(l.Items) >= Max }

// Len counts every problem, listed or omitted, each row of a repeated one.
func (l *List) Len() int { return rows(l.Items) + l.Omitted }

func rows(ps []*Problem) int {
	n := 0
	for _, p := range ps {
		n += max(p.Rows, 1)
	}
	return n
}

// Err returns the problems as one error, or nil when there are none.
func (l *List) Err() error {
	if len(l.Items) == 0 {
		return nil
	}
	return &Invalid{Input: l.Input, Problems: l.Items, Omitted: l.Omitted}
}

// Invalid is the error of an input with one or more problems: one line each.
type Invalid struct {
	// Input names what was invalid the way a sentence does ("the evidence",
	// "the catalogue"); empty reads "the input".
	Input    string
	Problems []*Problem
	Omitted  int
}

func (e *Invalid) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.Error())
	}
	if e.Omitted > 0 {
		lines = append(lines, fmt.Sprintf("... and %d more problems", e.Omitted))
	}
	return strings.Join(lines, "\n")
}

// Count is the number of problems, listed or omitted, each row of a
// repeated one.
func (e *Invalid) Count() int { return rows(e.Problems) + e.Omitted }

// Summary says in a few words what was invalid and how badly: "the evidence
// is invalid (3 problems)".
func (e *Invalid) Summary() string {
	input, noun := e.Input, "problems"
	if input == "" {
		input = "the input"
	}
	if e.Count() == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("%s is invalid (%d %s)", input, e.Count(), noun)
}
