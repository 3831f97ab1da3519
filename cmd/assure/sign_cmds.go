package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/formats"
	"github.com/assure-dev/assure/report/pdf"
	"github.com/assure-dev/assure/signing"
	"github.com/urfave/cli/v3"
)

// verifyError means verification ran and found something that does not hold.
type verifyError struct{ problems []string }

func (e *verifyError) Error() string { return strings.Join(e.problems, "; ") }

func newKeygen(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "keygen",
		Usage:        "write an Ed25519 key pair for signing reports (private key 0600, PKCS#8 PEM; public key PKIX PEM)",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: ".", Usage: "folder the keys are written to", Sources: env("KEY_OUT")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			priv, pub, err := signing.WriteKeyPair(cmd.String("out"))
			if err != nil {
				return usagef("%v", err)
			}
			fmt.Fprintf(stdout, "private key: %s (keep it secret)\npublic key:  %s (give it to auditors)\n", priv, pub)
			return nil
		},
	}
}

// readPrivateKey reads the signing key. A key that group or others may read
// is refused, as ssh refuses one: whoever can read it can sign reports in
// the organisation's name, so it must be the owner's alone. Windows keeps
// no such mode bits.
func readPrivateKey(path string) (ed25519.PrivateKey, error) {
	if fi, err := os.Stat(path); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, inputf("the signing key %s may be read by others (mode %04o); a private key must be readable by its owner only: run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, inputf("cannot read the signing key %s: %v", path, plainError(err))
	}
	k, err := signing.ParsePrivateKey(b)
	if err != nil {
		return nil, inputf("%s: %v", path, err)
	}
	return k, nil
}

func newSign(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:         "sign",
		Usage:        "write a detached signature REPORT.json.sig over the exact bytes of a report",
		ArgsUsage:    "REPORT.json",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "key", Usage: "the Ed25519 private key (PEM) from assure keygen", Sources: env("SIGN_KEY")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 || cmd.String("key") == "" {
				return usagef("sign takes one report and --key, e.g. assure sign assure-report/report.json --key assure-signing.key")
			}
			priv, err := readPrivateKey(cmd.String("key"))
			if err != nil {
				return err
			}
			path := cmd.Args().First()
			// The report's folder is locked while the report is read and
			// its signature written beside it: a run swapping a new set into
			// the folder in between would put this signature beside
			// another report.
			release, err := formats.LockFolder(filepath.Dir(path), "sign")
			if err != nil {
				return err
			}
			defer release()
			b, err := readBounded(path, report.MaxJSONSize, "report")
			if err != nil {
				return err
			}
			if err := formats.WriteFile(filepath.Dir(path), filepath.Base(path)+".sig", signing.Sign(b, priv)); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Signature: %s.sig (key %s)\n", path, signing.Fingerprint(priv.Public().(ed25519.PublicKey)))
			return nil
		},
	}
}

func newVerify(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check a report (report.json or report.pdf): its signature, the files of its set and, with --evidence, that the evidence gives the same results",
		ArgsUsage: "REPORT.json|REPORT.pdf",
		Description: "Exit 0 when everything checked holds, 1 naming each file that changed or the signature that fails.\n" +
			"Without --pubkey only self-consistency is checked, not who signed, and a report that is unsigned or\n" +
			"signed only by the key it names fails unless --allow-unsigned is given.\n" +
			"Re-running needs the same catalogue, profile, waivers and baseline as the original run: pass them again.",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "pubkey", Usage: "the signer's public key (PEM): the signature must be by it", Sources: env("PUBKEY")},
			&cli.StringFlag{Name: "signature", Usage: "a signature file to check as well as REPORT.sig beside the report", Sources: env("SIGNATURE")},
			&cli.BoolFlag{Name: "allow-unsigned", Usage: "accept a report without a signature, or signed by a key nobody vouched for (no --pubkey): check only its consistency", Sources: env("ALLOW_UNSIGNED")},
			&cli.StringFlag{Name: "evidence", Usage: "the evidence folder the report was made from: re-hash every file and assess again", Sources: env("EVIDENCE")},
			&cli.StringFlag{Name: "catalogue", Usage: "the catalogue of the original run, if not the built-in one", Sources: env("CATALOGUE")},
			&cli.StringFlag{Name: "profile", Usage: "the profile of the original run", Sources: env("PROFILE")},
			&cli.StringFlag{Name: "waivers", Usage: "the waivers of the original run", Sources: env("WAIVERS")},
			&cli.StringFlag{Name: "baseline", Usage: "the baseline report.json of the original run: its comparison is derived again", Sources: env("BASELINE")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usagef("verify takes one report, e.g. assure verify assure-report/report.json --pubkey assure-signing.pub")
			}
			if dir := cmd.String("evidence"); dir != "" {
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					return usagef("--evidence %s: not an evidence folder", dir)
				}
			} else if cmd.String("baseline") != "" {
				return usagef("--baseline is compared with the evidence: give --evidence too")
			}
			v := &verification{path: cmd.Args().First(), allowUnsigned: cmd.Bool("allow-unsigned"), stdout: stdout}
			if err := v.read(); err != nil {
				return err
			}
			if err := v.signatures(cmd.String("pubkey"), cmd.String("signature")); err != nil {
				return err
			}
			if err := v.set(); err != nil {
				return err
			}
			if dir := cmd.String("evidence"); dir != "" {
				if err := v.evidence(dir, cmd.String("catalogue"), cmd.String("profile"), cmd.String("waivers"), cmd.String("baseline")); err != nil {
					return err
				}
			}
			if cmd.String("pubkey") == "" {
				fmt.Fprintln(stdout, "note: no --pubkey was given, so this checked only self-consistency (the files agree with each other, and a signature with the key it names), not who signed")
			}
			for _, p := range v.problems {
				fmt.Fprintf(stdout, "FAILED: %s\n", p)
			}
			if len(v.problems) > 0 {
				return &verifyError{problems: v.problems}
			}
			return nil
		},
	}
}

