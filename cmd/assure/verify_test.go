package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSignAndVerify signs a report while assessing, then shows that verify
// holds on untouched files and catches a changed evidence byte, a changed report
// byte and a wrong key.
func TestSignAndVerify(t *testing.T) {
	t.Parallel()
	keys := t.TempDir()
	if code, _, stderr := runCLI(t, nil, "keygen", "--out", keys); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	priv, pub := filepath.Join(keys, "assure-signing.key"), filepath.Join(keys, "assure-signing.pub")
	if fi, err := os.Stat(priv); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key: %v, mode %v", err, fi.Mode())
	}
	evidenceDir := copyWithout(t, oracleFixture("reached"), "none")
	out := t.TempDir()
	if code, _, stderr := runCLI(t, nil, "assess", "--evidence", evidenceDir, "--out", out, "--format", "json", "--sign-key", priv); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	rep := filepath.Join(out, "report.json")
	code, stdout, stderr := runCLI(t, nil, "verify", rep, "--pubkey", pub, "--evidence", evidenceDir)
	if code != 0 {
		t.Fatalf("verify of untouched files: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"is signed by the key given with --pubkey", "evidence files match", "gives the same report"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("verify output lacks %q:\n%s", want, stdout)
		}
	}

	t.Run("changed evidence byte", func(t *testing.T) {
		t.Parallel()
		dir := copyWithout(t, evidenceDir, "none")
		path := filepath.Join(dir, "policies.json")
		b, _ := os.ReadFile(path)
		b[len(b)/2] ^= 0x20
		os.WriteFile(path, b, 0o644)
		code, stdout, _ := runCLI(t, nil, "verify", rep, "--evidence", dir)
		if code != 1 || !strings.Contains(stdout, "evidence file policies.json changed") {
			t.Errorf("exit %d, output:\n%s", code, stdout)
		}
	})
	t.Run("changed report byte", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		b, _ := os.ReadFile(rep)
		i := strings.Index(string(b), `"pass_rate": `) + len(`"pass_rate": 0.`)
		b[i] = '1'
		sig, _ := os.ReadFile(rep + ".sig")
		os.WriteFile(filepath.Join(dir, "report.json"), b, 0o644)
		os.WriteFile(filepath.Join(dir, "report.json.sig"), sig, 0o644)
		code, stdout, _ := runCLI(t, nil, "verify", filepath.Join(dir, "report.json"), "--pubkey", pub)
		if code != 1 || !strings.Contains(stdout, "changed after it was signed") {
			t.Errorf("exit %d, output:\n%s", code, stdout)
		}
	})
	t.Run("edited report, evidence unchanged", func(t *testing.T) {
		t.Parallel()
		b, _ := os.ReadFile(rep)
		for _, edit := range []struct{ from, to, want string }{
			{`"organization": "Zürich Städtische Werke"`, `"organization": "Someone Else"`, "organization: differs"},
			{`"passed": true`, `"passed": false`, "gate: differs"},
			{`"severity": "critical"`, `"severity": "low"`, "its checks, finding or mapping differ"},
		} {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			os.WriteFile(path, []byte(strings.Replace(string(b), edit.from, edit.to, 1)), 0o644)
			code, stdout, stderr := runCLI(t, nil, "verify", path, "--evidence", evidenceDir)
			if code != 1 || !strings.Contains(stdout, edit.want) {
				t.Errorf("%s → %s: exit %d, output:\n%s%s", edit.from, edit.to, code, stdout, stderr)
			}
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		t.Parallel()
		other := t.TempDir()
		runCLI(t, nil, "keygen", "--out", other)
		code, stdout, _ := runCLI(t, nil, "verify", rep, "--pubkey", filepath.Join(other, "assure-signing.pub"))
		if code != 1 || !strings.Contains(stdout, "not with the given key") {
			t.Errorf("exit %d, output:\n%s", code, stdout)
		}
	})
	t.Run("sign afterwards gives the same signature", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		b, _ := os.ReadFile(rep)
		copyPath := filepath.Join(dir, "report.json")
		os.WriteFile(copyPath, b, 0o644)
		if code, _, stderr := runCLI(t, nil, "sign", copyPath, "--key", priv); code != 0 {
			t.Fatalf("sign: %s", stderr)
		}
		a, _ := os.ReadFile(rep + ".sig")
		c, _ := os.ReadFile(copyPath + ".sig")
		if string(a) != string(c) {
			t.Error("signing the same bytes twice gave different files")
		}
	})
}
