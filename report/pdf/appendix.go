package pdf

import (
	"fmt"
	"sort"
	"strings"
	"time"
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

	d.subheading("Missing evidence", 8)
	if len(d.r.Missing) == 0 {
		d.para("Nothing the catalogue asks for was missing.", "", 9, colInk)
	} else {
		for _, m := range d.r.Missing {
			d.para("•  "+m, "", 9, colInk)
		}
	}

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
		rows := make([]row, 0, len(rules))
		for _, k := range rules {
			rows = append(rows, row{cells: []cell{mono(k), txt(group(int64(c.Rules[k])))}})
		}
		d.table(table{size: 8, cols: []column{{title: "Classification rule (" + orNA(c.Source) + ")"}, {title: "Tickets", w: 24, right: true}}}, rows, 0, nil)
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
	d.labelValues([][2]string{
		{"pass", "every check of the control met its threshold (any one check, for controls marked so)"},
		{"fail", "a check was measured and missed its threshold"},
		{"insufficient evidence", "evidence was missing, stale, outside the period or below the control's minimum sample; never counted as a pass"},
		{"not applicable", "the control's condition for applying did not hold, or the profile switched it off"},
		{"waived", "a recorded waiver accepts the gap"},
		{"pass rate", "pass / (pass + fail + insufficient evidence)"},
	}, 36, 8.5)
	d.gap(1)
	d.para(fmt.Sprintf("Catalogue: %s %s. SP 800-63B profile: %s, which sets the section numbers and the session limits the checks use.",
		orNA(r.Catalogue.Name), r.Catalogue.Version, orNA(r.SP80063B)), "", 8.5, colMuted)

	d.metricTable()

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
}

// metricTable lists every metric with its value, sample size, unit and the
// controls that check it.
func (d *doc) metricTable() {
	r := d.r
	seen := map[string]bool{}
	var names []string
	for k := range r.Metrics {
		seen[k] = true
		names = append(names, k)
	}
	for k := range r.MetricDetails {
		if !seen[k] {
			names = append(names, k)
		}
	}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			if ch.Metric != "" && !seen[ch.Metric] {
				seen[ch.Metric] = true
				names = append(names, ch.Metric)
			}
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
	rows := make([]row, 0, len(names))
	for _, k := range names {
		md := r.MetricDetails[k]
		n := "n/a"
		if _, ok := r.MetricDetails[k]; ok {
			n = group(int64(md.N))
		}
		unit := cell{spans: []span{{text: orNA(strings.ReplaceAll(md.Unit, "_", " "))}}}
		if md.Detail != "" {
			unit.spans = append(unit.spans, span{text: "taken from: " + humanize(md.Detail), size: 7, color: colMuted})
		}
		rows = append(rows, row{cells: []cell{
			{spans: []span{{text: k, mono: true, size: 6.5}}},
			txt(d.bareMetric(k)),
			txt(n),
			unit,
			{spans: []span{{text: strings.Join(users[k], ", "), mono: true, size: 7}}},
		}})
	}
	d.table(table{size: 8, cols: []column{
		{title: "Metric", w: 66}, {title: "Value", w: 20, right: true}, {title: "n", w: 18, right: true},
		{title: "Unit"}, {title: "Checked by", w: 24},
	}}, rows, 16, func() {
		d.subheading("Metrics", 0)
		d.para("Values as measured, rounded for print (report.json keeps full precision); n is the count each value was taken over. A metric that could not be computed prints n/a.", "", 8.5, colMuted)
		d.gap(1)
	})
}
