// Package report is the report.json contract and nothing else: the report
// model with its own status and severity types, its JSON encoding checked
// against the published schema, the comparison of two reports and the gate
// decision CI relies on. It knows nothing of how evidence is read or metrics
// computed (package assessment builds the model); every renderer is a pure
// function of a *Report.
package report

// Name and Version identify this tool in every report.
const (
	Name    = "assure"
	Version = "0.1.0"
)

// Definition returns what the report says a metric is: its unit, label and
// definition. A report written before metric_definitions existed falls back
// on metric_details for the unit and definition and on the metric's name for
// its label.
func (r *Report) Definition(metric string) MetricDefinition {
	if d, ok := r.MetricDefinitions[metric]; ok {
		return d
	}
	d := MetricDefinition{Label: metric}
	if md, ok := r.MetricDetails[metric]; ok {
		d.Unit, d.Definition = md.Unit, md.Definition
	}
	return d
}
