package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/pdf"
)

// ForFile is the format written to a file name.
func ForFile(name string) (Format, bool) {
	i := slices.IndexFunc(all, func(f Format) bool { return f.File == name })
	if i < 0 {
		return Format{}, false
	}
	return all[i], true
}

// PDFTwin reads back the report.json bytes a PDF carries and the options
// its pages were rendered with.
func PDFTwin(data []byte) ([]byte, Options, error) {
	o, err := pdf.Twin(data)
	if err != nil {
		return nil, Options{}, err
	}
	return o.JSON, Options{Paper: o.Paper, SigningKey: o.SigningKey}, nil
}

// Check says whether data, the content of a set's file name, is what its
// format renders from the report r and its report.json bytes js: the file
// report.json is js itself; report.pdf carries js and its pages, rendered
// again with the options the PDF records, are the same bytes; every other
// format, rendered again, is the same bytes. It returns nil when that holds
// and an error saying what differs otherwise.
func Check(name string, data []byte, r *report.Report, js []byte) error {
	f, ok := ForFile(name)
	if !ok {
		return fmt.Errorf("%s is not a file a format is written to", name)
	}
	o := Options{}
	if f.Name == "json" {
		if !bytes.Equal(data, js) {
			return fmt.Errorf("it is another report.json (sha256 %s; this one is %s): it comes from another run", digest(data), digest(js))
		}
		return nil
	}
	if f.Name == "pdf" {
		twin, recorded, err := PDFTwin(data)
		if err != nil {
			return err
		}
		if !bytes.Equal(twin, js) {
			return fmt.Errorf("it carries another report.json (sha256 %s; this one is %s): it comes from another run", digest(twin), digest(js))
		}
		o = recorded
	}
	again, err := f.Render(r, js, o)
	if err != nil {
		return fmt.Errorf("render %s again: %w", name, err)
	}
	if !bytes.Equal(again, data) {
		if f.Name == "pdf" {
			return errors.New("its pages are not the ones rendered from the report.json it carries (rendered again with its recorded paper and cover options, the bytes differ)")
		}
		return errors.New("it is not what this report.json renders to (rendered again, the bytes differ): it was edited, or comes from another run")
	}
	return nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
