// Package report builds the report model (the report.json contract) from the
// results of an assessment, renders it as JSON validated against its published
// schema, writes report files atomically, and takes the gate decision CI relies on.
package report

// Name and Version identify this tool in every report.
const (
	Name    = "assure"
	Version = "0.1.0"
)
