package controls_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
)

func TestProfileApply(t *testing.T) {
	t.Parallel()
	cat := evalCatalogue(t)
	p, err := controls.LoadProfile("testdata/profile/ok.toml", cat)
	if err != nil {
		t.Fatalf("LoadProfile: %v", err)
	}
	if p.Path != "testdata/profile/ok.toml" || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(p.SHA256) {
		t.Errorf("path %q sha %q", p.Path, p.SHA256)
	}
	want := []struct {
		control, justification string
		changeHas              []string
	}{
		{"TE-01", "Phase one target agreed with the CISO", []string{"enrolment.pr_share", "0.9 → 0.8"}},
		{"TE-03", "Field staff recover on the next shift", []string{"recovery.p90_hours", "72 → 96"}},
		{"TE-06", "Admins use break-glass accounts", []string{"severity critical → high"}},
		{"TE-07", "No AAL2 applications yet", []string{"disabled"}},
	}
	if len(p.Overrides) != len(want) {
		t.Fatalf("%d overrides, want %d: %+v", len(p.Overrides), len(want), p.Overrides)
	}
	for i, w := range want {
		o := p.Overrides[i]
		if o.Control != w.control || o.Justification != w.justification {
			t.Errorf("override %d = %s %q, want %s %q", i, o.Control, o.Justification, w.control, w.justification)
		}
		for _, s := range w.changeHas {
			if !strings.Contains(o.Change, s) {
				t.Errorf("%s change %q does not contain %q", o.Control, o.Change, s)
			}
		}
	}

	p.Apply(cat)
	byID := map[string]*controls.Control{}
	for _, c := range cat.Controls {
		byID[c.ID] = c
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"TE-01 threshold", byID["TE-01"].Checks[0].Threshold, 0.8},
		{"TE-03 median threshold unchanged", byID["TE-03"].Checks[0].Threshold, 8.0},
		{"TE-03 p90 threshold", byID["TE-03"].Checks[1].Threshold, 96.0},
		{"TE-06 severity", byID["TE-06"].Severity, report.High},
		{"TE-06 threshold unchanged", byID["TE-06"].Checks[0].Threshold, 1.0},
		{"TE-07 disabled", byID["TE-07"].Disabled, true},
		{"TE-07 why", byID["TE-07"].DisabledWhy, "No AAL2 applications yet"},
		{"TE-01 severity unchanged", byID["TE-01"].Severity, report.High},
		{"TE-02 untouched", byID["TE-02"].Disabled, false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}

	// the tailored catalogue evaluates with the new values
	rs, err := controls.Evaluate(cat, &metrics.Results{Values: map[string]metrics.Value{
		"enrolment.pr_share":        num(0.85, 100), // passes 0.8, would fail 0.9
		"recovery.median_hours":     num(8, 40),
		"recovery.p90_hours":        num(90, 40), // passes 96, would fail 72
		"policy.weak_fallback_apps": num(3, 3),   // would fail, but disabled
	}}, controls.Fitness{Present: present()})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]report.Status{"TE-01": report.Pass, "TE-03": report.Pass, "TE-07": report.NotApplicable} {
		if r := find(t, rs, id); r.Status != want {
			t.Errorf("%s after the profile: %s, want %s (%s)", id, r.Status, want, r.Finding)
		}
	}
	if f := find(t, rs, "TE-07").Finding; !strings.Contains(f, "No AAL2 applications yet") {
		t.Errorf("TE-07 finding %q does not print the justification", f)
	}
	// a severity lowered to high still counts for the verdict rule
	if byID["TE-06"].Severity != "high" || byID["TE-06"].Severity.Rank() > report.High.Rank() {
		t.Error("TE-06 should remain in the verdict's critical/high set")
	}
}

func TestProfileErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		file     string
		wantAt   string
		wantText string
	}{
		{"unknown control", "unknown_control.toml", "unknown_control.toml:6:", `unknown control "XX-99"`},
		{"missing justification", "missing_justification.toml", "missing_justification.toml:2:", "justification"},
		{"empty justification", "empty_justification.toml", "empty_justification.toml:4:", "justification"},
		{"blank justification", "blank_justification.toml", "blank_justification.toml:4:", "justification"},
		{"threshold on a multi-check control", "multi_threshold.toml", "multi_threshold.toml:4:", "TE-03 has 2 checks"},
		{"threshold for a metric the control does not check", "unchecked_metric.toml", "unchecked_metric.toml:4:", `has no check on "auth.fallback_share"`},
		{"numeric threshold on a boolean check", "wrong_type.toml", "wrong_type.toml:4:", "boolean"},
		{"unknown key", "unknown_key.toml", "unknown_key.toml:5:", `"weight"`},
		{"bad severity", "bad_severity.toml", "bad_severity.toml:4:", `"urgent"`},
		{"invalid TOML", "bad_toml.toml", "bad_toml.toml:3:", "invalid TOML"},
		{"missing file", "no_such_profile.toml", "no_such_profile.toml", "cannot read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := controls.LoadProfile("testdata/profile/"+tc.file, evalCatalogue(t))
			if err == nil {
				t.Fatalf("LoadProfile = %+v, want an error", p)
			}
			if p != nil {
				t.Error("a profile was returned with the error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantAt) || !strings.Contains(msg, tc.wantText) {
				t.Errorf("error\n  %s\nwant it to contain %q and %q", strings.ReplaceAll(msg, "\n", "\n  "), tc.wantAt, tc.wantText)
			}
		})
	}
}

// max_tailored_controls is read from the profile's top level.
func TestProfileMaxTailored(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "profile.toml")
	if err := os.WriteFile(path, []byte("max_tailored_controls = 4\n\n[control.AU-02]\nthreshold = 0.08\njustification = \"kiosks\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := controls.LoadProfile(path, builtin(t))
	if err != nil || p.MaxTailored != 4 {
		t.Fatalf("profile %+v, error %v; want max_tailored_controls 4", p, err)
	}
	if d := controls.DefaultProfile(); d.MaxTailored != 2 {
		t.Errorf("default cap %d", d.MaxTailored)
	}
}
