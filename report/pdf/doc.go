// Package pdf renders the PDF twin of report.json: an assurance report a GRC
// team can attach to a risk register.
//
// Render is a pure function of a report.Report: it reads no clock and no
// environment, takes every date from Report.GeneratedAt and sorts every map it
// prints, so the same report gives byte-identical PDFs. It is the only package
// of the module that imports github.com/go-pdf/fpdf. Text is set in the Go
// fonts (golang.org/x/image/font/gofont), embedded as UTF-8 fonts so that
// organisation names such as "Zürich Städtische Werke" keep their letters.
//
// The document holds, in this order: a cover, the executive summary, "Since
// last quarter" (only when the report holds a comparison with a previous
// report), the helpdesk signal, readiness and adoption, monthly trends (only
// when the report holds monthly series), results by area, findings,
// framework alignment and two appendices (evidence, method). Every page has a
// header with the organisation and period and a footer with "page X of Y" and
// the report date. Results a person attested to are labelled ATTESTED, with
// the attestation, wherever a status or value is shown; never as measured.
//
// Which metrics the helpdesk, readiness and trends pages show, and how, is
// the table in layout.go. What a metric is called, its unit and its
// definition come from the report (Report.Definition); statuses and
// severities are report.Status and report.Severity, stage, segment and area
// words those of vocab.
package pdf
