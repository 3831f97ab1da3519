package report

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/assure-dev/assure/schemas"
)

// MaxJSONSize is the most a report.json may be, and the most any command
// reads of one. A report summarises: it grows with the catalogue and the
// number of evidence files, not with the records read, and the largest of
// the scenarios' reports is 142 KB. JSON refuses to write a larger one, so
// every report written can be read back.
const MaxJSONSize = 16 << 20

// JSON renders the report as indented JSON and validates it against the
// published report schema, so a report that breaks the contract is never written.
func JSON(r *Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode report: %w", err)
	}
	if b.Len() > MaxJSONSize {
		return nil, fmt.Errorf("encode report: %d bytes, more than the %d a report.json may be (report.MaxJSONSize)", b.Len(), MaxJSONSize)
	}
	if err := ValidateJSON(b.Bytes()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ValidateJSON checks report.json bytes against the report schema.
func ValidateJSON(b []byte) error {
	set, err := schemas.Compiled()
	if err != nil {
		return err
	}
	v, err := schemas.DecodeJSON(b)
	if err != nil {
		return fmt.Errorf("report is not valid JSON: %w", err)
	}
	vs, err := set.Validate("report", v)
	if err != nil {
		return err
	}
	if len(vs) > 0 {
		return fmt.Errorf("report breaks its schema at %s: %s", vs[0].Pointer, vs[0].Message)
	}
	return nil
}

// Decode reads a report.json, validating it first, and cleans it (Clean): a
// report written by hand or by another tool is rendered as safely as one
// assess built.
func Decode(b []byte) (*Report, error) {
	if err := ValidateJSON(b); err != nil {
		return nil, err
	}
	var r Report
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	Clean(&r)
	return &r, nil
}
