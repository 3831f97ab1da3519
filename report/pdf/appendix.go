package pdf

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/assure-dev/assure/report"
)

func (d *doc) evidence() {
	d.para("Every source file the assessment read, with its fingerprint. Records outside the period were read but not counted.", "", 9, colInk)
	d.gap(1)
	if len(d.r.Evidence) == 0 {
		d.para("The report lists no evidence files.", "", 9.5, colInk)
	} else {
		rows := make([]row, 0, len(d.r.Evidence))
		for _, e := range d.r.Evidence {
			file := e.Path
			if e.Format != "" {
				file += " · " + e.Format
			}
			rows = append(rows, row{cells: []cell{
				{spans: []span{{text: e.Kind, bold: true}, {text: file, mono: true, size: 6.5, color: colMuted}}},
				txt(orNA(e.System)),
				txt(group(int64(e.Records))),
				txt(group(int64(e.RecordsOutsidePeriod))),
				txt(stamp(e.CollectedAt)),
				{spans: []span{{text: hashLines(e.SHA256), mono: true, size: 6.5}}},
			}})
		}
		d.table(table{size: 8, cols: []column{
			{title: "Kind and file", w: 33}, {title: "Source system"}, {title: "Records", w: 18, right: true},
			{title: "Outside period", w: 18, right: true}, {title: "Collected at", w: 22}, {title: "SHA-256", w: 47},
		}}, rows, 0, nil)
	}

	d.evidenceNotes()

	d.subheading("Missing evidence", 8)
	if len(d.r.Missing) == 0 {
		d.para("Nothing the catalogue asks for was missing.", "", 9, colInk)
	} else {
		for _, m := range d.r.Missing {
			d.para("•  "+m, "", 9, colInk)
		}
	}

	d.coverageJoin()

	c := d.r.Classification
	if c.Source != "" || c.Given+c.Classified > 0 {
		d.subheading("How tickets without a stage were classified", 16)
		d.para(fmt.Sprintf("%s carried a stage from the source; %s were classified by %s; %s (%s) stayed other authentication.",
			plural(c.Given, "ticket", "tickets"), group(int64(c.Classified)), orNA(c.Source), group(int64(c.OtherAuth)), pct(c.OtherAuthShare)), "", 9, colInk)
	}
	if len(c.Rules) > 0 {
		d.gap(2)
		rules := make([]string, 0, len(c.Rules))
		for k := range c.Rules {
			rules = append(rules, k)
		}
		sort.Strings(rules)
		// two rules side by side: the list is short and narrow
		half := (len(rules) + 1) / 2
		rows := make([]row, 0, half)
		for i := range half {
			cells := []cell{mono(rules[i]), txt(group(int64(c.Rules[rules[i]]))), txt(""), txt(""), txt("")}
			if j := i + half; j < len(rules) {
				cells[3], cells[4] = mono(rules[j]), txt(group(int64(c.Rules[rules[j]])))
			}
			rows = append(rows, row{cells: cells})
		}
		title := "Classification rule (" + orNA(c.Source) + ")"
		d.table(table{size: 8, cols: []column{
			{title: title}, {title: "Tickets", w: 18, right: true}, {title: "", w: 8},
			{title: title}, {title: "Tickets", w: 18, right: true},
		}}, rows, 0, nil)
	}
}

