package formats

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// A set of three files, as a signed assessment writes it; "old" and "new"
// sets differ in every file, so a mixed set is seen.
func set(tag string) []File {
	return []File{
		{SignatureFile, []byte(tag + " signature")},
		{"report.json", []byte(tag + " json")},
		{"report.pdf", []byte(tag + " pdf")},
	}
}

// holds reports which complete set dir holds, "old" or "new", or what is
// wrong with it: a mix, a missing file, something else in it.
func holds(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "no folder: " + err.Error()
	}
	var names []string
	tags := map[string]bool{}
	for _, e := range entries {
		names = append(names, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "unreadable " + e.Name()
		}
		tag, _, _ := strings.Cut(string(b), " ")
		tags[tag] = true
	}
	if !slices.Equal(names, []string{"report.json", SignatureFile, "report.pdf"}) || len(tags) != 1 {
		return fmt.Sprintf("not one complete set: %v %v", names, tags)
	}
	for tag := range tags {
		return tag
	}
	return ""
}

// leftovers lists what is beside dir in its parent: nothing once a run
// is over, neither a temporary folder nor the lock.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			out = append(out, e.Name())
		}
	}
	return out
}

func writeSet(t *testing.T, dir, tag string, change func(*Out)) error {
	t.Helper()
	o, err := OpenOut(dir, OutOptions{Command: "test"})
	if err != nil {
		return err
	}
	defer o.Close()
	if change != nil {
		change(o)
	}
	_, err = o.Write(set(tag), nil)
	return err
}

func noExchange(o *Out) { o.exchange = func(a, b string) error { return errNoExchange } }

func TestOutReplacesTheSetInOneStep(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name   string
		change func(*Out)
	}{{"exchange", nil}, {"two renames", noExchange}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "reports")
			if err := writeSet(t, dir, "old", mode.change); err != nil {
				t.Fatal(err)
			}
			if err := writeSet(t, dir, "new", mode.change); err != nil {
				t.Fatal(err)
			}
			if got := holds(t, dir); got != "new" {
				t.Errorf("the folder holds %s, want the new set", got)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("left beside the folder: %v", l)
			}
			if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
				t.Errorf("folder mode %v, want 0755", fi.Mode().Perm())
			}
		})
	}
	if runtime.GOOS == "linux" {
		// The exchange must really happen in one step here: the fallback
		// would pass the test above too.
		a, b := t.TempDir(), t.TempDir()
		os.WriteFile(filepath.Join(a, "x"), nil, 0o644)
		if err := renameExchange(a, b); err != nil {
			t.Fatalf("renameat2 RENAME_EXCHANGE: %v", err)
		}
		if _, err := os.Stat(filepath.Join(b, "x")); err != nil {
			t.Error("the folders were not exchanged")
		}
	}
}

// steps are the points of Write a run can be killed or fail after.
var steps = map[string][]string{
	"exchange":    {"write " + SignatureFile, "write report.json", "write report.pdf", "sync", "swap", "remove previous", "sync parent"},
	"two renames": {"write " + SignatureFile, "write report.json", "write report.pdf", "sync", "move previous aside", "swap", "remove previous", "sync parent"},
}

// TestKillBetweenSteps kills a run (a child process that exits on the spot,
// without any cleanup) after each step of writing a set over a previous
// one: the folder always holds one complete set, the old one until the
// swap and the new one after; the next run into the folder leaves nothing
// of the killed one behind. Before, each file was renamed into place on its
// own, the signature first: a kill between renames left the new signature
// beside the old report, and every kill a .NAME.tmp-* file.
func TestKillBetweenSteps(t *testing.T) {
	t.Parallel()
	for mode, list := range steps {
		for _, step := range list {
			t.Run(mode+"/"+step, func(t *testing.T) {
				t.Parallel()
				dir := filepath.Join(t.TempDir(), "reports")
				if err := writeSet(t, dir, "old", nil); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$")
				cmd.Env = append(os.Environ(), "ASSURE_KILL_DIR="+dir, "ASSURE_KILL_AT="+step, "ASSURE_KILL_MODE="+mode)
				out, err := cmd.CombinedOutput()
				if ee, ok := errors.AsType[*exec.ExitError](err); !ok || ee.ExitCode() != 7 {
					t.Fatalf("the run was not killed at %q: %v\n%s", step, err, out)
				}
				before := step == "write "+SignatureFile || step == "write report.json" || step == "write report.pdf" || step == "sync" || step == "move previous aside"
				got := holds(t, dir)
				switch {
				case before && step == "move previous aside":
					// The one instant of the fallback without the folder:
					// the previous set is aside, and the next run puts it
					// back.
					if got = holds(t, dir); !strings.HasPrefix(got, "no folder") {
						t.Errorf("after the previous set was moved aside the folder holds %s", got)
					}
				case before && got != "old", !before && got != "new":
					t.Errorf("killed after %q: the folder holds %s", step, got)
				}
				o, err := OpenOut(dir, OutOptions{Command: "next"})
				if err != nil {
					t.Fatal(err)
				}
				o.Close()
				if want := map[bool]string{true: "old", false: "new"}[before]; holds(t, dir) != want {
					t.Errorf("after the next run opened it the folder holds %s, want %s", holds(t, dir), want)
				}
				if l := leftovers(t, dir); len(l) > 0 {
					t.Errorf("the next run left the killed run's %v", l)
				}
			})
		}
	}
}

