package assessment

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
)

// Recheck is what checking a saved report against its evidence needs: the
// report, the evidence folder, the catalogue, profile and waivers of the
// original run, and what else the original run was given.
type Recheck struct {
	Saved     *report.Report
	Dir       string
	Catalogue *controls.Catalogue
	Profile   *controls.Profile // nil when the run had none
	Waivers   *controls.Waivers // nil when the run had none
	// Baseline is the previous report the saved one was compared with and
	// its exact bytes; nil when none is given.
	Baseline     *report.Report
	BaselineJSON []byte
	// GeneratedAt is the report date the verifying run is given
	// (SOURCE_DATE_EPOCH); zero when it has none, and then the report
	// must be dated at the last second of its period.
	GeneratedAt time.Time
}

// Difference is one way the evidence or a fresh assessment disagrees with the
// saved report.
type Difference struct {
	Part string // "evidence file x.csv", "control HD-02", "catalogue", a report section
	Text string
}

func (d Difference) String() string { return d.Part + ": " + d.Text }

// Verification is the outcome of Verify.
type Verification struct {
	Files       int  // evidence files whose digests were checked
	Reassessed  bool // the evidence matched and was assessed again
	Differences []Difference
	// AsRecorded names the fields of the report that are the original
	// run's own inputs rather than anything the evidence gives: they are
	// applied again as recorded (the gate options) or are labels of files
	// whose digests were checked (the paths of the profile and waivers as
	// given on the original command line). Only a signature vouches for
	// them.
	AsRecorded []string
}

// Verify re-hashes every evidence file the report lists, reading them as
// assess does: inside the folder only, regular files only. When all match
// and the catalogue, profile and waivers are the ones the report records,
// it assesses the folder again, dated by the report date rule, compares
// with the baseline when the report holds a comparison, applies the gate
// the report records, and lists every difference from the saved report. A
// part of the report it cannot derive again (a comparison without its
// baseline) is a difference too, naming what to pass.
func Verify(c Recheck) (Verification, error) {
	var v Verification
	files := append([]report.Digest{c.Saved.Inputs.Manifest}, evidenceDigests(c.Saved)...)
	v.Files = len(files)
	folder, err := evidence.OpenFolder(c.Dir)
	if err != nil {
		return v, err
	}
	defer folder.Close()
	for _, f := range files {
		got, err := folder.Digest(f.Path)
		switch {
		case err != nil:
			v.Differences = append(v.Differences, Difference{"evidence file " + f.Path, err.Error()})
		case got != f.SHA256:
			v.Differences = append(v.Differences, Difference{"evidence file " + f.Path + " changed", fmt.Sprintf("sha256 %s, the report says %s", got, f.SHA256)})
		}
	}
	if len(v.Differences) > 0 {
		return v, nil // assessing changed evidence again would only repeat the news
	}
	v.Differences = sameInputs(c)
	if len(v.Differences) > 0 {
		return v, nil
	}
	again, err := Run(Options{Folder: folder, Catalogue: c.Catalogue, Profile: c.Profile, Waivers: c.Waivers, GeneratedAt: c.GeneratedAt})
	if err != nil {
		return v, err
	}
	v.Reassessed = true
	if again.GeneratedAt != c.Saved.GeneratedAt {
		rule := "the last second of the period, as SOURCE_DATE_EPOCH is not set"
		if !c.GeneratedAt.IsZero() {
			rule = "SOURCE_DATE_EPOCH"
		}
		v.Differences = append(v.Differences, Difference{"generated_at", fmt.Sprintf("the report says %s, the report date rule gives %s (%s); if the original run set SOURCE_DATE_EPOCH, set it to the same value for verify", c.Saved.GeneratedAt, again.GeneratedAt, rule)})
	}
	again.GeneratedAt = c.Saved.GeneratedAt
	v.Differences = append(v.Differences, compareAgain(c, again)...)
	report.ApplyGate(again, c.Saved.Gate.Options)
	if c.Saved.Gate.Options != (report.GateOptions{}) {
		v.AsRecorded = append(v.AsRecorded, "gate.options")
	}
	// The profile and waivers are named as on the original command line;
	// their digests were checked above.
	if again.Inputs.Profile != nil && c.Saved.Inputs.Profile != nil {
		again.Inputs.Profile.Path = c.Saved.Inputs.Profile.Path
		v.AsRecorded = append(v.AsRecorded, "inputs.profile.path")
	}
	if again.Inputs.Waivers != nil && c.Saved.Inputs.Waivers != nil {
		again.Inputs.Waivers.Path = c.Saved.Inputs.Waivers.Path
		v.AsRecorded = append(v.AsRecorded, "inputs.waivers.path")
	}
	if again.Profile != nil && c.Saved.Profile != nil {
		again.Profile.Path = c.Saved.Profile.Path
		v.AsRecorded = append(v.AsRecorded, "profile.path")
	}
	if again.Waivers != nil && c.Saved.Waivers != nil {
		again.Waivers.Path = c.Saved.Waivers.Path
		v.AsRecorded = append(v.AsRecorded, "waivers.path")
	}
	diffs, err := sameResults(c.Saved, again)
	v.Differences = append(v.Differences, diffs...)
	return v, err
}

