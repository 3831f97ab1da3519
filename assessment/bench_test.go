package assessment

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
)

// writeAuthFolder writes an evidence folder whose auth_events file has n lines,
// with a population and authenticators for 5,000 people, and returns the size
// of the auth_events file. With ids, every line carries an event_id (a
// 36-character UUID, as Okta writes them) and every hundredth line repeats the
// line before it, as an overlapping pull would.
func writeAuthFolder(tb testing.TB, dir string, n int, ids bool) int64 {
	tb.Helper()
	const users = 5000
	write := func(name string, fill func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		fill(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	write("evidence.toml", func(w *bufio.Writer) {
		w.WriteString(`organization = "Benchmark Org"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "population"
path = "population.csv"
[[source]]
kind = "authenticators"
path = "authenticators.csv"
[[source]]
kind = "auth_events"
path = "auth_events.jsonl"
`)
	})
	write("population.csv", func(w *bufio.Writer) {
		w.WriteString("user_id,persona,employment,privileged,in_scope\n")
		for u := range users {
			fmt.Fprintf(w, "u-%06d,knowledge_worker,employee,false,true\n", u)
		}
	})
	write("authenticators.csv", func(w *bufio.Writer) {
		w.WriteString("user_id,authenticator_id,type,registered_at,revoked_at\n")
		for u := range users {
			fmt.Fprintf(w, "u-%06d,a-%06d,passkey_synced,2026-05-01T00:00:00Z,\n", u, u)
		}
	})
	methods := []string{"passkey_synced", "passkey_device_bound", "windows_hello", "otp_app", "push", "password"}
	apps := []string{"payroll", "crm", "mail", "intranet", "erp"}
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	write("auth_events.jsonl", func(w *bufio.Writer) {
		for i := range n {
			e := i
			if ids && i%100 == 99 {
				e = i - 1
			}
			t := start.Add(time.Duration(e%(91*86400)) * time.Second)
			outcome := "success"
			if e%29 == 0 {
				outcome = "failure"
			}
			id := ""
			if ids {
				id = fmt.Sprintf(`,"event_id":"%08x-%04x-11ef-9cec-%012x"`, e, e%0xffff, e*7919)
			}
			fmt.Fprintf(w, `{"time":"%s","user_id":"u-%06d","app":"%s","method":"%s","outcome":"%s","device_id":"d-%06d"%s}`+"\n",
				t.Format(time.RFC3339), e%users, apps[e%len(apps)], methods[e%len(methods)], outcome, e%users, id)
		}
	})
	fi, err := os.Stat(filepath.Join(dir, "auth_events.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}

// peakHeap samples the live heap while f runs and returns its peak.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}

// peakRSS reads the process's peak resident set size (Linux), in bytes.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func benchmarkAssess(b *testing.B, events int, ids bool) {
	dir := b.TempDir()
	size := writeAuthFolder(b, dir, events, ids)
	want := events
	if ids {
		want -= events / 100 // the repeated lines
	}
	cat, err := controls.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.SetBytes(size)
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		folder, err := evidence.OpenFolder(dir)
		if err != nil {
			b.Fatal(err)
		}
		p := peakHeap(func() {
			rep, err := Run(Options{Folder: folder, Catalogue: cat})
			if err != nil {
				b.Fatal(err)
			}
			if got := rep.Metrics["auth.events"]; got != float64(want) {
				b.Fatalf("auth.events = %v, want %d", got, want)
			}
		})
		peak = max(peak, p)
		folder.Close()
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-rss-MiB")
}

// BenchmarkAssess1M assesses a generated 1,000,000-line auth_events file: every
// line is validated and folded into the metrics.
func BenchmarkAssess1M(b *testing.B) { benchmarkAssess(b, 1_000_000, false) }

// BenchmarkAssess4M is the same with 4,000,000 lines, to show memory stays flat.
func BenchmarkAssess4M(b *testing.B) { benchmarkAssess(b, 4_000_000, false) }

// BenchmarkAssessIDs1M and BenchmarkAssessIDs4M add an event_id to every line
// (one line in a hundred a repeat): the cost of counting each sign-in once,
// whose id set grows with the events (16 bytes a slot, at most four fifths
// full) while the rest of the memory stays flat.
func BenchmarkAssessIDs1M(b *testing.B) { benchmarkAssess(b, 1_000_000, true) }
func BenchmarkAssessIDs4M(b *testing.B) { benchmarkAssess(b, 4_000_000, true) }
