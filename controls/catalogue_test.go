package controls_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/vocab"
)

func builtin(t *testing.T) *controls.Catalogue {
	t.Helper()
	cat, err := controls.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return cat
}

func TestBuiltinShape(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	// The 29 controls of catalogue.md, the four attestation controls AT-01..AT-04
	// and PC-07, which holds AAL3 applications to AAL3 rules.
	if len(cat.Controls) != 34 {
		t.Fatalf("built-in catalogue has %d controls, want 34", len(cat.Controls))
	}
	if cat.Name == "" || cat.Version == "" {
		t.Errorf("name %q version %q: want both set", cat.Name, cat.Version)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(cat.SHA256) {
		t.Errorf("SHA256 = %q, want 64 hex digits", cat.SHA256)
	}
	again := builtin(t)
	if again.SHA256 != cat.SHA256 {
		t.Errorf("SHA256 not stable: %s then %s", cat.SHA256, again.SHA256)
	}
	frameworks := []string{controls.CSF, controls.SP80063B4, controls.SP800634, controls.AIRMF}
	seen := map[string]bool{}
	for _, c := range cat.Controls {
		if seen[c.ID] {
			t.Errorf("duplicate id %s", c.ID)
		}
		seen[c.ID] = true
		if c.Severity.Rank() < 0 {
			t.Errorf("%s: severity %q is not one of %v", c.ID, c.Severity, report.Severities())
		}
		if !slices.Contains(vocab.Areas(), c.Area) {
			t.Errorf("%s: area %q is not one of %v", c.ID, c.Area, vocab.Areas())
		}
		if len(c.Frameworks) == 0 {
			t.Errorf("%s has no framework reference", c.ID)
		}
		for _, f := range c.Frameworks {
			if !slices.Contains(frameworks, f.Framework) || f.Reference == "" || !slices.Contains([]string{"full", "partial", "supporting"}, f.Strength) {
				t.Errorf("%s: bad framework reference %+v", c.ID, f)
			}
		}
		if len(c.Checks) == 0 || len(c.Evidence) == 0 {
			t.Errorf("%s: %d checks, %d evidence kinds; want at least one of each", c.ID, len(c.Checks), len(c.Evidence))
		}
		for _, ch := range c.Checks {
			if _, ok := metrics.Lookup(ch.Metric); !ok {
				t.Errorf("%s: unknown metric %s", c.ID, ch.Metric)
			}
			checkBasis(t, c.ID+" "+ch.Metric, ch.Basis)
			if ch.Rev3 != nil && ch.Rev3.Basis != nil {
				checkBasis(t, c.ID+" "+ch.Metric+" (rev 3)", *ch.Rev3.Basis)
			}
		}
		if c.Title == "" || c.Objective == "" || c.Remediation == "" || c.PassText == nil || c.FailText == nil {
			t.Errorf("%s: title, objective, remediation and both findings are required", c.ID)
		}
		if c.Disabled {
			t.Errorf("%s is disabled without a profile", c.ID)
		}
		if !strings.HasSuffix(c.File, ".toml") || c.Line <= 0 {
			t.Errorf("%s: defined at %s:%d, want a .toml file and a line", c.ID, c.File, c.Line)
		}
	}
	// sorted by area, then id
	for i := 1; i < len(cat.Controls); i++ {
		a, b := cat.Controls[i-1], cat.Controls[i]
		ra, rb := slices.Index(vocab.Areas(), a.Area), slices.Index(vocab.Areas(), b.Area)
		if ra > rb || ra == rb && a.ID >= b.ID {
			t.Errorf("controls out of order: %s (%s) before %s (%s)", a.ID, a.Area, b.ID, b.Area)
		}
	}
}

// checkBasis: a normative basis names its document, section and keyword,
// and the keyword is in the requirement; a programme default says why.
func checkBasis(t *testing.T, what string, b controls.Basis) {
	t.Helper()
	switch b.Kind {
	case controls.Normative:
		if !regexp.MustCompile(`^SP 800-63(B-4|-4|B \(rev 3\)) §\d`).MatchString(b.Requirement) || !strings.Contains(b.Requirement, b.Keyword) ||
			!slices.Contains([]string{"SHALL", "SHALL NOT", "SHOULD", "SHOULD NOT"}, b.Keyword) {
			t.Errorf("%s: normative basis %+v should name the document, revision and section and carry its keyword", what, b)
		}
	case controls.ProgrammeDefault:
		if len(b.Rationale) < 20 {
			t.Errorf("%s: a programme default needs a line of rationale, got %q", what, b.Rationale)
		}
	default:
		t.Errorf("%s: basis kind %q", what, b.Kind)
	}
}

// AI RMF GOVERN is cited only by the controls about AI systems.
func TestAIRMFOnlyOnAIControls(t *testing.T) {
	t.Parallel()
	ai := []string{"GV-04", "AT-03", "AT-04"}
	for _, c := range builtin(t).Controls {
		cites := slices.ContainsFunc(c.Frameworks, func(f controls.FrameworkRef) bool { return f.Framework == controls.AIRMF })
		if cites != slices.Contains(ai, c.ID) {
			t.Errorf("%s cites AI RMF: %v; only %v should", c.ID, cites, ai)
		}
	}
}

// Under rev3 every SP 800-63B-4 reference takes its rev 3 number, or says
// it has none; other documents are unchanged.
func TestReferencesForRevision(t *testing.T) {
	t.Parallel()
	cases := []struct{ ref, want string }{
		{"§2.2.3", "NIST SP 800-63B (rev 3) §4.2.3"},
		{"§2.2", "NIST SP 800-63B (rev 3) §4.2"},
		{"§2.3.2", "NIST SP 800-63B (rev 3) §4.3.2"},
		{"§3.2.2", "NIST SP 800-63B (rev 3) §5.2.2"},
		{"§4.1.2.1", "NIST SP 800-63B (rev 3) §6.1.2.1"},
		{"§4.2.2", "NIST SP 800-63B (rev 3) §6.1.2.3"},
		{"§4.2.3", "NIST SP 800-63B (rev 3) §6.1.2.3"},
		{"§4.3", "NIST SP 800-63B (rev 3) §6.2"},
		{"§5.1", "NIST SP 800-63B (rev 3) §7.1"},
		{"§8", "NIST SP 800-63B (rev 3) §10"},
		{"§4.6", "NIST SP 800-63B-4 §4.6 (no rev 3 counterpart)"},
		{"§4.1.2.2", "NIST SP 800-63B-4 §4.1.2.2 (no rev 3 counterpart)"},
		{"§2.22", "NIST SP 800-63B-4 §2.22 (no rev 3 counterpart)"},
	}
	for _, tc := range cases {
		got := controls.FrameworkRef{Framework: controls.SP80063B4, Reference: tc.ref}.ForRevision(controls.Rev3)
		if s := got.Framework + " " + got.Reference; s != tc.want {
			t.Errorf("%s under rev3 = %q, want %q", tc.ref, s, tc.want)
		}
		if same := (controls.FrameworkRef{Framework: controls.SP80063B4, Reference: tc.ref}).ForRevision(controls.Rev4); same.Reference != tc.ref {
			t.Errorf("%s under rev4 = %+v", tc.ref, same)
		}
	}
	base := controls.FrameworkRef{Framework: controls.SP800634, Reference: "§3.5"}
	if got := base.ForRevision(controls.Rev3); got != base {
		t.Errorf("the base volume changed under rev3: %+v", got)
	}
	for _, c := range builtin(t).ForRevision(controls.Rev3).Controls {
		for _, f := range c.Frameworks {
			if f.Framework == controls.SP80063B4 && !strings.HasSuffix(f.Reference, "(no rev 3 counterpart)") {
				t.Errorf("%s keeps a rev 4 reference under rev3: %s", c.ID, f.Reference)
			}
		}
	}
}

// catalogue.md: every area maps to at least one of CSF 2.0 PR.AA-01, SP 800-63B
// AAL2, AI RMF GOVERN (a supporting mapping is enough for that); and each
// anchor has controls that cover it fully or partially, the ones counted.
func TestBuiltinAnchorCoverage(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	byArea := map[string]map[string][]string{}
	byAnchor := map[string][]string{}
	for _, c := range cat.Controls {
		for _, f := range c.Frameworks {
			for _, an := range controls.Anchors {
				if !an.Maps(f) {
					continue
				}
				a := an.Name
				if byArea[c.Area] == nil {
					byArea[c.Area] = map[string][]string{}
				}
				byArea[c.Area][a] = append(byArea[c.Area][a], c.ID)
				if controls.CountsToward(f.Strength) && !slices.Contains(byAnchor[a], c.ID) {
					byAnchor[a] = append(byAnchor[a], c.ID)
				}
			}
		}
	}
	for _, area := range vocab.Areas() {
		if len(byArea[area]) == 0 {
			t.Errorf("area %s maps to none of the three anchors", area)
		}
	}
	for _, a := range controls.Anchors {
		if len(byAnchor[a.Name]) == 0 {
			t.Errorf("no control maps to anchor %s fully or partially", a.Name)
		}
	}
}

type specCheck struct {
	metric    string
	op        string
	threshold any
	minSample int
}

// specRow is one row of the table in catalogue.md.
type specRow struct {
	area, severity string
	any            bool
	appliesWhen    string // "metric op threshold"
	checks         []specCheck
}

func chk(metric, op string, th any) specCheck { return specCheck{metric, op, th, 30} }

var specCatalogue = map[string]specRow{
	"DR-01": {"device_readiness", "high", false, "", []specCheck{chk("devices.ready_share", ">=", 0.95)}},
	"DR-02": {"device_readiness", "medium", false, "devices.segments_with_minimum > 0", []specCheck{chk("devices.min_segment_ready_share", ">=", 0.85)}},
	"DR-03": {"device_readiness", "medium", false, "", []specCheck{chk("governance.support_matrix_lead_days", ">=", 0.0)}},
	"EN-01": {"enrolment", "high", false, "", []specCheck{chk("enrolment.pr_share", ">=", 0.95)}},
	"EN-02": {"enrolment", "critical", false, "population.privileged_in_scope > 0", []specCheck{{"enrolment.privileged_pr_share", ">=", 1.0, 1}}},
	"EN-03": {"enrolment", "high", false, "", []specCheck{chk("enrolment.redundant_share", ">=", 0.90)}},
	"AU-01": {"authentication", "high", false, "", []specCheck{chk("auth.success_pr_share", ">=", 0.90)}},
	"AU-02": {"authentication", "high", false, "", []specCheck{chk("auth.fallback_share", "<=", 0.05)}},
	"AU-03": {"authentication", "medium", true, "", []specCheck{chk("auth.fallback_trend", "<", 0.0), chk("auth.fallback_share", "<=", 0.01)}},
	"RC-01": {"recovery", "critical", false, "", []specCheck{chk("policy.recovery_methods_weak", "<=", 0.0)}},
	"RC-02": {"recovery", "critical", false, "", []specCheck{chk("recovery.weak_method_share", "<=", 0.0)}},
	"RC-03": {"recovery", "medium", false, "", []specCheck{{"recovery.self_service_share", ">=", 0.70, 20}}},
	"RC-04": {"recovery", "medium", false, "", []specCheck{{"recovery.median_hours", "<=", 8.0, 20}, {"recovery.p90_hours", "<=", 72.0, 20}}},
	"RC-05": {"recovery", "high", false, "", []specCheck{chk("policy.notify_on_recovery", "==", true)}},
	"RC-06": {"recovery", "medium", false, "", []specCheck{chk("recovery.rate_per_100_users_month", "<=", 3.0)}},
	"PC-01": {"policy_consistency", "high", false, "", []specCheck{chk("policy.apps_without_overall_timeout", "<=", 0.0), chk("policy.aal2_max_session_hours", "<=", 24.0),
		chk("policy.aal2_apps_without_idle_timeout", "<=", 0.0), chk("policy.aal2_max_idle_minutes", "<=", 60.0)}},
	"PC-02": {"policy_consistency", "high", false, "", []specCheck{chk("policy.phishable_only_apps", "<=", 0.0)}},
	"PC-03": {"policy_consistency", "critical", false, "", []specCheck{chk("policy.weak_fallback_apps", "<=", 0.0)}},
	"PC-04": {"policy_consistency", "medium", false, "", []specCheck{chk("policy.inconsistent_apps", "<=", 0.0)}},
	"PC-05": {"policy_consistency", "medium", false, "devices.shared_active > 0", []specCheck{chk("policy.shared_workstation_idle_minutes", "<=", 15.0)}},
	"PC-06": {"policy_consistency", "high", false, "", []specCheck{chk("policy.lockout_threshold", "<=", 100.0), chk("policy.lockout_threshold", ">=", 10.0)}},
	"PC-07": {"policy_consistency", "high", false, "policy.aal3_apps > 0", []specCheck{chk("policy.aal3_max_session_hours", "<=", 12.0), chk("policy.aal3_apps_without_idle_timeout", "<=", 0.0),
		chk("policy.aal3_max_idle_minutes", "<=", 15.0), chk("policy.aal3_apps_allowing_synced", "<=", 0.0)}},
	"HD-01": {"helpdesk_signal", "high", false, "", []specCheck{{"helpdesk.demand_change", "<=", 0.0, 20}}},
	"HD-02": {"helpdesk_signal", "critical", false, "", []specCheck{chk("helpdesk.practical_test", "==", true)}},
	"HD-03": {"helpdesk_signal", "medium", false, "", []specCheck{chk("helpdesk.tickets_per_1000_users_month", "<=", 30.0)}},
	"HD-04": {"helpdesk_signal", "medium", false, "", []specCheck{chk("helpdesk.max_stage_share", "<=", 0.40)}},
	"GV-01": {"governance", "medium", false, "", []specCheck{chk("governance.owner_assigned", "==", true)}},
	"GV-02": {"governance", "medium", false, "", []specCheck{chk("governance.metrics_review_age_days", "<=", 92.0)}},
	"GV-03": {"governance", "medium", false, "", []specCheck{chk("governance.expired_exceptions", "<=", 0.0), chk("governance.exceptions_without_owner", "<=", 0.0)}},
	"GV-04": {"governance", "high", false, "governance.ai_systems > 0", []specCheck{chk("governance.ai_systems_unreviewed", "<=", 0.0)}},
}

// TestBuiltinMatchesSpec compares the built-in catalogue with the table of
// catalogue.md: area, severity, checks, any, applies_when and min_sample.
func TestBuiltinMatchesSpec(t *testing.T) {
	t.Parallel()
	cat := builtin(t)
	byID := map[string]*controls.Control{}
	for _, c := range cat.Controls {
		byID[c.ID] = c
	}
	for id, want := range specCatalogue {
		t.Run(id, func(t *testing.T) {
			c, ok := byID[id]
			if !ok {
				t.Fatalf("%s missing from the built-in catalogue", id)
			}
			if c.Area != want.area || string(c.Severity) != want.severity || c.Any != want.any {
				t.Errorf("area %s severity %s any %v, want %s %s %v", c.Area, c.Severity, c.Any, want.area, want.severity, want.any)
			}
			aw := ""
			if c.AppliesWhen != nil {
				aw = fmt.Sprintf("%s %s %v", c.AppliesWhen.Metric, c.AppliesWhen.Op, c.AppliesWhen.Threshold)
			}
			if aw != want.appliesWhen {
				t.Errorf("applies_when %q, want %q", aw, want.appliesWhen)
			}
			if len(c.Checks) != len(want.checks) {
				t.Fatalf("%d checks, want %d", len(c.Checks), len(want.checks))
			}
			for i, w := range want.checks {
				g := c.Checks[i]
				if g.Metric != w.metric || g.Op != w.op || g.Threshold != w.threshold || g.MinSample != w.minSample {
					t.Errorf("check %d = %s %s %v (min %d), want %s %s %v (min %d)", i, g.Metric, g.Op, g.Threshold, g.MinSample, w.metric, w.op, w.threshold, w.minSample)
				}
			}
		})
	}
}

func TestBuiltinFiles(t *testing.T) {
	t.Parallel()
	files, err := controls.BuiltinFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"catalogue.toml", "device_readiness.toml", "enrolment.toml", "authentication.toml",
		"recovery.toml", "policy_consistency.toml", "helpdesk_signal.toml", "governance.toml"} {
		if len(files[name]) == 0 {
			t.Errorf("BuiltinFiles lacks %s", name)
		}
	}
}

