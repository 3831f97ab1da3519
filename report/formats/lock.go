package formats

import (
	"fmt"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// lock is an output folder's lock: a file beside the folder, held while a
// run writes the folder, naming the run for another one to report.
type lock struct {
	f    *os.File
	path string
}

// busyError is a lock another run holds.
type busyError struct {
	path   string
	holder string // what the holder wrote: its command, process id and start
	stale  string // how to clear a lock a killed run left, where locks can outlive their run
}

func (e *busyError) Error() string {
	holder := e.holder
	if holder == "" {
		holder = "it has not yet said which"
	}
	return fmt.Sprintf("another assure run is writing it (%s) and holds its lock %s; wait for that run to end, or choose another --out%s", holder, e.path, e.stale)
}

// holderLine is what a run writes into the lock it took: the command, the
// process id and when it started. No user or host name: messages carry no
// personal data.
func holderLine(command string) string {
	if command == "" {
		command = "a run"
	}
	return fmt.Sprintf("%s, pid %d, started %s", command, os.Getpid(), time.Now().UTC().Format(time.RFC3339))
}

// readHolder reads the holder line of a lock file.
func readHolder(f *os.File) string {
	b := make([]byte, 256)
	n, _ := f.ReadAt(b, 0)
	// Anyone who can write the folder can write the lock: only plain
	// characters reach the terminal.
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.TrimSpace(line))
}
