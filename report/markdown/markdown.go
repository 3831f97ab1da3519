// Package markdown renders a report as a GitHub-flavoured Markdown summary
// (summary.md) for pull-request comments and CI job summaries, for example
// `cat out/summary.md >> "$GITHUB_STEP_SUMMARY"`.
//
// The summary holds, in this order: the verdict statement as a heading (with
// the verdict before waivers when a waiver file was used), the organisation,
// period and catalogue, the reasons for a verdict that is not reached, the
// counts by status with the pass rate, a table of every control that does not
// pass (id, title, severity, status and each check's measured value against
// its threshold, formatted with present.Format and the metric's unit from
// the report's metric details, or from the metric's definition for a metric
// the assessment could not compute), the change since the baseline report
// when there is one (pass rate, regressed and improved controls), the CI
// gate, and a line naming the report files.
//
// The table lists failing and insufficiently evidenced controls first, then
// waived and not applicable ones; within each group by severity (critical
// first), then in catalogue order.
//
// Text from the report is escaped, so that catalogue titles, findings or waiver
// text cannot break the table or inject markup: Markdown punctuation is
// backslash-escaped (a pipe becomes \|), angle brackets become entities,
// line breaks become spaces and control characters are removed. A bare URL,
// an e-mail address or an @mention in an organisation, application or
// segment name gets an invisible word joiner (U+2060) after its "://", "www"
// or "@", so GitHub neither links it nor notifies anyone (esc).
//
// GitHub limits a job summary to 1 MiB. The summary is bounded by the number of
// controls, and for very large catalogues the reasons and the table are cut
// (maxReasons, maxRows) with a note pointing to report.json, so it stays well
// under that limit (a few kilobytes for the built-in catalogue).
//
// Render is a pure function of the report: it reads no clock or environment
// and iterates no map, so the same report gives the same bytes. It writes
// nothing about people: the report holds none, and the approver of a waiver is
// left out.
package markdown

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assure-dev/assure/internal/redact"
	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/present"
)

// FileName is the name of the Markdown summary file.
const FileName = "summary.md"

// ReportFiles are the files `assure assess` can write, as the summary names
// them; which of them exist depends on --format.
var ReportFiles = []string{"report.json", "report.pdf", "assessment-results.json", "junit.xml", "summary.md", "risk-register.csv"}

// Limits that keep the summary small whatever the catalogue.
const (
	maxReasons = 50
	maxRows    = 200
)

// Render writes the report as a Markdown summary.
func Render(r *report.Report) ([]byte, error) {
	var b strings.Builder
	verdict(&b, r)
	reasons(&b, r)
	counts(&b, r)
	if err := table(&b, r); err != nil {
		return nil, err
	}
	comparison(&b, r)
	gate(&b, r)
	files := make([]string, len(ReportFiles))
	for i, f := range ReportFiles {
		files[i] = "`" + f + "`"
	}
	fmt.Fprintf(&b, "Report files (as chosen with `--format`): %s. Written by %s %s.\n",
		strings.Join(files, ", "), esc(r.Tool.Name), esc(r.Tool.Version))
	return []byte(b.String()), nil
}

func verdict(b *strings.Builder, r *report.Report) {
	mark := map[string]string{report.VerdictReached: "✅", report.VerdictNotAssessable: "⚠️"}[r.Verdict.StateOf()]
	if mark == "" {
		mark = "❌"
	}
	fmt.Fprintf(b, "## %s %s\n\n", mark, esc(r.Verdict.Statement))
	fmt.Fprintf(b, "**%s**, %s to %s · catalogue %s %s · report of %s\n\n",
		esc(r.Organization), esc(r.Period.Start), esc(r.Period.End), esc(r.Catalogue.Name), esc(r.Catalogue.Version), esc(r.GeneratedAt))
	for _, t := range r.Verdict.Tailored {
		fmt.Fprintf(b, "- Tailored must-pass control: %s\n", esc(t.Words()))
	}
	if len(r.Verdict.Tailored) > 0 {
		b.WriteString("\n")
	}
	if bw := r.Verdict.BeforeWaivers; bw != nil {
		fmt.Fprintf(b, "Before waivers: usable assurance %s, pass rate %s", reached(bw.UsableAssurance), present.Format(bw.PassRate, "share"))
		if w := r.Waivers; w != nil {
			fmt.Fprintf(b, "; %d of %d waivers active", w.Active, len(w.Entries))
		}
		b.WriteString(".\n\n")
	}
}