// coverageJoin is one table per evidence kind of how many of the period's
// days a log has records on and how many records naming a person matched
// the population.
func (d *doc) coverageJoin() {
	cov := map[string]report.Coverage{}
	join := map[string]report.Join{}
	var kinds []string
	add := func(k string) {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	for _, j := range d.r.IdentityJoin {
		join[j.Kind] = j
		add(j.Kind)
	}
	for _, c := range d.r.Coverage {
		cov[c.Kind] = c
		add(c.Kind)
	}
	if len(kinds) == 0 {
		return
	}
	// in the order of the evidence table
	order := map[string]int{}
	for i, e := range d.r.Evidence {
		if _, ok := order[e.Kind]; !ok {
			order[e.Kind] = i
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool {
		oi, iok := order[kinds[i]]
		oj, jok := order[kinds[j]]
		if iok != jok {
			return iok
		}
		return oi < oj
	})
	rows := make([]row, 0, len(kinds))
	for _, k := range kinds {
		days, share := "n/a", "n/a"
		if c, ok := cov[k]; ok {
			days, share = fmt.Sprintf("%s of %s", group(int64(c.DaysCovered)), group(int64(c.Days))), pct(c.Share)
		}
		recs, joined, jshare := "n/a", "n/a", "n/a"
		if j, ok := join[k]; ok {
			recs, joined, jshare = group(int64(j.Records)), group(int64(j.Joined)), pct(j.Share)
		}
		rows = append(rows, row{cells: []cell{bold(k), txt(days), txt(share), txt(recs), txt(joined), txt(jshare)}})
	}
	d.table(table{size: 8, cols: []column{
		{title: "Kind"}, {title: "Days with records", w: 26, right: true}, {title: "Share of days", w: 21, right: true},
		{title: "Records naming a person", w: 28, right: true}, {title: "Matched to the population", w: 28, right: true},
		{title: "Share matched", w: 21, right: true},
	}}, rows, 20, func() {
		d.subheading("Log coverage and identity matching", 0)
		d.para("Days: on how many of the period's days each log has records, since a log with gaps can hide the days people got stuck. Matching: how many records named a person, and how many of those matched someone in the population after identifiers were normalised and mapped. n/a: not measured for that kind.", "", 8.5, colMuted)
		d.gap(1)
	})
}

// evidenceNotes lists what the evidence files say about themselves: why a
// source is too old to rely on, records skipped as out of scope and what
// their format cannot tell.
func (d *doc) evidenceNotes() {
	var items []string
	for _, e := range d.r.Evidence {
		var parts []string
		if st := strings.TrimSpace(e.Stale); st != "" {
			parts = append(parts, "Stale: "+strings.TrimSuffix(st, ".")+".")
		}
		if len(e.Skipped) > 0 {
			types := make([]string, 0, len(e.Skipped))
			total := 0
			for k, n := range e.Skipped {
				types = append(types, k)
				total += n
			}
			sort.Strings(types)
			for i, k := range types {
				types[i] = fmt.Sprintf("%s %s", k, group(int64(e.Skipped[k])))
			}
			parts = append(parts, fmt.Sprintf("%s skipped as out of scope (%s).", plural(total, "record", "records"), strings.Join(types, ", ")))
		}
		for _, n := range e.Notes {
			n = strings.TrimSpace(n)
			if n != "" && !strings.HasSuffix(n, ".") {
				n += "."
			}
			parts = append(parts, n)
		}
		if len(parts) > 0 {
			items = append(items, fmt.Sprintf("%s (%s): %s", e.Kind, e.Path, strings.Join(parts, " ")))
		}
	}
	if len(items) == 0 {
		return
	}
	d.subheading("Notes on the evidence", 8)
	for _, it := range items {
		d.para("•  "+it, "", 9, colInk)
	}
}

// hashLines breaks a hex digest in two halves so it fits a narrow column.
func hashLines(h string) string {
	if h == "" {
		return "n/a"
	}
	if len(h) == 64 {
		return h[:32] + "\n" + h[32:]
	}
	return h
}

// stamp prints an RFC 3339 time as "2026-10-02 09:00 UTC".
func stamp(s string) string {
	if s == "" {
		return "n/a"
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02\n15:04 UTC")
}

func (d *doc) method() {
	r := d.r
	d.subheading("Verdict rule", 10)
	d.para(orNA(r.Verdict.Rule), "", 9, colInk)

	d.subheading("Statuses and pass rate", 20)
	var rows [][2]string
	for _, st := range report.Statuses() {
		rows = append(rows, [2]string{strings.ToLower(st.Title()), statusMeanings[st].full})
	}
	d.labelValues(append(rows,
		[2]string{"attested", "the control rests on a person's dated attestation (who, when, reference, expiry printed with it), not on a measurement from the exports; an attestation made before the period or expiring before its end counts as missing (NO ATTESTATION)"},
		[2]string{"pass rate", "pass / (pass + fail + insufficient evidence)"},
	), 36, 8.5)
	d.gap(1)
	d.para(fmt.Sprintf("Catalogue: %s %s. SP 800-63B profile: %s, which sets the section numbers and the session limits the checks use.",
		orNA(r.Catalogue.Name), r.Catalogue.Version, orNA(r.SP80063B)), "", 8.5, colMuted)

	d.metricTable()

	d.gap(d.space(2))
	d.subheading("Profile overrides", 14)
	p := r.Profile
	switch {
	case p == nil:
		d.para("No profile was applied: every threshold and severity is the catalogue's.", "", 9, colInk)
	case len(p.Overrides) == 0:
		d.para("The profile "+p.Path+" changes nothing.", "", 9, colInk)
	default:
		d.para(fmt.Sprintf("Profile %s (SHA-256 %s) tailors the catalogue as follows; each change carries the justification the profile gives.", p.Path, p.SHA256), "", 8.5, colMuted)
		d.gap(1)
		rows := make([]row, 0, len(p.Overrides))
		for _, o := range p.Overrides {
			rows = append(rows, row{cells: []cell{mono(o.Control), txt(o.Change), txt(o.Justification)}})
		}
		d.table(table{size: 8, cols: []column{{title: "Control", w: 16}, {title: "Change", w: 44}, {title: "Justification"}}}, rows, 0, nil)
	}

	d.waivers()
}

// waivers lists the accepted risks: every waiver of the waiver file with
// its state (active, expired, unused) and its approval, active ones first.
func (d *doc) waivers() {
	w := d.r.Waivers
	if w == nil {
		return
	}
	d.gap(d.space(2))
	d.subheading("Waivers", 14)
	d.para(fmt.Sprintf("Waiver file %s (SHA-256 %s): %s active, at most %d allowed. An active waiver turns a failing or insufficient control into waived and keeps its measured values; an expired one is not applied, so its control keeps its status; an unused one was not needed.",
		orNA(w.Path), orNA(w.SHA256), plural(w.Active, "waiver", "waivers"), w.MaxActive), "", 8.5, colMuted)
	if len(w.Entries) == 0 {
		d.para("The file holds no waivers.", "", 9, colInk)
		return
	}
	d.gap(1)
	entries := slices.Clone(w.Entries)
	sort.SliceStable(entries, func(i, j int) bool { return waiverRank(entries[i].State) < waiverRank(entries[j].State) })
	rows := make([]row, 0, len(entries))
	for _, e := range entries {
		just := cell{spans: []span{{text: orNA(e.Justification)}}}
		if e.CompensatingControl != "" {
			just.spans = append(just.spans, span{text: "Compensating control: " + e.CompensatingControl, size: 7.5, color: colMuted})
		}
		rows = append(rows, row{cells: []cell{
			mono(e.Control),
			{spans: []span{{text: waiverState(e.State), bold: true}, {text: d.waiverEffect(e), size: 7, color: colMuted}}},
			just,
			{spans: []span{{text: orNA(e.ApprovedBy)}, {text: "risk register " + orNA(e.RiskRegisterID), size: 7.5}}},
			txt(orNA(e.Expires)),
		}})
	}
	d.table(table{size: 8, cols: []column{
		{title: "Control", w: 16}, {title: "State", w: 30}, {title: "Justification"},
		{title: "Approved by (role)", w: 40}, {title: "Expires", w: 19},
	}}, rows, 0, nil)
}

// waiverRank orders waivers: active, expired, unused, anything else.
func waiverRank(state string) int {
	switch state {
	case "active":
		return 0
	case "expired":
		return 1
	case "unused":
		return 2
	}
	return 3
}

// waiverState names a waiver's state in capitals, as a label.
func waiverState(state string) string {
	switch state {
	case "active":
		return "ACTIVE, applied"
	case "expired":
		return "EXPIRED, not applied"
	case "unused":
		return "UNUSED, not needed"
	}
	return strings.ToUpper(orNA(state))
}

// waiverEffect says what the waiver did to its control's status.
func (d *doc) waiverEffect(e report.WaiverEntry) string {
	before := strings.ToLower(orNA(e.StatusBefore.Title()))
	now := before
	if c := d.ctl[e.Control]; c != nil {
		now = strings.ToLower(c.Status.Title())
	}
	switch e.State {
	case "active":
		return "status " + now + "; without it " + before
	case "expired", "unused":
		return "status " + now
	}
	return "status without it " + before
}

// metricTable lists every metric the report names with its label and
// definition, its value, sample size, unit and the controls that check it.
func (d *doc) metricTable() {
	r := d.r
	seen := map[string]bool{}
	var names []string
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	for k := range r.Metrics {
		add(k)
	}
	for k := range r.MetricDetails {
		add(k)
	}
	for k := range r.MetricDefinitions {
		add(k)
	}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			add(ch.Metric)
		}
	}
	sort.Strings(names)
	users := map[string][]string{}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			if l := users[ch.Metric]; len(l) == 0 || l[len(l)-1] != c.ID {
				users[ch.Metric] = append(users[ch.Metric], c.ID)
			}
		}
	}
	if len(names) == 0 {
		d.subheading("Metrics", 8)
		d.para("The report holds no metrics.", "", 9, colInk)
		return
	}
	// why a metric that is not in the report could not be computed, from
	// the checks that wanted it
	why := map[string]string{}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			if r := checkReasonText(ch); r != "" && why[ch.Metric] == "" {
				// "could not be computed: ..." says it already
				if !strings.Contains(r, "computed") {
					r = "not computed: " + r
				}
				why[ch.Metric] = r
			}
		}
	}
	rows := make([]row, 0, len(names))
	for _, k := range names {
		md, known := r.MetricDetails[k]
		_, measured := r.Metrics[k]
		n := "n/a"
		if known {
			n = group(int64(md.N))
		}
		def := r.Definition(k)
		name := cell{spans: []span{{text: k, mono: true, size: 6.5}}}
		// the label the pages use, then what it is
		switch text := def.Definition; {
		case def.Label != k && text != "":
			name.spans = append(name.spans, span{text: def.Label + " – " + text, size: 7})
		case def.Label != k:
			name.spans = append(name.spans, span{text: def.Label, size: 7})
		case text != "":
			name.spans = append(name.spans, span{text: text, size: 7})
		}
		_, monthly := r.Series[k]
		switch {
		case measured:
		case why[k] != "":
			name.spans = append(name.spans, span{text: why[k], size: 7, color: colMuted})
		case monthly:
			name.spans = append(name.spans, span{text: "month by month only: see " + d.sectionRefPlain(titleTrends), size: 7, color: colMuted})
		default:
			name.spans = append(name.spans, span{text: "not computed", size: 7, color: colMuted})
		}
		unit := cell{spans: []span{{text: orNA(unitLabel(def.Unit))}}}
		value := txt(d.bareMetric(k))
		switch {
		case d.attested(k):
			// vouched for by a person: labelled, with who, when and the reference
			value = cell{spans: []span{{text: yesNo(r.Metrics[k])}, {text: labelAttested, bold: true, size: 6}}}
			name.spans = append(name.spans, span{text: d.attestation(k), size: 7, color: colMuted})
		case md.Detail != "":
			unit.spans = append(unit.spans, span{text: "taken from: " + detailLabel(md.Detail), size: 7, color: colMuted})
		}
		rows = append(rows, row{cells: []cell{
			name,
			value,
			txt(n),
			unit,
			{spans: []span{{text: strings.Join(users[k], ", "), mono: true, size: 7}}},
		}})
	}
	d.table(table{size: 8, cols: []column{
		{title: "Metric and definition"}, {title: "Value", w: 16, right: true}, {title: "n", w: 14, right: true},
		{title: "Unit", w: 29}, {title: "Checked by", w: 21},
	}}, rows, 16, func() {
		d.subheading("Metrics", 0)
		d.para("Each metric with its definition and its value as measured, rounded for print (report.json keeps full precision); n is the count the value was taken over. A metric that could not be computed prints n/a, with the reason the checks give. A value marked ATTESTED was vouched for by a person, not measured: who attested it, when, on what reference and until when is printed under its unit.", "", 8.5, colMuted)
		d.gap(1)
	})
}
