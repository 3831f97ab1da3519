// Package vendors assembles the registry of vendor export formats that an
// evidence manifest may name. Each adapter lives in its own package under
// evidence/; this is the one place that lists them all.
package vendors

import (
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/entra"
	"github.com/assure-dev/assure/evidence/intune"
	"github.com/assure-dev/assure/evidence/jamf"
	"github.com/assure-dev/assure/evidence/jira"
	"github.com/assure-dev/assure/evidence/ocsf"
	"github.com/assure-dev/assure/evidence/okta"
	"github.com/assure-dev/assure/evidence/servicenow"
)

// Formats returns a registry holding every vendor format.
func Formats() *evidence.Formats {
	return evidence.NewFormats(
		intune.New(), jamf.New(), servicenow.NewCSV(), servicenow.NewJSON(), jira.New(),
		entra.NewSignIns(), entra.NewAudit(), entra.NewRegistrationDetails(),
		ocsf.New(),
		okta.NewSystemLog(), okta.NewPolicies(),
	)
}