// compareAgain derives the comparison with the baseline again, or says why
// it cannot. The comparison the report holds is kept when it cannot be
// derived, so that the gate is applied to the same facts and the one
// difference named is the missing baseline.
func compareAgain(c Recheck, again *report.Report) []Difference {
	saved := c.Saved.Comparison
	switch {
	case saved == nil && c.Baseline == nil:
		return nil
	case saved == nil:
		return []Difference{{"comparison", "the report holds none, but --baseline was given: the original run was not given a baseline"}}
	case c.Baseline == nil:
		again.Comparison = saved
		return []Difference{{"comparison", fmt.Sprintf("not checked: the report compares with the report of %s to %s (sha256 %s), which was not given; pass it with --baseline", saved.Previous.Period.Start, saved.Previous.Period.End, saved.Previous.SHA256)}}
	}
	sum := sha256.Sum256(c.BaselineJSON)
	if got := hex.EncodeToString(sum[:]); got != saved.Previous.SHA256 {
		again.Comparison = saved
		return []Difference{{"baseline", fmt.Sprintf("the report given with --baseline (sha256 %s) is not the one the report was compared with (sha256 %s)", got, saved.Previous.SHA256)}}
	}
	again.Comparison = report.Compare(c.Baseline, again, c.BaselineJSON)
	return nil
}

func evidenceDigests(r *report.Report) []report.Digest {
	var out []report.Digest
	seen := map[string]bool{}
	for _, e := range r.Evidence {
		if !seen[e.Path] { // one file may feed several kinds
			seen[e.Path] = true
			out = append(out, report.Digest{Path: e.Path, SHA256: e.SHA256})
		}
	}
	return out
}

// sameInputs says how the catalogue, profile and waivers given differ from the
// ones the report was made with.
func sameInputs(c Recheck) []Difference {
	var out []Difference
	r := c.Saved
	if c.Catalogue.SHA256 != r.Catalogue.SHA256 {
		out = append(out, Difference{"catalogue", fmt.Sprintf("%q (sha256 %s) is not the one the report used (%s); pass the original with --catalogue", c.Catalogue.Name, c.Catalogue.SHA256, r.Catalogue.SHA256)})
	}
	var prof, waivers *report.Digest
	if c.Profile != nil {
		prof = &report.Digest{Path: c.Profile.Path, SHA256: c.Profile.SHA256}
	}
	if c.Waivers != nil {
		waivers = &report.Digest{Path: c.Waivers.Path, SHA256: c.Waivers.SHA256}
	}
	if !sameDigest(prof, r.Inputs.Profile) {
		out = append(out, Difference{"profile", fmt.Sprintf("%s is not the one the report used (%s); pass the original with --profile", describe(prof), describe(r.Inputs.Profile))})
	}
	if !sameDigest(waivers, r.Inputs.Waivers) {
		out = append(out, Difference{"waivers", fmt.Sprintf("%s are not the ones the report used (%s); pass the original with --waivers", describe(waivers), describe(r.Inputs.Waivers))})
	}
	return out
}

func sameDigest(a, b *report.Digest) bool {
	return (a == nil) == (b == nil) && (a == nil || a.SHA256 == b.SHA256)
}

func describe(d *report.Digest) string {
	if d == nil {
		return "none"
	}
	return fmt.Sprintf("%s (sha256 %s)", d.Path, d.SHA256)
}

// sameResults lists how a fresh assessment differs from the saved report:
// the verdict and each control by name, then every other section of the
// report whose content differs.
func sameResults(saved, again *report.Report) ([]Difference, error) {
	var out []Difference
	if s, a := saved.Verdict.StateOf(), again.Verdict.StateOf(); s != a {
		out = append(out, Difference{"verdict", fmt.Sprintf("the report says usable assurance %s, the evidence gives %s", report.StateWords(s), report.StateWords(a))})
	}
	now := map[string]report.Control{}
	for _, c := range again.Controls {
		now[c.ID] = c
	}
	for _, c := range saved.Controls {
		a, ok := now[c.ID]
		switch {
		case !ok:
			out = append(out, Difference{"control " + c.ID, "in the report, not in the new assessment"})
		case c.Status != a.Status:
			out = append(out, Difference{"control " + c.ID, fmt.Sprintf("the report says %s, the evidence gives %s", c.Status, a.Status)})
		default:
			same, err := sameJSON(c, a)
			if err != nil {
				return nil, err
			}
			if !same {
				out = append(out, Difference{"control " + c.ID, "its checks, finding or mapping differ from the report's"})
			}
		}
	}
	a, err := sections(saved)
	if err != nil {
		return nil, err
	}
	b, err := sections(again)
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(a))
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		switch {
		case k == "controls", k == "verdict" && len(out) > 0, k == "generated_at":
			continue // compared above
		case k == "metric_definitions" && (a[k] == nil || string(a[k]) == "null"):
			// They say what the tool's metrics are, not what the evidence
			// gave; a report written before they existed has none.
			continue
		case k == "gate" && saved.Gate.Options == (report.GateOptions{}) && len(saved.Gate.Rules) > 1 && string(a[k]) != string(b[k]):
			out = append(out, Difference{"gate", "the report records no gate options (it predates them), so its gate cannot be applied again; the rules it records were: " + strings.Join(saved.Gate.Rules, "; ")})
		case a[k] == nil:
			out = append(out, Difference{k, "the evidence gives one, the report has none"})
		case string(a[k]) != string(b[k]):
			out = append(out, Difference{k, "differs from what the evidence gives"})
		}
	}
	return out, nil
}

// sections splits a report into its top-level JSON sections.
func sections(r *report.Report) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode the report: %w", err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("split the report into sections: %w", err)
	}
	return out, nil
}

// sameJSON compares two values by their JSON encoding; both sides pass
// through the same encoder, so float formatting cannot cause a difference.
func sameJSON(a, b any) (bool, error) {
	x, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	y, err := json.Marshal(b)
	if err != nil {
		return false, err
	}
	return string(x) == string(y), nil
}
