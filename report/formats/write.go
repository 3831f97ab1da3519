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

// Write writes the files into dir (created). Every file is written to a
// temporary name first and only when all of them are on disk are they
// renamed into place, so that a full disk or a failing write leaves the
// previous files as they were and no temporary file behind. It returns the
// paths written.
func Write(dir string, files []File) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &WriteError{Path: dir, Err: err}
	}
	temps := make([]string, 0, len(files))
	defer func() {
		for _, t := range temps {
			os.Remove(t) // gone already once renamed
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(dir, f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		temps = append(temps, tmp)
	}
	var written []string
	for i, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := os.Rename(temps[i], path); err != nil {
			return written, &WriteError{Path: path, Err: err}
		}
		written = append(written, path)
	}
	return written, nil
}

// WriteFile writes one file to dir/name through a temporary file and a
// rename. Failures are *WriteError naming the path.
func WriteFile(dir, name string, data []byte) error {
	_, err := Write(dir, []File{{name, data}})
	return err
}

// writeTemp writes data to a new temporary file beside dir/name and returns
// its path.
func writeTemp(dir, name string, data []byte) (string, error) {
	fail := func(err error) error { return &WriteError{Path: filepath.Join(dir, name), Err: err} }
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return "", fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", fail(err)
	}
	return tmp.Name(), nil
}
