package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/metrics"
	"github.com/urfave/cli/v3"
)

func newControls(stdout io.Writer) *cli.Command {
	catalogueFlag := &cli.StringFlag{Name: "catalogue", Usage: "TOML file or folder replacing the built-in catalogue", Sources: env("CATALOGUE")}
	revisionFlag := &cli.StringFlag{Name: "revision", Value: controls.Rev4, Usage: "show the catalogue as it applies under SP 800-63B `REV`: rev4 (SP 800-63B-4) or rev3, as a manifest's sp800_63b_profile chooses"}
	return &cli.Command{
		Name:         "controls",
		Usage:        "list the control catalogue; 'controls show ID' prints one control in full",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			catalogueFlag, revisionFlag,
			&cli.BoolFlag{Name: "metrics", Usage: "list the metrics checks can use instead", Sources: env("METRICS")},
		},
		Commands: []*cli.Command{{
			Name:         "show",
			Usage:        "print one control in full",
			ArgsUsage:    "ID",
			OnUsageError: onUsageError,
			Flags:        []cli.Flag{catalogueFlag, revisionFlag},
			Action: func(_ context.Context, cmd *cli.Command) error {
				if cmd.Args().Len() != 1 {
					return usagef("controls show takes one control id, e.g. assure controls show HD-02")
				}
				cat, err := catalogueFor(cmd)
				if err != nil {
					return err
				}
				id := strings.ToUpper(cmd.Args().First())
				for _, c := range cat.Controls {
					if c.ID == id {
						showControl(stdout, c)
						return nil
					}
				}
				return usagef("no control %q in the catalogue (assure controls lists them)", id)
			},
		}},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return usagef("unknown controls command %q (want: show ID)", cmd.Args().First())
			}
			if cmd.Bool("metrics") {
				listMetrics(stdout)
				return nil
			}
			cat, err := catalogueFor(cmd)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s %s: %d controls, as they apply under %s\n\n", cat.Name, cat.Version, len(cat.Controls), revisionTitle(cat.Revision))
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tAREA\tSEVERITY\tTITLE\tFRAMEWORKS")
			for _, c := range cat.Controls {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Area, c.Severity, c.Title, refs(c))
			}
			return tw.Flush()
		},
	}
}

// catalogueFor loads the catalogue as it applies under the --revision flag.
func catalogueFor(cmd *cli.Command) (*controls.Catalogue, error) {
	rev := cmd.String("revision")
	if rev != controls.Rev4 && rev != controls.Rev3 {
		return nil, usagef("--revision %q: want rev4 (SP 800-63B-4) or rev3 (SP 800-63B, 2017)", rev)
	}
	cat, _, err := loadCatalogue(cmd.String("catalogue"), "")
	if err != nil {
		return nil, err
	}
	return cat.ForRevision(rev), nil
}

func revisionTitle(rev string) string {
	if rev == controls.Rev3 {
		return "SP 800-63B (rev 3)"
	}
	return "SP 800-63B-4"
}

// shortNames are the documents as the one-line listing names them.
var shortNames = map[string]string{
	controls.CSF: "CSF", controls.SP80063B4: "SP 800-63B-4", controls.SP80063B3: "SP 800-63B (rev 3)",
	controls.SP800634: "SP 800-63-4", controls.AIRMF: "AI RMF",
}

func refs(c *controls.Control) string {
	parts := make([]string, 0, len(c.Frameworks))
	for _, f := range c.Frameworks {
		short := shortNames[f.Framework]
		if short == "" {
			short = f.Framework
		}
		parts = append(parts, short+" "+f.Reference)
	}
	return strings.Join(parts, "; ")
}

func showControl(w io.Writer, c *controls.Control) {
	fmt.Fprintf(w, "%s  %s\n", c.ID, c.Title)
	sev := string(c.Severity)
	if c.SeverityLocked {
		sev += " (no profile may lower it)"
	}
	fmt.Fprintf(w, "area: %s    severity: %s\n", c.Area, sev)
	if c.MustPass() {
		fmt.Fprintln(w, "must pass: a profile that switches it off, lowers it or changes its threshold is named in the verdict")
	}
	fmt.Fprintf(w, "objective: %s\n", c.Objective)
	fmt.Fprintf(w, "evidence: %s\n", strings.Join(c.Evidence, ", "))
	mode := "all checks must pass"
	if c.Any {
		mode = "any one check passing is enough"
	}
	fmt.Fprintf(w, "checks (%s):\n", mode)
	for _, ch := range c.Checks {
		line := fmt.Sprintf("  %s %s %v", ch.Metric, ch.Op, ch.Threshold)
		if d, _ := metrics.Lookup(ch.Metric); d.Sampled {
			line += fmt.Sprintf(" (at least %d records", ch.MinSample)
			if ch.ZeroTolerance {
				line += "; fewer pass as a small sample when none breaches it, and one breach fails"
			}
			line += ")"
		}
		fmt.Fprintln(w, line)
		switch b := ch.Basis; {
		case b.Kind == controls.Normative:
			lock := "a profile may change it with a justification"
			if b.Locked() {
				lock = "locked: no profile may loosen it"
			}
			fmt.Fprintf(w, "    basis: normative, %s (%s)\n", b.Requirement, lock)
		default:
			fmt.Fprintf(w, "    basis: programme default, %s\n", b.Rationale)
		}
	}
	if aw := c.AppliesWhen; aw != nil {
		fmt.Fprintf(w, "applies when: %s %s %v\n", aw.Metric, aw.Op, aw.Threshold)
	}
	fmt.Fprintln(w, "frameworks:")
	for _, f := range c.Frameworks {
		fmt.Fprintf(w, "  %s %s (%s)\n", f.Framework, f.Reference, f.Strength)
	}
	fmt.Fprintf(w, "remediation: %s\n", c.Remediation)
	fmt.Fprintf(w, "defined at: %s:%d\n", c.File, c.Line)
}

func listMetrics(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tUNIT\tLABEL\tDEFINITION")
	for _, d := range metrics.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Name, d.Unit, d.Label, d.Definition)
	}
	tw.Flush()
}
