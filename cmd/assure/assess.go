package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/fixtures"
	"github.com/assure-dev/assure/internal/redact"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/formats"
	"github.com/assure-dev/assure/report/pdf"
	"github.com/assure-dev/assure/report/present"
	"github.com/urfave/cli/v3"
)

// assessOptions are the settings of one `assure assess` run.
type assessOptions struct {
	evidenceDir string
	outDir      string
	formats     []string
	catalogue   string
	profile     string
	waivers     string
	baseline    string
	noRegress   bool
	signKey     string
	minPassRate *float64
	failOn      report.Severity
	noGate      bool
	paper       string
	quiet       bool
	verbose     bool
}

func newAssess(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "assess",
		Usage:        "validate the evidence, evaluate the catalogue, write the reports and apply the gate",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "evidence", Usage: "evidence folder with evidence.toml (default: the embedded sample organisation)", Sources: env("EVIDENCE")},
			&cli.StringFlag{Name: "out", Value: "assure-report", Usage: "folder of the reports (created; each run replaces its whole set in one step)", Sources: env("OUT")},
			&cli.StringFlag{Name: "format", Value: formats.Default, Usage: "comma list of report formats: " + strings.Join(formats.Names(), ", "), Sources: env("FORMAT")},
			&cli.StringFlag{Name: "catalogue", Usage: "TOML file or folder replacing the built-in catalogue", Sources: env("CATALOGUE")},
			&cli.StringFlag{Name: "profile", Usage: "TOML profile: threshold, severity and enabled overrides with justifications", Sources: env("PROFILE")},
			&cli.StringFlag{Name: "waivers", Usage: "TOML file of accepted risks: per control a justification, approver role, risk register id and expiry", Sources: env("WAIVERS")},
			&cli.StringFlag{Name: "baseline", Usage: "the previous period's report.json: adds a comparison (regressions, improvements, deltas)", Sources: env("BASELINE")},
			&cli.BoolFlag{Name: "no-regression", Usage: "gate: fail when a control regressed against --baseline or the pass rate fell", Sources: env("NO_REGRESSION")},
			&cli.StringFlag{Name: "sign-key", Usage: "Ed25519 private key (PEM, from assure keygen): also write report.json.sig", Sources: env("SIGN_KEY")},
			&cli.StringFlag{Name: "min-pass-rate", Usage: "gate: the pass rate must be at least `F` (0..1)", Sources: env("MIN_PASS_RATE")},
			&cli.StringFlag{Name: "fail-on", Usage: "gate: fail when any control of severity `SEV` or above fails or lacks evidence (critical, high, medium, low)", Sources: env("FAIL_ON")},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "PDF paper size: " + strings.Join(pdf.Papers(), " or "), Sources: env("PAPER")},
			&cli.BoolFlag{Name: "no-gate", Usage: "write the reports and exit 0 whatever the verdict", Sources: env("NO_GATE")},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print less on stderr", Sources: env("QUIET")},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print every evidence source read on stderr", Sources: env("VERBOSE")},
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return usagef("assess takes no arguments (got %q); name the evidence folder with --evidence", cmd.Args().First())
			}
			o := assessOptions{
				evidenceDir: cmd.String("evidence"), outDir: cmd.String("out"), catalogue: cmd.String("catalogue"),
				profile: cmd.String("profile"), waivers: cmd.String("waivers"), baseline: cmd.String("baseline"), noRegress: cmd.Bool("no-regression"), signKey: cmd.String("sign-key"), failOn: report.Severity(cmd.String("fail-on")), noGate: cmd.Bool("no-gate"), paper: cmd.String("paper"),
				quiet: cmd.Bool("quiet"), verbose: cmd.Bool("verbose"),
			}
			var err error
			if o.formats, err = formats.Parse(cmd.String("format")); err != nil {
				return usagef("--format %v", err)
			}
			if s := cmd.String("min-pass-rate"); s != "" {
				f, err := strconv.ParseFloat(s, 64)
				if err != nil || !(f >= 0 && f <= 1) { // also rejects NaN
					return usagef("--min-pass-rate %q: want a number from 0 to 1, e.g. 0.8", s)
				}
				o.minPassRate = &f
			}
			if !slices.Contains(pdf.Papers(), o.paper) {
				return usagef("--paper %q: want %s", o.paper, strings.Join(pdf.Papers(), " or "))
			}
			if o.failOn != "" && o.failOn.Rank() < 0 {
				return usagef("--fail-on %q: want one of %s", o.failOn, severityList())
			}
			if o.noRegress && o.baseline == "" {
				return usagef("--no-regression needs --baseline PREVIOUS/report.json to compare against")
			}
			return runAssess(o, stdout, stderr)
		},
	}
}

