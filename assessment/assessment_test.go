package assessment_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
)

func builtin(t *testing.T) *controls.Catalogue {
	t.Helper()
	cat, err := controls.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// copyFolder copies a fixture folder so that a test may change it.
func copyFolder(t *testing.T, name string) string {
	t.Helper()
	dst := t.TempDir()
	src := fixtures(name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func runFolder(t *testing.T, dir string) *report.Report {
	t.Helper()
	f, err := evidence.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := assessment.Run(assessment.Options{Folder: f, Catalogue: builtin(t)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The thin folder lacks most kinds: the controls that need them are
// insufficient_evidence, never pass, and the report says which kinds.
func TestRunFailsClosed(t *testing.T) {
	t.Parallel()
	r := assess(t, "thin", "", "")
	if r.Verdict.UsableAssurance {
		t.Fatal("thin evidence reached usable assurance")
	}
	for _, c := range r.Controls {
		for _, k := range c.Missing {
			if c.Status == report.Pass {
				t.Errorf("%s passes although %s is missing", c.ID, k)
			}
		}
	}
	if len(r.Missing) == 0 || r.Summary.InsufficientEvidence == 0 {
		t.Errorf("missing %v, insufficient %d", r.Missing, r.Summary.InsufficientEvidence)
	}
}

// Every metric the report names has a definition with a unit and a label,
// computed or not.
func TestReportDefinesEveryMetricItNames(t *testing.T) {
	t.Parallel()
	r := assess(t, "thin", "", "")
	names := map[string]bool{}
	for n := range r.Metrics {
		names[n] = true
	}
	for n := range r.Series {
		names[n] = true
	}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			names[ch.Metric] = true
		}
	}
	for n := range names {
		d, ok := r.MetricDefinitions[n]
		if !ok || d.Unit == "" || d.Label == "" || d.Definition == "" {
			t.Errorf("%s: definition %+v (present %v)", n, d, ok)
		}
	}
	if _, ok := r.Metrics["auth.fallback_share"]; ok {
		t.Fatal("thin has sign-ins now; pick another absent metric")
	}
	if d := r.Definition("auth.fallback_share"); d.Unit != "share" {
		t.Errorf("an uncomputed metric has unit %q, want share", d.Unit)
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	dir := copyFolder(t, "sample")
	p := filepath.Join(dir, "population.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	lines[2] = strings.Replace(lines[2], "true", "perhaps", 1)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := evidence.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := assessment.Validate(f, nil); err == nil || !strings.Contains(err.Error(), "population.csv:3") {
		t.Errorf("Validate = %v, want a problem at population.csv:3", err)
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	dir := copyFolder(t, "sample")
	saved := runFolder(t, dir)
	report.ApplyGate(saved, report.GateOptions{FailOn: report.High})
	cat := builtin(t)

	v, err := assessment.Verify(assessment.Recheck{Saved: saved, Dir: dir, Catalogue: cat})
	if err != nil || len(v.Differences) != 0 || !v.Reassessed || v.Files < 5 {
		t.Fatalf("unchanged evidence: %+v, %v", v, err)
	}

	t.Run("an edited result", func(t *testing.T) {
		edited := copyOf(t, saved)
		edited.Controls[0].Status = report.Pass
		edited.Controls[0].Finding = "All good."
		v, err := assessment.Verify(assessment.Recheck{Saved: edited, Dir: dir, Catalogue: cat})
		if err != nil || len(v.Differences) == 0 || !strings.Contains(v.Differences[0].Part, edited.Controls[0].ID) {
			t.Errorf("%+v, %v", v, err)
		}
	})
	t.Run("an edited gate", func(t *testing.T) {
		edited := copyOf(t, saved)
		edited.Gate.Options.FailOn = report.Critical
		v, err := assessment.Verify(assessment.Recheck{Saved: edited, Dir: dir, Catalogue: cat})
		if err != nil || !hasPart(v, "gate") {
			t.Errorf("the recorded gate options must be re-applied and the rules compared: %+v, %v", v, err)
		}
	})
	t.Run("another catalogue", func(t *testing.T) {
		other := builtin(t)
		other.SHA256 = strings.Repeat("0", 64)
		v, err := assessment.Verify(assessment.Recheck{Saved: saved, Dir: dir, Catalogue: other})
		if err != nil || v.Reassessed || !hasPart(v, "catalogue") {
			t.Errorf("%+v, %v", v, err)
		}
	})
	t.Run("a changed evidence file", func(t *testing.T) {
		changed := copyFolder(t, "sample")
		p := filepath.Join(changed, "policies.json")
		b, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append(b, ' '), 0o644); err != nil {
			t.Fatal(err)
		}
		v, err := assessment.Verify(assessment.Recheck{Saved: saved, Dir: changed, Catalogue: cat})
		if err != nil || v.Reassessed || !hasPart(v, "evidence file policies.json changed") {
			t.Errorf("%+v, %v", v, err)
		}
	})
	t.Run("a path leading out of the folder", func(t *testing.T) {
		escaped := copyFolder(t, "sample")
		outside := filepath.Join(t.TempDir(), "secret.csv")
		if err := os.WriteFile(outside, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(escaped, "population.csv")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(escaped, "population.csv")); err != nil {
			t.Skip("no symlinks here:", err)
		}
		v, err := assessment.Verify(assessment.Recheck{Saved: saved, Dir: escaped, Catalogue: cat})
		if err != nil || v.Reassessed || !hasPart(v, "evidence file population.csv") {
			t.Errorf("a symlink out of the folder must not be read: %+v, %v", v, err)
		}
	})
}

func hasPart(v assessment.Verification, part string) bool {
	for _, d := range v.Differences {
		if d.Part == part {
			return true
		}
	}
	return false
}

// A report written before metric_definitions and gate.options existed still
// verifies against unchanged evidence: the definitions come from the tool,
// not the evidence, and the default gate needs no options.
func TestVerifyOlderReport(t *testing.T) {
	t.Parallel()
	dir := copyFolder(t, "sample")
	saved := runFolder(t, dir)
	report.ApplyGate(saved, report.GateOptions{})
	b, err := report.JSON(saved)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "metric_definitions")
	delete(doc["gate"].(map[string]any), "options")
	old, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	older, err := report.Decode(old)
	if err != nil {
		t.Fatalf("an older report no longer decodes: %v", err)
	}
	v, err := assessment.Verify(assessment.Recheck{Saved: older, Dir: dir, Catalogue: builtin(t)})
	if err != nil || len(v.Differences) != 0 || !v.Reassessed {
		t.Errorf("%+v, %v", v, err)
	}
}
