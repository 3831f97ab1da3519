package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
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
		return nil, usagef("cannot read the signing key %s: %v", path, plainError(err))
	}
	k, err := signing.ParsePrivateKey(b)
	if err != nil {
		return nil, usagef("%s: %v", path, err)
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
				return usagef("cannot read %s: %v", path, plainError(err))
			}
			if err := report.WriteFile(filepath.Dir(path), filepath.Base(path)+".sig", signing.Sign(b, priv)); err != nil {
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
		return "", usagef("cannot read the public key %s: %v", pubPath, plainError(err))
	}
	pub, err := signing.ParsePublicKey(pubPEM)
	if err != nil {
		return "", usagef("%s: %v", pubPath, err)
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

// checkEvidence re-hashes every evidence file the report lists and assesses the
// folder again, returning each difference.
func checkEvidence(rep *report.Report, dir, catPath, profPath, waiverPath string, stdout io.Writer) ([]string, error) {
	var problems []string
	hash := func(rel string) (string, error) {
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return "", fmt.Errorf("the report names a path outside the evidence folder")
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]), nil
	}
	files := append([]report.Digest{rep.Inputs.Manifest}, evidenceDigests(rep)...)
	changed := 0
	for _, f := range files {
		got, err := hash(f.Path)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("evidence file %s: %v", f.Path, plainError(err)))
			changed++
		case got != f.SHA256:
			problems = append(problems, fmt.Sprintf("evidence file %s changed: sha256 %s, the report says %s", f.Path, got, f.SHA256))
			changed++
		}
	}
	if changed > 0 {
		return problems, nil // assessing changed evidence again would only repeat the news
	}
	fmt.Fprintf(stdout, "ok: the %d evidence files match the report's digests\n", len(files))

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
	// The run must use the same catalogue, profile and waivers as the report.
	if cat.SHA256 != rep.Catalogue.SHA256 {
		problems = append(problems, fmt.Sprintf("catalogue %q (sha256 %s) is not the one the report used (%s); pass the original with --catalogue", cat.Name, cat.SHA256, rep.Catalogue.SHA256))
	}
	if got, want := digestOf(prof), rep.Inputs.Profile; !sameDigest(got, want) {
		problems = append(problems, fmt.Sprintf("profile %s is not the one the report used (%s); pass the original with --profile", describeDigest(got), describeDigest(want)))
	}
	var wd *report.Digest
	if waivers != nil {
		wd = &report.Digest{Path: waivers.Path, SHA256: waivers.SHA256}
	}
	if !sameDigest(wd, rep.Inputs.Waivers) {
		problems = append(problems, fmt.Sprintf("waivers %s are not the ones the report used (%s); pass the original with --waivers", describeDigest(wd), describeDigest(rep.Inputs.Waivers)))
	}
	if len(problems) > 0 {
		return problems, nil
	}
	folder, err := evidence.OpenFolder(dir)
	if err != nil {
		return nil, err
	}
	defer folder.Close()
	at, err := time.Parse(time.RFC3339, rep.GeneratedAt)
	if err != nil {
		return nil, usagef("the report's generated_at %q is not RFC 3339", rep.GeneratedAt)
	}
	again, err := assessment.Run(assessment.Options{Folder: folder, Catalogue: cat, Profile: prof, Waivers: waivers, GeneratedAt: at})
	if err != nil {
		return nil, err
	}
	// The comparison needs the baseline report, which verify does not have:
	// it is carried over, and the gate is applied again with the rules the
	// report records.
	again.Comparison = rep.Comparison
	report.ApplyGate(again, gateFromRules(rep.Gate.Rules))
	// Paths are as given on the command line; the digests above matched.
	again.Inputs, again.Profile = rep.Inputs, samePaths(again.Profile, rep.Profile)
	if again.Waivers != nil && rep.Waivers != nil {
		again.Waivers.Path = rep.Waivers.Path
	}
	problems = append(problems, sameResults(rep, again)...)
	if len(problems) == 0 {
		fmt.Fprintf(stdout, "ok: assessing the evidence again gives the same verdict, %d control results and %d metrics\n", len(again.Controls), len(again.Metrics))
	}
	return problems, nil
}

func evidenceDigests(rep *report.Report) []report.Digest {
	var out []report.Digest
	seen := map[string]bool{}
	for _, e := range rep.Evidence {
		if !seen[e.Path] { // one file may feed several kinds
			seen[e.Path] = true
			out = append(out, report.Digest{Path: e.Path, SHA256: e.SHA256})
		}
	}
	return out
}

// sameResults lists how a fresh assessment differs from the saved report:
// verdict, counts and controls by name, then any other section of the report
// whose content differs.
func sameResults(saved, again *report.Report) []string {
	var diffs []string
	if saved.Verdict.UsableAssurance != again.Verdict.UsableAssurance {
		diffs = append(diffs, fmt.Sprintf("verdict: the report says usable assurance %v, the evidence gives %v", saved.Verdict.UsableAssurance, again.Verdict.UsableAssurance))
	}
	now := map[string]report.Control{}
	for _, c := range again.Controls {
		now[c.ID] = c
	}
	for _, c := range saved.Controls {
		a, ok := now[c.ID]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("control %s: in the report, not in the new assessment", c.ID))
		case c.Status != a.Status:
			diffs = append(diffs, fmt.Sprintf("control %s: the report says %s, the evidence gives %s", c.ID, c.Status, a.Status))
		case compact(c) != compact(a):
			diffs = append(diffs, fmt.Sprintf("control %s: its checks, finding or mapping differ from the report's", c.ID))
		}
	}
	// Every other section, field by field of the JSON contract.
	var a, b map[string]json.RawMessage
	json.Unmarshal([]byte(compact(saved)), &a)
	json.Unmarshal([]byte(compact(again)), &b)
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if k == "controls" || k == "verdict" && len(diffs) > 0 {
			continue
		}
		if string(a[k]) != string(b[k]) {
			diffs = append(diffs, fmt.Sprintf("%s: differs from what the evidence gives", k))
		}
	}
	return diffs
}

// gateFromRules rebuilds the gate options from the rules a report records, so
// a re-run applies the same gate.
func gateFromRules(rules []string) report.GateOptions {
	var o report.GateOptions
	for _, r := range rules {
		var f float64
		var sev string
		switch {
		case strings.HasPrefix(r, "no gate"):
			o.Off = true
		case strings.HasPrefix(r, "no control may regress"):
			o.NoRegression = true
		default:
			if _, err := fmt.Sscanf(r, "pass rate must be at least %g", &f); err == nil {
				o.MinPassRate = &f
			} else if _, err := fmt.Sscanf(r, "no control of severity %s or above", &sev); err == nil {
				o.FailOn = sev
			}
		}
	}
	return o
}

func digestOf(p *controls.Profile) *report.Digest {
	if p == nil {
		return nil
	}
	return &report.Digest{Path: p.Path, SHA256: p.SHA256}
}

func sameDigest(a, b *report.Digest) bool {
	return (a == nil) == (b == nil) && (a == nil || a.SHA256 == b.SHA256)
}

func describeDigest(d *report.Digest) string {
	if d == nil {
		return "none"
	}
	return fmt.Sprintf("%s (sha256 %s)", d.Path, d.SHA256)
}

// samePaths carries the saved profile path over to the re-run's profile.
func samePaths(again, saved *report.Profile) *report.Profile {
	if again != nil && saved != nil {
		again.Path = saved.Path
	}
	return again
}

// compact renders a value as JSON for comparison; both sides pass through the
// same encoding, so float formatting cannot cause a difference.
func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
