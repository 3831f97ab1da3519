package main

// An independent, deliberately plain implementation of metrics.md used by the
// end-to-end tests to check the numbers the tool reports. It reads the evidence folder
// with the standard library only (and BurntSushi/toml for the TOML files) and imports
// nothing from this module, so a bug in the evidence, metrics or controls packages
// cannot hide itself by being repeated here.

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

type oracleDates struct {
	Start time.Time `toml:"start"`
	End   time.Time `toml:"end"`
}

type oracleSource struct {
	Kind        string    `toml:"kind"`
	Path        string    `toml:"path"`
	Format      string    `toml:"format"`
	System      string    `toml:"system"`
	CollectedAt time.Time `toml:"collected_at"`
}

type oracleManifest struct {
	Organization string         `toml:"organization"`
	Period       oracleDates    `toml:"period"`
	Baseline     *oracleDates   `toml:"baseline_period"`
	Profile      string         `toml:"sp800_63b_profile"`
	Source       []oracleSource `toml:"source"`
}

type oracleGovernance struct {
	Owner                        string            `toml:"owner"`
	RolloutStart                 time.Time         `toml:"rollout_start"`
	SupportedPlatformsDocumented time.Time         `toml:"supported_platforms_documented"`
	LastMetricsReview            time.Time         `toml:"last_metrics_review"`
	SupportedPlatforms           map[string]string `toml:"supported_platforms"`
	Exception                    []struct {
		ID            string    `toml:"id"`
		Scope         string    `toml:"scope"`
		Owner         string    `toml:"owner"`
		Expires       time.Time `toml:"expires"`
		Justification string    `toml:"justification"`
	} `toml:"exception"`
	AISystem []struct {
		Name          string    `toml:"name"`
		Owner         string    `toml:"owner"`
		LastReview    time.Time `toml:"last_review"`
		HumanOverride bool      `toml:"human_override"`
	} `toml:"ai_system"`
}

type oraclePolicy struct {
	App                          string    `json:"app"`
	AAL                          *float64  `json:"aal"`
	MaxSessionHours              *float64  `json:"max_session_hours"`
	IdleTimeoutMinutes           *float64  `json:"idle_timeout_minutes"`
	LockoutThreshold             *float64  `json:"lockout_threshold"`
	RecoveryMethods              []string  `json:"recovery_methods"`
	NotifyOnRecovery             *bool     `json:"notify_on_recovery"`
	AllowedMethods               *[]string `json:"allowed_methods"`
	FallbackMethods              *[]string `json:"fallback_methods"`
	StepUp                       *string   `json:"step_up"`
	SharedWorkstationIdleMinutes *float64  `json:"shared_workstation_idle_minutes"`
}

type oracleAuthenticator struct {
	typ      string
	reg, rev time.Time // rev zero while active
}

type oracleRule struct {
	name, stage                         string
	subcategories, keywords, categories []string
}

// oracleRules are the built-in ticket classification rules, first match wins.
var oracleRules = []oracleRule{
	{"lost-device", "lost_device_recovery",
		[]string{"lost device", "lost or stolen device", "stolen device"},
		[]string{"lost phone", "lost my phone", "lost device", "stolen", "new phone", "replacement phone", "lost security key", "lost key", "broken phone"}, nil},
	{"device-readiness", "device_readiness",
		[]string{"device compatibility", "unsupported device"},
		[]string{"unsupported", "tpm", "not compatible", "incompatible", "os update", "os upgrade", "outdated os", "no biometric"}, nil},
	{"migration", "authenticator_migration",
		[]string{"authenticator migration", "device change"},
		[]string{"migrate", "migration", "move passkey", "transfer passkey", "switch device", "switching phone", "new laptop"}, nil},
	{"enrolment", "enrolment",
		[]string{"enrolment", "enrollment", "registration"},
		[]string{"enrol", "enroll", "register passkey", "registration", "set up passkey", "setup passkey", "set up windows hello"}, nil},
	{"reauthentication", "reauthentication",
		[]string{"session", "reauthentication"},
		[]string{"reauth", "re-auth", "prompted again", "session expired", "signed out", "keeps asking"}, nil},
	{"password-reset", "password_reset",
		[]string{"password reset", "account lockout"},
		[]string{"password reset", "reset password", "reset my password", "forgot password", "locked out", "account locked", "unlock"}, nil},
	{"auth-category", "other_auth", nil, nil,
		[]string{"identity", "access", "authentication", "account", "sso", "mfa"}},
}

var oracleAuthStages = []string{"enrolment", "device_readiness", "authenticator_migration", "lost_device_recovery", "reauthentication", "password_reset", "other_auth"}

var oracleSegments = []string{"personal", "shared", "frontline", "contractor", "acquired"}

func oraclePR(typ string) bool {
	switch typ {
	case "passkey_device_bound", "passkey_synced", "windows_hello", "platform_sso", "security_key", "smart_card":
		return true
	}
	return false
}

