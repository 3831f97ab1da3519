package controls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNormativeThresholdsStay: a profile may tune programme defaults, not the
// values of the standard, though it may still change severity or disable.
func TestNormativeThresholdsStay(t *testing.T) {
	t.Parallel()
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, text, want string }{
		{"normative threshold", "[control.PC-06]\nthreshold = 500\njustification = \"legacy directory\"\n", "profile.toml:2: control PC-06: the threshold of policy.lockout_threshold is a normative value"},
		{"programme default", "[control.AU-02]\nthreshold = 0.08\njustification = \"kiosk migration\"\n", ""},
		{"severity of a normative control", "[control.PC-06]\nseverity = \"medium\"\njustification = \"compensated by bot detection\"\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "profile.toml")
			os.WriteFile(path, []byte(c.text), 0o644)
			_, err := LoadProfile(path, cat)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