func reached(ok bool) string {
	if ok {
		return "reached"
	}
	return "not reached"
}

func reasons(b *strings.Builder, r *report.Report) {
	rs := r.Verdict.Reasons
	if len(rs) == 0 {
		return
	}
	b.WriteString("### Why\n\n")
	for i, rs := range rs {
		if i == maxReasons {
			fmt.Fprintf(b, "- … and %d more reasons, listed in `report.json`.\n", len(r.Verdict.Reasons)-maxReasons)
			break
		}
		if rs.Control != "" {
			fmt.Fprintf(b, "- **%s** %s\n", esc(rs.Control), esc(rs.Text))
			continue
		}
		fmt.Fprintf(b, "- %s\n", esc(rs.Text))
	}
	b.WriteString("\n")
}

func counts(b *strings.Builder, r *report.Report) {
	s := r.Summary
	b.WriteString("### Controls\n\n")
	b.WriteString("| Controls | Pass | Fail | Insufficient evidence | Not applicable | Waived | Pass rate |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|\n")
	rate := present.Format(s.PassRate, "share")
	if s.PassRateBeforeWaivers != nil {
		rate += " (" + present.Format(*s.PassRateBeforeWaivers, "share") + " before waivers)"
	}
	fmt.Fprintf(b, "| %d | %d | %d | %d | %d | %d | %s |\n\n", s.Controls, s.Pass, s.Fail, s.InsufficientEvidence, s.NotApplicable, s.Waived, rate)
	if len(r.Missing) > 0 {
		fmt.Fprintf(b, "Missing evidence: %s.\n\n", esc(strings.Join(r.Missing, ", ")))
	}
}

// statusRank orders the table: what needs work first, accepted risks and
// controls that do not apply last.
var statusRank = map[report.Status]int{report.Fail: 0, report.InsufficientEvidence: 0, report.Waived: 1, report.NotApplicable: 2}

func rank(m map[report.Status]int, k report.Status) int {
	if v, ok := m[k]; ok {
		return v
	}
	return len(m)
}

