package metrics

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
)

// Value is one computed metric. Exactly one of Num and Bool is meaningful, as
// IsBool says. N is the sample size: the denominator, or what was counted.
type Value struct {
	Num    float64
	Bool   bool
	IsBool bool
	N      int
	Detail string // the stage, segment or applications behind the value
	// Attested marks a value someone vouched for rather than one measured.
	Attested bool
}

// Input is the evidence the metrics are computed from. A nil slice or pointer
// means the kind is absent (or held no records); its metrics are then absent.
type Input struct {
	Period         evidence.Period
	Baseline       *evidence.Period
	SP80063B       string
	People         []evidence.Person
	Devices        []evidence.Device
	Authenticators []evidence.Authenticator
	Tickets        []evidence.Ticket
	Policies       *evidence.PolicySet
	Governance     *evidence.GovernanceRecord
	Attestations   []evidence.Attestation // nil when absent
	// NoRecoveryStarted and NoRecoveryCompleted say the account events come
	// from formats that cannot record those events: their metrics are absent.
	NoRecoveryStarted, NoRecoveryCompleted bool
	HasAuthEvents                          bool
	HasAccount                             bool
}

// PR reports whether an authenticator type is phishing-resistant.
func PR(method string) bool {
	switch method {
	case "passkey_device_bound", "passkey_synced", "windows_hello", "platform_sso", "security_key", "smart_card":
		return true
	}
	return false
}

// WeakRecovery reports whether a recovery method is weak.
func WeakRecovery(method string) bool {
	switch method {
	case "sms", "email", "security_questions", "helpdesk_unverified":
		return true
	}
	return false
}

// interval is a span during which a phishing-resistant authenticator was held.
type interval struct{ from, to time.Time } // to is zero while held

// Accumulator folds streamed events into counts. Create it with New, feed it
// AuthEvent and AccountEvent in any order, then call Results.
type Accumulator struct {
	in      *Input
	prHeld  map[string][]interval
	first30 [2]time.Time // [start, end) of the first 30 days of P
	last30  [2]time.Time
	auth    authCounts
	account accountCounts
	inScope map[string]bool
	n       int
	// datesUnknown: some authenticators come from a snapshot without
	// registration dates.
	datesUnknown bool
	monthly      monthly
}

// monthly holds per-month counts over the calendar months of the baseline and
// the period, for the series reports chart quarter over quarter.
type monthly struct {
	first    int // year*12 + month-1 of the first month
	months   []string
	baseline []bool
	// counters, one slot per month
	success, successPR, fallbackDen, fallbackNum                    []int
	resets, recoveryStarted, recoveryCompleted, recoverySelfService []int
}

func newMonthly(in *Input) monthly {
	var m monthly
	add := func(p evidence.Period, baseline bool) {
		for d := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC); !d.After(p.End); d = d.AddDate(0, 1, 0) {
			key := d.Format("2006-01")
			if len(m.months) > 0 && m.months[len(m.months)-1] >= key {
				continue
			}
			if len(m.months) == 0 {
				m.first = d.Year()*12 + int(d.Month()) - 1
			}
			m.months = append(m.months, key)
			m.baseline = append(m.baseline, baseline)
		}
	}
	if in.Baseline != nil {
		add(*in.Baseline, true)
	}
	add(in.Period, false)
	for _, c := range []*[]int{&m.success, &m.successPR, &m.fallbackDen, &m.fallbackNum, &m.resets, &m.recoveryStarted, &m.recoveryCompleted, &m.recoverySelfService} {
		*c = make([]int, len(m.months))
	}
	return m
}

// slot returns the month index of t, or -1 outside the series.
func (m *monthly) slot(t time.Time) int {
	y, mo, _ := t.Date()
	i := y*12 + int(mo) - 1 - m.first
	if i < 0 || i >= len(m.months) {
		return -1
	}
	return i
}

// add counts one in month i; i < 0 is outside the series.
func add(counter []int, i int) {
	if i >= 0 {
		counter[i]++
	}
}

type authCounts struct {
	events, failures, successes, successPR int
	fbDen, fbNum                           int
	fbFirstDen, fbFirstNum                 int
	fbLastDen, fbLastNum                   int
}

type accountCounts struct {
	resetsP, resetsB             int
	completed, selfService, weak int
	started                      int
}

