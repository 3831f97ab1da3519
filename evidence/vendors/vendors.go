// Package vendors assembles the registry of vendor export formats that an
// evidence manifest may name. Each adapter lives in its own package under
// evidence/; this is the one place that lists them all.
package vendors

import "github.com/assure-dev/assure/evidence"

// Formats returns a registry holding every vendor format.
func Formats() *evidence.Formats {
	return evidence.NewFormats()
}
