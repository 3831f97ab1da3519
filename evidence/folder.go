package evidence

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
)

// Folder is an evidence folder: a directory on disk opened through os.Root, so
// no path or symlink can lead outside it, or an embedded file system.
type Folder struct {
	fsys fs.FS
	dir  string // directory on disk, "" when embedded
	name string // how messages name the folder
	root *os.Root

	progress func(Progress) // OnProgress
	reading  *hashedFile    // the source last opened, while progress is on
}

// OpenFolder opens an evidence folder on disk.
func OpenFolder(dir string) (*Folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &problem.Problem{File: dir, Msg: "cannot open the evidence folder: " + plainPathError(err)}
	}
	return &Folder{fsys: root.FS(), dir: dir, name: dir, root: root}, nil
}

// NewFolder wraps an embedded or in-memory evidence folder; name is how messages
// refer to it.
func NewFolder(fsys fs.FS, name string) *Folder {
	return &Folder{fsys: fsys, name: name}
}

// Close releases the folder.
func (f *Folder) Close() error {
	if f.root != nil {
		return f.root.Close()
	}
	return nil
}

// Name is how messages and reports refer to the folder.
func (f *Folder) Name() string { return f.name }

// Display joins the folder's name and a path inside it for messages.
func (f *Folder) Display(p string) string {
	if f.name == "" {
		return p
	}
	return filepath.ToSlash(filepath.Join(f.name, p))
}

// checkPath rejects manifest paths that are absolute or climb out of the folder.
func checkPath(p string) string {
	switch {
	case p == "":
		return "path is empty"
	case filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.VolumeName(p) != "":
		return fmt.Sprintf("path %q is absolute; want a path relative to the evidence folder", p)
	case !filepath.IsLocal(p) || !fs.ValidPath(path.Clean(filepath.ToSlash(p))):
		return fmt.Sprintf("path %q leads outside the evidence folder; want a path inside it (no \"..\")", p)
	}
	return ""
}

// open opens a folder-relative file, mapping escapes through symlinks and missing
// files to plain messages.
func (f *Folder) open(p string) (fs.File, error) {
	if msg := checkPath(p); msg != "" {
		return nil, errors.New(msg)
	}
	clean := path.Clean(filepath.ToSlash(p))
	file, err := f.fsys.Open(clean)
	if err != nil {
		if f.dir != "" {
			if fi, lerr := os.Lstat(filepath.Join(f.dir, filepath.FromSlash(clean))); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return nil, fmt.Errorf("%q is a symlink that leads outside the evidence folder; want a file inside the folder: copy it in instead", p)
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("file %q does not exist in the evidence folder (want a path relative to the folder)", p)
		}
		if strings.Contains(err.Error(), "escapes") {
			return nil, fmt.Errorf("%q leads outside the evidence folder through a symlink; want a file inside the folder: copy it in instead", p)
		}
		return nil, fmt.Errorf("cannot open %q: %s", p, plainPathError(err))
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, fmt.Errorf("cannot read %q: %s", p, plainPathError(err))
	}
	if fi.IsDir() {
		file.Close()
		return nil, fmt.Errorf("%q is a folder; want a file", p)
	}
	return file, nil
}

func plainPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// hashedFile reads a source: the raw bytes are hashed and counted as they pass,
// and gzip is undone when the content starts with the gzip magic number.
type hashedFile struct {
	file   fs.File
	h      hash.Hash
	raw    *countingReader
	br     *bufio.Reader
	gz     *gzip.Reader
	r      io.Reader
	isGzip bool
	// head reads the content (decompressed) and can show its start.
	head *bufio.Reader
	// opened and size are for progress reports.
	opened time.Time
	size   int64
}

// countingReader counts the bytes read, atomically: a progress report may
// read the count while another goroutine reads the file.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openSource opens a source for reading and hashing. A file that is not text
// (a ZIP archive, UTF-16) is refused with a *problem.Problem at its line 1
// saying what it is; any other error is a plain one about the path.
func (f *Folder) openSource(p string) (*hashedFile, error) {
	file, err := f.open(p)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	raw := &countingReader{r: io.TeeReader(file, h)}
	hf := &hashedFile{file: file, h: h, raw: raw, br: bufio.NewReaderSize(raw, 256<<10)}
	hf.r = hf.br
	if magic, _ := hf.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(hf.br)
		if err != nil {
			file.Close()
			return nil, fmt.Errorf("corrupt gzip data (%v); want a complete, undamaged gzip file: compress or export it again", err)
		}
		hf.gz, hf.isGzip = gz, true
		hf.r = bufio.NewReaderSize(gz, vendorio.HeadSize)
	}
	hf.head = hf.r.(*bufio.Reader)
	head := hf.start()
	if msg := vendorio.NotText(head); msg != "" {
		file.Close()
		return nil, &problem.Problem{File: f.Display(p), Line: 1, Msg: msg}
	}
	if bytes.HasPrefix(head, vendorio.BOM) {
		// Windows PowerShell writes a UTF-8 byte-order mark before any text
		// (Out-File, Set-Content, Export-Csv -Encoding UTF8): no reader of any
		// format sees it. The digest still covers it.
		hf.head.Discard(len(vendorio.BOM))
	}
	if f.progress != nil {
		hf.opened = time.Now()
		if fi, err := file.Stat(); err == nil {
			hf.size = fi.Size()
		}
		f.reading = hf
	}
	return hf, nil
}

// start is the beginning of the content, up to vendorio.HeadSize bytes; a
// read error is left for the reading to meet.
func (hf *hashedFile) start() []byte {
	b, _ := hf.head.Peek(vendorio.HeadSize)
	return b
}

func (hf *hashedFile) Read(p []byte) (int, error) {
	n, err := hf.r.Read(p)
	if err != nil && err != io.EOF && hf.isGzip {
		err = &gzipError{err}
	}
	return n, err
}

type gzipError struct{ err error }

func (e *gzipError) Error() string {
	return "corrupt gzip data (" + e.err.Error() + "); want a complete, undamaged gzip file: compress or export it again"
}
func (e *gzipError) Unwrap() error { return e.err }

// finish reads what the decoder left, so the digest covers the whole file, and
// returns the digest and the file's size.
func (hf *hashedFile) finish() (string, int64, error) {
	if _, err := io.Copy(io.Discard, hf.br); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(hf.h.Sum(nil)), hf.raw.n.Load(), nil
}

func (hf *hashedFile) Close() error { return hf.file.Close() }

// ReadFile reads a whole file of the folder (for the manifest).
func (f *Folder) ReadFile(p string) ([]byte, error) {
	file, err := f.open(p)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, maxDocument+1))
}

// maxDocument caps whole-document kinds (JSON, TOML) and the manifest.
const maxDocument = 64 << 20
