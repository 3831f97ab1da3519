package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/pdf"
)

// copySet copies a set's files into a new folder and returns the folder.
func copySet(t *testing.T, from string, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(from, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestVerifyAttacks reproduces each way a report could be passed off as
// verified, in miniature. The comment of each case says what verify did
// before.
func TestVerifyAttacks(t *testing.T) {
	t.Parallel()
	keys, evil := t.TempDir(), t.TempDir()
	for _, k := range []string{keys, evil} {
		if code, _, stderr := runCLI(t, nil, "keygen", "--out", k); code != 0 {
			t.Fatalf("keygen: %s", stderr)
		}
	}
	priv, pub := filepath.Join(keys, "assure-signing.key"), filepath.Join(keys, "assure-signing.pub")
	evidenceDir := copyWithout(t, oracleFixture("reached"), "none")
	set := t.TempDir()
	if code, _, stderr := runCLI(t, nil, "assess", "--evidence", evidenceDir, "--out", set, "--sign-key", priv, "-q"); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	js, err := os.ReadFile(filepath.Join(set, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	verify := func(t *testing.T, args ...string) (int, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, nil, append([]string{"verify"}, args...)...)
		return code, stdout + stderr
	}
	expect := func(t *testing.T, code int, out string, wantCode int, wants ...string) {
		t.Helper()
		if code != wantCode {
			t.Errorf("exit %d, want %d\n%s", code, wantCode, out)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
	}

	// Before: `verify report.json` alone was a usage error, and with
	// --evidence alone the signature beside the report was never read.
	t.Run("without --pubkey", func(t *testing.T) {
		t.Parallel()
		code, out := verify(t, filepath.Join(set, "report.json"))
		expect(t, code, out, 1, "checked only self-consistency", "not who signed", "nobody vouched for")
		code, out = verify(t, filepath.Join(set, "report.json"), "--allow-unsigned")
		expect(t, code, out, 0, "checked only self-consistency", "by the key it names")
	})
	// Before: an unsigned report verified against its evidence exited 0.
	t.Run("unsigned", func(t *testing.T) {
		t.Parallel()
		dir := copySet(t, set, "report.json")
		code, out := verify(t, filepath.Join(dir, "report.json"), "--evidence", evidenceDir)
		expect(t, code, out, 1, "is not signed", "--allow-unsigned")
		code, out = verify(t, filepath.Join(dir, "report.json"), "--evidence", evidenceDir, "--allow-unsigned")
		expect(t, code, out, 0, "is not signed (--allow-unsigned)", "gives the same report")
	})
	// Before: an edited date, signed again with a key of the forger's own,
	// verified against the evidence exited 0 (generated_at was the date the
	// evidence was assessed again with, and the signature was not read).
	t.Run("self-signed", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		path := filepath.Join(dir, "report.json")
		edited := strings.Replace(string(js), `"generated_at": "2026-09-30T23:59:59Z"`, `"generated_at": "2027-01-15T10:00:00Z"`, 1)
		if edited == string(js) {
			t.Fatal("no generated_at to edit")
		}
		os.WriteFile(path, []byte(edited), 0o644)
		if code, _, stderr := runCLI(t, nil, "sign", path, "--key", filepath.Join(evil, "assure-signing.key")); code != 0 {
			t.Fatalf("sign: %s", stderr)
		}
		code, out := verify(t, path, "--evidence", evidenceDir)
		expect(t, code, out, 1, "nobody vouched for", "generated_at: the report says 2027-01-15T10:00:00Z")
		code, out = verify(t, path, "--pubkey", pub)
		expect(t, code, out, 1, "not with the given key")
	})
	// An edited report.json beside its genuine signature: the signature is
	// never ignored, --allow-unsigned or not.
	t.Run("edited report with a valid-looking signature", func(t *testing.T) {
		t.Parallel()
		dir := copySet(t, set, "report.json.sig")
		path := filepath.Join(dir, "report.json")
		os.WriteFile(path, []byte(strings.Replace(string(js), `"passed": true`, `"passed": false`, 1)), 0o644)
		for _, args := range [][]string{{"--allow-unsigned"}, {"--pubkey", pub}} {
			code, out := verify(t, append([]string{path}, args...)...)
			expect(t, code, out, 1, "changed after it was signed")
		}
		// A signature given elsewhere does not hide the one beside.
		good := filepath.Join(t.TempDir(), "good.sig")
		runCLI(t, nil, "sign", path, "--key", priv)
		b, _ := os.ReadFile(path + ".sig")
		os.WriteFile(good, b, 0o644)
		os.WriteFile(path+".sig", []byte("assure-signature-v2\nkey: x\n"), 0o644)
		code, out := verify(t, path, "--pubkey", pub, "--signature", good)
		expect(t, code, out, 1, "signature "+path+".sig")
	})
	// Before: `verify report.json --pubkey` exited 0 with another
	// organisation's PDF beside it; the PDF was never looked at.
	t.Run("a PDF from another run beside a signed JSON", func(t *testing.T) {
		t.Parallel()
		other := t.TempDir()
		if code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("thin"), "--out", other, "-q"); code == 2 || code == 3 {
			t.Fatalf("assess: %s", stderr)
		}
		dir := copySet(t, set, "report.json", "report.json.sig")
		b, _ := os.ReadFile(filepath.Join(other, "report.pdf"))
		os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o644)
		code, out := verify(t, filepath.Join(dir, "report.json"), "--pubkey", pub)
		expect(t, code, out, 1, "report.pdf beside it: it carries another report.json")
		code, out = verify(t, filepath.Join(dir, "report.pdf"), "--pubkey", pub)
		expect(t, code, out, 1, "changed after it was signed")
	})
	t.Run("a PDF whose pages come from another report", func(t *testing.T) {
		t.Parallel()
		thin, err := report.Decode(assessOnce(t, oracleFixture("thin")).report)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := report.Decode(js)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(js)
		sig, _ := os.ReadFile(filepath.Join(set, "report.json.sig"))
		fp := strings.TrimPrefix(strings.Split(string(sig), "\n")[1], "key: ")
		for _, c := range []struct {
			name string
			from *report.Report
			key  string
			want string
		}{
			{"pages of another report", thin, fp, "its pages are not the ones rendered from the report.json it carries"},
			{"a cover naming another key", mine, "SHA256:forged", "its cover says the report was signed with key SHA256:forged"},
		} {
			b, err := pdf.Render(c.from, pdf.Options{JSON: js, JSONSHA256: hex.EncodeToString(sum[:]), SigningKey: c.key})
			if err != nil {
				t.Fatal(err)
			}
			dir := copySet(t, set, "report.json.sig")
			os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o644)
			code, out := verify(t, filepath.Join(dir, "report.pdf"), "--pubkey", pub)
			expect(t, code, out, 1, c.want)
		}
		code, out := verify(t, filepath.Join(set, "report.pdf"), "--pubkey", pub, "--evidence", evidenceDir)
		expect(t, code, out, 0, "were rendered from the report.json it carries", "signed by the key given with --pubkey", "gives the same report")
	})
	// Before, the digest was refused with the system's words ("openat
	// population.csv: path escapes from parent"); now as assess refuses it.
	t.Run("evidence with a symlink out of the folder", func(t *testing.T) {
		t.Parallel()
		dir := copyWithout(t, evidenceDir, "none")
		outside := filepath.Join(t.TempDir(), "population.csv")
		b, _ := os.ReadFile(filepath.Join(dir, "population.csv"))
		os.WriteFile(outside, b, 0o644) // the same bytes: only the place is wrong
		os.Remove(filepath.Join(dir, "population.csv"))
		if err := os.Symlink(outside, filepath.Join(dir, "population.csv")); err != nil {
			t.Skip("no symlinks:", err)
		}
		code, out := verify(t, filepath.Join(set, "report.json"), "--pubkey", pub, "--evidence", dir)
		expect(t, code, out, 1, "evidence file population.csv", "symlink that leads outside the evidence folder")
	})
	// Before: any readable key was used, 0644 included.
	t.Run("a private key others may read", func(t *testing.T) {
		t.Parallel()
		if runtime.GOOS == "windows" {
			t.Skip("no mode bits")
		}
		loose := filepath.Join(t.TempDir(), "loose.key")
		b, _ := os.ReadFile(priv)
		os.WriteFile(loose, b, 0o644)
		os.Chmod(loose, 0o644)
		dir := copySet(t, set, "report.json")
		code, _, stderr := runCLI(t, nil, "sign", filepath.Join(dir, "report.json"), "--key", loose)
		expect(t, code, stderr, 2, "may be read by others (mode 0644)", "chmod 600 "+loose)
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr = runCLI(t, nil, "assess", "--evidence", oracleFixture("thin"), "--out", out, "--sign-key", loose, "-q")
		expect(t, code, stderr, 2, "chmod 600")
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("a refused key still wrote reports")
		}
	})
	// Before: the report and its signature were read whole, whatever
	// their size, and a named pipe blocked verify for ever.
	t.Run("size and kind limits", func(t *testing.T) {
		t.Parallel()
		dir := copySet(t, set, "report.json")
		os.WriteFile(filepath.Join(dir, "report.json.sig"), make([]byte, 5000), 0o644)
		code, out := verify(t, filepath.Join(dir, "report.json"), "--pubkey", pub)
		expect(t, code, out, 2, "larger than 4 KiB")
		if runtime.GOOS == "windows" {
			return
		}
		pipe := filepath.Join(t.TempDir(), "report.json")
		if err := syscall.Mkfifo(pipe, 0o644); err != nil {
			t.Skip(err)
		}
		code, out = verify(t, pipe, "--pubkey", pub)
		expect(t, code, out, 2, "is not a regular file (a named pipe)")
	})
}

