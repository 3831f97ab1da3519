package okta

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/vocab"
)

// NewSystemLog returns the okta-systemlog adapter, which reads the Okta System
// Log as auth_events and account_events. Its notes differ by kind, so each
// pass emits its own.
func NewSystemLog() evidence.Adapter {
	return evidence.Adapter{Format: SystemLogFormat, Kinds: []evidence.Kind{evidence.AuthEvents, evidence.AccountEvents}, Decode: decodeSystemLog}
}

// decodeSystemLog reads the export as kind k; events of the other kind, and of
// types neither kind uses, are skipped under their event type.
func decodeSystemLog(r io.Reader, k evidence.Kind, emit func(evidence.Item) bool) error {
	var p pass = newAccounts(emit)
	if k == evidence.AuthEvents {
		p = newSignIns(emit)
	}
	if !p.start() {
		return nil
	}
	err := readEvents(r, p.event)
	if err != nil {
		return err
	}
	p.finish()
	return nil
}

// pass is one reading of the log for one kind.
type pass interface {
	start() bool
	event(line int, ev *logEvent, err error) bool
	finish()
}

// common is what both passes need of an event before mapping it.
type common struct {
	typ    string
	result string // SUCCESS or FAILURE after folding ALLOW and DENY
	raw    string // outcome.result as given
}

// classify reads an event's type and outcome, or emits the item that settles
// it (a problem or a skip) and reports false.
func classify(line int, ev *logEvent, err error, emit func(evidence.Item) bool, relevant func(string) bool) (common, bool, bool) {
	if err != nil {
		it := evidence.ProblemAt(line, "", err.Error())
		if fe, ok := err.(*fieldError); ok {
			it.Problem, it.Field = fe.found, fe.field
		}
		return common{}, false, emit(it)
	}
	c := common{typ: strings.ToLower(strings.TrimSpace(ev.EventType))}
	if c.typ == "" {
		return c, false, emit(evidence.ProblemAt(line, "eventType", "no eventType; want an Okta LogEvent"))
	}
	c.raw = strings.ToUpper(strings.TrimSpace(ev.Outcome.Result))
	if !relevant(c.typ) {
		label := c.typ
		if c.typ == "policy.evaluate_sign_on" { // ALLOW / CHALLENGE / DENY counts show the policy at work
			label = skipLabel(c)
		}
		return c, false, emit(evidence.Item{Line: line, Skip: token(label), ID: idOf(ev), NotOfKind: true})
	}
	switch c.raw {
	case "SUCCESS", "ALLOW":
		c.result = "SUCCESS"
	case "FAILURE", "DENY":
		c.result = "FAILURE"
	}
	return c, true, true
}

func skipLabel(c common) string {
	r := c.raw
	if r == "" {
		r = "NO_RESULT"
	}
	return token(c.typ) + ":" + token(r)
}

// idOf is an event's uuid, which counts it once however many pages or
// exports repeat it; "" when it has none.
func idOf(ev *logEvent) string {
	if id := strings.TrimSpace(ev.UUID); known(id) {
		return id
	}
	return ""
}

// token keeps a skip label to the enumeration-like words Okta writes there
// (event types, outcomes, intents), so a label can never carry personal data
// from a malformed record.
func token(s string) string {
	if len(s) > 100 {
		return "OTHER"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == ':' || r == '-') {
			return "OTHER"
		}
	}
	return s
}

func timeOf(line int, ev *logEvent, emit func(evidence.Item) bool) (time.Time, bool, bool) {
	t, ok := vendorio.ParseTime(ev.Published, timeLayouts)
	if !ok {
		return t, false, emit(evidence.ProblemAt(line, "published", fmt.Sprintf("%s is not a time; want RFC 3339, e.g. 2026-07-03T08:14:09.512Z", quote(ev.Published))))
	}
	return t, true, true
}

// userTarget returns the first target of type User.
func userTarget(ev *logEvent) *logTarget {
	for i := range ev.Target {
		if strings.EqualFold(ev.Target[i].Type, "User") {
			return &ev.Target[i]
		}
	}
	return nil
}

func actorIsUser(ev *logEvent) bool {
	return ev.Actor.Type == "" || strings.EqualFold(ev.Actor.Type, "User")
}

// ---------------------------------------------------------------------------
// auth_events

// signInRole is the part an event type plays in a sign-in.
type signInRole int

