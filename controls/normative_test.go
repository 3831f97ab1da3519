package controls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTailoringFollowsTheBasis: a profile may change a SHOULD or a programme
// default with a justification, never a SHALL's threshold, and whether a
// threshold is a SHALL depends on the SP 800-63B revision (SP 800-63B-4
// §2.2.3 makes 24 h / 1 h SHOULDs, rev 3 §4.2.3 12 h / 30 min SHALLs). A
// must-pass control changed in any way that weakens it is marked tailored.
func TestTailoringFollowsTheBasis(t *testing.T) {
	t.Parallel()
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, rev, text string
		refused         string // part of the error; "" when accepted
		tailored        string // the control marked tailored, and its change
		change          string
	}{
		{"a SHALL of rev 4", Rev4, "[control.PC-06]\nthresholds = {\"policy.lockout_threshold <=\" = 500}\njustification = \"legacy directory\"\n",
			"profile.toml:2: control PC-06: the threshold of policy.lockout_threshold is a SHALL of the standard (SP 800-63B-4 §3.2.2", "", ""},
		{"both checks of a metric at once", Rev4, "[control.PC-06]\nthresholds = {\"policy.lockout_threshold\" = 50}\njustification = \"one value\"\n",
			`control PC-06 checks policy.lockout_threshold 2 times; name one check as "policy.lockout_threshold <="`, "", ""},
		// §3.2.2: "agencies MAY impose lower limits"
		{"a stricter SHALL", Rev4, "[control.PC-06]\nthresholds = {\"policy.lockout_threshold <=\" = 50}\njustification = \"tighter than the standard\"\n", "", "", ""},
		{"a locked severity cannot be switched off", Rev4, "[control.PC-06]\nenabled = false\njustification = \"bot detection instead\"\n",
			"control PC-06 cannot be switched off by a profile: its severity is locked", "", ""},
		{"a stricter SHOULD is no tailoring", Rev4, "[control.PC-01]\nthresholds = {\"policy.aal2_max_session_hours\" = 12}\njustification = \"as rev 3 had it\"\n", "", "", ""},
		{"the programme-default floor beside a SHALL", Rev4, "[control.PC-06]\nthresholds = {\"policy.lockout_threshold >=\" = 5}\njustification = \"kiosk PINs\"\n",
			"", "PC-06", "threshold of policy.lockout_threshold 10 → 5"},
		{"a SHOULD of rev 4", Rev4, "[control.PC-01]\nthresholds = {\"policy.aal2_max_session_hours\" = 36}\njustification = \"shift length, with device-bound sessions\"\n",
			"", "PC-01", "threshold of policy.aal2_max_session_hours 24 → 36"},
		{"the same value is a SHALL of rev 3", Rev3, "[control.PC-01]\nthresholds = {\"policy.aal2_max_session_hours\" = 36}\njustification = \"shift length\"\n",
			"profile.toml:2: control PC-01: the threshold of policy.aal2_max_session_hours is a SHALL of the standard (SP 800-63B (rev 3) §4.2.3", "", ""},
		{"the overall timeout must exist under rev 4 too", Rev4, "[control.PC-01]\nthresholds = {\"policy.apps_without_overall_timeout\" = 2}\njustification = \"two legacy apps\"\n",
			"is a SHALL of the standard (SP 800-63B-4 §2.2.3", "", ""},
		{"a programme default of a control that need not pass", Rev4, "[control.AU-02]\nthreshold = 0.08\njustification = \"kiosk migration\"\n", "", "", ""},
		{"the severity of a normative control", Rev4, "[control.PC-01]\nseverity = \"medium\"\njustification = \"compensated by device-bound sessions\"\n",
			"", "PC-01", "severity high → medium"},
		{"a locked severity", Rev4, "[control.PC-06]\nseverity = \"medium\"\njustification = \"compensated by bot detection\"\n",
			"profile.toml:2: control PC-06: its severity high cannot be lowered", "", ""},
		{"raising a severity is no tailoring", Rev4, "[control.PC-06]\nseverity = \"critical\"\njustification = \"regulator\"\n", "", "", ""},
		{"a must-pass control switched off", Rev4, "[control.HD-02]\nenabled = false\njustification = \"no ticketing system yet\"\n",
			"", "HD-02", "disabled"},
		{"a must-pass control by its SHALL", Rev4, "[control.RC-01]\nenabled = false\njustification = \"recovery outsourced\"\n", "", "RC-01", "disabled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "profile.toml")
			if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			tailored := cat.ForRevision(c.rev)
			p, err := LoadProfile(path, cat)
			if err == nil {
				err = p.Apply(tailored)
			}
			switch {
			case c.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.refused != "" && (err == nil || !strings.Contains(err.Error(), c.refused)):
				t.Fatalf("error %v, want %q", err, c.refused)
			case c.refused != "":
				return
			}
			for _, ctl := range tailored.Controls {
				switch {
				case ctl.ID == c.tailored && !strings.Contains(ctl.Tailored, c.change):
					t.Errorf("%s tailored %q, want %q", ctl.ID, ctl.Tailored, c.change)
				case ctl.ID != c.tailored && ctl.Tailored != "":
					t.Errorf("%s marked tailored (%q)", ctl.ID, ctl.Tailored)
				}
			}
			for _, ctl := range cat.Controls {
				if ctl.Tailored != "" || ctl.Disabled {
					t.Errorf("Apply changed the catalogue it was not given: %s", ctl.ID)
				}
			}
		})
	}
}
