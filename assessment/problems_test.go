package assessment_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/assure-dev/assure/assessment"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/problem"
)

// TestRepeatedProblemIsListedOnce: a ServiceNow list export made by a user
// whose date format is dd.MM.yyyy (ServiceNow exports display values in the
// exporting user's format) has a bad date on every row; the problems name it
// once per column with the count of rows and the first lines, instead of 50
// identical lines and "... and 160 more problems".
func TestRepeatedProblemIsListedOnce(t *testing.T) {
	t.Parallel()
	dir := copyFolder(t, "vendors/okta-intune-servicenow")
	p := filepath.Join(dir, "servicenow-incidents.csv.gz")
	zr, err := gzip.NewReader(mustOpen(t, p))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(strings.TrimSpace(string(text)), "\n")
	local := regexp.MustCompile(`(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)`).ReplaceAll(text, []byte("$3.$2.$1 $4"))
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(local)
	zw.Close()
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := evidence.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = assessment.Validate(f, nil)
	inv, ok := err.(*problem.Invalid)
	if !ok || len(inv.Problems) != 1 || inv.Omitted != 0 || inv.Count() != rows {
		t.Fatalf("Validate = %v; want one problem of %d rows", err, rows)
	}
	want := regexp.MustCompile(`servicenow-incidents\.csv\.gz: ` + strconv.Itoa(rows) + ` rows: opened_at: "\d\d\.\d\d\.2026 \d\d:\d\d:\d\d" is a date in an unknown format; want yyyy-MM-dd HH:mm:ss .*; first at lines 2, 3, 4$`)
	if got := inv.Problems[0].Error(); !want.MatchString(got) {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func mustOpen(t *testing.T, p string) *os.File {
	t.Helper()
	file, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	return file
}
