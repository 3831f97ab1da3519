package assessment_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/reporttest"
)

// scenario is how the golden report of reporttest.Scenarios is made: a folder
// under fixtures/, optional waivers, an optional baseline made from another
// folder, and a gate.
type scenario struct {
	name, folder, waivers, profile, baseline string
	gate                                     report.GateOptions
}

func ptr[T any](v T) *T { return &v }

var scenarios = []scenario{
	{name: "sample", folder: "sample"},
	{name: "reached", folder: "reached"},
	{name: "thin", folder: "thin", gate: report.GateOptions{MinPassRate: ptr(0.8), FailOn: report.High}},
	{name: "reached-waivers", folder: "reached", waivers: "reached.toml"},
	{name: "quarters-q3", folder: "quarters/q3", baseline: "quarters/q2", gate: report.GateOptions{NoRegression: true}},
	{name: "quarters-q2", folder: "quarters/q2"},
	{name: "sample-tailored", folder: "sample", waivers: "sample.toml", profile: "profile-disable.toml"},
	{name: "reached-tailored", folder: "reached", profile: "profile-tailor.toml"},
	{name: "small", folder: "small"},
	{name: "vendors-okta", folder: "vendors/okta-intune-servicenow"},
	{name: "vendors-entra", folder: "vendors/entra-jamf-jira"},
	{name: "vendors-ocsf", folder: "vendors/ocsf-siem"},
}

func fixtures(name string) string { return filepath.Join("..", "fixtures", name) }

var (
	assessedMu sync.Mutex
	assessed   = map[string]*report.Report{}
)

// assess runs the pipeline on a fixture folder once per test binary and
// returns a copy of the report, so tests may change it.
func assess(t testing.TB, folder, waivers, profile string) *report.Report {
	t.Helper()
	assessedMu.Lock()
	defer assessedMu.Unlock()
	key := folder + "|" + waivers + "|" + profile
	if r, ok := assessed[key]; ok {
		return copyOf(t, r)
	}
	f, err := evidence.OpenFolder(fixtures(folder))
	if err != nil {
		t.Fatalf("open fixtures/%s: %v", folder, err)
	}
	defer f.Close()
	cat, err := controls.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	o := assessment.Options{Folder: f, Catalogue: cat}
	if profile != "" {
		if o.Profile, err = controls.LoadProfile(filepath.Join("..", "report", "testdata", profile), cat); err != nil {
			t.Fatal(err)
		}
	}
	if waivers != "" {
		if o.Waivers, err = controls.LoadWaivers(fixtures(filepath.Join("waivers", waivers)), cat); err != nil {
			t.Fatal(err)
		}
	}
	r, err := assessment.Run(o)
	if err != nil {
		t.Fatalf("assess fixtures/%s: %v", folder, err)
	}
	assessed[key] = r
	return copyOf(t, r)
}

func copyOf(t testing.TB, r *report.Report) *report.Report {
	t.Helper()
	b, err := report.JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	c, err := report.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGoldenReports pins the report.json of every renderer scenario byte for
// byte: the renderers' tests decode these files instead of running the
// pipeline. Run `go test ./assessment -run Golden -update` after an intended
// change and review the diff.
func TestGoldenReports(t *testing.T) {
	t.Parallel()
	if len(scenarios) != len(reporttest.Scenarios) {
		t.Fatalf("%d scenarios here, %d in reporttest", len(scenarios), len(reporttest.Scenarios))
	}
	for i, sc := range scenarios {
		if want := reporttest.Scenarios[i]; sc.name != want.Name || sc.folder != want.Folder {
			t.Fatalf("scenario %d is %s from %s here and %s from %s in reporttest", i, sc.name, sc.folder, want.Name, want.Folder)
		}
		t.Run(sc.name, func(t *testing.T) {
			r := assess(t, sc.folder, sc.waivers, sc.profile)
			if sc.baseline != "" {
				prev := assess(t, sc.baseline, "", "")
				raw, err := report.JSON(prev)
				if err != nil {
					t.Fatal(err)
				}
				r.Comparison = report.Compare(prev, r, raw)
			}
			report.ApplyGate(r, sc.gate)
			got, err := report.JSON(r)
			if err != nil {
				t.Fatal(err)
			}
			path := reporttest.Path(sc.name)
			if *reporttest.Update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := reporttest.JSON(t, sc.name); !bytes.Equal(got, want) {
				t.Errorf("the report of %s differs from %s (run go test ./assessment -run Golden -update after an intended change)", sc.name, path)
			}
		})
	}
}
