package evidence

import (
	"errors"
	"strings"
	"testing"

	"github.com/assure-dev/assure/internal/problem"
)

// Two answers to one statement on one day leave nothing to tell which holds,
// in one file or across two: an input error naming both places.
func TestSameDayAttestationsAreAnError(t *testing.T) {
	t.Parallel()
	attestation := func(answer string) string {
		return "[[attestation]]\nstatement = \"recovery_secrets\"\nanswer = " + answer +
			"\nattested_by = \"IT Lead\"\nattested_at = 2026-09-15\nreference = \"R-1\"\nexpires = 2027-03-31\n\n"
	}
	manifest := func(files ...string) string {
		m := "organization = \"X\"\nperiod = { start = 2026-07-01, end = 2026-09-30 }\n"
		for _, f := range files {
			m += "[[source]]\nkind = \"attestations\"\npath = \"" + f + "\"\ncollected_at = 2026-10-01T08:00:00Z\n"
		}
		return m
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"in one file", map[string]string{"evidence.toml": manifest("a.toml"), "a.toml": attestation("true") + attestation("false")},
			`a.toml:9: statement: a second attestation of "recovery_secrets" made on 2026-09-15 (the first is at line 1)`},
		{"across two files", map[string]string{"evidence.toml": manifest("a.toml", "b.toml"), "a.toml": attestation("true"), "b.toml": attestation("false")},
			`b.toml:1: statement: a second attestation of "recovery_secrets" made on 2026-09-15 (the first is at ev/a.toml:1)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(fakeFolder(tc.files), nil)
			var inv *problem.Invalid
			if !errors.As(err, &inv) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