func TestLoadValid(t *testing.T) {
	t.Parallel()
	t.Run("one file without a name", func(t *testing.T) {
		cat, err := controls.Load("testdata/valid.toml")
		if err != nil {
			t.Fatal(err)
		}
		if cat.Name != "valid.toml" || cat.Version != "unversioned" {
			t.Errorf("name %q version %q, want the file name and unversioned", cat.Name, cat.Version)
		}
		if len(cat.Controls) != 1 || cat.Controls[0].ID != "TE-01" || cat.Controls[0].Line != 2 {
			t.Fatalf("controls = %+v", cat.Controls)
		}
		c := cat.Controls[0]
		if want := filepath.Join("testdata", "valid.toml"); c.File != want {
			t.Errorf("File = %q, want %q", c.File, want)
		}
		if c.Checks[0].MinSample != controls.DefaultMinSample || controls.DefaultMinSample != 30 {
			t.Errorf("default min_sample = %d, want 30", c.Checks[0].MinSample)
		}
	})
	t.Run("the evaluation catalogue", func(t *testing.T) {
		cat := evalCatalogue(t)
		if cat.Name != "evaluation test catalogue" || cat.Version != "t1" {
			t.Errorf("name %q version %q", cat.Name, cat.Version)
		}
		var ids []string
		for _, c := range cat.Controls {
			ids = append(ids, c.ID)
		}
		// by area (enrolment, authentication, recovery, policy, helpdesk, governance), then id
		if want := []string{"TE-01", "TE-06", "TE-02", "TE-03", "TE-07", "TE-05", "TE-04"}; !slices.Equal(ids, want) {
			t.Errorf("order %v, want %v", ids, want)
		}
		byID := map[string]*controls.Control{}
		for _, c := range cat.Controls {
			byID[c.ID] = c
		}
		if byID["TE-01"].Line != 5 {
			t.Errorf("TE-01 line %d, want 5", byID["TE-01"].Line)
		}
		if !byID["TE-02"].Any || byID["TE-01"].Any {
			t.Error("any: want TE-02 only")
		}
		if aw := byID["TE-04"].AppliesWhen; aw == nil || aw.Metric != "governance.ai_systems" || aw.Op != ">" || aw.Threshold != 0.0 {
			t.Errorf("TE-04 applies_when = %+v", aw)
		}
		if byID["TE-06"].Checks[0].MinSample != 1 {
			t.Errorf("TE-06 min_sample %d, want 1", byID["TE-06"].Checks[0].MinSample)
		}
		if th := byID["TE-05"].Checks[0].Threshold; th != true {
			t.Errorf("TE-05 threshold %#v, want true", th)
		}
		if th := byID["TE-03"].Checks[1].Threshold; th != 72.0 {
			t.Errorf("TE-03 integer threshold %#v, want float64 72", th)
		}
	})
	t.Run("a folder merges its toml files", func(t *testing.T) {
		cat, err := controls.Load("testdata/folder")
		if err != nil {
			t.Fatal(err)
		}
		if cat.Name != "folder catalogue" || cat.Version != "2" {
			t.Errorf("name %q version %q", cat.Name, cat.Version)
		}
		if len(cat.Controls) != 2 || cat.Controls[0].ID != "TE-01" || cat.Controls[1].ID != "TE-02" {
			t.Fatalf("controls %v", cat.Controls)
		}
		if got := cat.Controls[0].File; got != "testdata/folder/b.toml" {
			t.Errorf("TE-01 file %q, want testdata/folder/b.toml", got)
		}
	})
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		path     string
		wantAt   string // file:line
		wantText string
	}{
		{"unknown key in a control", "testdata/bad/unknown_key.toml", "unknown_key.toml:10:", `"colour"`},
		{"unknown key in a check", "testdata/bad/unknown_check_key.toml", "unknown_check_key.toml:24:", "weight"},
		{"unknown top-level key", "testdata/bad/unknown_top_key.toml", "unknown_top_key.toml:2:", `"owner"`},
		{"unknown metric", "testdata/bad/unknown_metric.toml", "unknown_metric.toml:21:", `unknown metric "enrolment.pr_shares"`},
		{"unknown evidence kind", "testdata/bad/unknown_evidence.toml", "unknown_evidence.toml:8:", `"tickets_csv"`},
		{"bad operator", "testdata/bad/bad_operator.toml", "bad_operator.toml:22:", "op"},
		{"bad operator shown as typed", "testdata/bad/bad_operator.toml", "bad_operator.toml:22:", `"=>" is not one of "<", "<=", ">", ">=", "==", "!="`},
		{"boolean threshold on a numeric metric", "testdata/bad/bool_threshold.toml", "bool_threshold.toml:23:", "enrolment.pr_share is a number"},
		{"numeric threshold on a boolean metric", "testdata/bad/numeric_on_bool.toml", "numeric_on_bool.toml:23:", "helpdesk.practical_test is a boolean"},
		{"boolean compared with <", "testdata/bad/bool_ordering.toml", "bool_ordering.toml:23:", `not "<"`},
		{"template naming an unknown metric", "testdata/bad/template_unknown_metric.toml", "template_unknown_metric.toml:13:", "enrolment.no_such_share"},
		{"th on a metric the control does not check", "testdata/bad/template_th_unchecked.toml", "template_th_unchecked.toml:12:", "auth.fallback_share"},
		{"template syntax error", "testdata/bad/template_syntax.toml", "template_syntax.toml:12:", "pass finding"},
		{"applies_when on an unknown metric", "testdata/bad/applies_unknown_metric.toml", "applies_unknown_metric.toml:12:", `"devices.shared"`},
		{"duplicate id in one file", "testdata/bad/duplicate_id.toml", "duplicate_id.toml:27:", `duplicate control id "TE-01"`},
		{"duplicate id names the first definition", "testdata/bad/duplicate_id.toml", "duplicate_id.toml:27:", "duplicate_id.toml:2)"},
		{"invalid TOML", "testdata/bad/bad_toml.toml", "bad_toml.toml:6:", "invalid TOML"},
		{"duplicate id across files", "testdata/dupfolder", "dupfolder/b.toml:2:", "dupfolder/a.toml:1"},
		{"name set twice", "testdata/twonames", "twonames/b.toml:2:", "twonames/a.toml"},
		{"no controls", "testdata/bad/no_controls.toml", "no_controls.toml", "no controls"},
		{"folder without toml", "testdata/empty", "testdata/empty", "no .toml files"},
		{"missing path", "testdata/no-such-catalogue.toml", "no-such-catalogue.toml", "cannot read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cat, err := controls.Load(tc.path)
			if err == nil {
				t.Fatalf("Load(%s) = %d controls, want an error", tc.path, len(cat.Controls))
			}
			if cat != nil {
				t.Error("a catalogue was returned with the error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantAt) || !strings.Contains(msg, tc.wantText) {
				t.Errorf("error\n  %s\nwant it to contain %q and %q", strings.ReplaceAll(msg, "\n", "\n  "), tc.wantAt, tc.wantText)
			}
		})
	}
}