const (
	verification signInRole = iota + 1 // a factor was verified (OIE: primary and second factors)
	denyPush                           // Classic: the user rejected an Okta Verify push
	sessionStart                       // the Okta session was created
	challenge                          // a factor challenge was sent: a push, an SMS code, a call
)

var signInTypes = map[string]signInRole{
	"user.authentication.auth_via_mfa":      verification,
	"user.authentication.verify":            verification,
	"user.mfa.okta_verify.deny_push":        denyPush,
	"user.session.start":                    sessionStart,
	"system.push.send_factor_verify_push":   challenge,
	"system.sms.send_factor_verify_message": challenge,
	"system.voice.send_mfa_challenge_call":  challenge,
}

// challenged is the factor each challenge event asks for.
var challenged = map[string]vocab.Method{
	"system.push.send_factor_verify_push":   vocab.Push,
	"system.sms.send_factor_verify_message": vocab.SMS,
	"system.voice.send_mfa_challenge_call":  vocab.Voice,
}

// window bounds one login: events linked by a session or request id are one
// sign-in when they fall within window of its first event.
const window = 10 * time.Minute

// sweepEvery is how often (in events) logins older than window are emitted.
const sweepEvery = 4096

// attempt is one login being assembled from its events.
type attempt struct {
	user      string
	first     time.Time
	firstLine int
	keys      []linkKey

	ok                bool // a factor verified, or the session started
	okMethod          vocab.Method
	okApprox          approx
	okTime, startTime time.Time
	okLine, startLine int
	started           bool
	failMethod        vocab.Method
	failApprox        approx
	failTime          time.Time
	failLine          int
	// the last factor challenge sent (a push, an SMS code, a call)
	challenged         bool
	chalMethod         vocab.Method
	chalTime           time.Time
	chalLine           int
	app, device, sessn string
	// parts are the uuids of the login's events, in the order read, a copy
	// of a repeated page listed again: the framework counts the login once
	// and the copies as repeats.
	parts []string
}

type signIns struct {
	emit    func(evidence.Item) bool
	stopped bool
	byKey   map[linkKey]*attempt
	open    map[*attempt]bool
	since   int

	events, emitted                          int
	inferred, failNoMethod, noPR, viaD, viaI int
	abandoned                                int
}

func newSignIns(emit func(evidence.Item) bool) *signIns {
	return &signIns{emit: emit, byKey: map[linkKey]*attempt{}, open: map[*attempt]bool{}}
}

func (s *signIns) send(it evidence.Item) bool {
	if !s.stopped && !s.emit(it) {
		s.stopped = true
	}
	return !s.stopped
}

func (s *signIns) start() bool {
	return s.send(evidence.Item{Note: "Okta sign-ins: the factor verifications (user.authentication.auth_via_mfa, user.authentication.verify), " +
		"the factor challenges sent (system.push.send_factor_verify_push, system.sms.send_factor_verify_message, system.voice.send_mfa_challenge_call) and " +
		"the user.session.start of one login, linked by session or request id within 10 minutes, are one sign-in with the strongest factor used; " +
		"a login that stops at a challenge nobody answered is a failed sign-in, abandoned; " +
		"user.authentication.sso and policy.evaluate_sign_on are not counted as sign-ins (skipped); the application is the event's AppInstance target, " +
		"otherwise \"okta\"; an event repeated (the same uuid) is counted once"})
}