// New prepares an accumulator for the input.
func New(in *Input) *Accumulator {
	a := &Accumulator{in: in, prHeld: map[string][]interval{}, inScope: map[string]bool{}}
	for _, au := range in.Authenticators {
		a.datesUnknown = a.datesUnknown || au.DatesUnknown
		if PR(au.Type) {
			a.prHeld[au.UserID] = append(a.prHeld[au.UserID], interval{au.RegisteredAt, au.RevokedAt})
		}
	}
	for _, p := range in.People {
		if p.InScope {
			a.inScope[p.UserID] = true
		}
	}
	a.n = len(a.inScope)
	start, endEx := in.Period.Start, in.Period.EndExclusive()
	a.monthly = newMonthly(in)
	a.first30 = [2]time.Time{start, start.AddDate(0, 0, 30)}
	a.last30 = [2]time.Time{endEx.AddDate(0, 0, -30), endEx}
	return a
}

func (a *Accumulator) heldPR(user string, t time.Time) bool {
	for _, iv := range a.prHeld[user] {
		if !iv.from.After(t) && (iv.to.IsZero() || iv.to.After(t)) {
			return true
		}
	}
	return false
}

func within(t time.Time, w [2]time.Time) bool { return !t.Before(w[0]) && t.Before(w[1]) }

// AuthEvent folds one sign-in.
func (a *Accumulator) AuthEvent(e *evidence.AuthEvent) {
	inP := a.in.Period.Contains(e.Time)
	if !inP && (a.in.Baseline == nil || !a.in.Baseline.Contains(e.Time)) {
		return
	}
	c := &a.auth
	if inP {
		c.events++
	}
	if !e.Success {
		if inP {
			c.failures++
		}
		return
	}
	pr := PR(e.Method)
	held := !a.datesUnknown && a.heldPR(e.UserID, e.Time)
	fb := 0
	if !pr {
		fb = 1
	}
	m := &a.monthly
	i := m.slot(e.Time)
	add(m.success, i)
	if pr {
		add(m.successPR, i)
	}
	if held {
		add(m.fallbackDen, i)
		if !pr {
			add(m.fallbackNum, i)
		}
	}
	if !inP {
		return
	}
	c.successes++
	if pr {
		c.successPR++
	}
	if !held {
		return
	}
	c.fbDen++
	c.fbNum += fb
	if within(e.Time, a.first30) {
		c.fbFirstDen++
		c.fbFirstNum += fb
	}
	if within(e.Time, a.last30) {
		c.fbLastDen++
		c.fbLastNum += fb
	}
}

// AccountEvent folds one account-lifecycle event.
func (a *Accumulator) AccountEvent(e *evidence.AccountEvent) {
	inP := a.in.Period.Contains(e.Time)
	if inP || (a.in.Baseline != nil && a.in.Baseline.Contains(e.Time)) {
		m := &a.monthly
		i := m.slot(e.Time)
		switch e.Action {
		case "password_reset":
			add(m.resets, i)
		case "recovery_started":
			add(m.recoveryStarted, i)
		case "recovery_completed":
			add(m.recoveryCompleted, i)
			if e.Channel == "self_service" {
				add(m.recoverySelfService, i)
			}
		}
	}
	c := &a.account
	if e.Action == "password_reset" {
		if inP {
			c.resetsP++
		} else if a.in.Baseline != nil && a.in.Baseline.Contains(e.Time) {
			c.resetsB++
		}
		return
	}
	if !inP {
		return
	}
	switch e.Action {
	case "recovery_completed":
		c.completed++
		if e.Channel == "self_service" {
			c.selfService++
		}
		if WeakRecovery(e.Method) {
			c.weak++
		}
	case "recovery_started":
		c.started++
	}
}

// Results is every metric that could be computed, plus the series reports chart.
type Results struct {
	Values       map[string]Value
	Segments     map[string]float64 // devices.ready_share by segment
	SegmentSizes map[string]int
	Months       []MonthStages
	// Series holds monthly values across the baseline and the period, by name.
	Series map[string][]Point
}

// Point is one month of a series. Has is false when the month had no sample.
type Point struct {
	Month    string // YYYY-MM
	Baseline bool
	Value    float64
	N        int
	Has      bool
}

// MonthStages counts the authentication tickets opened in one calendar month.
type MonthStages struct {
	Month    string // YYYY-MM
	Baseline bool
	Stages   map[string]int
}