// TestKillHelper is the killed run of TestKillBetweenSteps.
func TestKillHelper(t *testing.T) {
	dir, at := os.Getenv("ASSURE_KILL_DIR"), os.Getenv("ASSURE_KILL_AT")
	if dir == "" {
		t.Skip("run by TestKillBetweenSteps")
	}
	o, err := OpenOut(dir, OutOptions{Command: "killed"})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("ASSURE_KILL_MODE") == "two renames" {
		noExchange(o)
	}
	o.after = func(step string) error {
		if step == at {
			os.Exit(7) // no deferred call runs: as a kill
		}
		return nil
	}
	o.Write(set("new"), nil)
	t.Fatalf("step %q never came", at)
}

// TestFailureBetweenSteps fails each step instead (a full disk, a write
// error): before the swap the previous set stays and nothing else is left;
// after it the new set is in place and the failure of a cleanup is not
// reported as a failed write.
func TestFailureBetweenSteps(t *testing.T) {
	t.Parallel()
	for mode, list := range steps {
		for _, step := range list {
			t.Run(mode+"/"+step, func(t *testing.T) {
				t.Parallel()
				dir := filepath.Join(t.TempDir(), "reports")
				if err := writeSet(t, dir, "old", nil); err != nil {
					t.Fatal(err)
				}
				err := writeSet(t, dir, "new", func(o *Out) {
					if mode == "two renames" {
						noExchange(o)
					}
					o.after = func(s string) error {
						if s == step {
							return syscall.ENOSPC
						}
						return nil
					}
				})
				committed := step == "swap" || step == "remove previous" || step == "sync parent"
				want := map[bool]string{true: "new", false: "old"}[committed]
				if got := holds(t, dir); got != want {
					t.Errorf("failed after %q: the folder holds %s, want %s", step, got, want)
				}
				if (err == nil) != committed {
					t.Errorf("failed after %q: Write returned %v", step, err)
				}
				if l := leftovers(t, dir); len(l) > 0 {
					t.Errorf("left beside the folder: %v", l)
				}
			})
		}
	}
}

// A full disk is a *WriteError naming the file, with the previous set
// intact (exit 2 at the command line); it was a partial set and exit 3.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "reports")
	if err := writeSet(t, dir, "old", nil); err != nil {
		t.Fatal(err)
	}
	err := writeSet(t, dir, "new", func(o *Out) {
		o.after = func(s string) error {
			if s == "write report.pdf" {
				return &os.PathError{Op: "write", Path: "report.pdf", Err: syscall.ENOSPC}
			}
			return nil
		}
	})
	var we *WriteError
	if !errors.As(err, &we) || we.Path != filepath.Join(dir, "report.pdf") || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("error %v, want a *WriteError naming %s/report.pdf and the full disk", err, dir)
	}
	if got := holds(t, dir); got != "old" {
		t.Errorf("the folder holds %s, want the previous set", got)
	}
}

