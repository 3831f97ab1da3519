package report

import "testing"

// TestClean: every string of a report loses its control characters, map
// keys included, whatever field it is in; line feeds and the text stay.
func TestClean(t *testing.T) {
	t.Parallel()
	const bad = "\x1b[2J\u202e\u200b\u009b"
	r := &Report{
		Organization: "Acme" + bad + " Health",
		Controls:     []Control{{ID: "A-01", Finding: "app pay" + bad + "roll fails\nnext line", Checks: []Check{{Threshold: "x" + bad}}}},
		Evidence:     []Evidence{{System: "Okta" + bad, Skipped: map[string]int{"a" + bad: 2, "a": 1, "b": 4}, Notes: []string{"n" + bad}}},
		Waivers:      &Waivers{Entries: []WaiverEntry{{Justification: "j" + bad}}},
		Segments:     map[string]map[string]float64{"seg" + bad: {"k" + bad: 0.5}},
	}
	Clean(r)
	if r.Organization != "Acme[2J Health" {
		t.Errorf("Organization = %q", r.Organization)
	}
	if r.Controls[0].Finding != "app pay[2Jroll fails\nnext line" || r.Controls[0].Checks[0].Threshold != "x[2J" {
		t.Errorf("control = %+v", r.Controls[0])
	}
	e := r.Evidence[0]
	if e.System != "Okta[2J" || e.Notes[0] != "n[2J" || len(e.Skipped) != 3 || e.Skipped["a[2J"] != 2 || e.Skipped["a"] != 1 {
		t.Errorf("evidence = %+v", e)
	}
	if r.Waivers.Entries[0].Justification != "j[2J" || r.Segments["seg[2J"]["k[2J"] != 0.5 {
		t.Errorf("waivers %+v, segments %v", r.Waivers, r.Segments)
	}
	merged := map[string]int{"x\x1b": 2, "x": 3}
	r = &Report{Classification: Classification{Rules: merged}}
	Clean(r)
	if len(merged) != 1 || merged["x"] != 5 {
		t.Errorf("keys that differ only in control characters: %v, want one of 5", merged)
	}
	Clean(nil) // no report, nothing to do
}