// SetStreamed says whether the streamed kinds held any records; without them
// their metrics are absent rather than zero.
// The last two say the account events' formats cannot record recoveries
// started or completed.
func (a *Accumulator) SetStreamed(authEvents, accountEvents, noRecoveryStarted, noRecoveryCompleted bool) {
	a.in.HasAuthEvents, a.in.HasAccount = authEvents, accountEvents
	a.in.NoRecoveryStarted, a.in.NoRecoveryCompleted = noRecoveryStarted, noRecoveryCompleted
}

// Results computes the metrics from the folded events and the whole kinds.
func (a *Accumulator) Results() *Results {
	r := &Results{Values: map[string]Value{}, Segments: map[string]float64{}, SegmentSizes: map[string]int{}}
	in := a.in
	havePop := in.People != nil
	if havePop {
		r.count("population.in_scope_users", a.n)
	}
	if in.Devices != nil {
		a.devices(r)
	}
	if havePop && in.Authenticators != nil {
		a.enrolment(r)
	}
	if in.HasAuthEvents {
		a.authMetrics(r)
	}
	if in.Tickets != nil {
		a.helpdesk(r)
	}
	if in.HasAccount {
		a.recovery(r)
	}
	if in.Policies != nil {
		a.policy(r)
	}
	if in.Governance != nil {
		a.governance(r)
	}
	if in.Attestations != nil {
		a.attestations(r)
	}
	r.Series = a.series()
	return r
}

// SeriesNames lists the monthly series, in the order reports show them.
var SeriesNames = []string{"helpdesk.auth_tickets", "helpdesk.lost_device_recovery_tickets", "credential_reset.events",
	"auth.success_pr_share", "auth.fallback_share", "recovery.started", "recovery.self_service_share", "enrolment.pr_share"}

// series turns the monthly counts into the reported series; a series whose
// evidence is absent is left out.
func (a *Accumulator) series() map[string][]Point {
	m := &a.monthly
	in := a.in
	out := map[string][]Point{}
	counts := func(name string, counter []int) {
		pts := make([]Point, len(m.months))
		for i := range m.months {
			n := counter[i]
			pts[i] = Point{Month: m.months[i], Baseline: m.baseline[i], Value: float64(n), N: n, Has: true}
		}
		out[name] = pts
	}
	shares := func(name string, num, den []int) {
		pts := make([]Point, len(m.months))
		for i := range m.months {
			pts[i] = Point{Month: m.months[i], Baseline: m.baseline[i]}
			if den[i] > 0 {
				pts[i].Value, pts[i].N, pts[i].Has = float64(num[i])/float64(den[i]), den[i], true
			}
		}
		out[name] = pts
	}
	if in.Tickets != nil {
		auth, ldr := make([]int, len(m.months)), make([]int, len(m.months))
		for _, t := range in.Tickets {
			if i := m.slot(t.OpenedAt); i >= 0 && t.Stage != "unrelated" && a.inEither(t.OpenedAt) {
				auth[i]++
				if t.Stage == "lost_device_recovery" {
					ldr[i]++
				}
			}
		}
		counts("helpdesk.auth_tickets", auth)
		counts("helpdesk.lost_device_recovery_tickets", ldr)
	}
	if in.HasAccount {
		counts("credential_reset.events", m.resets)
		counts("recovery.started", m.recoveryStarted)
		shares("recovery.self_service_share", m.recoverySelfService, m.recoveryCompleted)
	}
	if in.HasAuthEvents {
		shares("auth.success_pr_share", m.successPR, m.success)
		if in.Authenticators != nil && !a.datesUnknown {
			shares("auth.fallback_share", m.fallbackNum, m.fallbackDen)
		}
	}
	if in.People != nil && in.Authenticators != nil && a.n > 0 && !a.datesUnknown {
		pts := make([]Point, len(m.months))
		for i, month := range m.months {
			t, _ := time.Parse("2006-01", month)
			end := t.AddDate(0, 1, 0).Add(-time.Millisecond)
			if end.After(in.Period.EndExclusive()) {
				end = in.Period.EndExclusive().Add(-time.Millisecond)
			}
			held := a.prHolders(end)
			pts[i] = Point{Month: month, Baseline: m.baseline[i], Value: float64(held) / float64(a.n), N: a.n, Has: true}
		}
		out["enrolment.pr_share"] = pts
	}
	return out
}