func (s *signIns) event(line int, ev *logEvent, err error) bool {
	c, ok, cont := classify(line, ev, err, s.send, func(t string) bool { _, ok := signInTypes[t]; return ok })
	if !ok {
		return cont
	}
	role := signInTypes[c.typ]
	id := idOf(ev)
	if c.result == "" || (role == challenge && c.result != "SUCCESS") {
		// a challenge Okta refused to send (DENY) asked nothing of anyone
		return s.send(evidence.Item{Line: line, Skip: skipLabel(c), ID: id})
	}
	if role == verification {
		switch intent := strings.ToUpper(strings.TrimSpace(ev.Debug.Data.FactorIntent)); intent {
		case "", "AUTHENTICATION", "LOGIN":
		default: // enrolment or recovery verifications are not sign-ins
			return s.send(evidence.Item{Line: line, Skip: c.typ + ":" + token(intent), ID: id})
		}
	}
	t, ok, cont := timeOf(line, ev, s.send)
	if !ok {
		return cont
	}
	user := ""
	if actorIsUser(ev) && known(ev.Actor.AlternateID) {
		user = ev.Actor.AlternateID
	} else if u := userTarget(ev); u != nil && known(u.AlternateID) {
		user = u.AlternateID
	}
	if user == "" {
		return s.send(evidence.ProblemAt(line, "actor.alternateId", "no user; want actor.alternateId, the person's Okta login"))
	}
	if actorIsUser(ev) && strings.EqualFold(strings.TrimSpace(ev.Actor.ID), "unknown") {
		// Okta found no such user: a mistyped login or a password spray, not
		// a sign-in by someone in the directory.
		return s.send(evidence.Item{Line: line, Skip: c.typ + ":UNKNOWN_USER", ID: id})
	}
	var m resolved
	switch {
	case role == challenge:
		m.method = challenged[c.typ]
	case role != sessionStart || ev.Debug.Data.Factor != "":
		m = eventMethod(ev, false)
		if m.problem != "" {
			return s.send(evidence.ProblemAt(line, m.field, m.problem))
		}
	}
	if role == denyPush && m.method == "" {
		m.method = "push"
	}
	a := s.attemptFor(user, t, line, ev)
	switch {
	case id != "" && slices.Contains(a.parts, id):
		// a repeated page: the copy changes nothing, the framework counts it
		a.parts = append(a.parts, id)
	case role == challenge:
		a.parts = appendID(a.parts, id)
		s.events++
		a.challenge(m.method, t, line, ev)
	default:
		a.parts = appendID(a.parts, id)
		s.events++
		// A rejected push is a failed sign-in whatever the event's own outcome.
		s.add(a, role, c.result == "SUCCESS" && role != denyPush, m, t, line, ev)
	}
	if len(a.keys) == 0 { // nothing links it to other events
		s.flush(a)
	}
	if s.since++; s.since >= sweepEvery {
		s.since = 0
		s.sweep(func(a *attempt) bool { return t.Sub(a.first).Abs() > window })
	}
	return !s.stopped
}

// linkKey is one identifier that ties a person's events of one login
// together: a session id, an authentication request id or a request id.
type linkKey struct{ user, id string }

