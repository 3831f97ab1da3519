// Package controls loads the control catalogue (TOML, strictly) and the profile
// that tailors it, evaluates each control against the computed metrics, and
// decides the verdict on usable assurance.
package controls

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/metrics"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/templates"
	"github.com/assure-dev/assure/vocab"
)

//go:embed *.toml
var builtin embed.FS

// Catalogue is a set of controls.
type Catalogue struct {
	Name     string
	Version  string
	SHA256   string // over every file, in name order
	Controls []*Control
	// Revision is the SP 800-63B revision the thresholds, bases and
	// references are for (ForRevision); "" until one is chosen.
	Revision string
}

// Control is one measurable control.
type Control struct {
	ID          string
	Title       string
	Area        string
	Severity    report.Severity
	Objective   string
	Evidence    []string
	Any         bool
	Remediation string
	AppliesWhen *Comparison
	Frameworks  []FrameworkRef
	Checks      []Check
	PassText    *template.Template
	FailText    *template.Template

	Disabled    bool   // by the profile
	DisabledWhy string // the profile's justification
	// Tailored says, for a must-pass control the profile changed, what it
	// changed; the verdict then says it rests on tailoring.
	Tailored string
	// SeverityLocked: no profile may lower the control's severity.
	SeverityLocked bool
	mustPass       bool
	File           string // where it was defined
	Line           int
}

// FrameworkRef maps a control to a framework reference.
type FrameworkRef struct {
	Framework, Reference, Strength string
	// rev3Strength is the strength under SP 800-63B rev 3, where its
	// counterpart asks less ("" for the same).
	rev3Strength string
}

// Comparison is "metric op threshold"; Threshold is float64 or bool.
type Comparison struct {
	Metric    string
	Op        string
	Threshold any
}

// Check is a comparison with the sample size it needs.
type Check struct {
	Comparison
	MinSample int // applies to shares, percentiles and changes only
	Basis     Basis
	Rev3      *Revision3 // what changes under SP 800-63B rev 3; nil for nothing
	// ZeroTolerance: the threshold is that nothing may occur, so one
	// occurrence fails the check however small the sample, and none passes
	// it, marked as a small sample when below MinSample.
	ZeroTolerance bool
}

// DefaultMinSample is the minimum sample size of a share or percentile check.
const DefaultMinSample = 30

// DefaultChangeMinSample is the minimum count in the baseline before a change
// against it can decide a check: a programme default, so that two tickets
// becoming three cannot fail a control.
const DefaultChangeMinSample = 20

// defaultMinSample is the minimum sample of a check on the metric when the
// catalogue gives none.
func defaultMinSample(metric string) int {
	if d, _ := metrics.Lookup(metric); d.Unit == present.Change {
		return DefaultChangeMinSample
	}
	return DefaultMinSample
}

// basisOf reads a check's basis (or a rev3 table's).
func basisOf(m map[string]any) Basis {
	var b Basis
	b.Kind, _ = m["basis"].(string)
	b.Requirement, _ = m["requirement"].(string)
	b.Keyword, _ = m["keyword"].(string)
	b.Rationale, _ = m["rationale"].(string)
	return b
}

// Builtin returns the embedded catalogue.
func Builtin() (*Catalogue, error) {
	return loadFS(builtin, ".", "built-in catalogue")
}