// oracleClassify returns the rule name and stage for a ticket without a stage.
func oracleClassify(category, subcategory, summary string) (string, string) {
	cat := strings.ToLower(strings.TrimSpace(category))
	sub := strings.ToLower(strings.TrimSpace(subcategory))
	sum := strings.ToLower(summary)
	for _, r := range oracleRules {
		for _, s := range r.subcategories {
			if sub == s {
				return r.name, r.stage
			}
		}
		for _, k := range r.keywords {
			if strings.Contains(sum, k) {
				return r.name, r.stage
			}
		}
		for _, c := range r.categories {
			if cat == c {
				return r.name, r.stage
			}
		}
	}
	return "unrelated", "unrelated"
}

// oracleDate turns a TOML local date (or any time) into midnight UTC of the same calendar day.
func oracleDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func oracleTime(t testing.TB, s string) time.Time {
	t.Helper()
	s = strings.TrimSpace(s)
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return v.UTC()
	}
	v, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("oracle: bad time %q", s)
	}
	return v
}

func oracleBool(t testing.TB, s string) bool {
	t.Helper()
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1":
		return true
	case "false", "no", "0":
		return false
	}
	t.Fatalf("oracle: bad boolean %q", s)
	return false
}

func oracleRead(t testing.TB, dir, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("oracle: %s: %v", rel, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatalf("oracle: %s: %v", rel, err)
		}
	}
	return data
}

