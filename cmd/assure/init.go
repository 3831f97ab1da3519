package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/assure-dev/assure/fixtures"
	"github.com/assure-dev/assure/report/formats"
	"github.com/urfave/cli/v3"
)

func newInit(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "init",
		Usage:        "write a commented example evidence folder to fill in",
		ArgsUsage:    "DIR",
		OnUsageError: onUsageError,
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usagef("init takes the folder to create, e.g. assure init evidence")
			}
			dir := cmd.Args().First()
			if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
				return usagef("%s is a file; init writes into a new or empty folder only", dir)
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return usagef("%s is not empty; init writes into a new or empty folder only", dir)
			}
			starter := fixtures.Starter()
			err := fs.WalkDir(starter, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := fs.ReadFile(starter, p)
				if err != nil {
					return err
				}
				dst := filepath.Join(dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					return &formats.WriteError{Path: filepath.Dir(dst), Err: err}
				}
				if err := os.WriteFile(dst, b, 0o644); err != nil {
					return &formats.WriteError{Path: dst, Err: err}
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote an example evidence folder to %s\nnext: edit the files, then run: assure validate %s && assure assess --evidence %s\n", dir, dir, dir)
			return nil
		},
	}
}