// env names the environment variable every flag also reads: ASSURE_<FLAG>.
func env(name string) cli.ValueSourceChain { return cli.EnvVars("ASSURE_" + name) }

// openEvidence opens the named folder, or the embedded sample when dir is empty.
func openEvidence(dir string, stderr io.Writer, quiet bool) (*evidence.Folder, error) {
	if dir == "" {
		if !quiet {
			fmt.Fprintln(stderr, "assure: no --evidence given: assessing the embedded sample organisation (a fictional 2,000-person company)")
		}
		return evidence.NewFolder(fixtures.Sample(), "sample"), nil
	}
	return evidence.OpenFolder(dir)
}

// loadCatalogue returns the built-in or named catalogue and the profile, which
// the assessment applies once it knows the manifest's SP 800-63B revision.
func loadCatalogue(catPath, profPath string) (*controls.Catalogue, *controls.Profile, error) {
	var cat *controls.Catalogue
	var err error
	if catPath == "" {
		cat, err = controls.Builtin()
	} else {
		cat, err = controls.Load(catPath)
	}
	if err != nil {
		return nil, nil, err
	}
	if profPath == "" {
		return cat, nil, nil
	}
	prof, err := controls.LoadProfile(profPath, cat)
	if err != nil {
		return nil, nil, err
	}
	return cat, prof, nil
}

