package formats

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteError is an output that could not be written for a reason on the
// user's side: a folder that cannot be created or written, a full disk, a
// name taken by a folder.
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

// CheckDir fails early, before anything is rendered or written, when the
// files could not all be written into dir: dir is not a folder, or a file's
// name is taken by a folder.
func CheckDir(dir string, files []string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &WriteError{Path: dir, Err: err}
	case !fi.IsDir():
		return &WriteError{Path: dir, Err: errors.New("not a folder the reports can be written to")}
	}
	for _, name := range files {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.IsDir() {
			return &WriteError{Path: filepath.Join(dir, name), Err: fmt.Errorf("%s is a folder, so the report cannot be written there; move it or choose another --out", name)}
		}
	}
	return nil
}

// Write writes the files into dir (created), each through a temporary file
// and a rename, so that a crash never leaves half a file behind. It returns
// the paths written.
func Write(dir string, files []File) ([]string, error) {
	var written []string
	for _, f := range files {
		if err := WriteFile(dir, f.Name, f.Data); err != nil {
			return written, err
		}
		written = append(written, filepath.Join(dir, f.Name))
	}
	return written, nil
}

// WriteFile writes data to dir/name through a temporary file and a rename.
// Failures are *WriteError naming the path.
func WriteFile(dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	fail := func(err error) error { return &WriteError{Path: path, Err: err} }
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &WriteError{Path: dir, Err: err}
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}
