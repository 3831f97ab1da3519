package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/redact"
	"github.com/assure-dev/assure/report/present"
	"github.com/urfave/cli/v3"
)

func newValidate(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name: "validate",
		Usage: "validate an evidence folder: every problem is listed, nothing is written; for a valid folder, per source the records read and " +
			"left out, the identity join, day coverage and warnings by the rules assess applies",
		ArgsUsage:    "[DIR]",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "evidence", Usage: "evidence folder with evidence.toml (or give it as the argument)", Sources: env("EVIDENCE")},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text, or json (the same as data; schema: assure schema validation)"},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			dir := cmd.String("evidence")
			if cmd.Args().Len() > 1 || (cmd.Args().Len() == 1 && dir != "") {
				return usagef("validate takes one evidence folder")
			}
			if cmd.Args().Len() == 1 {
				dir = cmd.Args().First()
			}
			format := cmd.String("format")
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			folder, err := openEvidence(dir, stderr, false)
			if err != nil {
				if format == "json" {
					_ = writeValidationJSON(stdout, dir, nil, err) // the error itself goes to stderr
				}
				return err
			}
			defer folder.Close()
			stop := showProgress(folder, stderr, false)
			v, err := assessment.Validate(folder, nil)
			stop()
			if format == "json" {
				if jerr := writeValidationJSON(stdout, folder.Name(), v, err); jerr != nil {
					return jerr
				}
			}
			if err != nil {
				return err
			}
			if format == "text" {
				printValidation(stdout, v)
			}
			return nil
		},
	}
}

// printValidation writes what validate found in a valid folder: a summary
// line, then per source its records and what was left out, the identity
// join, day coverage, and the warnings. Paths and messages are printed
// without control characters (redact.Line); the reasons are labels the
// evidence reader already let through (evidence.SourceStats).
func printValidation(w io.Writer, v *assessment.Validation) {
	fmt.Fprintf(w, "%s: valid: %d sources, %s records\n", redact.Line(v.Folder), len(v.Sources), present.Thousands(v.Records))
	for _, s := range v.Sources {
		as := s.Kind
		if s.Format != "" && !strings.HasPrefix(s.Format, "csv") && s.Format != "jsonl" && s.Format != "json" && s.Format != "toml" {
			as += ", " + s.Format
		}
		line := fmt.Sprintf("  %s (%s): %s", redact.Line(s.Path), as, present.Plural(s.Records, "record", "records"))
		if s.Outside > 0 {
			line += fmt.Sprintf(", %s outside the periods", present.Thousands(s.Outside))
		}
		fmt.Fprintln(w, line)
		if n := total(s.Skipped); n > 0 {
			fmt.Fprintf(w, "      %s skipped (%s): %s\n", present.Thousands(n), present.Format(s.SkippedShare, present.Share), counts(s.Skipped, 0))
		}
		if s.Repeats > 0 {
			fmt.Fprintf(w, "      %s repeats dropped\n", present.Thousands(s.Repeats))
		}
		if n := total(s.NotOfKind); n > 0 {
			fmt.Fprintf(w, "      %s not %s: %s\n", present.Thousands(n), s.Kind, counts(s.NotOfKind, 3))
		}
	}
	if len(v.Joins) > 0 {
		var parts []string
		for _, j := range v.Joins {
			parts = append(parts, fmt.Sprintf("%s %s (%s of %s)", j.Kind, present.Format(j.Share, present.Share), present.Thousands(j.Joined), present.Thousands(j.Records)))
		}
		fmt.Fprintf(w, "Identity join (records that matched a person in the population): %s\n", strings.Join(parts, ", "))
	}
	if len(v.Coverage) > 0 {
		var parts []string
		for _, c := range v.Coverage {
			parts = append(parts, fmt.Sprintf("%s %s (%d of %d)", c.Kind, present.Format(c.Share, present.Share), c.Covered, c.Days))
		}
		fmt.Fprintf(w, "Day coverage (days of the period with a record): %s\n", strings.Join(parts, ", "))
	}
	r := v.Rules
	rules := fmt.Sprintf("at most %s of a source's records skipped, at least %s of a kind's records joined, a log record in every %d days and no gap chance would leave less than once in %s periods, collected at most %d days after the period",
		present.Format(r.MaxSkipped, present.Share), present.Format(r.MinJoin, present.Share), r.CoverageWindowDays, present.Thousands(int(1/r.MaxGapOdds)), r.MaxEvidenceAgeDays)
	if len(v.Warnings) == 0 {
		fmt.Fprintf(w, "Warnings: none (the rules assess applies: %s)\n", rules)
		return
	}
	fmt.Fprintf(w, "Warnings (%d; the rules assess applies: %s):\n", len(v.Warnings), rules)
	for _, x := range v.Warnings {
		fmt.Fprintf(w, "  - %s\n", redact.Line(x.Message))
	}
}

func total(cs []assessment.Count) int {
	n := 0
	for _, c := range cs {
		n += c.Count
	}
	return n
}

// counts lists reasons with their counts, most first; limit > 0 shows that
// many and says how many more there are.
func counts(cs []assessment.Count, limit int) string {
	var parts []string
	for i, c := range cs {
		if limit > 0 && i == limit {
			parts = append(parts, fmt.Sprintf("and %d more", len(cs)-limit))
			break
		}
		parts = append(parts, present.Thousands(c.Count)+" "+redact.Line(c.Reason))
	}
	return strings.Join(parts, ", ")
}

// validationJSON is validate's JSON output: the validation of a valid
// folder, or the problems of an invalid one.
type validationJSON struct {
	*assessment.Validation
	Folder   string        `json:"folder"`
	Valid    bool          `json:"valid"`
	Problems []problemJSON `json:"problems,omitempty"`
	Omitted  int           `json:"problems_omitted,omitempty"`
}

type problemJSON struct {
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	Where string `json:"where,omitempty"`
	Found string `json:"found,omitempty"`
	Msg   string `json:"message"`
	Want  string `json:"want,omitempty"`
	Rows  int    `json:"rows,omitempty"`
	Lines []int  `json:"lines,omitempty"`
}

// writeValidationJSON writes the validation, or, when the evidence is
// invalid, the problems (which stderr lists too).
func writeValidationJSON(w io.Writer, folder string, v *assessment.Validation, err error) error {
	out := validationJSON{Validation: v, Folder: folder, Valid: err == nil}
	if err != nil {
		var inv *problem.Invalid
		var p *problem.Problem
		switch {
		case errors.As(err, &inv):
			for _, x := range inv.Problems {
				out.Problems = append(out.Problems, toJSON(x))
			}
			out.Omitted = inv.Omitted
		case errors.As(err, &p):
			out.Problems = []problemJSON{toJSON(p)}
		default:
			return nil // not the user's evidence: the error is reported as it is
		}
	}
	b, jerr := json.MarshalIndent(out, "", "  ")
	if jerr != nil {
		return jerr
	}
	_, jerr = w.Write(append(b, '\n'))
	return jerr
}

// toJSON gives a problem as its message shows it: a value that looks like
// personal data is described, not given (problem.Problem.Public).
func toJSON(p *problem.Problem) problemJSON {
	s := p.Public()
	return problemJSON{File: s.File, Line: s.Line, Where: s.Where, Found: s.Found, Msg: s.Msg, Want: s.Want, Rows: s.Rows, Lines: s.Lines}
}
