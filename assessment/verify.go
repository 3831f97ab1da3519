package assessment

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report"
)

// Recheck is what checking a saved report against its evidence needs: the
// report, the evidence folder and the catalogue, profile and waivers of the
// original run.
type Recheck struct {
	Saved     *report.Report
	Dir       string
	Catalogue *controls.Catalogue
	Profile   *controls.Profile // nil when the run had none
	Waivers   *controls.Waivers // nil when the run had none
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
}

// Verify re-hashes every evidence file the report lists, reading them only
// inside the folder. When all match and the catalogue, profile and waivers
// are the ones the report records, it assesses the folder again under the
// gate the report records and lists every difference from the saved report.
func Verify(c Recheck) (Verification, error) {
	var v Verification
	files := append([]report.Digest{c.Saved.Inputs.Manifest}, evidenceDigests(c.Saved)...)
	v.Files = len(files)
	root, err := os.OpenRoot(c.Dir)
	if err != nil {
		return v, fmt.Errorf("open the evidence folder: %w", err)
	}
	defer root.Close()
	for _, f := range files {
		got, err := digest(root, f.Path)
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
	folder, err := evidence.OpenFolder(c.Dir)
	if err != nil {
		return v, err
	}
	defer folder.Close()
	at, err := time.Parse(time.RFC3339, c.Saved.GeneratedAt)
	if err != nil {
		return v, fmt.Errorf("the report's generated_at %q is not RFC 3339", c.Saved.GeneratedAt)
	}
	again, err := Run(Options{Folder: folder, Catalogue: c.Catalogue, Profile: c.Profile, Waivers: c.Waivers, GeneratedAt: at})
	if err != nil {
		return v, err
	}
	v.Reassessed = true
	// The comparison needs the baseline report, which is not at hand: it is
	// carried over. The gate is applied again with the recorded options.
	again.Comparison = c.Saved.Comparison
	report.ApplyGate(again, c.Saved.Gate.Options)
	// Paths are as given on the command line; their digests matched above.
	again.Inputs = c.Saved.Inputs
	if again.Profile != nil && c.Saved.Profile != nil {
		again.Profile.Path = c.Saved.Profile.Path
	}
	if again.Waivers != nil && c.Saved.Waivers != nil {
		again.Waivers.Path = c.Saved.Waivers.Path
	}
	diffs, err := sameResults(c.Saved, again)
	v.Differences = diffs
	return v, err
}

// digest is the SHA-256 of a file inside the folder.
func digest(root *os.Root, rel string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", fmt.Errorf("the report names a path outside the evidence folder")
	}
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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
	for _, k := range slices.Sorted(maps.Keys(a)) {
		// metric_definitions say what the tool's metrics are, not what the
		// evidence gave; a report written before they existed has none.
		if k == "controls" || k == "verdict" && len(out) > 0 || k == "metric_definitions" {
			continue
		}
		if k == "gate" && saved.Gate.Options == (report.GateOptions{}) && len(saved.Gate.Rules) > 1 && string(a[k]) != string(b[k]) {
			out = append(out, Difference{"gate", "the report records no gate options (it predates them), so its gate cannot be applied again; the rules it records were: " + strings.Join(saved.Gate.Rules, "; ")})
			continue
		}
		if string(a[k]) != string(b[k]) {
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
