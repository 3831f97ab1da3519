package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/redact"
)

// attackSecrets are what the attack folder hides in its Entra audit log's
// activity names: an e-mail address, a device name, an ESC sequence and a
// 300,000-character value.
var attackSecrets = []string{"jane.doe@harrowgate.example", "DESKTOP-4F2K9QJ", "\x1b[31m", strings.Repeat("A", 300_000)}

// attackOrganization is the attack folder's organisation name: an ESC
// sequence that clears the screen, a carriage return, a right-to-left
// override, a bare URL and an @mention.
const attackOrganization = `Harrowgate\u001b[2J\rDesign\u202e Studio https://evil.example/x @security-team`

// attackFolder copies the Entra, Jamf and Jira vendor fixture, renames its
// organisation attackOrganization and appends a page to its Entra audit log
// whose activity names are attackSecrets and labels distinct ones (an
// activity name carrying a per-record value). Each is skipped as an
// activity the programme does not use, which is how a label reaches the
// report. Everything is generated here; the repository holds none of it.
func attackFolder(t *testing.T, labels int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "evidence")
	if err := os.CopyFS(dir, os.DirFS(oracleFixture("vendors/entra-jamf-jira"))); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "evidence.toml")
	m, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	m = bytes.Replace(m, []byte(`organization = "Harrowgate Design Studio"`), []byte(`organization = "`+attackOrganization+`"`), 1)
	if err := os.WriteFile(manifest, m, 0o644); err != nil {
		t.Fatal(err)
	}
	audit := filepath.Join(dir, "entra-audit.json.gz")
	f, err := os.Open(audit)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	f.Close()
	names := append([]string{}, attackSecrets...)
	for i := range labels {
		names = append(names, fmt.Sprintf("Custom activity %c%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i/17576%26))
	}
	var page struct {
		Value []map[string]any `json:"value"`
	}
	for i, n := range names {
		page.Value = append(page.Value, map[string]any{"id": fmt.Sprintf("attack-%d", i), "category": "UserManagement", "activityDisplayName": n, "result": "success"})
	}
	b, _ := json.Marshal(page)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(raw.Bytes())
	zw.Write([]byte("\n"))
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(audit, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLabelAttack reproduces issue 12 end to end. Before, this folder wrote
// a report.json of 1.9 MB listing 50,013 skip labels (the e-mail address,
// the device name and the ESC sequence among them), OSCAL of 10.1 MB and a
// 188-page PDF, and printed the organisation's ESC and CR to the terminal.
// Now the labels are bounded (evidence.MaxSkipLabels), the report is the
// size of the fixture's own, the PDF has the fixture's page count, and no
// output holds a control character, an autolinking URL or a mention.
func TestLabelAttack(t *testing.T) {
	t.Parallel()
	const labels = 50_000
	dir := attackFolder(t, labels)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, nil, "assess", "--evidence", dir, "--out", out, "--format", "json,pdf,oscal,junit,markdown,csv")
	if code != exitGate {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitGate, stdout, stderr)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	js, pdfBytes, md := read("report.json"), read("report.pdf"), string(read("summary.md"))

	// bounded: the fixture alone gives 127 kB, 23 pages
	if len(js) > 200_000 || len(read("assessment-results.json")) > 500_000 {
		t.Errorf("report.json %d bytes, OSCAL %d bytes: not bounded by the labels", len(js), len(read("assessment-results.json")))
	}
	if pages := bytes.Count(pdfBytes, []byte("/Type /Page\n")); pages > 25 {
		t.Errorf("the PDF has %d pages, want the fixture's 23 or so", pages)
	}
	var rep struct {
		Organization string `json:"organization"`
		Evidence     []struct {
			Format  string         `json:"format"`
			Skipped map[string]int `json:"skipped"`
		} `json:"evidence"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Evidence {
		if e.Format != "entra-audit" {
			continue
		}
		if len(e.Skipped) > evidence.MaxSkipLabels+2 || e.Skipped[evidence.NotOfKindWithheld] != len(attackSecrets) {
			t.Errorf("entra-audit skipped under %d labels, %d withheld; want at most %d, %d", len(e.Skipped), e.Skipped[evidence.NotOfKindWithheld], evidence.MaxSkipLabels+2, len(attackSecrets))
		}
	}

	// the organisation's name keeps its words and loses its controls
	if rep.Organization != "Harrowgate[2J Design Studio https://evil.example/x @security-team" {
		t.Errorf("report.json organization %q", rep.Organization)
	}
	if !strings.HasPrefix(stdout, "Harrowgate[2J Design Studio https://evil.example/x @security-team, 2026-07-01 to 2026-09-30\n") {
		t.Errorf("terminal summary starts %q", stdout[:min(len(stdout), 120)])
	}
	if !strings.Contains(md, "https:\u2060//evil.example/x @\u2060security-team") || strings.Contains(md, "https://evil") || strings.Contains(md, "@security") {
		t.Errorf("summary.md links or mentions: %q", md[:min(len(md), 300)])
	}
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "summary.md": md, "report.json": string(js)} {
		// a line feed ends a line, and summary.md's word joiners are its own
		if i := strings.IndexFunc(text, func(r rune) bool { return redact.IsControl(r) && r != '\n' && r != '\u2060' }); i >= 0 {
			t.Errorf("%s holds control character U+%04X", name, []rune(text[i:])[0])
		}
	}
}

// attackLeaks are what TestNoPersonalData looks for in the outputs of the
// attack folder besides the identifiers of its CSV files. (Control
// characters are TestLabelAttack's: a compressed PDF stream holds any byte.)
func attackLeaks() []string {
	return []string{attackSecrets[0], attackSecrets[1], attackSecrets[3][:80], `\u001b`}
}
