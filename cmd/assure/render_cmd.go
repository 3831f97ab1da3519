package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/formats"
	"github.com/assure-dev/assure/report/pdf"
	"github.com/assure-dev/assure/signing"
	"github.com/urfave/cli/v3"
)

// sameReport lists the files of the output folder's set to keep in the new
// one: all of them when the set was made from the same report.json bytes
// (rendering into the report's own folder adds to its set), none otherwise
// (a set from another report is replaced whole, never mixed with).
func sameReport(out *formats.Out, js []byte) []string {
	prev := out.Previous()
	if !slices.Contains(prev, "report.json") {
		return nil
	}
	b, err := readBounded(out.PreviousPath("report.json"), report.MaxJSONSize, "report")
	if err != nil || !bytes.Equal(b, js) {
		return nil
	}
	return prev
}

// newRender re-renders formats from a saved report.json: the JSON is the
// source of truth and every other format is derived from it alone.
func newRender(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "render",
		Usage:        "render report formats again from a saved report.json (by default the PDF)",
		ArgsUsage:    "REPORT.json",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "assure-report", Usage: "folder the files are written to (created; joins the set there when it is of the same report, else replaces it)", Sources: env("OUT")},
			&cli.StringFlag{Name: "format", Value: "pdf", Usage: "comma list of formats: " + strings.Join(formats.Names(), ", "), Sources: env("FORMAT")},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "PDF paper size: " + strings.Join(pdf.Papers(), " or "), Sources: env("PAPER")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usagef("render takes one report.json, e.g. assure render assure-report/report.json --format pdf,markdown --out rendered")
			}
			names, err := formats.Parse(cmd.String("format"))
			if err != nil {
				return usagef("--format %v", err)
			}
			paper := cmd.String("paper")
			if !slices.Contains(pdf.Papers(), paper) {
				return usagef("--paper %q: want %s", paper, strings.Join(pdf.Papers(), " or "))
			}
			path := cmd.Args().First()
			r, js, err := readReport(path)
			if err != nil {
				return err
			}
			dir := cmd.String("out")
			out, err := formats.OpenOut(dir, formats.OutOptions{Command: "render"})
			if err != nil {
				return err
			}
			defer out.Close()
			o := formats.Options{Paper: paper}
			// A signature beside the report names its key on the PDF cover; it
			// is not checked here (assure verify does that).
			if sig, err := readBounded(path+".sig", signing.MaxSignatureSize, "signature"); err == nil {
				if s, err := signing.ParseSignature(sig); err == nil {
					o.SigningKey = s.Key + " (from report.json.sig, not checked here: run assure verify)"
				}
			}
			files, err := formats.Render(r, js, names, o, nil)
			if err != nil {
				return err
			}
			written, err := out.Write(files, sameReport(out, js))
			if err != nil {
				return err
			}
			for _, p := range written {
				fmt.Fprintf(stdout, "Report: %s\n", p)
			}
			return nil
		},
	}
}