// BuiltinFiles returns the embedded catalogue's files by name.
func BuiltinFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	entries, err := fs.ReadDir(builtin, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(builtin, e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// Load reads a catalogue from a TOML file or a folder of TOML files.
func Load(path string) (*Catalogue, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &problem.Problem{File: path, Msg: "cannot read the catalogue: " + plain(err)}
	}
	if fi.IsDir() {
		return loadFS(os.DirFS(path), ".", path)
	}
	return loadFS(os.DirFS(filepath.Dir(path)), filepath.Base(path), filepath.Dir(path))
}

func plain(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// invalid is the error of a catalogue, profile or waiver file with problems;
// input names it as a sentence does ("the catalogue").
func invalid(input string, probs []*problem.Problem) error {
	return &problem.Invalid{Input: input, Problems: probs}
}

// loadFS reads either one file (name) or every *.toml in the root (name ".").
func loadFS(fsys fs.FS, name, display string) (*Catalogue, error) {
	var files []string
	if name == "." {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			return nil, &problem.Problem{File: display, Msg: "cannot read the catalogue folder: " + plain(err)}
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
				files = append(files, e.Name())
			}
		}
		if len(files) == 0 {
			return nil, &problem.Problem{File: display, Msg: "no .toml files in the catalogue folder"}
		}
	} else {
		files = []string{name}
		display = filepath.Join(display, name)
	}
	sort.Strings(files)
	cat := &Catalogue{}
	h := sha256.New()
	var errs []*problem.Problem
	seen := map[string]*Control{}
	nameFile := ""
	for _, f := range files {
		text, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, &problem.Problem{File: f, Msg: plain(err)})
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(text))
		h.Write(text)
		file := f
		if name == "." {
			file = filepath.ToSlash(filepath.Join(display, f))
		} else {
			file = display
		}
		doc, probs := tomldoc.Decode(file, text, "catalogue")
		if probs != nil {
			errs = append(errs, probs...)
			continue
		}
		ix := tomlpos.New(string(text))
		if n, ok := doc["name"].(string); ok {
			if nameFile != "" {
				errs = append(errs, &problem.Problem{File: file, Line: ix.Line([]string{"name"}), Msg: "the catalogue name is already set in " + nameFile})
			}
			nameFile = file
			cat.Name = n
			cat.Version, _ = doc["version"].(string)
		}
		raw, _ := doc["control"].([]any)
		for i, r := range raw {
			at := func(tokens ...string) int { return ix.Line(append([]string{"control", fmt.Sprint(i)}, tokens...)) }
			c, cerrs := buildControl(r.(map[string]any), file, at)
			errs = append(errs, cerrs...)
			if c == nil {
				continue
			}
			if prev, dup := seen[c.ID]; dup {
				errs = append(errs, &problem.Problem{File: file, Line: c.Line, Msg: fmt.Sprintf("duplicate control id %q (first defined at %s:%d); each control id must be unique", c.ID, prev.File, prev.Line)})
				continue
			}
			seen[c.ID] = c
			cat.Controls = append(cat.Controls, c)
		}
	}
	if len(errs) > 0 {
		return nil, invalid("the catalogue", errs)
	}
	if len(cat.Controls) == 0 {
		return nil, &problem.Problem{File: display, Msg: "the catalogue defines no controls"}
	}
	if cat.Name == "" {
		cat.Name, cat.Version = filepath.Base(display), "unversioned"
	}
	cat.SHA256 = hex.EncodeToString(h.Sum(nil))
	SortControls(cat.Controls)
	return cat, nil
}

