package report

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// The kinds of change of a control between two reports.
const (
	Regressed = "regressed"
	Improved  = "improved"
	Changed   = "changed"
	Unchanged = "unchanged"
	Added     = "new"
	Removed   = "removed"
)

// Compare sets the current report against the previous one; previousJSON is the
// previous report's bytes, whose digest identifies it.
func Compare(prev, cur *Report, previousJSON []byte) *Comparison {
	sum := sha256.Sum256(previousJSON)
	c := &Comparison{
		Previous: PreviousReport{Organization: prev.Organization, Period: prev.Period, GeneratedAt: prev.GeneratedAt, SHA256: hex.EncodeToString(sum[:])},
		Verdict:  VerdictChange{Previous: prev.Verdict.UsableAssurance, Current: cur.Verdict.UsableAssurance, Changed: prev.Verdict.UsableAssurance != cur.Verdict.UsableAssurance},
		PassRate: RateChange{Previous: prev.Summary.PassRate, Current: cur.Summary.PassRate, Change: cur.Summary.PassRate - prev.Summary.PassRate},
		Controls: []ControlChange{}, Metrics: []MetricChange{}, Regressed: []string{}, Improved: []string{},
	}
	// A waiver accepts a risk; it does not undo a regression, so statuses are
	// compared as they were before waivers.
	measured := func(c Control) Status {
		if c.StatusBeforeWaiver != "" {
			return c.StatusBeforeWaiver
		}
		return c.Status
	}
	before := map[string]Control{}
	for _, ctl := range prev.Controls {
		before[ctl.ID] = ctl
	}
	seen := map[string]bool{}
	for _, now := range cur.Controls {
		seen[now.ID] = true
		then, had := before[now.ID]
		cc := ControlChange{ID: now.ID, Title: now.Title, Severity: now.Severity, Current: now.Status, Checks: []CheckChange{}}
		if !had {
			cc.Change = Added
		} else {
			cc.Previous = then.Status
			cc.Change = statusChange(measured(then), measured(now))
		}
		for _, ch := range now.Checks {
			change := CheckChange{Metric: ch.Metric, Current: ch.Measured}
			for _, old := range then.Checks {
				if old.Metric == ch.Metric {
					change.Previous = old.Measured
				}
			}
			cc.Checks = append(cc.Checks, change)
		}
		switch cc.Change {
		case Regressed:
			c.Regressed = append(c.Regressed, now.ID)
		case Improved:
			c.Improved = append(c.Improved, now.ID)
		}
		c.Controls = append(c.Controls, cc)
	}
	for _, then := range prev.Controls {
		if !seen[then.ID] {
			c.Controls = append(c.Controls, ControlChange{ID: then.ID, Title: then.Title, Severity: then.Severity, Previous: then.Status, Change: Removed, Checks: []CheckChange{}})
		}
	}
	names := map[string]bool{}
	for n := range prev.Metrics {
		names[n] = true
	}
	for n := range cur.Metrics {
		names[n] = true
	}
	keys := make([]string, 0, len(names))
	for n := range names {
		keys = append(keys, n)
	}
	sort.Strings(keys)
	for _, n := range keys {
		mc := MetricChange{Metric: n, Previous: prev.Metrics[n], Current: cur.Metrics[n]}
		p, okP := prev.Metrics[n].(float64)
		q, okQ := cur.Metrics[n].(float64)
		if okP && okQ {
			d := q - p
			mc.Delta = &d
		}
		c.Metrics = append(c.Metrics, mc)
	}
	return c
}

// statusChange classifies a status change: losing a pass is a regression,
// gaining one an improvement.
func statusChange(then, now Status) string {
	switch {
	case then == now:
		return Unchanged
	case then == Pass && now.Failing():
		return Regressed
	case then.Failing() && now == Pass:
		return Improved
	}
	return Changed
}