// attemptFor finds the login an event belongs to, or opens one.
func (s *signIns) attemptFor(user string, t time.Time, line int, ev *logEvent) *attempt {
	norm := strings.ToLower(strings.TrimSpace(user))
	var arr [5]linkKey
	keys := arr[:0]
	for _, id := range []string{ev.AuthContext.ExternalSessionID, ev.AuthContext.RootSessionID,
		ev.Debug.Data.AuthnRequestID, ev.Debug.Data.RequestID, ev.Transaction.ID} {
		if k := (linkKey{norm, id}); known(id) && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	var a *attempt
	for i := range keys {
		if a == nil {
			if b := s.byKey[keys[i]]; b != nil {
				if t.Sub(b.first).Abs() <= window {
					a = b
				} else {
					s.flush(b)
				}
			}
		}
	}
	if a == nil {
		a = &attempt{user: user, first: t, firstLine: line}
		if len(keys) > 0 {
			s.open[a] = true
		}
	}
	for _, k := range keys {
		if s.byKey[k] != a {
			s.byKey[k] = a
			a.keys = append(a.keys, k)
		}
	}
	return a
}

func appendID(parts []string, id string) []string {
	if id == "" {
		return parts
	}
	return append(parts, id)
}

// challenge records a factor challenge sent to the login's user.
func (a *attempt) challenge(m vocab.Method, t time.Time, line int, ev *logEvent) {
	if !a.challenged || !t.Before(a.chalTime) {
		a.challenged, a.chalMethod, a.chalTime, a.chalLine = true, m, t, line
	}
	a.context(ev)
}

func (s *signIns) add(a *attempt, role signInRole, success bool, m resolved, t time.Time, line int, ev *logEvent) {
	if success {
		a.ok = true
		if role == sessionStart {
			if !a.started || t.Before(a.startTime) {
				a.started, a.startTime, a.startLine = true, t, line
			}
			if known(ev.AuthContext.ExternalSessionID) {
				a.sessn = ev.AuthContext.ExternalSessionID
			}
		} else if a.okLine == 0 || t.After(a.okTime) {
			a.okTime, a.okLine = t, line
		}
		if m.method != "" && (a.okMethod == "" || m.method.Stronger(a.okMethod)) {
			a.okMethod, a.okApprox = m.method, m.approx
		}
	} else {
		if a.failLine == 0 || t.After(a.failTime) {
			a.failTime, a.failLine = t, line
		}
		if m.method != "" && (a.failMethod == "" || m.method.Stronger(a.failMethod)) {
			a.failMethod, a.failApprox = m.method, m.approx
		}
	}
	a.context(ev)
}

// context takes the login's application, device and session from an event,
// the first that names them.
func (a *attempt) context(ev *logEvent) {
	for _, tg := range ev.Target {
		if a.app == "" && strings.EqualFold(tg.Type, "AppInstance") && strings.TrimSpace(tg.DisplayName) != "" {
			a.app = strings.TrimSpace(tg.DisplayName)
		}
	}
	if a.device == "" && known(ev.Device.ID) {
		a.device = ev.Device.ID
	}
	if a.sessn == "" && known(ev.AuthContext.ExternalSessionID) {
		a.sessn = ev.AuthContext.ExternalSessionID
	}
}

// flush emits a login as one sign-in and forgets it.
func (s *signIns) flush(a *attempt) {
	for _, k := range a.keys {
		if s.byKey[k] == a {
			delete(s.byKey, k)
		}
	}
	delete(s.open, a)
	if s.stopped {
		return
	}
	e := evidence.AuthEvent{UserID: a.user, App: a.app, DeviceID: a.device, SessionID: a.sessn}
	if e.App == "" {
		e.App = "okta"
	}
	var line int
	var ap approx
	// A login succeeds when its session started, or when its last decisive
	// factor check succeeded: a password accepted and then a push denied is a
	// failed sign-in, a push denied and then one approved a successful one.
	succeeded := a.started || (a.ok && (a.failLine == 0 || !a.okTime.Before(a.failTime)))
	// A challenge sent after the last factor check and never answered — no
	// verification and no failure after it, no session — means the policy
	// wanted a factor the person never gave: the flow was abandoned there,
	// and the password accepted before it is not a successful sign-in.
	abandoned := !a.started && a.challenged &&
		(!a.ok || a.okTime.Before(a.chalTime)) && (a.failLine == 0 || a.failTime.Before(a.chalTime))
	switch {
	case abandoned:
		e.Abandoned, e.Method, e.Time, line = true, a.chalMethod, a.chalTime, a.chalLine
		s.abandoned++
	case succeeded:
		e.Success, e.Method, ap = true, a.okMethod, a.okApprox
		e.Time, line = a.okTime, a.okLine
		if a.started {
			e.Time, line = a.startTime, a.startLine
		}
		if e.Method == "" {
			// a session with no factor check of it in the log: which
			// authenticator opened it cannot be told
			e.Method = vocab.MethodUnknown
			s.inferred++
		}
	default:
		e.Method, ap, e.Time, line = a.failMethod, a.failApprox, a.failTime, a.failLine
		if e.Method == "" {
			e.Method = vocab.MethodUnknown
			s.failNoMethod++
		}
	}
	switch ap {
	case fastPassNoPR:
		s.noPR++
	case viaDuo: // the method used inside Duo is not logged
		e.Method = vocab.MethodUnknown
		s.viaD++
	case viaIdP: // nor the one used at an external identity provider
		e.Method = vocab.MethodUnknown
		s.viaI++
	}
	s.emitted++
	s.send(evidence.Item{Line: line, Record: e, Parts: a.parts})
}

// sweep emits, in the order they started, the logins old reports true for.
func (s *signIns) sweep(old func(*attempt) bool) {
	var done []*attempt
	for a := range s.open {
		if old(a) {
			done = append(done, a)
		}
	}
	slices.SortFunc(done, func(x, y *attempt) int { return x.firstLine - y.firstLine })
	for _, a := range done {
		s.flush(a)
	}
}

func (s *signIns) finish() {
	s.sweep(func(*attempt) bool { return true })
	if s.events > s.emitted && s.emitted > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta sign-in events were merged into %d sign-ins", s.events, s.emitted)})
	}
	if s.inferred > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta sign-ins showed no authenticator (a user.session.start without a factor verification "+
			"of the same login: a Classic-engine sign-in, or an export filtered by event type) and are of unknown method, left out of the "+
			"method shares; export the whole System Log, with user.authentication.auth_via_mfa and user.authentication.verify", s.inferred)})
	}
	if s.noPR > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta FastPass sign-ins did not carry PHISHING_RESISTANT in methodUsedVerifiedProperties "+
			"and were counted as push (not phishing-resistant)", s.noPR)})
	}
	if s.viaD > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta sign-ins verified through Duo are of unknown method: the method used inside Duo is not logged", s.viaD)})
	}
	if s.viaI > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta sign-ins verified at an external identity provider are of unknown method: "+
			"the method used there is not logged", s.viaI)})
	}
	if s.abandoned > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d Okta logins stopped at a factor challenge nobody answered (a push, SMS code or call sent, "+
			"no verification after it and no user.session.start) and were counted as failed sign-ins, abandoned at the challenge, "+
			"whatever factor was verified before it", s.abandoned)})
	}
	if s.failNoMethod > 0 {
		s.send(evidence.Item{Note: fmt.Sprintf("%d failed Okta sign-ins named no authenticator and are of unknown method "+
			"(failures enter no phishing-resistance share)", s.failNoMethod)})
	}
}

