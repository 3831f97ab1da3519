package ocsf

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/vocab"
)

// auth maps an Authentication event: a Logon with a success or failure status
// becomes a sign-in; other activities and statuses are skipped.
func (m *mapper) auth(line int, rec *record) bool {
	if act, label := activity(rec, classAuthentication); act != 1 {
		return m.skip(line, "3002:"+label, rec)
	}
	if md := rec.Metadata; md != nil && strings.EqualFold(md.EventCode.str(), "user.authentication.sso") {
		// The community Okta mapping writes every System Log event as a
		// Logon; Okta fires user.authentication.sso for each application
		// entered within a session, not for an authentication (as
		// okta-systemlog reads it).
		return m.skip(line, "3002:user.authentication.sso", rec)
	}
	success, label := outcome(rec)
	if label != "" {
		return m.skip(line, "3002:"+label, rec)
	}
	at, field, msg := m.stamp(rec.Time, rec.TimeDT, "time")
	if msg != "" {
		return m.problem(line, field, msg)
	}
	uid := m.subject(rec)
	if uid == "" {
		return m.problem(line, "user", "no user; want user.email_addr, user.name or user.uid")
	}
	app := m.app(rec)
	if app == "" {
		return m.problem(line, "service", "no application; want service.name or dst_endpoint (svc_name, hostname, name, domain or ip)")
	}
	h := hintsOf(rec)
	method, w := eventMethod(rec, &h)
	m.n.how[w]++
	if w == noFactors || w == unplaced {
		// Nothing says which authenticator was used: a logon mapped
		// without auth_factors (as the community Okta mapping writes
		// them), or factors nothing identifies.
		method = vocab.MethodUnknown
	}
	ev := evidence.AuthEvent{Time: at, UserID: uid, App: app, Method: method, Success: success, EventID: eventID(rec)}
	if rec.Device != nil {
		ev.DeviceID = rec.Device.UID.str()
	}
	switch {
	case rec.Session != nil && rec.Session.UID.str() != "":
		ev.SessionID = rec.Session.UID.str()
	case rec.Actor != nil && rec.Actor.Session != nil:
		ev.SessionID = rec.Actor.Session.UID.str()
	}
	return m.put(evidence.Item{Line: line, Record: ev})
}

// The account activities the programme uses, by class and activity id.
var accountActions = map[[2]int64]string{
	{classAccountChange, 3}:   "password_change",
	{classAccountChange, 4}:   "password_reset",
	{classAccountChange, 10}:  "authenticator_registered",
	{classAccountChange, 11}:  "authenticator_removed",
	{classUserManagement, 8}:  "password_change",
	{classUserManagement, 9}:  "password_reset",
	{classUserManagement, 12}: "authenticator_registered",
	{classUserManagement, 13}: "authenticator_removed",
}

// account maps an Account Change or User Management event: a successful
// password change or reset, or MFA factor enable or disable. An event that
// names several factors becomes one record per distinct method.
func (m *mapper) account(line int, rec *record, cls int64) bool {
	act, label := activity(rec, cls)
	action, ok := accountActions[[2]int64{cls, act}]
	if !ok {
		return m.skip(line, fmt.Sprintf("%d:%s", cls, label), rec)
	}
	success, label := outcome(rec)
	switch {
	case label != "":
		return m.skip(line, fmt.Sprintf("%d:%s", cls, label), rec)
	case !success:
		return m.skip(line, fmt.Sprintf("%d:status 2", cls), rec)
	}
	at, field, msg := m.stamp(rec.Time, rec.TimeDT, "time")
	if msg != "" {
		return m.problem(line, field, msg)
	}
	uid := m.subject(rec)
	if uid == "" {
		return m.problem(line, "user", "no user; want user.email_addr, user.name or user.uid of the account changed")
	}
	ev := evidence.AccountEvent{Time: at, UserID: uid, Action: action, Channel: m.channel(rec), EventID: eventID(rec)}
	if action == "password_change" {
		m.n.c[passwordChange]++
		ev.Action = "password_reset"
	}
	if ev.Action == "password_reset" {
		return m.put(evidence.Item{Line: line, Record: ev})
	}
	h := hintsOf(rec)
	var done []vocab.Method
	for _, pm := range factorMethods(rec, &h) {
		m.n.how[pm.how]++
		if slices.Contains(done, pm.method) {
			continue
		}
		done = append(done, pm.method)
		ev.Method = string(pm.method)
		if !m.put(evidence.Item{Line: line, Record: ev}) {
			return false
		}
	}
	return true
}