// A read-only --out keeps its reports, also for root (who could write it):
// a *WriteError naming it, nothing changed.
func TestReadOnlyOut(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps no write bit for folders")
	}
	dir := filepath.Join(t.TempDir(), "reports")
	if err := writeSet(t, dir, "old", nil); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	err := writeSet(t, dir, "new", nil)
	var we *WriteError
	if !errors.As(err, &we) || we.Path != dir || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("error %v, want a *WriteError saying %s is read-only", err, dir)
	}
	if got := holds(t, dir); got != "old" {
		t.Errorf("the folder holds %s, want the previous set", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left beside the folder: %v", l)
	}
}

// While one run holds the folder, another is refused, naming the lock and
// the run that holds it; once the first ends, the folder is free again.
func TestConcurrentRunsAreRefused(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "reports")
	first, err := OpenOut(dir, OutOptions{Command: "assess"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenOut(dir, OutOptions{Command: "render"})
	lock := filepath.Join(filepath.Dir(dir), ".reports.lock")
	if err == nil || !strings.Contains(err.Error(), lock) || !strings.Contains(err.Error(), fmt.Sprintf("assess, pid %d, started ", os.Getpid())) {
		t.Errorf("second run: %v; want a refusal naming %s and the first run", err, lock)
	}
	if _, err := LockFolder(dir, "sign"); err == nil || !strings.Contains(err.Error(), lock) {
		t.Errorf("sign while a set is written: %v", err)
	}
	if _, err := first.Write(set("new"), nil); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if err := writeSet(t, dir, "next", nil); err != nil {
		t.Errorf("after the first run ended: %v", err)
	}
}

// Folders a new set must not replace are refused before anything is written.
func TestOutRefuses(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	mk := func(p string) string {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	evidence := mk(filepath.Join(base, "evidence"))
	notes := mk(filepath.Join(base, "with-notes"))
	os.WriteFile(filepath.Join(notes, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(notes, "report.json"), []byte("old"), 0o644)
	taken := mk(filepath.Join(base, "taken", "report.pdf"))
	file := filepath.Join(base, "a-file")
	os.WriteFile(file, nil, 0o644)
	dangling := filepath.Join(base, "dangling")
	os.Symlink(filepath.Join(base, "nowhere"), dangling)
	for _, c := range []struct{ name, dir, want string }{
		{"the evidence folder", evidence, "is the evidence folder"},
		{"inside the evidence folder", filepath.Join(evidence, "reports"), "inside it"},
		{"holding the evidence folder", base, "holds the evidence folder"},
		{"a folder with other files", notes, "notes.txt"},
		{"a report name taken by a folder", filepath.Dir(taken), "report.pdf is a folder"},
		{"a file", file, "not a folder"},
		{"a dangling symlink", dangling, "symlink that leads nowhere"},
		{"the root", "/", "root of the file system"},
	} {
		_, err := OpenOut(c.dir, OutOptions{Keep: []string{evidence}})
		if we, ok := errors.AsType[*WriteError](err); !ok || !strings.Contains(we.Error(), c.want) {
			t.Errorf("%s: %v, want a *WriteError saying %q", c.name, err, c.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(notes, "notes.txt")); string(b) != "mine" {
		t.Error("a refused folder was changed")
	}
	if l := leftovers(t, notes); !slices.Equal(l, []string{"a-file", "dangling", "evidence", "taken"}) {
		t.Errorf("refusals left %v", l)
	}
}

// A symlink to the reports folder stays a symlink, to the new set; the
// temporary files of a killed WriteFile or an earlier version are removed;
// the temporary folders of another output folder whose name starts alike
// are not touched.
func TestOutKeepsWhatIsNotItsOwn(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	real := filepath.Join(base, "q3")
	if err := writeSet(t, real, "old", nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(real, ".report.pdf.tmp-123"), nil, 0o644)
	other := filepath.Join(base, ".link.assure-new-5.assure-new-1")
	os.Mkdir(other, 0o700)
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := writeSet(t, link, "new", nil); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v", err)
	}
	if got := holds(t, link); got != "new" {
		t.Errorf("the folder holds %s", got)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another folder's temporary folder was removed: %v", err)
	}
}

// Render into the folder of the set it renders keeps the rest of that set.
func TestOutKeepsPreviousFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "reports")
	if err := writeSet(t, dir, "old", nil); err != nil {
		t.Fatal(err)
	}
	o, err := OpenOut(dir, OutOptions{Command: "render"})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := o.Write([]File{{"summary.md", []byte("old md")}}, o.Previous()); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files, want the three kept and summary.md", len(entries))
	}
}
