package pdf

import (
	"strings"
	"testing"

	"github.com/assure-dev/assure/internal/redact"
)

// TestControlCharactersNeverReachFpdf renders names holding ESC, CR, C1
// controls, bidirectional overrides and zero-width characters, without the
// report being cleaned first (as report.Decode and the assessment do): the
// PDF's own text layer (clean, which the title and bookmarks also go
// through) drops them, so none is drawn, and the words around them stay.
func TestControlCharactersNeverReachFpdf(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	r.Organization = "Acme\x1b[2J\rHealth\u202egnp\u2066x\u2069\u200b\u009b"
	r.Controls[0].Finding = "app pay\u202eroll\x1b[31m fails"
	r.Controls[0].Status = "fail"
	b := render(t, r, Options{Paper: "a4"})
	_, pages := extract(t, b)
	var all strings.Builder
	for _, pg := range pages {
		all.WriteString(joinPage(pg))
	}
	text := all.String()
	for _, c := range text {
		if redact.IsControl(c) {
			t.Fatalf("the PDF text holds U+%04X", c)
		}
	}
	if !strings.Contains(text, "Acme[2J Healthgnpx") {
		t.Errorf("the organisation's words are not on the cover")
	}
}
