package evidence

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is one thing wrong with a user's file, located precisely enough to fix.
type Problem struct {
	File  string // path as the user named it (folder-relative for sources)
	Line  int    // 1-based; 0 when unknown
	Where string // CSV column, JSON Pointer or key; may be empty
	Msg   string // what was found and what was expected
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Where != "" {
		b.WriteString(p.Where)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a run of validation, capped.
type Problems struct {
	List    []*Problem
	Omitted int // problems found beyond the cap
}

// MaxProblems caps how many problems validation lists before it only counts.
const MaxProblems = 50

// Add records a problem, or only counts it once the list is full.
func (ps *Problems) Add(p *Problem) {
	if len(ps.List) < MaxProblems {
		ps.List = append(ps.List, p)
		return
	}
	ps.Omitted++
}

func (ps *Problems) full() bool { return len(ps.List) >= MaxProblems }

// Err returns the problems as one error, or nil when there are none.
func (ps *Problems) Err() error {
	if len(ps.List) == 0 {
		return nil
	}
	return &InvalidError{Problems: ps.List, Omitted: ps.Omitted}
}

// InvalidError reports invalid evidence: one line per problem.
type InvalidError struct {
	Problems []*Problem
	Omitted  int
}

func (e *InvalidError) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.Error())
	}
	if e.Omitted > 0 {
		lines = append(lines, fmt.Sprintf("... and %d more problems", e.Omitted))
	}
	return strings.Join(lines, "\n")
}

// IsInvalid reports whether err is about the user's input (exit code 2) rather
// than an internal failure.
func IsInvalid(err error) bool {
	var ie *InvalidError
	var p *Problem
	return errors.As(err, &ie) || errors.As(err, &p)
}
