package vendorio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/assure-dev/assure/internal/problem"
)

// Row is one CSV row whose columns are found by header name, ignoring case,
// surrounding spaces and repeated inner spaces. Repeated headers (Jira's
// Labels, Entra's "Incoming token type") keep every value.
type Row struct {
	Line    int
	columns map[string][]int
	values  []string
}

// NormaliseHeader is how header names are compared. (A byte-order mark is
// gone already: OpenCSV drops it.)
func NormaliseHeader(h string) string {
	return strings.ToLower(strings.Join(strings.Fields(h), " "))
}

// Get returns the first non-empty value among the columns with any of the
// given names, trimmed.
func (r *Row) Get(names ...string) string {
	for _, n := range names {
		for _, i := range r.columns[NormaliseHeader(n)] {
			if v := strings.TrimSpace(r.values[i]); v != "" {
				return v
			}
		}
	}
	return ""
}

// All returns every non-empty value of the columns with the given names.
func (r *Row) All(names ...string) []string {
	var out []string
	for _, n := range names {
		for _, i := range r.columns[NormaliseHeader(n)] {
			if v := strings.TrimSpace(r.values[i]); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// Column names, for a message about a value, the column it came from: the
// first of names holding a value, else the first the header has, else the
// first name.
func (r *Row) Column(names ...string) string {
	for _, n := range names {
		if r.Get(n) != "" {
			return n
		}
	}
	for _, n := range names {
		if r.Has(n) {
			return n
		}
	}
	return names[0]
}

// Has reports whether the header names any of the columns.
func (r *Row) Has(names ...string) bool {
	for _, n := range names {
		if len(r.columns[NormaliseHeader(n)]) > 0 {
			return true
		}
	}
	return false
}

// Header describes a CSV header for checks before the rows are read.
type Header struct {
	columns map[string][]int
}

// Has reports whether the header names any of the columns.
func (h Header) Has(names ...string) bool {
	for _, n := range names {
		if len(h.columns[NormaliseHeader(n)]) > 0 {
			return true
		}
	}
	return false
}

// CSVRows reads a CSV export with a header row, opened by OpenCSV. check,
// when not nil, sees the header first and may reject it (a missing key
// column, say) with an error that is reported at line 1. Then emit is called
// for every row.
func CSVRows(r io.Reader, check func(Header) error, emit func(*Row) bool) error {
	cr, _, err := OpenCSV(r)
	if err != nil {
		return err
	}
	cr.FieldsPerRecord = -1 // portal exports pad or trim trailing columns
	cr.LazyQuotes = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return csvError(err)
	}
	cols := map[string][]int{}
	for i, h := range header {
		n := NormaliseHeader(h)
		cols[n] = append(cols[n], i)
	}
	if check != nil {
		if err := check(Header{columns: cols}); err != nil {
			var e *problem.Problem
			if errors.As(err, &e) {
				return e
			}
			return &problem.Problem{Line: 1, Msg: err.Error()}
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := cr.FieldPos(0)
		values := make([]string, len(header))
		copy(values, rec)
		if !emit(&Row{Line: line, columns: cols, values: values}) {
			return nil
		}
	}
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &problem.Problem{Line: pe.Line, Msg: "bad CSV: " + pe.Err.Error() + " (want fields that contain quotes, commas or line breaks quoted, with the quotes inside them doubled)"}
	}
	var e *problem.Problem
	if errors.As(err, &e) {
		return e
	}
	return err
}

// MsgLineTooLong is the one wording for a line longer than MaxRecord, whatever
// the format.
const MsgLineTooLong = "line is longer than 1 MiB; want one record per line"

// LineCap fails, with a *problem.Problem at the line, once a line grows past
// MaxRecord, so that a file without newlines cannot make a decoder buffer it
// whole. Line says which line the reading has reached.
type LineCap struct {
	r       io.Reader
	line    int // current line, 1-based
	pending int // bytes since the last newline
}

// NewLineCap caps the lines of r.
func NewLineCap(r io.Reader) *LineCap { return &LineCap{r: r, line: 1} }

// Line is the line the reading has reached, 1-based.
func (c *LineCap) Line() int { return c.line }

func (c *LineCap) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			c.line++
			c.pending = 0
			continue
		}
		c.pending++
		if c.pending > MaxRecord {
			return 0, &problem.Problem{Line: c.line, Msg: MsgLineTooLong}
		}
	}
	return n, err
}

// MissingColumn is the error for a header without a key column.
func MissingColumn(name string, alternatives ...string) error {
	msg := fmt.Sprintf("missing column %q", name)
	if len(alternatives) > 0 {
		msg += fmt.Sprintf(" (or %s)", strings.Join(quoteAll(alternatives), ", "))
	}
	return &problem.Problem{Line: 1, Msg: msg + "; want the export's header row with it"}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// RequireColumns returns a header check for CSVRows: each argument lists the
// names one key column may go by, and a header without any of them is
// rejected at line 1 naming the first.
func RequireColumns(keys ...[]string) func(Header) error {
	return func(h Header) error {
		for _, names := range keys {
			if !h.Has(names...) {
				return MissingColumn(names[0], names[1:]...)
			}
		}
		return nil
	}
}