func (a *Accumulator) inEither(t time.Time) bool {
	return a.in.Period.Contains(t) || (a.in.Baseline != nil && a.in.Baseline.Contains(t))
}

// prHolders counts in-scope users holding a phishing-resistant authenticator at t.
func (a *Accumulator) prHolders(t time.Time) int {
	n := 0
	for user := range a.inScope {
		if a.heldPR(user, t) {
			n++
		}
	}
	return n
}

func (r *Results) count(name string, n int) {
	r.Values[name] = Value{Num: float64(n), N: n}
}

func (r *Results) share(name string, num, den int) {
	if den > 0 {
		r.Values[name] = Value{Num: float64(num) / float64(den), N: den}
	}
}

func (r *Results) boolean(name string, b bool, n int) {
	r.Values[name] = Value{Bool: b, IsBool: true, N: n}
}

// months is days(X) / 30.436875, the average month of the Gregorian calendar.
func months(p evidence.Period) float64 { return float64(p.Days()) / 30.436875 }

// change is the relative change of a daily rate between the baseline and the period.
func change(xP int, p evidence.Period, xB int, b *evidence.Period) (float64, bool) {
	if b == nil || xB == 0 {
		return 0, false
	}
	rb := float64(xB) / float64(b.Days())
	return (float64(xP)/float64(p.Days()) - rb) / rb, true
}

// DefaultPlatformMinimums are the readiness floors used when governance records
// no supported-platforms matrix.
var DefaultPlatformMinimums = map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}

// CompareVersions compares dotted numeric versions; missing parts count as 0.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (a *Accumulator) devices(r *Results) {
	in := a.in
	// A platform the governance matrix leaves out keeps its default floor.
	minimums := maps.Clone(DefaultPlatformMinimums)
	if in.Governance != nil {
		maps.Copy(minimums, in.Governance.SupportedPlatforms)
	}
	people := make(map[string]*evidence.Person, len(in.People))
	for i := range in.People {
		people[in.People[i].UserID] = &in.People[i]
	}
	cutoff := in.Period.End.AddDate(0, 0, -30)
	var active, ready, shared int
	segN, segReady := map[string]int{}, map[string]int{}
	for _, d := range in.Devices {
		if d.LastSeen.Before(cutoff) {
			continue
		}
		active++
		floor, ok := minimums[d.Platform]
		isReady := ok && d.HardwareKeystore && CompareVersions(d.OSVersion, floor) >= 0
		if isReady {
			ready++
		}
		segs := make([]string, 0, 3)
		if d.Ownership == "personal" {
			segs = append(segs, "personal")
		}
		if d.Shared {
			shared++
			segs = append(segs, "shared")
		}
		if p := people[d.UserID]; p != nil && d.UserID != "" {
			if p.Persona == "frontline" {
				segs = append(segs, "frontline")
			}
			if p.Employment == "contractor" || p.Employment == "acquired" {
				segs = append(segs, p.Employment)
			}
		}
		for _, s := range segs {
			segN[s]++
			if isReady {
				segReady[s]++
			}
		}
	}
	r.count("devices.active", active)
	r.count("devices.shared_active", shared)
	r.share("devices.ready_share", ready, active)
	best := -1.0
	for _, s := range Segments {
		if segN[s] == 0 {
			continue
		}
		v := float64(segReady[s]) / float64(segN[s])
		r.Segments[s], r.SegmentSizes[s] = v, segN[s]
		if segN[s] >= 30 && (best < 0 || v < best) {
			best = v
			r.Values["devices.min_segment_ready_share"] = Value{Num: v, N: segN[s], Detail: s}
		}
	}
}

func (a *Accumulator) enrolment(r *Results) {
	in := a.in
	asOf := in.Period.EndExclusive().Add(-time.Millisecond)
	held, pr := map[string]int{}, map[string]int{}
	for i := range in.Authenticators {
		au := &in.Authenticators[i]
		if !a.inScope[au.UserID] || !au.HeldAt(asOf) {
			continue
		}
		held[au.UserID]++
		if PR(au.Type) {
			pr[au.UserID]++
		}
	}
	var withPR, privileged, privilegedPR, redundant int
	for _, p := range in.People {
		if !p.InScope {
			continue
		}
		has := pr[p.UserID] > 0
		if has {
			withPR++
			if held[p.UserID] >= 2 {
				redundant++
			}
		}
		if p.Privileged {
			privileged++
			if has {
				privilegedPR++
			}
		}
	}
	r.share("enrolment.pr_share", withPR, a.n)
	r.share("enrolment.privileged_pr_share", privilegedPR, privileged)
	r.share("enrolment.redundant_share", redundant, withPR)
}