// oracleCSV returns the rows of a CSV file as maps from column name to value.
func oracleCSV(t testing.TB, dir, rel string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(oracleRead(t, dir, rel))).ReadAll()
	if err != nil {
		t.Fatalf("oracle: %s: %v", rel, err)
	}
	if len(recs) == 0 {
		return nil
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, name := range recs[0] {
			row[strings.TrimSpace(name)] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// oracleJSONL returns the lines of a JSON Lines file as maps.
func oracleJSONL(t testing.TB, dir, rel string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for i, line := range bytes.Split(oracleRead(t, dir, rel), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("oracle: %s:%d: %v", rel, i+1, err)
		}
		out = append(out, m)
	}
	return out
}

func oracleStr(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// oracleRank returns the nearest-rank q-quantile (q = num/den) of sorted values,
// computing the rank ceil(q·n) in integers.
func oracleRank(sorted []float64, num, den int) float64 {
	n := len(sorted)
	rank := (num*n + den - 1) / den
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

// oracleVersionAtLeast compares dotted numeric versions; missing parts are 0.
func oracleVersionAtLeast(v, min string) bool {
	a, b := strings.Split(v, "."), strings.Split(min, ".")
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := 0, 0
		if i < len(a) {
			x, _ = strconv.Atoi(strings.TrimSpace(a[i]))
		}
		if i < len(b) {
			y, _ = strconv.Atoi(strings.TrimSpace(b[i]))
		}
		if x != y {
			return x > y
		}
	}
	return true
}

// oracleMetrics computes every metric of metrics.md for the evidence folder dir
// from first principles. Values are float64, or bool for helpdesk.practical_test,
// policy.notify_on_recovery and governance.owner_assigned. Metrics that cannot be
// computed are absent.
func oracleMetrics(t testing.TB, dir string) map[string]any {
	t.Helper()
	m, _ := oracleCompute(t, dir)
	return m
}

// oracleCompute returns the metrics and the sample size n behind each of them.
func oracleCompute(t testing.TB, dir string) (map[string]any, map[string]int) {
	t.Helper()
	var man oracleManifest
	if _, err := toml.DecodeFile(filepath.Join(dir, "evidence.toml"), &man); err != nil {
		t.Fatalf("oracle: manifest: %v", err)
	}
	out := map[string]any{}
	ns := map[string]int{}
	set := func(name string, v any, n int) {
		out[name] = v
		ns[name] = n
	}
	share := func(name string, num, den int) {
		if den > 0 {
			set(name, float64(num)/float64(den), den)
		}
	}

	pStart := oracleDate(man.Period.Start)
	pEndDay := oracleDate(man.Period.End)
	pEnd := pEndDay.Add(24*time.Hour - time.Millisecond)
	inP := func(x time.Time) bool { return !x.Before(pStart) && !x.After(pEnd) }
	daysP := pEndDay.Sub(pStart).Hours()/24 + 1
	monthsP := daysP / 30.436875
	hasB := man.Baseline != nil
	var bStart, bEnd time.Time
	var daysB float64
	if hasB {
		bStart = oracleDate(man.Baseline.Start)
		bEndDay := oracleDate(man.Baseline.End)
		bEnd = bEndDay.Add(24*time.Hour - time.Millisecond)
		daysB = bEndDay.Sub(bStart).Hours()/24 + 1
	}
	inB := func(x time.Time) bool { return hasB && !x.Before(bStart) && !x.After(bEnd) }
	change := func(name string, xP, xB int) {
		if hasB && xB > 0 {
			rb := float64(xB) / daysB
			set(name, (float64(xP)/daysP-rb)/rb, xB)
		}
	}
	asOf := pEnd

	paths := map[string][]string{}
	for _, s := range man.Source {
		paths[s.Kind] = append(paths[s.Kind], s.Path)
	}
	has := func(kind string) bool { return len(paths[kind]) > 0 }

	// Governance first: it carries the platform minimums.
	var gov oracleGovernance
	if has("governance") {
		for _, p := range paths["governance"] {
			if _, err := toml.Decode(string(oracleRead(t, dir, p)), &gov); err != nil {
				t.Fatalf("oracle: %s: %v", p, err)
			}
		}
	}

	// Population.
	persona := map[string]string{}
	employment := map[string]string{}
	var inScope []string
	isInScope := map[string]bool{}
	var privileged []string
	if has("population") {
		for _, p := range paths["population"] {
			for _, row := range oracleCSV(t, dir, p) {
				id := row["user_id"]
				persona[id] = row["persona"]
				employment[id] = row["employment"]
				if oracleBool(t, row["in_scope"]) {
					inScope = append(inScope, id)
					isInScope[id] = true
					if oracleBool(t, row["privileged"]) {
						privileged = append(privileged, id)
					}
				}
			}
		}
		set("population.in_scope_users", float64(len(inScope)), len(inScope))
	}
	nUsers := len(inScope)

	// Devices.
	if has("devices") {
		minimum := map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}
		for k, v := range gov.SupportedPlatforms {
			minimum[k] = v
		}
		cut := pEndDay.AddDate(0, 0, -30)
		active, ready, sharedActive := 0, 0, 0
		segActive := map[string]int{}
		segReady := map[string]int{}
		for _, p := range paths["devices"] {
			for _, row := range oracleCSV(t, dir, p) {
				if oracleTime(t, row["last_seen"]).Before(cut) {
					continue
				}
				active++
				floor, ok := minimum[strings.ToLower(row["platform"])]
				r := ok && oracleVersionAtLeast(row["os_version"], floor) && oracleBool(t, row["hardware_keystore"])
				if r {
					ready++
				}
				shared := oracleBool(t, row["shared"])
				if shared {
					sharedActive++
				}
				var segs []string
				if row["ownership"] == "personal" {
					segs = append(segs, "personal")
				}
				if shared {
					segs = append(segs, "shared")
				}
				if u := row["user_id"]; u != "" {
					if persona[u] == "frontline" {
						segs = append(segs, "frontline")
					}
					switch employment[u] {
					case "contractor":
						segs = append(segs, "contractor")
					case "acquired":
						segs = append(segs, "acquired")
					}
				}
				for _, s := range segs {
					segActive[s]++
					if r {
						segReady[s]++
					}
				}
			}
		}
		set("devices.active", float64(active), active)
		set("devices.shared_active", float64(sharedActive), sharedActive)
		share("devices.ready_share", ready, active)
		minShare, minN := math.Inf(1), 0
		for _, s := range oracleSegments {
			if segActive[s] == 0 {
				continue
			}
			v := float64(segReady[s]) / float64(segActive[s])
			set("segment:devices.ready_share:"+s, v, segActive[s])
			if segActive[s] >= 30 && v < minShare {
				minShare, minN = v, segActive[s]
			}
		}
		if minN > 0 {
			set("devices.min_segment_ready_share", minShare, minN)
		}
	}

	// Authenticators.
	auths := map[string][]oracleAuthenticator{}
	if has("authenticators") {
		for _, p := range paths["authenticators"] {
			for _, row := range oracleCSV(t, dir, p) {
				a := oracleAuthenticator{typ: row["type"], reg: oracleTime(t, row["registered_at"])}
				if strings.TrimSpace(row["revoked_at"]) != "" {
					a.rev = oracleTime(t, row["revoked_at"])
				}
				auths[row["user_id"]] = append(auths[row["user_id"]], a)
			}
		}
	}
	held := func(user string, at time.Time) (all, pr int) {
		for _, a := range auths[user] {
			if a.reg.After(at) || (!a.rev.IsZero() && !a.rev.After(at)) {
				continue
			}
			all++
			if oraclePR(a.typ) {
				pr++
			}
		}
		return all, pr
	}
	if has("authenticators") && has("population") {
		withPR, redundant := 0, 0
		for _, u := range inScope {
			all, pr := held(u, asOf)
			if pr > 0 {
				withPR++
				if all >= 2 {
					redundant++
				}
			}
		}
		share("enrolment.pr_share", withPR, nUsers)
		privPR := 0
		for _, u := range privileged {
			if _, pr := held(u, asOf); pr > 0 {
				privPR++
			}
		}
		share("enrolment.privileged_pr_share", privPR, len(privileged))
		share("enrolment.redundant_share", redundant, withPR)
	}

	// Authentication events.
	if has("auth_events") {
		events, success, successPR, failures := 0, 0, 0, 0
		fbDen, fbNum := 0, 0
		firstEnd := pStart.AddDate(0, 0, 30)
		lastStart := pEndDay.AddDate(0, 0, 1-30)
		lastEnd := pEndDay.AddDate(0, 0, 1)
		fDen, fNum, lDen, lNum := 0, 0, 0, 0
		for _, p := range paths["auth_events"] {
			for _, e := range oracleJSONL(t, dir, p) {
				at := oracleTime(t, oracleStr(e, "time"))
				if !inP(at) {
					continue
				}
				events++
				if oracleStr(e, "outcome") != "success" {
					failures++
					continue
				}
				success++
				method := oracleStr(e, "method")
				if oraclePR(method) {
					successPR++
				}
				if _, pr := held(oracleStr(e, "user_id"), at); pr == 0 {
					continue
				}
				fb := 0
				if !oraclePR(method) {
					fb = 1
				}
				fbDen++
				fbNum += fb
				if at.Before(firstEnd) {
					fDen++
					fNum += fb
				}
				if !at.Before(lastStart) && at.Before(lastEnd) {
					lDen++
					lNum += fb
				}
			}
		}
		set("auth.events", float64(events), events)
		share("auth.success_pr_share", successPR, success)
		share("auth.fallback_share", fbNum, fbDen)
		share("auth.failure_share", failures, events)
		if fDen > 0 && lDen > 0 {
			n := fDen
			if lDen < n {
				n = lDen
			}
			set("auth.fallback_trend", float64(lNum)/float64(lDen)-float64(fNum)/float64(fDen), n)
		}
	}

	// Account events.
	if has("account_events") {
		resetP, resetB, completed, self, weak, started := 0, 0, 0, 0, 0, 0
		for _, p := range paths["account_events"] {
			for _, e := range oracleJSONL(t, dir, p) {
				at := oracleTime(t, oracleStr(e, "time"))
				switch oracleStr(e, "action") {
				case "password_reset":
					if inP(at) {
						resetP++
					} else if inB(at) {
						resetB++
					}
				case "recovery_started":
					if inP(at) {
						started++
					}
				case "recovery_completed":
					if !inP(at) {
						continue
					}
					completed++
					if oracleStr(e, "channel") == "self_service" {
						self++
					}
					switch oracleStr(e, "method") {
					case "sms", "email", "security_questions", "helpdesk_unverified":
						weak++
					}
				}
			}
		}
		change("credential_reset.change", resetP, resetB)
		set("recovery.completed", float64(completed), completed)
		share("recovery.self_service_share", self, completed)
		share("recovery.weak_method_share", weak, completed)
		if nUsers > 0 {
			set("recovery.rate_per_100_users_month", float64(started)/float64(nUsers)*100/monthsP, started)
		}
	}

	// Tickets.
	if has("tickets") {
		stageP := map[string]int{}
		authP, authB, lostP, lostB := 0, 0, 0, 0
		var hours []float64
		for _, r := range oracleRules {
			set("rule:"+r.name, 0.0, 0)
		}
		set("rule:unrelated", 0.0, 0)
		for _, p := range paths["tickets"] {
			for _, row := range oracleCSV(t, dir, p) {
				opened := oracleTime(t, row["opened_at"])
				isP, isB := inP(opened), inB(opened)
				if !isP && !isB {
					continue
				}
				stage := strings.TrimSpace(row["stage"])
				if stage == "" {
					var rule string
					rule, stage = oracleClassify(row["category"], row["subcategory"], row["summary"])
					out["rule:"+rule] = out["rule:"+rule].(float64) + 1
					ns["rule:"+rule]++
				}
				if stage == "unrelated" {
					continue
				}
				if isP {
					authP++
					stageP[stage]++
				} else {
					authB++
				}
				if stage != "lost_device_recovery" {
					continue
				}
				if isB {
					lostB++
					continue
				}
				lostP++
				if res := strings.TrimSpace(row["resolved_at"]); res != "" {
					hours = append(hours, oracleTime(t, res).Sub(opened).Hours())
				}
			}
		}
		set("helpdesk.auth_tickets", float64(authP), authP)
		if nUsers > 0 {
			set("helpdesk.tickets_per_1000_users_month", float64(authP)/float64(nUsers)*1000/monthsP, authP)
		}
		if authP > 0 {
			maxShare := -1.0
			for _, s := range oracleAuthStages {
				v := float64(stageP[s]) / float64(authP)
				set("helpdesk.stage_share."+s, v, authP)
				if v > maxShare {
					maxShare = v
				}
			}
			set("helpdesk.max_stage_share", maxShare, authP)
		}
		change("helpdesk.demand_change", authP, authB)
		change("helpdesk.recovery_change", lostP, lostB)
		if len(hours) > 0 {
			sort.Float64s(hours)
			set("recovery.median_hours", oracleRank(hours, 1, 2), len(hours))
			set("recovery.p90_hours", oracleRank(hours, 9, 10), len(hours))
		}
	}
	rc, okR := out["helpdesk.recovery_change"].(float64)
	cc, okC := out["credential_reset.change"].(float64)
	if okR && okC {
		set("helpdesk.practical_test", !(rc > 0 && cc >= 0), ns["helpdesk.recovery_change"])
	}

	// Policies.
	if has("policies") {
		var pol struct {
			IDP  oraclePolicy   `json:"idp"`
			Apps []oraclePolicy `json:"apps"`
		}
		for _, p := range paths["policies"] {
			if err := json.Unmarshal(oracleRead(t, dir, p), &pol); err != nil {
				t.Fatalf("oracle: %s: %v", p, err)
			}
		}
		idp := pol.IDP
		maxH, maxIdle := 24.0, 60.0
		if man.Profile == "rev3" {
			maxH, maxIdle = 12, 30
		}
		excepted := map[string]bool{}
		for _, e := range gov.Exception {
			if !oracleDate(e.Expires).Before(pEndDay) {
				excepted[e.Scope] = true
			}
		}
		sameSet := func(a, b *[]string) bool {
			var x, y []string
			if a != nil {
				x = append(x, *a...)
			}
			if b != nil {
				y = append(y, *b...)
			}
			sort.Strings(x)
			sort.Strings(y)
			x, y = slicesCompactOracle(x), slicesCompactOracle(y)
			return strings.Join(x, ",") == strings.Join(y, ",")
		}
		sameNum := func(a, b *float64) bool {
			return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
		}
		sameStr := func(a, b *string) bool {
			return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
		}
		aal2, session, phishable, weakFB, inconsistent := 0, 0, 0, 0, 0
		for _, app := range pol.Apps {
			if app.AAL == nil {
				t.Fatalf("oracle: app %q has no aal", app.App)
			}
			if app.MaxSessionHours == nil {
				app.MaxSessionHours = idp.MaxSessionHours
			}
			if app.IdleTimeoutMinutes == nil {
				app.IdleTimeoutMinutes = idp.IdleTimeoutMinutes
			}
			if app.AllowedMethods == nil {
				app.AllowedMethods = idp.AllowedMethods
			}
			if app.FallbackMethods == nil {
				app.FallbackMethods = idp.FallbackMethods
			}
			if app.StepUp == nil {
				app.StepUp = idp.StepUp
			}
			if *app.AAL < 2 {
				continue
			}
			aal2++
			if app.MaxSessionHours == nil || *app.MaxSessionHours > maxH || app.IdleTimeoutMinutes == nil || *app.IdleTimeoutMinutes > maxIdle {
				session++
			}
			anyPR := false
			if app.AllowedMethods != nil {
				for _, m := range *app.AllowedMethods {
					anyPR = anyPR || oraclePR(m)
				}
			}
			if !anyPR {
				phishable++
			}
			if app.FallbackMethods != nil {
				for _, m := range *app.FallbackMethods {
					if m == "password" || m == "sms" || m == "voice" || m == "email" {
						weakFB++
						break
					}
				}
			}
			differs := !sameNum(app.MaxSessionHours, idp.MaxSessionHours) || !sameNum(app.IdleTimeoutMinutes, idp.IdleTimeoutMinutes) ||
				!sameSet(app.FallbackMethods, idp.FallbackMethods) || !sameStr(app.StepUp, idp.StepUp)
			if differs && !excepted[app.App] {
				inconsistent++
			}
		}
		set("policy.aal2_apps", float64(aal2), aal2)
		set("policy.session_noncompliant_apps", float64(session), aal2)
		set("policy.phishable_only_apps", float64(phishable), aal2)
		set("policy.weak_fallback_apps", float64(weakFB), aal2)
		set("policy.inconsistent_apps", float64(inconsistent), aal2)
		if idp.SharedWorkstationIdleMinutes != nil {
			set("policy.shared_workstation_idle_minutes", *idp.SharedWorkstationIdleMinutes, 1)
		}
		if idp.LockoutThreshold != nil {
			set("policy.lockout_threshold", *idp.LockoutThreshold, 1)
		}
		weakRec := 0
		for _, m := range idp.RecoveryMethods {
			switch m {
			case "sms", "email", "security_questions", "helpdesk_unverified":
				weakRec++
			}
		}
		set("policy.recovery_methods_weak", float64(weakRec), len(idp.RecoveryMethods))
		if idp.NotifyOnRecovery != nil {
			set("policy.notify_on_recovery", *idp.NotifyOnRecovery, 1)
		}
	}

	// Governance.
	if has("governance") {
		days := func(from, to time.Time) float64 {
			return math.Round(oracleDate(to).Sub(oracleDate(from)).Hours() / 24)
		}
		set("governance.owner_assigned", strings.TrimSpace(gov.Owner) != "", 1)
		if !gov.LastMetricsReview.IsZero() {
			set("governance.metrics_review_age_days", days(gov.LastMetricsReview, pEndDay), 1)
		}
		if !gov.SupportedPlatformsDocumented.IsZero() && !gov.RolloutStart.IsZero() {
			set("governance.support_matrix_lead_days", days(gov.SupportedPlatformsDocumented, gov.RolloutStart), 1)
		}
		expired, noOwner := 0, 0
		for _, e := range gov.Exception {
			if oracleDate(e.Expires).Before(pEndDay) {
				expired++
			}
			if strings.TrimSpace(e.Owner) == "" {
				noOwner++
			}
		}
		set("governance.expired_exceptions", float64(expired), len(gov.Exception))
		set("governance.exceptions_without_owner", float64(noOwner), len(gov.Exception))
		set("governance.ai_systems", float64(len(gov.AISystem)), len(gov.AISystem))
		unreviewed := 0
		for _, a := range gov.AISystem {
			if strings.TrimSpace(a.Owner) == "" || !a.HumanOverride || a.LastReview.IsZero() || days(a.LastReview, pEndDay) > 365 {
				unreviewed++
			}
		}
		set("governance.ai_systems_unreviewed", float64(unreviewed), len(gov.AISystem))
	}
	// Attestations: the latest one per statement made on or after the first
	// day of the period and not expiring before its last day.
	if has("attestations") {
		var doc struct {
			Attestation []struct {
				Statement  string
				Answer     bool
				AttestedAt time.Time `toml:"attested_at"`
				Expires    time.Time
			}
		}
		for _, p := range paths["attestations"] {
			if _, err := toml.Decode(string(oracleRead(t, dir, p)), &doc); err != nil {
				t.Fatalf("oracle: %s: %v", p, err)
			}
		}
		latest := map[string]time.Time{}
		for _, a := range doc.Attestation {
			at, exp := oracleDate(a.AttestedAt), oracleDate(a.Expires)
			if at.Before(pStart) || exp.Before(pEndDay) || (!latest[a.Statement].IsZero() && !at.After(latest[a.Statement])) {
				continue
			}
			latest[a.Statement] = at
			set("attestation."+a.Statement, a.Answer, 1)
		}
	}
	return out, ns
}

func slicesCompactOracle(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// oracleCheck is one catalogue check, restated here so that the fixture intentions can
// be asserted without the controls package.
type oracleCheck struct {
	control, severity, metric, op string
	threshold                     float64
	minSample                     int
}

var oracleChecks = []oracleCheck{
	{"DR-01", "high", "devices.ready_share", ">=", 0.95, 30},
	{"DR-02", "medium", "devices.min_segment_ready_share", ">=", 0.85, 30},
	{"DR-03", "medium", "governance.support_matrix_lead_days", ">=", 0, 0},
	{"EN-01", "high", "enrolment.pr_share", ">=", 0.95, 30},
	{"EN-02", "critical", "enrolment.privileged_pr_share", ">=", 1.0, 1},
	{"EN-03", "high", "enrolment.redundant_share", ">=", 0.90, 30},
	{"AU-01", "high", "auth.success_pr_share", ">=", 0.90, 30},
	{"AU-02", "high", "auth.fallback_share", "<=", 0.05, 30},
	{"AU-03", "medium", "auth.fallback_trend", "<", 0, 30}, // any: or the next line
	{"AU-03", "medium", "auth.fallback_share", "<=", 0.01, 30},
	{"RC-01", "critical", "policy.recovery_methods_weak", "==", 0, 0},
	{"RC-02", "critical", "recovery.weak_method_share", "<=", 0.01, 30},
	{"RC-03", "medium", "recovery.self_service_share", ">=", 0.70, 30},
	{"RC-04", "medium", "recovery.median_hours", "<=", 8, 30},
	{"RC-04", "medium", "recovery.p90_hours", "<=", 72, 30},
	{"RC-05", "high", "policy.notify_on_recovery", "==", 1, 0},
	{"RC-06", "medium", "recovery.rate_per_100_users_month", "<=", 3, 0},
	{"PC-01", "high", "policy.session_noncompliant_apps", "==", 0, 0},
	{"PC-02", "high", "policy.phishable_only_apps", "==", 0, 0},
	{"PC-03", "critical", "policy.weak_fallback_apps", "==", 0, 0},
	{"PC-04", "medium", "policy.inconsistent_apps", "==", 0, 0},
	{"PC-05", "medium", "policy.shared_workstation_idle_minutes", "<=", 15, 0},
	{"PC-06", "high", "policy.lockout_threshold", "<=", 100, 0},
	{"HD-01", "high", "helpdesk.demand_change", "<=", 0, 0},
	{"HD-02", "critical", "helpdesk.practical_test", "==", 1, 0},
	{"HD-03", "medium", "helpdesk.tickets_per_1000_users_month", "<=", 30, 0},
	{"HD-04", "medium", "helpdesk.max_stage_share", "<=", 0.40, 30},
	{"GV-01", "medium", "governance.owner_assigned", "==", 1, 0},
	{"GV-02", "medium", "governance.metrics_review_age_days", "<=", 92, 0},
	{"GV-03", "medium", "governance.expired_exceptions", "==", 0, 0},
	{"GV-03", "medium", "governance.exceptions_without_owner", "==", 0, 0},
	{"GV-04", "high", "governance.ai_systems_unreviewed", "==", 0, 0},
}

// oracleCheckPasses evaluates one check: measured present, sample large enough, threshold met.
func oracleCheckPasses(m map[string]any, ns map[string]int, c oracleCheck) (bool, string) {
	v, ok := m[c.metric]
	if !ok {
		return false, "absent"
	}
	var x float64
	switch v := v.(type) {
	case bool:
		if v {
			x = 1
		}
	case float64:
		x = v
	}
	if c.minSample > 0 && ns[c.metric] < c.minSample {
		return false, "n=" + strconv.Itoa(ns[c.metric])
	}
	var pass bool
	switch c.op {
	case ">=":
		pass = x >= c.threshold
	case "<=":
		pass = x <= c.threshold
	case "<":
		pass = x < c.threshold
	case "==":
		pass = x == c.threshold
	}
	return pass, strconv.FormatFloat(x, 'g', 6, 64)
}

// oracleControlStatus folds the checks into pass/fail per control (AU-03 is "any").
func oracleControlStatus(m map[string]any, ns map[string]int) (ids []string, pass map[string]bool) {
	pass = map[string]bool{}
	seen := map[string]bool{}
	for _, c := range oracleChecks {
		ok, _ := oracleCheckPasses(m, ns, c)
		if !seen[c.control] {
			seen[c.control] = true
			ids = append(ids, c.control)
			pass[c.control] = ok
			continue
		}
		if c.control == "AU-03" {
			pass[c.control] = pass[c.control] || ok
		} else {
			pass[c.control] = pass[c.control] && ok
		}
	}
	return ids, pass
}

func oracleFixture(name string) string { return filepath.Join("..", "..", "fixtures", name) }

func TestOracleFixturesSane(t *testing.T) {
	num := func(t *testing.T, m map[string]any, k string) float64 {
		t.Helper()
		v, ok := m[k].(float64)
		if !ok {
			t.Fatalf("%s: absent or not a number (%v)", k, m[k])
		}
		return v
	}

	t.Run("sample", func(t *testing.T) {
		m, ns := oracleCompute(t, oracleFixture("sample"))
		if v := num(t, m, "population.in_scope_users"); v < 1900 || v > 2000 {
			t.Errorf("in-scope users = %v, want about 1950", v)
		}
		if m["helpdesk.practical_test"] != false {
			t.Errorf("practical_test = %v, want false", m["helpdesk.practical_test"])
		}
		if v := num(t, m, "helpdesk.recovery_change"); v < 0.35 || v > 0.45 {
			t.Errorf("recovery_change = %v, want +35..45 %%", v)
		}
		if v := num(t, m, "credential_reset.change"); v < 0 || v > 0.1 {
			t.Errorf("credential_reset.change = %v, want flat or slightly up", v)
		}
		if v := num(t, m, "helpdesk.demand_change"); v <= 0 {
			t.Errorf("demand_change = %v, want a rise", v)
		}
		if v := num(t, m, "devices.ready_share"); v >= 0.95 {
			t.Errorf("ready_share = %v, want < 0.95", v)
		}
		if v := num(t, m, "devices.min_segment_ready_share"); v >= 0.85 {
			t.Errorf("min segment = %v, want < 0.85", v)
		}
		for seg, want := range map[string][2]float64{"frontline": {0.65, 0.75}, "shared": {0.60, 0.70}} {
			v := num(t, m, "segment:devices.ready_share:"+seg)
			if v < want[0] || v > want[1] || ns["segment:devices.ready_share:"+seg] < 30 {
				t.Errorf("%s ready share = %v (n=%d), want %v..%v with n >= 30", seg, v, ns["segment:devices.ready_share:"+seg], want[0], want[1])
			}
		}
		if v := num(t, m, "auth.fallback_trend"); v <= 0 {
			t.Errorf("fallback_trend = %v, want > 0", v)
		}
		if v := num(t, m, "auth.fallback_share"); v <= 0.01 {
			t.Errorf("fallback_share = %v, want > 0.01", v)
		}
		if v := num(t, m, "auth.events"); v < 40000 || v > 70000 {
			t.Errorf("auth.events = %v, want 40,000..70,000", v)
		}
		ids, pass := oracleControlStatus(m, ns)
		passed := 0
		for _, id := range ids {
			if pass[id] {
				passed++
			}
		}
		if len(ids) != 29 {
			t.Fatalf("%d controls restated, want 29", len(ids))
		}
		if rate := float64(passed) / 29; rate < 0.60 || rate > 0.70 {
			t.Errorf("pass rate %d/29 = %.3f, want 0.60..0.70", passed, rate)
		}
		for _, id := range []string{"EN-02", "RC-01", "PC-03", "PC-06", "GV-01"} {
			if !pass[id] {
				t.Errorf("%s should pass", id)
			}
		}
		for _, id := range []string{"DR-01", "DR-02", "AU-03", "HD-01", "HD-02"} {
			if pass[id] {
				t.Errorf("%s should fail", id)
			}
		}
		var got []string
		for _, id := range ids {
			if !pass[id] {
				got = append(got, id)
			}
		}
		want := "DR-01 DR-02 EN-03 AU-01 AU-02 AU-03 HD-01 HD-02 HD-03 GV-03"
		if strings.Join(got, " ") != want {
			t.Errorf("failing controls = %s, want %s", strings.Join(got, " "), want)
		}
		other := num(t, m, "rule:auth-category")
		unrelated := num(t, m, "rule:unrelated")
		if other < 1 || unrelated < 1 {
			t.Errorf("classification: auth-category %v, unrelated %v; want both used", other, unrelated)
		}
	})

	t.Run("reached", func(t *testing.T) {
		m, ns := oracleCompute(t, oracleFixture("reached"))
		if v := num(t, m, "population.in_scope_users"); v < 580 || v > 620 {
			t.Errorf("in-scope users = %v, want about 600", v)
		}
		ids, pass := oracleControlStatus(m, ns)
		for _, c := range oracleChecks {
			ok, got := oracleCheckPasses(m, ns, c)
			if (c.severity == "critical" || c.severity == "high") && !ok {
				t.Errorf("%s %s %s %v: got %s", c.control, c.metric, c.op, c.threshold, got)
			}
			if c.minSample >= 30 && ns[c.metric] < 30 && c.control != "AU-03" {
				t.Errorf("%s: n = %d, want >= 30", c.metric, ns[c.metric])
			}
		}
		for _, k := range []string{"auth.fallback_trend", "auth.fallback_share", "helpdesk.max_stage_share", "recovery.median_hours", "recovery.completed"} {
			if ns[k] < 30 {
				t.Errorf("%s: n = %d, want >= 30", k, ns[k])
			}
		}
		if v := num(t, m, "helpdesk.demand_change"); v >= 0 {
			t.Errorf("demand_change = %v, want a fall", v)
		}
		if v := num(t, m, "helpdesk.recovery_change"); v >= 0 {
			t.Errorf("recovery_change = %v, want a fall", v)
		}
		if m["helpdesk.practical_test"] != true {
			t.Errorf("practical_test = %v, want true", m["helpdesk.practical_test"])
		}
		if num(t, m, "devices.shared_active") == 0 {
			t.Error("no active shared device: PC-05 would not apply")
		}
		if num(t, m, "governance.ai_systems") == 0 {
			t.Error("no AI system: GV-04 would not apply")
		}
		if len(ns) == 0 || ns["enrolment.privileged_pr_share"] < 1 {
			t.Error("no privileged users in scope")
		}
		passed := 0
		var failed []string
		for _, id := range ids {
			if pass[id] {
				passed++
			} else {
				failed = append(failed, id)
			}
		}
		if rate := float64(passed) / float64(len(ids)); rate < 0.80 {
			t.Errorf("pass rate %.3f < 0.80 (failed %v)", rate, failed)
		}
		if strings.Join(failed, " ") != "HD-03 GV-02" {
			t.Errorf("failing controls = %v, want HD-03 GV-02", failed)
		}
	})

	t.Run("thin", func(t *testing.T) {
		m, ns := oracleCompute(t, oracleFixture("thin"))
		for k := range m {
			for _, p := range []string{"auth.", "enrolment.", "recovery.completed", "recovery.self_service_share", "recovery.weak_method_share", "recovery.rate_per_100", "credential_reset.", "governance.", "helpdesk.demand_change", "helpdesk.recovery_change", "helpdesk.practical_test"} {
				if strings.HasPrefix(k, p) {
					t.Errorf("%s present (%v), want absent", k, m[k])
				}
			}
		}
		if v := num(t, m, "helpdesk.auth_tickets"); v < 1 || v > 12 {
			t.Errorf("auth tickets = %v", v)
		}
		if _, ok := m["devices.ready_share"]; !ok {
			t.Error("devices.ready_share absent")
		}
		ids, pass := oracleControlStatus(m, ns)
		insufficient := 0
		for _, c := range oracleChecks {
			if _, why := oracleCheckPasses(m, ns, c); why == "absent" || strings.HasPrefix(why, "n=") {
				insufficient++
			}
		}
		if insufficient < 10 || pass["HD-01"] || pass["HD-02"] || pass["EN-01"] || len(ids) != 29 {
			t.Errorf("thin: %d insufficient checks, HD-01 %v, HD-02 %v, EN-01 %v", insufficient, pass["HD-01"], pass["HD-02"], pass["EN-01"])
		}
	})
}

// TestOracleMetricTable prints the oracle's metrics for the fixtures (go test -v), for
// checking by hand or against a spreadsheet.
func TestOracleMetricTable(t *testing.T) {
	for _, name := range []string{"sample", "reached", "thin"} {
		m, ns := oracleCompute(t, oracleFixture(name))
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s\t%s\t%v\tn=%d", name, k, m[k], ns[k])
		}
	}
}
