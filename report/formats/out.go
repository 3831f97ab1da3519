package formats

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
)

// Out is an output folder opened to receive one complete set of reports.
//
// The set is written into a fresh folder beside the output folder, every
// file and the folder synced to disk, and only then put in the output
// folder's place in one step (see swap), so the output folder always holds
// one complete set from one run: the previous one until the swap, the new
// one after it. While an Out is open it holds the folder's lock, a file
// beside the folder, so that two runs never write one folder at once.
type Out struct {
	dir    string      // as given, for messages and the paths written
	path   string      // absolute, the folder itself (a symlink to it resolved)
	parent string      // the folder holding path: temporary folders and the lock go here
	base   string      // path's name
	mode   fs.FileMode // the permissions of the previous folder, or 0755
	prev   []string    // the files of the set now in the folder
	lock   *lock
	tmp    string // the new set's folder while it is being written
	done   bool   // the new set is in place

	// after is called after each step of Write, for tests that fail or
	// kill a run between steps; nil otherwise.
	after func(step string) error
	// exchange swaps two folders in one step; errNoExchange when the
	// system cannot, and tests replace it to exercise the fallback.
	exchange func(a, b string) error
}

// OutOptions say who opens an output folder and what it must keep clear of.
type OutOptions struct {
	// Command names the run in the lock, for another run to report.
	Command string
	// Keep are folders the output folder must not be, lie inside or hold:
	// the evidence folder. Each new set replaces the whole output folder.
	Keep []string
}

// errNoExchange: the system cannot swap two folders in one step.
var errNoExchange = errors.New("cannot exchange two folders in one step here")

// Lock names: the lock and the temporary folders of an output folder DIR
// are siblings of DIR named after it.
const (
	lockSuffix = ".lock"        // .DIR.lock
	newMark    = ".assure-new-" // .DIR.assure-new-123: a set being written
	oldMark    = ".assure-old-" // .DIR.assure-old-123: the previous set during the fallback's two renames
)

// OpenOut opens dir to receive a set of reports: it checks that a set can
// be swapped into its place, takes its lock, removes what a killed run left
// and creates the folder the new set is written to. Every refusal is a
// *WriteError naming the path and saying how to fix it. Close releases
// the folder whether or not a set was written.
func OpenOut(dir string, opts OutOptions) (*Out, error) {
	o := &Out{dir: dir, mode: 0o755, exchange: renameExchange}
	fail := func(path string, format string, args ...any) error {
		return &WriteError{Path: path, Err: fmt.Errorf(format, args...)}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &WriteError{Path: dir, Err: err}
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A symlink the user made to their reports folder stays theirs:
		// the folder it leads to is the one replaced.
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, fail(dir, "it is a symlink that leads nowhere (%s); want a folder, or a symlink to one", plain(err))
		}
	}
	o.path, o.parent, o.base = abs, filepath.Dir(abs), filepath.Base(abs)
	if o.parent == abs {
		return nil, fail(dir, "it is the root of the file system; want a folder for the reports, e.g. --out assure-report")
	}
	if err := o.checkPlace(opts.Keep); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.parent, 0o755); err != nil {
		return nil, fail(dir, "cannot create the folder %s that holds it: %s", o.parent, plain(err))
	}
	if fi, err := os.Stat(o.parent); err == nil && readOnly(fi) {
		return nil, fail(dir, "the folder that holds it, %s, is read-only (mode %04o); assure writes each new set beside --out and swaps it in: make that folder writable, or choose an --out elsewhere", o.parent, fi.Mode().Perm())
	}
	if o.lock, err = acquire(filepath.Join(o.parent, "."+o.base+lockSuffix), opts.Command); err != nil {
		if b, ok := errors.AsType[*busyError](err); ok {
			return nil, fail(dir, "%s", b.Error())
		}
		return nil, fail(dir, "cannot take its lock %s: %s; assure writes each new set beside --out, so the folder that holds it must be writable", filepath.Join(o.parent, "."+o.base+lockSuffix), plain(err))
	}
	if err := o.open(); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// checkPlace refuses an output folder that is the current folder, holds it,
