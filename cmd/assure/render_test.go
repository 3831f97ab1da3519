package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report/formats"
)

// `assure render` re-renders every format from a saved report.json to the
// bytes `assure assess` wrote: renderers are functions of the report alone.
func TestRenderMatchesAssess(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1790000000"}
	assessed := t.TempDir()
	all := strings.Join(formats.Names(), ",")
	if code, _, stderr := runCLI(t, env, "assess", "--evidence", oracleFixture("quarters/q3"), "--out", assessed, "--format", all, "-q"); code != 1 {
		t.Fatalf("assess exit %d: %s", code, stderr)
	}
	rendered := t.TempDir()
	code, stdout, stderr := runCLI(t, env, "render", filepath.Join(assessed, "report.json"), "--format", "markdown,csv,junit,oscal,pdf", "--out", rendered)
	if code != 0 {
		t.Fatalf("render exit %d: %s", code, stderr)
	}
	for _, name := range []string{"summary.md", "risk-register.csv", "junit.xml", "assessment-results.json", "report.pdf"} {
		a, err := os.ReadFile(filepath.Join(assessed, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(rendered, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s rendered from report.json differs from the one assess wrote", name)
		}
		if !strings.Contains(stdout, filepath.Join(rendered, name)) {
			t.Errorf("render does not say it wrote %s:\n%s", name, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(rendered, "report.json")); err == nil {
		t.Error("render wrote report.json although it was not asked for")
	}
	if code, _, stderr := runCLI(t, nil, "render", filepath.Join(assessed, "report.json"), "--format", "docx", "--out", rendered); code != 2 || !strings.Contains(stderr, `"docx": unknown format`) {
		t.Errorf("an unknown format: exit %d, %s", code, stderr)
	}
}

// An output folder that cannot be written is the user's mistake: exit 2,
// naming the path, nothing else written, never "internal error".
func TestUnwritableOutIsExit2(t *testing.T) {
	t.Parallel()
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	outs := []string{filepath.Join(blocker, "reports")}
	if runtime.GOOS == "linux" {
		outs = append(outs, "/proc/x")
	}
	if os.Geteuid() != 0 { // root writes into read-only folders
		ro := filepath.Join(t.TempDir(), "read-only")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, ro)
	}
	for _, out := range outs {
		code, _, stderr := runCLI(t, nil, "assess", "--out", out, "-q")
		if code != 2 || !strings.Contains(stderr, out) || strings.Contains(stderr, "internal error") {
			t.Errorf("--out %s: exit %d, stderr %q; want exit 2 naming the path", out, code, stderr)
		}
	}
	for _, out := range outs {
		if out == "/proc/x" || strings.HasSuffix(out, "reports") {
			if code, _, stderr := runCLI(t, nil, "init", out); code != 2 || !strings.Contains(stderr, out) {
				t.Errorf("init %s: exit %d, stderr %q; want exit 2 naming the path", out, code, stderr)
			}
		}
	}
	if code, _, stderr := runCLI(t, nil, "assess", "--sign-key", filepath.Join(t.TempDir(), "no-such.key"), "--out", t.TempDir(), "-q"); code != 2 || !strings.Contains(stderr, "no-such.key") {
		t.Errorf("a missing key file: exit %d, %q", code, stderr)
	}
}

// Every command's help ends with its exit status, and -v means --verbose
// wherever it is accepted, never the version.
func TestHelpEndsWithExitStatus(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"assess", "validate", "controls", "schema", "init", "render", "diff", "keygen", "sign", "verify"} {
		code, stdout, _ := runCLI(t, nil, cmd, "--help")
		i := strings.LastIndex(stdout, "EXIT STATUS:")
		if code != 0 || i < 0 || strings.Contains(stdout[i:], "OPTIONS") || !strings.Contains(stdout[i:], "2  ") {
			t.Errorf("%s --help: exit %d, exit status section %q", cmd, code, stdout[max(i, 0):])
		}
	}
	if code, stdout, _ := runCLI(t, nil, "--help"); code != 0 || !strings.Contains(stdout, "EXIT STATUS:") || strings.Contains(stdout, "--version, -v") {
		t.Errorf("assure --help: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := runCLI(t, nil, "--version"); code != 0 || strings.TrimSpace(stdout) == "" {
		t.Errorf("--version: exit %d, %q", code, stdout)
	}
	if code, _, stderr := runCLI(t, nil, "-v"); code != 2 {
		t.Errorf("-v alone must not print the version: exit %d, %q", code, stderr)
	}
}
