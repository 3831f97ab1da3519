package controls

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/report"
)

// Waiver is accepted risk on the record for one control.
type Waiver struct {
	Control             string
	Justification       string
	ApprovedBy          string // a role
	RiskRegisterID      string
	Expires             time.Time // the last day it applies
	CompensatingControl string
}

// Waivers is a waiver file.
type Waivers struct {
	Path   string
	SHA256 string
	List   []Waiver // sorted by control id
}

// LoadWaivers reads a waiver file and checks it against the catalogue: unknown
// controls and missing fields are errors with file:line.
func LoadWaivers(path string, cat *Catalogue) (*Waivers, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, &problem.Problem{File: path, Msg: "cannot read the waivers: " + plain(err)}
	}
	doc, errs := tomldoc.Decode(path, text, "waivers")
	if len(errs) > 0 {
		return nil, invalid("the waiver file", errs)
	}
	sum := sha256.Sum256(text)
	w := &Waivers{Path: path, SHA256: hex.EncodeToString(sum[:])}
	known := map[string]bool{}
	for _, c := range cat.Controls {
		known[c.ID] = true
	}
	ix := tomlpos.New(string(text))
	entries, _ := doc["waiver"].(map[string]any)
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !known[id] {
			errs = append(errs, &problem.Problem{File: path, Line: ix.Line([]string{"waiver", id}),
				Msg: fmt.Sprintf("waiver for unknown control %q (want the id of a control in the catalogue: assure controls lists them)", id)})
			continue
		}
		e := entries[id].(map[string]any)
		expires, _ := time.Parse(time.DateOnly, e["expires"].(string))
		comp, _ := e["compensating_control"].(string)
		w.List = append(w.List, Waiver{Control: id, Justification: strings.TrimSpace(e["justification"].(string)),
			ApprovedBy: strings.TrimSpace(e["approved_by"].(string)), RiskRegisterID: strings.TrimSpace(e["risk_register_id"].(string)),
			Expires: expires, CompensatingControl: strings.TrimSpace(comp)})
	}
	if len(errs) > 0 {
		return nil, invalid("the waiver file", errs)
	}
	return w, nil
}

// WaiverOutcome says what became of one waiver in an assessment.
type WaiverOutcome struct {
	Waiver
	State        string        // "active", "expired" or "unused" (the control did not need it)
	StatusBefore report.Status // the control's status without the waiver
}

// The states of a waiver.
const (
	WaiverActive  = "active"
	WaiverExpired = "expired"
	WaiverUnused  = "unused"
)

// ApplyWaivers turns failing and insufficient results into waived where an
// unexpired waiver covers them. A waiver is in force through its expiry date;
// asOf is the last day of the assessment period. Results keep their checks and
// measured values; StatusBefore records the status without waivers.
func ApplyWaivers(results []Result, w *Waivers, asOf time.Time) []WaiverOutcome {
	if w == nil {
		return nil
	}
	byID := map[string]*Result{}
	for i := range results {
		byID[results[i].Control.ID] = &results[i]
	}
	var out []WaiverOutcome
	for _, wv := range w.List {
		r := byID[wv.Control]
		o := WaiverOutcome{Waiver: wv, StatusBefore: r.StatusBefore()}
		switch {
		case wv.Expires.Before(asOf):
			o.State = WaiverExpired
		case !r.Status.Failing():
			o.State = WaiverUnused
		default:
			o.State = WaiverActive
			r.Before, r.Status = r.Status, report.Waived
			r.Waiver = &o.Waiver
		}
		out = append(out, o)
	}
	return out
}

// ActiveWaivers counts the waivers in force.
func ActiveWaivers(outcomes []WaiverOutcome) int {
	n := 0
	for _, o := range outcomes {
		if o.State == WaiverActive {
			n++
		}
	}
	return n
}
