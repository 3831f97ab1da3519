package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/schemas"
	"github.com/urfave/cli/v3"
)

func newSchema(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "schema",
		Usage:        "print the JSON Schema of an evidence kind, the manifest, the catalogue, the profile or the report",
		ArgsUsage:    "[NAME]",
		OnUsageError: onUsageError,
		Action: func(_ context.Context, cmd *cli.Command) error {
			switch cmd.Args().Len() {
			case 0:
				fmt.Fprintln(stdout, "schemas (assure schema NAME prints one):")
				for _, n := range schemas.Names() {
					fmt.Fprintf(stdout, "  %s\n", n)
				}
				return nil
			case 1:
				b, err := schemas.Raw(strings.ToLower(cmd.Args().First()))
				if err != nil {
					return &usageError{err.Error()}
				}
				_, err = stdout.Write(b)
				return err
			}
			return usagef("schema takes at most one name")
		},
	}
}
