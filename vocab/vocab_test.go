package vocab

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The schemas spell the vocabularies for users; this package for the code.
// The two must list the same values in the same order.
func TestListsMatchTheSchemas(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "schemas", "json", "vocab.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	str := func(xs any) []string {
		var out []string
		switch xs := xs.(type) {
		case []Method:
			for _, x := range xs {
				out = append(out, string(x))
			}
		case []RecoveryMethod:
			for _, x := range xs {
				out = append(out, string(x))
			}
		case []Stage:
			for _, x := range xs {
				out = append(out, string(x))
			}
		}
		return out
	}
	for _, tc := range []struct {
		def  string
		list []string
	}{
		{"method", str(Methods())},
		{"recovery_method", str(RecoveryMethods())},
		{"stage", str(TicketStages())},
	} {
		if got := doc.Defs[tc.def].Enum; !slices.Equal(got, tc.list) {
			t.Errorf("vocab.schema.json %s = %v, this package has %v", tc.def, got, tc.list)
		}
	}
}

func TestPhishingResistance(t *testing.T) {
	t.Parallel()
	want := []Method{PasskeyDeviceBound, PasskeySynced, WindowsHello, PlatformSSO, SecurityKey, SmartCard}
	if got := PhishingResistantMethods(); !slices.Equal(got, want) {
		t.Errorf("PhishingResistantMethods() = %v, want %v", got, want)
	}
	for _, m := range Methods() {
		if m.PhishingResistant() != slices.Contains(want, m) {
			t.Errorf("%s.PhishingResistant() = %v", m, m.PhishingResistant())
		}
	}
	if Method("carrier_pigeon").PhishingResistant() || Method("").PhishingResistant() {
		t.Error("an unknown method must not count as phishing-resistant")
	}
}

func TestStrengthOrder(t *testing.T) {
	t.Parallel()
	// strongest first
	order := []Method{PasskeyDeviceBound, SecurityKey, SmartCard, WindowsHello, PlatformSSO, PasskeySynced,
		OTPHardware, Push, OTPApp, TemporaryAccessPass, SMS, Voice, Email, Password, ""}
	for i := 0; i+1 < len(order); i++ {
		if !order[i].Stronger(order[i+1]) || order[i+1].Stronger(order[i]) {
			t.Errorf("want %q stronger than %q", order[i], order[i+1])
		}
	}
	if len(order)-1 != len(Methods()) {
		t.Errorf("the order lists %d methods, the vocabulary %d", len(order)-1, len(Methods()))
	}
	for _, m := range PhishingResistantMethods() {
		for _, o := range Methods() {
			if !o.PhishingResistant() && !m.Stronger(o) {
				t.Errorf("phishing-resistant %s must be stronger than %s", m, o)
			}
		}
	}
}

func TestLookups(t *testing.T) {
	t.Parallel()
	for _, m := range Methods() {
		if got := MethodOf([]byte(m)); got != m {
			t.Errorf("MethodOf(%q) = %q", m, got)
		}
		if got, ok := ParseMethod(string(m)); !ok || got != m {
			t.Errorf("ParseMethod(%q) = %q, %v", m, got, ok)
		}
	}
	for _, bad := range []string{"", "Passkey_synced", "push ", "sms\x00"} {
		if MethodOf([]byte(bad)) != "" {
			t.Errorf("MethodOf(%q) accepted", bad)
		}
		if _, ok := ParseMethod(bad); ok {
			t.Errorf("ParseMethod(%q) accepted", bad)
		}
	}
	weak := map[RecoveryMethod]bool{RecoverySMS: true, RecoveryEmail: true, SecurityQuestions: true, HelpdeskUnverified: true}
	for _, r := range RecoveryMethods() {
		if RecoveryMethodOf([]byte(r)) != r {
			t.Errorf("RecoveryMethodOf(%q) = %q", r, RecoveryMethodOf([]byte(r)))
		}
		if r.Weak() != weak[r] {
			t.Errorf("%s.Weak() = %v", r, r.Weak())
		}
	}
	for _, r := range RecoveryMethods() {
		if got, ok := ParseRecoveryMethod(string(r)); !ok || got != r {
			t.Errorf("ParseRecoveryMethod(%q) = %q, %v", r, got, ok)
		}
	}
	if RecoveryMethodOf([]byte("carrier_pigeon")) != "" || RecoveryMethod("x").Weak() {
		t.Error("an unknown recovery method must be neither known nor weak")
	}
	if _, ok := ParseRecoveryMethod("Sms"); ok {
		t.Error("ParseRecoveryMethod must match the exact spelling")
	}
	for _, st := range TicketStages() {
		if got, ok := ParseStage(string(st)); !ok || got != st {
			t.Errorf("ParseStage(%q) = %q, %v", st, got, ok)
		}
	}
	for _, bad := range []string{"", "Enrolment", "helpdesk"} {
		if _, ok := ParseStage(bad); ok {
			t.Errorf("ParseStage(%q) accepted", bad)
		}
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ id, label, title string }{
		{"lost_device_recovery", "lost-device recovery", "Lost-device recovery"},
		{"personal", "personal (BYOD)", "Personal"},
		{"policy_consistency", "policy consistency", "Policy consistency"},
	} {
		if got := Label(tc.id); got != tc.label {
			t.Errorf("Label(%q) = %q, want %q", tc.id, got, tc.label)
		}
		if got, ok := Title(tc.id); !ok || got != tc.title {
			t.Errorf("Title(%q) = %q, %v, want %q", tc.id, got, ok, tc.title)
		}
	}
	if Label("legacy-payroll") != "legacy-payroll" {
		t.Error("Label must return other text as it is")
	}
	if _, ok := Title("legacy-payroll"); ok {
		t.Error("Title must say it does not know other text")
	}
	ids := []string{}
	for _, s := range Stages() {
		ids = append(ids, string(s))
	}
	for _, s := range Segments() {
		ids = append(ids, string(s))
	}
	ids = append(ids, Areas()...)
	for _, id := range ids {
		if _, ok := Title(id); !ok {
			t.Errorf("%q has no words", id)
		}
	}
}
