package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/assure-dev/assure/report/present"
)

// readBounded reads a file named on the command line that must be a regular
// file of at most limit bytes: a report, a signature, a PDF. A named pipe or
// a device would block or never end, and a file past the limit is not what
// the command wants; both are refused before more than limit bytes are
// read. what names the file in messages ("report", "signature").
func readBounded(path string, limit int64, what string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, inputf("cannot read the %s %s: %v", what, path, plainError(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, inputf("the %s %s is not a regular file (%s); want the file itself", what, path, fileKind(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, tooLarge(path, limit, what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, inputf("cannot read the %s %s: %v", what, path, plainError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, inputf("cannot read the %s %s: %v", what, path, plainError(err))
	}
	if int64(len(b)) > limit { // it grew since
		return nil, tooLarge(path, limit, what)
	}
	return b, nil
}

func tooLarge(path string, limit int64, what string) error {
	return inputf("the %s %s is larger than %s, the most a %s can be; want the %s assure wrote", what, path, sizeWords(limit), what, what)
}

// startsWith reports whether the file at path starts with prefix; false
// when it cannot be read, which the full read then reports.
func startsWith(path string, prefix []byte) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(prefix))
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], prefix)
}

// sizeWords says a limit for people: "16 MiB", "4 KiB".
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return present.Thousands(int(n)) + " bytes"
}

// fileKind says what a file that is not a regular file is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return fmt.Sprintf("mode %v", m)
}
