package assessment_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/report"
)

// TestVerifyDerivesWhatItCan: the parts of a report that verify used to
// take from the report itself are derived again or named as not checked.
// Before, generated_at was the date the re-assessment was run with, the
// comparison was copied from the report, and the inputs section (the
// ticket rules' digest among it) was copied over the new one: an edit of
// any of them went unnoticed.
func TestVerifyDerivesWhatItCan(t *testing.T) {
	t.Parallel()
	dir := copyFolder(t, "quarters/q3")
	prev := assess(t, "quarters/q2", "", "")
	prevJSON, err := report.JSON(prev)
	if err != nil {
		t.Fatal(err)
	}
	saved := runFolder(t, dir)
	saved.Comparison = report.Compare(prev, saved, prevJSON)
	report.ApplyGate(saved, report.GateOptions{NoRegression: true})
	cat := builtin(t)
	check := func(t *testing.T, r *report.Report, base *report.Report, baseJSON []byte, at time.Time) assessment.Verification {
		t.Helper()
		v, err := assessment.Verify(assessment.Recheck{Saved: r, Dir: dir, Catalogue: cat, Baseline: base, BaselineJSON: baseJSON, GeneratedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := check(t, saved, prev, prevJSON, time.Time{}); len(v.Differences) != 0 || !v.Reassessed {
		t.Fatalf("unchanged, with its baseline: %+v", v)
	} else if !strings.Contains(strings.Join(v.AsRecorded, " "), "gate.options") {
		t.Errorf("the recorded gate options are not named as taken from the report: %v", v.AsRecorded)
	}

	t.Run("a comparison without its baseline", func(t *testing.T) {
		t.Parallel()
		v := check(t, copyOf(t, saved), nil, nil, time.Time{})
		if !hasPart(v, "comparison") || !strings.Contains(v.Differences[0].Text, "--baseline") {
			t.Errorf("a comparison that cannot be derived must fail, naming --baseline: %+v", v)
		}
	})
	t.Run("another baseline", func(t *testing.T) {
		t.Parallel()
		v := check(t, copyOf(t, saved), prev, append(prevJSON, '\n'), time.Time{})
		if !hasPart(v, "baseline") {
			t.Errorf("%+v", v)
		}
	})
	t.Run("an edited comparison", func(t *testing.T) {
		t.Parallel()
		edited := copyOf(t, saved)
		edited.Comparison.PassRate.Previous = 0.99
		if v := check(t, edited, prev, prevJSON, time.Time{}); !hasPart(v, "comparison") {
			t.Errorf("%+v", v)
		}
	})
	t.Run("a baseline the report was not compared with", func(t *testing.T) {
		t.Parallel()
		edited := copyOf(t, saved)
		edited.Comparison = nil
		if v := check(t, edited, prev, prevJSON, time.Time{}); !hasPart(v, "comparison") {
			t.Errorf("%+v", v)
		}
	})
	t.Run("an edited generated_at", func(t *testing.T) {
		t.Parallel()
		edited := copyOf(t, saved)
		edited.GeneratedAt = "2027-01-15T10:00:00Z"
		if v := check(t, edited, prev, prevJSON, time.Time{}); !hasPart(v, "generated_at") || !strings.Contains(v.Differences[0].Text, "SOURCE_DATE_EPOCH") {
			t.Errorf("a date that is not the period's last second must fail without SOURCE_DATE_EPOCH: %+v", v)
		}
		at, _ := time.Parse(time.RFC3339, edited.GeneratedAt)
		if v := check(t, edited, prev, prevJSON, at); len(v.Differences) != 0 {
			t.Errorf("the date SOURCE_DATE_EPOCH gives must hold: %+v", v)
		}
	})
	t.Run("an edited ticket rules digest", func(t *testing.T) {
		t.Parallel()
		edited := copyOf(t, saved)
		edited.Inputs.TicketRules.SHA256 = strings.Repeat("0", 64)
		if v := check(t, edited, prev, prevJSON, time.Time{}); !hasPart(v, "inputs") {
			t.Errorf("%+v", v)
		}
	})
}

// A file the report names that is a named pipe is refused at once: verify
// used to open it and wait forever for a writer.
func TestVerifyRefusesANamedPipe(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system here")
	}
	dir := copyFolder(t, "thin")
	saved := runFolder(t, dir)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644); err != nil {
		t.Skip("cannot make a named pipe:", err)
	}
	saved.Evidence[0].Path = "pipe.csv"
	done := make(chan assessment.Verification)
	go func() {
		v, _ := assessment.Verify(assessment.Recheck{Saved: saved, Dir: dir, Catalogue: builtin(t)})
		done <- v
	}()
	select {
	case v := <-done:
		if !hasPart(v, "evidence file pipe.csv") || !strings.Contains(v.Differences[0].Text, "named pipe") {
			t.Errorf("%+v", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("verify blocks on a named pipe")
	}
	_ = os.Remove(filepath.Join(dir, "pipe.csv"))
}
