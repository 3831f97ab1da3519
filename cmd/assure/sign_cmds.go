package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/formats"
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

func readPrivateKey(path string) (ed25519.PrivateKey, error) {
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
			b, err := os.ReadFile(path)
			if err != nil {
				return inputf("cannot read %s: %v", path, plainError(err))
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
		Usage:     "check a report's signature and, with --evidence, that the evidence is unchanged and gives the same results",
		ArgsUsage: "REPORT.json",
		Description: "Exit 0 when everything checked holds, 1 naming each file that changed or the signature that fails.\n" +
			"Re-running needs the same catalogue, profile and waivers as the original run: pass them again.",
		OnUsageError: onUsageError,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "pubkey", Usage: "the signer's public key (PEM): checks REPORT.json.sig", Sources: env("PUBKEY")},
			&cli.StringFlag{Name: "signature", Usage: "the signature file", DefaultText: "REPORT.json.sig", Sources: env("SIGNATURE")},
			&cli.StringFlag{Name: "evidence", Usage: "the evidence folder the report was made from: re-hash every file and assess again", Sources: env("EVIDENCE")},
			&cli.StringFlag{Name: "catalogue", Usage: "the catalogue of the original run, if not the built-in one", Sources: env("CATALOGUE")},
			&cli.StringFlag{Name: "profile", Usage: "the profile of the original run", Sources: env("PROFILE")},
			&cli.StringFlag{Name: "waivers", Usage: "the waivers of the original run", Sources: env("WAIVERS")},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usagef("verify takes one report, e.g. assure verify assure-report/report.json --pubkey assure-signing.pub")
			}
			if cmd.String("pubkey") == "" && cmd.String("evidence") == "" {
				return usagef("nothing to verify: give --pubkey to check the signature, --evidence to check the evidence, or both")
			}
			if dir := cmd.String("evidence"); dir != "" {
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					return usagef("--evidence %s: not an evidence folder", dir)
				}
			}
			path := cmd.Args().First()
			rep, raw, err := readReport(path)
			if err != nil {
				return err
			}
			var problems []string
			if pk := cmd.String("pubkey"); pk != "" {
				sigPath := cmd.String("signature")
				if sigPath == "" {
					sigPath = path + ".sig"
				}
				msg, err := checkSignature(raw, sigPath, pk)
				if err != nil {
					return err
				}
				if msg != "" {
					problems = append(problems, msg)
				} else {
					fmt.Fprintf(stdout, "ok: %s is signed and unchanged\n", path)
				}
			}
			if dir := cmd.String("evidence"); dir != "" {
				found, err := checkEvidence(rep, dir, cmd.String("catalogue"), cmd.String("profile"), cmd.String("waivers"), stdout)
				if err != nil {
					return err
				}
				problems = append(problems, found...)
			}
			for _, p := range problems {
				fmt.Fprintf(stdout, "FAILED: %s\n", p)
			}
			if len(problems) > 0 {
				return &verifyError{problems: problems}
			}
			return nil
		},
	}
}

// checkSignature returns what fails about the signature, or "".
func checkSignature(data []byte, sigPath, pubPath string) (string, error) {
	pubPEM, err := os.ReadFile(pubPath)
	if err != nil {
		return "", inputf("cannot read the public key %s: %v", pubPath, plainError(err))
	}
	pub, err := signing.ParsePublicKey(pubPEM)
	if err != nil {
		return "", inputf("%s: %v", pubPath, err)
	}
	sig, err := os.ReadFile(sigPath)
	if err != nil {
		return fmt.Sprintf("signature %s: %v", sigPath, plainError(err)), nil
	}
	if err := signing.Verify(data, sig, pub); err != nil {
		return fmt.Sprintf("signature %s: %v", sigPath, err), nil
	}
	return "", nil
}

// checkEvidence checks the report against its evidence folder, with the
// catalogue, profile and waivers of the original run, and returns each
// difference found.
func checkEvidence(rep *report.Report, dir, catPath, profPath, waiverPath string, stdout io.Writer) ([]string, error) {
	cat, prof, err := loadCatalogue(catPath, profPath)
	if err != nil {
		return nil, err
	}
	var waivers *controls.Waivers
	if waiverPath != "" {
		if waivers, err = controls.LoadWaivers(waiverPath, cat); err != nil {
			return nil, err
		}
	}
	v, err := assessment.Verify(assessment.Recheck{Saved: rep, Dir: dir, Catalogue: cat, Profile: prof, Waivers: waivers})
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, d := range v.Differences {
		problems = append(problems, d.String())
	}
	if len(problems) > 0 {
		return problems, nil
	}
	fmt.Fprintf(stdout, "ok: the %d evidence files match the report's digests\n", v.Files)
	if v.Reassessed {
		fmt.Fprintf(stdout, "ok: assessing the evidence again gives the same verdict, %d control results and %d metrics\n", len(rep.Controls), len(rep.Metrics))
	}
	return nil, nil
}