// reportDate honours SOURCE_DATE_EPOCH (reproducible builds); zero means "the
// end of the assessment period".
func reportDate() (time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH %q: want whole seconds since 1970-01-01 UTC", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

func runAssess(o assessOptions, stdout, stderr io.Writer) error {
	at, err := reportDate()
	if err != nil {
		return err
	}
	// The output folder is opened first: a folder that cannot take the set
	// is refused before any work, and its lock is held until the end, so a
	// second run into it stops here and says so.
	out, err := formats.OpenOut(o.outDir, formats.OutOptions{Command: "assess", Keep: []string{o.evidenceDir}})
	if err != nil {
		return err
	}
	defer out.Close()
	var key ed25519.PrivateKey
	if o.signKey != "" {
		if key, err = readPrivateKey(o.signKey); err != nil {
			return err
		}
	}
	cat, prof, err := loadCatalogue(o.catalogue, o.profile)
	if err != nil {
		return err
	}
	folder, err := openEvidence(o.evidenceDir, stderr, o.quiet)
	if err != nil {
		return err
	}
	defer folder.Close()
	var waivers *controls.Waivers
	if o.waivers != "" {
		if waivers, err = controls.LoadWaivers(o.waivers, cat); err != nil {
			return err
		}
	}
	stop := showProgress(folder, stderr, o.quiet)
	rep, err := assessment.Run(assessment.Options{Folder: folder, Catalogue: cat, Profile: prof, Waivers: waivers, GeneratedAt: at})
	stop()
	if err != nil {
		return err
	}
	if o.baseline != "" {
		prev, raw, err := readReport(o.baseline)
		if err != nil {
			return err
		}
		if prev.Organization != rep.Organization && !o.quiet {
			fmt.Fprintf(stderr, "assure: the baseline report is for %q, this one for %q\n", prev.Organization, rep.Organization)
		}
		rep.Comparison = report.Compare(prev, rep, raw)
	}
	report.ApplyGate(rep, report.GateOptions{MinPassRate: o.minPassRate, FailOn: o.failOn, Off: o.noGate, NoRegression: o.noRegress})
	js, err := report.JSON(rep)
	if err != nil {
		return err
	}
	files, err := formats.Render(rep, js, o.formats, formats.Options{Paper: o.paper}, key)
	if err != nil {
		return err
	}
	written, err := out.Write(files, nil)
	if err != nil {
		return err
	}
	if o.verbose {
		for _, e := range rep.Evidence {
			fmt.Fprintf(stderr, "assure: read %s (%s, %s records, %s outside the periods, sha256 %s)\n",
				redact.Line(e.Path), e.Kind, present.Thousands(e.Records), present.Thousands(e.RecordsOutsidePeriod), e.SHA256[:12])
		}
	}
	printSummary(stdout, rep, written)
	if !rep.Gate.Passed {
		return &gateError{reasons: rep.Gate.Reasons}
	}
	return nil
}

// printSummary writes the one-screen summary: verdict, reasons, counts, pass
// rate, gate and where the reports went. Text that came from the user's
// files (the organisation's name, application names in reasons) is printed
// as one line without control characters (redact.Line), so it cannot move
// the cursor, clear the screen or reorder the line on the terminal.
func printSummary(w io.Writer, r *report.Report, written []string) {
	fmt.Fprintf(w, "%s, %s to %s\n", redact.Line(r.Organization), r.Period.Start, r.Period.End)
	fmt.Fprintf(w, "%s\n", redact.Line(r.Verdict.Statement))
	if b := r.Verdict.BeforeWaivers; b != nil {
		before := "not reached"
		if b.UsableAssurance {
			before = "reached"
		}
		fmt.Fprintf(w, "  (before waivers: %s, pass rate %s; %d of %d waivers active)\n", before,
			present.Format(b.PassRate, "share"), r.Waivers.Active, len(r.Waivers.Entries))
	}
	for _, t := range r.Verdict.Tailored {
		fmt.Fprintf(w, "  tailored by the profile: %s\n", redact.Line(t.Words()))
	}
	for _, reason := range r.Verdict.Reasons {
		if reason.Control != "" {
			fmt.Fprintf(w, "  - %s: %s\n", redact.Line(reason.Control), redact.Line(firstSentence(reason.Text)))
			continue
		}
		fmt.Fprintf(w, "  - %s\n", redact.Line(firstSentence(reason.Text)))
	}
	s := r.Summary
	fmt.Fprintf(w, "Controls: %d: %d pass, %d fail, %d insufficient evidence, %d not applicable\n",
		s.Controls, s.Pass, s.Fail, s.InsufficientEvidence, s.NotApplicable)
	fmt.Fprintf(w, "Pass rate: %s (the verdict needs %s)\n", present.Format(s.PassRate, "share"), present.Format(controls.MinPassRate, present.Share))
	if len(s.Areas) > 0 {
		parts := make([]string, len(s.Areas))
		for i, a := range s.Areas {
			parts[i] = fmt.Sprintf("%s %s (%d of %d)", present.Label(a.Area), present.Format(a.PassRate, present.Share), a.Pass, a.Assessed)
		}
		fmt.Fprintf(w, "Areas the verdict holds to that rate on their own: %s\n", strings.Join(parts, ", "))
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(w, "Missing evidence: %s\n", strings.Join(r.Missing, ", "))
	}
	if c := r.Comparison; c != nil {
		fmt.Fprintf(w, "Since %s to %s: pass rate %s → %s; %d regressed%s, %d improved%s\n", c.Previous.Period.Start, c.Previous.Period.End,
			present.Format(c.PassRate.Previous, "share"), present.Format(c.PassRate.Current, "share"),
			len(c.Regressed), listed(c.Regressed), len(c.Improved), listed(c.Improved))
	}
	gate := "passed"
	if !r.Gate.Passed {
		gate = "failed: " + strings.Join(r.Gate.Reasons, "; ")
	}
	fmt.Fprintf(w, "Gate: %s\n", redact.Line(gate))
	for _, p := range written {
		fmt.Fprintf(w, "Report: %s\n", redact.Line(p))
	}
}

// firstSentence shortens a reason for the terminal; the report keeps it whole.
func firstSentence(s string) string {
	const limit = 220
	if i := strings.Index(s, ". "); i > 0 && i < limit {
		return s[:i+1]
	}
	if len(s) > limit {
		cut := strings.LastIndex(s[:limit], " ")
		if cut < 0 {
			cut = limit
		}
		return s[:cut] + " …"
	}
	return s
}

func listed(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return " (" + strings.Join(ids, ", ") + ")"
}

// readReport reads and validates a saved report.json.
func readReport(path string) (*report.Report, []byte, error) {
	b, err := readBounded(path, report.MaxJSONSize, "report")
	if err != nil {
		return nil, nil, err
	}
	r, err := report.Decode(b)
	if err != nil {
		return nil, nil, inputf("%s: not a report.json of this version: %v", path, err)
	}
	return r, b, nil
}

func plainError(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// severityList lists the severities for messages: "critical, high, medium, low".
func severityList() string {
	var s []string
	for _, sev := range report.Severities() {
		s = append(s, string(sev))
	}
	return strings.Join(s, ", ")
}
