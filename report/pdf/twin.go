package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/assure-dev/assure/report"
)

// MaxSize is the most a PDF may be for Twin to read it back. The sample
// organisation's PDF is 165 KB; a report's PDF grows with its controls and
// evidence files, not with the records read.
const MaxSize = 64 << 20

// optionsFile is the second attachment of a PDF that carries its
// report.json: the options its pages were rendered with, which a report
// cannot hold (the paper size, the cover's note on the signing key), so
// that the pages can be rendered again and compared byte for byte.
const optionsFile = "render-options.json"

// recorded is the content of optionsFile.
type recorded struct {
	Paper      string `json:"paper"`
	SigningKey string `json:"signing_key"`
}

// recordOptions encodes the options the pages are rendered with.
func recordOptions(o Options) []byte {
	paper := o.Paper
	if paper == "" {
		paper = Papers()[0]
	}
	b, _ := json.Marshal(recorded{Paper: paper, SigningKey: o.SigningKey}) // two strings cannot fail
	return append(b, '\n')
}

// errNoTwin: the PDF carries no report.json and options as Render attaches them.
var errNoTwin = errors.New("it carries no report.json and render options as assure attaches them: not a PDF assure rendered, or one rendered before PDFs recorded how they were made")

// Twin reads back what a PDF that Render wrote with Options.JSON carries:
// the report.json bytes it embeds and the options its pages were rendered
// with. Rendering the decoded report with the Options returned gives the
// same bytes again exactly when the pages were rendered from that
// report.json; Twin itself checks only that the attachments are there. It
// reads at most MaxSize bytes of PDF and inflates at most
// report.MaxJSONSize bytes of an attachment, and never panics.
func Twin(b []byte) (Options, error) {
	if len(b) > MaxSize {
		return Options{}, fmt.Errorf("%d bytes, more than the %d a PDF assure reads back may be", len(b), MaxSize)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return Options{}, errors.New("not a PDF (it does not start with %PDF-)")
	}
	files, err := embedded(b, 3)
	if err != nil {
		return Options{}, err
	}
	if len(files) != 2 {
		return Options{}, errNoTwin
	}
	var rec recorded
	dec := json.NewDecoder(bytes.NewReader(files[1]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil || !slices.Contains(Papers(), rec.Paper) {
		return Options{}, fmt.Errorf("its %s attachment is not one assure writes", optionsFile)
	}
	return Options{Paper: rec.Paper, SigningKey: rec.SigningKey, JSON: files[0]}, nil
}

// embedded inflates, in the order written, up to max embedded files of a
// PDF written by fpdf: "<< /Type /EmbeddedFile /Length N ... >>", an empty
// line, a line "stream", N bytes of zlib data, a line "endstream".
func embedded(b []byte, max int) ([][]byte, error) {
	marker := []byte("<< /Type /EmbeddedFile /Length ")
	start := []byte("\nstream\n")
	var out [][]byte
	for rest := b; len(out) < max; {
		i := bytes.Index(rest, marker)
		if i < 0 {
			break
		}
		rest = rest[i+len(marker):]
		digits := 0
		for digits < len(rest) && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9' {
			digits++
		}
		n, err := strconv.Atoi(string(rest[:digits]))
		j := bytes.Index(rest[:min(len(rest), 512)], start)
		if err != nil || j < 0 {
			return nil, errNoTwin
		}
		rest = rest[j+len(start):]
		if n > len(rest) || !bytes.HasPrefix(rest[n:], []byte("\nendstream")) {
			return nil, errNoTwin
		}
		content, err := inflate(rest[:n], report.MaxJSONSize)
		if err != nil {
			return nil, err
		}
		out = append(out, content)
		rest = rest[n:]
	}
	return out, nil
}

// inflate undoes FlateDecode, refusing more than limit bytes of output.
// It inflates twice: once to count, so that a small stream inflating to
// much more than limit is refused without holding any of it, and once into
// a buffer of the exact size.
func inflate(b []byte, limit int64) ([]byte, error) {
	n, err := inflateTo(io.Discard, b, limit+1)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("an attachment inflates to more than %d bytes, the most a report.json may be", limit)
	}
	out := bytes.NewBuffer(make([]byte, 0, n))
	if _, err := inflateTo(out, b, n); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// inflateTo writes at most max inflated bytes of b to w and counts them.
func inflateTo(w io.Writer, b []byte, max int64) (int64, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return 0, errors.New("an attachment is not FlateDecode data: the PDF is damaged")
	}
	defer zr.Close()
	n, err := io.Copy(w, io.LimitReader(zr, max))
	if err != nil {
		return 0, errors.New("an attachment is damaged: " + err.Error())
	}
	return n, nil
}
