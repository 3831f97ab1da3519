package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenReports pins report.json of each scenario byte for byte, so any
// change to a number, a finding or the contract shows up in review. Run
// `go test ./cmd/assure -run Golden -update` after an intended change. The
// runs are shared with the tests of each scenario; TestMain unsets
// SOURCE_DATE_EPOCH, so generated_at is the end of the period.
func TestGoldenReports(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sample", "reached", "thin"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := assessOnce(t, oracleFixture(name)).report
			if got == nil {
				t.Fatalf("no report.json for %s", name)
			}
			golden := filepath.Join("testdata", name+".report.json")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report.json differs from %s (run with -update after an intended change)", golden)
			}
		})
	}
}
