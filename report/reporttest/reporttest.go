// Package reporttest gives renderer tests real reports without running the
// pipeline: it decodes the golden report.json of each scenario, kept in
// report/testdata/reports and pinned by the assessment package's
// TestGoldenReports, and compares renderer output with golden files. Only
// tests import it.
package reporttest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/assure-dev/assure/report"
)

// Update rewrites golden files instead of comparing (go test -update).
var Update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Scenario is one golden report: its name and the folder under fixtures/ its
// evidence came from.
type Scenario struct{ Name, Folder string }

// Scenarios are the reports every renderer is tested on: the sample, reached
// and thin organisations, the reached one with waivers, the sample tailored
// by a profile and waivers, the reached one under tailoring, the small
// organisation, two consecutive quarters (the third compared with the second)
// and the three vendor-export organisations.
var Scenarios = []Scenario{
	{"sample", "sample"},
	{"reached", "reached"},
	{"thin", "thin"},
	{"reached-waivers", "reached"},
	{"quarters-q3", "quarters/q3"},
	{"quarters-q2", "quarters/q2"},
	{"sample-tailored", "sample"},
	{"reached-tailored", "reached"},
	{"small", "small"},
	{"vendors-okta", "vendors/okta-intune-servicenow"},
	{"vendors-entra", "vendors/entra-jamf-jira"},
	{"vendors-ocsf", "vendors/ocsf-siem"},
}

// FixtureDir is the evidence folder of a scenario.
func FixtureDir(s Scenario) string {
	return filepath.Join(filepath.Dir(Dir()), "..", "..", "fixtures", filepath.FromSlash(s.Folder))
}

// Dir is the folder of the golden reports.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "reports")
}

// Path is the golden report.json of a scenario.
func Path(scenario string) string { return filepath.Join(Dir(), scenario+".json") }

// JSON returns the golden report.json bytes of a scenario.
func JSON(t testing.TB, scenario string) []byte {
	t.Helper()
	b, err := os.ReadFile(Path(scenario))
	if err != nil {
		t.Fatalf("%v (go test ./assessment -run Golden -update writes it)", err)
	}
	return b
}

// Report decodes the golden report of a scenario; each call returns a fresh
// value the test may change.
func Report(t testing.TB, scenario string) *report.Report {
	t.Helper()
	r, err := report.Decode(JSON(t, scenario))
	if err != nil {
		t.Fatalf("%s: %v", Path(scenario), err)
	}
	return r
}

// Golden compares got with testdata/name, or rewrites it under -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
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
