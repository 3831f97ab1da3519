package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/assure-dev/assure/report/reporttest"
)

// TestGoldenReports checks that `assure assess` writes, byte for byte, the
// golden report.json the renderer tests decode (report/testdata/reports,
// pinned by the assessment package's TestGoldenReports): the command line
// adds nothing of its own to the report. After an intended change run
// `go test ./assessment -run Golden -update` and review the diff.
func TestGoldenReports(t *testing.T) {
	for name, gate := range map[string][]string{"sample": nil, "reached": nil, "thin": {"--min-pass-rate", "0.8", "--fail-on", "high"}} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"assess", "--evidence", oracleFixture(name), "--out", out, "--format", "json"}, gate...)
			runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": ""}, args...)
			got, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			golden := reporttest.Path(name)
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report.json differs from %s", golden)
			}
		})
	}
}
