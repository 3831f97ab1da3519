package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

// Progress of long reads is drawn on stderr when stderr is a terminal, and
// only then: never into a CI log (CI is set by GitHub Actions, GitLab CI and
// the others even when they give a pseudo-terminal), a pipe or a file, nor
// with --quiet. One line is redrawn in place, at most every redraw, once a
// source has been read for longer than delay (a short run shows nothing),
// and it is cleared before anything else is printed, so it never mixes
// with the summary.
const (
	progressDelay  = time.Second
	progressRedraw = 200 * time.Millisecond
)

// wantProgress decides whether to draw progress: stderr is a character
// device (a terminal), the run is not quiet, not in CI and the terminal is
// not a dumb one. It is a function of what it is given, for the tests.
func wantProgress(stderrMode os.FileMode, isFile, quiet bool, getenv func(string) string) bool {
	ci := strings.ToLower(getenv("CI"))
	return isFile && stderrMode&os.ModeCharDevice != 0 && !quiet &&
		(ci == "" || ci == "false" || ci == "0") && getenv("TERM") != "dumb"
}

// showProgress draws the folder's reading progress on stderr when
// wantProgress says so, and returns the function that clears the line, to
// call once the reading is done and before anything else is printed.
func showProgress(f *evidence.Folder, stderr io.Writer, quiet bool) (stop func()) {
	file, isFile := stderr.(*os.File)
	var mode os.FileMode
	if isFile {
		fi, err := file.Stat()
		if err != nil {
			return func() {}
		}
		mode = fi.Mode()
	}
	if !wantProgress(mode, isFile, quiet, os.Getenv) {
		return func() {}
	}
	p := &progressLine{w: stderr, now: time.Now}
	f.OnProgress(p.update)
	return func() {
		f.OnProgress(nil)
		p.clear()
	}
}

// progressLine is the one line of progress on a terminal.
type progressLine struct {
	w     io.Writer
	now   func() time.Time
	last  time.Time
	shown bool
}

func (p *progressLine) update(pr evidence.Progress) {
	if pr.Elapsed < progressDelay {
		return
	}
	now := p.now()
	if p.shown && now.Sub(p.last) < progressRedraw {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\r%s\x1b[K", formatProgress(pr))
}

// clear erases the line, if one was drawn.
func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// formatProgress is one progress line: `reading okta.json.gz (auth_events):
// 412.3 of 889.0 MB, 2,801,664 records, 95.1 MB/s, 5 s left`; without the
// size, the time left is not known and not shown.
func formatProgress(pr evidence.Progress) string {
	path := pr.Path
	if r := []rune(path); len(r) > 40 {
		path = "…" + string(r[len(r)-39:])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "reading %s (%s): ", path, pr.Kind)
	if pr.Size > 0 {
		fmt.Fprintf(&b, "%s of %s MB", mb(pr.Bytes), mb(pr.Size))
	} else {
		fmt.Fprintf(&b, "%s MB", mb(pr.Bytes))
	}
	fmt.Fprintf(&b, ", %s records", present.Thousands(pr.Records))
	secs := pr.Elapsed.Seconds()
	if secs <= 0 || pr.Bytes <= 0 {
		return b.String()
	}
	rate := float64(pr.Bytes) / secs
	fmt.Fprintf(&b, ", %s MB/s", mb(int64(rate)))
	if pr.Size > pr.Bytes {
		left := time.Duration(float64(pr.Size-pr.Bytes) / rate * float64(time.Second))
		fmt.Fprintf(&b, ", %s left", roughly(left))
	}
	return b.String()
}

// mb writes bytes as megabytes (10^6) with one decimal.
func mb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }

// roughly writes a duration as a person estimates one: 5 s, 2 min 10 s, 1 h 5 min.
func roughly(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", max(s, 1))
	case s < 3600:
		return fmt.Sprintf("%d min %d s", s/60, s%60)
	}
	return fmt.Sprintf("%d h %d min", s/3600, s%3600/60)
}