// or is, holds or lies inside one of the folders to keep.
func (o *Out) checkPlace(keep []string) error {
	here := resolve(o.path)
	if cwd, err := os.Getwd(); err == nil && within(resolve(cwd), here) {
		return &WriteError{Path: o.dir, Err: errors.New("it is the current folder or holds it; each new set replaces the whole --out folder, which would leave this shell in a deleted folder: want a folder of its own, e.g. --out assure-report")}
	}
	for _, k := range keep {
		if _, err := os.Stat(k); k == "" || err != nil {
			continue // a folder that is not there has nothing to lose, and its own error to report
		}
		kept := resolve(k)
		switch {
		case within(here, kept):
			return &WriteError{Path: o.dir, Err: fmt.Errorf("it is the evidence folder %s or inside it; reports there would mix with the evidence: want an --out outside the evidence folder, e.g. beside it", k)}
		case within(kept, here):
			return &WriteError{Path: o.dir, Err: fmt.Errorf("it holds the evidence folder %s; each new set replaces the whole --out folder, which would delete the evidence: want an --out that does not hold the evidence folder", k)}
		}
	}
	return nil
}

// open reads the folder's previous set, puts right what a killed run left
// and creates the new set's folder. The lock is held.
func (o *Out) open() error {
	if err := o.recover(); err != nil {
		return err
	}
	fi, err := os.Stat(o.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return &WriteError{Path: o.dir, Err: err}
	case !fi.IsDir():
		return &WriteError{Path: o.dir, Err: errors.New("not a folder the reports can be written to; want a folder (created when missing)")}
	case readOnly(fi):
		return &WriteError{Path: o.dir, Err: fmt.Errorf("it is read-only (mode %04o), so its reports are kept as they are; make it writable (chmod u+w) to replace them, or choose another --out", fi.Mode().Perm())}
	default:
		o.mode = fi.Mode().Perm()
		if o.prev, err = o.previous(); err != nil {
			return err
		}
	}
	if o.tmp, err = os.MkdirTemp(o.parent, "."+o.base+newMark+"*"); err != nil {
		return &WriteError{Path: o.dir, Err: fmt.Errorf("cannot create the new set's folder beside it: %s; assure writes each set beside --out and swaps it in, so the folder holding it must be writable", plain(err))}
	}
	if fi == nil {
		return nil
	}
	if !sameDevice(o.tmp, o.path) {
		os.Remove(o.tmp)
		o.tmp = ""
		return &WriteError{Path: o.dir, Err: errors.New("it is a mount point (another file system than the folder holding it), so a new set cannot be swapped into its place in one step: want a folder inside it, e.g. --out " + filepath.Join(o.dir, "assure-report"))}
	}
	return nil
}

// recover puts right what a killed run left beside the folder: a set that
// was being written is removed; a previous set moved aside by the
// fallback's first rename goes back when the folder is missing, and is
// removed otherwise. The lock is held, so none of them belongs to a live run.
func (o *Out) recover() error {
	entries, err := os.ReadDir(o.parent)
	if err != nil {
		return &WriteError{Path: o.dir, Err: fmt.Errorf("cannot read the folder %s that holds it: %s", o.parent, plain(err))}
	}
	_, err = os.Lstat(o.path)
	missing := errors.Is(err, fs.ErrNotExist)
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(o.parent, name)
		switch {
		case o.marked(name, oldMark) && missing:
			if err := os.Rename(p, o.path); err != nil {
				return &WriteError{Path: o.dir, Err: fmt.Errorf("cannot put back the previous set %s that a killed run left: %s", p, plain(err))}
			}
			missing = false
		case o.marked(name, oldMark), o.marked(name, newMark):
			os.RemoveAll(p)
		}
	}
	return nil
}

