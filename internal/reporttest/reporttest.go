// Package reporttest gives renderer tests real reports: it runs the whole
// pipeline on the scenario folders under fixtures/, as `assure assess` does,
// and compares output with golden files. Only tests import it.
package reporttest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
)

// Update rewrites golden files instead of comparing (go test -update).
var Update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Fixture is a report the pipeline makes from a folder under fixtures/: the
// built-in catalogue, optional waivers, an optional baseline report made from
// another folder, and a CI gate.
type Fixture struct {
	Name     string // golden file name
	Folder   string
	Waivers  string // file under fixtures/waivers
	Baseline string // folder whose report is the baseline
	Gate     report.GateOptions
}

// Fixtures are the scenarios every renderer is tested on.
var Fixtures = []Fixture{
	{Name: "sample", Folder: "sample"},
	{Name: "reached", Folder: "reached"},
	{Name: "thin", Folder: "thin", Gate: report.GateOptions{MinPassRate: ptr(0.8), FailOn: "high"}},
	{Name: "reached-waivers", Folder: "reached", Waivers: "reached.toml"},
	{Name: "quarters-q3", Folder: "quarters/q3", Baseline: "quarters/q2", Gate: report.GateOptions{NoRegression: true}},
}

func ptr[T any](v T) *T { return &v }

var (
	mu    sync.Mutex
	cache = map[string]*report.Report{}
)

// FixturesDir finds the fixtures folder from the test's working directory.
func FixturesDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "fixtures")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// Assess runs the pipeline on fixtures/<folder>, once per test binary.
func Assess(t testing.TB, folder, waivers string) *report.Report {
	t.Helper()
	key := folder + "|" + waivers
	mu.Lock()
	defer mu.Unlock()
	if r, ok := cache[key]; ok {
		return r
	}
	dir := FixturesDir(t)
	f, err := evidence.OpenFolder(filepath.Join(dir, folder))
	if err != nil {
		t.Fatalf("open fixtures/%s: %v", folder, err)
	}
	defer f.Close()
	cat, err := controls.Builtin()
	if err != nil {
		t.Fatalf("built-in catalogue: %v", err)
	}
	opts := assessment.Options{Folder: f, Catalogue: cat}
	if waivers != "" {
		if opts.Waivers, err = controls.LoadWaivers(filepath.Join(dir, "waivers", waivers), cat); err != nil {
			t.Fatalf("waivers %s: %v", waivers, err)
		}
	}
	r, err := assessment.Run(opts)
	if err != nil {
		t.Fatalf("assess fixtures/%s: %v", folder, err)
	}
	cache[key] = r
	return r
}

// Report is the report of a fixture with its comparison and gate applied; the
// cached report is copied, not changed.
func Report(t testing.TB, fx Fixture) *report.Report {
	t.Helper()
	cur := *Assess(t, fx.Folder, fx.Waivers)
	if fx.Baseline != "" {
		prev := Assess(t, fx.Baseline, "")
		raw, err := report.JSON(prev)
		if err != nil {
			t.Fatal(err)
		}
		cur.Comparison = report.Compare(prev, &cur, raw)
	}
	report.ApplyGate(&cur, fx.Gate)
	return &cur
}

// ViaJSON sends a report through report.json, as `assure render` reads it.
func ViaJSON(t testing.TB, r *report.Report) *report.Report {
	t.Helper()
	b, err := report.JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Golden compares got with testdata/name, or rewrites it under -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *Update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the change)", path)
	}
}
