package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
	"github.com/urfave/cli/v3"
)

// newDiff compares two saved reports, as assess --baseline does, and exits 1
// when anything regressed.
func newDiff(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "diff",
		Usage:        "compare two report.json files: regressions, improvements and metric deltas; exit 1 when a control regressed",
		ArgsUsage:    "OLD.json NEW.json",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json", Sources: env("DIFF_FORMAT")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 2 {
				return usagef("diff takes two reports, e.g. assure diff q2/report.json q3/report.json")
			}
			format := cmd.String("format")
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			prev, raw, err := readReport(cmd.Args().Get(0))
			if err != nil {
				return err
			}
			cur, _, err := readReport(cmd.Args().Get(1))
			if err != nil {
				return err
			}
			c := report.Compare(prev, cur, raw)
			if format == "json" {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(c); err != nil {
					return err
				}
			} else {
				printComparison(stdout, prev, cur, c)
			}
			if len(c.Regressed) > 0 {
				return &gateError{reasons: []string{"controls regressed: " + strings.Join(c.Regressed, ", ")}}
			}
			return nil
		},
	}
}

func printComparison(w io.Writer, prev, cur *report.Report, c *report.Comparison) {
	word := map[bool]string{true: "reached", false: "not reached"}
	fmt.Fprintf(w, "%s: %s..%s → %s..%s\n", cur.Organization, prev.Period.Start, prev.Period.End, cur.Period.Start, cur.Period.End)
	fmt.Fprintf(w, "Usable assurance: %s → %s\n", word[c.Verdict.Previous], word[c.Verdict.Current])
	fmt.Fprintf(w, "Pass rate: %s → %s (%+.1f points)\n", present.Format(c.PassRate.Previous, "share"), present.Format(c.PassRate.Current, "share"), c.PassRate.Change*100)
	unit := func(metric string) present.Unit { return cur.Definition(metric).Unit }
	for _, group := range []struct{ title, change string }{
		{"Regressed", report.Regressed}, {"Improved", report.Improved}, {"Other status changes", report.Changed},
		{"New controls", report.Added}, {"Removed controls", report.Removed},
	} {
		var lines []string
		for _, cc := range c.Controls {
			if cc.Change != group.change {
				continue
			}
			var measured []string
			for _, ch := range cc.Checks {
				measured = append(measured, fmt.Sprintf("%s %s → %s", ch.Metric, present.Format(ch.Previous, unit(ch.Metric)), present.Format(ch.Current, unit(ch.Metric))))
			}
			line := fmt.Sprintf("  %s (%s) %s → %s", cc.ID, cc.Severity, orDash(string(cc.Previous)), orDash(string(cc.Current)))
			if len(measured) > 0 {
				line += ": " + strings.Join(measured, "; ")
			}
			lines = append(lines, line)
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "%s (%d):\n%s\n", group.title, len(lines), strings.Join(lines, "\n"))
		}
	}
	var moved []string
	for _, m := range c.Metrics {
		if m.Delta != nil && *m.Delta != 0 {
			moved = append(moved, fmt.Sprintf("  %s: %s → %s", m.Metric, present.Format(m.Previous, unit(m.Metric)), present.Format(m.Current, unit(m.Metric))))
		}
	}
	if len(moved) > 0 {
		fmt.Fprintf(w, "Metrics that moved (%d):\n%s\n", len(moved), strings.Join(moved, "\n"))
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
