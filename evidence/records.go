package evidence

import (
	"time"

	"github.com/assure-dev/assure/vocab"
)

// Person is a row of the population kind.
type Person struct {
	UserID     string
	Persona    string // knowledge_worker | frontline | it_admin
	Employment string // employee | contractor | acquired
	Privileged bool
	// PrivilegedKnown: the row says whether the person is privileged (an
	// empty cell does not).
	PrivilegedKnown bool
	InScope         bool
	// InScopeFrom is the day the person came into scope (joined, or arrived
	// with an acquisition); zero when in scope throughout.
	InScopeFrom time.Time
}

// Device is a row of the devices kind.
type Device struct {
	DeviceID         string
	UserID           string // empty for shared devices
	Platform         string
	OSVersion        string
	HardwareKeystore bool
	// KeystoreUnknown: the inventory cannot tell whether the device has a
	// hardware key store, so whether it is ready cannot be judged.
	KeystoreUnknown bool
	Managed         bool
	Ownership       string // corporate | personal
	Shared          bool
	LastSeen        time.Time
}

// Authenticator is a row of the authenticators kind.
type Authenticator struct {
	UserID       string
	ID           string
	Type         vocab.Method
	RegisteredAt time.Time
	RevokedAt    time.Time // zero while active
	// DatesUnknown marks a snapshot (e.g. an Entra registration report): the
	// authenticator is held when the snapshot was taken, but when it was
	// registered is not known.
	DatesUnknown bool
}

// HeldAt reports whether the authenticator was registered and not yet revoked
// at t. For a snapshot without dates it reports whether it was held at all.
func (a *Authenticator) HeldAt(t time.Time) bool {
	if a.DatesUnknown {
		return true
	}
	return !a.RegisteredAt.After(t) && (a.RevokedAt.IsZero() || a.RevokedAt.After(t))
}

// PolicySet is the policies kind: the IdP baseline and each application.
type PolicySet struct {
	IdP  IdPPolicy
	Apps []AppPolicy
}

// IdPPolicy is the organisation-wide baseline. Nil pointers are settings the
// export did not carry.
type IdPPolicy struct {
	MaxSessionHours              *float64
	IdleTimeoutMinutes           *float64
	LockoutThreshold             *float64
	RecoveryMethods              []string
	NotifyOnRecovery             *bool
	AllowedMethods               []string
	FallbackMethods              []string
	HasAllowed, HasFallback      bool
	StepUp                       string
	SharedWorkstationIdleMinutes *float64
}

// AppPolicy is one application's settings; nil pointers and Has* = false inherit
// the IdP value.
type AppPolicy struct {
	App                     string
	AAL                     int
	MaxSessionHours         *float64
	IdleTimeoutMinutes      *float64
	AllowedMethods          []string
	FallbackMethods         []string
	HasAllowed, HasFallback bool
	StepUp                  string
}

// GovernanceRecord is the governance kind. Zero dates are absent.
type GovernanceRecord struct {
	Owner                        *string
	RolloutStart                 time.Time
	SupportedPlatformsDocumented time.Time
	LastMetricsReview            time.Time
	SupportedPlatforms           map[string]string
	Exceptions                   []Exception
	AISystems                    []AISystem
	// RecoveryRiskAnalysis is when the risk analysis of help-desk and
	// temporary-pass recovery (SP 800-63B-4 §4.2) was documented; zero if
	// never.
	RecoveryRiskAnalysis time.Time
}

// Exception is an entry of the governance exception register.
type Exception struct {
	ID, Scope, Owner, Justification string
	Expires                         time.Time
}

// AISystem is an AI system used in the identity stack.
type AISystem struct {
	Name          string
	Owner         string
	LastReview    time.Time
	HumanOverride bool
	HasOverride   bool
}

// Attestation is a person in a named role vouching, with a reference, for a
// statement that no export can show.
type Attestation struct {
	Statement  string
	Answer     bool
	AttestedBy string // a role
	AttestedAt time.Time
	Reference  string
	Expires    time.Time
	// CollectedAt is when the attestations file was collected: an
	// attestation dated after it cannot have been part of the evidence.
	CollectedAt time.Time
}