// ---------------------------------------------------------------------------
// account_events

type accountRole int

const (
	registered accountRole = iota + 1
	removed
	resetAll
	passwordReset
	passwordSet // an administrator set a (temporary) password
	recoverySent
	recoveryTokenInvalid
)

var accountTypes = map[string]accountRole{
	"user.mfa.factor.activate":                 registered,
	"user.mfa.factor.deactivate":               removed,
	"user.mfa.factor.reset_all":                resetAll,
	"user.account.reset_password":              passwordReset,
	"user.account.update_password":             passwordSet,
	"system.email.password_reset.sent_message": recoverySent,
	"system.sms.send_password_reset_message":   recoverySent,
	"system.voice.send_password_reset_call":    recoverySent,
	"user.account.use_token":                   recoveryTokenInvalid,
}

// recoveryMethods are the channels of self-service password reset messages.
// The native recovery vocabulary has no voice: a call is a phone-based code,
// recorded as sms.
var recoveryMethods = map[string]string{
	"system.email.password_reset.sent_message": "email",
	"system.sms.send_password_reset_message":   "sms",
	"system.voice.send_password_reset_call":    "sms",
}

type accounts struct {
	emit    func(evidence.Item) bool
	stopped bool
	// sent is the channel of the last reset message each user was sent, for
	// the self-service reset that completes it.
	sent                     map[string]string
	assumedEmail, voiceAsSMS int
	// done holds what each account event (by uuid) gave, so that a copy of
	// it (a repeated page) gives the same items, for the framework to count
	// as repeats, without being taken for a second reset or message.
	done      map[string][]evidence.Item
	recording *[]evidence.Item
}

func newAccounts(emit func(evidence.Item) bool) *accounts {
	return &accounts{emit: emit, sent: map[string]string{}, done: map[string][]evidence.Item{}}
}

func (a *accounts) send(it evidence.Item) bool {
	if a.recording != nil {
		*a.recording = append(*a.recording, it)
	}
	if !a.stopped && !a.emit(it) {
		a.stopped = true
	}
	return !a.stopped
}

func (a *accounts) start() bool {
	return a.send(evidence.Item{Note: "Okta account events: user.mfa.factor.activate/deactivate are authenticator registrations/removals; " +
		"an administrator's user.mfa.factor.reset_all is a helpdesk recovery (started and completed) of unknown verification (method unknown), " +
		"as the log does not show how the caller was verified: neither verified nor weak; self-service password reset messages start a recovery and " +
		"user.account.reset_password completes it; system.* factor events are org settings, not enrolments (skipped); " +
		"an event repeated (the same uuid) is counted once"})
}

func (a *accounts) event(line int, ev *logEvent, err error) bool {
	c, ok, cont := classify(line, ev, err, a.send, func(t string) bool { _, ok := accountTypes[t]; return ok })
	if !ok {
		return cont
	}
	id := idOf(ev)
	if id != "" {
		if prev, seen := a.done[id]; seen {
			for _, it := range prev {
				if it.Line = line; !a.send(it) {
					return false
				}
			}
			return true
		}
		var items []evidence.Item
		a.recording = &items
		defer func() { a.done[id], a.recording = items, nil }()
	}
	return a.account(line, id, c, ev)
}

