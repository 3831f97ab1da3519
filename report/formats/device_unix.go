//go:build unix

package formats

import (
	"os"
	"syscall"
)

// sameDevice reports whether a and b are on one file system, so that a
// rename can move one into the other's place; it says yes when it cannot
// tell, and the rename then reports what is wrong.
func sameDevice(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return true
	}
	sa, ok1 := fa.Sys().(*syscall.Stat_t)
	sb, ok2 := fb.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || sa.Dev == sb.Dev
}
