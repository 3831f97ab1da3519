package vocab

// Stage is where in the passwordless journey a helpdesk ticket arose.
type Stage string

// The ticket stages.
const (
	Enrolment              Stage = "enrolment"
	DeviceReadiness        Stage = "device_readiness"
	AuthenticatorMigration Stage = "authenticator_migration"
	LostDeviceRecovery     Stage = "lost_device_recovery"
	Reauthentication       Stage = "reauthentication"
	PasswordReset          Stage = "password_reset"
	OtherAuth              Stage = "other_auth"
	// Unrelated tickets are ignored by every helpdesk metric.
	Unrelated Stage = "unrelated"
)

// Stages returns the seven authentication stages in the order reports show
// them; Unrelated is not among them.
func Stages() []Stage {
	return []Stage{Enrolment, DeviceReadiness, AuthenticatorMigration, LostDeviceRecovery, Reauthentication, PasswordReset, OtherAuth}
}

// TicketStages returns every value a ticket's stage may take: the seven
// authentication stages and Unrelated.
func TicketStages() []Stage { return append(Stages(), Unrelated) }

// ParseStage returns the ticket stage spelled s: one of TicketStages.
func ParseStage(s string) (Stage, bool) {
	for _, st := range TicketStages() {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// Segment is a part of the population that tends to get stuck in its own way.
type Segment string

// The segments.
const (
	Personal   Segment = "personal"
	Shared     Segment = "shared"
	Frontline  Segment = "frontline"
	Contractor Segment = "contractor"
	Acquired   Segment = "acquired"
)

// Segments returns the segments in the order reports show them.
func Segments() []Segment { return []Segment{Personal, Shared, Frontline, Contractor, Acquired} }

// Areas returns the catalogue's control areas in the order reports show them.
func Areas() []string {
	return []string{"device_readiness", "enrolment", "authentication", "recovery", "policy_consistency", "helpdesk_signal", "governance"}
}

// word is how an identifier reads inside a sentence and as a heading.
type word struct{ inText, title string }

var words = map[string]word{
	string(Enrolment):              {"enrolment", "Enrolment"},
	string(DeviceReadiness):        {"device readiness", "Device readiness"},
	string(AuthenticatorMigration): {"authenticator migration", "Authenticator migration"},
	string(LostDeviceRecovery):     {"lost-device recovery", "Lost-device recovery"},
	string(Reauthentication):       {"reauthentication", "Reauthentication"},
	string(PasswordReset):          {"password reset", "Password reset"},
	string(OtherAuth):              {"other authentication", "Other authentication"},
	string(Unrelated):              {"unrelated", "Unrelated"},
	string(Personal):               {"personal (BYOD)", "Personal"},
	string(Shared):                 {"shared-workstation", "Shared"},
	string(Frontline):              {"frontline", "Frontline"},
	string(Contractor):             {"contractor", "Contractor"},
	string(Acquired):               {"acquired-company", "Acquired"},
	"authentication":               {"authentication", "Authentication"},
	"recovery":                     {"recovery", "Recovery"},
	"policy_consistency":           {"policy consistency", "Policy consistency"},
	"helpdesk_signal":              {"helpdesk signal", "Helpdesk signal"},
	"governance":                   {"governance", "Governance"},
}

// Label is how a stage, segment or area identifier reads inside a sentence
// ("lost-device recovery"); any other text is returned as it is.
func Label(id string) string {
	if w, ok := words[id]; ok {
		return w.inText
	}
	return id
}

// Title is how a stage, segment or area identifier reads as a heading or a
// chart label ("Lost-device recovery"), and false for other text.
func Title(id string) (string, bool) {
	w, ok := words[id]
	return w.title, ok
}
