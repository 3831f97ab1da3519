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
	// MaxTailored caps the must-pass controls a profile may switch off,
	// lower or re-threshold before the gate fails.
	MaxTailored int
}

// Defaults of the profile settings.
const (
	DefaultMaxActiveWaivers   = 5
	DefaultMaxEvidenceAgeDays = 30
	// DefaultMaxTailored: tailoring more than two must-pass controls is
	// assessing the programme against another standard, not tailoring this
	// one (a programme default).
	DefaultMaxTailored = 2
)

// DefaultProfile is the tailoring used when no profile is given.
func DefaultProfile() *Profile {
	return &Profile{MaxActiveWaivers: DefaultMaxActiveWaivers, MaxEvidenceAgeDays: DefaultMaxEvidenceAgeDays, MaxTailored: DefaultMaxTailored}
}

// Override is one tailoring decision.
type Override struct {
	Control       string
	Change        string // what changed, in words
	Justification string
	line          int
	threshold     map[string]any // "metric" or "metric op" → new threshold
	thresholdLine map[string]int // the same keys → where the profile sets it
	severity      report.Severity
	severityLine  int
	disable       bool
	path          string
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
	if n, ok := data["max_tailored_controls"].(float64); ok {
		p.MaxTailored = int(n)
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
		o := Override{Control: id, Justification: strings.TrimSpace(e["justification"].(string)), line: line, threshold: map[string]any{},
			thresholdLine: map[string]int{}, path: path}
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
		for _, key := range sortedKeys(o.threshold) {
			line := thresholdLine(ix, id, key, e)
			matched := c.checksFor(key)
			if len(matched) == 0 {
				errs = append(errs, &problem.Problem{File: path, Line: line,
					Msg: fmt.Sprintf("control %s has no check on %q (want a metric it checks, or \"metric op\" such as \"policy.lockout_threshold >=\" where it checks a metric twice)", id, key)})
				continue
			}
			if len(matched) > 1 && !strings.Contains(key, " ") {
				errs = append(errs, &problem.Problem{File: path, Line: line,
					Msg: fmt.Sprintf("control %s checks %s %d times; name one check as \"%s %s\" (want the metric and the check's operator)", id, key, len(matched), key, c.Checks[matched[0]].Op)})
				continue
			}
			o.thresholdLine[key] = line
			for _, i := range matched {
				def, _ := metrics.Lookup(c.Checks[i].Metric)
				if msg := checkThreshold(def, c.Checks[i].Op, o.threshold[key]); msg != "" {
					errs = append(errs, &problem.Problem{File: path, Line: line, Msg: fmt.Sprintf("control %s: %s", id, msg)})
					break
				}
			}
			changes = append(changes, fmt.Sprintf("threshold of %s %v → %v", key, c.Checks[matched[0]].Threshold, o.threshold[key]))
		}
		if sev, ok := e["severity"].(string); ok {
			o.severity = report.Severity(sev)
			o.severityLine = ix.Line([]string{"control", id, "severity"})
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

// Apply tailors the catalogue in place: a catalogue for one SP 800-63B
// revision (Catalogue.ForRevision), since whether a threshold is a SHALL
// depends on the revision. A profile may not change a SHALL's threshold nor
// lower a control whose severity is locked; each is an error at the
// profile's line. A must-pass control the profile switches off, lowers or
// re-thresholds is marked Tailored, which the verdict names.
func (p *Profile) Apply(cat *Catalogue) error {
	var errs []*problem.Problem
	for k := range p.Overrides {
		o := &p.Overrides[k]
		for _, c := range cat.Controls {
			if c.ID != o.Control {
				continue
			}
			mustPass := c.MustPass()
			// changes are what the profile does to the control under this
			// revision; weakened, the part a must-pass control cannot take
			// without the verdict saying so (raising a severity is not).
			var changes, weakened []string
			for i := range c.Checks {
				ch := &c.Checks[i]
				key := ch.Metric + " " + ch.Op
				th, ok := o.threshold[key]
				if !ok {
					key = ch.Metric
					th, ok = o.threshold[key]
				}
				if !ok {
					continue
				}
				stricter := Stricter(ch.Op, ch.Threshold, th)
				if ch.Basis.Locked() && !stricter {
					may := "make it stricter, change the control's severity or switch it off with a justification"
					if c.SeverityLocked {
						may = "make it stricter"
					}
					errs = append(errs, &problem.Problem{File: o.path, Line: o.thresholdLine[key],
						Msg: fmt.Sprintf("control %s: the threshold of %s is a %s of the standard (%s) under SP 800-63B %s; a profile may %s, not loosen it",
							c.ID, ch.Metric, ch.Basis.Keyword, ch.Basis.Requirement, revisionName(cat.Revision), may)})
					continue
				}
				change := fmt.Sprintf("threshold of %s %v → %v", ch.Metric, ch.Threshold, th)
				changes = append(changes, change)
				if !stricter {
					weakened = append(weakened, change)
				}
				ch.Threshold = th
			}
			if o.severity != "" {
				if c.SeverityLocked && o.severity.Rank() > c.Severity.Rank() {
					errs = append(errs, &problem.Problem{File: o.path, Line: o.severityLine,
						Msg: fmt.Sprintf("control %s: its severity %s cannot be lowered by a profile (want %s or higher, or leave it out)", c.ID, c.Severity, c.Severity)})
				} else {
					change := fmt.Sprintf("severity %s → %s", c.Severity, o.severity)
					changes = append(changes, change)
					if o.severity.Rank() > c.Severity.Rank() {
						weakened = append(weakened, change)
					}
					c.Severity = o.severity
				}
			}
			if o.disable && c.SeverityLocked {
				// Switching it off would lower it further than any severity.
				errs = append(errs, &problem.Problem{File: o.path, Line: o.line,
					Msg: fmt.Sprintf("control %s cannot be switched off by a profile: its severity is locked (an unthrottled verifier is open to online guessing); leave enabled out", c.ID)})
			} else if o.disable {
				c.Disabled, c.DisabledWhy = true, o.Justification
				changes, weakened = append(changes, "disabled"), append(weakened, "disabled")
			}
			o.Change = strings.Join(changes, "; ")
			if mustPass && len(weakened) > 0 {
				c.Tailored = strings.Join(weakened, "; ")
			}
		}
	}
	if len(errs) > 0 {
		return invalid("the profile", errs)
	}
	return nil
}

// Stricter says whether threshold to makes a check "metric op from" hold for
// fewer values: lower for < and <=, higher for > and >=. An equality is never
// stricter, nor is a threshold of another type.
func Stricter(op string, from, to any) bool {
	f, ok1 := number(from)
	t, ok2 := number(to)
	if !ok1 || !ok2 {
		return false
	}
	switch op {
	case "<", "<=":
		return t <= f
	case ">", ">=":
		return t >= f
	}
	return false
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	}
	return 0, false
}

// revisionName is how messages name a revision: "rev4" when none was chosen.
func revisionName(rev string) string {
	if rev == "" {
		return Rev4
	}
	return rev
}

// checksFor returns the indexes of the checks a profile's threshold key
// names: "metric" every check on the metric, "metric op" the one with that
// comparison, for a control that checks a metric twice (PC-06 holds the
// lockout threshold between two limits).
func (c *Control) checksFor(key string) []int {
	metric, op, _ := strings.Cut(key, " ")
	var out []int
	for i, ch := range c.Checks {
		if ch.Metric == metric && (op == "" || ch.Op == strings.TrimSpace(op)) {
			out = append(out, i)
		}
	}
	return out
}

// thresholdLine is the line of a profile's threshold for a control's metric.
func thresholdLine(ix *tomlpos.Index, id, metric string, entry map[string]any) int {
	if _, single := entry["threshold"]; single {
		return ix.Line([]string{"control", id, "threshold"})
	}
	return ix.Line([]string{"control", id, "thresholds", metric})
}
