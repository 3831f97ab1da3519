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
// `go test ./assessment -run Golden -update` and review the diff. The runs of
// sample and reached are shared with the tests of each scenario; TestMain
// unsets SOURCE_DATE_EPOCH, so generated_at is the end of the period. The
// thin scenario's golden report carries a gate of its own.
func TestGoldenReports(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sample", "reached", "thin"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []byte
			if name == "thin" {
				out := t.TempDir()
				runCLI(t, nil, "assess", "--evidence", oracleFixture(name), "--out", out, "--format", "json", "--min-pass-rate", "0.8", "--fail-on", "high")
				var err error
				if got, err = os.ReadFile(filepath.Join(out, "report.json")); err != nil {
					t.Fatal(err)
				}
			} else if got = assessOnce(t, oracleFixture(name)).report; got == nil {
				t.Fatalf("no report.json for %s", name)
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
