package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/assure-dev/assure/report/formats"
)

// files reads every file of a folder.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestOutHoldsOneSet: whatever happens to a run, --out holds one complete
// set from one run. A second run into a folder another run holds is
// refused naming the lock and the run; two runs at once never mix files;
// a read-only --out keeps its set; an --out that holds the evidence folder
// is refused.
func TestOutHoldsOneSet(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	out := filepath.Join(base, "reports")
	if code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("reached"), "--out", out, "--format", "json,markdown", "-q"); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	previous := files(t, out)

	t.Run("a run holding the folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "held")
		held, err := formats.OpenOut(dir, formats.OutOptions{Command: "assess"})
		if err != nil {
			t.Fatal(err)
		}
		defer held.Close()
		code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("thin"), "--out", dir, "-q")
		lock := filepath.Join(filepath.Dir(dir), ".held.lock")
		if code != 2 || !strings.Contains(stderr, lock) || !strings.Contains(stderr, fmt.Sprintf("assess, pid %d", os.Getpid())) {
			t.Errorf("exit %d, %q; want 2 naming the lock %s and the run holding it", code, stderr, lock)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("the refused run wrote %s", dir)
		}
	})
	t.Run("two runs at once", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "shared")
		var wg sync.WaitGroup
		codes := make([]int, 2)
		stderrs := make([]string, 2)
		for i, scenario := range []string{"thin", "small"} {
			wg.Go(func() {
				codes[i], _, stderrs[i] = runCLI(t, nil, "assess", "--evidence", oracleFixture(scenario), "--out", dir, "--format", "json,markdown,csv", "-q")
			})
		}
		wg.Wait()
		for i, c := range codes {
			if c == 2 && !strings.Contains(stderrs[i], "another assure run is writing it") || c == 3 {
				t.Errorf("run %d: exit %d, %s", i, c, stderrs[i])
			}
		}
		code, stdout, _ := runCLI(t, nil, "verify", filepath.Join(dir, "report.json"), "--allow-unsigned")
		if code != 0 || !strings.Contains(stdout, "2 other report files beside it were rendered from this report.json") {
			t.Errorf("the folder does not hold one set: exit %d\n%s", code, stdout)
		}
	})
	t.Run("a read-only folder", func(t *testing.T) {
		t.Parallel()
		if runtime.GOOS == "windows" {
			t.Skip("Windows keeps no write bit for folders")
		}
		dir := filepath.Join(t.TempDir(), "kept")
		if err := os.CopyFS(dir, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, 0o555)
		defer os.Chmod(dir, 0o755)
		code, _, stderr := runCLI(t, nil, "assess", "--evidence", oracleFixture("thin"), "--out", dir, "-q")
		if code != 2 || !strings.Contains(stderr, dir) || !strings.Contains(stderr, "read-only") {
			t.Errorf("exit %d, %q; want 2 naming %s as read-only", code, stderr, dir)
		}
		if !sameFiles(files(t, dir), previous) {
			t.Error("the previous set changed")
		}
	})
	t.Run("an --out holding the evidence", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		evidenceDir := filepath.Join(dir, "q3")
		if err := os.CopyFS(evidenceDir, os.DirFS(oracleFixture("thin"))); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, nil, "assess", "--evidence", evidenceDir, "--out", dir, "-q")
		if code != 2 || !strings.Contains(stderr, "holds the evidence folder") {
			t.Errorf("exit %d, %q", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(evidenceDir, "evidence.toml")); err != nil {
			t.Errorf("the evidence is gone: %v", err)
		}
	})
	t.Run("render into the set's own folder", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "set")
		if err := os.CopyFS(dir, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(t, nil, "render", filepath.Join(dir, "report.json"), "--format", "csv", "--out", dir); code != 0 {
			t.Fatalf("render: exit %d: %s", code, stderr)
		}
		got := files(t, dir)
		if names := slices.Sorted(maps.Keys(got)); !slices.Equal(names, []string{"report.json", "risk-register.csv", "summary.md"}) {
			t.Errorf("the set holds %v; want its report.json and summary.md kept beside the new file", names)
		}
		other := filepath.Join(t.TempDir(), "report.json")
		if err := os.WriteFile(other, assessOnce(t, oracleFixture("thin")).report, 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(t, nil, "render", other, "--format", "markdown", "--out", dir); code != 0 {
			t.Fatalf("render of another report: exit %d: %s", code, stderr)
		}
		if got := files(t, dir); len(got) != 1 || got["summary.md"] == nil {
			t.Errorf("a set from another report must be replaced whole, never mixed with: %d files", len(got))
		}
	})
}