// SortControls orders controls by area, then id.
func SortControls(cs []*Control) {
	slices.SortStableFunc(cs, func(a, b *Control) int {
		if d := areaRank(a.Area) - areaRank(b.Area); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
}

func areaRank(a string) int { return slices.Index(vocab.Areas(), a) }

func strs(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, len(raw))
	for i, x := range raw {
		out[i] = x.(string)
	}
	return out
}

func buildControl(m map[string]any, file string, at func(...string) int) (*Control, []*problem.Problem) {
	c := &Control{
		ID: m["id"].(string), Title: m["title"].(string), Area: m["area"].(string), Severity: report.Severity(m["severity"].(string)),
		Objective: m["objective"].(string), Evidence: strs(m["evidence"]), Remediation: m["remediation"].(string),
		File: file, Line: at(),
	}
	c.Any, _ = m["any"].(bool)
	c.mustPass, _ = m["must_pass"].(bool)
	c.SeverityLocked, _ = m["severity_locked"].(bool)
	var errs []*problem.Problem
	for _, raw := range m["framework"].([]any) {
		f := raw.(map[string]any)
		ref := FrameworkRef{Framework: f["framework"].(string), Reference: f["reference"].(string), Strength: f["strength"].(string)}
		ref.rev3Strength, _ = f["strength_rev3"].(string)
		c.Frameworks = append(c.Frameworks, ref)
	}
	comparison := func(raw map[string]any, tokens ...string) (Comparison, bool) {
		cmp := Comparison{Metric: raw["metric"].(string), Op: raw["op"].(string), Threshold: raw["threshold"]}
		def, ok := metrics.Lookup(cmp.Metric)
		if !ok {
			errs = append(errs, &problem.Problem{File: file, Line: at(append(tokens, "metric")...), Msg: fmt.Sprintf("control %s: unknown metric %q (want a metric that assure computes: assure controls --metrics lists them)", c.ID, cmp.Metric)})
			return cmp, false
		}
		if msg := checkThreshold(def, cmp.Op, cmp.Threshold); msg != "" {
			errs = append(errs, &problem.Problem{File: file, Line: at(append(tokens, "threshold")...), Msg: fmt.Sprintf("control %s: %s", c.ID, msg)})
			return cmp, false
		}
		return cmp, true
	}
	if aw, ok := m["applies_when"].(map[string]any); ok {
		if cmp, ok := comparison(aw, "applies_when"); ok {
			c.AppliesWhen = &cmp
		}
	}
	for i, raw := range m["check"].([]any) {
		cm := raw.(map[string]any)
		cmp, ok := comparison(cm, "check", fmt.Sprint(i))
		if !ok {
			continue
		}
		ch := Check{Comparison: cmp, MinSample: defaultMinSample(cmp.Metric), Basis: basisOf(cm)}
		if ms, ok := cm["min_sample"].(float64); ok {
			ch.MinSample = int(ms)
		}
		ch.ZeroTolerance, _ = cm["zero_tolerance"].(bool)
		if r3, ok := cm["rev3"].(map[string]any); ok {
			ch.Rev3 = &Revision3{Threshold: r3["threshold"]}
			if _, ok := r3["basis"]; ok {
				b := basisOf(r3)
				ch.Rev3.Basis = &b
			}
			if ch.Rev3.Threshold != nil {
				def, _ := metrics.Lookup(cmp.Metric)
				if msg := checkThreshold(def, cmp.Op, ch.Rev3.Threshold); msg != "" {
					errs = append(errs, &problem.Problem{File: file, Line: at("check", fmt.Sprint(i), "rev3", "threshold"), Msg: fmt.Sprintf("control %s: %s", c.ID, msg)})
					continue
				}
			}
		}
		c.Checks = append(c.Checks, ch)
	}
	if len(errs) > 0 {
		// A rejected check would make the templates' th calls fail too: one
		// mistake, one message.
		return nil, errs
	}
	finding := m["finding"].(map[string]any)
	for _, kind := range []string{"pass", "fail"} {
		t, err := templates.Parse(c.ID+"/"+kind, finding[kind].(string))
		if err == nil {
			_, err = templates.Execute(t, probe{c: c})
		}
		if err != nil {
			errs = append(errs, &problem.Problem{File: file, Line: at("finding", kind), Msg: fmt.Sprintf("control %s: %s finding: %v", c.ID, kind, err)})
			continue
		}
		if kind == "pass" {
			c.PassText = t
		} else {
			c.FailText = t
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// checkThreshold makes sure a threshold fits its metric: booleans are compared
// for equality with true or false, everything else with a number.
func checkThreshold(def metrics.Def, op string, th any) string {
	_, isBool := th.(bool)
	switch {
	case def.Unit == present.Boolean && !isBool:
		return fmt.Sprintf("metric %s is a boolean; want threshold true or false", def.Name)
	case def.Unit != present.Boolean && isBool:
		return fmt.Sprintf("metric %s is a number; want a numeric threshold", def.Name)
	case isBool && op != "==" && op != "!=":
		return fmt.Sprintf("a boolean can only be compared with == or !=, not %q", op)
	}
	return ""
}

// probe answers a template at load time, so that a template naming an unknown
// metric, or asking for the threshold of a metric the control does not check,
// fails when the catalogue is loaded rather than in a report.
type probe struct {
	c *Control
}

func (p probe) Metric(name string) (any, present.Unit, bool) {
	d, ok := metrics.Lookup(name)
	if !ok {
		panic(fmt.Sprintf("unknown metric %q", name))
	}
	return nil, d.Unit, false
}

func (p probe) Threshold(metric string) (any, bool) {
	for _, ch := range p.c.Checks {
		if ch.Metric == metric {
			return ch.Threshold, true
		}
	}
	return nil, false
}

func (p probe) Detail(name string) string { p.Metric(name); return "" }

func (p probe) N(name string) (int, bool) { p.Metric(name); return 0, false }

func (p probe) Segment(metric, _ string) (float64, bool) { p.Metric(metric); return 0, false }
