package pdf

// The pages that show metrics are laid out by declarative tables, one at the
// top of each page's file (helpdeskPage in helpdesk.go, readinessPage in
// readiness.go, trendsPage in series.go): which metric goes where and how
// it is drawn. What a metric is called, its unit and its one-line
// definition come from the report (Report.Definition), never from the
// tables; they add only what a page needs beyond them: a heading, what a
// chart's axis counts, and the page's commentary, which interprets the
// figures without restating how they are computed.

// block is one part of a page.
type block interface {
	draw(d *doc)
	// metrics are the metrics the block names, in the order it shows them.
	metrics() []string
}

// layoutPages are the sections laid out from the tables, by title.
var layoutPages = map[string][]block{
	titleHelpdesk:  helpdeskPage,
	titleReadiness: readinessPage,
	titleTrends:    trendsPage,
}

// page draws the blocks of a page in order.
func page(blocks []block) func(*doc) {
	return func(d *doc) {
		for _, b := range blocks {
			b.draw(d)
		}
	}
}

// prose is the page's commentary: a paragraph in size points (9 when
// zero) and after mm of space under it.
type prose struct {
	text        string
	size, after float64
}

func (p prose) draw(d *doc) {
	size := p.size
	if size == 0 {
		size = 9
	}
	d.para(p.text, "", size, colInk)
	if p.after > 0 {
		d.gap(p.after)
	}
}

func (prose) metrics() []string { return nil }
