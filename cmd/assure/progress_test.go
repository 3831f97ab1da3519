package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
)

func TestWantProgress(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tty := os.ModeDevice | os.ModeCharDevice
	cases := []struct {
		name   string
		mode   os.FileMode
		isFile bool
		quiet  bool
		env    map[string]string
		want   bool
	}{
		{"a terminal", tty, true, false, map[string]string{"TERM": "xterm-256color"}, true},
		{"redirected to a file", 0, true, false, nil, false},
		{"a pipe", os.ModeNamedPipe, true, false, nil, false},
		{"not a file (a test's buffer)", tty, false, false, nil, false},
		{"--quiet", tty, true, true, nil, false},
		{"CI with a pseudo-terminal", tty, true, false, map[string]string{"CI": "true"}, false},
		{"CI=false", tty, true, false, map[string]string{"CI": "false"}, true},
		{"a dumb terminal", tty, true, false, map[string]string{"TERM": "dumb"}, false},
	}
	for _, c := range cases {
		if got := wantProgress(c.mode, c.isFile, c.quiet, env(c.env)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// What tests and CI give: no progress at all.
	var buf bytes.Buffer
	f := evidence.NewFolder(nil, "x")
	showProgress(f, &buf, false)()
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a buffer", buf.String())
	}
}

func TestFormatProgress(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pr   evidence.Progress
		want string
	}{
		{evidence.Progress{Path: "okta/systemlog-2026Q3.jsonl.gz", Kind: evidence.AuthEvents, Bytes: 412_300_000, Size: 889_000_000, Records: 2_801_664, Elapsed: 4 * time.Second},
			"reading okta/systemlog-2026Q3.jsonl.gz (auth_events): 412.3 of 889.0 MB, 2,801,664 records, 103.1 MB/s, 5 s left"},
		{evidence.Progress{Path: "auth_events.jsonl", Kind: evidence.AuthEvents, Bytes: 50_000_000, Size: 6_000_000_000, Records: 400_000, Elapsed: time.Second},
			"reading auth_events.jsonl (auth_events): 50.0 of 6000.0 MB, 400,000 records, 50.0 MB/s, 1 min 59 s left"},
		{evidence.Progress{Path: "a-very-long-folder-name/with/many/levels/signins.json", Kind: evidence.AuthEvents, Bytes: 10_000_000, Records: 4096, Elapsed: 2 * time.Second},
			"reading …lder-name/with/many/levels/signins.json (auth_events): 10.0 MB, 4,096 records, 5.0 MB/s"},
		{evidence.Progress{Path: "x.csv", Kind: evidence.Devices, Records: 4096},
			"reading x.csv (devices): 0.0 MB, 4,096 records"},
	}
	for _, c := range cases {
		if got := formatProgress(c.pr); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	if got := roughly(2*time.Hour + 5*time.Minute); got != "2 h 5 min" {
		t.Errorf("roughly = %q", got)
	}
}

// TestProgressLine: nothing for the first second of a source, then at most
// one redraw every 200 ms, always over the same line, and cleared at the end.
func TestProgressLine(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	clock := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	p := &progressLine{w: &buf, now: func() time.Time { return clock }}
	pr := evidence.Progress{Path: "a.jsonl", Kind: evidence.AuthEvents, Bytes: 1e6, Size: 1e7, Records: 4096, Elapsed: 500 * time.Millisecond}
	p.update(pr)
	if buf.Len() != 0 {
		t.Fatalf("drew %q before a second had passed", buf.String())
	}
	pr.Elapsed = 1100 * time.Millisecond
	p.update(pr)
	clock = clock.Add(100 * time.Millisecond)
	p.update(pr) // too soon: not drawn
	clock = clock.Add(150 * time.Millisecond)
	p.update(pr)
	if n := strings.Count(buf.String(), "\r"); n != 2 || strings.Contains(buf.String(), "\n") {
		t.Errorf("%d draws, output %q; want 2 draws on one line", n, buf.String())
	}
	p.clear()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("not cleared: %q", buf.String())
	}
	buf.Reset()
	p.clear()
	if buf.Len() != 0 {
		t.Errorf("cleared twice: %q", buf.String())
	}
}