func table(b *strings.Builder, r *report.Report) error {
	var rows []report.Control
	for _, c := range r.Controls {
		switch c.Status {
		case report.Pass:
		case report.Fail, report.InsufficientEvidence, report.Waived, report.NotApplicable:
			rows = append(rows, c)
		default:
			return fmt.Errorf("markdown: control %s has unknown status %q", c.ID, c.Status)
		}
	}
	if len(rows) == 0 {
		b.WriteString("Every control passes.\n\n")
		return nil
	}
	slices.SortStableFunc(rows, func(x, y report.Control) int {
		if d := rank(statusRank, x.Status) - rank(statusRank, y.Status); d != 0 {
			return d
		}
		return x.Severity.Rank() - y.Severity.Rank()
	})
	fmt.Fprintf(b, "### Controls that do not pass (%d)\n\n", len(rows))
	b.WriteString("| ID | Control | Severity | Status | Measured vs threshold |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for i, c := range rows {
		if i == maxRows {
			fmt.Fprintf(b, "\n… and %d more controls that do not pass, listed in `report.json`.\n", len(rows)-maxRows)
			break
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", esc(c.ID), esc(c.Title), esc(string(c.Severity)), status(r, c), checks(r, c))
	}
	b.WriteString("\n")
	return nil
}

// status is the status in words; a waived control names its risk and expiry,
// and a control whose waiver was not applied names the waiver and its state.
func status(r *report.Report, c report.Control) string {
	if c.Status == report.Waived {
		s := "waived"
		if w := c.Waiver; w != nil {
			var parts []string
			if w.RiskRegisterID != "" {
				parts = append(parts, esc(w.RiskRegisterID))
			}
			if w.Expires != "" {
				parts = append(parts, "until "+esc(w.Expires))
			}
			if len(parts) > 0 {
				s += " (" + strings.Join(parts, ", ") + ")"
			}
		}
		return s
	}
	s := esc(words(c.Status))
	if w := r.Waivers; w != nil && c.Waiver == nil {
		for _, e := range w.Entries {
			if e.Control == c.ID && e.State != "active" && e.State != "unused" {
				s += " (waiver " + esc(e.RiskRegisterID) + " " + esc(e.State)
				if e.Expires != "" {
					s += " " + esc(e.Expires)
				}
				s += ")"
			}
		}
	}
	return s
}

// checks writes each check as "measured vs op threshold", naming the metric
// when the control has more than one check.
func checks(r *report.Report, c report.Control) string {
	if len(c.Checks) == 0 {
		return present.NotAvailable
	}
	parts := make([]string, len(c.Checks))
	for i, ch := range c.Checks {
		unit := r.Definition(ch.Metric).Unit
		s := esc(present.Measured(ch.Measured, unit, ch.Bound, ch.Upper)) + " vs " + esc(present.Operator(ch.Op)+" "+present.Format(present.Number(ch.Threshold), unit))
		if len(c.Checks) > 1 {
			s = code(ch.Metric) + ": " + s
		}
		parts[i] = s
	}
	return strings.Join(parts, "<br>")
}

func comparison(b *strings.Builder, r *report.Report) {
	c := r.Comparison
	if c == nil {
		return
	}
	fmt.Fprintf(b, "### Since the previous report (%s to %s)\n\n", esc(c.Previous.Period.Start), esc(c.Previous.Period.End))
	fmt.Fprintf(b, "Usable assurance %s → %s; pass rate %s → %s (%s).\n\n",
		reached(c.Verdict.Previous), reached(c.Verdict.Current),
		present.Format(c.PassRate.Previous, "share"), present.Format(c.PassRate.Current, "share"),
		present.Format(c.PassRate.Change, "share_delta"))
	changes := map[string]report.ControlChange{}
	for _, cc := range c.Controls {
		changes[cc.ID] = cc
	}
	list := func(label string, ids []string) {
		if len(ids) == 0 {
			fmt.Fprintf(b, "- %s: none\n", label)
			return
		}
		items := make([]string, 0, len(ids))
		for i, id := range ids {
			if i == maxRows {
				items = append(items, fmt.Sprintf("and %d more", len(ids)-maxRows))
				break
			}
			s := "**" + esc(id) + "**"
			if cc, ok := changes[id]; ok {
				s += " " + esc(cc.Title) + " (" + esc(words(cc.Previous)) + " → " + esc(words(cc.Current)) + ")"
			}
			items = append(items, s)
		}
		fmt.Fprintf(b, "- %s: %s\n", label, strings.Join(items, "; "))
	}
	list("Regressed", c.Regressed)
	list("Improved", c.Improved)
	b.WriteString("\n")
}

// words is a status as the table writes it: lower case, "absent" for none.
func words(status report.Status) string {
	if status == "" {
		return "absent"
	}
	return strings.ToLower(status.Title())
}

func gate(b *strings.Builder, r *report.Report) {
	if r.Gate.Passed {
		b.WriteString("**CI gate:** passed.\n\n")
		return
	}
	reasons := make([]string, len(r.Gate.Reasons))
	for i, s := range r.Gate.Reasons {
		reasons[i] = esc(s)
	}
	fmt.Fprintf(b, "**CI gate:** failed: %s.\n\n", strings.Join(reasons, "; "))
}

// wordJoiner is the invisible character esc puts where GitHub would
// otherwise make a link or a mention: U+2060 WORD JOINER, which has no width
// and, unlike the zero-width joiner, no effect on the characters around it
// (emoji sequences).
const wordJoiner = "\u2060"

// esc makes text safe in Markdown and in a table cell: control characters
// are removed and line breaks become spaces (redact.Line), Markdown
// punctuation is backslash-escaped and angle brackets and ampersands become
// entities, so no text can start a tag, a link or a new table cell. Text
// that GitHub would turn into a link or a notification — a bare URL
// (https://, www.), an e-mail address, an @mention — gets a word joiner
// after its "@", after the colon of "://" and after "www", so it reads the
// same but is neither linked nor notifies anyone.
func esc(s string) string {
	s = redact.Line(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '@':
			b.WriteString("@" + wordJoiner)
		case r == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(":" + wordJoiner)
		case (r == 'w' || r == 'W') && (i == 0 || !isWordByte(s[i-1])) && len(s) >= i+4 && strings.EqualFold(s[i:i+4], "www."):
			b.WriteString(s[i:i+3] + wordJoiner + ".")
			n = 4
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case strings.ContainsRune("\\`*_[]|~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// isWordByte: a letter or digit of ASCII, before which "www." is not the
// start of a host name.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// code writes an identifier as a code span, or as escaped text when it holds
// a character a code span cannot.
func code(s string) string {
	if strings.ContainsAny(s, "`|\r\n") || s == "" {
		return esc(s)
	}
	return "`" + s + "`"
}
