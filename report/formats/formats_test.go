package formats

import (
	"os"
	"path/filepath"
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
}

func TestWriteFileIsAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
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
