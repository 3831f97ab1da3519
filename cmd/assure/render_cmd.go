package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/pdf"
	"github.com/assure-dev/assure/signing"
	"github.com/urfave/cli/v3"
)

// newRender re-renders the PDF from a saved report.json: the JSON is the source
// of truth and the PDF is derived from it alone.
func newRender(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "render",
		Usage:        "render report.pdf again from a saved report.json",
		ArgsUsage:    "REPORT.json",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "assure-report", Usage: "folder the PDF is written to (created)", Sources: env("OUT")},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "paper size: " + strings.Join(pdf.Papers(), " or "), Sources: env("PAPER")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usagef("render takes one report.json, e.g. assure render assure-report/report.json --out pdf")
			}
			paper := cmd.String("paper")
			if !slices.Contains(pdf.Papers(), paper) {
				return usagef("--paper %q: want %s", paper, strings.Join(pdf.Papers(), " or "))
			}
			r, b, err := readReport(cmd.Args().First())
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			opts := pdf.Options{Paper: paper, JSONSHA256: hex.EncodeToString(sum[:]), JSON: b}
			// A signature beside the report names its key on the cover; it is
			// not checked here (assure verify does that).
			if sig, err := os.ReadFile(cmd.Args().First() + ".sig"); err == nil {
				if s, err := signing.ParseSignature(sig); err == nil {
					opts.SigningKey = s.Key + " (from report.json.sig, not checked here: run assure verify)"
				}
			}
			out, err := pdf.Render(r, opts)
			if err != nil {
				return fmt.Errorf("render the PDF: %w", err)
			}
			dir := cmd.String("out")
			if err := report.WriteFile(dir, "report.pdf", out); err != nil {
				return fmt.Errorf("write %s: %w", filepath.Join(dir, "report.pdf"), err)
			}
			fmt.Fprintf(stdout, "Report: %s\n", filepath.Join(dir, "report.pdf"))
			return nil
		},
	}
}
