package evidence

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/assure-dev/assure/internal/redact"
)

// labelAdapter skips one record per label of labels, ignoring the file:
// the labels are generated in the test, not kept in the repository.
func labelAdapter(labels []string, notOfKind func(i int) bool) Adapter {
	return Adapter{Format: "fake-labels", Kinds: []Kind{Devices}, Decode: func(_ io.Reader, _ Kind, emit func(Item) bool) error {
		for i, l := range labels {
			if !emit(Item{Line: i + 1, Skip: l, NotOfKind: notOfKind(i)}) {
				return nil
			}
		}
		for i := range 30 {
			if !emit(Item{Note: fmt.Sprintf("note %d about jane.doe@example.test", i)}) {
				return nil
			}
		}
		return nil
	}}
}

const labelManifest = `organization = "X"
period = { start = 2026-07-01, end = 2026-09-30 }
[[source]]
kind = "devices"
path = "export.json"
format = "fake-labels"
`

func loadLabels(t *testing.T, labels []string, notOfKind func(int) bool) *SourceStats {
	t.Helper()
	f := fakeFolder(map[string]string{"evidence.toml": labelManifest, "export.json": "{}"})
	set, err := Load(f, NewFormats(labelAdapter(labels, notOfKind)))
	if err != nil {
		t.Fatal(err)
	}
	return set.Sources[0]
}

// TestSkipLabelsShowNoPersonalData: a label that looks like personal data,
// holds control characters or is free text of any length is counted, but
// under SkipWithheld; vocabulary labels are counted under their own.
func TestSkipLabelsShowNoPersonalData(t *testing.T) {
	t.Parallel()
	labels := []string{
		"user.session.end", "user.session.end", "Update user",
		"jane.doe@example.test", "Update user jane.doe@example.test", "Sync DESKTOP-4F2K9QJ", "device 00:1A:2B:3C:4D:5E",
		"call +44 20 7946 0958", "Update \x1b[31muser", "Update user\u202e", strings.Repeat("A", 300_000),
		"class 3001", "class 3001",
	}
	st := loadLabels(t, labels, func(i int) bool { return i >= len(labels)-2 })
	want := map[string]int{"user.session.end": 2, "Update user": 1, SkipWithheld: 8, "class 3001": 2}
	if fmt.Sprint(st.Skipped) != fmt.Sprint(want) {
		t.Errorf("Skipped = %v\nwant      %v", st.Skipped, want)
	}
	if !st.NotOfKind["class 3001"] || st.NotOfKind[SkipWithheld] {
		t.Errorf("NotOfKind = %v", st.NotOfKind)
	}
	for _, n := range st.Notes {
		if strings.Contains(n, "@") {
			t.Errorf("note %q holds an e-mail address", n)
		}
	}
	if len(st.Notes) != MaxNotes+1 || !strings.Contains(st.Notes[MaxNotes], "left out") {
		t.Errorf("%d notes, want %d and one saying the rest were left out", len(st.Notes), MaxNotes)
	}
}

// TestSkipLabelsAreBounded: 50,000 distinct labels — an export whose
// activity names carry a per-record value — are counted under at most
// MaxSkipLabels of their own plus the other-labels, so the report, validate
// and the PDF appendix list a bounded number whatever the export. The map is
// the only thing that grew with the labels, so its size is the bound.
func TestSkipLabelsAreBounded(t *testing.T) {
	t.Parallel()
	const n = 50_000
	labels := make([]string, n)
	for i := range labels {
		labels[i] = fmt.Sprintf("Custom activity %c%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i/17576%26)
	}
	st := loadLabels(t, labels, func(i int) bool { return i%2 == 1 })
	if len(st.Skipped) > MaxSkipLabels+len(otherLabels) || st.labels() != MaxSkipLabels {
		t.Fatalf("%d labels (%d of their own), want at most %d of their own", len(st.Skipped), st.labels(), MaxSkipLabels)
	}
	total := 0
	for l, c := range st.Skipped {
		total += c
		if utf8.RuneCountInString(l) > redact.MaxLabelLength {
			t.Errorf("label of %d runes", utf8.RuneCountInString(l))
		}
	}
	if total != n || st.Skipped[SkipOther]+st.Skipped[NotOfKindOther] != n-MaxSkipLabels {
		t.Errorf("counted %d records (%d other, %d other record types), want %d", total, st.Skipped[SkipOther], st.Skipped[NotOfKindOther], n)
	}
	if !st.NotOfKind[NotOfKindOther] || st.NotOfKind[SkipOther] {
		t.Errorf("NotOfKind = %v: the two other-labels keep records of the kind and not of it apart", st.NotOfKind)
	}
}

// BenchmarkSkipLabels counts a source of a million skipped records, each
// under a label of its own, as a year of an audit log whose activity names
// carry a per-record value would give: the labels kept stay at
// MaxSkipLabels plus the other-labels, and the memory that stays after the
// reading does not grow with the labels (go test -bench SkipLabels
// -benchmem ./evidence).
func BenchmarkSkipLabels(b *testing.B) {
	const n = 1_000_000
	labels := make([]string, n)
	for i := range labels {
		labels[i] = fmt.Sprintf("Custom activity %d", i)
	}
	for b.Loop() {
		st := &SourceStats{}
		for i, l := range labels {
			st.skip(l, i%2 == 0)
		}
		if len(st.Skipped) > MaxSkipLabels+len(otherLabels) {
			b.Fatalf("%d labels kept", len(st.Skipped))
		}
		b.ReportMetric(float64(len(st.Skipped)), "labels-kept")
	}
	b.ReportMetric(n, "records")
}
