package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// badDir holds one evidence folder per kind of broken input. Each case folder
// has an evidence.toml and the files it names, an `expect` file (line 1: the
// "file:line" the message must name; line 2, optional: a word it must contain)
// and, when the case needs extra flags, an `args` file whose non-flag words are
// paths relative to the case folder.
const badDir = "../../fixtures/bad"

// badCases are the cases the fixtures must at least hold.
var badCases = []string{
	"csv-bad-quoting", "csv-missing-column", "csv-unknown-column", "bad-enum", "bad-date",
	"invalid-json-line", "schema-deep", "manifest-unknown-key", "unknown-kind", "path-escape",
	"symlink-out", "corrupt-gzip", "long-line", "catalogue-duplicate-id", "catalogue-unknown-metric",
	"profile-unknown-control", "vendor-intune-zip", "csv-utf16", "csv-semicolon", "personal-value",
	"out-inside-evidence", "out-is-evidence",
}

type badCase struct {
	name     string
	dir      string
	args     []string // extra assess flags, paths resolved against dir
	fileLine string
	word     string
}

func loadBadCases(t *testing.T) []badCase {
	t.Helper()
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []badCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(badDir, e.Name())
		c := badCase{name: e.Name(), dir: dir}
		expect, err := os.ReadFile(filepath.Join(dir, "expect"))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		lines := strings.Split(strings.TrimSpace(string(expect)), "\n")
		c.fileLine = strings.TrimSpace(lines[0])
		if len(lines) > 1 {
			c.word = strings.TrimSpace(lines[1])
		}
		if c.fileLine == "" {
			t.Fatalf("%s: expect names no file:line", e.Name())
		}
		if args, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
			for _, a := range strings.Fields(string(args)) {
				if !strings.HasPrefix(a, "-") {
					a = filepath.Join(dir, a)
				}
				c.args = append(c.args, a)
			}
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	var names []string
	for _, c := range cases {
		names = append(names, c.name)
	}
	for _, want := range badCases {
		if !slices.Contains(names, want) {
			t.Errorf("fixtures/bad has no case %q", want)
		}
	}
	return cases
}

// saysWhatWasExpected reports whether a message states the expectation it broke.
// "is not one of" is the schema's wording for an enumeration, which lists the
// allowed values.
func saysWhatWasExpected(msg string) bool {
	for _, w := range []string{"want", "expected", "must", "not one of"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range loadBadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			t.Run("assess", func(t *testing.T) {
				t.Parallel()
				out := filepath.Join(t.TempDir(), "out")
				args := append([]string{"assure", "assess", "--evidence", c.dir, "--out", out}, c.args...)
				var stdout, stderr bytes.Buffer
				code := Run(ctx, args, &stdout, &stderr)
				msg := stderr.String()
				if code != exitInput {
					t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitInput, msg)
				}
				checkMessage(t, c, msg)
				if !saysWhatWasExpected(msg) {
					t.Errorf("stderr does not say what was expected (want, expected, must):\n%s", msg)
				}
				if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
					t.Errorf("--out %s holds %d files; want nothing written", out, len(entries))
				} else if err != nil && !os.IsNotExist(err) {
					t.Error(err)
				}
			})
			if len(c.args) > 0 {
				return // a catalogue or profile case: the evidence beside it is valid
			}
			t.Run("validate", func(t *testing.T) {
				t.Parallel()
				var stdout, stderr bytes.Buffer
				code := Run(ctx, []string{"assure", "validate", c.dir}, &stdout, &stderr)
				if code != exitInput {
					t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitInput, stdout.String(), stderr.String())
				}
				checkMessage(t, c, stderr.String())
			})
		})
	}

	t.Run("init-validates", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "evidence")
		if err := os.CopyFS(dir, os.DirFS("../../fixtures/init")); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := Run(ctx, []string{"assure", "validate", dir}, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitOK, stderr.String())
		}
		if !strings.Contains(stdout.String(), "valid") {
			t.Errorf("stdout does not say the folder is valid:\n%s", stdout.String())
		}
	})
}

func checkMessage(t *testing.T, c badCase, msg string) {
	t.Helper()
	if !strings.Contains(msg, c.fileLine+":") {
		t.Errorf("stderr does not name %s:\n%s", c.fileLine, msg)
	}
	if c.word != "" && !strings.Contains(msg, c.word) {
		t.Errorf("stderr does not mention %q:\n%s", c.word, msg)
	}
	if strings.Contains(msg, "internal error") || strings.Contains(msg, "goroutine ") {
		t.Errorf("stderr reports an internal error:\n%s", msg)
	}
	// No message quotes personal data: an e-mail address or phone number
	// found in a cell is described by its length (internal/problem).
	for _, re := range []*regexp.Regexp{emailLike, phoneLike} {
		if m := re.FindString(msg); m != "" {
			t.Errorf("stderr quotes %q, which looks like personal data:\n%s", m, msg)
		}
	}
}

var (
	emailLike = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)
	phoneLike = regexp.MustCompile(`\+\d[\d ()-]{6,}\d`)
)
