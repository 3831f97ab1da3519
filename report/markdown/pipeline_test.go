package markdown

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

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is a report the real pipeline makes from a folder under fixtures/:
// the built-in catalogue, optional waivers, an optional baseline report made
// from another folder, and the default CI gate, as `assure assess` does.
type fixture struct {
	name     string // golden file name
	folder   string
	waivers  string // file under fixtures/waivers
	baseline string // folder whose report is the baseline
	gate     report.GateOptions
}

var fixtures = []fixture{
	{name: "sample", folder: "sample"},
	{name: "reached", folder: "reached"},
	{name: "thin", folder: "thin", gate: report.GateOptions{MinPassRate: ptr(0.8), FailOn: "high"}},
	{name: "reached-waivers", folder: "reached", waivers: "reached.toml"},
	{name: "quarters-q3", folder: "quarters/q3", baseline: "quarters/q2", gate: report.GateOptions{NoRegression: true}},
}

func ptr[T any](v T) *T { return &v }

var (
	pipelineMu sync.Mutex
	pipeline   = map[string]*report.Report{}
)

// assess runs the pipeline on fixtures/<folder>; each report is made once per
// test binary.
func assess(t testing.TB, folder, waivers string) *report.Report {
	t.Helper()
	key := folder + "|" + waivers
	pipelineMu.Lock()
	defer pipelineMu.Unlock()
	if r, ok := pipeline[key]; ok {
		return r
	}
	dir := filepath.Join("..", "..", "fixtures")
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
	pipeline[key] = r
	return r
}

// fixtureReport is the report of a fixture with its comparison and gate.
func fixtureReport(t testing.TB, fx fixture) *report.Report {
	t.Helper()
	cur := *assess(t, fx.folder, fx.waivers)
	if fx.baseline != "" {
		prev := assess(t, fx.baseline, "")
		raw, err := report.JSON(prev)
		if err != nil {
			t.Fatal(err)
		}
		cur.Comparison = report.Compare(prev, &cur, raw)
	}
	report.ApplyGate(&cur, fx.gate)
	return &cur
}

// viaJSON sends a report through report.json, as `assure render` reads it.
func viaJSON(t testing.TB, r *report.Report) *report.Report {
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

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
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