func (a *Accumulator) authMetrics(r *Results) {
	c := a.auth
	r.count("auth.events", c.events)
	r.share("auth.success_pr_share", c.successPR, c.successes)
	r.share("auth.failure_share", c.failures, c.events)
	if a.in.Authenticators == nil || a.datesUnknown {
		// Fallback is defined by who held a phishing-resistant authenticator at
		// the time of each sign-in: without registration dates it is unknowable.
		return
	}
	r.share("auth.fallback_share", c.fbNum, c.fbDen)
	if c.fbFirstDen > 0 && c.fbLastDen > 0 {
		v := float64(c.fbLastNum)/float64(c.fbLastDen) - float64(c.fbFirstNum)/float64(c.fbFirstDen)
		r.Values["auth.fallback_trend"] = Value{Num: v, N: min(c.fbFirstDen, c.fbLastDen)}
	}
}

func (a *Accumulator) helpdesk(r *Results) {
	in := a.in
	byStage := map[string]int{}
	var authP, authB, ldrB int
	var hours []float64
	monthly := map[string]map[string]int{}
	for _, t := range in.Tickets {
		if t.Stage == "unrelated" {
			continue
		}
		inP := in.Period.Contains(t.OpenedAt)
		inB := in.Baseline != nil && in.Baseline.Contains(t.OpenedAt)
		if inP || inB {
			m := t.OpenedAt.Format("2006-01")
			if monthly[m] == nil {
				monthly[m] = map[string]int{}
			}
			monthly[m][t.Stage]++
		}
		switch {
		case inP:
			authP++
			byStage[t.Stage]++
			if t.Stage == "lost_device_recovery" && !t.ResolvedAt.IsZero() {
				hours = append(hours, t.ResolvedAt.Sub(t.OpenedAt).Hours())
			}
		case inB:
			authB++
			if t.Stage == "lost_device_recovery" {
				ldrB++
			}
		}
	}
	r.count("helpdesk.auth_tickets", authP)
	if in.People != nil && a.n > 0 {
		r.Values["helpdesk.tickets_per_1000_users_month"] = Value{Num: float64(authP) / float64(a.n) * 1000 / months(in.Period), N: authP}
	}
	if authP > 0 {
		bestStage, best := "", -1
		for _, st := range Stages {
			r.share("helpdesk.stage_share."+st, byStage[st], authP)
			if byStage[st] > best {
				bestStage, best = st, byStage[st]
			}
		}
		r.Values["helpdesk.max_stage_share"] = Value{Num: float64(best) / float64(authP), N: authP, Detail: bestStage}
	}
	if v, ok := change(authP, in.Period, authB, in.Baseline); ok {
		r.Values["helpdesk.demand_change"] = Value{Num: v, N: authP + authB}
	}
	if v, ok := change(byStage["lost_device_recovery"], in.Period, ldrB, in.Baseline); ok {
		r.Values["helpdesk.recovery_change"] = Value{Num: v, N: byStage["lost_device_recovery"] + ldrB}
	}
	if len(hours) > 0 {
		slices.Sort(hours)
		r.Values["recovery.median_hours"] = Value{Num: nearestRank(hours, 1, 2), N: len(hours)}
		r.Values["recovery.p90_hours"] = Value{Num: nearestRank(hours, 9, 10), N: len(hours)}
	}
	r.Months = monthSeries(in, monthly)
}