// verification is one run of verify: the report given, what it carries,
// and what was found not to hold.
type verification struct {
	path          string // the report.json or report.pdf given
	pdf           bool
	data          []byte // its bytes
	js            []byte // the report.json bytes: data, or what the PDF carries
	rep           *report.Report
	cover         string // the signing key the PDF's cover names, if a PDF
	allowUnsigned bool
	keys          []string // fingerprints of the signatures found
	stdout        io.Writer
	problems      []string
}

// read reads the report, or the PDF and the report.json it carries, with
// their size limits, and checks that a PDF's pages were rendered from it.
func (v *verification) read() error {
	limit, what := int64(report.MaxJSONSize), "report"
	if v.pdf = startsWith(v.path, []byte("%PDF-")); v.pdf {
		limit, what = pdf.MaxSize, "PDF"
	}
	b, err := readBounded(v.path, limit, what)
	if err != nil {
		return err
	}
	v.data, v.js = b, b
	if v.pdf {
		twin, o, err := formats.PDFTwin(b)
		if err != nil {
			return inputf("%s: %v", v.path, err)
		}
		v.js, v.cover = twin, o.SigningKey
	}
	if v.rep, err = report.Decode(v.js); err != nil {
		what := v.path
		if v.pdf {
			what += " (the report.json it carries)"
		}
		return inputf("%s: not a report.json of this version: %v", what, err)
	}
	if v.pdf {
		if err := formats.Check("report.pdf", v.data, v.rep, v.js); err != nil {
			v.fail("%s: %v%s", v.path, err, v.versionNote())
		} else {
			fmt.Fprintf(v.stdout, "ok: the pages of %s were rendered from the report.json it carries\n", v.path)
		}
	}
	return nil
}

// versionNote explains a rendering that differs when another version of
// assure wrote the report.
func (v *verification) versionNote() string {
	if v.rep.Tool.Version == report.Version {
		return ""
	}
	return fmt.Sprintf(" (the report was written by assure %s, this is %s: render it with that version to compare)", v.rep.Tool.Version, report.Version)
}

