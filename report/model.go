package report

import (
	"strings"

	"github.com/assure-dev/assure/report/present"
)

// SchemaVersion is the version of the report.json contract written by this tool.
const SchemaVersion = "1"

// Report is the JSON contract of an assessment: every renderer (JSON, PDF and the
// later interchange formats) is a pure function of this value.
type Report struct {
	SchemaVersion  string                  `json:"schema_version"`
	Tool           Tool                    `json:"tool"`
	Organization   string                  `json:"organization"`
	Period         Period                  `json:"period"`
	BaselinePeriod *Period                 `json:"baseline_period,omitempty"`
	GeneratedAt    string                  `json:"generated_at"`
	SP80063B       string                  `json:"sp800_63b_profile"`
	Catalogue      Catalogue               `json:"catalogue"`
	Inputs         Inputs                  `json:"inputs"`
	Profile        *Profile                `json:"profile,omitempty"`
	Verdict        Verdict                 `json:"verdict"`
	Summary        Summary                 `json:"summary"`
	Frameworks     []FrameworkCoverage     `json:"frameworks"`
	Anchors        []Anchor                `json:"anchors"`
	Controls       []Control               `json:"controls"`
	Metrics        map[string]any          `json:"metrics"`
	MetricDetails  map[string]MetricDetail `json:"metric_details"`
	// MetricDefinitions holds the unit, label and definition of every metric
	// the tool defines, computed or not: renderers read them here alone.
	MetricDefinitions map[string]MetricDefinition   `json:"metric_definitions"`
	Segments          map[string]map[string]float64 `json:"segments"`
	SegmentSizes      map[string]map[string]int     `json:"segment_sizes"`
	Helpdesk          Helpdesk                      `json:"helpdesk"`
	Series            map[string][]SeriesPoint      `json:"series"`
	Comparison        *Comparison                   `json:"comparison,omitempty"`
	Classification    Classification                `json:"classification"`
	Evidence          []Evidence                    `json:"evidence"`
	Coverage          []Coverage                    `json:"coverage"`
	IdentityJoin      []Join                        `json:"identity_join"`
	Waivers           *Waivers                      `json:"waivers,omitempty"`
	Missing           []string                      `json:"missing_evidence"`
	Gate              Gate                          `json:"gate"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Period is an inclusive range of calendar dates (YYYY-MM-DD, UTC).
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Catalogue identifies the control catalogue the controls were evaluated against.
type Catalogue struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
}

// Profile records the tailoring applied on top of the catalogue.
type Profile struct {
	Path      string     `json:"path"`
	SHA256    string     `json:"sha256"`
	Overrides []Override `json:"overrides"`
	// MaxTailored caps the must-pass controls the profile may tailor
	// before the gate fails.
	MaxTailored int `json:"max_tailored"`
}

// Override is one tailoring decision with the justification the profile gave for it.
type Override struct {
	Control       string `json:"control"`
	Change        string `json:"change"`
	Justification string `json:"justification"`
}

// Verdict says whether usable assurance is reached, by which rule, and why not.
type Verdict struct {
	UsableAssurance bool `json:"usable_assurance"`
	// State is "reached", "not_reached", or "not_assessable" when the
	// helpdesk signal cannot be decided (no baseline period) or more than
	// half the assessed controls lack evidence.
	State     string   `json:"state,omitempty"`
	Statement string   `json:"statement"` // e.g. "Usable assurance: reached with 2 waivers"
	Rule      string   `json:"rule"`
	Reasons   []Reason `json:"reasons"`
	// Tailored lists the must-pass controls the profile switched off,
	// lowered or re-thresholded: a reached verdict rests on them.
	Tailored []Tailoring `json:"tailored,omitempty"`
	// BeforeWaivers is the verdict as it would be without any waiver; present
	// when a waiver file was used.
	BeforeWaivers *VerdictBeforeWaivers `json:"before_waivers,omitempty"`
}

// The states of a verdict.
const (
	VerdictReached       = "reached"
	VerdictNotReached    = "not_reached"
	VerdictNotAssessable = "not_assessable"
)

// StateOf is the verdict's state; for a report written before verdicts had
// states, reached or not reached as usable_assurance says.
func (v Verdict) StateOf() string {
	switch {
	case v.State != "":
		return v.State
	case v.UsableAssurance:
		return VerdictReached
	}
	return VerdictNotReached
}

// StateWords is the state for people: "reached", "not reached", "not
// assessable".
func StateWords(state string) string { return strings.ReplaceAll(state, "_", " ") }

// Tailoring is one must-pass control a profile changed, and how.
type Tailoring struct {
	Control string `json:"control"`
	Change  string `json:"change"`
	// Status is the control's status under the tailoring (before waivers);
	// absent in reports written before it was recorded.
	Status Status `json:"status,omitempty"`
}

// TailoringWords says a tailoring for people: "PC-01 (threshold of … 24 →
// 36)", with the status when the control fails or lacks evidence, so that a
// failing control the verdict no longer counts is not lost from view.
func (t Tailoring) Words() string {
	s := t.Control + " (" + t.Change
	switch t.Status {
	case Fail:
		s += "; it fails"
	case InsufficientEvidence:
		s += "; it lacks evidence"
	}
	return s + ")"
}

// VerdictBeforeWaivers is the verdict and pass rate without waivers.
type VerdictBeforeWaivers struct {
	UsableAssurance bool     `json:"usable_assurance"`
	PassRate        float64  `json:"pass_rate"`
	Reasons         []Reason `json:"reasons"`
}

// Waivers records the accepted risks of the assessment.
type Waivers struct {
	Path      string        `json:"path"`
	SHA256    string        `json:"sha256"`
	Active    int           `json:"active"`
	MaxActive int           `json:"max_active"`
	Entries   []WaiverEntry `json:"entries"`
}

// WaiverEntry is one waiver and what became of it: active (applied), expired
// (not applied) or unused (the control did not fail).
type WaiverEntry struct {
	Control             string `json:"control"`
	State               string `json:"state"`
	StatusBefore        Status `json:"status_before"`
	Justification       string `json:"justification"`
	ApprovedBy          string `json:"approved_by"`
	RiskRegisterID      string `json:"risk_register_id"`
	Expires             string `json:"expires"`
	CompensatingControl string `json:"compensating_control,omitempty"`
}

// Coverage is how many of the period's days a log kind has records on.
type Coverage struct {
	Kind        string  `json:"kind"`
	DaysCovered int     `json:"days_covered"`
	Days        int     `json:"days"`
	Share       float64 `json:"share"`
}

// Reason is one cause of a "not reached" verdict. Control is empty for the
// pass-rate rule; Text does not repeat the control id.
type Reason struct {
	Control string `json:"control,omitempty"`
	Text    string `json:"text"`
}

// Summary counts controls by status.
type Summary struct {
	Controls             int     `json:"controls"`
	Pass                 int     `json:"pass"`
	Fail                 int     `json:"fail"`
	InsufficientEvidence int     `json:"insufficient_evidence"`
	NotApplicable        int     `json:"not_applicable"`
	Waived               int     `json:"waived"`
	PassRate             float64 `json:"pass_rate"`
	// PassRateBeforeWaivers is set when a waiver file was used.
	PassRateBeforeWaivers *float64 `json:"pass_rate_before_waivers,omitempty"`
	// Areas are the pass rates of the areas the verdict holds to the pass
	// rate on their own; absent in reports written before that rule.
	Areas []AreaRate `json:"areas,omitempty"`
}

// AreaRate is one area's pass rate: pass over pass, fail and
// insufficient_evidence.
type AreaRate struct {
	Area     string  `json:"area"`
	Pass     int     `json:"pass"`
	Assessed int     `json:"assessed"`
	PassRate float64 `json:"pass_rate"`
}

// FrameworkCoverage groups the controls mapped to one framework reference.
type FrameworkCoverage struct {
	Framework string            `json:"framework"`
	Reference string            `json:"reference"`
	Controls  []string          `json:"controls"`
	Strengths map[string]string `json:"strengths"`
	// Pass and Total count the controls of full and partial mappings only;
	// Supporting lists the rest, which never raise a coverage figure.
	Pass       int      `json:"pass"`
	Total      int      `json:"total"`
	Supporting []string `json:"supporting,omitempty"`
}

// Anchor is coverage of one of the three anchors the product promises:
// CSF 2.0 PR.AA-01, SP 800-63B AAL2 and AI RMF GOVERN.
type Anchor struct {
	Name string `json:"name"`
	// Controls map to the anchor fully or partially, and Pass, Total and
	// PassRate count them; Supporting controls only add evidence to it and
	// are listed apart.
	Controls   []string `json:"controls"`
	Pass       int      `json:"pass"`
	Total      int      `json:"total"`
	PassRate   float64  `json:"pass_rate"`
	Supporting []string `json:"supporting,omitempty"`
}

// Control is the result of one catalogue control.
type Control struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Area        string         `json:"area"`
	Severity    Severity       `json:"severity"`
	Status      Status         `json:"status"`
	Objective   string         `json:"objective"`
	Frameworks  []FrameworkRef `json:"frameworks"`
	Any         bool           `json:"any,omitempty"`
	Checks      []Check        `json:"checks"`
	Evidence    []string       `json:"evidence"`
	Missing     []string       `json:"missing,omitempty"`
	Finding     string         `json:"finding"`
	Remediation string         `json:"remediation"`
	Overridden  bool           `json:"overridden,omitempty"`
	Attested    bool           `json:"attested,omitempty"` // rests on attestations, not measurements
	// MustPass: the verdict names the profile's tailoring of this control
	// (it is marked so in the catalogue, or one of its checks is a SHALL).
	MustPass bool `json:"must_pass,omitempty"`
	// StatusBeforeWaiver and Waiver are set when an active waiver turned the
	// control to waived.
	StatusBeforeWaiver Status       `json:"status_before_waiver,omitempty"`
	Waiver             *WaiverEntry `json:"waiver,omitempty"`
}

// FrameworkRef maps a control to a framework reference with the strength of the mapping.
type FrameworkRef struct {
	Framework string `json:"framework"`
	Reference string `json:"reference"`
	Strength  string `json:"strength"`
}

// Check is one measured comparison of a control. Measured is absent when the
// metric could not be computed; N is the sample size behind it.
type Check struct {
	Metric    string `json:"metric"`
	Op        string `json:"op"`
	Threshold any    `json:"threshold"`
	Measured  any    `json:"measured,omitempty"`
	N         *int   `json:"n,omitempty"`
	MinSample int    `json:"min_sample,omitempty"`
	Status    Status `json:"status"`
	Reason    string `json:"reason,omitempty"`
	// Bound is "lower" when Measured is the least the metric can be (records
	// the export could not judge were counted against it) and Upper the most.
	Bound string   `json:"bound,omitempty"`
	Upper *float64 `json:"upper,omitempty"`
	// Unknown counts the records the metric could not use.
	Unknown int `json:"unknown,omitempty"`
	// SmallSample: a zero-tolerance check passed on fewer records than
	// MinSample, none of which breached it.
	SmallSample bool `json:"small_sample,omitempty"`
	// Basis says where the threshold comes from; absent only in reports
	// written before checks carried one.
	Basis *Basis `json:"basis,omitempty"`
}

// Basis is where a check's threshold comes from: a requirement of a
// standard, or a value the programme chose and why.
type Basis struct {
	// Kind is "normative" or "programme_default".
	Kind string `json:"kind"`
	// Requirement (normative): document, revision, section and what it
	// requires, e.g. "SP 800-63B-4 §2.2.3: … SHOULD …".
	Requirement string `json:"requirement,omitempty"`
	// Keyword (normative): SHALL, SHALL NOT, SHOULD or SHOULD NOT.
	Keyword string `json:"keyword,omitempty"`
	// Rationale (programme default): one line of why this value.
	Rationale string `json:"rationale,omitempty"`
}

// IsProgrammeDefault says the threshold is the programme's choice, not a
// standard's requirement.
func (b *Basis) IsProgrammeDefault() bool { return b != nil && b.Kind == "programme_default" }

// MetricDetail carries the sample size of a metric and, for extremum metrics, the
// stage or segment it was taken from.
type MetricDetail struct {
	N          int          `json:"n"`
	Detail     string       `json:"detail,omitempty"`
	Unit       present.Unit `json:"unit"`
	Definition string       `json:"definition"`
	Attested   bool         `json:"attested,omitempty"` // vouched for by a person, not measured
	// Unknown counts the records the value could not use and UnknownCause
	// says why; Bound and Upper as in Check.
	Unknown      int      `json:"unknown,omitempty"`
	UnknownCause string   `json:"unknown_cause,omitempty"`
	Bound        string   `json:"bound,omitempty"`
	Upper        *float64 `json:"upper,omitempty"`
}

// MetricDefinition is what a metric is: how its value reads (unit), its name
// in words (label) and its one-line definition.
type MetricDefinition struct {
	Unit       present.Unit `json:"unit"`
	Label      string       `json:"label"`
	Definition string       `json:"definition"`
}

// Helpdesk holds the monthly ticket counts by stage over the baseline and the
// assessment period, the source of the PDF's helpdesk charts.
type Helpdesk struct {
	Months []MonthStages `json:"months"`
}

// MonthStages is the number of authentication tickets opened in one month, by stage.
type MonthStages struct {
	Month  string         `json:"month"`
	Period string         `json:"period"`
	Stages map[string]int `json:"stages"`
}

// Classification says how tickets without a stage were classified.
type Classification struct {
	Source         string         `json:"source"`
	Classified     int            `json:"classified"`
	Given          int            `json:"given"`
	Rules          map[string]int `json:"rules"`
	Stages         map[string]int `json:"stages"` // every ticket of either period, by final stage
	OtherAuth      int            `json:"other_auth"`
	OtherAuthShare float64        `json:"other_auth_share"`
}

// Evidence describes one source file that was read.
type Evidence struct {
	Kind                 string         `json:"kind"`
	Path                 string         `json:"path"`
	Format               string         `json:"format"`
	System               string         `json:"system,omitempty"`
	SHA256               string         `json:"sha256"`
	Bytes                int64          `json:"bytes"`
	Records              int            `json:"records"`
	RecordsOutsidePeriod int            `json:"records_outside_period"`
	RepeatsDropped       *int           `json:"repeats_dropped,omitempty"` // records dropped as repeats of one with the same id; nil when the records carry no id
	CollectedAt          string         `json:"collected_at,omitempty"`
	Stale                string         `json:"stale,omitempty"`   // why the source is too old or too early to rely on
	Skipped              map[string]int `json:"skipped,omitempty"` // vendor records out of scope, by event type
	Notes                []string       `json:"notes,omitempty"`   // what the format cannot tell
}

// Join says how many records of a kind named a person and how many of those
// matched the population, after identifiers were normalised and mapped.
type Join struct {
	Kind    string  `json:"kind"`
	Records int     `json:"records"`
	Joined  int     `json:"joined"`
	Share   float64 `json:"share"`
}

// Gate is the CI decision taken on the report.
type Gate struct {
	Passed  bool     `json:"passed"`
	Rules   []string `json:"rules"`
	Reasons []string `json:"reasons"`
	// Options are the settings the rules were made from, so that the gate
	// can be applied again (assure verify) without reading the sentences.
	Options GateOptions `json:"options"`
}

// SeriesPoint is one month of a metric's series across the baseline and the
// assessment period. Value is absent for a month without a sample.
type SeriesPoint struct {
	Month  string   `json:"month"`
	Period string   `json:"period"` // "baseline" or "assessment"
	Value  *float64 `json:"value,omitempty"`
	N      int      `json:"n"`
}

// Comparison sets this report against the previous one (assess --baseline).
type Comparison struct {
	Previous  PreviousReport  `json:"previous"`
	Verdict   VerdictChange   `json:"verdict"`
	PassRate  RateChange      `json:"pass_rate"`
	Controls  []ControlChange `json:"controls"`
	Metrics   []MetricChange  `json:"metrics"`
	Regressed []string        `json:"regressed"`
	Improved  []string        `json:"improved"`
}

// PreviousReport identifies the report compared against.
type PreviousReport struct {
	Organization string `json:"organization"`
	Period       Period `json:"period"`
	GeneratedAt  string `json:"generated_at"`
	SHA256       string `json:"sha256"`
}

// VerdictChange is the verdict then and now.
type VerdictChange struct {
	Previous bool `json:"previous"`
	Current  bool `json:"current"`
	Changed  bool `json:"changed"`
}

// RateChange is the pass rate then and now.
type RateChange struct {
	Previous float64 `json:"previous"`
	Current  float64 `json:"current"`
	Change   float64 `json:"change"`
}

// ControlChange is one control then and now. Change is "regressed" (pass to fail
// or insufficient_evidence), "improved" (the reverse), "changed" (another
// status change), "unchanged", "new" or "removed".
type ControlChange struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Severity Severity      `json:"severity"`
	Previous Status        `json:"previous,omitempty"`
	Current  Status        `json:"current,omitempty"`
	Change   string        `json:"change"`
	Checks   []CheckChange `json:"checks"`
}

// CheckChange is one check's measured value then and now.
type CheckChange struct {
	Metric   string `json:"metric"`
	Previous any    `json:"previous,omitempty"`
	Current  any    `json:"current,omitempty"`
}

// MetricChange is one metric then and now; Delta is set for numbers present
// in both reports.
type MetricChange struct {
	Metric   string   `json:"metric"`
	Previous any      `json:"previous,omitempty"`
	Current  any      `json:"current,omitempty"`
	Delta    *float64 `json:"delta,omitempty"`
}

// Inputs are the digests of every file besides the evidence that shaped the
// report, so that an auditor can tell which catalogue, tailoring, waivers and
// classification rules were in force.
type Inputs struct {
	Manifest    Digest  `json:"manifest"`
	Catalogue   Digest  `json:"catalogue"`
	Profile     *Digest `json:"profile,omitempty"`
	Waivers     *Digest `json:"waivers,omitempty"`
	TicketRules Digest  `json:"ticket_rules"`
}

// Digest names a file and its SHA-256.
type Digest struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}
