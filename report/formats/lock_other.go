//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos)

package formats

import (
	"errors"
	"io/fs"
	"os"
)

// acquire takes the lock at path by creating it: only one run can. Without
// flock(2) a lock outlives a run that was killed, so the message says how
// to clear it.
func acquire(path, command string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		holder := ""
		if g, err := os.Open(path); err == nil {
			holder = readHolder(g)
			g.Close()
		}
		return nil, &busyError{path: path, holder: holder, stale: "; if no assure run is active, a killed run left it: remove it"}
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(holderLine(command) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return &lock{f: f, path: path}, nil
}

// release lets the lock go and removes it.
func (l *lock) release() {
	l.f.Close()
	os.Remove(l.path)
}