func (v *verification) fail(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// signatures checks every signature of the report: the one given with
// --signature, the one beside the report and, for a PDF, its set's
// report.json.sig; none is ignored. With --pubkey each must be by that key;
// without, each is checked against the key it carries, which shows only
// that the report is what was signed, and the report is refused as
// self-signed unless --allow-unsigned.
func (v *verification) signatures(pubPath, given string) error {
	var pub ed25519.PublicKey
	if pubPath != "" {
		pubPEM, err := os.ReadFile(pubPath)
		if err != nil {
			return inputf("cannot read the public key %s: %v", pubPath, plainError(err))
		}
		if pub, err = signing.ParsePublicKey(pubPEM); err != nil {
			return inputf("%s: %v", pubPath, err)
		}
	}
	var paths []string
	if given != "" {
		if _, err := os.Stat(given); err != nil {
			return inputf("cannot read the signature %s: %v", given, plainError(err))
		}
		paths = append(paths, given)
	}
	beside := []string{v.path + ".sig"}
	if v.pdf {
		beside = append(beside, filepath.Join(filepath.Dir(v.path), formats.SignatureFile))
	}
	for _, p := range beside {
		if _, err := os.Lstat(p); err == nil && !slices.ContainsFunc(paths, func(q string) bool { return sameFile(p, q) }) {
			paths = append(paths, p)
		}
	}
	selfSigned := false
	for _, p := range paths {
		b, err := readBounded(p, signing.MaxSignatureSize, "signature")
		if err != nil {
			return err
		}
		s, err := signing.ParseSignature(b)
		if err != nil {
			v.fail("signature %s: %v", p, err)
			continue
		}
		v.keys = append(v.keys, s.Key)
		switch {
		case pub != nil:
			if err := signing.Verify(v.js, b, pub); err != nil {
				v.fail("signature %s: %v", p, err)
				continue
			}
			fmt.Fprintf(v.stdout, "ok: %s is signed by the key given with --pubkey (%s) and unchanged since\n", v.path, s.Key)
		case errors.Is(s.SelfCheck(v.js), signing.ErrNoPublicKey):
			selfSigned = true
			fmt.Fprintf(v.stdout, "note: signature %s: %v\n", p, signing.ErrNoPublicKey)
		default:
			if err := s.SelfCheck(v.js); err != nil {
				v.fail("signature %s: %v", p, err)
				continue
			}
			selfSigned = true
			fmt.Fprintf(v.stdout, "ok: %s matches its signature %s by the key it names, %s (which says nothing of who holds that key)\n", v.path, p, s.Key)
		}
	}
	switch {
	case len(paths) == 0 && v.allowUnsigned:
		fmt.Fprintf(v.stdout, "note: %s is not signed (--allow-unsigned)\n", v.path)
	case len(paths) == 0:
		v.fail("%s is not signed (no %s beside it): sign it with assure sign --key, or pass --allow-unsigned to check only its consistency", v.path, filepath.Base(v.path)+".sig")
	case selfSigned && !v.allowUnsigned:
		v.fail("%s is signed by a key nobody vouched for: without --pubkey a signature shows only that the report is what was signed, and anyone can sign with a key of their own; pass --pubkey with the signer's public key, or --allow-unsigned to accept it", v.path)
	}
	if v.pdf && v.cover != "" {
		claimed, _, _ := strings.Cut(v.cover, " ")
		if !slices.Contains(v.keys, claimed) {
			v.fail("%s: its cover says the report was signed with key %s, and no signature checked here is by that key", v.path, claimed)
		}
	}
	return nil
}

// set checks the other files of the report's set, the known report files
// beside it: each must be what this report.json renders to, so that a file
// from another run beside a signed report is found out.
func (v *verification) set() error {
	dir := filepath.Dir(v.path)
	checked := 0
	for _, name := range formats.Names() {
		f, _ := formats.Lookup(name)
		p := filepath.Join(dir, f.File)
		if fi, err := os.Lstat(p); err != nil || sameFile(p, v.path) || fi.IsDir() {
			continue
		}
		limit := int64(report.MaxJSONSize)
		if f.Name == "pdf" {
			limit = pdf.MaxSize
		}
		b, err := readBounded(p, limit, f.File)
		if err != nil {
			return err
		}
		if err := formats.Check(f.File, b, v.rep, v.js); err != nil {
			v.fail("%s beside it: %v%s", p, err, v.versionNote())
			continue
		}
		if f.Name == "pdf" {
			if _, o, err := formats.PDFTwin(b); err == nil && o.SigningKey != "" {
				if claimed, _, _ := strings.Cut(o.SigningKey, " "); !slices.Contains(v.keys, claimed) {
					v.fail("%s beside it: its cover says the report was signed with key %s, and no signature checked here is by that key", p, claimed)
					continue
				}
			}
		}
		checked++
	}
	switch {
	case checked == 1:
		fmt.Fprintln(v.stdout, "ok: the other report file beside it was rendered from this report.json")
	case checked > 1:
		fmt.Fprintf(v.stdout, "ok: the %d other report files beside it were rendered from this report.json\n", checked)
	}
	return nil
}

// evidence checks the report against its evidence folder, with the
// catalogue, profile, waivers and baseline of the original run and the
// report date of this one.
func (v *verification) evidence(dir, catPath, profPath, waiverPath, baselinePath string) error {
	cat, prof, err := loadCatalogue(catPath, profPath)
	if err != nil {
		return err
	}
	var waivers *controls.Waivers
	if waiverPath != "" {
		if waivers, err = controls.LoadWaivers(waiverPath, cat); err != nil {
			return err
		}
	}
	at, err := reportDate()
	if err != nil {
		return err
	}
	rc := assessment.Recheck{Saved: v.rep, Dir: dir, Catalogue: cat, Profile: prof, Waivers: waivers, GeneratedAt: at}
	if baselinePath != "" {
		if rc.Baseline, rc.BaselineJSON, err = readReport(baselinePath); err != nil {
			return err
		}
	}
	res, err := assessment.Verify(rc)
	if err != nil {
		return err
	}
	for _, d := range res.Differences {
		v.fail("%s", d.String())
	}
	if len(res.Differences) > 0 {
		return nil
	}
	fmt.Fprintf(v.stdout, "ok: the %d evidence files match the report's digests\n", res.Files)
	if res.Reassessed {
		fmt.Fprintf(v.stdout, "ok: assessing the evidence again gives the same report: verdict, %d control results, %d metrics, every other section and the date (%s)\n", len(v.rep.Controls), len(v.rep.Metrics), v.rep.GeneratedAt)
	}
	if len(res.AsRecorded) > 0 {
		fmt.Fprintf(v.stdout, "note: taken as the report records them, the original run's own inputs (only a signature vouches for them): %s\n", strings.Join(res.AsRecorded, ", "))
	}
	return nil
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(fa, fb)
}
