// Package oscal renders a report as an OSCAL 1.1.3 assessment-results document
// (JSON), the `oscal` format written as assessment-results.json. Like every
// renderer it is a pure function of the report.Report: the same report gives
// byte-identical output, and a report decoded from report.json gives the same
// bytes as the report it was written from.
//
// # Document layout
//
//   - metadata: title with the organisation and period; last-modified is the
//     report's generated_at; version is the tool version; oscal-version 1.1.3.
//     The assessed organisation is the one party (type organization), in the
//     role "prepared-for". No person is named anywhere: the approvers of
//     waivers and the attesters of attestations appear only as the role titles
//     the report carries.
//   - import-ap: assure has no separate OSCAL assessment plan; the plan is the
//     control catalogue (with the profile, waivers, manifest and classification
//     rules in force). import-ap therefore points at a back-matter resource
//     describing them: href "#<uuid of that resource>", the OSCAL convention
//     for an internal reference, so the reference always resolves within the
//     document and is deterministic.
//   - one result: start and end are the assessment period (start 00:00:00Z,
//     end 23:59:59Z); title and description carry the verdict statement, the
//     verdict rule and its reasons; props carry the counts, pass rate and gate.
//   - reviewed-controls: one control-selection per framework reference of the
//     report (report.Frameworks), whose description and props give the original
//     framework and reference text, and whose include-controls holds the
//     reference as an OSCAL token (see ControlID): lower case, every run of
//     characters a token does not allow (spaces, "§") replaced by one "-",
//     so "PR.AA-01" → "pr.aa-01", "AAL2 §4.2.1" → "aal2-4.2.1",
//     "GOVERN 1.3" → "govern-1.3".
//   - one observation per metric: every metric of report.Metrics and every
//     metric a check names but that could not be computed. Props give the
//     metric, its unit, measured value and n; methods are ["TEST"], or
//     ["EXAMINE"] for attested metrics. Subjects (type "resource") and
//     relevant-evidence point at the back-matter resources of the evidence
//     sources that the controls checking the metric rely on; a metric that no
//     control checks has none, since the report does not say which sources
//     it came from.
//   - one finding per control, except not_applicable ones (see below), with
//     target type "objective-id" and target-id the control id (the catalogue
//     control is the assessment objective; ids are OSCAL tokens as they stand,
//     and are passed through ControlID only if not). The finding text is the
//     description, the remediation the remarks, and related-observations link
//     the observations of the control's checks.
//   - back-matter: the assessment-plan resource, the waiver file (if any), and
//     one resource per evidence source with its path as rlink href and its
//     SHA-256 as rlink hash; its kind, system, format and record counts are
//     props.
//
// All props of this package use the namespace https://assure.dev/ns/oscal.
//
// # Statuses
//
//	pass                   satisfied,     reason "pass"
//	fail                   not-satisfied, reason "fail"
//	insufficient_evidence  not-satisfied, reason "other", remarks say what is missing
//	waived                 not-satisfied, reason "fail" (or "other" if it lacked
//	                       evidence before the waiver), plus a risk with status
//	                       "deviation-approved" that the finding links as a
//	                       related risk: the objective is not met, the risk is
//	                       accepted until the waiver expires (risk deadline).
//	not_applicable         no finding: OSCAL has no "not applicable" objective
//	                       state, and either state would be counted as a result.
//	                       The control is listed in a result prop
//	                       "not-applicable-control" with the reason as remarks.
//
// Every finding also has a prop "status" with the control's assure status.
//
// # UUIDs
//
// Every UUID is a version-5 (SHA-1, name-based) UUID per RFC 9562, in the
// namespace NamespaceUUID, named by the organisation, the period and the
// subject (a metric, a control, an evidence source by kind, path and SHA-256, ...). Following
// OSCAL's per-subject guidance, an item keeps its UUID across regenerations of
// the results for the same organisation and period.
package oscal
