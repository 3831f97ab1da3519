package pdf

import (
	"bytes"
	"strings"
	"testing"
)

// TestJSONTwinAndSigningKey: the JSON twin travels inside the PDF as an
// attachment, and the cover names the key that signed it.
func TestJSONTwinAndSigningKey(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	twin := []byte(`{"schema_version": "1", "marker": "json-twin-attachment"}`)
	cases := []struct {
		name   string
		opts   Options
		embeds bool
		cover  string
	}{
		{"signed, with the twin", Options{JSON: twin, SigningKey: "SHA256:k3yFingerPr1nt"}, true, "signed with key SHA256:k3yFingerPr1nt"},
		{"unsigned, without the twin", Options{}, false, "not attached; not signed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b, err := Render(r, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.Contains(b, []byte("/Type /EmbeddedFile ")); got != c.embeds {
				t.Errorf("embedded file present = %v, want %v", got, c.embeds)
			}
			_, pages := extract(t, b)
			if cover := joinPage(pages[0]); !strings.Contains(cover, c.cover) {
				t.Errorf("cover lacks %q", c.cover)
			}
			again, _ := Render(r, c.opts)
			if !bytes.Equal(b, again) {
				t.Error("not reproducible with an attachment")
			}
		})
	}
}
