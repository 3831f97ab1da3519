package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
)

// Digest is the hex SHA-256 of a file of the folder, opened as every source
// is: inside the folder only, never through a path or symlink that leads
// out of it. The file must be a regular file (a named pipe or a device
// would block or never end); it is streamed, so its size costs no memory.
// Verification hashes the files a report lists with it.
func (f *Folder) Digest(p string) (string, error) {
	// Opening a named pipe blocks until something writes to it: look first.
	if checkPath(p) == "" {
		if fi, err := fs.Stat(f.fsys, path.Clean(filepath.ToSlash(p))); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
			return "", notRegular(p, fi)
		}
	}
	file, err := f.open(p)
	if err != nil {
		return "", err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return "", fmt.Errorf("cannot read %q: %s", p, plainPathError(err))
	}
	if !fi.Mode().IsRegular() {
		return "", notRegular(p, fi)
	}
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return "", fmt.Errorf("cannot read %q: %s", p, plainPathError(err))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func notRegular(p string, fi fs.FileInfo) error {
	kind := "not a regular file"
	switch m := fi.Mode(); {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return fmt.Errorf("%q is %s, not a regular file; want the file itself, copied into the folder", p, kind)
}
