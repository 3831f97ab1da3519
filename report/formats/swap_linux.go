//go:build linux && (amd64 || arm64 || loong64 || mips64 || mips64le || riscv64 || s390x)

package formats

import (
	"os"
	"syscall"
	"unsafe"
)

// renameExchange swaps the folders at a and b in one step: renameat2(2)
// with RENAME_EXCHANGE (Linux 3.15 and later; ext4, xfs, btrfs, tmpfs and
// most local file systems). A kernel or file system without it, or a
// sandbox that forbids the call, gives errNoExchange, and Out falls back
// to two renames.
func renameExchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	cwd := atFDCWD
	const renameExchangeFlag = 1 << 1 // RENAME_EXCHANGE, linux/fs.h
	_, _, errno := syscall.Syscall6(sysRenameat2, uintptr(cwd), uintptr(unsafe.Pointer(pa)), uintptr(cwd), uintptr(unsafe.Pointer(pb)), renameExchangeFlag, 0)
	switch errno {
	case 0:
		return nil
	case syscall.ENOSYS, syscall.EINVAL, syscall.EPERM:
		return errNoExchange
	}
	return &os.LinkError{Op: "rename", Old: a, New: b, Err: errno}
}

// atFDCWD is AT_FDCWD (-100 on every Linux architecture, linux/fcntl.h), a
// variable so that it converts to a uintptr.
var atFDCWD = -100