// Every line of a multi-problem error names its file and line.
func TestLoadErrorsEveryLineLocated(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/bad/*.toml")
	for _, f := range files {
		if strings.HasSuffix(f, "no_controls.toml") {
			continue // a whole-file problem has no line
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := controls.Load(f)
			if err == nil {
				t.Fatal("want an error")
			}
			re := regexp.MustCompile(`^` + regexp.QuoteMeta(f) + `:[1-9][0-9]*: `)
			for _, line := range strings.Split(err.Error(), "\n") {
				if !re.MatchString(line) {
					t.Errorf("%q does not start with %s:LINE:", line, f)
				}
			}
		})
	}
}

// Catalogue problems are the project's located problems: one *problem.Invalid
// naming the catalogue, one file:line line each.
func TestErrorFormat(t *testing.T) {
	t.Parallel()
	_, err := controls.Load("testdata/dupfolder")
	var inv *problem.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("Load = %v (%T), want a *problem.Invalid", err, err)
	}
	if !strings.HasPrefix(inv.Summary(), "the catalogue is invalid (") {
		t.Errorf("Summary() = %q", inv.Summary())
	}
	if got := inv.Problems[0].Error(); !strings.HasPrefix(got, "testdata/dupfolder/b.toml:2: ") {
		t.Errorf("first problem %q", got)
	}
	_, err = controls.Load("testdata/no-such-catalogue.toml")
	var p *problem.Problem
	if !errors.As(err, &p) || p.File != "testdata/no-such-catalogue.toml" || !strings.HasPrefix(err.Error(), "testdata/no-such-catalogue.toml: cannot read the catalogue: ") {
		t.Errorf("Load of a missing file = %v (%T)", err, err)
	}
}

func ExampleBuiltin() {
	cat, err := controls.Builtin()
	if err != nil {
		panic(err)
	}
	counts := map[string]int{}
	for _, c := range cat.Controls {
		counts[c.Area]++
	}
	for _, area := range vocab.Areas() {
		fmt.Printf("%s: %d\n", area, counts[area])
	}
	// Output:
	// device_readiness: 3
	// enrolment: 3
	// authentication: 3
	// recovery: 7
	// policy_consistency: 8
	// helpdesk_signal: 4
	// governance: 6
}

// docs/decisions.md lists every check of the built-in catalogue with its
// basis, and every control with its references, so that the decisions stay
// those the catalogue makes.
func TestDecisionsListEveryBasis(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/decisions.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	short := map[string]string{controls.CSF: "CSF", controls.SP80063B4: "63B-4", controls.SP800634: "63-4", controls.AIRMF: "AI RMF"}
	for _, c := range builtin(t).Controls {
		var refs []string
		for _, f := range c.Frameworks {
			refs = append(refs, fmt.Sprintf("%s %s (%s)", short[f.Framework], f.Reference, f.Strength))
		}
		if row := fmt.Sprintf("| %s | %s |", c.ID, strings.Join(refs, "; ")); !strings.Contains(text, row) {
			t.Errorf("decisions.md lacks the references of %s: %s", c.ID, row)
		}
		for _, ch := range c.Checks {
			th := fmt.Sprint(ch.Threshold)
			row := fmt.Sprintf("| %s | `%s %s %s` | ", c.ID, ch.Metric, ch.Op, th)
			i := strings.Index(text, row)
			if i < 0 {
				t.Errorf("decisions.md lacks the check %s", row)
				continue
			}
			line, _, _ := strings.Cut(text[i+len(row):], "\n")
			want := ch.Basis.Keyword
			if ch.Basis.Kind == controls.ProgrammeDefault {
				want = "programme default"
			}
			if !strings.HasPrefix(line, want) {
				t.Errorf("decisions.md gives %s %s the basis %q, the catalogue %q", c.ID, ch.Metric, line, want)
			}
		}
	}
}