// marked reports whether name is one of this folder's temporary folders of
// a kind: "." + base + mark + the digits os.MkdirTemp chose, so that the
// temporary folders of an output folder named "x.assure-new-1" are never
// taken for those of "x".
func (o *Out) marked(name, mark string) bool {
	rest, ok := strings.CutPrefix(name, "."+o.base+mark)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// previous lists the files of the set in the folder, refusing a folder that
// holds anything else: the whole folder is replaced by each new set, so
// anything else in it would be lost. Temporary files of a killed WriteFile
// are removed, and the litter of file browsers is let go.
func (o *Out) previous() ([]string, error) {
	entries, err := os.ReadDir(o.path)
	if err != nil {
		return nil, &WriteError{Path: o.dir, Err: err}
	}
	var set, other []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case isSetFile(name) && e.IsDir():
			return nil, &WriteError{Path: filepath.Join(o.dir, name), Err: fmt.Errorf("%s is a folder, so the report cannot be written there; move it or choose another --out", name)}
		case isSetFile(name) && e.Type().IsRegular():
			set = append(set, name)
		case isStaleTemp(name):
			os.Remove(filepath.Join(o.path, name))
		case slices.Contains(litter, name):
		default:
			other = append(other, name)
		}
	}
	if len(other) > 0 {
		shown := other[:min(len(other), 3)]
		more := ""
		if len(other) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(other)-len(shown))
		}
		return nil, &WriteError{Path: o.dir, Err: fmt.Errorf("it holds %s%s, which %s not a report file of assure; each new set replaces the whole --out folder, so it must hold nothing else: want an empty or new folder, or one holding only an earlier set (move those out)",
			strings.Join(shown, ", "), more, map[bool]string{true: "is", false: "are"}[len(other) == 1])}
	}
	return set, nil
}

// litter is what file browsers leave in a folder they showed; it is not
// carried into the new set.
var litter = []string{".DS_Store", "Thumbs.db", "desktop.ini"}

// isSetFile reports whether name is a file of a report set.
func isSetFile(name string) bool {
	return name == SignatureFile || slices.ContainsFunc(all, func(f Format) bool { return f.File == name })
}

// isStaleTemp reports whether name is the temporary file of a report file
// (".report.json.tmp-123"), left by a killed WriteFile or an earlier version.
func isStaleTemp(name string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	file, _, ok := strings.Cut(rest, tempMark)
	return ok && isSetFile(file)
}

// Previous lists the files of the set the folder holds now, before Write.
func (o *Out) Previous() []string { return slices.Clone(o.prev) }

// PreviousPath is where a file of the previous set is, to read it.
func (o *Out) PreviousPath(name string) string { return filepath.Join(o.path, name) }

// Write writes files, and the files of the previous set named in keep,
// as the new set and puts it in the folder's place. The previous set stays
// whole until the swap; any failure before it removes the new set's folder
// and returns a *WriteError naming the file. It returns the paths written,
// as the folder was given.
func (o *Out) Write(files []File, keep []string) ([]string, error) {
	if o.tmp == "" || o.done {
		return nil, errors.New("write: the output folder is closed")
	}
	written, err := o.write(files, keep)
	if err != nil {
		os.RemoveAll(o.tmp)
		o.tmp = ""
		return nil, err
	}
	return written, nil
}

func (o *Out) write(files []File, keep []string) ([]string, error) {
	var written []string
	for _, f := range files {
		if err := o.put(f); err != nil {
			return nil, err
		}
		if err := o.step("write " + f.Name); err != nil {
			return nil, &WriteError{Path: filepath.Join(o.dir, f.Name), Err: err}
		}
		written = append(written, filepath.Join(o.dir, f.Name))
	}
	for _, name := range keep {
		if !slices.Contains(o.prev, name) || slices.ContainsFunc(files, func(f File) bool { return f.Name == name }) {
			continue
		}
		if err := carry(filepath.Join(o.path, name), filepath.Join(o.tmp, name)); err != nil {
			return nil, &WriteError{Path: filepath.Join(o.dir, name), Err: err}
		}
		if err := o.step("keep " + name); err != nil {
			return nil, &WriteError{Path: filepath.Join(o.dir, name), Err: err}
		}
	}
	if err := os.Chmod(o.tmp, o.mode); err != nil {
		return nil, &WriteError{Path: o.dir, Err: err}
	}
	if err := syncDir(o.tmp); err != nil {
		return nil, &WriteError{Path: o.dir, Err: err}
	}
	if err := o.step("sync"); err != nil {
		return nil, &WriteError{Path: o.dir, Err: err}
	}
	if err := o.swap(); err != nil {
		return nil, err
	}
	return written, nil
}

