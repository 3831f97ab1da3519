package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/redact"
	"github.com/assure-dev/assure/report/formats"
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

// inputError is a file named on the command line that cannot be read or is
// not what it should be: the user's to fix, with no usage hint.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func inputf(format string, args ...any) error { return &inputError{fmt.Sprintf(format, args...)} }

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
	acted := false
	markActions(root, &acted)
	err := root.Run(ctx, args)
	// An error before any command's action ran comes from reading the
	// command line, including a bad value in an ASSURE_* variable, which does
	// not pass through OnUsageError: the user's to fix.
	if err != nil && !acted && !isTyped(err) {
		err = &usageError{err.Error()}
	}
	return exitCode(err, stderr)
}

// markActions makes every command's action note that it ran.
func markActions(cmd *cli.Command, acted *bool) {
	if action := cmd.Action; action != nil {
		cmd.Action = func(ctx context.Context, c *cli.Command) error {
			*acted = true
			return action(ctx, c)
		}
	}
	for _, sub := range cmd.Commands {
		markActions(sub, acted)
	}
}

// isTyped reports whether err is one of the errors exitCode maps by type.
func isTyped(err error) bool {
	var ue *usageError
	var ge *gateError
	return errors.As(err, &ue) || errors.As(err, &ge) || errors.As(err, new(*inputError))
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ge *gateError
	var ue *usageError
	var inv *problem.Invalid
	var p *problem.Problem
	var we *formats.WriteError
	switch {
	case errors.As(err, &ge), errors.As(err, new(*verifyError)):
		return exitGate
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "assure: %s\nrun 'assure --help' for usage\n", redact.Lines(ue.msg))
		return exitInput
	case errors.As(err, new(*inputError)):
		fmt.Fprintf(stderr, "assure: %s\n", redact.Lines(err.Error()))
		return exitInput
	case errors.As(err, &inv), errors.As(err, &p):
		// One problem, or a file's or a folder's worth of them: exit 2 with
		// every one located, and a summary line.
		text, summary := err.Error(), "nothing was written"
		if inv != nil {
			text, summary = inv.Error(), inv.Summary()+"; nothing was written"
		}
		fmt.Fprintf(stderr, "%s\nassure: %s\n", redact.Lines(text), summary)
		return exitInput
	case errors.As(err, &we):
		// A folder that cannot be written is the user's to fix, not a bug.
		fmt.Fprintf(stderr, "assure: %s\n", redact.Lines(we.Error()))
		return exitInput
	}
	fmt.Fprintf(stderr, "assure: internal error: %s\nplease report this, with the command you ran, at the project's issue tracker\n", redact.Lines(err.Error()))
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
		CustomRootCommandHelpTemplate: cli.RootCommandHelpTemplate + exitStatus("0  done (assess: the reports were written and the gate passed)",
			"1  assess: the gate failed; diff: a control regressed; verify: something differs from the report", exitBadInput, exitBug),
		Commands: []*cli.Command{
			withExitStatus(newAssess(stdout, stderr), exitAssessed, exitGateFailed, exitBadInput, exitBug),
			withExitStatus(newValidate(stdout, stderr), "0  the evidence is valid (warnings do not change this)", exitBadInput, exitBug),
			withExitStatus(newControls(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newSchema(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newInit(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newRender(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newDiff(stdout), "0  no control regressed", "1  a control regressed from pass to fail or insufficient_evidence", exitBadInput, exitBug),
			withExitStatus(newKeygen(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newSign(stdout), exitDone, exitBadInput, exitBug),
			withExitStatus(newVerify(stdout, stderr), "0  everything checked holds", "1  a signature fails, the report is unsigned or self-signed (without --allow-unsigned), a file of its set was not rendered from it, or an evidence file or a result differs from the report (each is named)", exitBadInput, exitBug),
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

// The lines of the EXIT STATUS sections.
const (
	exitDone       = "0  done"
	exitAssessed   = "0  the reports were written and the gate passed"
	exitGateFailed = "1  the reports were written and the gate failed (by default: usable assurance is not reached)"
	exitBadInput   = "2  a usage error, or invalid input, or an output that cannot be written: each problem is named with its file and line, and nothing is written"
	exitBug        = "3  an internal error: please report it"
)

func init() {
	// -v is --verbose wherever a command has it; the version is --version.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
	// The library prints the help of a command with subcommands from its
	// own template; use the command's, which ends with EXIT STATUS.
	cli.ShowSubcommandHelp = func(cmd *cli.Command) error {
		tmpl := cmd.CustomHelpTemplate
		if tmpl == "" {
			tmpl = cli.SubcommandHelpTemplate
		}
		cli.HelpPrinter(cmd.Root().Writer, tmpl, cmd)
		return nil
	}
}

// withExitStatus ends a command's --help with its EXIT STATUS section.
func withExitStatus(cmd *cli.Command, lines ...string) *cli.Command {
	tmpl := cli.CommandHelpTemplate
	if len(cmd.Commands) > 0 {
		tmpl = cli.SubcommandHelpTemplate
	}
	cmd.CustomHelpTemplate = tmpl + exitStatus(lines...)
	for _, sub := range cmd.Commands {
		withExitStatus(sub, lines...)
	}
	return cmd
}

func exitStatus(lines ...string) string {
	var b strings.Builder
	b.WriteString("\nEXIT STATUS:\n")
	for _, l := range lines {
		b.WriteString("   " + l + "\n")
	}
	return b.String()
}