// nearestRank is the q-quantile of sorted values, q = num/den: the value at rank
// ceil(q·n). The rank is computed in integers so that no floating-point rounding
// of q·n can ever move it to the next rank.
func nearestRank(sorted []float64, num, den int) float64 {
	rank := (num*len(sorted) + den - 1) / den
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// monthSeries lists every calendar month touching the baseline or the period, in
// order, with its ticket counts by stage.
func monthSeries(in *Input, monthly map[string]map[string]int) []MonthStages {
	var out []MonthStages
	add := func(p evidence.Period, baseline bool) {
		for m := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(p.End); m = m.AddDate(0, 1, 0) {
			key := m.Format("2006-01")
			if len(out) > 0 && out[len(out)-1].Month == key {
				continue
			}
			stages := map[string]int{}
			for _, st := range Stages {
				stages[st] = monthly[key][st]
			}
			out = append(out, MonthStages{Month: key, Baseline: baseline, Stages: stages})
		}
	}
	if in.Baseline != nil {
		add(*in.Baseline, true)
	}
	add(in.Period, false)
	return out
}

func (a *Accumulator) recovery(r *Results) {
	in, c := a.in, a.account
	if v, ok := change(c.resetsP, in.Period, c.resetsB, in.Baseline); ok {
		r.Values["credential_reset.change"] = Value{Num: v, N: c.resetsP + c.resetsB}
	}
	rec, okR := r.Values["helpdesk.recovery_change"]
	res, okC := r.Values["credential_reset.change"]
	if okR && okC {
		r.boolean("helpdesk.practical_test", !(rec.Num > 0 && res.Num >= 0), rec.N+res.N)
	}
	if !in.NoRecoveryCompleted {
		r.count("recovery.completed", c.completed)
		r.share("recovery.self_service_share", c.selfService, c.completed)
		r.share("recovery.weak_method_share", c.weak, c.completed)
	}
	if in.People != nil && a.n > 0 && !in.NoRecoveryStarted {
		r.Values["recovery.rate_per_100_users_month"] = Value{Num: float64(c.started) / float64(a.n) * 100 / months(in.Period), N: c.started}
	}
}

// sessionLimits are the AAL2 reauthentication limits (hours overall, minutes idle)
// of each SP 800-63B revision.
var sessionLimits = map[string][2]float64{"rev4": {24, 60}, "rev3": {12, 30}}

func (a *Accumulator) policy(r *Results) {
	in := a.in
	p := in.Policies
	idp := p.IdP
	limits, ok := sessionLimits[in.SP80063B]
	if !ok {
		limits = sessionLimits["rev4"]
	}
	excepted := map[string]bool{}
	if in.Governance != nil {
		for _, e := range in.Governance.Exceptions {
			if !e.Expires.Before(in.Period.End) {
				excepted[e.Scope] = true
			}
		}
	}
	var aal2 int
	var session, phishable, weakFB, inconsistent []string
	for _, app := range p.Apps {
		eff := effective(idp, app)
		if app.AAL < 2 {
			continue
		}
		aal2++
		if eff.maxSession == nil || *eff.maxSession > limits[0] || eff.idle == nil || *eff.idle > limits[1] {
			session = append(session, app.App)
		}
		if !slices.ContainsFunc(eff.allowed, PR) {
			phishable = append(phishable, app.App)
		}
		if slices.ContainsFunc(eff.fallback, func(m string) bool {
			return m == "password" || m == "sms" || m == "voice" || m == "email"
		}) {
			weakFB = append(weakFB, app.App)
		}
		differs := !sameNumber(eff.maxSession, idp.MaxSessionHours) || !sameNumber(eff.idle, idp.IdleTimeoutMinutes) ||
			!sameSet(eff.fallback, idp.FallbackMethods) || eff.stepUp != idp.StepUp
		if differs && !excepted[app.App] {
			inconsistent = append(inconsistent, app.App)
		}
	}
	r.count("policy.aal2_apps", aal2)
	listed := func(name string, apps []string) {
		v := Value{Num: float64(len(apps)), N: aal2, Detail: listNames(apps)}
		r.Values[name] = v
	}
	listed("policy.session_noncompliant_apps", session)
	listed("policy.phishable_only_apps", phishable)
	listed("policy.weak_fallback_apps", weakFB)
	listed("policy.inconsistent_apps", inconsistent)
	if idp.SharedWorkstationIdleMinutes != nil {
		r.Values["policy.shared_workstation_idle_minutes"] = Value{Num: *idp.SharedWorkstationIdleMinutes, N: 1}
	}
	if idp.LockoutThreshold != nil {
		r.Values["policy.lockout_threshold"] = Value{Num: *idp.LockoutThreshold, N: 1}
	}
	if idp.RecoveryMethods != nil {
		var weak []string
		for _, m := range idp.RecoveryMethods {
			if WeakRecovery(m) {
				weak = append(weak, m)
			}
		}
		r.Values["policy.recovery_methods_weak"] = Value{Num: float64(len(weak)), N: len(idp.RecoveryMethods), Detail: listNames(weak)}
	}
	if idp.NotifyOnRecovery != nil {
		r.boolean("policy.notify_on_recovery", *idp.NotifyOnRecovery, 1)
	}
}

type effectiveApp struct {
	maxSession, idle  *float64
	allowed, fallback []string
	stepUp            string
}

// effective applies the inheritance rule: an application field that is absent
// takes the IdP value.
func effective(idp evidence.IdPPolicy, app evidence.AppPolicy) effectiveApp {
	e := effectiveApp{maxSession: app.MaxSessionHours, idle: app.IdleTimeoutMinutes, allowed: app.AllowedMethods,
		fallback: app.FallbackMethods, stepUp: app.StepUp}
	if e.maxSession == nil {
		e.maxSession = idp.MaxSessionHours
	}
	if e.idle == nil {
		e.idle = idp.IdleTimeoutMinutes
	}
	if !app.HasAllowed {
		e.allowed = idp.AllowedMethods
	}
	if !app.HasFallback {
		e.fallback = idp.FallbackMethods
	}
	if e.stepUp == "" {
		e.stepUp = idp.StepUp
	}
	return e
}

func sameNumber(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// listNames names up to five items and counts the rest, so a finding stays short.
func listNames(names []string) string {
	names = slices.Clone(names)
	slices.Sort(names)
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

// wholeDays is the number of calendar days from a to b.
func wholeDays(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}

func (a *Accumulator) governance(r *Results) {
	in := a.in
	g := in.Governance
	r.boolean("governance.owner_assigned", g.Owner != nil && strings.TrimSpace(*g.Owner) != "", 1)
	if !g.LastMetricsReview.IsZero() {
		d := wholeDays(g.LastMetricsReview, in.Period.End)
		r.Values["governance.metrics_review_age_days"] = Value{Num: float64(d), N: 1}
	}
	if !g.SupportedPlatformsDocumented.IsZero() && !g.RolloutStart.IsZero() {
		d := wholeDays(g.SupportedPlatformsDocumented, g.RolloutStart)
		r.Values["governance.support_matrix_lead_days"] = Value{Num: float64(d), N: 1}
	}
	var expired, unowned, unreviewed []string
	for _, e := range g.Exceptions {
		if e.Expires.Before(in.Period.End) {
			expired = append(expired, e.ID)
		}
		if strings.TrimSpace(e.Owner) == "" {
			unowned = append(unowned, e.ID)
		}
	}
	yearBefore := in.Period.End.AddDate(0, 0, -365)
	for _, s := range g.AISystems {
		if strings.TrimSpace(s.Owner) == "" || !s.HumanOverride || s.LastReview.IsZero() || s.LastReview.Before(yearBefore) {
			unreviewed = append(unreviewed, s.Name)
		}
	}
	r.Values["governance.expired_exceptions"] = Value{Num: float64(len(expired)), N: len(g.Exceptions), Detail: listNames(expired)}
	r.Values["governance.exceptions_without_owner"] = Value{Num: float64(len(unowned)), N: len(g.Exceptions), Detail: listNames(unowned)}
	r.count("governance.ai_systems", len(g.AISystems))
	r.Values["governance.ai_systems_unreviewed"] = Value{Num: float64(len(unreviewed)), N: len(g.AISystems), Detail: listNames(unreviewed)}
}

// Statements are the attestation statements, each a boolean metric
// "attestation.<statement>".
var Statements = []string{"recovery_secrets", "session_cookies", "ai_human_override", "ai_third_party"}

// attestations turns the latest current attestation of each statement into a
// boolean metric. An attestation counts when it was made on or after the first
// day of the period and does not expire before its last day; older or expired
// ones leave the metric absent, so the controls using it fail closed.
func (a *Accumulator) attestations(r *Results) {
	p := a.in.Period
	for _, st := range Statements {
		var best *evidence.Attestation
		for i := range a.in.Attestations {
			at := &a.in.Attestations[i]
			if at.Statement != st || at.AttestedAt.Before(p.Start) || at.Expires.Before(p.End) {
				continue
			}
			if best == nil || at.AttestedAt.After(best.AttestedAt) {
				best = at
			}
		}
		if best != nil {
			r.Values["attestation."+st] = Value{Bool: best.Answer, IsBool: true, N: 1, Attested: true,
				Detail: fmt.Sprintf("attested by %s on %s (%s, valid until %s)", best.AttestedBy, best.AttestedAt.Format(time.DateOnly), best.Reference, best.Expires.Format(time.DateOnly))}
		}
	}
}
