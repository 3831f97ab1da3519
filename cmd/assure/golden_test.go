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
// `go test ./cmd/assure -run Golden -update` after an intended change.
func TestGoldenReports(t *testing.T) {
	for _, name := range []string{"sample", "reached", "thin"} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": ""}, "assess", "--evidence", oracleFixture(name), "--out", out, "--format", "json")
			got, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatal(err)
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
