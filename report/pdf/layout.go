package pdf

// The pages that show metrics are laid out by the tables in this file: which
// metric goes where and how it is drawn. What a metric is called, its unit
// and its one-line definition come from the report (Report.Definition),
// never from here; the tables add only what a page needs beyond them: a
// heading, what a chart's axis counts, and the page's commentary, which
// interprets the figures without restating how they are computed.

// block is one part of a page.
type block interface {
	draw(d *doc)
	// metrics are the metrics the block names, in the order it shows them.
	metrics() []string
}

// layoutPages are the sections laid out from the tables below, by title.
var layoutPages = map[string][]block{
	titleHelpdesk:  helpdeskPage,
	titleReadiness: readinessPage,
	titleTrends:    trendsPage,
}

// helpdeskPage is the helpdesk signal page: the tickets by month and stage,
// the share of each stage, and the demand with the change metrics behind
// the practical test.
var helpdeskPage = []block{
	prose{text: "Each authentication ticket is a person who got stuck signing in, enrolling or recovering. The chart counts them per month, by the stage where they got stuck, over the baseline and the assessment period."},
	ticketMonths{title: "Authentication tickets per month, by stage", axis: "tickets per month"},
	stageShares{
		title: "Stage shares in the assessment period", prefix: "helpdesk.stage_share.",
		total: "helpdesk.auth_tickets", limit: "helpdesk.max_stage_share",
		axis: "share of the %sauthentication tickets opened in the assessment period (%%)",
	},
	facts{
		title: "Demand and change against the baseline",
		names: []string{"helpdesk.auth_tickets", "helpdesk.tickets_per_1000_users_month",
			"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change", "helpdesk.practical_test"},
		missing:   "No change against the baseline could be computed (n/a), so the practical test could not be evaluated.",
		missingOf: []string{"helpdesk.demand_change", "helpdesk.recovery_change", "credential_reset.change", "helpdesk.practical_test"},
	},
}

// readinessPage is the readiness and adoption page: devices ready by
// segment, the adoption of phishing-resistant methods and the fallback
// month by month.
var readinessPage = []block{
	prose{after: 2, text: "Passwordless sign-in only works for people whose devices can hold a passkey and who have enrolled one. This page shows how ready devices are in each population segment and how far phishing-resistant methods have replaced the old ones."},
	segments{
		title: "Device readiness by segment", metric: "devices.ready_share", limit: "devices.min_segment_ready_share",
		axis: "share of the segment's active devices that are ready for passkeys (%)", one: "active device", many: "active devices",
	},
	shareBars{
		title: "Phishing-resistant adoption",
		names: []string{"enrolment.pr_share", "auth.success_pr_share", "auth.fallback_share"},
		axis:  "share (%); PR = phishing-resistant; the tick on each bar is its control's threshold",
	},
	monthly{
		title: "Fallback by month", untitled: "Fallback over the period",
		metric: "auth.fallback_share", facts: []string{"auth.fallback_trend"},
		comment: func(d *doc) string {
			if v, ok := d.metricFloat("auth.fallback_trend"); ok && v > 0 {
				return "Fallback that grows is becoming a habit rather than an exception."
			}
			return ""
		},
	},
}

// trendsPage is the monthly trends page: every series of the report as a
// small chart, in this order: demand on the helpdesk, then recovery, then
// adoption. A series the report holds that is not listed is drawn after
// them; a listed one the report lacks is named under the charts.
var trendsPage = []block{
	prose{after: 1.5, size: 8.5, text: "Each chart follows one metric month by month over the baseline (shaded, left of the dashed line) and the assessment period. Counts are bars and shares are lines; a month without a value is a gap marked \"no data\", never a zero. A dashed horizontal line is the threshold of the control that checks the metric; the control applies it to the whole period, not to single months. Under each month of a share, n is the count the share was taken over."},
	seriesGrid{charts: seriesCharts},
}

// seriesCharts are the charts of the trends page, each with what its
// vertical axis counts.
var seriesCharts = []seriesChart{
	{"helpdesk.auth_tickets", "tickets opened per month"},
	{"helpdesk.lost_device_recovery_tickets", "tickets opened per month"},
	{"credential_reset.events", "resets per month"},
	{"recovery.started", "recoveries started per month"},
	{"recovery.self_service_share", "% of completed recoveries"},
	{"enrolment.pr_share", "% of in-scope users"},
	{"auth.success_pr_share", "% of successful sign-ins"},
	{"auth.fallback_share", "% of passkey holders' sign-ins"},
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
