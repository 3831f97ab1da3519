package main

// Reading an evidence folder into plain records, for the oracle (oracle_test.go).

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
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

type oracleGovernanceDoc struct {
	Owner                        string            `toml:"owner"`
	RolloutStart                 time.Time         `toml:"rollout_start"`
	SupportedPlatformsDocumented time.Time         `toml:"supported_platforms_documented"`
	LastMetricsReview            time.Time         `toml:"last_metrics_review"`
	RecoveryRiskAnalysis         time.Time         `toml:"recovery_risk_analysis"`
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

type oracleAttestation struct {
	Statement  string
	Answer     bool
	AttestedAt time.Time `toml:"attested_at"`
	Expires    time.Time
	// collectedAt is the collected_at of the manifest's source for the file.
	collectedAt time.Time
}

type oracleAppPolicy struct {
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

type oracleDevice struct {
	user, platform, osVersion, ownership string
	// keystore is false, and keystoreUnknown true, when the inventory leaves
	// hardware_keystore empty (it cannot tell, evidence.md): such a device is
	// not counted ready, so a ready share is then a lower bound.
	keystore, keystoreUnknown, shared bool
	lastSeen                          time.Time
}

type oracleAuthenticator struct {
	typ      string
	reg, rev time.Time // rev zero while active
}

// oracleAuthLine and oracleAccountLine are the fields of a JSON Lines record
// the metrics read.
type oracleAuthLine struct {
	Time    string `json:"time"`
	UserID  string `json:"user_id"`
	Method  string `json:"method"`
	Outcome string `json:"outcome"`
}

type oracleAccountLine struct {
	Time    string `json:"time"`
	UserID  string `json:"user_id"`
	Action  string `json:"action"`
	Channel string `json:"channel"`
	Method  string `json:"method"`
}

type oracleAuthEvent struct {
	at                    time.Time
	user, method, outcome string
}

type oracleAccountEvent struct {
	at                            time.Time
	user, action, channel, method string
}

type oracleTicket struct {
	opened, resolved time.Time // resolved zero while open
	stage            string    // given, or by the classification rules
	rule             string    // the rule that classified it; "" when the stage was given
}

// oracleInput is everything the oracle reads from one evidence folder.
type oracleInput struct {
	period oraclePeriod
	rev    string              // the SP 800-63B revision: "rev3", or "rev4" (the default)
	paths  map[string][]string // kind -> the manifest's paths

	persona, employment map[string]string // user id -> column, for every population row
	inScope             []string          // U
	inScopeSet          map[string]bool   // the same, as a set
	// inScopeFrom is the day a person of U came into scope; absent when in
	// scope throughout.
	inScopeFrom     map[string]time.Time
	privileged      []string // the users in U marked privileged
	privilegedKnown bool     // some row of U says whether its person is privileged

	devices        []oracleDevice
	authenticators map[string][]oracleAuthenticator // user id ->
	authEvents     []oracleAuthEvent
	accountEvents  []oracleAccountEvent
	rules          []oracleRule
	tickets        []oracleTicket
	policies       struct {
		IDP  oracleAppPolicy   `json:"idp"`
		Apps []oracleAppPolicy `json:"apps"`
	}
	governance   oracleGovernanceDoc
	attestations []oracleAttestation
}

func (in *oracleInput) has(kind string) bool { return len(in.paths[kind]) > 0 }

// held counts the authenticators a user holds at t, and how many of them are PR.
func (in *oracleInput) held(user string, at time.Time) (all, pr int) {
	for _, a := range in.authenticators[user] {
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

// counts says whether an account event is the programme's: with a
// population, only the events of people in scope are.
func (in *oracleInput) counts(e oracleAccountEvent) bool {
	return !in.has("population") || in.inScopeSet[e.user]
}

// oraclePR says whether an authenticator type or method is phishing-resistant
// (the PR types of evidence.md).
func oraclePR(typ string) bool {
	switch typ {
	case "passkey_device_bound", "passkey_synced", "windows_hello", "platform_sso", "security_key", "smart_card":
		return true
	}
	return false
}

// oracleWeakRecovery says whether a recovery method is one of the weak
// recovery methods of evidence.md.
func oracleWeakRecovery(method string) bool {
	switch method {
	case "sms", "email", "security_questions", "helpdesk_unverified":
		return true
	}
	return false
}

func oracleReadFolder(t testing.TB, dir string) *oracleInput {
	t.Helper()
	var man oracleManifest
	if _, err := toml.DecodeFile(filepath.Join(dir, "evidence.toml"), &man); err != nil {
		t.Fatalf("oracle: manifest: %v", err)
	}
	in := &oracleInput{period: newOraclePeriod(man), rev: "rev4", paths: map[string][]string{},
		persona: map[string]string{}, employment: map[string]string{}, inScopeSet: map[string]bool{}, inScopeFrom: map[string]time.Time{},
		authenticators: map[string][]oracleAuthenticator{}}
	if man.Profile == "rev3" {
		in.rev = "rev3"
	}
	collected := map[string]time.Time{} // path -> collected_at
	for _, s := range man.Source {
		in.paths[s.Kind] = append(in.paths[s.Kind], s.Path)
		collected[s.Path] = s.CollectedAt
	}
	for _, p := range in.paths["population"] {
		for _, row := range oracleCSV(t, dir, p) {
			id := row["user_id"]
			in.persona[id] = row["persona"]
			in.employment[id] = row["employment"]
			if !oracleBool(t, row["in_scope"]) {
				continue
			}
			in.inScope = append(in.inScope, id)
			in.inScopeSet[id] = true
			// privileged and in_scope_from are optional columns, and an
			// empty cell says nothing.
			if priv := strings.TrimSpace(row["privileged"]); priv != "" {
				in.privilegedKnown = true
				if oracleBool(t, priv) {
					in.privileged = append(in.privileged, id)
				}
			}
			if from := strings.TrimSpace(row["in_scope_from"]); from != "" {
				in.inScopeFrom[id] = oracleTime(t, from)
			}
		}
	}
	for _, p := range in.paths["devices"] {
		for _, row := range oracleCSV(t, dir, p) {
			d := oracleDevice{
				user: row["user_id"], platform: strings.ToLower(row["platform"]), osVersion: row["os_version"], ownership: row["ownership"],
				shared: oracleBool(t, row["shared"]), lastSeen: oracleTime(t, row["last_seen"]),
			}
			if ks := row["hardware_keystore"]; strings.TrimSpace(ks) != "" {
				d.keystore = oracleBool(t, ks)
			} else {
				d.keystoreUnknown = true
			}
			in.devices = append(in.devices, d)
		}
	}
	for _, p := range in.paths["authenticators"] {
		for _, row := range oracleCSV(t, dir, p) {
			a := oracleAuthenticator{typ: row["type"], reg: oracleTime(t, row["registered_at"])}
			if strings.TrimSpace(row["revoked_at"]) != "" {
				a.rev = oracleTime(t, row["revoked_at"])
			}
			in.authenticators[row["user_id"]] = append(in.authenticators[row["user_id"]], a)
		}
	}
	for _, p := range in.paths["auth_events"] {
		for _, e := range oracleLines[oracleAuthLine](t, dir, p) {
			in.authEvents = append(in.authEvents, oracleAuthEvent{at: oracleTime(t, e.Time), user: e.UserID, method: e.Method, outcome: e.Outcome})
		}
	}
	for _, p := range in.paths["account_events"] {
		for _, e := range oracleLines[oracleAccountLine](t, dir, p) {
			in.accountEvents = append(in.accountEvents, oracleAccountEvent{at: oracleTime(t, e.Time), user: e.UserID, action: e.Action, channel: e.Channel, method: e.Method})
		}
	}
	// The built-in rules, unless the folder brings its own (kind ticket_rules).
	in.rules = oracleBuiltinRules(t)
	if in.has("ticket_rules") {
		in.rules = nil
		for _, p := range in.paths["ticket_rules"] {
			in.rules = append(in.rules, oracleDecodeRules(t, p, oracleRead(t, dir, p))...)
		}
	}
	for _, p := range in.paths["tickets"] {
		for _, row := range oracleCSV(t, dir, p) {
			tk := oracleTicket{opened: oracleTime(t, row["opened_at"]), stage: strings.TrimSpace(row["stage"])}
			if res := strings.TrimSpace(row["resolved_at"]); res != "" {
				tk.resolved = oracleTime(t, res)
			}
			if tk.stage == "" {
				tk.rule, tk.stage = oracleClassify(in.rules, row["category"], row["subcategory"], row["summary"])
			}
			in.tickets = append(in.tickets, tk)
		}
	}
	for _, p := range in.paths["policies"] {
		if err := json.Unmarshal(oracleRead(t, dir, p), &in.policies); err != nil {
			t.Fatalf("oracle: %s: %v", p, err)
		}
	}
	for _, p := range in.paths["governance"] {
		if _, err := toml.Decode(string(oracleRead(t, dir, p)), &in.governance); err != nil {
			t.Fatalf("oracle: %s: %v", p, err)
		}
	}
	for _, p := range in.paths["attestations"] {
		var doc struct{ Attestation []oracleAttestation }
		if _, err := toml.Decode(string(oracleRead(t, dir, p)), &doc); err != nil {
			t.Fatalf("oracle: %s: %v", p, err)
		}
		for _, a := range doc.Attestation {
			a.collectedAt = collected[p]
			in.attestations = append(in.attestations, a)
		}
	}
	return in
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

// oracleLines decodes each non-empty line of a JSON Lines file into a T.
func oracleLines[T any](t testing.TB, dir, rel string) []T {
	t.Helper()
	var out []T
	for i, line := range bytes.Split(oracleRead(t, dir, rel), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("oracle: %s:%d: %v", rel, i+1, err)
		}
		out = append(out, v)
	}
	return out
}

// oracleJSONL returns the lines of a JSON Lines file as maps.
func oracleJSONL(t testing.TB, dir, rel string) []map[string]any {
	t.Helper()
	return oracleLines[map[string]any](t, dir, rel)
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