// account maps one account event of the log, read for the first time.
func (a *accounts) account(line int, id string, c common, ev *logEvent) bool {
	role := accountTypes[c.typ]
	switch {
	case role == recoveryTokenInvalid && c.raw != "":
	case role == recoverySent && c.result != "":
	case c.result != "SUCCESS":
		return a.send(evidence.Item{Line: line, Skip: skipLabel(c), ID: id})
	}
	t, ok, cont := timeOf(line, ev, a.send)
	if !ok {
		return cont
	}
	subject := userTarget(ev)
	user := ""
	if subject != nil && known(subject.AlternateID) {
		user = subject.AlternateID
	} else if actorIsUser(ev) && known(ev.Actor.AlternateID) {
		user, subject = ev.Actor.AlternateID, nil
	}
	if user == "" {
		return a.send(evidence.ProblemAt(line, "target[User].alternateId", "no user; want a User target (or a User actor) with the person's Okta login"))
	}
	channel := "self_service"
	if byAdmin(ev, subject) {
		channel = "helpdesk"
	}
	rec := evidence.AccountEvent{Time: t, UserID: user, Channel: channel, EventID: id}
	norm := strings.ToLower(strings.TrimSpace(user))
	switch role {
	case registered, removed:
		m := eventMethod(ev, true)
		if m.problem != "" {
			return a.send(evidence.ProblemAt(line, m.field, m.problem))
		}
		if m.method == "" {
			return a.send(evidence.ProblemAt(line, "debugContext.debugData.factor", "no authenticator named; want debugContext.debugData.factor or an AuthenticatorEnrollment target"))
		}
		rec.Action, rec.Method = "authenticator_registered", string(m.method)
		if role == removed {
			rec.Action = "authenticator_removed"
		}
	case resetAll:
		if channel != "helpdesk" {
			return a.send(evidence.Item{Line: line, Skip: c.typ + ":NOT_BY_ADMIN", ID: id})
		}
		// The log says an administrator reset the factors, not how the
		// caller was verified first: neither verified nor weak.
		rec.Action, rec.Method = "recovery_started", string(vocab.VerificationUnknown)
		if !a.send(evidence.Item{Line: line, Record: rec}) {
			return false
		}
		rec.Action = "recovery_completed"
	case passwordSet:
		if channel != "helpdesk" {
			return a.send(evidence.Item{Line: line, Skip: c.typ + ":SELF", ID: id})
		}
		rec.Action = "password_reset"
	case passwordReset:
		rec.Action = "password_reset"
		if channel == "self_service" {
			if !a.send(evidence.Item{Line: line, Record: rec}) {
				return false
			}
			method, ok := a.sent[norm]
			if !ok {
				method = "email"
				a.assumedEmail++
			}
			delete(a.sent, norm)
			rec.Action, rec.Method = "recovery_completed", method
		}
	case recoverySent:
		rec.Method = recoveryMethods[c.typ]
		if c.typ == "system.voice.send_password_reset_call" {
			a.voiceAsSMS++
		}
		rec.Action = "recovery_failed"
		if c.result == "SUCCESS" {
			rec.Action = "recovery_started"
			a.sent[norm] = rec.Method
		}
	case recoveryTokenInvalid:
		rec.Action, rec.Method = "recovery_failed", "email"
	}
	return a.send(evidence.Item{Line: line, Record: rec})
}

// byAdmin reports whether someone other than the person acted: an
// administrator, or an API client acting for one. Okta's own SystemPrincipal
// runs self-service flows.
func byAdmin(ev *logEvent, subject *logTarget) bool {
	if subject == nil || strings.EqualFold(ev.Actor.Type, "SystemPrincipal") {
		return false
	}
	if known(ev.Actor.ID) && known(subject.ID) {
		return ev.Actor.ID != subject.ID
	}
	if known(ev.Actor.AlternateID) && known(subject.AlternateID) {
		return !strings.EqualFold(strings.TrimSpace(ev.Actor.AlternateID), strings.TrimSpace(subject.AlternateID))
	}
	return false
}

func (a *accounts) finish() {
	if a.assumedEmail > 0 {
		a.send(evidence.Item{Note: fmt.Sprintf("%d Okta self-service password resets had no reset message earlier in the export "+
			"and were recorded as recovered by email, Okta's default recovery channel (a weak method)", a.assumedEmail)})
	}
	if a.voiceAsSMS > 0 {
		a.send(evidence.Item{Note: fmt.Sprintf("%d Okta password reset calls were recorded as sms: the native recovery vocabulary has no voice", a.voiceAsSMS)})
	}
}