// verify --evidence derives the comparison again from --baseline; before, it
// copied the report's own comparison and checked nothing of it.
func TestVerifyBaseline(t *testing.T) {
	t.Parallel()
	q2, q3 := t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("quarters/q2"), "--out", q2, "--format", "json", "-q"); code == 2 || code == 3 {
		t.Fatalf("assess q2: %s", stderr)
	}
	baseline := filepath.Join(q2, "report.json")
	if code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("quarters/q3"), "--baseline", baseline, "--out", q3, "--format", "json", "-q"); code == 2 || code == 3 {
		t.Fatalf("assess q3: %s", stderr)
	}
	rep := filepath.Join(q3, "report.json")
	code, stdout, _ := runCLI(t, nil, "verify", rep, "--allow-unsigned", "--evidence", oracleFixture("quarters/q3"))
	if code != 1 || !strings.Contains(stdout, "comparison: not checked") || !strings.Contains(stdout, "pass it with --baseline") {
		t.Errorf("without its baseline: exit %d\n%s", code, stdout)
	}
	code, stdout, stderr := runCLI(t, nil, "verify", rep, "--allow-unsigned", "--evidence", oracleFixture("quarters/q3"), "--baseline", baseline)
	if code != 0 {
		t.Errorf("with its baseline: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "verify", rep, "--baseline", baseline); code != 2 || !strings.Contains(stderr, "give --evidence too") {
		t.Errorf("--baseline without --evidence: exit %d, %s", code, stderr)
	}
}
