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
)

// Problem is one thing wrong with a user's file, located precisely enough to
// fix.
type Problem struct {
	File  string // as the user named it; folder-relative for evidence sources
	Line  int    // 1-based; 0 when unknown
	Where string // CSV column, JSON Pointer or TOML key; may be empty
	// Found is the offending value as written, quoted in the message; empty
	// when the problem is not about one value.
	Found string
	Msg   string // what is wrong
	// Want says what was expected, with an example where one helps; empty
	// when Msg already says it.
	Want string
}

// Error renders `file:line: where: "found" msg (want ...)`; without a file
// the location reads "line N".
func (p *Problem) Error() string {
	var b strings.Builder
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

// Text is the problem without its location.
func (p *Problem) Text() string {
	var b strings.Builder
	if p.Found != "" {
		b.WriteString(strconv.Quote(p.Found))
		b.WriteByte(' ')
	}
	b.WriteString(p.Msg)
	if p.Want != "" {
		b.WriteString(" (want ")
		b.WriteString(p.Want)
		b.WriteByte(')')
	}
	return b.String()
}

// At returns a problem at file:line with a message.
func At(file string, line int, format string, args ...any) *Problem {
	return &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Max caps how many problems one run lists before it only counts them.
const Max = 50

// List gathers the problems of one run, capped at Max.
type List struct {
	// Input names what the problems are about, as Invalid.Input.
	Input   string
	Items   []*Problem
	Omitted int // problems found beyond the cap
}

// Add records a problem, or only counts it once the list is full.
func (l *List) Add(p *Problem) {
	if len(l.Items) < Max {
		l.Items = append(l.Items, p)
		return
	}
	l.Omitted++
}

// Full reports whether the list holds Max problems.
func (l *List) Full() bool { return len(l.Items) >= Max }

// Len counts every problem, listed or omitted.
func (l *List) Len() int { return len(l.Items) + l.Omitted }

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

// Count is the number of problems, listed or omitted.
func (e *Invalid) Count() int { return len(e.Problems) + e.Omitted }

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
