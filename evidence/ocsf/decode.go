package ocsf

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The types below are the parts of an OCSF event the adapter reads. Decoding
// into them with encoding/json skips every other attribute without building it,
// and matches keys without regard to case, as pipelines drift (class_uid,
// Class_UID, CLASS_UID).

// record is one OCSF event of any of the supported classes.
type record struct {
	ClassUID     scalar    `json:"class_uid"`
	ActivityID   scalar    `json:"activity_id"`
	TypeUID      scalar    `json:"type_uid"`
	StatusID     scalar    `json:"status_id"`
	Status       scalar    `json:"status"`
	StatusCode   scalar    `json:"status_code"`
	StatusDetail scalar    `json:"status_detail"`
	Time         scalar    `json:"time"`
	TimeDT       scalar    `json:"time_dt"`
	IsMFA        scalar    `json:"is_mfa"`
	User         *user     `json:"user"`
	Actor        *actor    `json:"actor"`
	AuthFactors  []factor  `json:"auth_factors"`
	Service      *service  `json:"service"`
	DstEndpoint  *endpoint `json:"dst_endpoint"`
	Session      *session  `json:"session"`
	Device       *device   `json:"device"`
	Metadata     *metadata `json:"metadata"`
	Unmapped     *unmapped `json:"unmapped"`
	XPwdless     *xpwdless `json:"x_pwdless"`
}

type user struct {
	UID       scalar `json:"uid"`
	Name      scalar `json:"name"`
	EmailAddr scalar `json:"email_addr"`
}

type actor struct {
	User    *user    `json:"user"`
	Session *session `json:"session"`
}

type factor struct {
	FactorTypeID scalar `json:"factor_type_id"`
	FactorType   scalar `json:"factor_type"`
	Provider     scalar `json:"provider"`
	EmailAddr    scalar `json:"email_addr"`
	PhoneNumber  scalar `json:"phone_number"`
	IsHOTP       scalar `json:"is_hotp"`
	IsTOTP       scalar `json:"is_totp"`
}

type service struct {
	Name scalar `json:"name"`
	UID  scalar `json:"uid"`
}

type endpoint struct {
	SvcName  scalar `json:"svc_name"`
	Hostname scalar `json:"hostname"`
	Name     scalar `json:"name"`
	Domain   scalar `json:"domain"`
	IP       scalar `json:"ip"`
}

type session struct {
	UID scalar `json:"uid"`
}

type metadata struct {
	UID              scalar `json:"uid"`
	OriginalEventUID scalar `json:"original_event_uid"`
	EventCode        scalar `json:"event_code"`
	Product          *struct {
		Name scalar `json:"name"`
	} `json:"product"`
}

type device struct {
	UID            scalar  `json:"uid"`
	UIDAlt         scalar  `json:"uid_alt"`
	Name           scalar  `json:"name"`
	Hostname       scalar  `json:"hostname"`
	TypeID         scalar  `json:"type_id"`
	OS             *osInfo `json:"os"`
	Owner          *user   `json:"owner"`
	IsManaged      scalar  `json:"is_managed"`
	IsPersonal     scalar  `json:"is_personal"`
	IsShared       scalar  `json:"is_shared"`
	LastSeenTime   scalar  `json:"last_seen_time"`
	LastSeenTimeDT scalar  `json:"last_seen_time_dt"`
	HWInfo         *struct {
		SerialNumber scalar `json:"serial_number"`
	} `json:"hw_info"`
}

type osInfo struct {
	Name    scalar `json:"name"`
	TypeID  scalar `json:"type_id"`
	Type    scalar `json:"type"`
	Version scalar `json:"version"`
	Build   scalar `json:"build"`
}

// unmapped holds the vendor attributes a mapping left outside the schema that
// say more about the authenticator or the device: Okta's debugData.factor and
// methodUsedVerifiedProperties, Intune's TPM version, Jamf's appleSilicon.
type unmapped struct {
	DebugData    *debugData `json:"debugData"`
	DebugContext *struct {
		DebugData *debugData `json:"debugData"`
	} `json:"debugContext"`
	Factor                       scalar `json:"factor"`
	MethodUsedVerifiedProperties props  `json:"methodUsedVerifiedProperties"`
	DetailEntry                  *struct {
		MethodUsedVerifiedProperties props `json:"methodUsedVerifiedProperties"`
	} `json:"detailEntry"`
	XPwdless                *xpwdless `json:"x_pwdless"`
	HardwareKeystore        scalar    `json:"hardware_keystore"`
	TPMSpecificationVersion scalar    `json:"tpmSpecificationVersion"`
	TPMVersion              scalar    `json:"tpm_version"`
	SecureEnclave           scalar    `json:"secure_enclave"`
	AppleSilicon            scalar    `json:"appleSilicon"`
	Hardware                *struct {
		AppleSilicon scalar `json:"appleSilicon"`
	} `json:"hardware"`
}

type debugData struct {
	Factor scalar `json:"factor"`
}

