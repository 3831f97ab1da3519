// Package formats is the one registry of a report's output formats: each
// format's name (the --format value), the file it is written to and the
// function that renders it from the report. `assure assess` and `assure
// render` both render through it, so a format re-rendered from a saved
// report.json is the file the assessment wrote.
package formats

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/junit"
	"github.com/assure-dev/assure/report/markdown"
	"github.com/assure-dev/assure/report/oscal"
	"github.com/assure-dev/assure/report/pdf"
	"github.com/assure-dev/assure/report/riskcsv"
	"github.com/assure-dev/assure/signing"
)

// Format is one output format.
type Format struct {
	Name string // the --format value
	File string // the file it is written to
	// Render draws the report; JSON is the exact report.json bytes the
	// format derives from.
	Render func(r *report.Report, json []byte, o Options) ([]byte, error)
}

// Options tune the rendering.
type Options struct {
	Paper string // PDF paper size: "a4" (when empty) or "letter"
	// SigningKey names the key that signed report.json, for the PDF cover;
	// empty when the report is not signed.
	SigningKey string
}

// SignatureFile is the detached signature of report.json.
const SignatureFile = "report.json.sig"

// all lists the formats. JSON comes first: every other format derives from
// it, and the PDF carries its SHA-256 and the JSON itself.
var all = []Format{
	{"json", "report.json", func(_ *report.Report, js []byte, _ Options) ([]byte, error) { return js, nil }},
	{"pdf", "report.pdf", func(r *report.Report, js []byte, o Options) ([]byte, error) {
		sum := sha256.Sum256(js)
		return pdf.Render(r, pdf.Options{Paper: o.Paper, JSONSHA256: hex.EncodeToString(sum[:]), JSON: js, SigningKey: o.SigningKey})
	}},
	{"oscal", oscal.FileName, pure(oscal.Render)},
	{"junit", junit.FileName, pure(junit.Render)},
	{"markdown", markdown.FileName, pure(markdown.Render)},
	{"csv", riskcsv.FileName, pure(riskcsv.Render)},
}

func init() {
	seen := map[string]bool{}
	for _, f := range all {
		if seen[f.Name] || seen[f.File] {
			panic("formats: " + f.Name + " or " + f.File + " is registered twice")
		}
		seen[f.Name], seen[f.File] = true, true
	}
}

// pure adapts a renderer that needs nothing but the report.
func pure(render func(*report.Report) ([]byte, error)) func(*report.Report, []byte, Options) ([]byte, error) {
	return func(r *report.Report, _ []byte, _ Options) ([]byte, error) { return render(r) }
}

// Default is the --format list when none is given.
const Default = "json,pdf"

// Names lists the formats in registry order.
func Names() []string {
	out := make([]string, len(all))
	for i, f := range all {
		out[i] = f.Name
	}
	return out
}

// Lookup returns the format of a name.
func Lookup(name string) (Format, bool) {
	i := slices.IndexFunc(all, func(f Format) bool { return f.Name == name })
	if i < 0 {
		return Format{}, false
	}
	return all[i], true
}

// Parse reads a comma list of format names, case and spaces ignored, each
// once, in the order given. Its errors read after the flag's name:
// `"docx": unknown format (want ...)`.
func Parse(list string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if _, ok := Lookup(f); !ok {
			return nil, fmt.Errorf("%q: unknown format (want a comma list of: %s)", f, strings.Join(Names(), ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("is empty (want a comma list of: %s)", strings.Join(Names(), ", "))
	}
	return out, nil
}

// File is one rendered output.
type File struct {
	Name string
	Data []byte
}

// Render renders the named formats from the report and its report.json
// bytes, every file before any is written, so that a rendering error leaves
// no partial set. With a key, report.json.sig is made over the JSON bytes and
// report.json is always among the files.
func Render(r *report.Report, js []byte, names []string, o Options, key ed25519.PrivateKey) ([]File, error) {
	var out []File
	if key != nil {
		out = append(out, File{SignatureFile, signing.Sign(js, key)})
		if !slices.Contains(names, "json") {
			names = append([]string{"json"}, names...)
		}
		if o.SigningKey == "" {
			o.SigningKey = signing.Fingerprint(key.Public().(ed25519.PublicKey))
		}
	}
	for _, n := range names {
		f, ok := Lookup(n)
		if !ok {
			return nil, fmt.Errorf("unknown format %q", n)
		}
		b, err := f.Render(r, js, o)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", f.File, err)
		}
		out = append(out, File{f.File, b})
	}
	return out, nil
}
