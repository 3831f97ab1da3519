package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/urfave/cli/v3"
)

// Exit codes: the documented contract CI relies on.
const (
	exitOK       = 0 // reports written, gate passed
	exitGate     = 1 // reports written, gate failed
	exitInput    = 2 // usage error or invalid input; nothing written
	exitInternal = 3 // a bug: please report it
)

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// gateError means reports were written but the gate failed.
type gateError struct{ reasons []string }

func (e *gateError) Error() string { return "gate failed: " + strings.Join(e.reasons, "; ") }

// Run is the whole command line: it parses args, runs one command, prints to
// stdout and stderr, and returns the exit code. Tests call it in-process.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "assure: internal error: %v\nplease report this, with the command you ran, at the project's issue tracker\n%s", p, debug.Stack())
			code = exitInternal
		}
	}()
	root := newRoot(stdout, stderr)
	err := root.Run(ctx, args)
	// A bad value in an ASSURE_* variable does not pass through OnUsageError.
	if err != nil && strings.Contains(err.Error(), " value from ") && strings.Contains(err.Error(), " for flag ") {
		err = &usageError{err.Error()}
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ge *gateError
	var ue *usageError
	var inv *problem.Invalid
	var p *problem.Problem
	switch {
	case errors.As(err, &ge), errors.As(err, new(*verifyError)):
		return exitGate
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "assure: %s\nrun 'assure --help' for usage\n", ue.msg)
		return exitInput
	case errors.As(err, &inv), errors.As(err, &p):
		// One problem, or a file's or a folder's worth of them: exit 2 with
		// every one located, and a summary line.
		text, summary := err.Error(), "nothing was written"
		if inv != nil {
			text, summary = inv.Error(), inv.Summary()+"; nothing was written"
		}
		fmt.Fprintf(stderr, "%s\nassure: %s\n", text, summary)
		return exitInput
	}
	fmt.Fprintf(stderr, "assure: internal error: %v\nplease report this, with the command you ran, at the project's issue tracker\n", err)
	return exitInternal
}

func newRoot(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "assure",
		Usage:     "assess whether a passwordless-authentication programme has reached usable assurance",
		Version:   versionString(),
		Writer:    stdout,
		ErrWriter: stderr,
		// Errors are mapped to exit codes by Run; the library must not exit.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		OnUsageError:   onUsageError,
		Commands: []*cli.Command{
			newAssess(stdout, stderr),
			newValidate(stdout, stderr),
			newControls(stdout),
			newSchema(stdout),
			newInit(stdout),
			newRender(stdout),
			newDiff(stdout),
			newKeygen(stdout),
			newSign(stdout),
			newVerify(stdout, stderr),
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return usagef("unknown command %q (want one of: assess, validate, controls, schema, init, render, diff, keygen, sign, verify)", cmd.Args().First())
			}
			return cli.ShowAppHelp(cmd)
		},
	}
}

// onUsageError turns the library's flag errors into usage errors (exit 2).
func onUsageError(_ context.Context, _ *cli.Command, err error, _ bool) error {
	return &usageError{err.Error()}
}
