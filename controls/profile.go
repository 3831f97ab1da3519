package controls

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
)

// Profile tailors a catalogue: new thresholds, severities, or controls switched
// off, each with the justification the report prints.
type Profile struct {
	Path      string
	SHA256    string
	Overrides []Override // sorted by control id
	// MaxActiveWaivers caps the waivers in force before the gate fails.
	MaxActiveWaivers int
	// MaxEvidenceAgeDays is how long after the period a source may be
	// collected before it counts as stale.
	MaxEvidenceAgeDays int
}

// Defaults of the profile settings.
const (
	DefaultMaxActiveWaivers   = 5
	DefaultMaxEvidenceAgeDays = 30
)

// DefaultProfile is the tailoring used when no profile is given.
func DefaultProfile() *Profile {
	return &Profile{MaxActiveWaivers: DefaultMaxActiveWaivers, MaxEvidenceAgeDays: DefaultMaxEvidenceAgeDays}
}

// Override is one tailoring decision.
type Override struct {
	Control       string
	Change        string // what changed, in words
	Justification string
	line          int
	threshold     map[string]any // metric → new threshold
	severity      report.Severity
	disable       bool
}

// LoadProfile reads a profile and checks it against the catalogue: unknown
// controls, metrics the control does not check, and thresholds of the wrong type
// are errors with file:line.
func LoadProfile(path string, cat *Catalogue) (*Profile, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, &problem.Problem{File: path, Msg: "cannot read the profile: " + plain(err)}
	}
	// An entry for a control the catalogue lacks is reported below as an
	// unknown control, whatever else is wrong with it.
	unknown := func(tokens []string) bool {
		return len(tokens) >= 2 && tokens[0] == "control" && !slices.ContainsFunc(cat.Controls, func(c *Control) bool { return c.ID == tokens[1] })
	}
	data, errs := tomldoc.DecodeExcept(path, text, "profile", unknown)
	if len(errs) > 0 {
		return nil, invalid("the profile", errs)
	}
	if data == nil {
		// Only unknown controls were wrong: decode without the schema to name them.
		var raw map[string]any
		if _, err := toml.Decode(string(text), &raw); err != nil {
			// The strict decoder read the same text; a failure here is a bug.
			return nil, fmt.Errorf("profile %s: decode again to name its unknown controls: %w", path, err)
		}
		data = map[string]any{"control": raw["control"]}
	}
	ix := tomlpos.New(string(text))
	sum := sha256.Sum256(text)
	p := DefaultProfile()
	p.Path, p.SHA256 = path, hex.EncodeToString(sum[:])
	if n, ok := data["max_active_waivers"].(float64); ok {
		p.MaxActiveWaivers = int(n)
	}
	if n, ok := data["max_evidence_age_days"].(float64); ok {
		p.MaxEvidenceAgeDays = int(n)
	}
	byID := map[string]*Control{}
	for _, c := range cat.Controls {
		byID[c.ID] = c
	}
	entries, _ := data["control"].(map[string]any)
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		line := ix.Line([]string{"control", id})
		c, ok := byID[id]
		if !ok {
			errs = append(errs, &problem.Problem{File: path, Line: line, Msg: fmt.Sprintf("unknown control %q (want the id of a control in the catalogue: assure controls lists them)", id)})
			continue
		}
		e := entries[id].(map[string]any)
		o := Override{Control: id, Justification: strings.TrimSpace(e["justification"].(string)), line: line, threshold: map[string]any{}}
		var changes []string
		if th, ok := e["threshold"]; ok {
			if len(c.Checks) != 1 {
				errs = append(errs, &problem.Problem{File: path, Line: ix.Line([]string{"control", id, "threshold"}),
					Msg: fmt.Sprintf("control %s has %d checks; use a thresholds table naming the metric", id, len(c.Checks))})
				continue
			}
			o.threshold[c.Checks[0].Metric] = th
		}
		if ths, ok := e["thresholds"].(map[string]any); ok {
			for metric, th := range ths {
				o.threshold[metric] = th
			}
		}
		for _, metric := range sortedKeys(o.threshold) {
			i := slices.IndexFunc(c.Checks, func(ch Check) bool { return ch.Metric == metric })
			if i < 0 {
				errs = append(errs, &problem.Problem{File: path, Line: ix.Line([]string{"control", id, "thresholds", metric}),
					Msg: fmt.Sprintf("control %s has no check on metric %q", id, metric)})
				continue
			}
			def, _ := metrics.Lookup(metric)
			if c.Checks[i].Normative {
				errs = append(errs, &problem.Problem{File: path, Line: thresholdLine(ix, id, metric, e),
					Msg: fmt.Sprintf("control %s: the threshold of %s is a normative value of the standard; a profile may change its severity or switch it off with a justification, not its threshold", id, metric)})
				continue
			}
			if msg := checkThreshold(def, c.Checks[i].Op, o.threshold[metric]); msg != "" {
				errs = append(errs, &problem.Problem{File: path, Line: thresholdLine(ix, id, metric, e), Msg: fmt.Sprintf("control %s: %s", id, msg)})
				continue
			}
			changes = append(changes, fmt.Sprintf("threshold of %s %v → %v", metric, c.Checks[i].Threshold, o.threshold[metric]))
		}
		if sev, ok := e["severity"].(string); ok {
			o.severity = report.Severity(sev)
			changes = append(changes, fmt.Sprintf("severity %s → %s", c.Severity, sev))
		}
		if en, ok := e["enabled"].(bool); ok && !en {
			o.disable = true
			changes = append(changes, "disabled")
		}
		o.Change = strings.Join(changes, "; ")
		p.Overrides = append(p.Overrides, o)
	}
	if len(errs) > 0 {
		return nil, invalid("the profile", errs)
	}
	return p, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Apply tailors the catalogue in place.
func (p *Profile) Apply(cat *Catalogue) {
	for _, o := range p.Overrides {
		for _, c := range cat.Controls {
			if c.ID != o.Control {
				continue
			}
			for i := range c.Checks {
				if th, ok := o.threshold[c.Checks[i].Metric]; ok {
					c.Checks[i].Threshold = th
				}
			}
			if o.severity != "" {
				c.Severity = o.severity
			}
			if o.disable {
				c.Disabled, c.DisabledWhy = true, o.Justification
			}
		}
	}
}

// thresholdLine is the line of a profile's threshold for a control's metric.
func thresholdLine(ix *tomlpos.Index, id, metric string, entry map[string]any) int {
	if _, single := entry["threshold"]; single {
		return ix.Line([]string{"control", id, "threshold"})
	}
	return ix.Line([]string{"control", id, "thresholds", metric})
}
