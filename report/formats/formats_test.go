package formats

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"json,pdf", []string{"json", "pdf"}, false},
		{" Markdown , csv,markdown", []string{"markdown", "csv"}, false},
		{"json,,oscal,", []string{"json", "oscal"}, false},
		{"json,docx", nil, true},
		{"", nil, true},
		{" , ", nil, true},
	} {
		got, err := Parse(tc.in)
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("Parse(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	want := []string{"json", "pdf", "oscal", "junit", "markdown", "csv"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	files := map[string]bool{}
	for _, n := range Names() {
		f, ok := Lookup(n)
		if !ok || f.File == "" || f.Render == nil || files[f.File] {
			t.Errorf("%s: %+v", n, f)
		}
		files[f.File] = true
	}
	if got := Files([]string{"markdown"}, true); !slices.Equal(got, []string{SignatureFile, "report.json", "summary.md"}) {
		t.Errorf("a signed set must hold the signature and report.json: %v", got)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteFile(dir, "report.json", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir, "report.json", []byte("two")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the folder, want only report.json (no temporary files left)", len(entries))
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	if string(b) != "two" {
		t.Errorf("content %q", b)
	}
}

// A folder that cannot be written is the user's to fix: the error names the
// path, and is a *WriteError, never a crash.
func TestWriteErrorsNameThePath(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	file := filepath.Join(base, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, dir string }{
		{"out is a file", file},
		{"out inside a file", filepath.Join(file, "sub")},
	}
	if runtime.GOOS == "linux" {
		cases = append(cases, struct{ name, dir string }{"out under /proc", "/proc/assure-test-out"})
	}
	for _, tc := range cases {
		_, err := Write(tc.dir, []File{{"report.json", []byte("{}")}})
		var we *WriteError
		if !errors.As(err, &we) {
			t.Errorf("%s: error %v is not a *WriteError", tc.name, err)
			continue
		}
		if we.Path == "" || !filepath.IsAbs(we.Path) && we.Path != tc.dir {
			t.Errorf("%s: path %q", tc.name, we.Path)
		}
	}
	if err := CheckDir(file, []string{"report.json"}); err == nil {
		t.Error("CheckDir accepted a file as the output folder")
	}
	sub := filepath.Join(base, "out")
	if err := os.MkdirAll(filepath.Join(sub, "report.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := CheckDir(sub, []string{"report.json", "report.pdf"}); err == nil {
		t.Error("CheckDir accepted an output folder where report.pdf is a folder")
	}
}

// A set whose second file cannot be written leaves the first one unwritten
// too, and no temporary file behind.
func TestWriteIsAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.json"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, []File{{"report.json", []byte("new")}, {"no-such-folder/report.pdf", []byte("x")}})
	var we *WriteError
	if !errors.As(err, &we) {
		t.Fatalf("error %v, want a *WriteError", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	entries, _ := os.ReadDir(dir)
	if string(b) != "old" || len(entries) != 1 {
		t.Errorf("report.json = %q and %d entries; the previous file must stay and nothing else appear", b, len(entries))
	}
}
