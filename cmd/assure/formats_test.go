package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-dev/assure/report/formats"
)

// TestInterchangeFormats writes every format for the sample and checks each is
// there, reproducible, and consistent with report.json. It is not parallel (it
// sets SOURCE_DATE_EPOCH); its two runs are, under that setting.
func TestInterchangeFormats(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1790000000")
	all := strings.Join(formats.Names(), ",")
	runs := [2]string{t.TempDir(), t.TempDir()}
	t.Run("runs", func(t *testing.T) { // returns when both have run
		for i := range runs {
			t.Run(fmt.Sprint(i+1), func(t *testing.T) {
				t.Parallel()
				code, _, stderr := runCLI(t, nil, "assess", "--out", runs[i], "--format", all, "-q")
				if code != 1 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
			})
		}
	})
	if t.Failed() {
		return
	}
	entries, _ := os.ReadDir(runs[0])
	if len(entries) != len(formats.Names()) {
		t.Errorf("%d files written for %d formats", len(entries), len(formats.Names()))
	}
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(runs[0], e.Name()))
		b, _ := os.ReadFile(filepath.Join(runs[1], e.Name()))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: empty or not reproducible", e.Name())
		}
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
	}
	b, err := os.ReadFile(filepath.Join(runs[0], "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &suites); err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if b, err := os.ReadFile(filepath.Join(runs[0], "report.json")); err != nil {
		t.Fatal(err)
	} else if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	s := rep["summary"].(map[string]any)
	if suites.Tests != int(s["controls"].(float64)) || suites.Failures != int(s["fail"].(float64)) || suites.Errors != int(s["insufficient_evidence"].(float64)) {
		t.Errorf("JUnit counts %+v do not match the summary %v", suites, s)
	}
	md, _ := os.ReadFile(filepath.Join(runs[0], "summary.md"))
	for _, id := range []string{"HD-02", "DR-01", "AU-03"} {
		if !bytes.Contains(md, []byte(id)) {
			t.Errorf("summary.md lacks the failing control %s", id)
		}
	}
}