// put writes one file of the new set, synced.
func (o *Out) put(f File) error {
	if !isSetFile(f.Name) {
		return fmt.Errorf("write: %q is not a file of a report set", f.Name)
	}
	fail := func(err error) error { return &WriteError{Path: filepath.Join(o.dir, f.Name), Err: err} }
	file, err := os.OpenFile(filepath.Join(o.tmp, f.Name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail(err)
	}
	if err := writeSynced(file, f.Data); err != nil {
		return fail(err)
	}
	return nil
}

// carry puts a file of the previous set into the new one: a hard link, or
// a synced copy where the file system has none.
func carry(from, to string) error {
	if err := os.Link(from, to); err == nil {
		return nil
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return writeSynced(dst, nil)
}

// swap puts the new set's folder in the output folder's place. Without a
// previous folder it is one rename. With one, Linux exchanges the two
// folders in one step (renameat2 with RENAME_EXCHANGE) and the previous
// set, now under the temporary name, is removed. Where the system cannot
// exchange, the previous folder is renamed aside, the new one into place,
// and the previous removed: between those two renames the folder is
// missing, and a run killed there leaves the previous set aside for the
// next run to put back (recover).
func (o *Out) swap() error {
	fail := func(err error) error { return &WriteError{Path: o.dir, Err: err} }
	if o.prev == nil {
		if _, err := os.Lstat(o.path); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(o.tmp, o.path); err != nil {
				return fail(err)
			}
			o.tmp = ""
			o.committed("swap")
			return nil
		}
	}
	// Something may have been put into the folder since it was opened;
	// the swap would lose it.
	if _, err := o.previous(); err != nil {
		return err
	}
	err := o.exchange(o.tmp, o.path)
	switch {
	case err == nil:
		o.committed("swap")
		return nil
	case !errors.Is(err, errNoExchange):
		return fail(err)
	}
	old := filepath.Join(o.parent, "."+o.base+oldMark+strings.TrimPrefix(filepath.Base(o.tmp), "."+o.base+newMark))
	if err := os.Rename(o.path, old); err != nil {
		return fail(fmt.Errorf("cannot move the previous set aside: %s (is a file in it open in another program?)", plain(err)))
	}
	if err := o.step("move previous aside"); err != nil {
		os.Rename(old, o.path)
		return fail(err)
	}
	if err := os.Rename(o.tmp, o.path); err != nil {
		os.Rename(old, o.path)
		return fail(err)
	}
	o.tmp = old // what is left to remove is the previous set
	o.committed("swap")
	return nil
}

// committed finishes once the new set is in place: the previous one is
// removed and the folder holding both synced. Failures from here on cannot
// undo the new set and are not reported; the next run removes what is left.
func (o *Out) committed(step string) {
	o.done = true
	o.step(step)
	if o.tmp != "" {
		os.RemoveAll(o.tmp)
		o.step("remove previous")
	}
	o.tmp = ""
	syncDir(o.parent)
	o.step("sync parent")
}

// step reports a step to the test hook.
func (o *Out) step(name string) error {
	if o.after == nil {
		return nil
	}
	return o.after(name)
}

// Close removes the new set's folder if it was not put in place and
// releases the lock.
func (o *Out) Close() error {
	if o.tmp != "" {
		os.RemoveAll(o.tmp)
		o.tmp = ""
	}
	if o.lock != nil {
		o.lock.release()
		o.lock = nil
	}
	return nil
}

// resolve makes a path absolute and resolves the symlinks of its longest
// part that exists, so that two names of one folder compare equal.
func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(dir) == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether path is dir or lies inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readOnly reports whether a folder's owner may not write it. Root may
// write anyway; assure keeps such a folder as it is for everyone. Windows
// does not keep these bits for folders.
func readOnly(fi fs.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o200 == 0
}

// plain is an error without the operation and path a *fs.PathError repeats.
func plain(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	if le, ok := errors.AsType[*os.LinkError](err); ok {
		return le.Err.Error()
	}
	return err.Error()
}

// LockFolder takes the lock OpenOut takes on the folder dir, for a command
// that adds one file to the set in dir in place (sign writes
// report.json.sig with WriteFile), so that no run swaps a new set in
// between its reading the report and writing beside it. Where the lock
// cannot be created because the folder holding dir cannot be written, no
// run can swap a set into dir either, and dir is left unlocked. Another
// run holding the lock is a *WriteError naming it.
func LockFolder(dir, command string) (release func(), err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &WriteError{Path: dir, Err: err}
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	l, err := acquire(filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+lockSuffix), command)
	switch {
	case err == nil:
		return l.release, nil
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return func() {}, nil
	}
	if b, ok := errors.AsType[*busyError](err); ok {
		return nil, &WriteError{Path: dir, Err: errors.New(strings.Replace(b.Error(), ", or choose another --out", "", 1))}
	}
	return nil, &WriteError{Path: dir, Err: err}
}
