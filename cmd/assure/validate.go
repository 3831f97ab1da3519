package main

import (
	"context"
	"fmt"
	"io"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/report/present"
	"github.com/urfave/cli/v3"
)

func newValidate(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "validate",
		Usage:        "validate an evidence folder: every problem is listed, nothing is written",
		ArgsUsage:    "[DIR]",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "evidence", Usage: "evidence folder with evidence.toml (or give it as the argument)", Sources: env("EVIDENCE")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			dir := cmd.String("evidence")
			if cmd.Args().Len() > 1 || (cmd.Args().Len() == 1 && dir != "") {
				return usagef("validate takes one evidence folder")
			}
			if cmd.Args().Len() == 1 {
				dir = cmd.Args().First()
			}
			folder, err := openEvidence(dir, stderr, false)
			if err != nil {
				return err
			}
			defer folder.Close()
			set, err := assessment.Validate(folder, nil)
			if err != nil {
				return err
			}
			total := 0
			for _, st := range set.Sources {
				total += st.Records
			}
			fmt.Fprintf(stdout, "%s: valid: %d sources, %s records\n", folder.Name(), len(set.Sources), present.Thousands(total))
			return nil
		},
	}
}
