package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"runtime"
	"testing"

	"github.com/assure-dev/assure/report"
)

// A PDF that carries its report.json gives back the JSON and the options
// it was rendered with, and rendering again with them gives the same bytes:
// that is how verify knows the pages were rendered from that JSON.
func TestTwinRoundTrip(t *testing.T) {
	t.Parallel()
	r := loadSample(t)
	twin := []byte(`{"marker": "twin"}`)
	for _, o := range []Options{
		{JSON: twin},
		{JSON: twin, Paper: "letter", SigningKey: "SHA256:k3y (from report.json.sig, not checked here: run assure verify)"},
	} {
		b, err := Render(r, o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Twin(b)
		if err != nil {
			t.Fatal(err)
		}
		want := o
		if want.Paper == "" {
			want.Paper = "a4"
		}
		if !bytes.Equal(got.JSON, twin) || got.Paper != want.Paper || got.SigningKey != o.SigningKey {
			t.Errorf("Twin gave %q, %q, %q; want %q, %q, %q", got.JSON, got.Paper, got.SigningKey, twin, want.Paper, o.SigningKey)
		}
		again, err := Render(r, got)
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("rendering again with the recorded options gives other bytes (%v)", err)
		}
	}
	plain, err := Render(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Twin(plain); err == nil {
		t.Error("a PDF without an attachment gave a twin")
	}
}

// Damaged PDFs are errors, never panics.
func TestTwinOfDamagedPDFs(t *testing.T) {
	t.Parallel()
	b, err := Render(loadSample(t), Options{JSON: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	for cut := 0; cut < len(b); cut += len(b) / 97 {
		Twin(b[:cut])
		damaged := bytes.Clone(b)
		damaged[cut] ^= 0xff
		Twin(damaged)
	}
}

// An attachment that inflates past report.MaxJSONSize is refused without
// holding it: 32 MiB of zeros in 32 KiB of zlib. Not parallel, so that the
// allocation counted is this test's alone.
func TestTwinBombIsBounded(t *testing.T) {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	chunk := make([]byte, 1<<20)
	for range 2 * report.MaxJSONSize / len(chunk) {
		w.Write(chunk)
	}
	w.Close()
	bomb := fmt.Appendf(nil, "%%PDF-1.4\n<< /Type /EmbeddedFile /Length %d >>\n\nstream\n%s\nendstream\n", z.Len(), z.Bytes())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Twin(bomb)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Error("an attachment inflating past report.MaxJSONSize was read")
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<20 {
		t.Errorf("refusing the bomb allocated %d KiB; want under 1 MiB", grown>>10)
	}
}

func FuzzTwin(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n<< /Type /EmbeddedFile /Length 3 >>\n\nstream\nabc\nendstream\n"))
	f.Add([]byte("%PDF-1.4\n<< /Type /EmbeddedFile /Length 99999999999 >>\n\nstream\n"))
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Twin(b)
	})
}
