package formats

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// WriteError is an output that could not be written for a reason on the
// user's side: a folder that cannot be created or written, a full disk, a
// name taken by a folder, another run writing the same folder.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string {
	msg := e.Err.Error()
	if pe, ok := errors.AsType[*fs.PathError](e.Err); ok {
		msg = pe.Err.Error()
	}
	return fmt.Sprintf("cannot write %s: %s", e.Path, msg)
}

func (e *WriteError) Unwrap() error { return e.Err }

// WriteFile writes one file to dir/name through a temporary file beside it,
// synced, then renamed into place, so the file is either the old one or the
// new one, and a failure leaves no temporary file. Failures are *WriteError
// naming the path. A set of reports is written with OpenOut instead.
func WriteFile(dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	fail := func(err error) error { return &WriteError{Path: path, Err: err} }
	tmp, err := os.CreateTemp(dir, "."+name+tempMark+"*")
	if err != nil {
		return fail(err)
	}
	if err := writeSynced(tmp, data); err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	syncDir(dir)
	return nil
}

// tempMark is in the name of WriteFile's temporary files (".NAME.tmp-123"),
// which OpenOut removes when a run was killed before it could.
const tempMark = ".tmp-"

// writeSynced writes data to f, makes it readable by all (0644, whatever
// the umask) and flushes it to disk before closing it.
func writeSynced(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir flushes a folder's entries to disk, so that a rename in it
// survives a power cut. Windows cannot open a folder for syncing and
// commits renames itself; elsewhere a failure is returned.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
