//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos

package formats

import (
	"errors"
	"os"
	"syscall"
)

// acquire takes the lock at path with flock(2), which the system releases
// when the holder ends, however it ends: a killed run never leaves a lock
// that blocks the next one. The file is removed when the lock is released;
// a run that opened it just before is told by the identity check and opens
// the new one.
func acquire(path, command string) (*lock, error) {
	for range 5 {
		// Never through a symlink: in a shared folder someone else's link
		// would have the lock truncate the file it leads to.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			holder := readHolder(f)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &busyError{path: path, holder: holder}
			}
			return nil, err
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close() // the holder before removed it: lock the file now there
			continue
		}
		if err := f.Truncate(0); err != nil {
			f.Close()
			return nil, err
		}
		if _, err := f.WriteAt([]byte(holderLine(command)+"\n"), 0); err != nil {
			f.Close()
			return nil, err
		}
		return &lock{f: f, path: path}, nil
	}
	return nil, errors.New("the lock file keeps being replaced by other runs")
}

// release removes the lock file while still holding it, then lets it go.
func (l *lock) release() {
	os.Remove(l.path)
	l.f.Close()
}