// xpwdless is the programme extension proposed for OCSF events in the research
// notes: facts about the authenticator and the device that OCSF has no
// attribute for.
type xpwdless struct {
	AuthenticatorClass scalar `json:"authenticator_class"`
	PhishingResistant  scalar `json:"phishing_resistant"`
	VerifiedProperties props  `json:"verified_properties"`
	HardwareKeystore   scalar `json:"hardware_keystore"`
	Shared             scalar `json:"shared"`
}

// shape is what a JSON value turned out to be.
type shape uint8

const (
	absent shape = iota
	null
	text
	number
	boolean
	composite // an object or an array where a scalar was wanted
)

// scalar is a JSON value read leniently: a string, a number (kept with its
// spelling), a boolean, null or absent. Producers disagree on whether ids and
// even class_uid are numbers or strings, so no scalar ever fails to decode; the
// mapping decides what it can use.
type scalar struct {
	kind shape
	s    string // the string, or a long number as written
	f    float64
	b    bool
}

func (v *scalar) UnmarshalJSON(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case 'n':
		v.kind = null
	case 't', 'f':
		v.kind, v.b = boolean, b[0] == 't'
	case '"':
		v.kind, v.s = text, unquote(b)
	case '{', '[':
		v.kind = composite
	default:
		// Numbers are kept as written only when a float64 might not hold
		// them exactly; ParseFloat of a short conversion does not allocate.
		v.kind = number
		v.f, _ = strconv.ParseFloat(string(b), 64)
		if len(b) > 15 {
			v.s = string(b)
		}
	}
	return nil
}

func unquote(b []byte) string {
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' {
			var s string
			json.Unmarshal(b, &s)
			return s
		}
	}
	return string(inner)
}

// present reports whether the value was given (null counts as not given).
func (v scalar) present() bool { return v.kind != absent && v.kind != null }

// str is the value as text: strings trimmed, numbers as written, booleans
// spelled out; "" for anything else.
func (v scalar) str() string {
	switch v.kind {
	case text:
		return strings.TrimSpace(v.s)
	case number:
		if v.s != "" {
			return v.s
		}
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case boolean:
		return strconv.FormatBool(v.b)
	}
	return ""
}

// num returns a number given as a number or as a numeric string.
func (v scalar) num() (float64, bool) {
	switch v.kind {
	case number:
		return v.f, true
	case text:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
		return f, err == nil
	}
	return 0, false
}

// integer returns a whole number given as a number or a numeric string.
func (v scalar) integer() (int64, bool) {
	f, ok := v.num()
	if !ok || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// boolean returns a boolean given as true/false or as a string spelling one.
func (v scalar) boolean() (value, ok bool) {
	switch v.kind {
	case boolean:
		return v.b, true
	case text:
		switch strings.ToLower(strings.TrimSpace(v.s)) {
		case "true", "yes", "1":
			return true, true
		case "false", "no", "0":
			return false, true
		}
	case number:
		switch v.f {
		case 1:
			return true, true
		case 0:
			return false, true
		}
	}
	return false, false
}

// props is a set of Okta verified properties, given as a JSON array of strings
// or as Okta writes them in detailEntry, a bracketed string such as
// "[DEVICE_BOUND, PHISHING_RESISTANT]".
type props uint8

const (
	propDeviceBound props = 1 << iota
	propPhishingResistant
	propHardwareProtected
)

func (p *props) UnmarshalJSON(b []byte) error {
	var list []string
	switch {
	case len(b) > 0 && b[0] == '[':
		var raw []scalar
		if json.Unmarshal(b, &raw) != nil {
			return nil
		}
		for _, v := range raw {
			list = append(list, v.str())
		}
	case len(b) > 0 && b[0] == '"':
		s := strings.Trim(unquote(b), "[] ")
		list = strings.Split(s, ",")
	default:
		return nil
	}
	for _, s := range list {
		switch strings.ToUpper(strings.TrimSpace(s)) {
		case "DEVICE_BOUND":
			*p |= propDeviceBound
		case "PHISHING_RESISTANT":
			*p |= propPhishingResistant
		case "HARDWARE_PROTECTED":
			*p |= propHardwareProtected
		}
	}
	return nil
}

// objectKeys are the attributes the adapter reads as objects or arrays. Some
// pipelines store them as JSON-encoded strings; expand decodes those.
var objectKeys = map[string]bool{
	"user": true, "actor": true, "auth_factors": true, "service": true, "dst_endpoint": true,
	"session": true, "device": true, "metadata": true, "product": true, "os": true, "owner": true,
	"hw_info": true, "unmapped": true, "x_pwdless": true, "debugdata": true, "debugcontext": true,
	"detailentry": true, "hardware": true, "verified_properties": true,
}

// expand replaces, at the keys the adapter reads as objects or arrays, a string
// holding JSON with the value it encodes.
func expand(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && objectKeys[strings.ToLower(k)] {
				if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
					dec := json.NewDecoder(strings.NewReader(t))
					dec.UseNumber()
					var inner any
					if dec.Decode(&inner) == nil {
						x = inner
					}
				}
			}
			v[k] = expand(x)
		}
	case []any:
		for i, x := range v {
			v[i] = expand(x)
		}
	}
	return v
}
