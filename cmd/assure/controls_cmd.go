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
	return &cli.Command{
		Name:         "controls",
		Usage:        "list the control catalogue; 'controls show ID' prints one control in full",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			catalogueFlag,
			&cli.BoolFlag{Name: "metrics", Usage: "list the metrics checks can use instead", Sources: env("METRICS")},
		},
		Commands: []*cli.Command{{
			Name:         "show",
			Usage:        "print one control in full",
			ArgsUsage:    "ID",
			OnUsageError: onUsageError,
			Flags:        []cli.Flag{catalogueFlag},
			Action: func(_ context.Context, cmd *cli.Command) error {
				if cmd.Args().Len() != 1 {
					return usagef("controls show takes one control id, e.g. assure controls show HD-02")
				}
				cat, _, err := loadCatalogue(cmd.String("catalogue"), "")
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
			cat, _, err := loadCatalogue(cmd.String("catalogue"), "")
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s %s: %d controls\n\n", cat.Name, cat.Version, len(cat.Controls))
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tAREA\tSEVERITY\tTITLE\tFRAMEWORKS")
			for _, c := range cat.Controls {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Area, c.Severity, c.Title, refs(c))
			}
			return tw.Flush()
		},
	}
}

func refs(c *controls.Control) string {
	parts := make([]string, 0, len(c.Frameworks))
	for _, f := range c.Frameworks {
		short := map[string]string{"NIST CSF 2.0": "CSF", "NIST SP 800-63B": "800-63B", "NIST AI RMF 1.0": "AI RMF"}[f.Framework]
		parts = append(parts, short+" "+f.Reference)
	}
	return strings.Join(parts, "; ")
}

func showControl(w io.Writer, c *controls.Control) {
	fmt.Fprintf(w, "%s  %s\n", c.ID, c.Title)
	fmt.Fprintf(w, "area: %s    severity: %s\n", c.Area, c.Severity)
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
			line += fmt.Sprintf(" (at least %d records)", ch.MinSample)
		}
		fmt.Fprintln(w, line)
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