type placedMethod struct {
	method vocab.Method
	how    how
}

// factorMethods places each factor an account event enabled or disabled.
func factorMethods(rec *record, h *hints) []placedMethod {
	if h.class != "" && len(rec.AuthFactors) <= 1 {
		m, w := eventMethod(rec, h)
		return []placedMethod{{m, w}}
	}
	if len(rec.AuthFactors) == 0 {
		if h.text != "" {
			m, w := byName(h.text, h)
			m, w = deny(m, w, h)
			return []placedMethod{{m, w}}
		}
		return []placedMethod{{fallback, unplaced}}
	}
	out := make([]placedMethod, 0, len(rec.AuthFactors))
	for i := range rec.AuthFactors {
		extra := ""
		if len(rec.AuthFactors) == 1 {
			extra = h.text
		}
		m, w := factorMethod(&rec.AuthFactors[i], extra, h)
		out = append(out, placedMethod{m, w})
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// channel is helpdesk when someone other than the user made the change.
func (m *mapper) channel(rec *record) string {
	if rec.Actor == nil || rec.Actor.User == nil || len(ids(rec.Actor.User)) == 0 {
		m.n.c[noActor]++
		return "self_service"
	}
	if rec.User == nil {
		return "helpdesk"
	}
	mine := ids(rec.User)
	for _, id := range ids(rec.Actor.User) {
		if contains(mine, id) {
			return "self_service"
		}
	}
	return "helpdesk"
}

// ids are a user's identifiers, normalised for comparison.
func ids(u *user) []string {
	var out []string
	for _, v := range []scalar{u.UID, u.EmailAddr, u.Name} {
		if s := strings.ToLower(v.str()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// OCSF device type ids that are not a person's endpoint: server, IoT,
// browser, and network equipment (firewall, switch, hub, router, IDS, IPS,
// load balancer).
func notEndpoint(typeID int64) bool {
	return typeID == 1 || (typeID >= 7 && typeID <= 15)
}

// device maps a Device Inventory Info event.
func (m *mapper) device(line int, rec *record) bool {
	d := rec.Device
	if d == nil {
		return m.problem(line, "device", "no device; want the device object of a Device Inventory Info event")
	}
	if t, ok := d.TypeID.integer(); ok && notEndpoint(t) {
		return m.skip(line, fmt.Sprintf("5001:device type %d", t), rec)
	}
	platform, label := platformOf(d.OS)
	switch {
	case label != "":
		return m.skip(line, "5001:"+label, rec)
	case platform == "":
		return m.problem(line, "device.os", "no operating system; want device.os.name or device.os.type_id")
	}
	var id string
	for _, v := range []scalar{d.UID, d.UIDAlt, hwSerial(d), d.Hostname, d.Name} {
		if id = v.str(); id != "" {
			break
		}
	}
	if id == "" {
		return m.problem(line, "device.uid", "no device id; want device.uid, uid_alt, hw_info.serial_number, hostname or name")
	}
	seen, field, msg := m.stamp(d.LastSeenTime, d.LastSeenTimeDT, "device.last_seen_time")
	if msg != "" {
		return m.problem(line, field, msg)
	}
	if seen.IsZero() {
		m.n.c[lastSeenFromTime]++
		if seen, field, msg = m.stamp(rec.Time, rec.TimeDT, "time"); msg != "" {
			return m.problem(line, field, msg)
		}
	}
	dev := evidence.Device{DeviceID: id, Platform: platform, LastSeen: seen, Ownership: "corporate"}
	switch {
	case d.Owner != nil && loginID(d.Owner) != "":
		dev.UserID = loginID(d.Owner)
	case rec.User != nil:
		dev.UserID = loginID(rec.User)
	}
	dev.OSVersion = osVersion(d.OS, platform)
	if dev.OSVersion == "" {
		m.n.c[noVersion]++
		dev.OSVersion = "0"
	}
	if b, ok := d.IsManaged.boolean(); ok {
		dev.Managed = b
	} else {
		m.n.c[noManaged]++
	}
	if b, ok := d.IsPersonal.boolean(); ok {
		if b {
			dev.Ownership = "personal"
		}
	} else {
		m.n.c[noOwnership]++
	}
	x := extension(rec)
	if b, ok := d.IsShared.boolean(); ok {
		dev.Shared = b
	} else if b, ok := x.Shared.boolean(); ok {
		dev.Shared = b
	} else {
		m.n.c[noShared]++
	}
	if b, ok := keystore(rec, x); ok {
		dev.HardwareKeystore = b
	} else {
		dev.KeystoreUnknown = true // its readiness cannot be judged
		m.n.c[noKeystore]++
	}
	return m.put(evidence.Item{Line: line, Record: dev})
}

func hwSerial(d *device) scalar {
	if d.HWInfo == nil {
		return scalar{}
	}
	return d.HWInfo.SerialNumber
}

// extension is the record's x_pwdless object, at the top level or under
// unmapped; empty when it has none.
func extension(rec *record) *xpwdless {
	switch {
	case rec.XPwdless != nil:
		return rec.XPwdless
	case rec.Unmapped != nil && rec.Unmapped.XPwdless != nil:
		return rec.Unmapped.XPwdless
	}
	return &xpwdless{}
}

// keystore looks for evidence of a hardware key store, which OCSF has no
// attribute for: x_pwdless.hardware_keystore, or under unmapped a
// hardware_keystore flag, a TPM version (2 or later counts), a Secure Enclave
// flag, or Apple silicon (which always has one). ok is false when nothing says.
func keystore(rec *record, x *xpwdless) (value, ok bool) {
	if b, ok := x.HardwareKeystore.boolean(); ok {
		return b, true
	}
	u := rec.Unmapped
	if u == nil {
		return false, false
	}
	if b, ok := u.HardwareKeystore.boolean(); ok {
		return b, true
	}
	for _, v := range []scalar{u.TPMSpecificationVersion, u.TPMVersion} {
		if s := v.str(); s != "" {
			major, _, _ := strings.Cut(strings.TrimLeft(s, "v "), ".")
			major, _, _ = strings.Cut(major, ",")
			if n, err := strconv.Atoi(strings.TrimSpace(major)); err == nil {
				return n >= 2, true
			}
		}
	}
	if b, ok := u.SecureEnclave.boolean(); ok {
		return b, true
	}
	apple := u.AppleSilicon
	if u.Hardware != nil && !apple.present() {
		apple = u.Hardware.AppleSilicon
	}
	if b, ok := apple.boolean(); ok && b {
		return true, true
	}
	return false, false
}

// platformOf reads the native platform from an OCSF os object. label is set
// when the device runs an operating system outside the native platforms (it is
// skipped); both are empty when the object says nothing.
func platformOf(o *osInfo) (platform, label string) {
	if o == nil {
		return "", ""
	}
	t := words(o.Name.str(), o.Type.str())
	if has(t, "chromeos", "chrome os", "chromium os", "chromeosflex") {
		return "chromeos", ""
	}
	id, hasID := o.TypeID.integer()
	if hasID {
		switch id {
		case 100:
			return "windows", ""
		case 200:
			return "linux", ""
		case 201:
			return "android", ""
		case 300:
			return "macos", ""
		case 301, 302:
			return "ios", ""
		case 0, 99:
		default:
			return "", fmt.Sprintf("os type %d", id)
		}
	}
	switch {
	case has(t, "windows mobile", "windows phone"):
		return "", "os other"
	case has(t, "windows", "win10", "win11"):
		return "windows", ""
	case has(t, "ipados", "ios", "iphone", "ipad", "iphone os"):
		return "ios", ""
	case has(t, "macos", "mac os", "os x", "osx", "mac"):
		return "macos", ""
	case has(t, "android"):
		return "android", ""
	case has(t, "linux", "ubuntu", "debian", "fedora", "red hat", "rhel", "centos", "suse", "rocky", "alma"):
		return "linux", ""
	case strings.TrimSpace(t) != "":
		return "", "os other"
	case hasID:
		return "", fmt.Sprintf("os type %d", id)
	}
	return "", ""
}

// osVersion is the dotted numeric version in os.version ("14.0.0", "17.5.1
// (21F90)" gives 17.5.1, "Windows 10" gives 10). A Windows version of fewer
// than three parts takes its build number from os.build, as Windows readiness
// is judged by build.
func osVersion(o *osInfo, platform string) string {
	if o == nil {
		return ""
	}
	v := dotted(o.Version.str())
	if platform == "windows" && v != "" && strings.Count(v, ".") < 2 {
		if b := dotted(o.Build.str()); b != "" && !strings.Contains(b, ".") {
			if !strings.Contains(v, ".") {
				v += ".0"
			}
			v += "." + b
		}
	}
	return v
}

// dotted returns the first run of digits and dots in s, without a trailing dot.
func dotted(s string) string {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return ""
	}
	end := start
	for end < len(s) && (s[end] == '.' || (s[end] >= '0' && s[end] <= '9')) {
		end++
	}
	v := strings.TrimRight(s[start:end], ".")
	for strings.Contains(v, "..") {
		v = v[:strings.Index(v, "..")]
	}
	return v
}

// activity returns an event's activity id, taken from type_uid when
// activity_id is absent, and its skip label.
func activity(rec *record, cls int64) (int64, string) {
	if id, ok := rec.ActivityID.integer(); ok {
		return id, fmt.Sprintf("activity %d", id)
	}
	if t, ok := rec.TypeUID.integer(); ok && t/100 == cls {
		return t % 100, fmt.Sprintf("activity %d", t%100)
	}
	return -1, "activity none"
}

// outcome reads status_id (1 Success, 2 Failure), or the status caption when
// status_id is absent, or status and status_detail when status_id is 99
// (Other). label is set for any other status.
func outcome(rec *record) (success bool, label string) {
	if id, ok := rec.StatusID.integer(); ok {
		switch id {
		case 1:
			return true, ""
		case 2:
			return false, ""
		case 99:
			return otherStatus(rec)
		}
		return false, fmt.Sprintf("status %d", id)
	}
	caption := rec.Status.str()
	if !rec.StatusID.present() || caption == "" {
		caption = rec.StatusID.str()
		if caption == "" {
			caption = rec.Status.str()
		}
	}
	switch strings.ToLower(caption) {
	case "success":
		return true, ""
	case "failure":
		return false, ""
	case "":
		return false, "status none"
	}
	return false, "status other"
}

// otherStatus reads the outcome of an event of status_id 99 (Other), which is
// how the community Entra mapping (ocsf/examples, azure-signin) writes every
// sign-in whose statusCode is not OK, with the failure reason in
// status_detail: the status caption when it says Success or Failure, else
// the detail, a failure when it reads as one, skipped when it says the
// sign-in was interrupted to ask for something (a second factor, "keep me
// signed in": the sign-in goes on as another record) or says nothing.
func otherStatus(rec *record) (success bool, label string) {
	switch strings.ToLower(strings.TrimSpace(rec.Status.str())) {
	case "success":
		return true, ""
	case "failure":
		return false, ""
	}
	t := words(rec.StatusDetail.str())
	switch {
	case has(t, "interrupt", "interrupted", "keep me signed in", "is required", "must use multi factor", "needs to perform multi factor"):
		return false, "status 99: interrupted"
	case has(t, "invalid", "incorrect", "wrong", "failed", "failure", "fail", "denied", "declined", "rejected", "blocked", "locked",
		"disabled", "expired", "revoked", "error", "not found", "does not exist", "did not", "didn t", "timed out", "timeout",
		"unauthorized", "not allowed", "cannot", "mismatch"):
		return false, ""
	}
	if c := strings.TrimSpace(rec.StatusCode.str()); c == "0" {
		return true, "" // Entra's errorCode 0: a success the mapping wrote as Other
	}
	return false, "status 99"
}

// maxMillis is 9999-12-31T23:59:59.999Z in epoch milliseconds.
const maxMillis = 253402300799999

// stamp reads an OCSF timestamp: epoch milliseconds, or epoch seconds when the
// value is below 1e11 (some producers write seconds), or an RFC 3339 string;
// failing that, the RFC 3339 _dt sibling. All times are UTC. A zero time and
// no message mean neither was given.
func (m *mapper) stamp(v, dt scalar, name string) (time.Time, string, string) {
	if v.present() {
		if f, ok := v.num(); ok {
			switch {
			case math.IsNaN(f) || f <= 0:
				return time.Time{}, name, fmt.Sprintf("%s %s is not a time after 1970; want epoch milliseconds", name, v.str())
			case f < 1e11:
				m.n.c[epochSeconds]++
				sec, frac := math.Modf(f)
				return time.Unix(int64(sec), int64(frac*1e9)).UTC(), "", ""
			case f <= maxMillis:
				return time.UnixMilli(int64(f)).UTC(), "", ""
			}
			return time.Time{}, name, fmt.Sprintf("%s %s is too large for epoch milliseconds (microseconds or nanoseconds?); want epoch milliseconds", name, v.str())
		}
		if t, err := time.Parse(time.RFC3339Nano, v.str()); err == nil {
			return t.UTC(), "", ""
		}
		return time.Time{}, name, fmt.Sprintf("%s %q is neither epoch milliseconds nor an RFC 3339 time", name, v.str())
	}
	if dt.present() {
		if t, err := time.Parse(time.RFC3339Nano, dt.str()); err == nil {
			return t.UTC(), "", ""
		}
		return time.Time{}, name + "_dt", fmt.Sprintf("%s_dt %q is not an RFC 3339 time", name, dt.str())
	}
	if name == "device.last_seen_time" {
		return time.Time{}, "", ""
	}
	return time.Time{}, name, "no " + name + "; want epoch milliseconds"
}

// subject is the user an event is about: user, or for a sign-in actor.user
// when user names no one (in an account event the actor may be an
// administrator, never the subject).
func (m *mapper) subject(rec *record) string {
	if rec.User != nil {
		if id := loginID(rec.User); id != "" {
			return id
		}
	}
	if m.kind == evidence.AuthEvents && rec.Actor != nil && rec.Actor.User != nil {
		if id := loginID(rec.Actor.User); id != "" {
			m.n.c[actorUser]++
			return id
		}
	}
	return ""
}

// loginID picks the identifier most likely to join with a directory: the
// e-mail address, else a name that looks like a login (no spaces or commas,
// e.g. a UPN or an account name), else the uid, else a display name.
func loginID(u *user) string {
	if e := u.EmailAddr.str(); e != "" {
		return e
	}
	name := u.Name.str()
	if name != "" && !strings.ContainsAny(name, " ,\t") {
		return name
	}
	if id := u.UID.str(); id != "" {
		return id
	}
	return name
}

// app is the application signed in to: the service, else the destination
// endpoint, else the product that reported the event.
func (m *mapper) app(rec *record) string {
	if s := rec.Service; s != nil {
		if v := firstOf(s.Name, s.UID); v != "" {
			return v
		}
	}
	if e := rec.DstEndpoint; e != nil {
		if v := firstOf(e.SvcName, e.Hostname, e.Name, e.Domain, e.IP); v != "" {
			return v
		}
	}
	if md := rec.Metadata; md != nil && md.Product != nil {
		if v := md.Product.Name.str(); v != "" {
			m.n.c[productApp]++
			return v
		}
	}
	return ""
}

func firstOf(vs ...scalar) string {
	for _, v := range vs {
		if s := v.str(); s != "" {
			return s
		}
	}
	return ""
}

// The approximations counted for a source's notes, besides method placement.
const (
	epochSeconds     = iota // timestamps read as epoch seconds
	actorUser               // sign-ins attributed to actor.user
	productApp              // application from metadata.product.name
	passwordChange          // password changes counted as resets
	noActor                 // account events without actor.user
	lastSeenFromTime        // devices seen at the inventory time
	noVersion               // devices without a numeric version
	noManaged               // devices without is_managed
	noOwnership             // devices without is_personal
	noShared                // devices without is_shared
	noKeystore              // devices without key store evidence
	nCounts
)

// counts are the approximations made in one source (or by one worker), for
// its notes.
type counts struct {
	how [deniedPR + 1]int
	c   [nCounts]int
}

func (c *counts) add(o *counts) {
	for i := range c.how {
		c.how[i] += o.how[i]
	}
	for i := range c.c {
		c.c[i] += o.c[i]
	}
}

// notes emits one note per approximation the source needed, with how often
// it was needed.
func (m *mapper) notes() {
	c := &m.n
	var notes []string
	add := func(n int, text string) {
		if n > 0 {
			notes = append(notes, fmt.Sprintf("OCSF: %s (%d in this source)", text, n))
		}
	}
	add(c.c[epochSeconds], "timestamps below 1e11 were read as epoch seconds, not the epoch milliseconds OCSF specifies")
	add(c.c[actorUser], "sign-ins that name no user are attributed to actor.user")
	switch m.kind {
	case evidence.AuthEvents:
		add(c.c[productApp], "sign-ins that name no service or dst_endpoint take metadata.product.name, the reporting product, as their application")
		add(c.how[noFactors]+c.how[unplaced], "sign-ins whose authenticator nothing identifies (no auth_factors, as the community Okta mapping "+
			"writes logons, or factors of type 0, 4 or 99 without a recognised name) are of unknown method, left out of the method shares; "+
			"map the IdP's factor into auth_factors, or read its own log (okta-systemlog, entra-signins)")
	case evidence.AccountEvents:
		add(c.c[passwordChange], "Password Change events (a user changing a known password) count as password_reset")
		add(c.c[noActor], "account events without actor.user count as self_service")
	case evidence.Devices:
		add(c.c[noKeystore], "devices without hardware key store evidence (OCSF has no TPM or Secure Enclave attribute; docs/adapters/ocsf.md lists the extension fields read) are of unknown key store: their readiness cannot be judged, so devices.ready_share is a lower bound")
		add(c.c[noVersion], "devices without a numeric device.os.version are recorded as version 0, so they never count as ready")
		add(c.c[lastSeenFromTime], "devices without device.last_seen_time take the event time, when the inventory was taken, as last seen")
		add(c.c[noOwnership], "devices without device.is_personal count as corporate")
		add(c.c[noShared], "devices without device.is_shared count as not shared")
		add(c.c[noManaged], "devices without device.is_managed count as unmanaged")
	}
	if m.kind != evidence.Devices {
		if m.kind == evidence.AccountEvents {
			add(c.how[unplaced], "factors that nothing identifies (factor_type_id 0, 4 or 99 without a recognised name, or no factor at all) count as otp_app, never as phishing-resistant")
		}
		add(c.how[webauthnUnknown], "WebAuthn factors that do not say whether the passkey is device-bound count as passkey_synced")
		add(c.how[fastPassPR], "Okta FastPass factors verified phishing-resistant count as passkey_device_bound (passkey_synced unless also verified device-bound)")
		add(c.how[fastPassPlain], "Okta FastPass factors without verified phishing resistance count as push")
		add(c.how[securityQuestion], "security-question factors count as password")
		add(c.how[deniedPR], "phishing-resistant factor types marked x_pwdless.phishing_resistant = false count as otp_app")
	}
	for _, n := range notes {
		if !m.put(evidence.Item{Note: n}) {
			return
		}
	}
}
